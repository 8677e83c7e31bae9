//! Which columns the event table shows and how wide, as a person chose them. Both are kept in
//! `localStorage` as short text (`time,principal,…` and `principal:320,…`) and read back only
//! when the whole text parses: a value left by another version, or edited by hand, falls back
//! to the defaults instead of drawing a broken table.

use std::collections::BTreeMap;
use trailscope_core::query::events::TableColumn;

/// Storage key of the shown columns.
pub const COLUMNS_KEY: &str = "trailscope.table.columns";
/// Storage key of the widths a person set.
pub const WIDTHS_KEY: &str = "trailscope.table.widths";
/// What a first visit shows: who did what to which resource, from where, and whether it failed.
pub const DEFAULT_COLUMNS: [TableColumn; 8] = [
    TableColumn::Time,
    TableColumn::Principal,
    TableColumn::Source,
    TableColumn::Operation,
    TableColumn::Target,
    TableColumn::Region,
    TableColumn::Ip,
    TableColumn::Error,
];
/// Narrowest a column can be made, enough for its header's sort arrow and resize handle.
pub const MIN_WIDTH_PX: u32 = 48;
/// Widest a column can be made.
pub const MAX_WIDTH_PX: u32 = 1200;
/// How far ← and → move a focused resize handle.
pub const STEP_PX: i32 = 16;

/// The table's columns: which are shown, and the widths set by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// Shown, in the table's order ([`TableColumn::ALL`]).
    pub shown: Vec<TableColumn>,
    /// Widths in CSS pixels set by the person; the others have their default.
    pub widths: BTreeMap<TableColumn, u32>,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            shown: DEFAULT_COLUMNS.to_vec(),
            widths: BTreeMap::new(),
        }
    }
}

impl Columns {
    /// The columns from their stored texts; a text missing or not parsing gives its default.
    pub fn parse(shown: Option<&str>, widths: Option<&str>) -> Self {
        let mut columns = Columns::default();
        if let Some(shown) = shown.and_then(parse_shown) {
            columns.shown = shown;
        }
        if let Some(widths) = widths.and_then(parse_widths) {
            columns.widths = widths;
        }
        columns
    }

    /// The shown columns as stored.
    pub fn shown_text(&self) -> String {
        let keys: Vec<&str> = self.shown.iter().map(|c| c.key()).collect();
        keys.join(",")
    }

    /// The widths set by hand as stored.
    pub fn widths_text(&self) -> String {
        let pairs: Vec<String> = self.widths.iter().map(|(c, px)| format!("{}:{px}", c.key())).collect();
        pairs.join(",")
    }

    /// Shows `column`, or hides it unless it is the last one shown.
    pub fn toggle(&mut self, column: TableColumn) {
        if self.shown.contains(&column) {
            if self.shown.len() > 1 {
                self.shown.retain(|&c| c != column);
            }
        } else {
            self.shown = TableColumn::ALL
                .into_iter()
                .filter(|&c| c == column || self.shown.contains(&c))
                .collect();
        }
    }

    /// The width of `column` in CSS pixels.
    pub fn width(&self, column: TableColumn) -> u32 {
        self.widths
            .get(&column)
            .copied()
            .unwrap_or_else(|| default_width(column))
    }

    /// Sets the width of `column`, kept between [`MIN_WIDTH_PX`] and [`MAX_WIDTH_PX`].
    pub fn set_width(&mut self, column: TableColumn, px: i64) {
        let px = px.clamp(i64::from(MIN_WIDTH_PX), i64::from(MAX_WIDTH_PX)) as u32;
        self.widths.insert(column, px);
    }

    /// Gives `column` its default width again.
    pub fn reset_width(&mut self, column: TableColumn) {
        self.widths.remove(&column);
    }

    /// The rows' `grid-template-columns` and their smallest total width: each column its width,
    /// the last one also taking what room is left.
    pub fn grid(&self) -> (String, String) {
        let last = self.shown.len().saturating_sub(1);
        let tracks: Vec<String> = self
            .shown
            .iter()
            .enumerate()
            .map(|(i, &c)| match i == last {
                true => format!("minmax({}px, 1fr)", self.width(c)),
                false => format!("{}px", self.width(c)),
            })
            .collect();
        let total: u32 = self.shown.iter().map(|&c| self.width(c)).sum();
        (tracks.join(" "), format!("{total}px"))
    }
}

