//! One CSV row made into the event it carries: the header says which field each cell is, and
//! only the cells that hold something become fields (an empty cell, Athena's NULL, stays
//! missing). Loading and re-reading an event both build it here.

use super::app_export;
use super::athena;
use super::header::{Column, Header};
use super::names;
use csv::ByteRecord;
use serde_json::{Map, Value};

/// The event `row` carries, or why it carries none.
pub(super) fn event_of(header: &Header, row: &ByteRecord) -> Result<Value, String> {
    if let Some(column) = header.event_json {
        let json = cell(header, row, column)?;
        return match serde_json::from_str::<Value>(json) {
            Ok(event @ Value::Object(_)) => Ok(event),
            Ok(_) => Err("its eventjson cell is not a JSON object".into()),
            Err(e) => Err(format!("its eventjson cell is not JSON: {e}")),
        };
    }
    let mut event = Map::new();
    let (mut principal, mut session) = ("", "");
    // A row's cells past its end are empty: only as many columns as it has are looked at.
    for (index, column) in header.columns.iter().enumerate().take(row.len()) {
        let text = cell(header, row, index)?;
        if text.is_empty() {
            continue;
        }
        match column {
            Column::Field(path) => {
                if let Some(value) = value_of(&path[path.len() - 1], text) {
                    insert(&mut event, path, value);
                }
            }
            Column::Principal => principal = text,
            Column::Session => session = text,
            Column::EventJson | Column::Other => {}
        }
    }
    if header.app_export {
        app_export::put_back_identity(&mut event, principal, session);
    }
    Ok(Value::Object(event))
}

/// The text of cell `index` of `row` (empty past the row's end), un-neutralised in this app's
/// export.
fn cell<'r>(header: &Header, row: &'r ByteRecord, index: usize) -> Result<&'r str, String> {
    let bytes = row.get(index).unwrap_or_default();
    let text = std::str::from_utf8(bytes).map_err(|_| format!("cell {} is not UTF-8", index + 1))?;
    Ok(if header.app_export {
        app_export::restore(text)
    } else {
        text
    })
}

/// A cell's value for `field` (as logged): an object field's JSON text (its keys read back to
/// CloudTrail's names, see [`athena::logged_keys`]) or Athena struct (`null` left out), `readOnly` and `managementEvent` as booleans, anything else as the string it is.
fn value_of(field: &str, text: &str) -> Option<Value> {
    if names::holds_object(field) {
        if text == "null" {
            return None;
        }
        if text.trim_start().starts_with(['{', '[']) {
            let parsed = serde_json::from_str(text)
                .ok()
                .map(|value| athena::logged_keys(field, value));
            return parsed
                .or_else(|| athena::struct_value(field, text))
                .or_else(|| Some(text.into()));
        }
    }
    if matches!(field, "readOnly" | "managementEvent") {
        if let Ok(flag) = text.to_ascii_lowercase().parse::<bool>() {
            return Some(Value::Bool(flag));
        }
    }
    Some(Value::String(text.to_string()))
}

/// Puts `value` at `path` in `event`, making the objects on the way; a field another column has
/// set already (a dotted column beside the whole object's) keeps its first value.
fn insert(event: &mut Map<String, Value>, path: &[String], value: Value) {
    let (last, parents) = path.split_last().expect("a column's path has a name");
    let mut map = event;
    for name in parents {
        let entry = map.entry(name.clone()).or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(inner) = entry else { return };
        map = inner;
    }
    map.entry(last.clone()).or_insert(value);
}
