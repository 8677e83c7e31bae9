//! Events over time as a stacked bar chart drawn in SVG from Rust: the first place an incident
//! responder looks to find when something happened, and the way they zoom in on it (drag across
//! bars, or focus the chart and use the arrow keys and Enter). `layout` places the parts, `draw`
//! draws them, `words` says them, `brush` follows the drag and the keys and `pointer` feeds it
//! the chart's events (the top bar's histogram uses the same three).

pub(super) mod brush;
mod draw;
pub(super) mod layout;
pub(super) mod pointer;
pub(super) mod words;

use super::chart::format::{duration, svg_number};
use super::insight_bands::{bands_svg, insights_list, PlotBox};
use super::shared_view::ViewPart;
use super::table_on_request::TableOnRequest;
use layout::{range_of, Layout, HEIGHT, TOP, WIDTH};
use pointer::{use_brushing, Chart};
use std::rc::Rc;
use trailscope_core::insights::InsightBand;
use trailscope_core::query::timeline::{Stack, Timeline};
use yew::prelude::*;

/// Props of [`TimelineChart`].
#[derive(Properties, PartialEq, Clone)]
pub struct TimelineChartProps {
    /// The bucketed counts to draw.
    pub timeline: ViewPart<Timeline>,
    /// How the bars are split, shown on the toggles.
    pub stack: Stack,
    /// Asks for another stacking.
    pub on_stack: Callback<Stack>,
    /// Asks to zoom to `[from, to)` (UTC ms, on bucket edges): the parent sets the filter's time
    /// range.
    pub on_brush: Callback<(i64, i64)>,
    /// CloudTrail Insights periods to shade.
    pub insights: ViewPart<Vec<InsightBand>>,
    /// Insights periods in the view in all.
    pub insights_total: u64,
    /// Asks to drop the zoom: the parent clears the filter's time range.
    pub on_reset: Callback<()>,
    /// Whether a time range is applied, which shows "Reset zoom".
    pub zoomed: bool,
}

/// The chart's title, stack toggles and "Reset zoom".
fn header(props: &TimelineChartProps) -> Html {
    let stack_button = |stack: Stack, label: &'static str| {
        let on_stack = props.on_stack.clone();
        html! {
            <button type="button" class="tsv-toggle" aria-pressed={(props.stack == stack).to_string()}
                onclick={move |_| on_stack.emit(stack)}>{ label }</button>
        }
    };
    let reset = props.on_reset.reform(|_: MouseEvent| ());
    html! {
        <div class="tsv-chart-header">
            <h2 class="tsv-title">{ "Events over time" }</h2>
            <div class="tsv-toggle-group" role="group" aria-label="Stack bars">
                { stack_button(Stack::BySource, "By service") }
                { stack_button(Stack::ByOutcome, "By outcome") }
                { stack_button(Stack::ByPrincipal, "By principal") }
                { stack_button(Stack::ByIp, "By source IP") }
            </div>
            if props.zoomed {
                <button type="button" class="tsv-button" onclick={reset}>{ "Reset zoom" }</button>
            }
        </div>
    }
}

