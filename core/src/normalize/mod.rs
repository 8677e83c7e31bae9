//! The facts users rely on, computed once per event while loading: the folded operation name,
//! the UTC time, and who acted with what kind of credentials.

pub mod event_name;
pub mod identity;
pub mod time;
