//! Reads in bulk: one principal calling an operation many times in a short window (EC2
//! `GetPasswordData`), or reading many distinct secrets, decrypted parameters or instances' user
//! data. Each is a sliding window over one principal's rows in time order; the thresholds are
//! the named constants below.

use super::rules::Context;
use super::Matched;
use crate::normalize::signals::SignalKind;
use hashbrown::HashMap;
use xxhash_rust::xxh3::xxh3_64;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

const MINUTE_MS: i64 = 60 * 1000;
/// `GetPasswordData` calls by one principal within [`PASSWORD_DATA_WINDOW_MS`] that make a burst.
pub const PASSWORD_DATA_CALLS: usize = 5;
/// The window of a `GetPasswordData` burst: 10 minutes.
pub const PASSWORD_DATA_WINDOW_MS: i64 = 10 * MINUTE_MS;
/// Distinct secrets one principal reads within [`BULK_WINDOW_MS`] that make a bulk read.
pub const BULK_SECRETS: usize = 10;
/// Distinct parameters one principal reads with decryption within [`BULK_WINDOW_MS`].
pub const BULK_DECRYPTED: usize = 10;
/// Distinct instances whose user data one principal reads within [`BULK_WINDOW_MS`].
pub const BULK_USER_DATA: usize = 5;
/// The window of a bulk read: one hour.
pub const BULK_WINDOW_MS: i64 = 60 * MINUTE_MS;

/// Rows of the windows in which one principal's `reads` (row, what it read) name at least
/// `min` distinct things within `window` milliseconds; `reads` are ascending by row.
fn bulk(context: &Context, reads: &[(u32, u64)], min: usize, window: i64) -> Vec<u32> {
    let c = &context.store.columns;
    let mut by_principal: FastMap<u32, Vec<(u32, u64)>> = FastMap::default();
    for &(row, read) in reads {
        by_principal
            .entry(c.principal.get(row as usize))
            .or_default()
            .push((row, read));
    }
    let mut rows = Vec::new();
    for list in by_principal.values() {
        let mut inside: FastMap<u64, usize> = FastMap::default();
        let (mut start, mut marked) = (0, 0);
        for end in 0..list.len() {
            *inside.entry(list[end].1).or_default() += 1;
            while c.time[list[end].0 as usize] - c.time[list[start].0 as usize] >= window {
                let read = list[start].1;
                let left = inside.get_mut(&read).map_or(0, |n| {
                    *n -= 1;
                    *n
                });
                if left == 0 {
                    inside.remove(&read);
                }
                start += 1;
            }
            if inside.len() >= min {
                rows.extend(list[start.max(marked)..=end].iter().map(|&(row, _)| row));
                marked = end + 1;
            }
        }
    }
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// The rows of `operations` of `source`, in order.
fn rows_of(context: &Context, source: &str, operations: &[&str]) -> Vec<u32> {
    let (c, d) = (&context.store.columns, &context.store.dict);
    let Some(source) = d.sources.find(source) else {
        return Vec::new();
    };
    let ops: Vec<u32> = operations.iter().filter_map(|o| d.operations.find(o)).collect();
    (0..c.len())
        .filter(|&i| c.source.get(i) as u32 == source && ops.contains(&u32::from(c.operation.get(i))))
        .map(|i| i as u32)
        .collect()
}

/// Bursts of EC2 `GetPasswordData`, denied or not: each call is counted.
pub fn password_data_bursts(context: &Context) -> Matched {
    let reads: Vec<(u32, u64)> = rows_of(context, "ec2.amazonaws.com", &["GetPasswordData"])
        .into_iter()
        .map(|row| (row, u64::from(row)))
        .collect();
    Matched::rows(bulk(context, &reads, PASSWORD_DATA_CALLS, PASSWORD_DATA_WINDOW_MS))
}

/// `GetSecretValue` of many distinct secrets by one principal, and every `BatchGetSecretValue`
/// (one call reads many).
pub fn secrets_in_bulk(context: &Context) -> Matched {
    let store = context.store;
    let reads: Vec<(u32, u64)> = rows_of(context, "secretsmanager.amazonaws.com", &["GetSecretValue"])
        .into_iter()
        .map(|row| {
            let secret = store.resources.column.of(row as usize).first();
            (row, secret.map_or(u64::MAX - u64::from(row), |&id| u64::from(id)))
        })
        .collect();
    let batch = rows_of(context, "secretsmanager.amazonaws.com", &["BatchGetSecretValue"]);
    Matched::rows(super::union(bulk(context, &reads, BULK_SECRETS, BULK_WINDOW_MS), batch))
}

/// Many distinct SSM parameters read with decryption by one principal: each name of a
/// `GetParameters` call counts, a path read counts once.
pub fn parameters_in_bulk(context: &Context) -> Matched {
    let reads: Vec<(u32, u64)> = context
        .signals_of(SignalKind::Decrypted)
        .flat_map(|s| s.target.split(", ").map(move |name| (s.row, xxh3_64(name.as_bytes()))))
        .collect();
    Matched::rows(bulk(context, &reads, BULK_DECRYPTED, BULK_WINDOW_MS))
}

/// Many instances' user data read by one principal.
pub fn user_data_in_bulk(context: &Context) -> Matched {
    let reads: Vec<(u32, u64)> = context
        .signals_of(SignalKind::UserDataRead)
        .map(|s| (s.row, xxh3_64(s.target.as_bytes())))
        .collect();
    Matched::rows(bulk(context, &reads, BULK_USER_DATA, BULK_WINDOW_MS))
}
