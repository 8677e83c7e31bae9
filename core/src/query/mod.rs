//! Questions asked of the store under a filter, answered from the columns alone (never by
//! re-parsing JSON): counts by every dimension, the timeline, the per-identity table, event pages.

pub mod counts;
pub mod filter;
