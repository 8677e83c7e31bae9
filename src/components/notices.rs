//! Messages that do not stop the app: items of a drop that could not be read, a failed request.

use yew::prelude::*;

/// The messages.
#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    /// The messages, oldest first.
    pub notices: Vec<String>,
    /// Dismisses them all.
    pub on_dismiss: Callback<()>,
}

/// The notice list; nothing when empty.
#[function_component]
pub fn Notices(props: &NoticesProps) -> Html {
    if props.notices.is_empty() {
        return Html::default();
    }
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <section class="notices" role="status" data-testid="notices">
            <ul>{ for props.notices.iter().map(|n| html! { <li>{n.clone()}</li> }) }</ul>
            <button type="button" class="button small" onclick={on_dismiss}>{"Dismiss"}</button>
        </section>
    }
}
