//! A list of records read in one pass: each record is parsed straight into a [`RawEvent`] where it
//! starts, and its end is where the parser stopped. The general reader first collects every
//! record as raw JSON (to know its byte range) and then parses each one again, so it reads every
//! byte twice; reading a trail's files this way takes about a third less time to parse (see
//! ARCHITECTURE.md). It is only for lists laid out as CloudTrail writes them, `{"Records":[…]}`
//! or a top-level array of objects: at anything else (another key, an item that is not an object
//! or not valid JSON) it gives up and the general reader, which words every error, reads the file.

use super::record::RawEvent;

/// Largest text read in one pass. The parsed records are held until the whole list has read
/// well (a broken file must hand over none of them), at about half the size of their JSON; this
/// bounds that to 8 MiB, above the size of any file CloudTrail writes, while a 1 GiB export goes
/// to the general reader, which holds 16 bytes a record.
pub(super) const MAX_TEXT: usize = 16 << 20;

/// One record of the list: its own JSON (a slice of the text) and its fields.
pub(super) struct Item<'a> {
    /// The record's JSON: its byte range is where the sink's locator points.
    pub json: &'a str,
    /// The fields the store keeps, parsed from `json` in the same pass.
    pub event: RawEvent<'a>,
}

/// The records of `{"Records":[…]}` with nothing else in the object, or `None`.
pub(super) fn records_document(body: &str) -> Option<Vec<Item<'_>>> {
    (body.len() <= MAX_TEXT).then_some(())?;
    let mut cursor = Cursor { body, at: 0 };
    cursor.eat(b'{')?;
    cursor.skip_space();
    cursor.body.as_bytes()[cursor.at..]
        .starts_with(b"\"Records\"")
        .then_some(())?;
    cursor.at += "\"Records\"".len();
    cursor.eat(b':')?;
    let items = cursor.list()?;
    cursor.eat(b'}')?;
    cursor.at_end().then_some(items)
}

/// The records of a top-level array of objects, or `None`.
pub(super) fn array(body: &str) -> Option<Vec<Item<'_>>> {
    (body.len() <= MAX_TEXT).then_some(())?;
    let mut cursor = Cursor { body, at: 0 };
    let items = cursor.list()?;
    cursor.at_end().then_some(items)
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

    fn at_end(&mut self) -> bool {
        self.skip_space();
        self.at == self.body.len()
    }

    /// A `[…]` of objects, each parsed once.
    fn list(&mut self) -> Option<Vec<Item<'a>>> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        if self.eat(b']').is_some() {
            return Some(items);
        }
        loop {
            self.skip_space();
            let rest = &self.body[self.at..];
            rest.starts_with('{').then_some(())?;
            let mut parser = serde_json::Deserializer::from_str(rest).into_iter::<RawEvent>();
            let event = parser.next()?.ok()?;
            let json = &rest[..parser.byte_offset()];
            self.at += json.len();
            items.push(Item { json, event });
            if self.eat(b',').is_none() {
                self.eat(b']')?;
                return Some(items);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lenient::List;
    use super::super::testing::fixture;
    use super::*;
    use serde::Deserialize;

    /// What the general reader makes of a list: each item's JSON, and its fields as parsed again.
    fn two_passes<'a>(list: List<'a>) -> Vec<(&'a str, String)> {
        let List::Items(items) = list else { panic!("not a list") };
        let parse = |json: &'a str| format!("{:?}", serde_json::from_str::<RawEvent>(json).unwrap());
        items.into_iter().map(|item| (item.get(), parse(item.get()))).collect()
    }

    fn one_pass(items: Vec<Item<'_>>) -> Vec<(&str, String)> {
        items
            .into_iter()
            .map(|item| (item.json, format!("{:?}", item.event)))
            .collect()
    }

    #[derive(Deserialize)]
    struct Records<'a> {
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
            let items = records_document(&body).unwrap_or_else(|| panic!("{name}: not read in one pass"));
            assert!(!items.is_empty(), "{name}");
            let general: Records = serde_json::from_str(&body).unwrap();
            assert_eq!(one_pass(items), two_passes(general.records), "{name}");
        }
        let body = fixture("shapes/array.json");
        let general: List = serde_json::from_str(&body).unwrap();
        assert_eq!(one_pass(array(&body).expect("the array")), two_passes(general));
    }

    #[test]
    fn reads_empty_lists_and_white_space_anywhere() {
        assert_eq!(records_document("{\"Records\":[]}").map(|i| i.len()), Some(0));
        assert_eq!(array(" [ ] \n").map(|i| i.len()), Some(0));
        let spaced = "\u{20}{ \"Records\" :\n[ {\"eventName\":\"A\"} ,\r\n\t{\"eventName\":\"B\"} ] }\n";
        let items = records_document(spaced).expect("spaced document");
        let jsons: Vec<&str> = items.iter().map(|i| i.json).collect();
        assert_eq!(jsons, ["{\"eventName\":\"A\"}", "{\"eventName\":\"B\"}"]);
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
        let items = records_document(&format!(r#"{{"Records":[{just_under}]}}"#)).map(|i| i.len());
        assert_eq!(items, Some(just_under.matches("eventName").count()));
        assert!(array(&format!("[{record}, \"text\"]")).is_none());
    }
}