/// A column's width before a person changes it, for its usual values.
pub fn default_width(column: TableColumn) -> u32 {
    match column {
        TableColumn::Time => 184,
        TableColumn::Principal | TableColumn::UserAgent => 240,
        TableColumn::Session | TableColumn::Operation | TableColumn::Target => 200,
        TableColumn::AccessKey => 180,
        TableColumn::Account | TableColumn::Region | TableColumn::Source | TableColumn::Ip => 128,
        TableColumn::Error => 160,
        TableColumn::ReadWrite => 96,
        TableColumn::IdentityType | TableColumn::Credential => 144,
    }
}

/// Known column keys, at least one, in the table's order; `None` if any key is unknown.
fn parse_shown(text: &str) -> Option<Vec<TableColumn>> {
    let keys: Option<Vec<TableColumn>> = text.split(',').map(TableColumn::from_key).collect();
    let keys = keys?;
    let shown: Vec<TableColumn> = TableColumn::ALL.into_iter().filter(|c| keys.contains(c)).collect();
    (!shown.is_empty()).then_some(shown)
}

/// `key:px` pairs of known columns (an empty text sets none); `None` if any pair does not parse.
fn parse_widths(text: &str) -> Option<BTreeMap<TableColumn, u32>> {
    if text.is_empty() {
        return Some(BTreeMap::new());
    }
    text.split(',')
        .map(|pair| {
            let (key, px) = pair.split_once(':')?;
            let px: u32 = px.parse().ok()?;
            Some((TableColumn::from_key(key)?, px.clamp(MIN_WIDTH_PX, MAX_WIDTH_PX)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn stored_columns_are_read_back_in_the_tables_order() {
        let mut columns = Columns::default();
        columns.toggle(TableColumn::Target);
        columns.toggle(TableColumn::AccessKey);
        columns.set_width(TableColumn::Principal, 320);
        columns.set_width(TableColumn::Error, 5);
        let read = Columns::parse(Some(&columns.shown_text()), Some(&columns.widths_text()));
        assert_eq!(read, columns);
        assert_eq!(
            read.shown_text(),
            "time,principal,access-key,source,operation,region,ip,error"
        );
        assert_eq!(read.width(TableColumn::Error), MIN_WIDTH_PX);
        assert_eq!(
            Columns::parse(Some("error,time"), None).shown,
            [TableColumn::Time, TableColumn::Error]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn showing_a_column_keeps_the_others_in_place() {
        let mut columns = Columns::default();
        columns.toggle(TableColumn::Session);
        columns.toggle(TableColumn::Session);
        assert_eq!(columns.shown, DEFAULT_COLUMNS, "the defaults are in the table's order");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn stored_text_that_does_not_parse_is_ignored() {
        for bad in ["", "time,nonsense", "{\"columns\":[]}"] {
            assert_eq!(Columns::parse(Some(bad), None), Columns::default(), "{bad:?}");
        }
        for bad in ["principal", "principal:wide", "nonsense:100", "principal:100,"] {
            assert_eq!(Columns::parse(None, Some(bad)).widths, BTreeMap::new(), "{bad:?}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_last_column_cannot_be_hidden_and_takes_the_room_left() {
        let mut columns = Columns::parse(Some("time,region"), None);
        columns.toggle(TableColumn::Time);
        columns.toggle(TableColumn::Region);
        assert_eq!(columns.shown, [TableColumn::Region]);
        columns.toggle(TableColumn::Time);
        columns.set_width(TableColumn::Time, 200);
        assert_eq!(
            columns.grid(),
            ("200px minmax(128px, 1fr)".to_string(), "328px".to_string())
        );
        columns.reset_width(TableColumn::Time);
        assert_eq!(columns.width(TableColumn::Time), 184);
    }
}
