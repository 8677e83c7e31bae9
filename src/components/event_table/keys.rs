//! The table's keyboard and the pages its window needs. The table is one tab stop (plus the
//! selected row); ↑ ↓ (or k j) move between rows, Home and End go to the first and last event,
//! Enter or Space opens a row, Escape closes it. While an event is open, moving opens the row
//! moved to, so a responder walks through events with the detail beside them.

use crate::app::state::{TableCache, PAGE_ROWS};
use crate::app::table_window::Window;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::{Callback, TargetCast};

/// Height of the sticky header row, which covers the first row in view.
const ROW_HEAD_PX: f64 = 28.0;

/// Pages covering the window and one page either side; page 0 alone until the total is known.
pub fn needed_pages(w: &Window, total: Option<u64>) -> Vec<u64> {
    let Some(total) = total else { return vec![0] };
    if w.count == 0 || total == 0 {
        return Vec::new();
    }
    let first = (w.first / PAGE_ROWS).saturating_sub(1);
    let last = ((w.first + w.count - 1) / PAGE_ROWS + 1).min((total - 1) / PAGE_ROWS);
    (first..=last).collect()
}

/// What the table needs to answer a key.
pub struct TableKeys {
    /// The scrolling element, which holds the rows.
    pub scroller: HtmlElement,
    /// The rows held, to know which event a row shows.
    pub table: std::rc::Rc<TableCache>,
    /// Whether an event is open.
    pub open: bool,
    /// Opens (or closes) an event.
    pub on_select: Callback<Option<u32>>,
}

impl TableKeys {
    /// Arrow keys, j and k, Home, End and Escape anywhere in the table (rows handle Enter and
    /// Space).
    pub fn key(&self, event: &KeyboardEvent) {
        if event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        let scroller = &self.scroller;
        let from_row = event.target_dyn_into::<HtmlElement>().filter(|t| is_row(t));
        let target: Option<Element> = match event.key().as_str() {
            "ArrowDown" | "j" => match &from_row {
                Some(row) => row.next_element_sibling().filter(is_row),
                // From the table itself (or a header): the first row in view.
                None => first_row_in_view(scroller),
            },
            "ArrowUp" | "k" => from_row
                .as_ref()
                .and_then(|row| row.previous_element_sibling())
                .filter(is_row),
            "Home" | "End" => {
                let end = event.key() == "End";
                scroller.set_scroll_top(if end { scroller.scroll_height() } else { 0 });
                // The rows at that end are rendered once the scroll is handled: focus the table,
                // from which ↑ or ↓ then continues.
                if self.table.total.unwrap_or(0) > 0 {
                    scroller.focus().ok();
                }
                event.prevent_default();
                return;
            }
            "Escape" => {
                self.on_select.emit(None);
                return;
            }
            _ => return,
        };
        event.prevent_default();
        let Some(row) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
            return;
        };
        // Focusing scrolls the row into view, which renders (and fetches) the rows around it.
        row.focus().ok();
        if self.open {
            if let Some(event) = self.event_of(&row) {
                self.on_select.emit(Some(event));
            }
        }
    }

    /// The store row of the event a table row shows, from its position in the list.
    fn event_of(&self, row: &Element) -> Option<u32> {
        let index: u64 = row.get_attribute("aria-rowindex")?.parse().ok()?;
        Some(self.table.row(index.checked_sub(2)?)?.row)
    }
}

fn is_row(e: &Element) -> bool {
    e.get_attribute("data-testid").as_deref() == Some("event-row")
}

/// The first event row not hidden above the scrolled view (or under the sticky header); the
/// first row when the table is not scrolled, whatever the header's height in the fonts at hand.
fn first_row_in_view(scroller: &HtmlElement) -> Option<Element> {
    let mut row = scroller.query_selector("[data-testid=event-row]").ok()??;
    if scroller.scroll_top() <= 0 {
        return Some(row);
    }
    let top = scroller.get_bounding_client_rect().top() + ROW_HEAD_PX;
    while row.get_bounding_client_rect().bottom() <= top + 1.0 {
        match row.next_element_sibling() {
            Some(next) if is_row(&next) => row = next,
            _ => break,
        }
    }
    Some(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn pages_cover_the_window_and_its_neighbours() {
        let w = |first, count| Window {
            first,
            count,
            top_px: 0.0,
            bottom_px: 0.0,
        };
        assert_eq!(needed_pages(&w(0, 0), None), [0]);
        assert!(needed_pages(&w(0, 0), Some(0)).is_empty());
        assert_eq!(needed_pages(&w(0, 21), Some(1000)), [0, 1]);
        assert_eq!(needed_pages(&w(250, 21), Some(1000)), [1, 2, 3]);
        assert_eq!(needed_pages(&w(0, 21), Some(21)), [0], "no page past the end");
    }
}
