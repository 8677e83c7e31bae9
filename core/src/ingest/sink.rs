//! The sink a file's events are read into: each event becomes a row of the batch, with what
//! the job, lineage, resource and Insights tables take from it.

use crate::dataset::Batch;
use crate::error::{Failure, FileError};
use crate::formats::record::RawEvent;
use crate::formats::EventSink;
use crate::insights::extract::insight_event;
use crate::lifecycles::extract::{job_event, Call};
use crate::lifecycles::table::JobOperations;
use crate::lineage::extract::{console_key, issuance, IssuingCall, IssuingOperations};
use crate::normalize::event_name::{fold, NameMemo};
use crate::normalize::identity::identify;
use crate::normalize::request::{self, CONSOLE_LOGIN_FAILURE};
use crate::normalize::signals::{names_a_signal_operation, Caller, Signal};
use crate::resources::extract::{concerned, each_resource, Place};
use crate::resources::steps::SourceRules;
use crate::store::flags::{FlagFacts, Flags, ReadOnly};
use crate::store::IdHash;
use crate::store::Row;
use crate::time::{parse_rfc3339, UNDATED};
use std::ops::Range;

/// Per file, bad records reported one by one before the rest are summed up.
pub(super) const MAX_RECORD_FAILURES: usize = 3;

/// Turns each event into a row of the batch.
pub(super) struct BatchSink<'b> {
    pub batch: &'b mut Batch,
    pub job_operations: &'b mut JobOperations,
    pub issuing: &'b mut IssuingOperations,
    pub signal_operations: &'b mut NameMemo,
    pub console_keys_seen: &'b mut Vec<bool>,
    pub resource_rules: &'b mut SourceRules,
    /// Room to build resource keys in, kept between events.
    pub scratch: &'b mut String,
    pub file: u32,
    pub path: &'b str,
    /// Whether the text is a cut gzip's, whose cut the decoder's failure reports.
    pub cut_gzip: bool,
    pub record_failures: usize,
}

impl EventSink for BatchSink<'_> {
    fn event(&mut self, range: Range<usize>, json: &str, event: &RawEvent<'_>) {
        let identity = identify(event);
        let time_text = if event.event_time.is_set() {
            &event.event_time
        } else {
            &event.at_timestamp
        };
        let user = event.user_identity.0.as_ref();
        let account = if event.recipient_account.is_set() {
            event.recipient_account.as_str()
        } else {
            user.map_or("", |u| u.account_id.as_str())
        };
        let read_only = match event.read_only.as_str() {
            s if s.eq_ignore_ascii_case("true") => ReadOnly::Read,
            s if s.eq_ignore_ascii_case("false") => ReadOnly::Write,
            _ => ReadOnly::Unknown,
        };
        let insight = event.event_type.as_str() == "AwsCloudTrailInsight";
        let source = event.source();
        let operation = fold(event.name());
        let caller = Caller {
            account,
            user_name: user.map_or("", |u| u.user_name.as_str()),
        };
        let operations = &mut self.batch.rows.dict.operations;
        let operation_id = operations.intern(operation);
        let memo_id = (!operations.is_shared_overflow(operation_id)).then_some(operation_id);
        let signalled = self
            .signal_operations
            .holds(memo_id, operation, names_a_signal_operation);
        let mut extra = request::look(source, operation, json, signalled.then_some(&caller));
        let error = match event.error_code.as_str() {
            "" if extra.failed_login => CONSOLE_LOGIN_FAILURE,
            code => code,
        };
        let flags = Flags::pack(FlagFacts {
            identity: identity.kind,
            credential: identity.credential,
            mfa: identity.mfa,
            read_only,
            console: identity.console,
            insight,
            data: event.event_category.as_str() == "Data",
            via_service: identity.via_service,
            grants_admin: extra.grants_admin,
            disables_detector: extra.disables_detector,
        });
        let d = &mut self.batch.rows.dict;
        let row = Row {
            time: parse_rfc3339(time_text.as_str()).unwrap_or(UNDATED),
            account: d.accounts.intern(account) as u16,
            region: d.regions.intern(event.aws_region.as_str()) as u16,
            source: d.sources.intern(source) as u16,
            operation: operation_id as u16,
            principal: d.principals.intern(&identity.principal),
            session: d.sessions.intern(identity.session),
            ip: d.ips.intern(event.source_ip.as_str()),
            user_agent: d.user_agents.intern(event.user_agent.as_str()),
            access_key: d.access_keys.intern(user.map_or("", |u| u.access_key_id.as_str())),
            error: d.errors.intern(error) as u16,
            flags: flags.0,
            file: self.file,
            offset: range.start as u32,
            len: range.len() as u32,
        };
        self.batch.rows.columns.push(row);
        self.batch.rows.id_hashes.push(IdHash::of(event.event_id.dedup_key()));
        let rules = self.resource_rules.of(row.source, source);
        let resources = &mut self.batch.rows.resources;
        if concerned(event, rules) {
            let place = Place {
                region: event.aws_region.as_str(),
                account,
            };
            each_resource(event, rules, operation, place, self.scratch, &mut |found| {
                let id = resources.dict.intern(found);
                resources.column.add(id);
            });
        }
        resources.column.end_row();
        let index = (self.batch.rows.columns.len() - 1) as u32;
        if let Some((kind, target)) = extra.signal.take() {
            let signal = Signal::new((self.file, row.offset), kind, target);
            self.batch.signals.push((index, signal));
        }
        if let Some((kind, role)) = self.job_operations.classify(memo_id, source, operation) {
            let call = Call {
                time: row.time,
                operation,
                account,
                region: event.aws_region.as_str(),
                principal: &identity.principal,
                error,
            };
            self.batch
                .jobs
                .extend(job_event(json, kind, role, call).map(|job| (index, job)));
        }
        if let Some(via) = self.issuing.classify(memo_id, source, operation) {
            let call = IssuingCall {
                via,
                event_id: event.event_id.as_str(),
                time: row.time,
                principal: &identity.principal,
                session: identity.session,
                kind: identity.kind,
                caller_account: user.map_or("", |u| u.account_id.as_str()),
                user_name: user.map_or("", |u| u.user_name.as_str()),
                error,
                at: (self.file, row.offset),
            };
            self.batch
                .issuances
                .extend(issuance(&event.request, &event.response, call).map(|issued| (index, issued)));
        }
        if event.session_from_console.is_true() && first_console_use(self.console_keys_seen, row.access_key) {
            self.batch.console_keys.push(console_key(event, &identity, row.time));
        }
        if insight {
            self.batch
                .insights
                .extend(insight_event(json, row.time, account).map(|i| (index, i)));
        }
    }

    fn failure(&mut self, line: Option<usize>, error: FileError) {
        if self.cut_gzip && matches!(error, FileError::CutShort { .. }) {
            return;
        }
        self.record_failures += 1;
        if self.record_failures > MAX_RECORD_FAILURES {
            return;
        }
        let path = match line {
            Some(line) => format!("{}:{line}", self.path),
            None => self.path.to_string(),
        };
        self.batch.failures.push(Failure {
            path,
            error: error.to_string(),
        });
    }
}

/// Whether `key` (an access key id of the batch, 0 for none) is used from the console for the
/// first time in the batch; marks it used.
fn first_console_use(seen: &mut Vec<bool>, key: u32) -> bool {
    let key = key as usize;
    if key == 0 || seen.get(key) == Some(&true) {
        return false;
    }
    if seen.len() <= key {
        seen.resize(key + 1, false);
    }
    seen[key] = true;
    true
}
