//! The facet rail: for each dimension (account, region, service, operation, principal, session,
//! access key, source IP, user agent, error code, resource, read/write), its busiest values
//! under the filter with their counts. A value's name keeps only its events (again: all of
//! them), its `−` leaves them out; both are edits of the one filter, written into the query as
//! exact terms (`ip:="…"`, `-ip:="…"`) unless the dimension is a list of the filter's own.

mod choice;

use super::shared_view::ViewPart;
use crate::components::views::chart::format::thousands;
use crate::components::views::chart::names::{session_name, short_principal};
use choice::{Choice, Chosen};
use std::collections::HashSet;
use trailscope_core::query::facets::{Facet, Facets};
use trailscope_core::query::filter::query::Field;
use trailscope_core::query::filter::{Dimension, Filter, FilterEdit};
use yew::prelude::*;

/// Values listed per dimension before "Show more".
const SHOWN: usize = 5;

/// Props of [`FacetRail`].
#[derive(Properties, PartialEq, Clone)]
pub struct FacetRailProps {
    /// Every dimension's busiest values.
    pub facets: ViewPart<Facets>,
    /// The filter, to mark the values it keeps or leaves out.
    pub filter: Filter,
    /// Every change to the filter.
    pub on_edit: Callback<FilterEdit>,
}

/// One dimension of the rail.
struct Group<'f> {
    title: &'static str,
    field: Field,
    dimension: Option<Dimension>,
    facet: &'f Facet,
    /// How a value reads in the rail (the full value is its title).
    short: fn(&str) -> String,
}

fn whole(value: &str) -> String {
    value.to_string()
}

fn principal(value: &str) -> String {
    short_principal(value).0
}

fn session(value: &str) -> String {
    session_name(value).to_string()
}

/// The part after the last `/` or `:` of a long key (a resource's ARN), or all of a short one.
fn resource(value: &str) -> String {
    value
        .rsplit(['/', ':'])
        .find(|part| !part.is_empty())
        .unwrap_or(value)
        .to_string()
}

fn groups(f: &Facets) -> [Group<'_>; 11] {
    let group = |title, field, dimension, facet, short| Group {
        title,
        field,
        dimension,
        facet,
        short,
    };
    [
        group("Account", Field::Account, Some(Dimension::Account), &f.accounts, whole),
        group("Region", Field::Region, Some(Dimension::Region), &f.regions, whole),
        group("Service", Field::Source, Some(Dimension::Source), &f.sources, whole),
        group(
            "Operation",
            Field::Operation,
            Some(Dimension::Operation),
            &f.operations,
            whole,
        ),
        group(
            "Principal",
            Field::Principal,
            Some(Dimension::Principal),
            &f.principals,
            principal,
        ),
        group("Session", Field::Session, None, &f.sessions, session),
        group("Access key", Field::AccessKey, None, &f.access_keys, whole),
        group("Source IP", Field::Ip, None, &f.source_ips, whole),
        group("User agent", Field::UserAgent, None, &f.user_agents, whole),
        group("Error code", Field::Error, Some(Dimension::Error), &f.errors, whole),
        group(
            "Resource",
            Field::Resource,
            Some(Dimension::Resource),
            &f.resources,
            resource,
        ),
    ]
}

/// The rail.
#[function_component]
pub fn FacetRail(props: &FacetRailProps) -> Html {
    let expanded = use_state(HashSet::<&'static str>::new);
    let chosen = Chosen::of(&props.filter);
    let group = |g: Group| {
        // What the filter keeps or leaves out stays listed, even when it holds no event now, so
        // that it can be undone where it was done.
        let listed = |v: &str| g.facet.values.iter().any(|(value, _)| value == v);
        let mut held: Vec<&str> = chosen.held(g.field, g.dimension);
        held.retain(|v| !listed(v));
        held.dedup();
        if g.facet.values.is_empty() && held.is_empty() {
            return Html::default();
        }
        let open = expanded.contains(g.title);
        let shown = if open {
            g.facet.values.len()
        } else {
            SHOWN.min(g.facet.values.len())
        };
        let more = g.facet.values.len() - shown;
        let toggle = {
            let (expanded, title) = (expanded.clone(), g.title);
            Callback::from(move |_: MouseEvent| {
                let mut next = (*expanded).clone();
                if !next.remove(title) {
                    next.insert(title);
                }
                expanded.set(next);
            })
        };
        let distinct = if g.facet.distinct > g.facet.values.len() as u64 {
            format!("top {} of {}", g.facet.values.len(), thousands(g.facet.distinct))
        } else {
            thousands(g.facet.distinct)
        };
        let top = g
            .facet
            .values
            .iter()
            .take(shown)
            .map(|(value, count)| (value.as_str(), *count));
        let values = top.chain(held.iter().map(|&value| (value, 0))).map(|(value, count)| {
            let choice = Choice {
                field: g.field,
                dimension: g.dimension,
                value,
                label: (g.short)(value),
                count,
                state: chosen.state(g.field, g.dimension, value),
            };
            choice.render(g.title, &props.on_edit)
        });
        html! {
            <section class="facet" aria-label={g.title}>
                <h3 class="facet-title">{ g.title }<span class="facet-distinct">{ distinct }</span></h3>
                <ul class="facet-values">{ for values }</ul>
                if more > 0 || open {
                    <button type="button" class="facet-more" aria-expanded={open.to_string()} onclick={toggle}>
                        { if open { "Show fewer".to_string() } else { format!("Show {more} more") } }
                    </button>
                }
            </section>
        }
    };
    let facets = &props.facets;
    html! {
        <div class="facets" data-testid="facets">
            <h2 class="visually-hidden">{"Facets"}</h2>
            { for groups(facets).into_iter().map(group) }
            { choice::read_write(facets.reads, facets.writes, props.filter.read_only, &props.on_edit) }
        </div>
    }
}
