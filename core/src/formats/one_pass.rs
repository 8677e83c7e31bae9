//! Lists of records read where each record starts: each item is parsed straight into what it is
//! read as (a [`RawEvent`] for a record) and its end is where the parser stopped, so every byte is
//! read once. Reading the records of a trail's files this way takes about a third less time than
//! collecting them as raw JSON and parsing each again (see ARCHITECTURE.md).
//!
//! Two readers walk lists this way. The one-pass reader ([`records_document`], [`array`]) is only
//! for lists laid out as CloudTrail writes them, `{"Records":[…]}` or a top-level array of
//! objects, and hands nothing over until the whole list has read well: at anything else (another
//! key, an item that is not an object or not valid JSON) it gives up and the general reader,
//! which words every error, reads the file. The general reader lets serde check the whole text
//! first and then walks each list with [`each_item`]. Neither holds anything per item beyond a
//! bound set by the text's length, so a list of millions of tiny records costs no more memory
//! than a few of large ones.

use super::record::RawEvent;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Deserializer;
use std::mem::size_of;

/// Largest text read in one pass; larger ones go to the general reader. Every file CloudTrail
/// writes is smaller, and a 1 GiB export is better read in two passes than held (see
/// [`Records`]).
pub(super) const MAX_TEXT: usize = 16 << 20;

/// A list that has read well in one pass: its first records, parsed and held, and where the
/// others begin when holding them all would have cost more than the text.
///
/// A file broken inside must hand over none of its records (one the text ends inside keeps its
/// whole ones: [`records_before_cut`]), so the records are held until the whole list has read.
/// A record's fields take about half the size of its JSON in a trail (a [`RawEvent`] is a few
/// hundred bytes, a CloudTrail record over a kilobyte), but a list of `{}`
/// would take hundreds of times the text's size; so at most as many bytes as the text are held,
/// and the records past that are only checked on the first pass and parsed again as they are
/// handed over.
pub(super) struct Records<'a> {
    held: Vec<(&'a str, RawEvent<'a>)>,
    /// At the first record not held, if any.
    rest: Option<Cursor<'a>>,
}

impl<'a> Records<'a> {
    /// Hands `each` every record in order, with its index and JSON: the held ones, then the
    /// others read again, each a [`RawEvent`] (the first pass read them all as one).
    pub fn for_each(self, mut each: impl FnMut(usize, &'a str, Option<RawEvent<'a>>)) {
        let mut index = 0;
        for (json, event) in self.held {
            each(index, json, Some(event));
            index += 1;
        }
        if let Some(mut rest) = self.rest {
            rest.items(|json, event| {
                each(index, json, event);
                index += 1;
                Some(())
            });
        }
    }
}

/// The records of `{"Records":[…]}` with nothing else in the object, or `None`.
pub(super) fn records_document(body: &str) -> Option<Records<'_>> {
    (body.len() <= MAX_TEXT).then_some(())?;
    let mut cursor = Cursor { body, at: 0 };
    cursor.records_key()?;
    let records = cursor.held_list()?;
    cursor.eat(b'}')?;
    cursor.at_end().then_some(records)
}

/// Hands `each` the records of a `{"Records":[…` that the text ends inside (a file cut short),
/// in order, each with its index, up to the one the cut is in; how many were whole, or `None`
/// when the text does not start as CloudTrail writes a trail file.
pub(super) fn records_before_cut<'a>(
    body: &'a str,
    mut each: impl FnMut(usize, &'a str, Option<RawEvent<'a>>),
) -> Option<usize> {
    let mut cursor = Cursor { body, at: 0 };
    cursor.records_key()?;
    cursor.eat(b'[')?;
    let mut whole = 0;
    // The walk ends at the item the cut is in, having handed over every one before it.
    cursor.items(|json, event| {
        each(whole, json, event);
        whole += 1;
        Some(())
    });
    Some(whole)
}

/// The records of a top-level array of objects, or `None`.
pub(super) fn array(body: &str) -> Option<Records<'_>> {
    (body.len() <= MAX_TEXT).then_some(())?;
    let mut cursor = Cursor { body, at: 0 };
    let records = cursor.held_list()?;
    cursor.at_end().then_some(records)
}

