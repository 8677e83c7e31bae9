//! Pairing Insights Start and End events by `sharedEventID` into bands for the timeline.

use super::extract::{Insight, InsightEvent, InsightState};
use hashbrown::HashMap;
use serde::{Deserialize, Serialize};

/// One period of unusual API activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsightBand {
    /// `sharedEventID`.
    pub id: String,
    /// When the unusual activity started (UTC ms); `None` when only the End is loaded.
    pub start: Option<i64>,
    /// When it ended (UTC ms); `None` when the End is not loaded.
    pub end: Option<i64>,
    /// What it is about, with the rates and attributions of the End event when loaded
    /// (averaged over the whole insight), else of the Start.
    pub insight: Insight,
}

/// One band per `sharedEventID`, by start (else end) time. An event without a `sharedEventID`
/// is a band of its own.
pub fn bands(events: &[InsightEvent]) -> Vec<InsightBand> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut bands: Vec<InsightBand> = Vec::new();
    for event in events {
        let slot = match index.get(event.shared_id.as_str()) {
            Some(&slot) if !event.shared_id.is_empty() => slot,
            _ => {
                index.insert(&event.shared_id, bands.len());
                bands.push(InsightBand {
                    id: event.shared_id.clone(),
                    start: None,
                    end: None,
                    insight: event.insight.clone(),
                });
                bands.len() - 1
            }
        };
        let band = &mut bands[slot];
        match event.state {
            InsightState::Start => band.start = Some(event.time),
            InsightState::End => {
                band.end = Some(event.time);
                band.insight.statistics = event.insight.statistics.clone();
                band.insight.attributions = event.insight.attributions.clone();
            }
        }
    }
    bands.sort_by_key(|b| (b.start.or(b.end), b.end));
    bands
}
