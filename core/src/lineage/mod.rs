//! Where credentials came from: every call that issued a key or a session is read while loading
//! ([`extract`]), indexed by the key it issued and by the key that asked for it, and console
//! sessions are linked to the sign-in that started them. [`trace`] walks a key's or a session's
//! chain back to the identity that began it, and [`downstream`] what it issued, as a tree.

pub mod downstream;
pub mod extract;
pub mod issuance;
mod texts;
pub mod trace;

pub use extract::{keep_earliest_console_keys, ConsoleKey, Via};
pub use issuance::{Issuance, IssuedTexts, SharedNames};
pub use trace::{Hop, Node, Origin, Subject, Trace};

use crate::normalize::identity::IdentityType;
use crate::store::flags::Flags;
use crate::store::EventStore;
use hashbrown::HashMap;
use std::cmp::Ordering;
use std::hash::BuildHasher;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// How long before a console session's `creationDate` its sign-in may lie (a console session
/// lasts at most 12 hours).
pub const CONSOLE_SESSION_MS: i64 = 12 * 3600 * 1000;
/// How far a console session's `creationDate` may come before its sign-in's `eventTime` (the two
/// clocks are not the same).
pub const CONSOLE_CLOCK_SLACK_MS: i64 = 60 * 1000;

/// Who made an issuing call, from where and with what: its row's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller<'s> {
    /// The principal (see the principal rule in [`crate::normalize::identity`]).
    pub principal: &'s str,
    /// The role session ARN, or empty.
    pub session: &'s str,
    /// The access key that signed the call, or empty.
    pub access_key: &'s str,
    /// `userIdentity.accountId`.
    pub account: &'s str,
    /// `userIdentity.type`.
    pub kind: IdentityType,
    /// `sourceIPAddress`.
    pub source_ip: &'s str,
    /// `userAgent`.
    pub user_agent: &'s str,
    /// The account whose trail logged the call (a cross-account call is logged by both).
    pub logged_by: &'s str,
}

/// The index of the issuances of one dataset; rebuilt by each merge.
#[derive(Debug, Clone, Default)]
pub struct Lineage {
    /// Every issuing record with its row, by time (then `eventID`): both records of a
    /// cross-account call.
    records: Vec<Issuance>,
    /// The records that stand for an issued key's issuance (one per key), by the key's hash
    /// then the key (see [`matching`]).
    by_key: Vec<u32>,
    /// The records of role sessions issued, by the session ARN's hash, the ARN, then time.
    by_session: Vec<u32>,
    /// The store's id of the key that made an issuing call → the records of what it issued
    /// (one per key), by time.
    issued_with: FastMap<u32, Vec<u32>>,
    /// A console session's key → the sign-in that started it.
    console: FastMap<Box<str>, u32>,
}

impl Lineage {
    /// The index of `records` (in any order) over `store`, whose rows hold their events, and of
    /// the console sessions' keys. A record whose row is not in the store is left out; records
    /// from different batches come to share their names here.
    pub fn build(mut records: Vec<Issuance>, console_keys: &[ConsoleKey], store: &EventStore) -> Lineage {
        let mut names = SharedNames::default();
        records.iter_mut().for_each(|record| names.share(record));
        place(&mut records, store);
        records.retain(|r| r.row != u32::MAX);
        records.sort_unstable_by(|a, b| {
            (a.time.cmp(&b.time))
                .then_with(|| a.event_id().cmp(b.event_id()))
                .then(a.row.cmp(&b.row))
        });
        let mut lineage = Lineage {
            records,
            ..Lineage::default()
        };
        let records = &lineage.records;
        let mut keyed: Vec<u32> = (0..records.len() as u32)
            .filter(|&i| !records[i as usize].access_key().is_empty())
            .collect();
        let away: Vec<bool> = records.iter().map(|r| !logged_by_caller(r, store)).collect();
        // Per key, the record logged in its caller's own account first, then the earliest.
        sort_by_text(&mut keyed, records, key_of, |a, b| {
            away[a as usize].cmp(&away[b as usize]).then(a.cmp(&b))
        });
        keyed.dedup_by(|later, first| records[*later as usize].access_key() == records[*first as usize].access_key());
        lineage.by_key = keyed;
        let mut sessions: Vec<u32> = (lineage.by_key.iter().copied())
            .filter(|&i| !records[i as usize].session().is_empty())
            .collect();
        sort_by_text(&mut sessions, records, session_of, |a, b| a.cmp(&b));
        lineage.by_session = sessions;
        let mut issued_with: FastMap<u32, Vec<u32>> = FastMap::default();
        for &i in &lineage.by_key {
            let key = store.columns.access_key.get(records[i as usize].row as usize);
            if key != 0 {
                issued_with.entry(key).or_default().push(i);
            }
        }
        for list in issued_with.values_mut() {
            list.sort_unstable();
        }
        lineage.issued_with = issued_with;
        let logins: Vec<u32> = (0..records.len() as u32)
            .filter(|&i| records[i as usize].via == Via::ConsoleLogin)
            .collect();
        let mut console = FastMap::default();
        for key in console_keys {
            if let Some(login) = lineage.sign_in_of(key, &logins, store) {
                console.insert(key.access_key.as_str().into(), login);
            }
        }
        lineage.console = console;
        lineage
    }

    /// The records, for a rebuild with more.
    pub fn into_records(self) -> Vec<Issuance> {
        self.records
    }

    /// Every issuing record, by time.
    pub fn records(&self) -> &[Issuance] {
        &self.records
    }

