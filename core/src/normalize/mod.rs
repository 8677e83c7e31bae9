//! The facts users rely on, computed once per event while loading: the folded operation name,
//! who acted with what kind of credentials, and the few facts read from the
//! request or response of the operations the findings need ([`request`], [`signals`]).

pub mod event_name;
pub mod identity;
mod ingress;
mod instances;
mod policies;
pub mod policy_grant;
pub mod request;
pub mod signals;
