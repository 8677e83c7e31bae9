//! Log file integrity: the dropped log files checked against the dropped CloudTrail digests, and
//! the digests' chain, so a reviewer knows whether the logs can be trusted before reading them.

use crate::app::format::thousands;
use std::rc::Rc;
use trailscope_core::integrity::{Chain, FileCheck, FileState, Gap, IntegrityReport, SIGNATURE_NOTE};
use yew::prelude::*;

/// The report of the loaded store.
#[derive(Properties, PartialEq)]
pub struct IntegrityPanelProps {
    /// Counts and chains in full; files other than verified ones (the UI is told at most a few
    /// hundred of them).
    pub report: Rc<IntegrityReport>,
}

/// What a file's state means, in words, and its class.
fn state(file: &FileCheck) -> (&'static str, String, &'static str) {
    match &file.state {
        FileState::Verified => ("verified", String::new(), "outcome good"),
        FileState::Altered {
            expected,
            actual,
            digest,
        } => (
            "altered",
            format!(
                "SHA-256 {} but {} says {expected}",
                actual.as_deref().unwrap_or("(could not be read)"),
                short_key(digest)
            ),
            "outcome bad",
        ),
        FileState::Missing { digest } => ("missing", format!("listed in {}", short_key(digest)), "outcome bad"),
        FileState::NotHashed { digest } => (
            "not checked",
            format!(
                "loaded before the digests; drop it again with {} to check it",
                short_key(digest)
            ),
            "outcome",
        ),
        FileState::NotCovered => ("not covered", "in no dropped digest".into(), "outcome"),
    }
}

/// The file name of an S3 key, which is what tells digests and log files apart to a person.
fn short_key(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

fn gap(gap: &Gap) -> String {
    match gap {
        Gap::MissingPrevious { digest, previous } => format!(
            "{} points to {}, which was not dropped (deleted, or not copied)",
            short_key(digest),
            short_key(previous)
        ),
        Gap::HashMismatch {
            digest,
            previous,
            expected,
            actual,
        } => format!(
            "{} was altered: {} expects SHA-256 {expected}, it has {actual}",
            short_key(previous),
            short_key(digest)
        ),
        Gap::Restarted { digest } => format!(
            "{} starts a new chain: validation was turned off and on, nothing vouches for the time between",
            short_key(digest)
        ),
    }
}

fn chain(chain: &Chain) -> Html {
    let span = match (&chain.start, &chain.end) {
        (Some(start), Some(end)) => format!("{start} → {end}"),
        _ => String::new(),
    };
    let trail = if chain.trail.is_empty() {
        String::new()
    } else {
        format!(" · trail {}", chain.trail)
    };
    html! {
        <li data-testid="chain" class={if chain.is_intact() { "chain" } else { "chain broken" }}>
            <span class={if chain.is_intact() { "outcome good" } else { "outcome bad" }}>
                { if chain.is_intact() { "intact" } else { "broken" } }
            </span>
            { format!(" {} / {}{trail} · {} digests · {span}", chain.account, chain.region, thousands(chain.digests)) }
            if !chain.from_trail_start {
                <span class="muted">{" · starts mid-way (the trail's first digest is not dropped)"}</span>
            }
            if !chain.gaps.is_empty() {
                <ul>{ for chain.gaps.iter().map(|g| html! { <li data-testid="gap">{ gap(g) }</li> }) }</ul>
            }
        </li>
    }
}

/// The Integrity panel.
#[function_component]
pub fn IntegrityPanel(props: &IntegrityPanelProps) -> Html {
    let report = &props.report;
    let c = &report.counts;
    let verdict = if report.is_clean() {
        format!(
            "Verified: {} log files match their digests and every digest chain is intact.",
            thousands(c.verified)
        )
    } else {
        "These logs do not fully match their digests: see the files and chains below.".to_string()
    };
    let figures = [
        ("Digests", c.digests),
        ("Verified", c.verified),
        ("Altered", c.altered),
        ("Missing", c.missing),
        ("Not checked", c.not_hashed),
        ("Not covered", c.not_covered),
        ("Outside the digests", c.unchecked),
        ("Chains intact", c.chains_intact),
        ("Chains broken", c.chains_broken),
    ];
    let problems: Vec<&FileCheck> = report.files.iter().filter(|f| f.state != FileState::Verified).collect();
    let listed = problems.len() as u64;
    let unlisted = (c.altered + c.missing + c.not_hashed + c.not_covered).saturating_sub(listed);
    html! {
        <section class="panel integrity" aria-labelledby="integrity-title" data-testid="integrity">
            <h2 id="integrity-title">{"Log file integrity"}</h2>
            <p class={if report.is_clean() { "verdict good" } else { "verdict bad" }} role="status" data-testid="integrity-verdict">
                { verdict }
            </p>
            <dl class="overview-grid">
                { for figures.iter().map(|(label, n)| html! {
                    <div class="figure" data-testid="integrity-figure"><dt>{ *label }</dt><dd>{ thousands(*n) }</dd></div>
                }) }
            </dl>
            if !problems.is_empty() {
                <div class="panel-scroll" tabindex="0" role="region" aria-label="Log files that are not verified">
                    <table class="integrity-files">
                        <caption>{"Log files that are not verified"}</caption>
                        <thead><tr><th scope="col">{"State"}</th><th scope="col">{"Log file"}</th><th scope="col">{"Why"}</th></tr></thead>
                        <tbody>
                            { for problems.iter().map(|f| {
                                let (said, why, class) = state(f);
                                html! {
                                    <tr data-testid="integrity-file">
                                        <td><span class={class}>{ said }</span></td>
                                        <td class="mono" title={f.path.clone().unwrap_or_else(|| f.key.clone())}>{ f.key.clone() }</td>
                                        <td class="mono">{ why }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                if unlisted > 0 {
                    <p class="muted">{ format!("{} more are not listed here.", thousands(unlisted)) }</p>
                }
            }
            if !report.chains.is_empty() {
                <h3>{"Digest chains"}</h3>
                <ul class="chains">{ for report.chains.iter().map(chain) }</ul>
            }
            <p class="muted signature-note">{ SIGNATURE_NOTE }</p>
        </section>
    }
}
