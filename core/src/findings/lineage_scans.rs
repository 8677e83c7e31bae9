//! The rules that follow credentials from the call that issued them ([`crate::lineage`]): sessions
//! used away from the address that obtained them, roles assumed across accounts, new access keys
//! used where their creator never was, and long-term keys whose sessions spread over many
//! addresses. Each reads the issuances, then makes at most two passes over the rows with dense
//! per-key tables, hashing only the rows of the credentials it follows.

use super::rules::Context;
use super::scans::{Addresses, MAX_KEY_ADDRESSES};
use super::Matched;
use crate::lineage::downstream::MAX_DEPTH;
use crate::lineage::{Issuance, Via};
use crate::resources::extract::arn_account;
use crate::store::flags::Flags;
use hashbrown::{HashMap, HashSet};

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
type FastSet<T> = HashSet<T, foldhash::fast::FixedState>;

/// An empty cell of the per-key tables.
const NONE: u32 = u32::MAX;

/// The address row `i`'s call came from, when the credentials' holder made it: `None` for a call
/// an AWS service made on the holder's behalf (`invokedBy`) or from a service host name.
fn address_of(context: &Context, addresses: &mut Addresses, i: usize) -> Option<u32> {
    let c = &context.store.columns;
    let ip = c.ip[i];
    (!Flags(c.flags[i]).via_service() && addresses.holds(ip)).then_some(ip)
}

/// Sets `table[k] = mark` for every temporary key `k` issued with key `root` and, in turn, with
/// those, up to [`MAX_DEPTH`] levels; keys already marked are not followed again, so that a cycle
/// ends. Only keys used in the store have ids, so the count returned is of the used ones.
fn mark_sessions(context: &Context, root: u32, table: &mut [u32], mark: u32) -> usize {
    let keys = &context.store.dict.access_keys;
    let (mut level, mut marked) = (vec![root], 0);
    for _ in 0..MAX_DEPTH {
        let mut next = Vec::new();
        for &key in &level {
            let issued = context.lineage.issued_with(key);
            for record in issued.filter(|r| r.via.issues_temporary_key()) {
                match keys.find(&record.access_key) {
                    Some(child) if child != root && table[child as usize] == NONE => {
                        table[child as usize] = mark;
                        next.push(child);
                    }
                    _ => {}
                }
            }
        }
        if next.is_empty() {
            break;
        }
        marked += next.len();
        level = next;
    }
    marked
}

/// Up to three of `names`, sorted, then how many more.
fn listed(mut names: Vec<&str>) -> String {
    names.sort_unstable();
    let shown = names[..names.len().min(3)].join(", ");
    match names.len() {
        n if n > 3 => format!("{shown} and {} more", n - 3),
        _ => shown,
    }
}

/// The detail of a finding made of `items` `(weight, text)`: the one item, or how many `noun`
/// there are and the heaviest (ties by text).
fn summary(mut items: Vec<(usize, String)>, noun: &str) -> Option<String> {
    items.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    match items.len() {
        0 => None,
        1 => items.pop().map(|(_, text)| text),
        n => Some(format!("{n} {noun}; most: {}", items[0].1)),
    }
}

/// Rows of every temporary key (from AssumeRole*, GetSessionToken, GetFederationToken) used from
/// an address other than the one of the call that obtained it, with that call's rows. Keys an AWS
/// service obtained (instance profiles, function roles) or obtained from a service host name are
/// left out, and so are the calls services made with a key on its holder's behalf: neither says
/// where the holder was.
pub fn sessions_from_other_addresses(context: &Context) -> Matched {
    let (c, d) = (&context.store.columns, &context.store.dict);
    let mut addresses = Addresses::new(&d.ips);
    let mut obtained_from = vec![NONE; d.access_keys.len()];
    let mut issued: Vec<(u32, &Issuance)> = Vec::new();
    for record in context.lineage.records() {
        if !record.via.issues_temporary_key() {
            continue;
        }
        let Some(ip) = address_of(context, &mut addresses, record.row as usize) else {
            continue;
        };
        if let Some(key) = d.access_keys.find(&record.access_key) {
            obtained_from[key as usize] = ip;
            issued.push((key, record));
        }
    }
    if issued.is_empty() {
        return Matched::default();
    }
    let mut rows = Vec::new();
    let mut elsewhere: FastSet<(u32, u32)> = FastSet::default();
    for i in 0..c.len() {
        let key = c.access_key[i];
        let from = obtained_from[key as usize];
        if from == NONE || c.ip[i] == from {
            continue;
        }
        if let Some(ip) = address_of(context, &mut addresses, i) {
            rows.push(i as u32);
            elsewhere.insert((key, ip));
        }
    }
    let mut other_ips: FastMap<u32, Vec<&str>> = FastMap::default();
    for &(key, ip) in &elsewhere {
        other_ips.entry(key).or_default().push(d.ips.get(ip));
    }
    let mut described: FastSet<u32> = FastSet::default();
    let mut items = Vec::new();
    for &(key, record) in &issued {
        let Some(ips) = other_ips.get(&key) else { continue };
        rows.push(record.row);
        if described.insert(key) {
            let holder = if record.session.is_empty() {
                &record.principal
            } else {
                &record.session
            };
            let text = format!(
                "{} of {holder} obtained from {}, used from {}",
                d.access_keys.get(key),
                d.ips.get(obtained_from[key as usize]),
                listed(ips.clone())
            );
            items.push((ips.len(), text));
        }
    }
    rows.sort_unstable();
    rows.dedup();
    Matched {
        rows,
        detail: summary(items, "sessions"),
    }
}