    /// Who made `record`'s call: its row's values in `store` (the store the index was built on).
    pub fn caller<'s>(&self, store: &'s EventStore, record: &'s Issuance) -> Caller<'s> {
        let (c, d, i) = (&store.columns, &store.dict, record.row as usize);
        Caller {
            principal: d.principals.get(c.principal.get(i)),
            session: d.sessions.get(c.session.get(i)),
            access_key: d.access_keys.get(c.access_key.get(i)),
            account: record.caller_account(),
            kind: Flags(c.flags[i]).identity(),
            source_ip: d.ips.get(c.ip.get(i)),
            user_agent: d.user_agents.get(c.user_agent.get(i)),
            logged_by: d.accounts.get(c.account.get(i)),
        }
    }

    /// The record of the issuance of `key`, if the logs hold it.
    pub fn issuance_of_key(&self, key: &str) -> Option<&Issuance> {
        let found = matching(&self.by_key, &self.records, key_of, key).first()?;
        Some(&self.records[*found as usize])
    }

    /// The sign-in that started the console session of `key`, if the logs hold it.
    pub fn sign_in_of_key(&self, key: &str) -> Option<&Issuance> {
        self.console.get(key).map(|&i| &self.records[i as usize])
    }

    /// The latest issuance of role session `session` at or before `time`, else its first.
    pub fn issuance_of_session(&self, session: &str, time: Option<i64>) -> Option<&Issuance> {
        let list = self.session_records(session);
        let before = time.and_then(|t| list.iter().rev().find(|r| r.time <= t).copied());
        before.or_else(|| list.first().copied())
    }

    /// Every issuance of role session `session`, by time.
    pub fn session_records(&self, session: &str) -> Vec<&Issuance> {
        matching(&self.by_session, &self.records, session_of, session)
            .iter()
            .map(|&i| &self.records[i as usize])
            .collect()
    }

    /// The issuances made with the key whose id in the store is `key`, by time.
    pub fn issued_with(&self, key: u32) -> impl Iterator<Item = &Issuance> {
        self.issued_with
            .get(&key)
            .into_iter()
            .flatten()
            .map(|&i| &self.records[i as usize])
    }

    /// Keys issued in all.
    pub fn issued_keys(&self) -> usize {
        self.by_key.len()
    }

    /// The bytes the index holds: its records with their text (each shared copy once), and the
    /// lists over them.
    pub fn bytes(&self) -> usize {
        let mut shared = hashbrown::HashSet::new();
        let mut text = 0;
        for (own, names_at, names) in self.records.iter().map(Issuance::text_bytes) {
            text += own;
            if shared.insert(names_at) {
                text += names + 16;
            }
        }
        let lists: usize = self.issued_with.values().map(|l| 4 + 24 + 4 * l.capacity()).sum();
        let console: usize = self.console.keys().map(|k| k.len() + 16 + 4).sum();
        self.records.capacity() * std::mem::size_of::<Issuance>()
            + text
            + 4 * (self.by_key.capacity() + self.by_session.capacity())
            + lists
            + console
    }

    /// The sign-in that started a console session: the latest successful `ConsoleLogin` of the
    /// same principal (and role session) within [`CONSOLE_SESSION_MS`] before the session was
    /// created.
    fn sign_in_of(&self, key: &ConsoleKey, logins: &[u32], store: &EventStore) -> Option<u32> {
        let time = |i: &u32| self.records[*i as usize].time;
        let start = logins.partition_point(|i| time(i) < key.created.saturating_sub(CONSOLE_SESSION_MS));
        let end = logins.partition_point(|i| time(i) <= key.created.saturating_add(CONSOLE_CLOCK_SLACK_MS));
        logins[start..end.max(start)].iter().copied().rev().find(|&i| {
            let caller = self.caller(store, &self.records[i as usize]);
            caller.principal == key.principal && caller.session == key.session
        })
    }
}

/// The key a record issued.
fn key_of(record: &Issuance) -> &str {
    record.access_key()
}

/// The role session a record issued.
fn session_of(record: &Issuance) -> &str {
    record.session()
}

/// The hash an index of records is sorted by first, so that sorting mostly compares integers.
fn text_hash(text: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one(text)
}

/// Sorts record numbers by the hash of their `text`, the text, then `then`.
fn sort_by_text(
    index: &mut [u32],
    records: &[Issuance],
    text: fn(&Issuance) -> &str,
    then: impl Fn(u32, u32) -> Ordering,
) {
    let hashes: Vec<u64> = records.iter().map(|r| text_hash(text(r))).collect();
    index.sort_unstable_by(|&a, &b| {
        (hashes[a as usize].cmp(&hashes[b as usize]))
            .then_with(|| text(&records[a as usize]).cmp(text(&records[b as usize])))
            .then_with(|| then(a, b))
    });
}

/// The part of `index` (sorted by [`sort_by_text`]) whose records' `text` is `value`.
fn matching<'i>(index: &'i [u32], records: &[Issuance], text: fn(&Issuance) -> &str, value: &str) -> &'i [u32] {
    let wanted = (text_hash(value), value);
    let at = |i: &u32| {
        let t = text(&records[*i as usize]);
        (text_hash(t), t)
    };
    let start = index.partition_point(|i| at(i) < wanted);
    let end = index.partition_point(|i| at(i) <= wanted);
    &index[start..end]
}

/// Whether `record` was logged in its caller's own account.
fn logged_by_caller(record: &Issuance, store: &EventStore) -> bool {
    store.dict.accounts.get(store.columns.account.get(record.row as usize)) == record.caller_account()
}

/// Sets each record's row: the store's row at its locator.
fn place(records: &mut [Issuance], store: &EventStore) {
    let at: Vec<(u32, u32)> = records.iter().map(|r| r.at).collect();
    for (record, row) in records
        .iter_mut()
        .zip(store.rows_at(&at, extract::names_an_issuing_call))
    {
        record.row = row;
    }
}
