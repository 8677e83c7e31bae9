//! The tabs under the top bar: the events, then each dashboard. One tab stop (the current tab);
//! ← → Home End move between tabs and show the one reached, as the ARIA tabs pattern has it.

use crate::app::format::thousands;
use crate::app::state::Tab;
use crate::browser::focus;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// What the tab list shows.
#[derive(Properties, PartialEq)]
pub struct TabListProps {
    /// The tab shown; `None` while an entity's page covers them.
    pub current: Option<Tab>,
    /// How many findings fired, shown on their tab.
    pub findings: usize,
    /// Whether log files do not match their digests, flagged on the overview's tab (where the
    /// integrity report is), so that it stands out only then.
    pub integrity_alert: bool,
    /// Shows a tab.
    pub on_tab: Callback<Tab>,
}

/// The tab `step` places from `from`, wrapping around.
fn step(from: Tab, step: isize) -> Tab {
    let at = Tab::ALL.iter().position(|&t| t == from).unwrap_or(0) as isize;
    Tab::ALL[(at + step).rem_euclid(Tab::ALL.len() as isize) as usize]
}

/// The tab list.
#[function_component]
pub fn TabList(props: &TabListProps) -> Html {
    let current = props.current;
    let on_key = {
        let on_tab = props.on_tab.clone();
        move |event: KeyboardEvent| {
            let from = current.unwrap_or(Tab::Events);
            let to = match event.key().as_str() {
                "ArrowRight" => step(from, 1),
                "ArrowLeft" => step(from, -1),
                "Home" => Tab::ALL[0],
                "End" => Tab::ALL[Tab::ALL.len() - 1],
                _ => return,
            };
            event.prevent_default();
            on_tab.emit(to);
            if let Some(tab) = focus::element(&format!("#{}", to.id())) {
                tab.focus().ok();
            }
        }
    };
    let tab = |tab: Tab| {
        let selected = current == Some(tab);
        let stop = selected || (current.is_none() && tab == Tab::Events);
        let on_click = props.on_tab.reform(move |_: MouseEvent| tab);
        let badge = match tab {
            Tab::Findings if props.findings > 0 => {
                let count = thousands(props.findings as u64);
                Some((count.clone(), format!("{count} findings")))
            }
            Tab::Overview if props.integrity_alert => {
                Some(("!".to_string(), "log files do not match their digests".to_string()))
            }
            _ => None,
        };
        html! {
            <button type="button" role="tab" id={tab.id()} class="tab" aria-selected={selected.to_string()}
                aria-controls="tab-panel" tabindex={if stop { "0" } else { "-1" }} onclick={on_click}>
                { tab.name() }
                if let Some((text, label)) = badge {
                    <span class="tab-badge" aria-label={label}>{ text }</span>
                }
            </button>
        }
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Views" onkeydown={on_key}>
            { for Tab::ALL.into_iter().map(tab) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_around_the_tabs() {
        assert_eq!(step(Tab::Events, 1), Tab::Overview);
        assert_eq!(step(Tab::Events, -1), Tab::Sql);
        assert_eq!(step(Tab::Sql, 1), Tab::Events);
    }
}
