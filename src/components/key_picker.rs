//! The choice before a large drop is read: what its files' S3 keys say (accounts with their
//! organisation, regions, delivery days as bars, kinds of file), narrowed by account, region and
//! a range of days, with what the choice reads, before any file is read.

use crate::app::format::{megabytes, thousands};
use std::collections::BTreeSet;
use std::rc::Rc;
use trailscope_core::catalog::choice::Choice;
use trailscope_core::catalog::{Catalog, KeyKind, Tally};
use trailscope_core::time::{format_utc, parse_rfc3339};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Drawing size of the days' bars in viewBox units.
const BARS_WIDTH: f64 = 600.0;
const BARS_HEIGHT: f64 = 48.0;

/// Props of [`KeyPicker`].
#[derive(Properties, PartialEq)]
pub struct KeyPickerProps {
    /// What the drop's keys say.
    pub catalog: Rc<Catalog>,
    /// Read what was chosen, or (`None`) nothing.
    pub on_choose: Callback<Option<Choice>>,
}

/// What the user has narrowed: accounts and regions unticked (by index), and the range of days.
#[derive(Clone, Default, PartialEq)]
struct Narrowed {
    accounts_off: BTreeSet<usize>,
    regions_off: BTreeSet<usize>,
    from_day_ms: Option<i64>,
    to_day_ms: Option<i64>,
}

impl Narrowed {
    /// The choice, or `None` when every account or every region is unticked.
    fn choice(&self, catalog: &Catalog) -> Option<Choice> {
        let on = |names: Vec<&String>, off: &BTreeSet<usize>| -> Option<Vec<String>> {
            let kept: Vec<String> = (0..names.len())
                .filter(|i| !off.contains(i))
                .map(|i| names[i].clone())
                .collect();
            match (kept.is_empty(), off.is_empty()) {
                (_, true) => Some(Vec::new()),
                (true, false) => None,
                (false, false) => Some(kept),
            }
        };
        Some(Choice {
            accounts: on(catalog.accounts.iter().map(|(a, _)| a).collect(), &self.accounts_off)?,
            regions: on(catalog.regions.iter().collect(), &self.regions_off)?,
            from_day_ms: self.from_day_ms,
            to_day_ms: self.to_day_ms,
        })
    }
}

fn date(ms: i64) -> String {
    format_utc(ms)[..10].to_string()
}

fn files_and_bytes(t: &Tally) -> String {
    format!("{} files · {}", thousands(t.files), megabytes(t.bytes))
}

/// The picker.
#[function_component]
pub fn KeyPicker(props: &KeyPickerProps) -> Html {
    let narrowed = use_state(Narrowed::default);
    let catalog = &props.catalog;
    let choice = narrowed.choice(catalog);
    let everything = catalog.total(|_| true);
    let mut chosen = choice
        .as_ref()
        .map_or_else(Tally::default, |c| catalog.total(|cell| c.keeps_cell(catalog, cell)));
    chosen.files += catalog.keyless.files;
    chosen.bytes += catalog.keyless.bytes;
    chosen.events += catalog.keyless.events;

    let toggle = |pick: fn(&mut Narrowed) -> &mut BTreeSet<usize>, i: usize| {
        let narrowed = narrowed.clone();
        Callback::from(move |_: Event| {
            let mut next = (*narrowed).clone();
            let set = pick(&mut next);
            if !set.remove(&i) {
                set.insert(i);
            }
            narrowed.set(next);
        })
    };
    let day_input = |pick: fn(&mut Narrowed) -> &mut Option<i64>| {
        let narrowed = narrowed.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let mut next = (*narrowed).clone();
            *pick(&mut next) = parse_rfc3339(&format!("{}T00:00:00Z", input.value()));
            narrowed.set(next);
        })
    };
    let by_account = catalog.totals_by(catalog.accounts.len(), |c| c.account as usize, |_| true);
    let by_region = catalog.totals_by(catalog.regions.len(), |c| c.region as usize, |_| true);
    let accounts = catalog.accounts.iter().enumerate().map(|(i, (account, org))| {
        html! {
            <label class="key-choice">
                <input type="checkbox" checked={!narrowed.accounts_off.contains(&i)} onchange={toggle(|n| &mut n.accounts_off, i)} />
                <span class="mono">{ account.clone() }</span>
                if !org.is_empty() { <span class="muted">{ format!(" ({org})") }</span> }
                <span class="muted">{ format!(" {}", files_and_bytes(&by_account[i])) }</span>
            </label>
        }
    });
    let regions = catalog.regions.iter().enumerate().map(|(i, region)| {
        html! {
            <label class="key-choice">
                <input type="checkbox" checked={!narrowed.regions_off.contains(&i)} onchange={toggle(|n| &mut n.regions_off, i)} />
                <span class="mono">{ region.clone() }</span>
                <span class="muted">{ format!(" {}", files_and_bytes(&by_region[i])) }</span>
            </label>
        }
    });
    let kinds = KeyKind::ALL
        .iter()
        .map(|&kind| format!("{} {}", thousands(catalog.total(|c| c.kind == kind).files), kind.name()))
        .collect::<Vec<_>>()
        .join(", ");
    let (first, last) = (
        catalog.days.first().copied().unwrap_or(0),
        catalog.days.last().copied().unwrap_or(0),
    );
    let on_load = {
        let (on_choose, choice) = (props.on_choose.clone(), choice.clone());
        Callback::from(move |_: MouseEvent| on_choose.emit(choice.clone()))
    };
    let on_all = props.on_choose.reform(|_: MouseEvent| Some(Choice::default()));
    let on_cancel = props.on_choose.reform(|_: MouseEvent| None);
    html! {
        <section class="key-picker panel" aria-labelledby="key-picker-title" data-testid="key-picker">
            <h2 id="key-picker-title">{"Choose what to load"}</h2>
            <p>
                { format!("The files' S3 keys say this drop holds {}, about {} events. Nothing has been read yet.",
                    files_and_bytes(&everything), thousands(everything.events)) }
            </p>
            <div class="key-lists">
                <fieldset><legend>{"Accounts"}</legend>{ for accounts }</fieldset>
                <fieldset><legend>{"Regions"}</legend>{ for regions }</fieldset>
                <fieldset>
                    <legend>{"Days"}</legend>
                    <label class="key-choice">{"From "}
                        <input type="date" data-testid="key-from" min={date(first)} max={date(last)} onchange={day_input(|n| &mut n.from_day_ms)} />
                    </label>
                    <label class="key-choice">{"To "}
                        <input type="date" data-testid="key-to" min={date(first)} max={date(last)} onchange={day_input(|n| &mut n.to_day_ms)} />
                    </label>
                    { day_bars(catalog, choice.as_ref()) }
                    <p class="day-range muted"><span>{ date(first) }</span><span>{ date(last) }</span></p>
                    <p class="hint">{"Days are when CloudTrail delivered each file, up to about 15 minutes after its events: a range also reads the files delivered the day after it."}</p>
                </fieldset>
            </div>
            <p class="muted">
                { format!("Files: {kinds}.") }
                if catalog.keyless.files > 0 {
                    { format!(" {} without a trail's S3 key, always read.", thousands(catalog.keyless.files)) }
                }
            </p>
            <p class="key-total" role="status" data-testid="key-total">
                { match &choice {
                    Some(_) => format!("Chosen: {}, about {} events.", files_and_bytes(&chosen), thousands(chosen.events)),
                    None => "Tick at least one account and one region.".to_string(),
                } }
            </p>
            <div class="actions">
                <button type="button" class="button primary" onclick={on_load} disabled={choice.is_none()}>{"Load chosen files"}</button>
                <button type="button" class="button" onclick={on_all}>{"Load everything"}</button>
                <button type="button" class="button" onclick={on_cancel}>{"Cancel"}</button>
            </div>
        </section>
    }
}

