//! What the store knows of the shown event, read from its JSON by the same core code that loaded
//! it (the principal rule, folded operation, resource rules), so that the summary names what the
//! views name and a click on a value pivots on exactly the field's stored value.

use trailscope_core::formats::record::RawEvent;
use trailscope_core::normalize::event_name::fold;
use trailscope_core::normalize::identity::identify;
use trailscope_core::query::filter::query::Field;
use trailscope_core::resources::extract::{each_resource, Place};
use trailscope_core::resources::steps::SourceRules;
use trailscope_core::store::interner::shortened;

/// One step of the path from the event to a value in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// A member of an object.
    Key(&'a str),
    /// An item of an array.
    Item,
    /// Into the JSON document a string holds.
    Decoded,
}

/// The event's values as the store keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The principal (a role for its sessions), as the identities view names it.
    pub principal: String,
    /// The role session, or an Identity Center user id; empty for other principals.
    pub session: String,
    /// `eventSource` (or an Insights event's).
    pub source: String,
    /// `eventName` as written.
    pub name: String,
    /// `eventName` without its API-version suffix, as the operations view counts it.
    pub operation: String,
    /// The keys of the resources the event touched, in the order found, each once.
    pub resources: Vec<String>,
    /// `eventTime` (or `@timestamp`).
    pub time: String,
    /// `sourceIPAddress`.
    pub ip: String,
    /// `userAgent`.
    pub user_agent: String,
    /// `errorCode`; empty for a call that succeeded.
    pub error: String,
}

impl Facts {
    /// The facts of the event `json`, or `None` when it is not an event (a cut or broken text).
    pub fn read(json: &str) -> Option<Facts> {
        let event: RawEvent = serde_json::from_str(json).ok()?;
        let identity = identify(&event);
        let source = event.source();
        let operation = fold(event.name());
        let user = event.user_identity.0.as_ref();
        let account = if event.recipient_account.is_set() {
            event.recipient_account.as_str()
        } else {
            user.map_or("", |u| u.account_id.as_str())
        };
        let place = Place {
            region: event.aws_region.as_str(),
            account,
        };
        let rules = SourceRules::default().of(0, source);
        let mut resources: Vec<String> = Vec::new();
        each_resource(&event, rules, operation, place, &mut String::new(), &mut |found| {
            if !resources.iter().any(|key| key == found.key) {
                resources.push(found.key.to_string());
            }
        });
        let time = if event.event_time.is_set() {
            &event.event_time
        } else {
            &event.at_timestamp
        };
        Some(Facts {
            principal: identity.principal.into_owned(),
            session: identity.session.to_string(),
            source: source.to_string(),
            name: event.name().to_string(),
            operation: operation.to_string(),
            resources,
            time: time.as_str().to_string(),
            ip: event.source_ip.as_str().to_string(),
            user_agent: event.user_agent.as_str().to_string(),
            error: event.error_code.as_str().to_string(),
        })
    }

    /// The field whose stored value is `value`, found at `path`, and the value to pivot on:
    /// the well-known members map to their columns (checked against what the store derived, so
    /// a role session's ARN is a session, not a principal), an ARN the event touched to its
    /// resource, and anything else to the search in every field. `None` for an empty value,
    /// which no term can name.
    pub fn pivot(&self, path: &[Step<'_>], value: &str) -> Option<(Field, String)> {
        use Step::Key;
        if value.is_empty() {
            return None;
        }
        let field = match path {
            [Key("userIdentity"), ..] if value == self.principal => Field::Principal,
            [Key("userIdentity"), ..] if !self.session.is_empty() && value == self.session => Field::Session,
            [Key("userIdentity"), Key("accessKeyId")] => Field::AccessKey,
            [Key("sourceIPAddress")] => Field::Ip,
            [Key("eventSource")] if value == self.source => Field::Source,
            [Key("eventName")] if value == self.name => {
                return Some((Field::Operation, format!("{} {}", self.source, self.operation)));
            }
            [Key("awsRegion")] => Field::Region,
            [Key("recipientAccountId")] => Field::Account,
            [Key("errorCode")] => Field::Error,
            [Key("userAgent")] => Field::UserAgent,
            _ if self.resources.iter().any(|key| key == &*shortened(value)) => Field::Resource,
            _ => return Some((Field::Json, value.to_string())),
        };
        Some((field, shortened(value).into_owned()))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
