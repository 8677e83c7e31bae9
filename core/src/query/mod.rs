//! Questions asked of the store under a filter, answered from the columns alone (never by
//! re-parsing JSON): counts by every dimension, the timeline, the per-identity table, the
//! per-service operations, and pages of events.

pub mod counts;
pub mod events;
pub mod filter;
pub mod identities;
pub mod jobs;
mod pairs;
pub mod resources;
pub mod services;
mod tally;
pub mod timeline;
pub mod view;
