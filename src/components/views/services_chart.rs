//! What was called: per AWS service a card with a horizontal bar per operation (length = events,
//! the failed part in the error colour with its share written out, an R/W mark for reads and
//! writes). A bar or a service title narrows every view to it. A card's bars are one tab stop
//! (a roving tabindex): the arrow keys, Home and End move between them.

use super::chart::format::{count_of, percent, svg_number, thousands, truncate};
use super::chart::scale::Linear;
use super::shared_view::ViewPart;
use super::table_on_request::TableOnRequest;
use std::collections::{HashMap, HashSet};
use trailscope_core::query::services::{OperationRow, ServiceRow};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// Services shown before "Show all".
const FIRST_SERVICES: usize = 12;
/// Operations per service shown before "+N more".
const FIRST_OPERATIONS: usize = 10;
/// Drawing geometry of a card's chart, in viewBox units.
const WIDTH: f64 = 520.0;
const ROW: f64 = 24.0;
const BAR: f64 = 16.0;
const LABEL_WIDTH: f64 = 204.0;
const BADGE_X: f64 = 210.0;
const BAR_START: f64 = 232.0;
const BAR_END: f64 = 366.0;
const VALUE_X: f64 = 372.0;
/// Characters of an operation name that fit the label column.
const LABEL_CHARS: usize = 24;

/// Props of [`ServicesChart`].
#[derive(Properties, PartialEq, Clone)]
pub struct ServicesChartProps {
    /// Services with their operations (the core sends them busiest first).
    pub services: ViewPart<Vec<ServiceRow>>,
    /// An operation was chosen, as `"<source> <operation>"`: the parent adds it to the filter.
    pub on_operation: Callback<String>,
    /// A service was chosen (its event source): the parent adds it to the filter.
    pub on_service: Callback<String>,
}

/// The R/W mark of an operation and the words it stands for.
fn kind(read_only: Option<bool>) -> (&'static str, &'static str, &'static str) {
    match read_only {
        Some(true) => ("R", "read-only", "tsv-kind-read"),
        Some(false) => ("W", "write", "tsv-kind-write"),
        None => ("?", "read/write not recorded", "tsv-kind-unknown"),
    }
}

/// The value written after a bar: events, and the failed share when there is one.
fn value_text(op: &OperationRow) -> String {
    if op.errors == 0 {
        thousands(op.events)
    } else {
        format!(
            "{} · {} err ({})",
            thousands(op.events),
            thousands(op.errors),
            percent(op.errors, op.events)
        )
    }
}

/// Where focus goes from bar `current` of `shown` on `key`, or `None` for a key the bars leave
/// alone.
fn roving_step(key: &str, current: usize, shown: usize) -> Option<usize> {
    let last = shown.checked_sub(1)?;
    match key {
        "ArrowDown" | "ArrowRight" => Some((current + 1).min(last)),
        "ArrowUp" | "ArrowLeft" => Some(current.saturating_sub(1)),
        "Home" => Some(0),
        "End" => Some(last),
        _ => None,
    }
}

/// The arrow keys on a card's bars (`shown` of them), heard on their `<svg>`: focus moves to the
/// next or previous bar, which the bar's `focus` handler then makes the card's tab stop.
fn rove(e: &KeyboardEvent, shown: usize) {
    // Found from the target: Yew delegates events, so `current_target` is not the `<svg>`.
    let Some(bar) = e
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest("g.tsv-op").ok().flatten())
    else {
        return;
    };
    let current = bar.get_attribute("data-index").and_then(|i| i.parse::<usize>().ok());
    let (Some(current), Ok(Some(svg))) = (current, bar.closest("svg")) else {
        return;
    };
    let Some(next) = roving_step(&e.key(), current, shown) else {
        return;
    };
    e.prevent_default();
    if let Ok(Some(target)) = svg.query_selector(&format!("g.tsv-op[data-index=\"{next}\"]")) {
        // `focus` is the element's own method, SVG elements included (it is called by name).
        let _ = target.unchecked_ref::<HtmlElement>().focus();
    }
}

