//! Events over time as a stacked bar chart drawn in SVG from Rust: the first place an incident
//! responder looks to find when something happened, and the way they zoom in on it (drag across
//! bars, or focus the chart and use the arrow keys and Enter). `layout` places the parts, `draw`
//! draws them, and `brush` follows the drag and the keys.

mod brush;
mod draw;
mod layout;

use super::chart::format::{duration, svg_number};
use super::insight_bands::{bands_svg, insights_list, PlotBox};
use super::shared_view::ViewPart;
use super::table_on_request::TableOnRequest;
use brush::{Brush, KeyEffect};
use layout::{range_of, Layout, HEIGHT, TOP, WIDTH};
use std::cell::RefCell;
use std::rc::Rc;
use trailscope_core::insights::InsightBand;
use trailscope_core::query::timeline::{Stack, Timeline};
use web_sys::{Element, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// Props of [`TimelineChart`].
#[derive(Properties, PartialEq, Clone)]
pub struct TimelineChartProps {
    /// The bucketed counts to draw.
    pub timeline: ViewPart<Timeline>,
    /// How the bars are split, shown on the toggle.
    pub stack: Stack,
    /// Asks for the other stacking.
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

/// The pointer's position in viewBox x units.
fn view_x(svg: &NodeRef, client_x: i32) -> Option<f64> {
    let rect = svg.cast::<Element>()?.get_bounding_client_rect();
    (rect.width() > 0.0).then(|| (f64::from(client_x) - rect.left()) / rect.width() * WIDTH)
}

/// Changes the brush and draws it again if that changed it; returns what `change` returned.
fn update<T>(brush: &RefCell<Brush>, redraw: &UseForceUpdateHandle, change: impl FnOnce(&mut Brush) -> T) -> T {
    let before = *brush.borrow();
    let out = change(&mut brush.borrow_mut());
    if *brush.borrow() != before {
        redraw.force_update();
    }
    out
}

/// The chart's title, stack toggle and "Reset zoom".
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
            </div>
            if props.zoomed {
                <button type="button" class="tsv-button" onclick={reset}>{ "Reset zoom" }</button>
            }
        </div>
    }
}

/// The stacked timeline with its stack toggle, legend, zoom controls, keyboard read-out and a
/// screen-reader table of the same numbers.
#[component]
pub fn TimelineChart(props: &TimelineChartProps) -> Html {
    let svg_ref = use_node_ref();
    // The handlers read and write the brush directly rather than through state snapshots, so
    // events arriving faster than renders still see the latest drag and highlighted bucket.
    let brush: Rc<RefCell<Brush>> = use_mut_ref(Brush::default);
    let redraw = use_force_update();
    let layout = use_memo(props.timeline.clone(), |timeline| Layout::of(timeline));
    // The bars (up to a thousand segments with their tooltips) are built once per timeline, not
    // on every pointer move of a drag.
    let bar_segments = use_memo(props.timeline.clone(), |timeline| {
        draw::bars(timeline, &Layout::of(timeline))
    });
    let buckets = layout.buckets;
    {
        let (brush, redraw) = (brush.clone(), redraw.clone());
        let key = (props.timeline.start, props.timeline.bucket_ms, buckets);
        use_effect_with(key, move |_| update(&brush, &redraw, Brush::forget_highlight));
    }

    if buckets == 0 || layout.totals.iter().all(|&n| n == 0) {
        return html! {
            <section class="tsv-panel tsv-timeline" aria-label="Events over time">
                { header(props) }
                <p class="tsv-empty">{ "No dated events" }{ if props.zoomed { " in this time range." } else { "." } }</p>
            </section>
        };
    }

    let timeline = &props.timeline;
    let stack = props.stack;
    let emit_range = {
        let on_brush = props.on_brush.clone();
        let timeline = timeline.clone();
        move |first: usize, last: usize| on_brush.emit(range_of(&timeline, first, last))
    };

    let onpointerdown = {
        let (brush, svg_ref, redraw) = (brush.clone(), svg_ref.clone(), redraw.clone());
        move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            if let Some(x) = view_x(&svg_ref, e.client_x()) {
                if let Some(svg) = svg_ref.cast::<Element>() {
                    // Capture keeps the drag going outside the plot; without it the drag still
                    // works inside, so a refusal is harmless.
                    let _ = svg.set_pointer_capture(e.pointer_id());
                }
                e.prevent_default();
                update(&brush, &redraw, |b| b.press(x));
            }
        }
    };
    let onpointermove = {
        let (brush, svg_ref, redraw) = (brush.clone(), svg_ref.clone(), redraw.clone());
        move |e: PointerEvent| {
            if let Some(x) = view_x(&svg_ref, e.client_x()) {
                update(&brush, &redraw, |b| b.drag_to(x));
            }
        }
    };
    let onpointerup = {
        let (brush, svg_ref, layout, emit_range, redraw) = (
            brush.clone(),
            svg_ref.clone(),
            layout.clone(),
            emit_range.clone(),
            redraw.clone(),
        );
        move |e: PointerEvent| {
            let x = view_x(&svg_ref, e.client_x());
            if let Some((first, last)) = update(&brush, &redraw, |b| b.release(x, &layout.band)) {
                emit_range(first, last);
            }
        }
    };
    let onpointercancel = {
        let (brush, redraw) = (brush.clone(), redraw.clone());
        move |_: PointerEvent| update(&brush, &redraw, Brush::cancel)
    };
    let onkeydown = {
        let (brush, on_reset, zoomed, redraw) = (brush.clone(), props.on_reset.clone(), props.zoomed, redraw.clone());
        move |e: KeyboardEvent| match update(&brush, &redraw, |b| b.key(&e.key(), buckets, zoomed)) {
            KeyEffect::Pass => {}
            KeyEffect::Taken => e.prevent_default(),
            KeyEffect::Zoom(i) => {
                e.prevent_default();
                emit_range(i, i);
            }
            KeyEffect::Reset => on_reset.emit(()),
        }
    };

    let shown = *brush.borrow();
    let highlighted = shown.highlighted(buckets);
    let plot_width = layout.band.x(buckets) - layout.left;

    html! {
        <section class="tsv-panel tsv-timeline" aria-label="Events over time">
            { header(props) }
            <svg ref={svg_ref} class="tsv-timeline-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
                aria-label={draw::summary(timeline, stack, &layout)} tabindex="0" onkeydown={onkeydown}
                onpointermove={onpointermove} onpointerup={onpointerup} onpointercancel={onpointercancel}>
                { draw::hatch_defs() }
                { draw::axes(timeline, &layout) }
                <g class="tsv-plot" onpointerdown={onpointerdown}>
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
            <p class="tsv-caption">{ format!("Time in UTC, {} buckets.", duration(timeline.bucket_ms)) }</p>
            { draw::outside_note(timeline, &props.on_brush) }
            { draw::legend(timeline) }
            { insights_list(&props.insights, props.insights_total) }
            <p class="tsv-readout" aria-live="polite">{ draw::readout(timeline, &layout, highlighted) }</p>
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
                aria-label={draw::summary(timeline, Stack::ByOutcome, &layout)}>
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
