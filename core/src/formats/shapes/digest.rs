//! CloudTrail digest files (`CloudTrail-Digest/…json.gz`): an object with `digestStartTime` or
//! `logFiles`, read whole into a [`Digest`] for checking the log files against it.

use crate::error::FileError;
use crate::formats::input::Input;
use crate::formats::{Content, EventSink};
use crate::integrity::digest::Digest;

/// Reads an object with a digest's keys; `None` for any other text. A digest holds no events,
/// so the sink gets nothing.
pub(super) fn read(input: &Input<'_>, _: &mut impl EventSink) -> Option<Result<Content, FileError>> {
    if !input.starts_with(b'{') {
        return None;
    }
    let envelope = input.envelope().ok()?;
    if envelope.digest_start_time.is_none() && envelope.log_files.is_none() {
        return None;
    }
    Some(
        serde_json::from_str::<Digest>(input.body())
            .map(|mut digest| {
                digest.path.clear();
                Content::Digest(Box::new(digest))
            })
            .map_err(|e| FileError::NotCloudTrail(format!("a digest file with unexpected fields ({e})"))),
    )
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::formats::testing::{ask, fixture, Answer};

    const DIGEST: &str = "shapes/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/\
                          111122223333_CloudTrail-Digest_us-east-1_management-events_us-east-1_20240501T110000Z.json.gz";
    const CTGEN_DIGEST: &str = "ctgen/s3/AWSLogs/154335349840/CloudTrail-Digest/eu-west-1/2025/01/06/\
                                154335349840_CloudTrail-Digest_eu-west-1_management-events_eu-west-1_20250106T010000Z.json.gz";

    #[test]
    fn reads_digest_files() {
        for (rel, start) in [(DIGEST, "2024-05-01T10:00:00Z"), (CTGEN_DIGEST, "2025-01-06T00:00:00Z")] {
            let (answer, sink) = ask(read, &fixture(rel));
            assert_eq!(answer, Answer::Digest(Some(start.into())), "{rel}");
            assert!(sink.events.is_empty() && sink.failures.is_empty(), "{rel}");
        }
    }

    #[test]
    fn the_path_is_the_loaders_to_fill_in() {
        let text = r#"{"digestStartTime":"2024-05-01T10:00:00Z","logFiles":[],"path":"elsewhere"}"#;
        let text = crate::decode::text::Text::new(text.as_bytes()).unwrap();
        let input = crate::formats::input::Input::new(&text);
        let mut sink = crate::formats::testing::Collect::default();
        let Some(Ok(crate::formats::Content::Digest(digest))) = read(&input, &mut sink) else {
            panic!("not read as a digest");
        };
        assert_eq!(digest.path, "");
    }

    #[test]
    fn a_digest_with_fields_of_the_wrong_kind_fails_the_file() {
        let (answer, _) = ask(read, r#"{"digestStartTime":"2024-05-01T10:00:00Z","logFiles":3}"#);
        let Answer::Failed(message) = answer else {
            panic!("{answer:?}");
        };
        assert!(
            message
                .starts_with("not a CloudTrail file: a digest file with unexpected fields (invalid type: integer `3`"),
            "{message}"
        );
    }

    #[test]
    fn not_mine_without_a_digest_key() {
        for text in [
            fixture("shapes/records.json"),
            fixture("shapes/lookup-events.json"),
            fixture("seeds/lex-put-bot.json"),
            r#"{"logFiles":null,"eventName":"A"}"#.to_string(),
            r#"{"digestStartTime":"2024-05-01T10:00:00Z""#.to_string(),
        ] {
            assert_eq!(ask(read, &text).0, Answer::NotMine, "{text}");
        }
    }
}
