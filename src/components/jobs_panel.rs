//! Asynchronous jobs (a transcription, a document analysis, a query…): each job's start, status
//! checks and outcome linked into one row, so a reviewer sees what ran, for how long, and how it
//! ended without piecing the calls together.

use crate::app::format::thousands;
use crate::components::views::chart::format::utc;
use crate::components::views::chart::names::short_principal;
use crate::components::views::ViewPart;
use trailscope_core::lifecycles::{Lifecycle, Outcome};
use yew::prelude::*;

/// Jobs drawn before "Show all": the table scrolls in a box of about ten rows, and drawing all
/// of the view's jobs at every filter change would cost more than every chart together.
const FIRST_JOBS: usize = 50;

/// The jobs of the view.
#[derive(Properties, PartialEq)]
pub struct JobsPanelProps {
    /// The jobs shown (the newest, up to the view's cap).
    pub jobs: ViewPart<Vec<Lifecycle>>,
    /// Jobs in the view in all.
    pub total: u64,
}

/// How a job ended, in words, with the class that colours it.
fn outcome(outcome: Outcome) -> (&'static str, &'static str) {
    match outcome {
        Outcome::StartFailed => ("start failed", "outcome bad"),
        Outcome::Completed => ("completed", "outcome good"),
        Outcome::Failed => ("failed", "outcome bad"),
        Outcome::Stopped => ("stopped", "outcome"),
        Outcome::InProgress => ("in progress", "outcome"),
        Outcome::Unknown => ("no status logged", "outcome muted"),
        Outcome::NoStart => ("start not loaded", "outcome muted"),
    }
}

/// A duration in the largest two units (`3 min 26 s`, `2 h 5 min`).
fn elapsed(ms: i64) -> String {
    let s = ms / 1000;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {} s", s / 60, s % 60),
        3600..86_400 => format!("{} h {} min", s / 3600, s / 60 % 60),
        _ => format!("{} d {} h", s / 86_400, s / 3600 % 24),
    }
}

/// How long the job was seen running; nothing when only its start is loaded (a lone start
/// says nothing about how long the job ran).
fn duration(job: &Lifecycle) -> String {
    match job.duration_ms {
        Some(ms) if job.calls > 1 => elapsed(ms),
        _ => String::new(),
    }
}

fn row(job: &Lifecycle) -> Html {
    let (who, account) = short_principal(&job.principal);
    let (said, class) = outcome(job.outcome);
    let status = match (&job.status, &job.error) {
        (_, Some(error)) if job.outcome == Outcome::StartFailed => error.clone(),
        (Some(status), _) => status.clone(),
        (None, Some(error)) => error.clone(),
        (None, None) => String::new(),
    };
    let service = job.service.trim_end_matches(".amazonaws.com").to_string();
    html! {
        <tr data-testid="job">
            <td>{ service }<span class="muted job-kind">{ format!(" {}", job.job) }</span></td>
            <td class="mono job-key" title={job.key.clone()}>
                { if job.key.is_empty() { "(no id: the start failed or was not logged)".to_string() } else { job.key.clone() } }
            </td>
            <td title={job.principal.clone()}>{ who }{ for account.map(|a| html! { <span class="muted">{ format!(" {a}") }</span> }) }</td>
            <td class="mono">{ job.start.map(utc).unwrap_or_else(|| format!("— (first call {})", utc(job.first_seen))) }</td>
            <td class="num">{ thousands(u64::from(job.checks)) }</td>
            <td class="num">{ duration(job) }</td>
            <td><span class={class}>{ said }</span>{ for (!status.is_empty()).then(|| html! { <span class="mono">{ format!(" {status}") }</span> }) }</td>
        </tr>
    }
}

/// The jobs table; nothing when the view has no job.
#[function_component]
pub fn JobsPanel(props: &JobsPanelProps) -> Html {
    if props.total == 0 {
        return Html::default();
    }
    let show_all = use_state(|| false);
    let listed = props.jobs.len();
    let drawn = if *show_all { listed } else { listed.min(FIRST_JOBS) };
    let show_all_button = (drawn < listed).then(|| {
        let show_all = show_all.clone();
        html! {
            <button type="button" class="tsv-button tsv-show-all" onclick={move |_| show_all.set(true)}>
                { format!("Show all {} jobs", thousands(listed as u64)) }
            </button>
        }
    });
    let shown = listed as u64;
    html! {
        <section class="panel jobs" aria-labelledby="jobs-title" data-testid="jobs">
            <h2 id="jobs-title">{ format!("Asynchronous jobs ({})", thousands(props.total)) }</h2>
            if shown < props.total {
                <p class="muted">{ format!("The {} most recent are listed; narrow the filter to see others.", thousands(shown)) }</p>
            }
            <div class="panel-scroll" tabindex="0" role="region" aria-label="Jobs table">
                <table class="jobs-table">
                    <caption class="visually-hidden">{"Each job's start, status checks and outcome"}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{"Service"}</th>
                            <th scope="col">{"Job"}</th>
                            <th scope="col">{"Started by"}</th>
                            <th scope="col">{"Started (UTC)"}</th>
                            <th scope="col">{"Checks"}</th>
                            <th scope="col">{"Duration"}</th>
                            <th scope="col">{"Outcome"}</th>
                        </tr>
                    </thead>
                    <tbody>{ for props.jobs.iter().take(drawn).map(row) }</tbody>
                </table>
            </div>
            { for show_all_button }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::elapsed;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn durations_read_in_two_units() {
        assert_eq!(elapsed(4_000), "4 s");
        assert_eq!(elapsed(206_000), "3 min 26 s");
        assert_eq!(elapsed(7_500_000), "2 h 5 min");
        assert_eq!(elapsed(90_000_000), "1 d 1 h");
    }
}
