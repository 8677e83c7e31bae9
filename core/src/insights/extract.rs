//! Reading one CloudTrail Insights event at load time: its state, the API it is about, the
//! statistics and the attributions, from `insightDetails`. Numbers of any JSON type are read; a
//! field of the wrong kind reads as absent rather than dropping the event.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Whether an Insights event opens or closes its period of unusual activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InsightState {
    /// `"state": "Start"`.
    Start,
    /// `"state": "End"`.
    End,
}

/// One value of an attribution with its rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributedValue {
    /// A principal ARN, user agent or error code (`"null"` for calls without one).
    pub value: String,
    /// Calls (or errors) per minute with this value.
    pub average: f64,
}

/// The top values of one attribute during the insight and during the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// `userIdentityArn`, `userAgent` or `errorCode`.
    pub attribute: String,
    /// Up to five values during the unusual activity, busiest first.
    pub insight: Vec<AttributedValue>,
    /// Up to five values during the baseline, busiest first.
    pub baseline: Vec<AttributedValue>,
}

/// The rates that made the insight, from `insightContext.statistics`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InsightStatistics {
    /// Calls (or errors) per minute during the baseline.
    pub baseline_average: Option<f64>,
    /// Calls (or errors) per minute during the insight (its first minute in a Start event, its
    /// whole duration in an End event).
    pub insight_average: Option<f64>,
    /// Minutes of unusual activity.
    pub insight_duration: Option<f64>,
    /// Minutes of baseline measured.
    pub baseline_duration: Option<f64>,
}

/// What an insight is about and what it measured: the part an Insights event and the band it
/// opens or closes have in common.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Insight {
    /// `recipientAccountId`.
    pub account: String,
    /// `awsRegion`.
    pub region: String,
    /// `insightDetails.eventSource`.
    pub source: String,
    /// `insightDetails.eventName`.
    pub operation: String,
    /// `ApiCallRateInsight` or `ApiErrorRateInsight`.
    pub insight_type: String,
    /// The error code an error-rate insight is about, or empty.
    pub error_code: String,
    /// The rates.
    pub statistics: InsightStatistics,
    /// The top principals, user agents and error codes.
    pub attributions: Vec<Attribution>,
}

/// One Insights event, self-contained so that batches can be merged and paired without their
/// dictionaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsightEvent {
    /// UTC ms of `eventTime`.
    pub time: i64,
    /// `sharedEventID`, common to the Start and End events.
    pub shared_id: String,
    /// Start or End.
    pub state: InsightState,
    /// What it is about, with its rates (of the first minute for a Start, of the whole period
    /// for an End).
    pub insight: Insight,
}

/// The Insights event in `json` (whose `eventTime` is `time` and account `account`), or `None`
/// when it has no `insightDetails` with a Start or End state.
pub fn insight_event(json: &str, time: i64, account: &str) -> Option<InsightEvent> {
    let event: Value = serde_json::from_str(json).ok()?;
    let details = event.get("insightDetails")?;
    let state = match text(details, "state").as_str() {
        "Start" => InsightState::Start,
        "End" => InsightState::End,
        _ => return None,
    };
    let context = details.get("insightContext");
    let statistics = context.and_then(|c| c.get("statistics"));
    let average = |part: &str| statistics.and_then(|s| number(s.get(part)?.get("average")?));
    let minutes = |field: &str| statistics.and_then(|s| number(s.get(field)?));
    let attributions = context
        .and_then(|c| c.get("attributions"))
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(attribution).collect())
        .unwrap_or_default();
    Some(InsightEvent {
        time,
        shared_id: text(&event, "sharedEventID"),
        state,
        insight: Insight {
            account: account.to_string(),
            region: text(&event, "awsRegion"),
            source: text(details, "eventSource"),
            operation: text(details, "eventName"),
            insight_type: text(details, "insightType"),
            error_code: text(details, "errorCode"),
            statistics: InsightStatistics {
                baseline_average: average("baseline"),
                insight_average: average("insight"),
                insight_duration: minutes("insightDuration"),
                baseline_duration: minutes("baselineDuration"),
            },
            attributions,
        },
    })
}

fn attribution(item: &Value) -> Option<Attribution> {
    let values = |part: &str| -> Vec<AttributedValue> {
        item.get(part)
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|v| {
                        Some(AttributedValue {
                            value: match v.get("value")? {
                                Value::Null => "null".to_string(),
                                other => scalar(other)?,
                            },
                            average: number(v.get("average")?)?,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let attribute = text(item, "attribute");
    (!attribute.is_empty()).then(|| Attribution {
        attribute,
        insight: values("insight"),
        baseline: values("baseline"),
    })
}

/// The string or number at `field`, as text; empty when absent.
fn text(value: &Value, field: &str) -> String {
    value.get(field).and_then(scalar).unwrap_or_default()
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A number, or a string holding one.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
