//! The filter as a person sees and edits it: one removable chip per active part (so nobody reads a
//! narrowed view as the whole trail), pickers filled from the facets with their counts, outcome
//! and read/write choices, and a debounced free-text search.

use super::chart::format::{thousands, utc, utc_range};
use super::chart::names::{short_operation, short_principal};
use super::shared_view::ViewPart;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use trailscope_core::query::filter::{Filter, Outcome};
use trailscope_core::query::view::Facets;
use web_sys::{FocusEvent, HtmlInputElement, HtmlSelectElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// Quiet time after the last keystroke before the search is applied.
const DEBOUNCE_MS: u32 = 300;

/// Props of [`FilterBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct FilterBarProps {
    /// The current filter.
    pub filter: Filter,
    /// Values with counts for the pickers.
    pub facets: ViewPart<Facets>,
    /// The whole new filter after any edit: the parent stores it (and the URL hash) and recomputes.
    pub on_change: Callback<Filter>,
}

/// Picks one list of a filter (its accounts, regions, …).
type ListOf = fn(&mut Filter) -> &mut Vec<String>;
/// How a list's values are shortened on their chips.
type Shorten = fn(&str) -> String;

/// One removable part of the filter.
struct Chip {
    label: String,
    title: Option<String>,
    without: Filter,
}

/// Every active part of `filter` as a chip holding the filter without that part.
fn chips(filter: &Filter) -> Vec<Chip> {
    let mut chips = Vec::new();
    if filter.from.is_some() || filter.to.is_some() {
        let label = match (filter.from, filter.to) {
            (Some(from), Some(to)) => format!("Time: {}", utc_range(from, to)),
            (Some(from), None) => format!("Time: from {}", utc(from)),
            (None, Some(to)) => format!("Time: before {}", utc(to)),
            (None, None) => String::new(),
        };
        chips.push(Chip {
            label,
            title: None,
            without: Filter {
                from: None,
                to: None,
                ..filter.clone()
            },
        });
    }
    let lists: [(&str, ListOf, Shorten); 6] = [
        ("Account", |f| &mut f.accounts, str::to_string),
        ("Region", |f| &mut f.regions, str::to_string),
        ("Service", |f| &mut f.sources, str::to_string),
        ("Operation", |f| &mut f.operations, short_operation),
        ("Principal", |f| &mut f.principals, |p| short_principal(p).0),
        ("Error", |f| &mut f.errors, str::to_string),
    ];
    for (name, list, short) in lists {
        let values = list(&mut filter.clone()).clone();
        for (i, value) in values.iter().enumerate() {
            let mut without = filter.clone();
            list(&mut without).remove(i);
            let shown = short(value);
            chips.push(Chip {
                title: (shown != *value).then(|| value.clone()),
                label: format!("{name}: {shown}"),
                without,
            });
        }
    }
    if let Some(outcome) = filter.outcome {
        chips.push(Chip {
            label: match outcome {
                Outcome::Success => "Outcome: success only".into(),
                Outcome::Error => "Outcome: errors only".into(),
            },
            title: None,
            without: Filter {
                outcome: None,
                ..filter.clone()
            },
        });
    }
    if let Some(read_only) = filter.read_only {
        chips.push(Chip {
            label: if read_only { "Reads only" } else { "Writes only" }.into(),
            title: None,
            without: Filter {
                read_only: None,
                ..filter.clone()
            },
        });
    }
    if !filter.text.is_empty() {
        chips.push(Chip {
            label: format!("Text: “{}”", filter.text),
            title: None,
            without: Filter {
                text: String::new(),
                ..filter.clone()
            },
        });
    }
    if let Some(rule) = &filter.finding {
        chips.push(Chip {
            label: format!("Finding: {rule}"),
            title: None,
            without: Filter {
                finding: None,
                ..filter.clone()
            },
        });
    }
    chips
}

/// A picker adding one value of a dimension, listing the facet's values busiest first. A value
/// picked with the pointer is added at once; one reached with the arrow keys (which fire `change`
/// on every step) waits for Enter, so walking through the list does not add each value passed.
fn picker(
    label: &'static str,
    values: &[(String, u64)],
    chosen: &[String],
    keyboard: &Rc<RefCell<bool>>,
    add: impl Fn(String) + 'static,
) -> Html {
    let add = Rc::new(add);
    let take = |select: &HtmlSelectElement, add: &dyn Fn(String)| {
        let value = select.value();
        select.set_value("");
        if !value.is_empty() {
            add(value);
        }
    };
    let onchange = {
        let (keyboard, add) = (keyboard.clone(), add.clone());
        move |e: Event| {
            if !*keyboard.borrow() {
                take(&e.target_unchecked_into(), &*add);
            }
        }
    };
    let onkeydown = {
        let keyboard = keyboard.clone();
        move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                take(&e.target_unchecked_into(), &*add);
            } else if e.key() != "Tab" {
                *keyboard.borrow_mut() = true;
            }
        }
    };
    let onpointerdown = {
        let keyboard = keyboard.clone();
        move |_: PointerEvent| *keyboard.borrow_mut() = false
    };
    let onblur = {
        let keyboard = keyboard.clone();
        move |e: FocusEvent| {
            e.target_unchecked_into::<HtmlSelectElement>().set_value("");
            *keyboard.borrow_mut() = false;
        }
    };
    html! {
        <label class="tsv-field">
            <span class="tsv-field-label">{ label }</span>
            <select class="tsv-select" onchange={onchange} onkeydown={onkeydown} onpointerdown={onpointerdown}
                onblur={onblur} disabled={values.is_empty()}>
                <option value="" selected=true>{ if values.is_empty() { "none" } else { "add…" } }</option>
                { for values.iter().map(|(value, count)| html! {
                    <option value={value.clone()} disabled={chosen.contains(value)}>
                        { format!("{value} ({})", thousands(*count)) }
                    </option>
                }) }
            </select>
        </label>
    }
}