/// Hands `each` every item of `list` (the JSON of a list that serde has read as valid) with its
/// index and JSON, and as a `T` when it is an object that reads as one, until `each` answers
/// `None`; `None` when it did.
pub(super) fn each_item<'a, T: Deserialize<'a>>(
    list: &'a str,
    mut each: impl FnMut(usize, &'a str, Option<T>) -> Option<()>,
) -> Option<()> {
    let mut index = 0;
    Cursor { body: list, at: 0 }.list(|json, item| {
        each(index, json, item)?;
        index += 1;
        Some(())
    })
}

/// The item at the start of `rest`: its JSON, and the item as a `T` when it is an object that
/// reads as one; `None` when `rest` does not start with a JSON value.
fn read_item<'a, T: Deserialize<'a>>(rest: &'a str) -> Option<(&'a str, Option<T>)> {
    if rest.starts_with('{') {
        let mut parser = Deserializer::from_str(rest).into_iter::<T>();
        if let Some(Ok(item)) = parser.next() {
            return Some((&rest[..parser.byte_offset()], Some(item)));
        }
    }
    let raw: &RawValue = Deserializer::from_str(rest).into_iter().next()?.ok()?;
    Some((raw.get(), None))
}

struct Cursor<'a> {
    body: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    /// Moves past JSON white space.
    fn skip_space(&mut self) {
        let bytes = self.body.as_bytes();
        while matches!(bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Moves past white space and then `token`, if `token` is next.
    fn eat(&mut self, token: u8) -> Option<()> {
        self.skip_space();
        (self.body.as_bytes().get(self.at) == Some(&token)).then(|| self.at += 1)
    }

    /// Moves past `{"Records":`, how a trail file starts, if it is next.
    fn records_key(&mut self) -> Option<()> {
        self.eat(b'{')?;
        self.skip_space();
        self.body.as_bytes()[self.at..]
            .starts_with(b"\"Records\"")
            .then_some(())?;
        self.at += "\"Records\"".len();
        self.eat(b':')
    }

    fn at_end(&mut self) -> bool {
        self.skip_space();
        self.at == self.body.len()
    }

    /// A `[…]` of objects, each parsed once and held while they take at most the text's size.
    fn held_list(&mut self) -> Option<Records<'a>> {
        let body = self.body;
        let most = body.len() / size_of::<(&str, RawEvent)>();
        let mut held = Vec::new();
        let mut rest = None;
        self.list(|json, event: Option<RawEvent>| {
            let event = event?;
            if held.len() < most {
                if held.len() == held.capacity() {
                    // Doubling, but never past `most`.
                    held.reserve_exact(held.len().max(4).min(most - held.len()));
                }
                held.push((json, event));
            } else if rest.is_none() {
                let at = json.as_ptr() as usize - body.as_ptr() as usize;
                rest = Some(Cursor { body, at });
            }
            Some(())
        })?;
        Some(Records { held, rest })
    }

    /// A `[…]`, each item read where it starts and handed to `each` until it answers `None`;
    /// `None` when it did or the list is not well formed.
    fn list<T: Deserialize<'a>>(&mut self, each: impl FnMut(&'a str, Option<T>) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(());
        }
        self.items(each)
    }

    /// The items from the one the cursor is at through the list's `]`, as [`Cursor::list`].
    fn items<T: Deserialize<'a>>(&mut self, mut each: impl FnMut(&'a str, Option<T>) -> Option<()>) -> Option<()> {
        loop {
            self.skip_space();
            let (json, item) = read_item(&self.body[self.at..])?;
            self.at += json.len();
            each(json, item)?;
            if self.eat(b',').is_none() {
                return self.eat(b']');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lenient::List;
    use super::super::testing::fixture;
    use super::*;
    use serde::de::IgnoredAny;

    /// What the general reader used to make of a list: each item's JSON, and its fields as
    /// parsed again.
    fn two_passes<'a>(list: List<'a>) -> Vec<(&'a str, String)> {
        let List::Items(list) = list else { panic!("not a list") };
        let items: Vec<&RawValue> = serde_json::from_str(list.get()).unwrap();
        let parse = |json: &'a str| format!("{:?}", serde_json::from_str::<RawEvent>(json).unwrap());
        items.into_iter().map(|item| (item.get(), parse(item.get()))).collect()
    }

    fn one_pass(records: Records<'_>) -> Vec<(&str, String)> {
        let mut read = Vec::new();
        records.for_each(|index, json, event| {
            assert_eq!(index, read.len());
            read.push((json, format!("{:?}", event.expect("a record read in the first pass"))));
        });
        read
    }

    #[derive(Deserialize)]
    struct Envelope<'a> {
        #[serde(rename = "Records", borrow)]
        records: List<'a>,
    }

    #[test]
    fn reads_the_same_records_and_ranges_as_two_passes() {
        for name in [
            "ctgen/trail.json",
            "shapes/records.json",
            "shapes/records-one-per-line.json",
            "shapes/identities.json",
            "seeds/transcribe-jobs.json",
            "insights/call-rate.json",
        ] {
            let body = fixture(name);
            let records = records_document(&body).unwrap_or_else(|| panic!("{name}: not read in one pass"));
            let general: Envelope = serde_json::from_str(&body).unwrap();
            let read = one_pass(records);
            assert!(!read.is_empty(), "{name}");
            assert_eq!(read, two_passes(general.records), "{name}");
        }
        let body = fixture("shapes/array.json");
        let general: List = serde_json::from_str(&body).unwrap();
        assert_eq!(one_pass(array(&body).expect("the array")), two_passes(general));
    }

    #[test]
    fn reads_empty_lists_and_white_space_anywhere() {
        assert_eq!(records_document("{\"Records\":[]}").map(|r| one_pass(r).len()), Some(0));
        assert_eq!(array(" [ ] \n").map(|r| one_pass(r).len()), Some(0));
        let spaced = "\u{20}{ \"Records\" :\n[ {\"eventName\":\"A\"} ,\r\n\t{\"eventName\":\"B\"} ] }\n";
        let read = one_pass(records_document(spaced).expect("spaced document"));
        let jsons: Vec<&str> = read.iter().map(|(json, _)| *json).collect();
        assert_eq!(jsons, ["{\"eventName\":\"A\"}", "{\"eventName\":\"B\"}"]);
    }

    #[test]
    fn holds_at_most_the_texts_size_and_reads_the_rest_again_in_order() {
        let records = vec!["{}"; 100_000].join(",\n");
        let body = format!("{{\"Records\":[{records},{{\"eventName\":\"Last\"}}]}}");
        let read = records_document(&body).expect("a list of empty records");
        assert!(!read.held.is_empty() && read.rest.is_some());
        assert!(read.held.capacity() * size_of::<(&str, RawEvent)>() <= body.len());
        let mut count = 0;
        read.for_each(|index, json, event| {
            assert_eq!(index, count);
            let event = event.expect("an object");
            let want = if index == 100_000 {
                "{\"eventName\":\"Last\"}"
            } else {
                "{}"
            };
            assert_eq!(json, want, "record {index}");
            assert_eq!(event.name(), if index == 100_000 { "Last" } else { "" });
            count += 1;
        });
        assert_eq!(count, 100_001);
        assert!(
            array(&format!("[{records},1]")).is_none(),
            "a bad item past the held ones"
        );
    }

    #[test]
    fn leaves_every_other_layout_to_the_general_reader() {
        let record = r#"{"eventName":"GetObject","eventTime":"2024-01-01T00:00:00Z"}"#;
        for text in [
            format!(r#"{{"Records":[{record}],"Other":1}}"#),
            format!(r#"{{"Other":1,"Records":[{record}]}}"#),
            format!(r#"{{"Records":[{record},1]}}"#),
            format!(r#"{{"Records":[{record},[{record}]]}}"#),
            format!(r#"{{"Records":[{record},{{"eventName":"A","eventName":"B"}}]}}"#),
            format!(r#"{{"Records":[{record},{{"eventName":"unterminated}}]}}"#),
            format!(r#"{{"Records":[{record}{record}]}}"#),
            format!(r#"{{"Records":[{record}]"#),
            format!(r#"{{"Records":[{record},]}}"#),
            format!(r#"{{"Records":[{record}]}} trailing"#),
            format!(r#"{{"Records":{record}}}"#),
        ] {
            assert!(records_document(&text).is_none(), "{text}");
        }
        assert!(array(&format!("[{record}] [{record}]")).is_none());
        let records = vec![record; MAX_TEXT / record.len() + 1].join(",");
        let large = format!(r#"{{"Records":[{records}]}}"#);
        assert!(large.len() > MAX_TEXT);
        assert!(records_document(&large).is_none(), "a text over MAX_TEXT");
        assert!(array(&format!("[{records}]")).is_none());
        let just_under = &records[..records[..MAX_TEXT - 20].rfind(",{").expect("a record boundary")];
        let read = records_document(&format!(r#"{{"Records":[{just_under}]}}"#)).map(|r| one_pass(r).len());
        assert_eq!(read, Some(just_under.matches("eventName").count()));
        assert!(array(&format!("[{record}, \"text\"]")).is_none());
    }

    #[test]
    fn each_item_walks_a_valid_list_reading_the_objects_that_read_and_stops_when_asked() {
        let list = r#"[ {"eventName":"A"}, 1, [2], {"eventName":"B","eventName":"C"}, "x", {} ]"#;
        let mut seen = Vec::new();
        let walked = each_item(list, |index, json, event: Option<RawEvent>| {
            seen.push((index, json, event.map(|e| e.name().to_string())));
            Some(())
        });
        assert_eq!(walked, Some(()));
        let some = |name: &str| Some(name.to_string());
        assert_eq!(
            seen,
            [
                (0, r#"{"eventName":"A"}"#, some("A")),
                (1, "1", None),
                (2, "[2]", None),
                (3, r#"{"eventName":"B","eventName":"C"}"#, None),
                (4, "\"x\"", None),
                (5, "{}", some("")),
            ]
        );
        let mut visited = 0;
        let stopped = each_item(list, |_, json, _: Option<IgnoredAny>| {
            visited += 1;
            (!json.starts_with('[')).then_some(())
        });
        assert_eq!((stopped, visited), (None, 3));
        assert_eq!(each_item(" [ ] ", |_, _, _: Option<IgnoredAny>| None), Some(()));
    }
}
