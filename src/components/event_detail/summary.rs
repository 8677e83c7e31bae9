//! The event in one line above its JSON: who did what, on what, from where, how it ended and
//! when, so that a person reading many events one after another need not scan each tree; and
//! where the credentials that made it came from, in one line too.

use super::facts::Facts;
use crate::components::views::chart::names::{short_principal, short_source};
use serde_json::Value;
use trailscope_core::resources::name_of;
use yew::prelude::*;

/// Resources named before the rest are only counted.
const RESOURCES_NAMED: usize = 3;

/// Longest user agent shown whole; longer ones show their first product token.
const AGENT_CHARS: usize = 40;

/// A short text a person reads, with its whole value for a pointer's title and a screen reader.
fn shortened(class: &'static str, short: String, full: &str) -> Html {
    if short == full {
        return html! { <span class={class}>{short}</span> };
    }
    html! {
        <span class={class} title={full.to_string()}>
            <span aria-hidden="true">{short}</span>
            <span class="visually-hidden">{full.to_string()}</span>
        </span>
    }
}

/// A user agent's first product token (`aws-cli/2.15.0`) when the whole is long.
fn short_agent(agent: &str) -> String {
    if agent.chars().count() <= AGENT_CHARS {
        return agent.to_string();
    }
    let token = agent.split_whitespace().next().unwrap_or(agent);
    let mut short: String = token.chars().take(AGENT_CHARS).collect();
    if short.len() < token.len() {
        short.push('\u{2026}');
    }
    short
}

/// The line for `event`, whose facts are `facts`.
pub fn summary(event: &Value, facts: &Facts) -> Html {
    let (who, _) = short_principal(&facts.principal);
    let what = format!("{} {}", short_source(&facts.source), facts.name);
    let named = facts.resources.iter().take(RESOURCES_NAMED);
    let more = facts.resources.len().saturating_sub(RESOURCES_NAMED);
    let on = html! {
        <span class="ev-on">
            {" on "}
            { for named.enumerate().map(|(i, key)| html! {
                <>{ if i > 0 { ", " } else { "" } }{ shortened("ev-resource", name_of(key).to_string(), key) }</>
            }) }
            if more > 0 { {format!(" and {more} more")} }
        </span>
    };
    let outcome = if facts.error.is_empty() {
        html! { <span class="ev-outcome">{"succeeded"}</span> }
    } else {
        let message = event.get("errorMessage").and_then(Value::as_str).unwrap_or_default();
        let text = match message {
            "" => format!("failed: {}", facts.error),
            message => format!("failed: {}: {message}", facts.error),
        };
        html! { <span class="ev-outcome error-text">{text}</span> }
    };
    html! {
        <p class="event-summary" data-testid="event-summary">
            { shortened("ev-who", who, &facts.principal) }
            {" "}
            { shortened("ev-what", what, &format!("{} {}", facts.source, facts.name)) }
            if !facts.resources.is_empty() { {on} }
            if !facts.ip.is_empty() {
                <span class="ev-from">{" from "}{facts.ip.clone()}</span>
            }
            if !facts.user_agent.is_empty() {
                {" with "}{ shortened("ev-agent", short_agent(&facts.user_agent), &facts.user_agent) }
            }
            {" \u{b7} "}{outcome}
            if !facts.time.is_empty() {
                {" \u{b7} "}<time class="ev-time">{facts.time.clone()}</time>
            }
        </p>
    }
}

/// The line of where the event's credentials came from (`key ASIA… ← role/Admin ← user/alice`),
/// as text; nothing when the worker traced none.
pub fn credentials(line: &str) -> Html {
    if line.is_empty() {
        return Html::default();
    }
    html! {
        <p class="event-credentials" data-testid="event-credentials">
            <span class="ev-label">{"Credentials: "}</span>{line.to_string()}
        </p>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::short_agent;

    #[test]
    fn long_user_agents_keep_their_first_product() {
        assert_eq!(
            short_agent("aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.ubuntu.22"),
            "aws-cli/2.15.0"
        );
        assert_eq!(short_agent("AWS Internal"), "AWS Internal");
        assert_eq!(short_agent(&"x".repeat(50)), format!("{}\u{2026}", "x".repeat(40)));
    }
}