/// One operation's bar: the card's tab stop when `active`, else focusable from the arrow keys only.
fn operation_bar(
    source: &str,
    op: &OperationRow,
    index: usize,
    active: bool,
    x: &Linear,
    callbacks: (&Callback<String>, Callback<FocusEvent>),
) -> Html {
    let (on_operation, on_focus) = callbacks;
    let key = format!("{source} {}", op.name);
    let (mark, kind_words, kind_class) = kind(op.read_only);
    let top = index as f64 * ROW;
    let bar_y = top + (ROW - BAR) / 2.0;
    let text_y = top + ROW / 2.0 + 4.0;
    let end = x.map(op.events as f64).max(BAR_START + 1.0);
    let error_start = x.map(op.events.saturating_sub(op.errors) as f64).min(end - 1.0);
    let label = format!(
        "{} {}: {} events, {} errors ({}), {kind_words}. Filter to this operation.",
        source,
        op.name,
        thousands(op.events),
        thousands(op.errors),
        percent(op.errors, op.events)
    );
    let onclick = {
        let (on_operation, key) = (on_operation.clone(), key.clone());
        move |_: MouseEvent| on_operation.emit(key.clone())
    };
    let onkeydown = {
        let on_operation = on_operation.clone();
        move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "Enter" | " ") {
                e.prevent_default();
                on_operation.emit(key.clone());
            }
        }
    };
    // The visible texts sit beside the button, not in it: its name is the full sentence above,
    // which a truncated label and a value would not match (WCAG 2.5.3, label in name). A click on
    // them still reaches the row.
    html! {
        <g key={index} class="tsv-op-row" onclick={onclick}>
            <g class="tsv-op" role="button" tabindex={if active { "0" } else { "-1" }} data-index={index.to_string()}
                aria-label={label} onkeydown={onkeydown} onfocus={on_focus}>
                <title>{ op.name.clone() }</title>
                <rect class="tsv-op-focus" x="0" y={svg_number(top)} width={svg_number(WIDTH)}
                    height={svg_number(ROW)} rx="3" />
                <rect class={classes!("tsv-kind", kind_class)} x={svg_number(BADGE_X)} y={svg_number(bar_y)}
                    width="16" height={svg_number(BAR)} rx="3" />
                <rect class="tsv-op-bar" x={svg_number(BAR_START)} y={svg_number(bar_y)}
                    width={svg_number(end - BAR_START)} height={svg_number(BAR)} />
                if op.errors > 0 {
                    <rect class="tsv-op-error" x={svg_number(error_start)} y={svg_number(bar_y)}
                        width={svg_number(end - error_start)} height={svg_number(BAR)} />
                }
            </g>
            <g class="tsv-op-texts" aria-hidden="true">
                <text class="tsv-op-label" x={svg_number(LABEL_WIDTH)} y={svg_number(text_y)} text-anchor="end">
                    { truncate(&op.name, LABEL_CHARS) }
                </text>
                <text class={classes!("tsv-kind-mark", kind_class)} x={svg_number(BADGE_X + 8.0)} y={svg_number(text_y)}
                    text-anchor="middle">{ mark }</text>
                <text class={classes!("tsv-op-value", (op.errors > 0).then_some("tsv-op-value-error"))}
                    x={svg_number(VALUE_X)} y={svg_number(text_y)}>{ value_text(op) }</text>
            </g>
        </g>
    }
}

