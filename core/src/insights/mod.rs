//! CloudTrail Insights: the Start and End events of a period of unusual call or error rates on
//! one API, read at load time ([`extract`]) and paired into bands for the timeline ([`bands()`]).

pub mod bands;
pub mod extract;

pub use bands::{bands, InsightBand};
pub use extract::{AttributedValue, Attribution, Insight, InsightEvent, InsightState, InsightStatistics};