/// The stacked timeline with its stack toggles, findings' marks, legend, zoom controls, a
/// read-out of the bucket pointed at or picked with the keys, and a table of the same numbers.
#[component]
pub fn TimelineChart(props: &TimelineChartProps) -> Html {
    let svg_ref = use_node_ref();
    let layout = use_memo(props.timeline.clone(), |timeline| Layout::of(timeline));
    // The bars (up to a thousand segments with their tooltips) are built once per timeline, not
    // on every pointer move of a drag.
    let bar_segments = use_memo(props.timeline.clone(), |timeline| {
        let layout = Layout::of(timeline);
        html! { <>{ draw::bars(timeline, &layout) }{ draw::finding_marks(timeline, &layout) }</> }
    });
    let buckets = layout.buckets;
    let brushing = use_brushing(
        svg_ref.clone(),
        (props.timeline.start, props.timeline.bucket_ms, buckets),
    );

    if buckets == 0 || layout.totals.iter().all(|&n| n == 0) {
        return html! {
            <section class="tsv-panel tsv-timeline" aria-label="Events over time">
                { header(props) }
                <p class="tsv-empty">{ "No dated events" }{ if props.zoomed { " in this time range." } else { "." } }</p>
            </section>
        };
    }

    let timeline = &props.timeline;
    let zoom = {
        let (on_brush, timeline) = (props.on_brush.clone(), timeline.clone());
        Callback::from(move |(first, last): (usize, usize)| on_brush.emit(range_of(&timeline, first, last)))
    };
    let chart = Chart {
        width: WIDTH,
        band: layout.band,
        buckets,
        zoomed: props.zoomed,
    };
    let on = brushing.handlers(chart, zoom, props.on_reset.clone());
    let shown = brushing.state();
    let highlighted = shown.highlighted(buckets);
    let (readout, announced) = words::readout(timeline, &layout.totals, highlighted, shown.pointed(buckets));
    let plot_width = layout.band.x(buckets) - layout.left;

    html! {
        <section class="tsv-panel tsv-timeline" aria-label="Events over time">
            { header(props) }
            <svg ref={svg_ref} class="tsv-timeline-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
                aria-label={words::summary(timeline, &layout.totals)} tabindex="0" onkeydown={on.key}
                onpointermove={on.moved} onpointerup={on.up} onpointercancel={on.cancel}
                onpointerleave={on.leave}>
                { draw::hatch_defs() }
                { draw::axes(timeline, &layout) }
                <g class="tsv-plot" onpointerdown={on.down}>
                    <rect class="tsv-plot-bg" x={svg_number(layout.left)} y={svg_number(TOP)}
                        width={svg_number(plot_width)} height={svg_number(layout.bottom - TOP)} />
                    { bands_svg(&props.insights, PlotBox {
                        from: timeline.start,
                        to: range_of(timeline, 0, buckets.saturating_sub(1)).1,
                        left: layout.left,
                        right: layout.left + plot_width,
                        top: TOP,
                        bottom: layout.bottom,
                    }) }
                    { (*bar_segments).clone() }
                    { draw::brush_marks(&layout, shown.selection(&layout.band), highlighted) }
                </g>
            </svg>
            <p class="tsv-readout" aria-live={if announced { "polite" } else { "off" }}>{ readout }</p>
            <p class="tsv-caption">{ format!("Time in UTC, {} buckets.", duration(timeline.bucket_ms)) }</p>
            { draw::outside_note(timeline, &props.on_brush) }
            { draw::legend(timeline) }
            { insights_list(&props.insights, props.insights_total) }
            <TableOnRequest label="Events over time as a table" table={{
                let (timeline, layout) = (timeline.clone(), layout.clone());
                Callback::from(move |()| draw::data_table(&timeline, &layout))
            }} />
        </section>
    }
}

/// A timeline drawn without its controls, stacked by outcome: an entity page's, whose events
/// are all of the entity's and not the filter's, so there is nothing to zoom or restack.
pub fn outcome_figure(timeline: &Timeline) -> Html {
    let layout = Rc::new(Layout::of(timeline));
    if layout.buckets == 0 || layout.totals.iter().all(|&n| n == 0) {
        return html! { <p class="tsv-empty">{ "No dated events." }</p> };
    }
    let table = {
        let (timeline, layout) = (timeline.clone(), layout.clone());
        Callback::from(move |()| draw::data_table(&timeline, &layout))
    };
    html! {
        <figure class="tsv-timeline tsv-timeline-static">
            <svg class="tsv-timeline-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
                aria-label={words::summary(timeline, &layout.totals)}>
                { draw::hatch_defs() }
                { draw::axes(timeline, &layout) }
                <g class="tsv-plot">{ draw::bars(timeline, &layout) }</g>
            </svg>
            <figcaption class="tsv-caption">{ format!("Time in UTC, {} buckets.", duration(timeline.bucket_ms)) }</figcaption>
            { draw::legend(timeline) }
            <TableOnRequest label="Events over time as a table" {table} />
        </figure>
    }
}