/// Adds `value` to one list of `filter` (once) and reports the new filter.
fn adder(filter: &Filter, on_change: &Callback<Filter>, list: ListOf) -> impl Fn(String) + 'static {
    let (filter, on_change) = (filter.clone(), on_change.clone());
    move |value| {
        let mut next = filter.clone();
        if !list(&mut next).contains(&value) {
            list(&mut next).push(value);
            on_change.emit(next);
        }
    }
}

/// A `<select>` whose shown choice follows the props: option attributes alone do not move a
/// selection the user already changed, so the value is set after each render.
/// Moves focus to the filter's search box (after a chip, which had it, is removed).
fn focus_search() {
    use wasm_bindgen::JsCast;
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".tsv-filter-bar input[type=search]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(input) = input {
        input.focus().ok();
    }
}

fn sync_select(select: &NodeRef, value: &'static str) {
    if let Some(select) = select.cast::<HtmlSelectElement>() {
        select.set_value(value);
    }
}

/// The filter bar: chips, pickers and search.
#[component]
pub fn FilterBar(props: &FilterBarProps) -> Html {
    let text = use_state(|| props.filter.text.clone());
    let pending = use_mut_ref(|| None::<Timeout>);
    let waiting = use_mut_ref(|| false);
    let latest = use_mut_ref(|| (props.filter.clone(), props.on_change.clone()));
    *latest.borrow_mut() = (props.filter.clone(), props.on_change.clone());
    let keyboard = use_mut_ref(|| false);
    let outcome_ref = use_node_ref();
    let read_ref = use_node_ref();
    let outcome_value = match props.filter.outcome {
        None => "all",
        Some(Outcome::Success) => "success",
        Some(Outcome::Error) => "error",
    };
    let read_value = match props.filter.read_only {
        None => "all",
        Some(true) => "read",
        Some(false) => "write",
    };
    {
        let (outcome_ref, read_ref) = (outcome_ref.clone(), read_ref.clone());
        use_effect_with((outcome_value, read_value), move |&(outcome, read)| {
            sync_select(&outcome_ref, outcome);
            sync_select(&read_ref, read);
        });
    }
    {
        let (text, waiting) = (text.clone(), waiting.clone());
        use_effect_with(props.filter.text.clone(), move |current| {
            if !*waiting.borrow() {
                text.set(current.clone());
            }
        });
    }

    let apply = |latest: &Rc<RefCell<(Filter, Callback<Filter>)>>, value: String| {
        let (filter, on_change) = latest.borrow().clone();
        if filter.text != value {
            on_change.emit(Filter { text: value, ..filter });
        }
    };
    let oninput = {
        let (text, pending, waiting, latest) = (text.clone(), pending.clone(), waiting.clone(), latest.clone());
        move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            text.set(value.clone());
            *waiting.borrow_mut() = true;
            let (latest, waiting) = (latest.clone(), waiting.clone());
            // Replacing the handle cancels the previous keystroke's timeout.
            *pending.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || {
                *waiting.borrow_mut() = false;
                apply(&latest, value);
            }));
        }
    };
    let onkeydown = {
        let (pending, waiting, latest) = (pending.clone(), waiting.clone(), latest.clone());
        move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                pending.borrow_mut().take();
                *waiting.borrow_mut() = false;
                apply(&latest, e.target_unchecked_into::<HtmlInputElement>().value());
            }
        }
    };

    let filter = &props.filter;
    let on_change = &props.on_change;
    let chip_list = chips(filter).into_iter().map(|chip| {
        // Enter and Space press the button; Backspace and Delete remove the chip too. From the
        // keyboard (a click with no pointer has detail 0), focus then moves to the search box
        // instead of being lost with the chip.
        let onclick = {
            let (on_change, without) = (on_change.clone(), chip.without.clone());
            move |e: MouseEvent| {
                on_change.emit(without.clone());
                if e.detail() == 0 {
                    focus_search();
                }
            }
        };
        let onkeydown = {
            let (on_change, without) = (on_change.clone(), chip.without);
            move |e: KeyboardEvent| {
                if matches!(e.key().as_str(), "Backspace" | "Delete") {
                    e.prevent_default();
                    on_change.emit(without.clone());
                    focus_search();
                }
            }
        };
        html! {
            <li>
                <button type="button" class="tsv-chip" title={chip.title}
                    aria-label={format!("Remove filter {}", chip.label)} onclick={onclick} onkeydown={onkeydown}>
                    <span class="tsv-chip-x" aria-hidden="true">{ "×" }</span>{ " " }{ chip.label }
                </button>
            </li>
        }
    });
    let onoutcome = {
        let (filter, on_change) = (filter.clone(), on_change.clone());
        move |e: Event| {
            let outcome = match e.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
                "success" => Some(Outcome::Success),
                "error" => Some(Outcome::Error),
                _ => None,
            };
            on_change.emit(Filter {
                outcome,
                ..filter.clone()
            });
        }
    };
    let onread = {
        let (filter, on_change) = (filter.clone(), on_change.clone());
        move |e: Event| {
            let read_only = match e.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
                "read" => Some(true),
                "write" => Some(false),
                _ => None,
            };
            on_change.emit(Filter {
                read_only,
                ..filter.clone()
            });
        }
    };
    let clear = {
        let on_change = on_change.clone();
        move |_: MouseEvent| on_change.emit(Filter::default())
    };
    let facets = &props.facets;

    html! {
        <section class="tsv-panel tsv-filter-bar" aria-label="Filter">
            <div class="tsv-filter-controls">
                <label class="tsv-field tsv-search">
                    <span class="tsv-field-label">{ "Search" }</span>
                    <input type="search" class="tsv-input" placeholder="text in any field…" value={(*text).clone()}
                        oninput={oninput} onkeydown={onkeydown} />
                </label>
                { picker("Account", &facets.accounts, &filter.accounts, &keyboard, adder(filter, on_change, |f| &mut f.accounts)) }
                { picker("Region", &facets.regions, &filter.regions, &keyboard, adder(filter, on_change, |f| &mut f.regions)) }
                { picker("Service", &facets.sources, &filter.sources, &keyboard, adder(filter, on_change, |f| &mut f.sources)) }
                { picker("Error code", &facets.errors, &filter.errors, &keyboard, adder(filter, on_change, |f| &mut f.errors)) }
                <label class="tsv-field">
                    <span class="tsv-field-label">{ "Outcome" }</span>
                    <select class="tsv-select" ref={outcome_ref} onchange={onoutcome}>
                        <option value="all" selected={outcome_value == "all"}>{ "all" }</option>
                        <option value="success" selected={outcome_value == "success"}>{ "success" }</option>
                        <option value="error" selected={outcome_value == "error"}>{ "error" }</option>
                    </select>
                </label>
                <label class="tsv-field">
                    <span class="tsv-field-label">{ "Read/write" }</span>
                    <select class="tsv-select" ref={read_ref} onchange={onread}>
                        <option value="all" selected={read_value == "all"}>{ "all" }</option>
                        <option value="read" selected={read_value == "read"}>{ "read" }</option>
                        <option value="write" selected={read_value == "write"}>{ "write" }</option>
                    </select>
                </label>
            </div>
            if filter.is_empty() {
                <p class="tsv-chips-empty">{ "No filter: showing every loaded event." }</p>
            } else {
                <div class="tsv-chips-row">
                    <ul class="tsv-chips" aria-label="Active filters">{ for chip_list }</ul>
                    <button type="button" class="tsv-button" onclick={clear}>{ "Clear all" }</button>
                </div>
            }
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_part_is_a_chip_that_removes_only_itself() {
        let filter = Filter {
            from: Some(1_736_121_600_000),
            to: Some(1_736_125_200_000),
            accounts: vec!["111122223333".into()],
            regions: vec!["us-east-1".into(), "eu-west-1".into()],
            sources: vec!["s3.amazonaws.com".into()],
            operations: vec!["s3.amazonaws.com GetObject".into()],
            principals: vec!["arn:aws:iam::1:role/Admin".into()],
            errors: vec!["AccessDenied".into()],
            outcome: Some(Outcome::Error),
            read_only: Some(true),
            text: "delete".into(),
            finding: Some("root-activity".into()),
        };
        let chips = chips(&filter);
        let labels: Vec<&str> = chips.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            vec![
                "Time: 2025-01-06 00:00:00–01:00:00 UTC",
                "Account: 111122223333",
                "Region: us-east-1",
                "Region: eu-west-1",
                "Service: s3.amazonaws.com",
                "Operation: s3 GetObject",
                "Principal: role/Admin",
                "Error: AccessDenied",
                "Outcome: errors only",
                "Reads only",
                "Text: “delete”",
                "Finding: root-activity",
            ]
        );
        assert_eq!(chips[3].without.regions, vec!["us-east-1".to_string()]);
        assert_eq!(chips[6].title.as_deref(), Some("arn:aws:iam::1:role/Admin"));
        assert_eq!(
            chips[0].without,
            Filter {
                from: None,
                to: None,
                ..filter.clone()
            }
        );
        assert_eq!(
            chips[10].without,
            Filter {
                text: String::new(),
                ..filter.clone()
            }
        );
        assert_eq!(chips[11].without.finding, None);
        assert!(super::chips(&Filter::default()).is_empty());
    }
}