/// The log bytes delivered each day, the days the choice reads drawn apart, each bar titled.
fn day_bars(catalog: &Catalog, choice: Option<&Choice>) -> Html {
    let keeps = |cell: &_| choice.is_some_and(|c| c.keeps_cell(catalog, cell));
    let all = catalog.totals_by(catalog.days.len(), |c| c.day as usize, |c| c.kind == KeyKind::Log);
    let kept = catalog.totals_by(
        catalog.days.len(),
        |c| c.day as usize,
        |c| c.kind == KeyKind::Log && keeps(c),
    );
    let max = all.iter().map(|t| t.bytes).max().unwrap_or(0).max(1) as f64;
    let slot = BARS_WIDTH / all.len().max(1) as f64;
    let bars = all
        .iter()
        .zip(&kept)
        .zip(&catalog.days)
        .enumerate()
        .map(|(i, ((day, kept), &ms))| {
            let height = (day.bytes as f64 / max * BARS_HEIGHT).max(1.0);
            let class = if kept.files > 0 { "day-bar chosen" } else { "day-bar" };
            html! {
                <rect class={class} x={format!("{:.1}", i as f64 * slot)} y={format!("{:.1}", BARS_HEIGHT - height)}
                    width={format!("{:.1}", (slot * 0.85).max(0.5))} height={format!("{height:.1}")}>
                    <title>{ format!("{}: {}", date(ms), files_and_bytes(day)) }</title>
                </rect>
            }
        });
    html! {
        <svg class="day-bars" viewBox={format!("0 0 {BARS_WIDTH} {BARS_HEIGHT}")} preserveAspectRatio="none" role="img"
            aria-label={format!("Log files delivered on each of {} days, {} to {}", all.len(),
                catalog.days.first().map_or_else(String::new, |&d| date(d)), catalog.days.last().map_or_else(String::new, |&d| date(d)))}>
            { for bars }
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn unticking_narrows_and_unticking_all_chooses_nothing() {
        let key = |account: &str, region: &str| format!("AWSLogs/{account}/CloudTrail/{region}/2025/01/06/x.json.gz");
        let paths = [key("111122223333", "eu-west-1"), key("444455556666", "us-east-1")];
        let catalog = Catalog::of(paths.iter().map(|p| (p.as_str(), 100)));
        let mut narrowed = Narrowed::default();
        assert_eq!(
            narrowed.choice(&catalog),
            Some(Choice::default()),
            "everything ticked reads everything"
        );
        narrowed.accounts_off.insert(0);
        let choice = narrowed.choice(&catalog).expect("one account left");
        assert_eq!(choice.accounts, ["444455556666"]);
        assert!(choice.regions.is_empty());
        narrowed.regions_off.extend([0, 1]);
        assert_eq!(narrowed.choice(&catalog), None, "no region ticked: nothing to read");
    }
}
