//! The rules that look at more than one row: bursts of denied calls, regions used for the first
//! time, long-term keys used from many addresses, instance credentials used elsewhere, and
//! principals new to Bedrock. Each is one pass over the columns with dense
//! or hashed per-id state; the thresholds are the named constants below.

use super::addresses::{Addresses, NONE};
use super::rules::Context;
use super::rules::Operations;
use super::Matched;
use crate::normalize::identity::IdentityType;
use crate::store::flags::Flags;
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

/// How long an account's baseline (for new regions and new Bedrock users) lasts after its start:
/// 24 hours.
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
        if denied[c.error.get(i) as usize] {
            by_principal.entry(c.principal.get(i)).or_default().push(i as u32);
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
    Matched {
        rows,
        detail,
        ..Matched::default()
    }
}

/// An account's baseline: until 24 hours after a tenth of that account's own dated events have
/// arrived, per account so that separate recordings loaded together are each judged against their
/// own beginning.
#[derive(Clone, Copy)]
pub struct Baseline {
    /// When it ends.
    end: i64,
    /// Whether the account has events after it: a history to compare with.
    history: bool,
}

/// Each account's baseline (`None` for an account without dated events); see
/// [`Context::baselines`], which keeps them for the rules that compare with them.
pub fn baselines(context: &Context) -> Vec<Option<Baseline>> {
    let store = context.store;
    let c = &store.columns;
    let accounts = store.dict.accounts.len();
    let mut events = vec![0usize; accounts];
    for i in store.undated()..c.len() {
        events[c.account.get(i) as usize] += 1;
    }
    let mut seen = vec![0usize; accounts];
    let mut baselines: Vec<Option<Baseline>> = vec![None; accounts];
    for i in store.undated()..c.len() {
        let a = c.account.get(i) as usize;
        if seen[a] == events[a] / BASELINE_START_SHARE {
            baselines[a] = Some(Baseline {
                end: c.time[i] + BASELINE_MS,
                history: false,
            });
        }
        if let Some(b) = baselines[a].as_mut() {
            b.history |= c.time[i] > b.end;
        }
        seen[a] += 1;
    }
    baselines
}

/// Rows of every (account, region) whose first event comes after the account's baseline (see
/// [`Baseline`]): a region one account always uses is still new to another. Nothing fires for
/// an account whose range ends within its baseline, since then there is nothing to compare
/// with; events without an account or a region are left out.
pub fn first_seen_regions(context: &Context) -> Matched {
    let store = context.store;
    let c = &store.columns;
    let dated = store.undated()..c.len();
    let baselines = context.baselines();
    let regions = store.dict.regions.len();
    let cell = |i: usize| c.account.get(i) as usize * regions + c.region.get(i) as usize;
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
        .map(|(cell, &t)| {
            let baseline = baselines[cell / regions];
            cell % regions != 0 && cell / regions != 0 && baseline.is_some_and(|b| b.history && t > b.end)
        })
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
    pairs.sort();
    let targets: Vec<String> = pairs.into_iter().map(|(_, p)| p).collect();
    let detail = (!targets.is_empty()).then(|| {
        format!(
            "{}, compared with each account's own first day in the loaded range",
            super::listed(&targets, 3)
        )
    });
    Matched { rows, detail, targets }
}

