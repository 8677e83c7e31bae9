//! The timeline's parts as SVG and HTML: bars, axes, the findings' marks, legend, the brush's
//! marks, the table and the note on events left out. Each is a function of the timeline and its
//! layout; the words they hold come from [`super::words`].

use super::layout::{range_of, Layout, MARKS_Y, RIGHT, TOP, WIDTH};
use super::words::{findings_in, series_full_name, series_name};
use crate::components::views::chart::format::{count_of, duration, svg_number, thousands, utc_range};
use crate::components::views::chart::palette::series_class;
use crate::components::views::chart::time_axis::time_ticks;
use trailscope_core::findings::Severity;
use trailscope_core::query::timeline::{SeriesKey, Timeline};
use yew::prelude::*;

/// Horizontal ticks (and so time labels) at most.
const MAX_TIME_TICKS: usize = 8;
/// About half the width of a bold date under the time axis ("2025-01-06"), in viewBox units.
const CONTEXT_HALF_WIDTH: f64 = 40.0;

/// The pattern of the hatch drawn over error segments, for a chart's `<svg>`.
pub fn hatch_defs() -> Html {
    html! {
        <defs>
            <pattern id="tsv-hatch-error" patternUnits="userSpaceOnUse" width="6" height="6"
                patternTransform="rotate(45)">
                <line class="tsv-hatch-line" x1="0" y1="0" x2="0" y2="6" />
            </pattern>
        </defs>
    }
}

/// The hatch drawn over error segments so they differ from success without colour.
fn hatch_overlay(key: &SeriesKey, x: f64, y: f64, width: f64, height: f64) -> Option<Html> {
    (*key == SeriesKey::Error).then(|| {
        html! {
            <rect class="tsv-hatch" x={svg_number(x)} y={svg_number(y)} width={svg_number(width)}
                height={svg_number(height)} fill="url(#tsv-hatch-error)" aria-hidden="true" />
        }
    })
}

/// The stacked bars: a group per bucket with one tooltip listing every series in it (a tooltip
/// per segment drew four times the elements, all redrawn at each filter change).
pub fn bars(timeline: &Timeline, layout: &Layout) -> Html {
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
                series_full_name(&series.key, timeline.stack),
                thousands(count)
            ));
            let class = classes!("tsv-seg", series_class(k, &series.key));
            segments.push(html! {
                <rect class={class} x={svg_number(x)} y={svg_number(top)} width={svg_number(width)}
                    height={svg_number(height)} />
            });
            segments.extend(hatch_overlay(&series.key, x, top, width, height));
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

/// The count axis with its grid lines, and the time axis with a date under the first tick of
/// each day.
pub fn axes(timeline: &Timeline, layout: &Layout) -> Html {
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

/// The findings' marks above the bars: a diamond over each bucket holding some of their events,
/// in the colour of the most severe, its tooltip naming each finding and its count (the read-out
/// says the same from the keyboard).
pub fn finding_marks(timeline: &Timeline, layout: &Layout) -> Html {
    let mut severest: Vec<Option<Severity>> = vec![None; layout.buckets];
    for mark in &timeline.marks {
        for &(b, _) in &mark.buckets {
            if let Some(slot) = severest.get_mut(b as usize) {
                *slot = (*slot).max(Some(mark.severity));
            }
        }
    }
    let slot = layout.band.width();
    let half = (slot / 2.0).clamp(2.5, 5.0);
    let marks = severest.iter().enumerate().filter_map(|(b, severity)| {
        let severity = (*severity)?;
        let (from, to) = range_of(timeline, b, b);
        let title = format!(
            "Findings in {}: {}",
            utc_range(from, to),
            findings_in(timeline, b).join("; ")
        );
        let x = layout.band.x(b) + slot / 2.0;
        let d = format!(
            "M{} {}l{h} {h}l-{h} {h}l-{h} -{h}Z",
            svg_number(x),
            svg_number(MARKS_Y - half),
            h = svg_number(half)
        );
        Some(html! {
            <g class={classes!("tsv-mark", format!("tsv-mark-{}", severity.label()))}>
                <title>{ title }</title>
                <path {d} />
            </g>
        })
    });
    html! { <g class="tsv-marks">{ for marks }</g> }
}

/// The drag's selection and the highlighted bucket, over the bars.
pub fn brush_marks(layout: &Layout, selection: Option<(usize, usize)>, highlighted: Option<usize>) -> Html {
    let height = svg_number(layout.bottom - TOP);
    let selection = selection.map(|(first, last)| {
        let x = layout.band.x(first);
        let width = layout.band.x(last + 1) - x;
        html! {
            <rect class="tsv-brush" x={svg_number(x)} y={svg_number(TOP)} width={svg_number(width)}
                height={height.clone()} />
        }
    });
    let focus_mark = highlighted.map(|i| {
        html! {
            <rect class="tsv-highlight" x={svg_number(layout.band.x(i))} y={svg_number(TOP)}
                width={svg_number(layout.band.width())} height={height.clone()} />
        }
    });
    html! {
        <g class="tsv-overlay">
            { for selection }
            { for focus_mark }
        </g>
    }
}

/// The timeline's numbers, a row per bucket with events.
pub fn data_table(timeline: &Timeline, layout: &Layout) -> Html {
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
                    { for timeline.series.iter().map(|s| html! {
                        <th scope="col" class="tsv-num">{ series_full_name(&s.key, timeline.stack) }</th>
                    }) }
                    <th scope="col" class="tsv-num">{ "Total" }</th>
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// Each series' colour, name and total.
pub fn legend(timeline: &Timeline) -> Html {
    let items = timeline.series.iter().enumerate().map(|(k, s)| {
        let total: u64 = s.counts.iter().sum();
        let (short, full) = (
            series_name(&s.key, timeline.stack),
            series_full_name(&s.key, timeline.stack),
        );
        html! {
            <li>
                <svg class="tsv-swatch" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
                    <rect class={classes!("tsv-seg", series_class(k, &s.key))} width="12" height="12" />
                    { for hatch_overlay(&s.key, 0.0, 0.0, 12.0, 12.0) }
                </svg>
                // A shortened name is hidden from screen readers, which read the full one instead
                // (a `bdi`, not a `span`: a saved image draws the legend's spans as they look).
                if short == full {
                    <span class="tsv-legend-label">{ short }</span>
                } else {
                    <span class="tsv-legend-label" title={full.clone()} aria-hidden="true">{ short }</span>
                    <bdi class="tsv-visually-hidden">{ full }</bdi>
                }
                <span class="tsv-legend-count">{ thousands(total) }</span>
            </li>
        }
    });
    html! { <ul class="tsv-legend" aria-label="Series">{ for items }</ul> }
}

/// Says how many events the drawn range leaves out (see `timeline::focus`) and offers the whole
/// span: a responder must not miss the one event from years before the rest.
pub fn outside_note(timeline: &Timeline, on_zoom: &Callback<(i64, i64)>) -> Html {
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