/// Rows of every AssumeRole whose caller's account is not the account of the role it assumed
/// (both records when both accounts logged the call). A call is one hop however many records it
/// has, known by the key it issued, and named after the record of the caller's own account.
pub fn cross_account_roles(context: &Context) -> Matched {
    let (c, d) = (&context.store.columns, &context.store.dict);
    let mut rows = Vec::new();
    let mut hops: Vec<&str> = Vec::new();
    for record in context.lineage.records() {
        if record.via != Via::AssumeRole || record.caller_account.is_empty() {
            continue;
        }
        let role_account = arn_account(&record.principal);
        if !role_account.is_empty() && *record.caller_account != *role_account {
            rows.push(record.row);
            hops.push(&record.access_key);
        }
    }
    rows.sort_unstable();
    hops.sort_unstable();
    hops.dedup();
    let mut pairs: FastMap<(u32, &str), usize> = FastMap::default();
    for record in hops.iter().filter_map(|key| context.lineage.issuance_of_key(key)) {
        *pairs
            .entry((c.principal[record.row as usize], &*record.principal))
            .or_default() += 1;
    }
    let mut items: Vec<(usize, String)> = pairs
        .into_iter()
        .map(|((caller, role), n)| (n, format!("{} → {role}", d.principals.get(caller))))
        .collect();
    let (n, s) = (hops.len(), if hops.len() == 1 { "" } else { "s" });
    let detail = match items.len() {
        0 => None,
        1 => items.pop().map(|(_, pair)| format!("{n} hop{s}: {pair}")),
        _ => summary(items, "caller-role pairs").map(|pairs| format!("{n} hop{s} by {pairs}")),
    };
    Matched { rows, detail }
}

