//! The rules that follow credentials from the call that issued them ([`crate::lineage`]): sessions
//! used away from the address that obtained them, roles assumed across accounts, new access keys
//! used where neither their creator nor their user had been, and long-term keys whose sessions
//! spread over many addresses. Each reads the issuances, then makes at most two passes over the
//! rows with dense per-key tables; the distinct addresses of the credentials it follows are
//! gathered as pairs, sorted once.

use super::addresses::{listed, Addresses, Grouped, Pairs, NONE};
use super::rules::Context;
use super::scans::MAX_KEY_ADDRESSES;
use super::Matched;
use crate::lineage::downstream::MAX_DEPTH;
use crate::lineage::{Issuance, Via};
use crate::resources::extract::arn_account;
use crate::store::flags::Flags;
use hashbrown::HashMap;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// The address row `i`'s call came from, when the credentials' holder made it: `None` for a call
/// an AWS service made on the holder's behalf (`invokedBy`) or from a service host name.
fn address_of(context: &Context, addresses: &mut Addresses, i: usize) -> Option<u32> {
    let c = &context.store.columns;
    let ip = c.ip.get(i);
    (!Flags(c.flags[i]).via_service() && addresses.holds(ip)).then_some(ip)
}

/// Sets `table[k] = mark` for every temporary key `k` issued with key `root` and, in turn, with
/// those, up to [`MAX_DEPTH`] levels; keys already marked are not followed again, so that a cycle
/// ends. Only keys used in the store have ids, so the count returned is of the used ones.
fn mark_sessions(context: &Context, root: u32, table: &mut [u32], mark: u32) -> usize {
    if context.lineage.issued_with(root).next().is_none() {
        return 0;
    }
    let keys = &context.store.dict.access_keys;
    let (mut level, mut marked) = (vec![root], 0);
    for _ in 0..MAX_DEPTH {
        let mut next = Vec::new();
        for &key in &level {
            let issued = context.lineage.issued_with(key);
            for record in issued.filter(|r| r.via.issues_temporary_key()) {
                match keys.find(record.access_key()) {
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

/// Of `(weight, name, …)` items, the heaviest (ties: the first name), so that only the one a
/// detail shows is written out.
fn heaviest<N: Ord, T>(items: impl IntoIterator<Item = (usize, N, T)>) -> Option<(usize, N, T)> {
    items
        .into_iter()
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
}

/// The detail of a finding about `count` `noun`: the heaviest (`top`) alone, or how many there
/// are and it.
fn summary(count: usize, noun: &str, top: Option<String>) -> Option<String> {
    match count {
        0 | 1 => top,
        n => top.map(|top| format!("{n} {noun}; most: {top}")),
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
        if let Some(key) = d.access_keys.find(record.access_key()) {
            obtained_from[key as usize] = ip;
            issued.push((key, record));
        }
    }
    if issued.is_empty() {
        return Matched::default();
    }
    let mut rows = Vec::new();
    let mut elsewhere = Pairs::new(d.access_keys.len());
    for i in 0..c.len() {
        let key = c.access_key.get(i);
        let from = obtained_from[key as usize];
        if from == NONE || c.ip.get(i) == from {
            continue;
        }
        if let Some(ip) = address_of(context, &mut addresses, i) {
            rows.push(i as u32);
            elsewhere.add(key, ip);
        }
    }
    let other_ips = elsewhere.distinct();
    let mut fired = Vec::new();
    for &(key, record) in &issued {
        let ips = other_ips.of(key).len();
        if ips > 0 {
            rows.push(record.row);
            fired.push((ips, d.access_keys.get(key), (key, record)));
        }
    }
    let top = heaviest(fired).map(|(_, name, (key, record))| {
        let holder = if record.session().is_empty() {
            record.principal()
        } else {
            record.session()
        };
        let from = d.ips.get(obtained_from[key as usize]);
        format!(
            "{name} of {holder} obtained from {from}, used from {}",
            listed(d, other_ips.of(key))
        )
    });
    rows.sort_unstable();
    rows.dedup();
    Matched {
        rows,
        detail: summary(other_ips.count, "sessions", top),
        ..Matched::default()
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
        if record.via != Via::AssumeRole || record.caller_account().is_empty() {
            continue;
        }
        let role_account = arn_account(record.principal());
        if !role_account.is_empty() && record.caller_account() != role_account {
            rows.push(record.row);
            hops.push(record.access_key());
        }
    }
    rows.sort_unstable();
    hops.sort_unstable();
    hops.dedup();
    let mut pairs: FastMap<(&str, &str), usize> = FastMap::default();
    for record in hops.iter().filter_map(|key| context.lineage.issuance_of_key(key)) {
        let caller = d.principals.get(c.principal.get(record.row as usize));
        *pairs.entry((caller, record.principal())).or_default() += 1;
    }
    let top = heaviest(pairs.iter().map(|(&pair, &n)| (n, pair, ())));
    let top = top.map(|(_, (caller, role), ())| format!("{caller} → {role}"));
    let (n, s) = (hops.len(), if hops.len() == 1 { "" } else { "s" });
    let detail = match pairs.len() {
        0 => None,
        1 => top.map(|pair| format!("{n} hop{s}: {pair}")),
        p => top.map(|pair| format!("{n} hop{s} by {p} caller-role pairs; most: {pair}")),
    };
    Matched {
        rows,
        detail,
        ..Matched::default()
    }
}

/// Rows of every access key created in the logs (`CreateAccessKey`) and then used, itself or
/// through the sessions issued with it, from an address that neither its creator (the principal
/// who called CreateAccessKey) nor the user it belongs to used with credentials of their own,
/// with the call that created it. The user's addresses count so that a key rotated by an admin
/// and used where the old one was stays silent; credentials created in the logs are not "their
/// own", so that one new key cannot vouch for another; calls services made with the key are left
/// out.
pub fn created_keys_used_elsewhere(context: &Context) -> Matched {
    let (c, d) = (&context.store.columns, &context.store.dict);
    let mut created_as = vec![NONE; d.access_keys.len()];
    let mut people: FastMap<u32, (u32, u32)> = FastMap::default();
    let mut created: Vec<(u32, &Issuance)> = Vec::new();
    for record in context.lineage.records() {
        if record.via != Via::CreateAccessKey {
            continue;
        }
        if let Some(key) = d.access_keys.find(record.access_key()) {
            created_as[key as usize] = key;
            mark_sessions(context, key, &mut created_as, key);
            let creator = c.principal.get(record.row as usize);
            let owner = d.principals.find(record.principal()).unwrap_or(creator);
            people.insert(key, (creator, owner));
            created.push((key, record));
        }
    }
    if created.is_empty() {
        return Matched::default();
    }
    let mut watched = vec![false; d.principals.len()];
    for &(creator, owner) in people.values() {
        watched[creator as usize] = true;
        watched[owner as usize] = true;
    }
    let mut addresses = Addresses::new(&d.ips);
    let mut uses = Pairs::new(d.access_keys.len());
    let mut known = Pairs::new(d.principals.len());
    for i in 0..c.len() {
        let key = created_as[c.access_key.get(i) as usize];
        if key != NONE {
            if let Some(ip) = address_of(context, &mut addresses, i) {
                uses.add(key, ip);
            }
        } else if watched[c.principal.get(i) as usize] {
            known.add(c.principal.get(i), c.ip.get(i));
        }
    }
    let known = known.distinct();
    let theirs = |who: u32, ip: u32| known.holds(who, ip);
    let unknown = uses.distinct().pairs.into_iter().filter(|&(key, ip)| {
        let (creator, owner) = people[&key];
        !theirs(creator, ip) && !theirs(owner, ip)
    });
    let new = Grouped::new(unknown.collect(), d.access_keys.len());
    if new.count == 0 {
        return Matched::default();
    }
    let mut rows = Vec::new();
    let mut verdict = vec![(NONE, false); d.access_keys.len()];
    for i in 0..c.len() {
        let key = created_as[c.access_key.get(i) as usize];
        if key == NONE {
            continue;
        }
        let Some(ip) = address_of(context, &mut addresses, i) else {
            continue;
        };
        let last = &mut verdict[key as usize];
        if last.0 != ip {
            *last = (ip, new.holds(key, ip));
        }
        if last.1 {
            rows.push(i as u32);
        }
    }
    let mut fired = Vec::new();
    for &(key, record) in &created {
        let ips = new.of(key).len();
        if ips > 0 {
            rows.push(record.row);
            fired.push((ips, d.access_keys.get(key), (key, record)));
        }
    }
    let top = heaviest(fired).map(|(_, name, (key, record))| {
        let creator = d.principals.get(people[&key].0);
        let ips = listed(d, new.of(key));
        format!(
            "{name} of {}, created by {creator}, used from {ips}",
            record.principal()
        )
    });
    rows.sort_unstable();
    rows.dedup();
    Matched {
        rows,
        detail: summary(new.count, "keys", top),
        ..Matched::default()
    }
}

/// Rows of every chain rooted in a long-term key (AKIA…) that obtained temporary keys (and those
/// theirs, up to [`MAX_DEPTH`] levels) whose uses, with the long-term key's own, came from more
/// than [`MAX_KEY_ADDRESSES`] distinct addresses while the key's own stayed within it: the spread
/// only its sessions show (a key over the limit on its own is `long-term-key-many-ips`).
pub fn long_term_chains_from_many_addresses(context: &Context) -> Matched {
    let (c, d) = (&context.store.columns, &context.store.dict);
    let mut root_of = vec![NONE; d.access_keys.len()];
    let mut walked = vec![false; d.access_keys.len()];
    let mut roots: Vec<(u32, usize)> = Vec::new();
    for record in context.lineage.records() {
        let key = c.access_key.get(record.row as usize);
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
    let (mut all, mut own) = (Pairs::new(d.access_keys.len()), Pairs::new(d.access_keys.len()));
    for i in 0..c.len() {
        let key = c.access_key.get(i);
        let root = root_of[key as usize];
        if root == NONE {
            continue;
        }
        if let Some(ip) = address_of(context, &mut addresses, i) {
            all.add(root, ip);
            if key == root {
                own.add(root, ip);
            }
        }
    }
    let (all, own) = (all.distinct(), own.distinct());
    let fires = |root: u32| all.of(root).len() > MAX_KEY_ADDRESSES && own.of(root).len() <= MAX_KEY_ADDRESSES;
    let rows: Vec<u32> = (0..c.len())
        .filter(|&i| {
            let root = root_of[c.access_key.get(i) as usize];
            root != NONE && fires(root)
        })
        .map(|i| i as u32)
        .collect();
    let fired: Vec<_> = (roots.into_iter())
        .filter(|&(root, _)| fires(root))
        .map(|(root, sessions)| {
            let ips = all.of(root).len();
            (ips, d.access_keys.get(root), (ips - own.of(root).len(), sessions))
        })
        .collect();
    let count = fired.len();
    let top = heaviest(fired).map(|(ips, name, (through_sessions, sessions))| {
        let s = if sessions == 1 { "" } else { "s" };
        format!("{name} and {sessions} session{s} from {ips} IPs ({through_sessions} only through the sessions)")
    });
    Matched {
        rows,
        detail: summary(count, "keys", top),
        ..Matched::default()
    }
}
