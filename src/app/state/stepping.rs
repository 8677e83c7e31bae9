//! Walking through the events with `j` and `k` from anywhere on the page: the selection moves to
//! the next or previous event the table holds, and the side panel follows it.

use super::{AppState, Detail, PAGE_ROWS};

impl AppState {
    /// Selects the event `by` places after (or, negative, before) the selected one, if the table
    /// holds it; with nothing selected, `j` selects the first event held.
    pub(super) fn step_selection(&mut self, by: i64) {
        let table = &self.table;
        let held = || {
            table.pages.iter().flat_map(|(&page, rows)| {
                rows.iter()
                    .enumerate()
                    .map(move |(i, row)| (page * PAGE_ROWS + i as u64, row.row))
            })
        };
        let target = match &self.selected {
            Some((selected, _)) => held()
                .find(|&(_, row)| row == *selected)
                .and_then(|(index, _)| index.checked_add_signed(by))
                .and_then(|index| table.row(index).map(|row| row.row)),
            None if by > 0 => held().next().map(|(_, row)| row),
            None => None,
        };
        if let Some(row) = target {
            self.selected = Some((row, Detail::Loading));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Action, AppState};
    use crate::protocol::Response;
    use trailscope_core::query::events::{EventPage, EventRow};

    fn row(row: u32) -> EventRow {
        EventRow {
            row,
            time: Some(i64::from(row)),
            principal: String::new(),
            session: String::new(),
            source: String::new(),
            operation: String::new(),
            region: String::new(),
            account: String::new(),
            ip: String::new(),
            user_agent: String::new(),
            error: String::new(),
            read_only: None,
            identity_type: String::new(),
            credential: String::new(),
            access_key: String::new(),
            target: String::new(),
        }
    }

    #[test]
    fn j_and_k_walk_through_the_rows_held() {
        let mut state = AppState {
            generation: Some(1),
            ..AppState::default()
        };
        let page = EventPage {
            offset: 0,
            total: 3,
            rows: vec![row(40), row(7), row(12)],
        };
        state.apply(Action::Worker(Response::Page {
            generation: 1,
            filter: state.table.filter.clone(),
            sort: state.table.sort,
            page,
        }));
        let selected = |s: &AppState| s.selected.as_ref().map(|(row, _)| *row);
        state.apply(Action::Step(-1));
        assert_eq!(selected(&state), None, "k with nothing selected selects nothing");
        state.apply(Action::Step(1));
        assert_eq!(selected(&state), Some(40), "j selects the first event");
        state.apply(Action::Step(1));
        state.apply(Action::Step(1));
        assert_eq!(selected(&state), Some(12), "in the table's order, not by row");
        state.apply(Action::Step(1));
        assert_eq!(selected(&state), Some(12), "past the last, it stays");
        state.apply(Action::Step(-2));
        assert_eq!(selected(&state), Some(40));
    }
}
