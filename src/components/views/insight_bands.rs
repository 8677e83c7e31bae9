//! CloudTrail Insights periods on the timeline: a shaded band over the time of each unusual
//! burst of calls or errors, and beside the chart the same periods as a list with their rates
//! (baseline vs insight) and what the activity is attributed to.

use super::chart::format::{svg_number, utc, utc_range};
use trailscope_core::insights::{Attribution, Insight, InsightBand};
use yew::prelude::*;

/// Where the plot is: its time span and its box in SVG units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotBox {
    /// The time at `left` (UTC ms).
    pub from: i64,
    /// The time at `right` (UTC ms).
    pub to: i64,
    /// Left edge.
    pub left: f64,
    /// Right edge.
    pub right: f64,
    /// Top edge.
    pub top: f64,
    /// Bottom edge.
    pub bottom: f64,
}

impl PlotBox {
    fn x(&self, t: i64) -> f64 {
        let span = (self.to - self.from).max(1) as f64;
        self.left + (t.clamp(self.from, self.to) - self.from) as f64 / span * (self.right - self.left)
    }
}

/// What the insight is about, in words: "call rate of ec2 RunInstances".
fn subject(insight: &Insight) -> String {
    let service = insight.source.trim_end_matches(".amazonaws.com");
    if insight.insight_type == "ApiErrorRateInsight" {
        format!("error rate ({}) of {service} {}", insight.error_code, insight.operation)
    } else {
        format!("call rate of {service} {}", insight.operation)
    }
}

/// "12.5 calls a minute against a baseline of 0.4".
fn rates(insight: &Insight) -> String {
    let unit = if insight.insight_type == "ApiErrorRateInsight" {
        "errors"
    } else {
        "calls"
    };
    match (insight.statistics.insight_average, insight.statistics.baseline_average) {
        (Some(insight), Some(baseline)) => {
            format!("{insight:.2} {unit} a minute against a baseline of {baseline:.2}")
        }
        (Some(insight), None) => format!("{insight:.2} {unit} a minute"),
        _ => "rates not logged".into(),
    }
}

/// "when": the period, or the end that is known.
fn period(band: &InsightBand) -> String {
    match (band.start, band.end) {
        (Some(start), Some(end)) => utc_range(start, end),
        (Some(start), None) => format!("from {} (its end is not loaded)", utc(start)),
        (None, Some(end)) => format!("until {} (its start is not loaded)", utc(end)),
        (None, None) => "undated".into(),
    }
}

/// The top value of each attribution, e.g. "userIdentityArn: arn:…:role/ci (10.2 vs 0.1)".
fn attributed(attribution: &Attribution) -> String {
    let top = attribution.insight.first();
    let baseline = top.and_then(|t| attribution.baseline.iter().find(|b| b.value == t.value));
    match (top, baseline) {
        (Some(t), Some(b)) => format!(
            "{}: {} ({:.2} vs {:.2})",
            attribution.attribute, t.value, t.average, b.average
        ),
        (Some(t), None) => format!("{}: {} ({:.2})", attribution.attribute, t.value, t.average),
        (None, _) => format!("{}: —", attribution.attribute),
    }
}

/// The bands within the plot, behind the bars.
pub fn bands_svg(bands: &[InsightBand], plot: PlotBox) -> Html {
    let shown = bands.iter().filter_map(|band| {
        let start = band.start.unwrap_or(plot.from);
        let end = band.end.unwrap_or(plot.to);
        if end < plot.from || start > plot.to {
            return None;
        }
        let (x0, x1) = (plot.x(start), plot.x(end));
        let width = (x1 - x0).max(2.0);
        let class = if band.insight.insight_type == "ApiErrorRateInsight" {
            "tsv-insight error"
        } else {
            "tsv-insight"
        };
        Some(html! {
            <rect class={class} x={svg_number(x0)} y={svg_number(plot.top)} width={svg_number(width)}
                height={svg_number(plot.bottom - plot.top)} data-testid="insight-band">
                <title>{ format!("Insight: {}\n{}\n{}", subject(&band.insight), period(band), rates(&band.insight)) }</title>
            </rect>
        })
    });
    html! { <g class="tsv-insights">{ for shown }</g> }
}

/// The bands as a list, the text alternative of the shading and where the details are.
pub fn insights_list(bands: &[InsightBand], total: u64) -> Html {
    if bands.is_empty() {
        return Html::default();
    }
    let item = |band: &InsightBand| {
        let insight = &band.insight;
        html! {
            <li data-testid="insight">
                <strong>{ format!("Unusual {}", subject(insight)) }</strong>
                { format!(" · {} · {} · {}/{}", period(band), rates(insight), insight.account, insight.region) }
                if !insight.attributions.is_empty() {
                    <ul class="tsv-insight-attributions">
                        { for insight.attributions.iter().map(|a| html! { <li>{ attributed(a) }</li> }) }
                    </ul>
                }
            </li>
        }
    };
    html! {
        <div class="tsv-insights-list">
            <h3 class="tsv-subtitle">{ format!("CloudTrail Insights ({total})") }</h3>
            <ul>{ for bands.iter().map(item) }</ul>
        </div>
    }
}