/// Rows of every access key created in the logs (`CreateAccessKey`) and then used, itself or
/// through the sessions issued with it, from an address its creator (the principal who called
/// CreateAccessKey) never used with other credentials, with the call that created it. Calls
/// services made with the key are left out.
pub fn created_keys_used_elsewhere(context: &Context) -> Matched {
    let (c, d) = (&context.store.columns, &context.store.dict);
    let mut created_as = vec![NONE; d.access_keys.len()];
    let mut creator_of: FastMap<u32, u32> = FastMap::default();
    let mut created: Vec<(u32, &Issuance)> = Vec::new();
    for record in context.lineage.records() {
        if record.via != Via::CreateAccessKey {
            continue;
        }
        if let Some(key) = d.access_keys.find(&record.access_key) {
            created_as[key as usize] = key;
            mark_sessions(context, key, &mut created_as, key);
            creator_of.insert(key, c.principal[record.row as usize]);
            created.push((key, record));
        }
    }
    if created.is_empty() {
        return Matched::default();
    }
    let mut addresses = Addresses::new(&d.ips);
    let mut used = Vec::new();
    let mut wanted: FastSet<(u32, u32)> = FastSet::default();
    for i in 0..c.len() {
        let key = created_as[c.access_key[i] as usize];
        if key == NONE {
            continue;
        }
        if let Some(ip) = address_of(context, &mut addresses, i) {
            used.push((i as u32, key));
            wanted.insert((creator_of[&key], ip));
        }
    }
    if used.is_empty() {
        return Matched::default();
    }
    let mut creators = vec![false; d.principals.len()];
    for &creator in creator_of.values() {
        creators[creator as usize] = true;
    }
    let made_by = |i: usize| creator_of.get(&created_as[c.access_key[i] as usize]).copied();
    let mut known: FastSet<(u32, u32)> = FastSet::default();
    for i in 0..c.len() {
        let pair = (c.principal[i], c.ip[i]);
        if creators[pair.0 as usize] && made_by(i) != Some(pair.0) && wanted.contains(&pair) {
            known.insert(pair);
        }
    }
    let mut rows = Vec::new();
    let mut new_ips: FastMap<u32, FastSet<u32>> = FastMap::default();
    for (i, key) in used {
        let ip = c.ip[i as usize];
        if !known.contains(&(creator_of[&key], ip)) {
            rows.push(i);
            new_ips.entry(key).or_default().insert(ip);
        }
    }
    let mut items = Vec::new();
    for &(key, record) in &created {
        let Some(ips) = new_ips.get(&key) else { continue };
        rows.push(record.row);
        let text = format!(
            "{} created by {} used from {}",
            d.access_keys.get(key),
            d.principals.get(creator_of[&key]),
            listed(ips.iter().map(|&ip| d.ips.get(ip)).collect())
        );
        items.push((ips.len(), text));
    }
    rows.sort_unstable();
    rows.dedup();
    Matched {
        rows,
        detail: summary(items, "keys"),
    }
}

/// Rows of every chain rooted in a long-term key (AKIA…) that obtained temporary keys (and those
/// theirs, up to [`MAX_DEPTH`] levels) whose uses, with the long-term key's own, came from more
/// than [`MAX_KEY_ADDRESSES`] distinct addresses, at least one of them reached only through the
/// sessions: a key over the limit on its own is already `long-term-key-many-ips`.
pub fn long_term_chains_from_many_addresses(context: &Context) -> Matched {
    let (c, d) = (&context.store.columns, &context.store.dict);
    let mut root_of = vec![NONE; d.access_keys.len()];
    let mut walked = vec![false; d.access_keys.len()];
    let mut roots: Vec<(u32, usize)> = Vec::new();
    for record in context.lineage.records() {
        let key = c.access_key[record.row as usize];
        if !record.via.issues_temporary_key() || walked[key as usize] {
            continue;
        }
        walked[key as usize] = true;
        if d.access_keys.get(key).starts_with("AKIA") && root_of[key as usize] == NONE {
            let sessions = mark_sessions(context, key, &mut root_of, key);
            if sessions > 0 {
                root_of[key as usize] = key;
                roots.push((key, sessions));
            }
        }
    }
    if roots.is_empty() {
        return Matched::default();
    }
    let mut addresses = Addresses::new(&d.ips);
    let mut members = Vec::new();
    let mut by_root_key: FastMap<(u32, u32), bool> = FastMap::default();
    for i in 0..c.len() {
        let key = c.access_key[i];
        let root = root_of[key as usize];
        if root == NONE {
            continue;
        }
        members.push(i as u32);
        if let Some(ip) = address_of(context, &mut addresses, i) {
            *by_root_key.entry((root, ip)).or_default() |= key == root;
        }
    }
    let mut spread: FastMap<u32, (usize, usize)> = FastMap::default();
    for (&(root, _), &own) in &by_root_key {
        let (all, by_key) = spread.entry(root).or_default();
        *all += 1;
        *by_key += usize::from(own);
    }
    let fires = |root: u32| {
        spread
            .get(&root)
            .is_some_and(|&(all, by_key)| all > MAX_KEY_ADDRESSES && all > by_key)
    };
    let rows: Vec<u32> = members
        .into_iter()
        .filter(|&i| fires(root_of[c.access_key[i as usize] as usize]))
        .collect();
    let items = roots
        .into_iter()
        .filter(|&(root, _)| fires(root))
        .map(|(root, sessions)| {
            let (all, by_key) = spread[&root];
            let s = if sessions == 1 { "" } else { "s" };
            let text = format!(
                "{} and {sessions} session{s} from {all} IPs ({} only through the sessions)",
                d.access_keys.get(root),
                all - by_key
            );
            (all, text)
        })
        .collect();
    Matched {
        rows,
        detail: summary(items, "keys"),
    }
}
