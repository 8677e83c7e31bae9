//! A compact histogram of events over time for the page's sticky top bar: total events per bucket
//! with the failed calls in the error colour on top, brushed, pointed at and walked with the keys
//! exactly as the timeline is (its `brush` and `pointer`), and read out in a few words. It redraws
//! on every filter change, so its bars are two SVG paths, not a shape per bucket.

use super::chart::format::{count_of, duration, svg_number, utc_range};
use super::chart::scale::{Band, Linear};
use super::shared_view::ViewPart;
use super::timeline::layout::{range_of, totals};
use super::timeline::pointer::{use_brushing, Chart};
use super::timeline::words::bucket_short;
use trailscope_core::query::timeline::Timeline;
use yew::prelude::*;

/// Drawing width in viewBox units; the SVG is stretched to its container's width.
const WIDTH: f64 = 800.0;
/// Drawing height in viewBox units, drawn 56 px tall (static/views.css), so one unit is a pixel.
const HEIGHT: f64 = 56.0;
/// Space kept above the tallest bar, for the cursor to show over it.
const HEADROOM: f64 = 4.0;

/// Props of [`Histogram`].
#[derive(Properties, PartialEq, Clone)]
pub struct HistogramProps {
    /// The bucketed counts to draw (the view's timeline, whatever its stacking).
    pub timeline: ViewPart<Timeline>,
    /// Whether a time range is applied: Escape and "Reset" then drop it.
    pub zoomed: bool,
    /// Asks to zoom to `[from, to)` (UTC ms, on bucket edges).
    pub on_brush: Callback<(i64, i64)>,
    /// Asks to drop the zoom.
    pub on_reset: Callback<()>,
}

/// The bars of a timeline: one path for the events that succeeded, one for those that failed.
#[derive(PartialEq)]
struct Bars {
    totals: Vec<u64>,
    band: Band,
    succeeded: String,
    failed: String,
}

impl Bars {
    fn of(timeline: &Timeline) -> Self {
        let totals = totals(timeline);
        let band = Band::new(totals.len(), 0.0, WIDTH);
        let max = totals.iter().copied().max().unwrap_or(0).max(1);
        let y = Linear::new((0.0, max as f64), (HEIGHT, HEADROOM));
        let slot = band.width();
        let width = (slot - (slot * 0.15).min(1.0)).max(slot * 0.5);
        let (mut succeeded, mut failed) = (String::new(), String::new());
        // A bucket with any event stays at least a unit tall, however busy the others are.
        let top = |n: u64| y.map(n as f64).min(HEIGHT - 1.0);
        let bar = |path: &mut String, x: f64, bottom: f64, top: f64| {
            path.push_str(&format!(
                "M{} {}V{}h{}V{}Z",
                svg_number(x),
                svg_number(bottom),
                svg_number(top),
                svg_number(width),
                svg_number(bottom)
            ));
        };
        for (b, &total) in totals.iter().enumerate().filter(|(_, &n)| n > 0) {
            let errors = timeline.errors.get(b).copied().unwrap_or(0).min(total);
            let x = band.x(b) + (slot - width) / 2.0;
            let ok_top = if errors == total { HEIGHT } else { top(total - errors) };
            if errors < total {
                bar(&mut succeeded, x, HEIGHT, ok_top);
            }
            if errors > 0 {
                bar(&mut failed, x, ok_top, top(total).min(ok_top - 1.0));
            }
        }
        Bars {
            totals,
            band,
            succeeded,
            failed,
        }
    }
}

/// The events over time as a strip a few lines tall: drag to zoom, or focus it and use ← →,
/// Enter and Escape; the read-out beside it names the bucket pointed at.
#[component]
pub fn Histogram(props: &HistogramProps) -> Html {
    let svg_ref = use_node_ref();
    let bars = use_memo(props.timeline.clone(), |timeline| Bars::of(timeline));
    let buckets = bars.totals.len();
    let brushing = use_brushing(
        svg_ref.clone(),
        (props.timeline.start, props.timeline.bucket_ms, buckets),
    );
    let timeline = &props.timeline;
    let total: u64 = bars.totals.iter().sum();
    let reset = props.zoomed.then(|| {
        let on_reset = props.on_reset.reform(|_: MouseEvent| ());
        html! { <button type="button" class="tsv-button tsv-hist-reset" onclick={on_reset}>{ "Reset zoom" }</button> }
    });
    if total == 0 {
        return html! {
            <div class="tsv-histogram">
                <p class="tsv-hist-readout">{ "No dated events" }{ if props.zoomed { " in this time range." } else { "." } }</p>
                { for reset }
            </div>
        };
    }
    let zoom = {
        let (on_brush, timeline) = (props.on_brush.clone(), timeline.clone());
        Callback::from(move |(first, last): (usize, usize)| on_brush.emit(range_of(&timeline, first, last)))
    };
    let chart = Chart {
        width: WIDTH,
        band: bars.band,
        buckets,
        zoomed: props.zoomed,
    };
    let on = brushing.handlers(chart, zoom, props.on_reset.clone());
    let shown = brushing.state();
    let highlighted = shown.highlighted(buckets);
    let (from, to) = range_of(timeline, 0, buckets - 1);
    let readout = match highlighted.or(shown.pointed(buckets)) {
        Some(b) => bucket_short(timeline, &bars.totals, b),
        None => format!("{} in {}", count_of(total, "event"), utc_range(from, to)),
    };
    let column = |class: &'static str, b: usize| {
        html! {
            <rect class={class} x={svg_number(bars.band.x(b))} y="0" width={svg_number(bars.band.width())}
                height={svg_number(HEIGHT)} />
        }
    };
    let label = format!(
        "Events over time: {} from {} in buckets of {}. Use ← → to pick a bucket and Enter to zoom to it.",
        count_of(total, "event"),
        utc_range(from, to),
        duration(timeline.bucket_ms)
    );
    html! {
        <div class="tsv-histogram">
            <svg ref={svg_ref} class="tsv-histogram-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")}
                preserveAspectRatio="none" role="img" aria-label={label} tabindex="0" onkeydown={on.key}
                onpointerdown={on.down} onpointermove={on.moved} onpointerup={on.up}
                onpointercancel={on.cancel} onpointerleave={on.leave}>
                <path class="tsv-hist-ok" d={bars.succeeded.clone()} />
                <path class="tsv-hist-error" d={bars.failed.clone()} />
                { for shown.selection(&bars.band).map(|(first, last)| html! {
                    <rect class="tsv-brush" x={svg_number(bars.band.x(first))} y="0"
                        width={svg_number(bars.band.x(last + 1) - bars.band.x(first))} height={svg_number(HEIGHT)} />
                }) }
                { for highlighted.map(|b| column("tsv-highlight", b)) }
            </svg>
            <p class="tsv-hist-readout" aria-live={if highlighted.is_some() { "polite" } else { "off" }}>{ readout }</p>
            { for reset }
        </div>
    }
}