/// The same numbers as a card's bars, as a table (drawn when asked for).
fn operations_table(service: &ServiceRow) -> Html {
    let rows = service.operations.iter().map(|op| {
        let (_, kind_words, _) = kind(op.read_only);
        html! {
            <tr>
                <th scope="row">{ op.name.clone() }</th>
                <td class="tsv-num">{ thousands(op.events) }</td>
                <td class="tsv-num">{ thousands(op.errors) }</td>
                <td class="tsv-num">{ percent(op.errors, op.events) }</td>
                <td>{ kind_words }</td>
            </tr>
        }
    });
    html! {
        <table class="tsv-table">
            <caption class="tsv-visually-hidden">{ format!("Operations of {}", service.source) }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Operation" }</th>
                    <th scope="col" class="tsv-num">{ "Events" }</th>
                    <th scope="col" class="tsv-num">{ "Errors" }</th>
                    <th scope="col" class="tsv-num">{ "Error share" }</th>
                    <th scope="col">{ "Kind" }</th>
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// How a card is drawn and what it reports.
struct CardProps<'a> {
    expanded: bool,
    /// The bar that is the card's tab stop.
    active: usize,
    on_toggle: Callback<String>,
    /// A bar took focus: `(card, bar)`.
    on_active: Callback<(usize, usize)>,
    on_operation: &'a Callback<String>,
    on_service: &'a Callback<String>,
}

fn service_card(key: usize, services: &ViewPart<Vec<ServiceRow>>, card: CardProps) -> Html {
    let CardProps {
        expanded,
        active,
        on_toggle,
        on_active,
        on_operation,
        on_service,
    } = card;
    let service = &services[key];
    let shown = if expanded {
        service.operations.len()
    } else {
        service.operations.len().min(FIRST_OPERATIONS)
    };
    let hidden = service.operations.len() - shown;
    let max = service.operations.iter().map(|o| o.events).max().unwrap_or(0);
    let x = Linear::new((0.0, max.max(1) as f64), (BAR_START, BAR_END));
    let height = shown.max(1) as f64 * ROW;
    let on_title = {
        let (on_service, source) = (on_service.clone(), service.source.clone());
        move |_: MouseEvent| on_service.emit(source.clone())
    };
    let more = (service.operations.len() > FIRST_OPERATIONS).then(|| {
        let source = service.source.clone();
        let text = if expanded {
            "Show top 10 only".to_string()
        } else {
            format!("+{} more", thousands(hidden as u64))
        };
        html! {
            <button type="button" class="tsv-button tsv-more-ops" aria-expanded={expanded.to_string()}
                onclick={move |_| on_toggle.emit(source.clone())}>{ text }</button>
        }
    });
    let errors = if service.errors == 0 {
        String::new()
    } else {
        format!(
            " · {} errors ({})",
            thousands(service.errors),
            percent(service.errors, service.events)
        )
    };
    html! {
        <article key={key} class="tsv-service-card">
            <h3 class="tsv-service-title">
                <button type="button" class="tsv-link" onclick={on_title}
                    aria-label={format!("Filter to service {}", service.source)}>{ service.source.clone() }</button>
            </h3>
            <p class="tsv-service-totals">
                { count_of(service.events, "event") }
                <span class={classes!((service.errors > 0).then_some("tsv-error-text"))}>{ errors }</span>
                { format!(" · {}", count_of(service.operations.len() as u64, "operation")) }
            </p>
            <svg class="tsv-ops-svg" viewBox={format!("0 0 {WIDTH} {height}")} role="group"
                aria-label={format!("Operations of {}", service.source)}
                onkeydown={move |e: KeyboardEvent| rove(&e, shown)}>
                { for service.operations.iter().take(shown).enumerate().map(|(i, op)| {
                    let on_active = on_active.clone();
                    let on_focus = Callback::from(move |_: FocusEvent| on_active.emit((key, i)));
                    operation_bar(&service.source, op, i, i == active.min(shown - 1), &x, (on_operation, on_focus))
                }) }
            </svg>
            { for more }
            <TableOnRequest label={format!("Operations of {} as a table", service.source)} table={{
                let services = services.clone();
                Callback::from(move |()| operations_table(&services[key]))
            }} />
        </article>
    }
}

/// One card per service, busiest first, with focusable operation bars.
#[component]
pub fn ServicesChart(props: &ServicesChartProps) -> Html {
    let expanded = use_state(HashSet::<String>::new);
    // Each card's tab stop, by card: the bar last focused, else the first.
    let active = use_state(HashMap::<usize, usize>::new);
    let on_active = {
        let active = active.clone();
        Callback::from(move |(card, bar): (usize, usize)| {
            if active.get(&card) != Some(&bar) {
                let mut next = (*active).clone();
                next.insert(card, bar);
                active.set(next);
            }
        })
    };
    let show_all = use_state(|| false);
    // Cards are keyed by their index in `services` (unique even if two rows shared a source).
    let mut order: Vec<(usize, &ServiceRow)> = props.services.iter().enumerate().collect();
    order.sort_by(|(_, a), (_, b)| b.events.cmp(&a.events).then_with(|| a.source.cmp(&b.source)));
    let shown = if *show_all {
        order.len()
    } else {
        order.len().min(FIRST_SERVICES)
    };
    let on_toggle = {
        let expanded = expanded.clone();
        Callback::from(move |source: String| {
            let mut next = (*expanded).clone();
            if !next.remove(&source) {
                next.insert(source);
            }
            expanded.set(next);
        })
    };
    let show_all_button = (shown < order.len()).then(|| {
        let show_all = show_all.clone();
        html! {
            <button type="button" class="tsv-button tsv-show-all" onclick={move |_| show_all.set(true)}>
                { format!("Show all {} services", thousands(order.len() as u64)) }
            </button>
        }
    });
    html! {
        <section class="tsv-panel tsv-services" aria-label="Services and operations">
            <h2 class="tsv-title">{ "Services and operations" }</h2>
            if order.is_empty() {
                <p class="tsv-empty">{ "No services match the filter." }</p>
            } else {
                <p class="tsv-kind-legend">
                    <span class="tsv-badge tsv-kind-read">{ "R" }</span>{ " read-only " }
                    <span class="tsv-badge tsv-kind-write">{ "W" }</span>{ " write " }
                    <span class="tsv-badge tsv-kind-unknown">{ "?" }</span>{ " not recorded · " }
                    <span class="tsv-swatch-error" aria-hidden="true"></span>{ " failed calls (share in brackets)" }
                </p>
                <div class="tsv-service-grid">
                    { for order.iter().take(shown).map(|&(key, s)| service_card(key, &props.services, CardProps {
                        expanded: expanded.contains(&s.source),
                        active: active.get(&key).copied().unwrap_or(0),
                        on_toggle: on_toggle.clone(),
                        on_active: on_active.clone(),
                        on_operation: &props.on_operation,
                        on_service: &props.on_service,
                    })) }
                </div>
                { for show_all_button }
            }
        </section>
    }
}
