//! The event's JSON as a tree of elements, in file order: keys, strings, numbers, booleans and
//! null told apart by CSS classes, objects and arrays folded by a button each, JSON documents
//! held in strings decoded, and each value a button opening its actions (filter, exclude, copy).
//! Every text from the log is a text node.

use super::embedded::{decoded, Encoding};
use super::facts::{Facts, Step};
use super::value_menu::ValueMenu;
use serde_json::Value;
use std::collections::HashSet;
use std::rc::Rc;
use trailscope_core::query::filter::FilterEdit;
use web_sys::Element;
use yew::prelude::*;

/// Objects and arrays with more members than this start folded, so that a cut list of a
/// thousand items draws one line until asked for.
const OPEN_MEMBERS: usize = 50;

/// Objects and arrays this deep or deeper (the event itself is at depth 0) start folded.
const OPEN_DEPTH: usize = 6;

/// The event to draw and where its values' actions go.
#[derive(Properties, PartialEq)]
pub struct JsonTreeProps {
    /// The parsed event, keys in file order.
    pub value: Rc<Value>,
    /// What the store knows of it, to map a value to the field holding it.
    pub facts: Rc<Facts>,
    /// A value's "Filter on it" or "Exclude it".
    pub on_edit: Callback<FilterEdit>,
    /// A value's "Copy", with the text to copy.
    pub on_copy: Callback<String>,
}

/// What a person changed in the tree, each set holding node ids (see [`child_id`]).
#[derive(Clone, Default, PartialEq)]
struct Looks {
    /// Nodes folded or unfolded against their default.
    flipped: HashSet<String>,
    /// Decoded strings shown as the string.
    raw: HashSet<String>,
    /// The value whose actions are open.
    menu: Option<String>,
}

/// A change to the tree's looks, made by a click.
type Change = Box<dyn FnOnce(&mut Looks)>;

/// The id of a member or item of node `parent`: a JSON pointer (`~` and `/` escaped), so that
/// no two nodes share one whatever their keys.
fn child_id(parent: &str, step: &str) -> String {
    format!("{parent}/{}", step.replace('~', "~0").replace('/', "~1"))
}

/// The id of the document decoded from the string at `id` (`~d` is no escaped key).
fn decoded_id(id: &str) -> String {
    format!("{id}/~d")
}

/// How a node is named: by its key, or as an item of its array.
#[derive(Clone, Copy)]
enum Label<'v> {
    Root,
    Key(&'v str),
    Item(usize),
}

impl Label<'_> {
    /// The fold button's accessible name.
    fn name(self) -> String {
        match self {
            Label::Root => "the event".into(),
            Label::Key(key) => key.to_string(),
            Label::Item(i) => format!("item {}", i + 1),
        }
    }

    fn html(self) -> Html {
        match self {
            Label::Key(key) => html! {
                <><span class="jv-key">{quoted(key)}</span><span class="jv-punct">{": "}</span></>
            },
            Label::Root | Label::Item(_) => Html::default(),
        }
    }
}

/// `s` as JSON writes it, quotes and escapes included.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// One drawing of the tree: its state and what clicks change.
struct Draw<'a> {
    looks: &'a Looks,
    facts: &'a Facts,
    change: Callback<Change>,
    on_edit: &'a Callback<FilterEdit>,
    on_copy: &'a Callback<String>,
}

/// Where a node is: its id, path from the event, depth, and whether it was URL-encoded in a
/// string (no search finds such text as it reads, so it offers no filter).
struct At<'p, 'v> {
    id: String,
    path: &'p mut Vec<Step<'v>>,
    depth: usize,
    url: bool,
    last: bool,
}

