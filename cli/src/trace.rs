//! `trailscope trace KEY_OR_SESSION_ARN PATH...`: where a key or a role session came from and
//! what was issued with it (see `trailscope_core::lineage`), as
//! `{"subject", "chain": [hop, …], "downstream": [node, …]}`: the chain root first and ending with
//! the subject's own identity; each node of the tree a hop with its `events` and its own
//! `downstream`.

use serde_json::{json, Map, Value};
use trailscope_core::lineage::{Hop, Node, Subject};
use trailscope_core::time::format_utc;
use trailscope_core::Dataset;

/// The subject a command-line argument names: a role session by its ARN, else an access key.
pub fn subject(text: &str) -> Subject {
    if text.starts_with("arn:") {
        Subject::Session(text.to_string())
    } else {
        Subject::Key(text.to_string())
    }
}

/// The trace of `text` in `data`, or `None` when neither its events nor any issuance name it.
pub fn trace(data: &Dataset, text: &str) -> Option<Value> {
    let trace = data.lineage().trace(&data.store, &subject(text))?;
    Some(json!({
        "subject": trace.subject,
        "chain": trace.chain.iter().map(|hop| Value::Object(hop_fields(hop))).collect::<Vec<_>>(),
        "downstream": nodes(&trace.downstream),
    }))
}

/// A hop's fields, `null` where it has no value.
fn hop_fields(hop: &Hop) -> Map<String, Value> {
    let text = |s: &str| if s.is_empty() { Value::Null } else { Value::from(s) };
    let mut fields = Map::new();
    fields.insert("principal".into(), text(&hop.principal));
    fields.insert("session".into(), text(&hop.session));
    fields.insert("access_key".into(), text(&hop.access_key));
    fields.insert("issued_by_event".into(), text(&hop.issued_by_event));
    fields.insert("issued_at".into(), hop.issued_at.map(format_utc).into());
    fields.insert("via".into(), hop.via.map(|v| v.name()).into());
    fields.insert("source_ip".into(), text(&hop.source_ip));
    fields.insert("user_agent".into(), text(&hop.user_agent));
    fields
}

fn nodes(tree: &[Node]) -> Vec<Value> {
    tree.iter()
        .map(|node| {
            let mut fields = hop_fields(&node.hop);
            fields.insert("events".into(), node.events.into());
            fields.insert("downstream".into(), nodes(&node.children).into());
            Value::Object(fields)
        })
        .collect()
}
