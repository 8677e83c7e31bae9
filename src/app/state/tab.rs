//! Which part of the page shows below the top bar: the events (facets, table and the selected
//! event) or one of the dashboards, each under the same filter.

use trailscope_core::query::view::ViewRequest;

/// A tab of the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tab {
    /// Facets, the event table and the selected event.
    #[default]
    Events,
    /// The headline numbers, the files that could not be read, and the log-file integrity.
    Overview,
    /// Every finding.
    Findings,
    /// Events over time, stacked.
    Timeline,
    /// Principals and their sessions.
    Identities,
    /// The most-touched resources.
    Resources,
    /// Services and their operations.
    Services,
    /// Asynchronous jobs.
    Jobs,
    /// The filter as SQL for Athena, CloudTrail Lake or DuckDB.
    Sql,
}

impl Tab {
    /// The default request of the views while this tab shows: the identities and the
    /// most-touched resources, each a pass over the rows, only on their own tabs.
    pub fn view_request(self) -> ViewRequest {
        ViewRequest {
            identities: self == Tab::Identities,
            resources: self == Tab::Resources,
            ..ViewRequest::default()
        }
    }

    /// Every tab, in the order they are listed.
    pub const ALL: [Tab; 9] = [
        Tab::Events,
        Tab::Overview,
        Tab::Findings,
        Tab::Timeline,
        Tab::Identities,
        Tab::Resources,
        Tab::Services,
        Tab::Jobs,
        Tab::Sql,
    ];

    /// Its name on the tab.
    pub const fn name(self) -> &'static str {
        match self {
            Tab::Events => "Events",
            Tab::Overview => "Overview",
            Tab::Findings => "Findings",
            Tab::Timeline => "Timeline",
            Tab::Identities => "Identities",
            Tab::Resources => "Resources",
            Tab::Services => "Services",
            Tab::Jobs => "Jobs",
            Tab::Sql => "Query at scale",
        }
    }

    /// The id of its element, which tests and skip links find it by.
    pub const fn id(self) -> &'static str {
        match self {
            Tab::Events => "tab-events",
            Tab::Overview => "tab-overview",
            Tab::Findings => "tab-findings",
            Tab::Timeline => "tab-timeline",
            Tab::Identities => "tab-identities",
            Tab::Resources => "tab-resources",
            Tab::Services => "tab-services",
            Tab::Jobs => "tab-jobs",
            Tab::Sql => "tab-sql",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Action, AppState};
    use super::Tab;
    use trailscope_core::query::entity::Entity;

    #[test]
    fn a_tab_replaces_an_open_entity_page_and_clear_returns_to_the_events() {
        let mut state = AppState::default();
        assert_eq!(state.tab, Tab::Events);
        state.apply(Action::ShowTab(Tab::Findings));
        assert_eq!(state.tab, Tab::Findings);
        state.apply(Action::ShowEntity(Some(Entity::Ip("203.0.113.7".into()))));
        state.apply(Action::ShowTab(Tab::Events));
        assert_eq!(
            (state.tab, &state.entity),
            (Tab::Events, &None),
            "a tab closes the page over it"
        );
        state.apply(Action::ShowTab(Tab::Jobs));
        state.apply(Action::ClearRequested);
        assert_eq!(state.tab, Tab::Events);
    }

    #[test]
    fn every_tab_has_its_own_name_and_id() {
        for (i, a) in Tab::ALL.iter().enumerate() {
            for b in &Tab::ALL[i + 1..] {
                assert!(a.name() != b.name() && a.id() != b.id());
            }
        }
    }
}