impl Draw<'_> {
    fn flip(&self, set: fn(&mut Looks) -> &mut HashSet<String>, id: String) -> Callback<MouseEvent> {
        self.change.reform(move |_| {
            let id = id.clone();
            Box::new(move |looks: &mut Looks| {
                let set = set(looks);
                if !set.remove(&id) {
                    set.insert(id);
                }
            }) as Change
        })
    }

    fn node<'v>(&self, label: Label<'v>, value: &'v Value, at: At<'_, 'v>) -> Html {
        match value {
            Value::Object(_) | Value::Array(_) => self.container(label, value, at, Html::default()),
            Value::String(s) => match decoded(s) {
                Some((document, encoding)) if !self.looks.raw.contains(&at.id) => {
                    let toggle = self.raw_toggle(&at.id, false);
                    self.decoded(label, &document, encoding, at, toggle)
                }
                Some(_) => {
                    let toggle = self.raw_toggle(&at.id, true);
                    self.leaf(label, value, at, toggle)
                }
                None => self.leaf(label, value, at, Html::default()),
            },
            _ => self.leaf(label, value, at, Html::default()),
        }
    }

    /// The button that shows a decoded string as the string (`pressed`) or decoded again.
    fn raw_toggle(&self, id: &str, pressed: bool) -> Html {
        let onclick = self.flip(|looks| &mut looks.raw, id.to_string());
        html! {
            <button type="button" class="jv-raw" aria-pressed={pressed.to_string()} {onclick}>{"Show the string"}</button>
        }
    }

    /// The document a string at `at` holds, marked as decoded. Its values' paths start at the
    /// document (no well-known member of an event is inside one), so that only the search in
    /// every field or a resource the event touched can be pivoted on.
    fn decoded(&self, label: Label<'_>, document: &Value, encoding: Encoding, at: At<'_, '_>, toggle: Html) -> Html {
        let note = match encoding {
            Encoding::Plain => "decoded from a string",
            Encoding::Url => "decoded from a URL-encoded string",
        };
        let badge = html! { <><span class="jv-decoded">{note}</span>{toggle}</> };
        let mut path = vec![Step::Decoded];
        let inner = At {
            id: decoded_id(&at.id),
            path: &mut path,
            depth: at.depth,
            url: at.url || encoding == Encoding::Url,
            last: at.last,
        };
        self.container(label, document, inner, badge)
    }

    /// An object or array (`value`), its members drawn when it is open.
    fn container<'v>(&self, label: Label<'v>, value: &'v Value, at: At<'_, 'v>, badge: Html) -> Html {
        let (marks, members, children): (_, _, Vec<(Label<'v>, Step<'v>, String, &'v Value)>) = match value {
            Value::Object(map) => (
                ('{', '}'),
                "keys",
                map.iter()
                    .map(|(k, v)| (Label::Key(k), Step::Key(k.as_str()), k.clone(), v))
                    .collect(),
            ),
            Value::Array(items) => (
                ('[', ']'),
                "items",
                (items.iter().enumerate())
                    .map(|(i, v)| (Label::Item(i), Step::Item, i.to_string(), v))
                    .collect(),
            ),
            _ => return self.leaf(label, value, at, badge),
        };
        let len = children.len();
        let open = (len <= OPEN_MEMBERS && at.depth < OPEN_DEPTH) != self.looks.flipped.contains(&at.id);
        let onclick = self.flip(|looks| &mut looks.flipped, at.id.clone());
        let close = format!("{}{}", marks.1, if at.last { "" } else { "," });
        let body = if open {
            let mut rows = Vec::with_capacity(len);
            for (i, (child_label, step, key, child)) in children.into_iter().enumerate() {
                at.path.push(step);
                let child_at = At {
                    id: child_id(&at.id, &key),
                    path: &mut *at.path,
                    depth: at.depth + 1,
                    url: at.url,
                    last: i + 1 == len,
                };
                rows.push(self.node(child_label, child, child_at));
                at.path.pop();
            }
            html! { <ul class="jv-children">{ for rows }</ul> }
        } else {
            html! { <span class="jv-folded">{format!(" {len} {members} ")}</span> }
        };
        html! {
            <li class="jv-row">
                <button type="button" class="jv-fold" aria-expanded={open.to_string()} aria-label={label.name()} {onclick}></button>
                { label.html() }
                { badge }
                <span class="jv-punct">{marks.0.to_string()}</span>
                { body }
                <span class="jv-punct">{close}</span>
            </li>
        }
    }

    fn leaf(&self, label: Label<'_>, value: &Value, at: At<'_, '_>, extra: Html) -> Html {
        let (class, shown, text) = match value {
            Value::String(s) => ("jv-string", quoted(s), Some(s.clone())),
            Value::Number(n) => ("jv-number", n.to_string(), Some(n.to_string())),
            Value::Bool(b) => ("jv-bool", b.to_string(), None),
            _ => ("jv-null", "null".to_string(), None),
        };
        let copy_text = text.clone().unwrap_or_else(|| shown.clone());
        let pivot = text
            .filter(|_| !at.url)
            .and_then(|text| self.facts.pivot(at.path, &text));
        let open = self.looks.menu.as_deref() == Some(at.id.as_str());
        let id = at.id.clone();
        let toggle = self.change.reform(move |_: MouseEvent| {
            let id = id.clone();
            Box::new(move |looks: &mut Looks| {
                looks.menu = (looks.menu.as_deref() != Some(id.as_str())).then_some(id);
            }) as Change
        });
        let close = self
            .change
            .reform(|()| Box::new(|looks: &mut Looks| looks.menu = None) as Change);
        html! {
            <li class="jv-row">
                { label.html() }
                { extra }
                <button type="button" class={classes!("jv-value", class)} aria-expanded={open.to_string()} onclick={toggle}>{shown}</button>
                if !at.last { <span class="jv-punct">{","}</span> }
                if open {
                    <ValueMenu {pivot} text={copy_text} on_edit={self.on_edit.clone()}
                        on_copy={self.on_copy.clone()} on_close={close} />
                }
            </li>
        }
    }
}

/// The tree; its folds and open actions start over for each event (the pane keys it by row).
#[function_component]
pub fn JsonTree(props: &JsonTreeProps) -> Html {
    let looks = use_state(Looks::default);
    let root = use_node_ref();
    {
        // A value's actions take focus when they open, so that a keyboard user is in them.
        let root = root.clone();
        use_effect_with(looks.menu.clone(), move |menu| {
            let first = root
                .cast::<Element>()
                .and_then(|r| r.query_selector(".jv-menu button").ok().flatten());
            if let (Some(_), Some(first)) = (
                menu,
                first.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()),
            ) {
                first.focus().ok();
            }
        });
    }
    let change = {
        let looks = looks.clone();
        Callback::from(move |edit: Change| {
            let mut next = (*looks).clone();
            edit(&mut next);
            looks.set(next);
        })
    };
    let draw = Draw {
        looks: &looks,
        facts: &props.facts,
        change,
        on_edit: &props.on_edit,
        on_copy: &props.on_copy,
    };
    let at = At {
        id: String::new(),
        path: &mut Vec::new(),
        depth: 0,
        url: false,
        last: true,
    };
    html! {
        <ul class="jv" data-testid="event-json" ref={root}>{ draw.node(Label::Root, &props.value, at) }</ul>
    }
}
