//! A key's or a session's lineage: its chain back to the identity that began it, root first, and
//! what was issued with it ([`super::downstream`]). Both walks guard against cycles and stop at a
//! depth.

use super::extract::Via;
use super::issuance::Issuance;
use super::{Caller, Lineage};
use crate::normalize::identity::IdentityType;
use crate::store::flags::Flags;
use crate::store::narrow::NarrowColumn;
use crate::store::EventStore;
use hashbrown::HashSet;
use serde::{Deserialize, Serialize};

/// Most hops of a chain.
pub const MAX_CHAIN: usize = 32;

/// Whose lineage to trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    /// An access key id.
    Key(String),
    /// A role session ARN.
    Session(String),
    /// The credentials that made the event of a row.
    Row(u32),
}

/// One step of a chain: an identity, the credentials it held, and the call that issued them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// The user ARN, the role ARN, the root ARN, a federated user's ARN, an identity provider.
    pub principal: String,
    /// The role session ARN (or, at a federated start, the outside identity), or empty.
    pub session: String,
    /// The access key, or empty.
    pub access_key: String,
    /// The `eventID` of the call that issued the credentials; empty at the start of a chain.
    pub issued_by_event: String,
    /// When that call was made (UTC ms).
    pub issued_at: Option<i64>,
    /// That call.
    pub via: Option<Via>,
    /// Where that call came from.
    pub source_ip: String,
    /// With what that call was made.
    pub user_agent: String,
}

/// Where a chain begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// An IAM user's or the root user's own credentials.
    LongTermIdentity,
    /// An outside identity, through SAML or OIDC.
    IdentityProvider,
    /// An AWS service acting for the account (an instance profile, a function's role).
    AwsService,
    /// Temporary credentials whose issuance is not in the loaded logs.
    BeforeLogs,
    /// The chain came back to credentials already on it, and was cut there.
    Cycle,
    /// The chain was longer than [`MAX_CHAIN`], and was cut there.
    TooLong,
}

impl Origin {
    /// How the start of a chain reads.
    pub fn label(self) -> &'static str {
        match self {
            Origin::LongTermIdentity => "long-term identity",
            Origin::IdentityProvider => "identity provider",
            Origin::AwsService => "AWS service",
            Origin::BeforeLogs => "issued before the loaded logs",
            Origin::Cycle => "cycle: the chain comes back to credentials already on it",
            Origin::TooLong => "chain cut after 32 hops",
        }
    }
}

/// Credentials issued with the ones above them, and what was issued with them in turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// The credentials and their issuing call.
    pub hop: Hop,
    /// Events made with the key.
    pub events: u64,
    /// What was issued with them.
    pub children: Vec<Node>,
}

/// A key's or a session's lineage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// The key or session ARN traced.
    pub subject: String,
    /// Root first, ending with the subject's own identity.
    pub chain: Vec<Hop>,
    /// How the chain begins.
    pub origin: Origin,
    /// The keys and sessions issued with the subject's credentials.
    pub downstream: Vec<Node>,
}

impl Trace {
    /// One line, newest first: `key ASIA… ← role/Admin ← role/Deployer ← user/alice`.
    pub fn line(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for hop in self.chain.iter().rev() {
            let mut label = short(&hop.principal).to_string();
            if !hop.session.is_empty() && !hop.session.starts_with("arn:") {
                label = format!("{label} ({})", hop.session);
            }
            if parts.last() != Some(&label) {
                parts.push(label);
            }
        }
        if self.origin == Origin::BeforeLogs {
            parts.push(format!("({})", self.origin.label()));
        }
        let key = self.chain.last().map_or("", |h| h.access_key.as_str());
        let head = if key.is_empty() {
            String::new()
        } else {
            format!("key {key} ← ")
        };
        format!("{head}{}", parts.join(" ← "))
    }
}

/// An ARN without its `arn:partition:service::account:` prefix (`role/Admin`, `user/alice`).
pub fn short(principal: &str) -> &str {
    match principal.strip_prefix("arn:") {
        Some(rest) => rest.splitn(5, ':').nth(4).unwrap_or(principal),
        None => principal,
    }
}

/// Credentials being followed back.
#[derive(Debug, Clone, Default)]
pub(super) struct Held {
    pub(super) key: String,
    pub(super) principal: String,
    pub(super) session: String,
    pub(super) kind: Option<IdentityType>,
    /// When they were seen in use, to pick a reused session name's issuance.
    pub(super) time: Option<i64>,
}

impl Held {
    fn of_caller(caller: &Caller<'_>, time: i64) -> Held {
        Held {
            key: caller.access_key.to_string(),
            principal: caller.principal.to_string(),
            session: caller.session.to_string(),
            kind: Some(caller.kind),
            time: Some(time),
        }
    }

    fn of_row(store: &EventStore, i: usize) -> Held {
        let (c, d) = (&store.columns, &store.dict);
        Held {
            key: d.access_keys.get(c.access_key.get(i)).to_string(),
            principal: d.principals.get(c.principal.get(i)).to_string(),
            session: d.sessions.get(c.session.get(i)).to_string(),
            kind: Some(Flags(c.flags[i]).identity()),
            time: Some(c.time[i]),
        }
    }

    fn bare(&self) -> Hop {
        Hop {
            principal: self.principal.clone(),
            session: self.session.clone(),
            access_key: self.key.clone(),
            ..Hop::default()
        }
    }
}

