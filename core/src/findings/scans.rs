//! The rules that look at more than one row: bursts of denied calls, regions used for the first
//! time, long-term keys used from many addresses. Each is one pass over the columns with dense
//! or hashed per-id state; the thresholds are the named constants below.

use super::addresses::Addresses;
use super::rules::Context;
use super::Matched;
use crate::time::UNDATED;
use hashbrown::{HashMap, HashSet};

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Error codes that mean "not allowed", across services (S3 and IAM, most JSON APIs, EC2 and its
/// older `Client.` spelling, and the spellings of a few others such as SNS).
pub const DENIED_ERRORS: [&str; 7] = [
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "Client.UnauthorizedOperation",
    "UnauthorizedAccess",
    "UnauthorizedException",
    "AuthorizationError",
];
/// Denied calls by one principal within [`BURST_WINDOW_MS`] that make a burst.
pub const BURST_MIN_DENIALS: usize = 10;
/// The window of a burst: 5 minutes.
pub const BURST_WINDOW_MS: i64 = 5 * 60 * 1000;

/// How long the first-seen-region rule's baseline lasts after its start: 24 hours.
pub const BASELINE_MS: i64 = 24 * 3600 * 1000;
/// Where the baseline starts: once a tenth of the dated events have arrived. Counted in events,
/// not time, so that a few stray old events (documentation examples, an old export dropped with
/// this week's trail) cannot stretch the baseline over years and hide every region.
pub const BASELINE_START_SHARE: usize = 10;

/// A long-term key fires when used from more distinct source IP addresses than this.
pub const MAX_KEY_ADDRESSES: usize = 5;

/// Rows of every window of [`BURST_WINDOW_MS`] in which one principal had at least
/// [`BURST_MIN_DENIALS`] denied calls (undated rows have no place in a window).
pub fn access_denied_bursts(context: &Context) -> Matched {
    let store = context.store;
    let c = &store.columns;
    let denied = super::denied_errors(&store.dict.errors);
    let mut by_principal: FastMap<u32, Vec<u32>> = FastMap::default();
    for i in store.undated()..c.len() {
        if denied[c.error[i] as usize] {
            by_principal.entry(c.principal[i]).or_default().push(i as u32);
        }
    }
    let mut rows = Vec::new();
    let (mut principals, mut most) = (0, 0);
    for list in by_principal.values() {
        let before = rows.len();
        let mut start = 0;
        let mut marked = 0;
        for end in 0..list.len() {
            let t = c.time[list[end] as usize];
            while t - c.time[list[start] as usize] >= BURST_WINDOW_MS {
                start += 1;
            }
            let inside = end - start + 1;
            if inside >= BURST_MIN_DENIALS {
                most = most.max(inside);
                rows.extend_from_slice(&list[start.max(marked)..=end]);
                marked = end + 1;
            }
        }
        principals += usize::from(rows.len() > before);
    }
    rows.sort_unstable();
    let detail = (principals > 0).then(|| {
        let s = if principals == 1 { "" } else { "s" };
        format!(
            "{principals} principal{s}; up to {most} denials in {} minutes",
            BURST_WINDOW_MS / 60_000
        )
    });
    Matched { rows, detail }
}

/// Rows of every (account, region) whose first event comes after the baseline: until 24 hours
/// after a tenth of the loaded events have arrived. Per account, because a region one
/// account always uses is still new to another. Nothing fires when the range ends within the
/// baseline, since then there is nothing to compare with; events without an account or a region
/// are left out.
pub fn first_seen_regions(context: &Context) -> Matched {
    let store = context.store;
    let c = &store.columns;
    let dated = store.undated()..c.len();
    let none = Matched {
        rows: Vec::new(),
        detail: None,
    };
    if dated.is_empty() {
        return none;
    }
    let baseline_end = c.time[dated.start + dated.len() / BASELINE_START_SHARE] + BASELINE_MS;
    let regions = store.dict.regions.len();
    let cell = |i: usize| c.account[i] as usize * regions + c.region[i] as usize;
    let mut first_seen = vec![UNDATED; store.dict.accounts.len() * regions];
    for i in dated.clone() {
        let seen = &mut first_seen[cell(i)];
        if *seen == UNDATED {
            *seen = c.time[i];
        }
    }
    let new: Vec<bool> = first_seen
        .iter()
        .enumerate()
        .map(|(cell, &t)| cell % regions != 0 && cell / regions != 0 && t > baseline_end)
        .collect();
    let rows: Vec<u32> = dated.filter(|&i| new[cell(i)]).map(|i| i as u32).collect();
    let mut pairs: Vec<(i64, String)> = new
        .iter()
        .enumerate()
        .filter(|&(_, &n)| n)
        .map(|(cell, _)| {
            let region = store.dict.regions.get((cell % regions) as u32);
            let account = store.dict.accounts.get((cell / regions) as u32);
            (first_seen[cell], format!("{region} in {account}"))
        })
        .collect();
    if pairs.is_empty() {
        return none;
    }
    pairs.sort();
    let shown: Vec<&str> = pairs.iter().take(3).map(|(_, p)| p.as_str()).collect();
    let more = pairs.len().saturating_sub(shown.len());
    let detail = if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    };
    Matched {
        rows,
        detail: Some(detail),
    }
}

/// Rows of every long-term access key (AKIA…) seen from more than [`MAX_KEY_ADDRESSES`]
/// distinct IP addresses (service host names such as `ec2.amazonaws.com` are not addresses).
/// Each key keeps the first few addresses it was seen from, so that the pass over all rows
/// compares a handful of ids instead of hashing; exact counts are made for the keys that fire.
pub fn keys_from_many_addresses(context: &Context) -> Matched {
    let (c, d) = (&context.store.columns, &context.store.dict);
    let long_term: Vec<bool> = d.access_keys.iter().map(|k| k.starts_with("AKIA")).collect();
    let mut addresses = Addresses::new(&d.ips);
    let mut seen: Vec<Vec<u32>> = vec![Vec::new(); d.access_keys.len()];
    for i in 0..c.len() {
        let (key, ip) = (c.access_key[i] as usize, c.ip[i]);
        let ips = &mut seen[key];
        if !long_term[key] || ips.len() > MAX_KEY_ADDRESSES || ips.contains(&ip) {
            continue;
        }
        if addresses.holds(ip) {
            ips.push(ip);
        }
    }
    let flagged: Vec<bool> = seen.iter().map(|ips| ips.len() > MAX_KEY_ADDRESSES).collect();
    let rows: Vec<u32> = (0..c.len())
        .filter(|&i| flagged[c.access_key[i] as usize])
        .map(|i| i as u32)
        .collect();
    let mut pairs: HashSet<(u32, u32), foldhash::fast::FixedState> = HashSet::default();
    for &i in &rows {
        let ip = c.ip[i as usize];
        if addresses.holds(ip) {
            pairs.insert((c.access_key[i as usize], ip));
        }
    }
    let mut addresses: FastMap<u32, usize> = FastMap::default();
    for &(key, _) in &pairs {
        *addresses.entry(key).or_default() += 1;
    }
    let mut keys: Vec<(usize, &str)> = addresses.iter().map(|(&key, &n)| (n, d.access_keys.get(key))).collect();
    keys.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let detail = keys.first().map(|&(n, key)| match keys.len() {
        1 => format!("{key} from {n} IPs"),
        k => format!("{k} keys; most: {key} from {n} IPs"),
    });
    Matched { rows, detail }
}
