//! One event as a row of the shown columns. Every value is a text node; a shortened value
//! (a principal's or a target's ARN) keeps the whole one in its cell's title, and a target in its
//! accessible name too, since its short form drops the account and type.

use crate::app::format::{short_source, time};
use crate::components::views::chart::names::{session_name, short_principal};
use trailscope_core::query::events::{read_write_label, EventRow, TableColumn};
use trailscope_core::resources::name_of;
use yew::prelude::*;

/// The row at `index` of the list (its `aria-rowindex` counts the header row).
pub fn event_row(
    index: u64,
    row: &EventRow,
    shown: &[TableColumn],
    selected: bool,
    on_select: &Callback<Option<u32>>,
) -> Html {
    let id = row.row;
    let on_click = on_select.reform(move |_: MouseEvent| Some(id));
    let on_key = {
        let on_select = on_select.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" || event.key() == " " {
                event.prevent_default();
                on_select.emit(Some(id));
            }
        })
    };
    html! {
        <div
            key={id.to_string()}
            class={classes!("row", "event-row", selected.then_some("selected"), (!row.error.is_empty()).then_some("failed"))}
            role="row"
            tabindex={if selected { "0" } else { "-1" }}
            aria-rowindex={(index + 2).to_string()}
            aria-selected={selected.to_string()}
            data-testid="event-row"
            onclick={on_click}
            onkeydown={on_key}
        >
            { for shown.iter().map(|&column| cell(row, column)) }
        </div>
    }
}

/// The cell of `column`: its text, and the whole value when the text is shortened.
fn cell(row: &EventRow, column: TableColumn) -> Html {
    let key = column.key();
    let whole = |text: String, value: &str| {
        html! { <span role="cell" data-column={key} title={value.to_string()}>{text}</span> }
    };
    let plain = |text: &str| html! { <span role="cell" data-column={key}>{text.to_string()}</span> };
    match column {
        TableColumn::Time => html! { <span role="cell" data-column={key} class="time">{time(row.time)}</span> },
        TableColumn::Principal => whole(short_principal(&row.principal).0, &row.principal),
        TableColumn::Session => whole(session_name(&row.session).to_string(), &row.session),
        TableColumn::Source => whole(short_source(&row.source).to_string(), &row.source),
        TableColumn::UserAgent => whole(row.user_agent.clone(), &row.user_agent),
        TableColumn::Target if !row.target.is_empty() => html! {
            <span role="cell" data-column={key} title={row.target.clone()} aria-label={row.target.clone()}>
                {name_of(&row.target).to_string()}
            </span>
        },
        TableColumn::Target => plain(""),
        TableColumn::AccessKey => plain(&row.access_key),
        TableColumn::Account => plain(&row.account),
        TableColumn::Region => plain(&row.region),
        TableColumn::Operation => plain(&row.operation),
        TableColumn::Ip => plain(&row.ip),
        TableColumn::ReadWrite => plain(read_write_label(row.read_only)),
        TableColumn::Error => html! { <span role="cell" data-column={key} class="error">{row.error.clone()}</span> },
        TableColumn::IdentityType => plain(&row.identity_type),
        TableColumn::Credential => plain(&row.credential),
    }
}