/// The first row whose `column` holds `value` in `dict`.
fn first_row(column: &NarrowColumn<u32>, id: Option<u32>) -> Option<usize> {
    let id = id.filter(|&id| id != 0)?;
    column.iter().position(|v| v == id)
}

impl Lineage {
    /// The lineage of `subject`; `None` when neither the rows nor the issuances know it.
    pub fn trace(&self, store: &EventStore, subject: &Subject) -> Option<Trace> {
        let (c, d) = (&store.columns, &store.dict);
        let (name, start, keys) = match subject {
            Subject::Row(row) => {
                let held = Held::of_row(store, *row as usize);
                let name = if held.key.is_empty() {
                    held.session.clone()
                } else {
                    held.key.clone()
                };
                if name.is_empty() {
                    return None;
                }
                let keys = vec![held.key.clone()];
                (name, held, keys)
            }
            Subject::Key(key) => {
                let held = match first_row(&c.access_key, d.access_keys.find(key)) {
                    Some(i) => Held::of_row(store, i),
                    None => {
                        let issued = self.issuance_of_key(key)?;
                        Held {
                            key: key.clone(),
                            principal: issued.principal().to_string(),
                            session: issued.session().to_string(),
                            ..Held::default()
                        }
                    }
                };
                (key.clone(), held, vec![key.clone()])
            }
            Subject::Session(session) => {
                let mut keys: Vec<String> = self
                    .session_records(session)
                    .into_iter()
                    .map(|r| r.access_key().to_string())
                    .collect();
                if let Some(id) = d.sessions.find(session).filter(|&id| id != 0) {
                    let mut used: Vec<u32> = (0..c.len())
                        .filter(|&i| c.session.get(i) == id)
                        .map(|i| c.access_key.get(i))
                        .collect();
                    used.dedup();
                    keys.extend(
                        used.into_iter()
                            .filter(|&k| k != 0)
                            .map(|k| d.access_keys.get(k).to_string()),
                    );
                }
                let first = first_row(&c.session, d.sessions.find(session));
                let held = match (self.issuance_of_session(session, None), first) {
                    (Some(issued), _) => Held {
                        key: issued.access_key().to_string(),
                        principal: issued.principal().to_string(),
                        session: session.clone(),
                        ..Held::default()
                    },
                    (None, Some(i)) => Held::of_row(store, i),
                    (None, None) => return None,
                };
                (session.clone(), held, keys)
            }
        };
        let (chain, origin) = self.chain(store, start);
        Some(Trace {
            subject: name,
            chain,
            origin,
            downstream: self.downstream(store, &keys),
        })
    }

    /// The chain of `held`, root first, and how it begins.
    fn chain(&self, store: &EventStore, mut held: Held) -> (Vec<Hop>, Origin) {
        let mut hops: Vec<Hop> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let origin = loop {
            if hops.len() >= MAX_CHAIN {
                break Origin::TooLong;
            }
            let own = if held.key.is_empty() { &held.session } else { &held.key };
            if !own.is_empty() && !seen.insert(own.clone()) {
                break Origin::Cycle;
            }
            let issued = if !held.key.is_empty() {
                self.issuance_of_key(&held.key)
                    .or_else(|| self.sign_in_of_key(&held.key))
            } else if !held.session.is_empty() {
                self.issuance_of_session(&held.session, held.time)
            } else {
                None
            };
            let Some(issued) = issued else {
                hops.push(held.bare());
                break origin_of(&held);
            };
            let caller = self.caller(store, issued);
            hops.push(hop_of(issued, &held, &caller));
            if issued.via.federates() {
                let provider = if issued.provider().is_empty() {
                    caller.principal
                } else {
                    issued.provider()
                };
                hops.push(Hop {
                    principal: provider.to_string(),
                    session: issued.subject().to_string(),
                    ..Hop::default()
                });
                break Origin::IdentityProvider;
            }
            if caller.kind == IdentityType::AwsService {
                hops.push(Hop {
                    principal: caller.principal.to_string(),
                    ..Hop::default()
                });
                break Origin::AwsService;
            }
            held = Held::of_caller(&caller, issued.time);
        };
        hops.reverse();
        (hops, origin)
    }
}

/// The hop of credentials `held` issued by `issued`, whose call `caller` made.
pub(super) fn hop_of(issued: &Issuance, held: &Held, caller: &Caller<'_>) -> Hop {
    let pick = |known: &str, said: &str| if known.is_empty() { said } else { known }.to_string();
    Hop {
        principal: pick(&held.principal, issued.principal()),
        session: pick(&held.session, issued.session()),
        access_key: held.key.clone(),
        issued_by_event: issued.event_id().to_string(),
        issued_at: Some(issued.time),
        via: Some(issued.via),
        source_ip: caller.source_ip.to_string(),
        user_agent: caller.user_agent.to_string(),
    }
}

/// How a chain begins at credentials whose issuance the logs do not hold.
fn origin_of(held: &Held) -> Origin {
    match held.kind {
        Some(IdentityType::AwsService) => Origin::AwsService,
        Some(IdentityType::SamlUser | IdentityType::WebIdentityUser | IdentityType::IdentityCenterUser) => {
            Origin::IdentityProvider
        }
        Some(IdentityType::IamUser | IdentityType::Root) if !held.key.starts_with("ASIA") => Origin::LongTermIdentity,
        _ if held.key.starts_with("AKIA") => Origin::LongTermIdentity,
        _ => Origin::BeforeLogs,
    }
}
