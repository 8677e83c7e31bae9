//! Where credentials came from: every call that issued a key or a session is read while loading
//! ([`extract`]), indexed by the key it issued and by the key that asked for it, and console
//! sessions are linked to the sign-in that started them. [`trace`] walks a key's or a session's
//! chain back to the identity that began it and its issued credentials forward, as a tree.

pub mod downstream;
pub mod extract;
pub mod trace;

pub use extract::{ConsoleKey, Issuance, Via};
pub use trace::{Hop, Node, Origin, Subject, Trace};

use hashbrown::HashMap;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// How long before a console session's `creationDate` its sign-in may lie (a console session
/// lasts at most 12 hours).
pub const CONSOLE_SESSION_MS: i64 = 12 * 3600 * 1000;
/// How far a console session's `creationDate` may come before its sign-in's `eventTime` (the two
/// clocks are not the same).
pub const CONSOLE_CLOCK_SLACK_MS: i64 = 60 * 1000;

/// The index of the issuances of one dataset; rebuilt by each merge.
#[derive(Debug, Clone, Default)]
pub struct Lineage {
    /// Every issuing record, by time (then `eventID`): both records of a cross-account call.
    records: Vec<Issuance>,
    /// The issued key → the record that stands for its issuance (one per key).
    by_key: FastMap<String, u32>,
    /// The role session ARN → the records that issued it, by time.
    by_session: FastMap<String, Vec<u32>>,
    /// The key that made an issuing call → the records of what it issued, by time (one per key).
    issued_with: FastMap<String, Vec<u32>>,
    /// A console session's key → the sign-in that started it.
    console: FastMap<String, u32>,
}

impl Lineage {
    /// The index of `records` (in any order) and of the console sessions' keys.
    pub fn build(mut records: Vec<Issuance>, console_keys: &[ConsoleKey]) -> Lineage {
        records.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.event_id.cmp(&b.event_id)));
        let mut lineage = Lineage::default();
        for (i, record) in records.iter().enumerate() {
            let i = i as u32;
            if record.access_key.is_empty() {
                continue;
            }
            match lineage.by_key.get(&record.access_key) {
                Some(&kept) if !preferred(record, &records[kept as usize]) => continue,
                _ => {
                    lineage.by_key.insert(record.access_key.clone(), i);
                }
            }
        }
        for &i in lineage.by_key.values() {
            let record = &records[i as usize];
            if !record.session.is_empty() {
                lineage.by_session.entry(record.session.clone()).or_default().push(i);
            }
            if !record.caller.access_key.is_empty() {
                lineage
                    .issued_with
                    .entry(record.caller.access_key.clone())
                    .or_default()
                    .push(i);
            }
        }
        for list in lineage.by_session.values_mut().chain(lineage.issued_with.values_mut()) {
            list.sort_unstable();
        }
        let logins: Vec<u32> = (0..records.len() as u32)
            .filter(|&i| records[i as usize].via == Via::ConsoleLogin)
            .collect();
        for key in console_keys {
            if let Some(login) = sign_in_of(key, &records, &logins) {
                lineage.console.insert(key.access_key.clone(), login);
            }
        }
        lineage.records = records;
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

    /// The record of the issuance of `key`, if the logs hold it.
    pub fn issuance_of_key(&self, key: &str) -> Option<&Issuance> {
        self.by_key.get(key).map(|&i| &self.records[i as usize])
    }

    /// The sign-in that started the console session of `key`, if the logs hold it.
    pub fn sign_in_of_key(&self, key: &str) -> Option<&Issuance> {
        self.console.get(key).map(|&i| &self.records[i as usize])
    }

    /// The latest issuance of role session `session` at or before `time`, else its first.
    pub fn issuance_of_session(&self, session: &str, time: Option<i64>) -> Option<&Issuance> {
        let list = self.by_session.get(session)?;
        let at = |&i: &u32| &self.records[i as usize];
        let before = time.and_then(|t| list.iter().rev().map(at).find(|r| r.time <= t));
        before.or_else(|| list.first().map(at))
    }

    /// The issuances made with `key`, by time.
    pub fn issued_with(&self, key: &str) -> impl Iterator<Item = &Issuance> {
        self.issued_with
            .get(key)
            .into_iter()
            .flatten()
            .map(|&i| &self.records[i as usize])
    }

    /// Keys issued in all.
    pub fn issued_keys(&self) -> usize {
        self.by_key.len()
    }
}

/// Whether `record` stands for its key's issuance rather than `kept`, an earlier record of the
/// same key: of a cross-account call's two records, the one logged in the caller's account.
fn preferred(record: &Issuance, kept: &Issuance) -> bool {
    let home = |r: &Issuance| r.account == r.caller.account;
    home(record) && !home(kept)
}

/// The sign-in that started a console session: the latest successful `ConsoleLogin` of the same
/// principal (and role session) within [`CONSOLE_SESSION_MS`] before the session was created.
fn sign_in_of(key: &ConsoleKey, records: &[Issuance], logins: &[u32]) -> Option<u32> {
    logins.iter().copied().rev().find(|&i| {
        let login = &records[i as usize];
        login.caller.principal == key.principal
            && login.caller.session == key.session
            && login.time <= key.created + CONSOLE_CLOCK_SLACK_MS
            && key.created - login.time <= CONSOLE_SESSION_MS
    })
}
