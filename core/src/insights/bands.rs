//! Pairing Insights Start and End events by `sharedEventID` into bands for the timeline.

use super::extract::{Attribution, InsightEvent, InsightState, InsightStatistics};
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
    /// Account.
    pub account: String,
    /// Region.
    pub region: String,
    /// The event source the insight is about.
    pub source: String,
    /// The API the insight is about.
    pub operation: String,
    /// `ApiCallRateInsight` or `ApiErrorRateInsight`.
    pub insight_type: String,
    /// The error code of an error-rate insight, or empty.
    pub error_code: String,
    /// The rates: from the End event when loaded (averaged over the whole insight), else from
    /// the Start.
    pub statistics: InsightStatistics,
    /// The top principals, user agents and error codes, from the same event as the statistics.
    pub attributions: Vec<Attribution>,
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
                bands.push(band_of(event));
                bands.len() - 1
            }
        };
        let band = &mut bands[slot];
        match event.state {
            InsightState::Start => band.start = Some(event.time),
            InsightState::End => {
                band.end = Some(event.time);
                band.statistics = event.statistics.clone();
                band.attributions = event.attributions.clone();
            }
        }
    }
    bands.sort_by_key(|b| (b.start.or(b.end), b.end));
    bands
}

fn band_of(event: &InsightEvent) -> InsightBand {
    InsightBand {
        id: event.shared_id.clone(),
        start: None,
        end: None,
        account: event.account.clone(),
        region: event.region.clone(),
        source: event.source.clone(),
        operation: event.operation.clone(),
        insight_type: event.insight_type.clone(),
        error_code: event.error_code.clone(),
        statistics: event.statistics.clone(),
        attributions: event.attributions.clone(),
    }
}