/// Whether a role session's name (the last part of its ARN) is an EC2 instance id, as the
/// sessions of instance profiles are named: `i-` and 8 or 17 hexadecimal digits.
fn names_an_instance(session: &str) -> bool {
    let name = session.rsplit('/').next().unwrap_or_default();
    name.strip_prefix("i-")
        .is_some_and(|hex| matches!(hex.len(), 8 | 17) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Rows where an instance profile's credentials (a session named after its instance) were used
/// from a public IP address that IAM users or root also used with their own keys (a person's
/// address, not the instance's), or from one other than the first their key was used from that no
/// other session of the same role used (so that a fleet sharing its NAT gateways' addresses stays
/// silent): credentials taken off the instance. Calls services make for the instance carry a
/// host name, and calls through VPC endpoints a private address: both come from inside AWS.
pub fn instance_credentials_elsewhere(context: &Context) -> Matched {
    let (c, d) = (&context.store.columns, &context.store.dict);
    let instance: Vec<bool> = d.sessions.iter().map(names_an_instance).collect();
    let mut addresses = Addresses::new(&d.ips);
    let mut people = vec![false; d.ips.len()];
    let mut rows = Vec::new();
    for i in 0..c.len() {
        let flags = Flags(c.flags[i]);
        if flags.via_service() || !addresses.public(c.ip.get(i)) {
            continue;
        }
        if instance[c.session.get(i) as usize] {
            rows.push(i);
        } else if matches!(flags.identity(), IdentityType::IamUser | IdentityType::Root) {
            people[c.ip.get(i) as usize] = true;
        }
    }
    // Per (role, IP): the one session that used it, or NONE once a second one did.
    let mut users: FastMap<(u32, u32), u32> = FastMap::default();
    for &i in &rows {
        let user = users
            .entry((c.principal.get(i), c.ip.get(i)))
            .or_insert(c.session.get(i));
        if *user != c.session.get(i) {
            *user = NONE;
        }
    }
    let mut first_ip: FastMap<u32, u32> = FastMap::default();
    let mut found = Vec::new();
    for i in rows {
        let first = *first_ip.entry(c.access_key.get(i)).or_insert(c.ip.get(i));
        let moved = first != c.ip.get(i) && users[&(c.principal.get(i), c.ip.get(i))] != NONE;
        if moved || people[c.ip.get(i) as usize] {
            found.push(i as u32);
        }
    }
    Matched::rows(found)
}

/// Rows of each principal's calls to `operations` when its first such call comes after its
/// account's baseline (see [`Baseline`]), or when the account's range is too short to hold a
/// history (a recording of an hour is all new): a principal starting to do what it never did.
fn new_callers(context: &Context, operations: Operations) -> Matched {
    let (c, d) = (&context.store.columns, &context.store.dict);
    let baselines = context.baselines();
    let Some(source) = d.sources.find(operations.0) else {
        return Matched::default();
    };
    let ops: Vec<u32> = operations.1.iter().filter_map(|o| d.operations.find(o)).collect();
    let calls: Vec<usize> = (context.store.undated()..c.len())
        .filter(|&i| c.source.get(i) as u32 == source && ops.contains(&u32::from(c.operation.get(i))))
        .collect();
    let mut first: FastMap<u32, i64> = FastMap::default();
    for &i in &calls {
        first.entry(c.principal.get(i)).or_insert(c.time[i]);
    }
    let new = |i: usize| {
        baselines[c.account.get(i) as usize].is_some_and(|b| !b.history || first[&c.principal.get(i)] > b.end)
    };
    Matched::rows(calls.into_iter().filter(|&i| new(i)).map(|i| i as u32).collect())
}

/// Bedrock models invoked by a principal new to them.
pub fn bedrock_new_invokers(context: &Context) -> Matched {
    const INVOKE: [&str; 4] = [
        "InvokeModel",
        "InvokeModelWithResponseStream",
        "Converse",
        "ConverseStream",
    ];
    new_callers(context, ("bedrock.amazonaws.com", &INVOKE))
}

/// Federation tokens asked for by a principal new to them.
pub fn federation_token_new_callers(context: &Context) -> Matched {
    new_callers(context, ("sts.amazonaws.com", &["GetFederationToken"]))
}

/// KMS keys scheduled for deletion or disabled by a principal new to it.
pub fn key_deletion_new_callers(context: &Context) -> Matched {
    new_callers(context, ("kms.amazonaws.com", &["ScheduleKeyDeletion", "DisableKey"]))
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
        let (key, ip) = (c.access_key.get(i) as usize, c.ip.get(i));
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
        .filter(|&i| flagged[c.access_key.get(i) as usize])
        .map(|i| i as u32)
        .collect();
    let mut pairs: HashSet<(u32, u32), foldhash::fast::FixedState> = HashSet::default();
    for &i in &rows {
        let ip = c.ip.get(i as usize);
        if addresses.holds(ip) {
            pairs.insert((c.access_key.get(i as usize), ip));
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
    let targets = keys.iter().map(|&(_, key)| key.to_string()).collect();
    Matched { rows, detail, targets }
}
