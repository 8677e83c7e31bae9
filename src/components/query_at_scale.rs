//! The "Query at scale" tab: the current filter as SQL for Athena, CloudTrail Lake or DuckDB,
//! for a trail too large for a tab, to run where the trail is; its result, saved as CSV, is
//! dropped back here. The worker writes the SQL (`worker::sql`); this asks for it and shows it
//! as text, and the page sends nothing anywhere.

use crate::browser::clipboard;
use crate::protocol::{SqlAnswer, SqlAsk};
use std::rc::Rc;
use trailscope_core::query::filter::Filter;
use trailscope_core::sql::Engine;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the tab shows and asks.
#[derive(Properties, PartialEq)]
pub struct QueryAtScaleProps {
    /// The filter the SQL selects.
    pub filter: Filter,
    /// The store's generation: a new load changes the accounts, regions and days the SQL reads.
    pub generation: Option<u32>,
    /// The last SQL asked for, with the worker's answer.
    pub sql: Option<Rc<(SqlAsk, Result<SqlAnswer, String>)>>,
    /// Asks the worker for the SQL.
    pub on_ask: Callback<SqlAsk>,
    /// Tells the user something (the clipboard refused the copy).
    pub on_notice: Callback<String>,
}

/// What the tab says of an engine: its name, what its location is, an example of one, and how
/// to run the SQL and bring the result back.
fn about(engine: Engine) -> [&'static str; 4] {
    match engine {
        Engine::Athena => [
            "Athena",
            "S3 location of the trail (above AWSLogs/)",
            "s3://my-trail-bucket/prefix",
            "In the Athena console, run the CREATE EXTERNAL TABLE once, then the SELECT; download the \
             result as CSV and drop it here.",
        ],
        Engine::Lake => [
            "CloudTrail Lake",
            "Event data store id or ARN",
            "EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE",
            "Run it in CloudTrail Lake's query editor, save the results to S3, then drop the result's \
             .csv.gz here.",
        ],
        Engine::DuckDb => [
            "DuckDB",
            "Folder or S3 URL of the trail (above AWSLogs/)",
            "/cases/trail or s3://my-trail-bucket/prefix",
            "Run it in duckdb as COPY (…) TO 'result.csv' (HEADER), then drop result.csv here.",
        ],
    }
}

/// The tab.
#[function_component]
pub fn QueryAtScale(props: &QueryAtScaleProps) -> Html {
    let engine = use_state(|| Engine::Athena);
    let locations = use_state(|| Engine::ALL.map(|_| String::new()));
    let org_id = use_state(String::new);
    let copied = use_state(|| None::<String>);
    let at = Engine::ALL.iter().position(|e| e == &*engine).unwrap_or(0);
    let ask = SqlAsk {
        filter: props.filter.clone(),
        engine: *engine,
        location: locations[at].clone(),
        org_id: if *engine == Engine::Athena {
            (*org_id).clone()
        } else {
            String::new()
        },
    };
    {
        let on_ask = props.on_ask.clone();
        use_effect_with((ask.clone(), props.generation), move |(ask, _)| {
            on_ask.emit(ask.clone())
        });
    }
    let typed = |e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value();
    let on_location = {
        let locations = locations.clone();
        Callback::from(move |e: InputEvent| {
            let mut edited = (*locations).clone();
            edited[at] = typed(e);
            locations.set(edited);
        })
    };
    let on_org = {
        let org_id = org_id.clone();
        Callback::from(move |e: InputEvent| org_id.set(typed(e)))
    };
    let [_, location_label, example, how] = about(*engine);
    let choice = |choice: Engine| {
        let (engine_state, checked) = (engine.clone(), choice == *engine);
        html! {
            <label class="sql-engine-choice">
                <input type="radio" name="sql-engine" checked={checked}
                    onchange={Callback::from(move |_: Event| engine_state.set(choice))} />
                { about(choice)[0] }
            </label>
        }
    };
    let answer = props.sql.as_ref().filter(|sql| sql.0 == ask).map(|sql| sql.1.clone());
    html! {
        <section class="panel query-at-scale" aria-labelledby="sql-title">
            <h2 id="sql-title">{"Query at scale"}</h2>
            <p class="hint">{"When the trail is too large for this tab, run the current filter where the trail \
                is. Nothing leaves this page: copy the SQL, run it, and drop the result's CSV here."}</p>
            <fieldset class="sql-engine">
                <legend>{"Engine"}</legend>
                { for Engine::ALL.into_iter().map(choice) }
            </fieldset>
            <label class="sql-field">
                { location_label }
                <input type="text" value={locations[at].clone()} placeholder={example} spellcheck="false"
                    data-testid="sql-location" oninput={on_location} />
            </label>
            if *engine == Engine::Athena {
                <label class="sql-field">
                    {"Organisation id, for an organisation trail (AWSLogs/o-…/)"}
                    <input type="text" value={(*org_id).clone()} placeholder="o-exampleorgid" spellcheck="false"
                        data-testid="sql-org-id" oninput={on_org} />
                </label>
            }
            { written(answer, how, &copied, &props.on_notice) }
        </section>
    }
}

/// The SQL with its Copy button (which says "Copied" while the text it copied is shown), how to
/// run it and what it leaves out; or why there is none yet.
fn written(
    answer: Option<Result<SqlAnswer, String>>,
    how: &'static str,
    copied: &UseStateHandle<Option<String>>,
    on_notice: &Callback<String>,
) -> Html {
    match answer {
        None => html! { <p class="sql-problem" role="status">{"Writing the SQL…"}</p> },
        Some(Err(message)) => html! { <p class="sql-problem" role="status" data-testid="sql-problem">{ message }</p> },
        Some(Ok(sql)) => {
            let on_copy = {
                let (text, copied, on_notice) = (sql.text.clone(), copied.clone(), on_notice.clone());
                Callback::from(move |_: MouseEvent| {
                    let (text, copied, on_notice) = (text.clone(), copied.clone(), on_notice.clone());
                    clipboard::copy(text.clone(), move |outcome| match outcome {
                        Ok(()) => copied.set(Some(text)),
                        Err(reason) => on_notice.emit(format!("Could not copy to the clipboard: {reason}")),
                    });
                })
            };
            let label = if copied.as_deref() == Some(sql.text.as_str()) {
                "Copied"
            } else {
                "Copy SQL"
            };
            html! {
                <>
                    <div class="sql-actions">
                        <button type="button" class="button small" onclick={on_copy}>{ label }</button>
                        <span class="hint">{ how }</span>
                    </div>
                    <pre class="sql-text" data-testid="sql-text" tabindex="0" aria-label="SQL"><code>{ sql.text }</code></pre>
                    if !sql.left_out.is_empty() {
                        <div class="sql-left-out" data-testid="sql-left-out">
                            <h3>{"Not carried over"}</h3>
                            <ul>{ for sql.left_out.into_iter().map(|line| html! { <li>{ line }</li> }) }</ul>
                        </div>
                    }
                </>
            }
        }
    }
}
