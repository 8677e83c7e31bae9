//! Questions asked of the store under a filter, answered from the columns alone (never by
//! re-parsing JSON): counts by every dimension, the timeline, the per-identity table, the
//! per-service operations, the most-touched resources, the facets of every dimension, pages of events, and each
//! entity's page.

pub mod counts;
pub mod entity;
pub mod events;
pub mod facets;
pub mod filter;
pub mod identities;
pub mod jobs;
mod pairs;
pub mod resources;
pub mod selection;
pub mod services;
mod tally;
pub mod timeline;
pub mod view;
