//! Events over time as a stacked bar chart drawn in SVG from Rust: the first place an incident
//! responder looks to find when something happened, and the way they zoom in on it (drag across
//! bars, or focus the chart and use the arrow keys and Enter).

use super::chart::format::{count_of, duration, svg_number, thousands, utc, utc_range};
use super::chart::palette::series_class;
use super::chart::scale::{nice_ticks, Band, Linear};
use super::chart::time_axis::time_ticks;
use super::insight_bands::{bands_svg, insights_list, PlotBox};
use super::shared_view::ViewPart;
use super::table_on_request::TableOnRequest;
use trailscope_core::insights::InsightBand;
use trailscope_core::query::timeline::{Stack, Timeline};
use web_sys::{Element, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// Drawing size in viewBox units; the SVG scales to its container's width.
const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 260.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;
const RIGHT: f64 = 24.0;
/// Approximate width of one axis-label character, to size the y axis' margin.
const CHAR_WIDTH: f64 = 6.5;
/// Horizontal ticks (and so time labels) at most.
const MAX_TIME_TICKS: usize = 8;
/// About half the width of a bold date under the time axis ("2025-01-06"), in viewBox units.
const CONTEXT_HALF_WIDTH: f64 = 40.0;
/// A drag shorter than this (viewBox units) is a click on one bucket.
const CLICK_SLOP: f64 = 4.0;

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

/// A drag in progress over the plot, in viewBox x units.
#[derive(Clone, Copy, PartialEq)]
struct Drag {
    anchor: f64,
    current: f64,
}

/// Everything positional the chart needs, computed once per timeline.
struct Layout {
    buckets: usize,
    totals: Vec<u64>,
    band: Band,
    y: Linear,
    y_ticks: Vec<u64>,
    left: f64,
    bottom: f64,
}

impl Layout {
    fn of(timeline: &Timeline) -> Self {
        let buckets = timeline.buckets();
        let totals: Vec<u64> = (0..buckets)
            .map(|b| {
                timeline
                    .series
                    .iter()
                    .map(|s| s.counts.get(b).copied().unwrap_or(0))
                    .sum()
            })
            .collect();
        let y_ticks = nice_ticks(totals.iter().copied().max().unwrap_or(0), 4);
        let top_tick = y_ticks.last().copied().unwrap_or(1);
        let widest = y_ticks.iter().map(|&t| thousands(t).len()).max().unwrap_or(1);
        let left = 14.0 + widest as f64 * CHAR_WIDTH;
        let bottom = HEIGHT - BOTTOM;
        Layout {
            buckets,
            totals,
            band: Band::new(buckets, left, WIDTH - RIGHT),
            y: Linear::new((0.0, top_tick as f64), (bottom, TOP)),
            y_ticks,
            left,
            bottom,
        }
    }

    /// `[first, last]` buckets covered by a drag (a short one covers just the bucket clicked).
    fn buckets_of(&self, drag: Drag) -> Option<(usize, usize)> {
        let (a, b) = if (drag.current - drag.anchor).abs() < CLICK_SLOP {
            (drag.anchor, drag.anchor)
        } else {
            (drag.anchor.min(drag.current), drag.anchor.max(drag.current))
        };
        Some((self.band.index_at(a)?, self.band.index_at(b)?))
    }
}

/// `[from, to)` of buckets `first..=last`.
fn range_of(timeline: &Timeline, first: usize, last: usize) -> (i64, i64) {
    let edge = |b: usize| {
        timeline
            .start
            .saturating_add(timeline.bucket_ms.saturating_mul(b as i64))
    };
    (edge(first), edge(last + 1))
}

/// How a series is named to people ("other" means the sources not shown by name).
fn series_name(label: &str, stack: Stack) -> String {
    match (stack, label) {
        (Stack::BySource, "other") => "other services".into(),
        _ => label.to_string(),
    }
}

/// The pointer's position in viewBox x units.
fn view_x(svg: &NodeRef, client_x: i32) -> Option<f64> {
    let rect = svg.cast::<Element>()?.get_bounding_client_rect();
    (rect.width() > 0.0).then(|| (f64::from(client_x) - rect.left()) / rect.width() * WIDTH)
}

/// The hatch drawn over error segments so they differ from success without colour.
fn hatch_overlay(x: f64, y: f64, width: f64, height: f64) -> Html {
    html! {
        <rect class="tsv-hatch" x={svg_number(x)} y={svg_number(y)} width={svg_number(width)}
            height={svg_number(height)} fill="url(#tsv-hatch-error)" aria-hidden="true" />
    }
}

/// The stacked bars: a group per bucket with one tooltip listing every series in it (a tooltip
/// per segment drew four times the elements, all redrawn at each filter change).
fn bars(timeline: &Timeline, stack: Stack, layout: &Layout) -> Html {
    let slot = layout.band.width();
    let gap = (slot * 0.15).min(2.0);
    let width = (slot - gap).max(slot * 0.5);
    let mut buckets: Vec<Html> = Vec::new();
    for (b, &total) in layout.totals.iter().enumerate() {
        if total == 0 {
            continue;
        }
        let (from, to) = range_of(timeline, b, b);
        let x = layout.band.x(b) + (slot - width) / 2.0;
        let mut below: u64 = 0;
        let mut floor = layout.bottom;
        let mut title = utc_range(from, to);
        let mut segments: Vec<Html> = Vec::new();
        for (k, series) in timeline.series.iter().enumerate() {
            let count = series.counts.get(b).copied().unwrap_or(0);
            if count == 0 {
                continue;
            }
            below += count;
            let top = layout.y.map(below as f64).min(floor - 1.0).max(TOP);
            let height = floor - top;
            title.push_str(&format!(
                "\n{}: {} events",
                series_name(&series.label, stack),
                thousands(count)
            ));
            let class = classes!("tsv-seg", series_class(stack, k, &series.label));
            segments.push(html! {
                <rect class={class} x={svg_number(x)} y={svg_number(top)} width={svg_number(width)}
                    height={svg_number(height)} />
            });
            if stack == Stack::ByOutcome && series.label == "error" {
                segments.push(hatch_overlay(x, top, width, height));
            }
            floor = top;
        }
        title.push_str(&format!("\nBucket total: {}", thousands(total)));
        buckets.push(html! {
            <g class="tsv-bar">
                <title>{ title }</title>
                { for segments }
            </g>
        });
    }
    html! { <g class="tsv-bars">{ for buckets }</g> }
}

fn axes(timeline: &Timeline, layout: &Layout) -> Html {
    let right = WIDTH - RIGHT;
    let y_ticks = layout.y_ticks.iter().map(|&t| {
        let y = layout.y.map(t as f64);
        html! {
            <g class="tsv-tick">
                <line class="tsv-grid" x1={svg_number(layout.left)} x2={svg_number(right)}
                    y1={svg_number(y)} y2={svg_number(y)} />
                <text class="tsv-axis-label" x={svg_number(layout.left - 6.0)} y={svg_number(y + 4.0)}
                    text-anchor="end">{ thousands(t) }</text>
            </g>
        }
    });
    let slot = layout.band.width();
    let x_ticks = time_ticks(timeline.start, layout.buckets, timeline.bucket_ms, MAX_TIME_TICKS)
        .into_iter()
        .map(|tick| {
            let x = layout.left + (tick.at - timeline.start) as f64 / timeline.bucket_ms as f64 * slot;
            let anchor = if x > right - 16.0 { "end" } else { "middle" };
            // The date under a tick near the left edge would stick out of the chart if centred.
            let context_anchor = if anchor == "middle" && x < CONTEXT_HALF_WIDTH {
                "start"
            } else {
                anchor
            };
            html! {
                <g class="tsv-tick">
                    <line class="tsv-axis" x1={svg_number(x)} x2={svg_number(x)}
                        y1={svg_number(layout.bottom)} y2={svg_number(layout.bottom + 4.0)} />
                    <text class="tsv-axis-label" x={svg_number(x)} y={svg_number(layout.bottom + 16.0)}
                        text-anchor={anchor}>{ tick.label }</text>
                    if let Some(context) = tick.context {
                        <text class="tsv-axis-context" x={svg_number(x)} y={svg_number(layout.bottom + 30.0)}
                            text-anchor={context_anchor}>{ context }</text>
                    }
                </g>
            }
        });
    html! {
        <g class="tsv-axes" aria-hidden="true">
            { for y_ticks }
            <line class="tsv-axis" x1={svg_number(layout.left)} x2={svg_number(right)}
                y1={svg_number(layout.bottom)} y2={svg_number(layout.bottom)} />
            { for x_ticks }
        </g>
    }
}

fn summary(timeline: &Timeline, stack: Stack, layout: &Layout) -> String {
    let total: u64 = layout.totals.iter().sum();
    let (from, to) = range_of(timeline, 0, layout.buckets.saturating_sub(1));
    let by = match stack {
        Stack::BySource => "by service",
        Stack::ByOutcome => "by outcome",
    };
    let peak = layout
        .totals
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
        .map(|(b, &n)| {
            format!(
                " Busiest bucket: {} with {} events.",
                utc(range_of(timeline, b, b).0),
                thousands(n)
            )
        })
        .unwrap_or_default();
    format!(
        "Events over time, {} events from {} in {} buckets of {}, stacked {by}.{peak}",
        thousands(total),
        utc_range(from, to),
        layout.buckets,
        duration(timeline.bucket_ms)
    )
}

/// The timeline's numbers, a row per bucket with events.
fn data_table(timeline: &Timeline, stack: Stack, layout: &Layout) -> Html {
    let rows = layout.totals.iter().enumerate().filter(|(_, &n)| n > 0).map(|(b, &total)| {
        let (from, to) = range_of(timeline, b, b);
        html! {
            <tr>
                <th scope="row">{ utc_range(from, to) }</th>
                { for timeline.series.iter().map(|s| html! { <td class="tsv-num">{ thousands(s.counts.get(b).copied().unwrap_or(0)) }</td> }) }
                <td class="tsv-num">{ thousands(total) }</td>
            </tr>
        }
    });
    html! {
        <table class="tsv-table">
            <caption>{ format!("Events per {} bucket (UTC); buckets without events are left out.", duration(timeline.bucket_ms)) }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Bucket (UTC)" }</th>
                    { for timeline.series.iter().map(|s| html! { <th scope="col" class="tsv-num">{ series_name(&s.label, stack) }</th> }) }
                    <th scope="col" class="tsv-num">{ "Total" }</th>
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

fn legend(timeline: &Timeline, stack: Stack) -> Html {
    let items = timeline.series.iter().enumerate().map(|(k, s)| {
        let total: u64 = s.counts.iter().sum();
        let hatch = (stack == Stack::ByOutcome && s.label == "error").then(|| hatch_overlay(0.0, 0.0, 12.0, 12.0));
        html! {
            <li>
                <svg class="tsv-swatch" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
                    <rect class={classes!("tsv-seg", series_class(stack, k, &s.label))} width="12" height="12" />
                    { for hatch }
                </svg>
                <span class="tsv-legend-label">{ series_name(&s.label, stack) }</span>
                <span class="tsv-legend-count">{ thousands(total) }</span>
            </li>
        }
    });
    html! { <ul class="tsv-legend" aria-label="Series">{ for items }</ul> }
}

/// The stacked timeline with its stack toggle, legend, zoom controls, keyboard read-out and a
/// screen-reader table of the same numbers.
#[component]
pub fn TimelineChart(props: &TimelineChartProps) -> Html {
    let svg_ref = use_node_ref();
    // The handlers read and write these directly rather than through state snapshots, so events
    // arriving faster than renders still see the latest drag and highlighted bucket.
    let drag = use_mut_ref(|| None::<Drag>);
    let highlight = use_mut_ref(|| None::<usize>);
    let redraw = use_force_update();
    let layout = use_memo(props.timeline.clone(), |timeline| Layout::of(timeline));
    // The bars (up to a thousand segments with their tooltips) are built once per timeline, not
    // on every pointer move of a drag.
    let bar_segments = use_memo((props.timeline.clone(), props.stack), |(timeline, stack)| {
        bars(timeline, *stack, &Layout::of(timeline))
    });
    let buckets = layout.buckets;
    {
        let (highlight, redraw) = (highlight.clone(), redraw.clone());
        let key = (props.timeline.start, props.timeline.bucket_ms, buckets);
        use_effect_with(key, move |_| {
            if highlight.borrow_mut().take().is_some() {
                redraw.force_update();
            }
        });
    }

    let stack_button = |stack: Stack, label: &'static str| {
        let on_stack = props.on_stack.clone();
        html! {
            <button type="button" class="tsv-toggle" aria-pressed={(props.stack == stack).to_string()}
                onclick={move |_| on_stack.emit(stack)}>{ label }</button>
        }
    };
    let reset = props.on_reset.reform(|_: MouseEvent| ());
    let header = html! {
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
    };

    if buckets == 0 || layout.totals.iter().all(|&n| n == 0) {
        return html! {
            <section class="tsv-panel tsv-timeline" aria-label="Events over time">
                { header }
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
        let (drag, svg_ref, redraw) = (drag.clone(), svg_ref.clone(), redraw.clone());
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
                *drag.borrow_mut() = Some(Drag { anchor: x, current: x });
                redraw.force_update();
            }
        }
    };
    let onpointermove = {
        let (drag, svg_ref, redraw) = (drag.clone(), svg_ref.clone(), redraw.clone());
        move |e: PointerEvent| {
            let started = *drag.borrow();
            if let (Some(d), Some(x)) = (started, view_x(&svg_ref, e.client_x())) {
                *drag.borrow_mut() = Some(Drag { current: x, ..d });
                redraw.force_update();
            }
        }
    };
    let onpointerup = {
        let (drag, svg_ref, layout, emit_range, redraw) = (
            drag.clone(),
            svg_ref.clone(),
            layout.clone(),
            emit_range.clone(),
            redraw.clone(),
        );
        move |e: PointerEvent| {
            let started = drag.borrow_mut().take();
            if let Some(d) = started {
                redraw.force_update();
                let current = view_x(&svg_ref, e.client_x()).unwrap_or(d.current);
                if let Some((first, last)) = layout.buckets_of(Drag { current, ..d }) {
                    emit_range(first, last);
                }
            }
        }
    };
    let onpointercancel = {
        let (drag, redraw) = (drag.clone(), redraw.clone());
        move |_: PointerEvent| {
            drag.borrow_mut().take();
            redraw.force_update();
        }
    };
    let onkeydown = {
        let (drag, highlight, on_reset, zoomed, redraw) = (
            drag.clone(),
            highlight.clone(),
            props.on_reset.clone(),
            props.zoomed,
            redraw.clone(),
        );
        move |e: KeyboardEvent| {
            let last = buckets - 1;
            let current = *highlight.borrow();
            let next = match (e.key().as_str(), current) {
                ("ArrowRight", Some(i)) => Some((i + 1).min(last)),
                ("ArrowRight", None) | ("Home", _) => Some(0),
                ("ArrowLeft", Some(i)) => Some(i.saturating_sub(1)),
                ("ArrowLeft", None) | ("End", _) => Some(last),
                ("Enter", Some(i)) => {
                    e.prevent_default();
                    emit_range(i, i);
                    return;
                }
                ("Escape", _) => {
                    let dragging = drag.borrow_mut().take().is_some();
                    if !dragging && zoomed {
                        on_reset.emit(());
                    }
                    *highlight.borrow_mut() = None;
                    redraw.force_update();
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            *highlight.borrow_mut() = next;
            redraw.force_update();
        }
    };

    let current_drag = *drag.borrow();
    let selection = current_drag.and_then(|d| layout.buckets_of(d)).map(|(first, last)| {
        let x = layout.band.x(first);
        let width = layout.band.x(last + 1) - x;
        html! {
            <rect class="tsv-brush" x={svg_number(x)} y={svg_number(TOP)} width={svg_number(width)}
                height={svg_number(layout.bottom - TOP)} />
        }
    });
    let highlighted = highlight.borrow().filter(|&i| i < buckets);
    let focus_mark = highlighted.map(|i| {
        html! {
            <rect class="tsv-highlight" x={svg_number(layout.band.x(i))} y={svg_number(TOP)}
                width={svg_number(layout.band.width())} height={svg_number(layout.bottom - TOP)} />
        }
    });
    let readout = match highlighted {
        Some(i) => {
            let (from, to) = range_of(timeline, i, i);
            let parts: Vec<String> = timeline
                .series
                .iter()
                .filter_map(|s| {
                    let n = s.counts.get(i).copied().unwrap_or(0);
                    (n > 0).then(|| format!("{} {}", series_name(&s.label, stack), thousands(n)))
                })
                .collect();
            let detail = if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            };
            format!(
                "{}: {} events{detail}. Enter zooms to this bucket.",
                utc_range(from, to),
                thousands(layout.totals[i])
            )
        }
        None => "Drag across the bars to zoom, or focus the chart and use ← → and Enter; Escape resets.".to_string(),
    };
    let plot_width = layout.band.x(buckets) - layout.left;

    html! {
        <section class="tsv-panel tsv-timeline" aria-label="Events over time">
            { header }
            <svg ref={svg_ref} class="tsv-timeline-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
                aria-label={summary(timeline, stack, &layout)} tabindex="0" onkeydown={onkeydown}
                onpointermove={onpointermove} onpointerup={onpointerup} onpointercancel={onpointercancel}>
                <defs>
                    <pattern id="tsv-hatch-error" patternUnits="userSpaceOnUse" width="6" height="6"
                        patternTransform="rotate(45)">
                        <line class="tsv-hatch-line" x1="0" y1="0" x2="0" y2="6" />
                    </pattern>
                </defs>
                { axes(timeline, &layout) }
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
                    <g class="tsv-overlay">
                        { for selection }
                        { for focus_mark }
                    </g>
                </g>
            </svg>
            <p class="tsv-caption">{ format!("Time in UTC, {} buckets.", duration(timeline.bucket_ms)) }</p>
            { outside_note(timeline, &props.on_brush) }
            { legend(timeline, stack) }
            { insights_list(&props.insights, props.insights_total) }
            <p class="tsv-readout" aria-live="polite">{ readout }</p>
            <TableOnRequest label="Events over time as a table" table={{
                let (timeline, layout) = (timeline.clone(), layout.clone());
                Callback::from(move |()| data_table(&timeline, stack, &layout))
            }} />
        </section>
    }
}

/// Says how many events the drawn range leaves out (see `timeline::focus`) and offers the whole
/// span: a responder must not miss the one event from years before the rest.
fn outside_note(timeline: &Timeline, on_zoom: &Callback<(i64, i64)>) -> Html {
    let Some(whole) = timeline.whole.filter(|_| timeline.outside > 0) else {
        return Html::default();
    };
    let show = on_zoom.reform(move |_: MouseEvent| whole);
    let verb = if timeline.outside == 1 { "lies" } else { "lie" };
    html! {
        <p class="tsv-outside" role="note" data-testid="timeline-outside">
            { format!(
                "{} {verb} far from all the others and {} not drawn; the events span {}. ",
                count_of(timeline.outside, "event"),
                if timeline.outside == 1 { "is" } else { "are" },
                utc_range(whole.0, whole.1 - 1)
            ) }
            <button type="button" class="tsv-button" onclick={show}>{ "Show the whole span" }</button>
        </p>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use trailscope_core::query::timeline::Series;

    fn timeline() -> Timeline {
        Timeline {
            start: 1_736_121_600_000,
            bucket_ms: 300_000,
            series: vec![
                Series {
                    label: "s3.amazonaws.com".into(),
                    counts: vec![3, 0, 1, 0],
                },
                Series {
                    label: "other".into(),
                    counts: vec![1, 0, 0, 2],
                },
            ],
            ..Timeline::default()
        }
    }

    #[test]
    fn layout_totals_and_axis_cover_the_busiest_bucket() {
        let layout = Layout::of(&timeline());
        assert_eq!(layout.buckets, 4);
        assert_eq!(layout.totals, vec![4, 0, 1, 2]);
        assert_eq!(layout.y_ticks.last(), Some(&4));
        assert_eq!(layout.y.map(4.0), TOP);
        assert_eq!(layout.y.map(0.0), HEIGHT - BOTTOM);
    }

    #[test]
    fn drags_select_whole_buckets_and_a_click_selects_one() {
        let t = timeline();
        let layout = Layout::of(&t);
        let mid = |b: usize| layout.band.x(b) + layout.band.width() / 2.0;
        assert_eq!(
            layout.buckets_of(Drag {
                anchor: mid(2),
                current: mid(2) + 1.0
            }),
            Some((2, 2))
        );
        assert_eq!(
            layout.buckets_of(Drag {
                anchor: mid(3),
                current: mid(1)
            }),
            Some((1, 3))
        );
        assert_eq!(
            layout.buckets_of(Drag {
                anchor: -50.0,
                current: 5000.0
            }),
            Some((0, 3))
        );
        assert_eq!(range_of(&t, 1, 3), (t.start + 300_000, t.start + 1_200_000));
    }

    #[test]
    fn summary_and_names_read_as_sentences() {
        let t = timeline();
        let text = summary(&t, Stack::BySource, &Layout::of(&t));
        assert_eq!(
            text,
            "Events over time, 7 events from 2025-01-06 00:00:00–00:20:00 UTC in 4 buckets of 5 min, stacked by \
             service. Busiest bucket: 2025-01-06 00:00:00 UTC with 4 events."
        );
        assert_eq!(series_name("other", Stack::BySource), "other services");
        assert_eq!(series_name("error", Stack::ByOutcome), "error");
    }
}
