//! One value of the facet rail: whether the filter keeps it or leaves it out, and the edits its
//! two buttons make.

use crate::components::views::chart::format::thousands;
use trailscope_core::query::filter::query::Field;
use trailscope_core::query::filter::{Dimension, Filter, FilterEdit};
use yew::prelude::*;

/// What the filter does with a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Nothing.
    Open,
    /// Keeps only its events: in the dimension's list, or an exact term.
    Kept {
        /// By the dimension's list (rather than a term of the query).
        listed: bool,
    },
    /// Leaves its events out (an excluded exact term).
    Left,
}

/// The filter's choices of values, read once per drawing.
pub struct Chosen<'f> {
    filter: &'f Filter,
    /// The query's exact terms: field, value, excluded.
    terms: Vec<(Field, String, bool)>,
}

impl<'f> Chosen<'f> {
    /// The choices of `filter`.
    pub fn of(filter: &'f Filter) -> Self {
        let terms = (filter.query().iter().flat_map(|q| q.terms().to_vec()))
            .filter(|term| term.exact)
            .filter_map(|term| Some((term.field?, term.value, term.excluded)))
            .collect();
        Chosen { filter, terms }
    }

    /// The values of `field` (and `dimension`'s list) that the filter keeps or leaves out.
    pub fn held(&self, field: Field, dimension: Option<Dimension>) -> Vec<&str> {
        let listed = dimension.map_or(&[][..], |d| self.filter.values(d));
        let terms = self.terms.iter().filter(|(f, _, _)| *f == field).map(|(_, v, _)| v);
        listed.iter().chain(terms).map(String::as_str).collect()
    }

    /// What the filter does with `value` of `field` (whose list, if it has one, is `dimension`).
    pub fn state(&self, field: Field, dimension: Option<Dimension>, value: &str) -> State {
        if dimension.is_some_and(|d| self.filter.values(d).iter().any(|v| v == value)) {
            return State::Kept { listed: true };
        }
        match self.terms.iter().find(|(f, v, _)| *f == field && v == value) {
            Some((_, _, true)) => State::Left,
            Some((_, _, false)) => State::Kept { listed: false },
            None => State::Open,
        }
    }
}

/// A value as the rail lists it.
pub struct Choice<'v> {
    /// Its field, which exact terms name.
    pub field: Field,
    /// Its dimension, when the filter has a list of them.
    pub dimension: Option<Dimension>,
    /// The whole value.
    pub value: &'v str,
    /// How it reads in the rail.
    pub label: String,
    /// Its events under the filter.
    pub count: u64,
    /// What the filter does with it.
    pub state: State,
}

impl Choice<'_> {
    /// The edits of a click on the name: keep only this value's events, or again all of them.
    fn keep(&self) -> Vec<FilterEdit> {
        let value = self.value.to_string();
        let pivot = |exclude| FilterEdit::Pivot {
            field: self.field,
            value: value.clone(),
            exclude,
        };
        match (self.state, self.dimension) {
            (State::Kept { listed: true }, Some(d)) => vec![FilterEdit::Remove(d, value.clone())],
            (State::Open, Some(d)) => vec![FilterEdit::Add(d, value.clone())],
            _ => vec![pivot(false)],
        }
    }

    /// The edits of a click on `−`: leave this value's events out, or put them back.
    fn leave_out(&self) -> Vec<FilterEdit> {
        let value = self.value.to_string();
        let pivot = FilterEdit::Pivot {
            field: self.field,
            value: value.clone(),
            exclude: true,
        };
        match (self.state, self.dimension) {
            (State::Kept { listed: true }, Some(d)) => vec![FilterEdit::Remove(d, value), pivot],
            _ => vec![pivot],
        }
    }

    /// The value's row: its name (with its count) and its `−`.
    pub fn render(&self, group: &str, on_edit: &Callback<FilterEdit>) -> Html {
        let emit = |edits: Vec<FilterEdit>| {
            let on_edit = on_edit.clone();
            Callback::from(move |_: MouseEvent| edits.iter().cloned().for_each(|edit| on_edit.emit(edit)))
        };
        let kept = matches!(self.state, State::Kept { .. });
        let left = self.state == State::Left;
        let count = thousands(self.count);
        let value = self.value;
        html! {
            <li class={classes!("facet-value", kept.then_some("kept"), left.then_some("left"))}>
                <button type="button" class="facet-keep" aria-pressed={kept.to_string()} title={value.to_string()}
                    onclick={emit(self.keep())}>
                    <span class="facet-name">{ self.label.clone() }</span>
                    if self.label != value {
                        <span class="visually-hidden">{ format!(" ({value})") }</span>
                    }
                    <span class="facet-count">{ count }</span>
                    <span class="visually-hidden">{ format!(" events of this {group}: keep only these") }</span>
                </button>
                <button type="button" class="facet-leave" aria-pressed={left.to_string()}
                    aria-label={format!("Leave out {group} {value}")} title="Leave these out"
                    onclick={emit(self.leave_out())}>{"−"}</button>
            </li>
        }
    }
}

/// The read/write facet: the filter's own `read_only` choice, kept or turned around.
pub fn read_write(reads: u64, writes: u64, read_only: Option<bool>, on_edit: &Callback<FilterEdit>) -> Html {
    if reads + writes == 0 {
        return Html::default();
    }
    let row = |label: &'static str, reading: bool, count: u64| {
        let kept = read_only == Some(reading);
        let left = read_only == Some(!reading);
        let keep = on_edit.reform(move |_: MouseEvent| FilterEdit::SetReadOnly((!kept).then_some(reading)));
        let leave = on_edit.reform(move |_: MouseEvent| FilterEdit::SetReadOnly((!left).then_some(!reading)));
        let count = thousands(count);
        html! {
            <li class={classes!("facet-value", kept.then_some("kept"), left.then_some("left"))}>
                <button type="button" class="facet-keep" aria-pressed={kept.to_string()} onclick={keep}>
                    <span class="facet-name">{ label }</span>
                    <span class="facet-count">{ count }</span>
                    <span class="visually-hidden">{" events: keep only these"}</span>
                </button>
                <button type="button" class="facet-leave" aria-pressed={left.to_string()}
                    aria-label={format!("Leave out the {label}")} title="Leave these out" onclick={leave}>{"−"}</button>
            </li>
        }
    };
    html! {
        <section class="facet" aria-label="Read/write">
            <h3 class="facet-title">{"Read/write"}</h3>
            <ul class="facet-values">
                { row("Reads", true, reads) }
                { row("Writes", false, writes) }
            </ul>
        </section>
    }
}
