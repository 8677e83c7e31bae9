//! The summary maps: operations keyed by "<eventSource> <folded eventName>", hours by UTC
//! "YYYY-MM-DDTHH", principals by the principal rule; and a whole summary checked field by field.

mod common;

use common::{counts, summary};
use serde_json::json;

#[test]
fn version_suffixed_event_names_are_counted_as_one_api() {
    let s = summary(&["shapes/event-names.json"]);
    assert_eq!(
        s.by_operation,
        counts(&[
            ("cloudfront.amazonaws.com GetDistribution", 2),
            ("lambda.amazonaws.com GetFunction", 1),
            ("lambda.amazonaws.com ListTags", 1),
            ("lambda.amazonaws.com UpdateFunctionConfiguration", 1),
            ("tts.amazonaws.com SynthesizeSpeech", 2),
        ])
    );
    assert_eq!(s.events, 7);
    assert_eq!(s.by_hour, counts(&[("2024-05-01T20", 7)]));
}

#[test]
fn synthesize_speech_with_and_without_its_date_meet_the_polly_seed() {
    // The Polly documentation logs SynthesizeSpeech under tts.amazonaws.com.
    let s = summary(&["seeds/polly-synthesize-speech.json", "shapes/event-names.json"]);
    assert_eq!(s.by_operation["tts.amazonaws.com SynthesizeSpeech"], 3);
    assert_eq!(s.by_source["tts.amazonaws.com"], 3);
    assert!(
        !s.by_operation.keys().any(|k| k.contains("20161128")),
        "{:?}",
        s.by_operation
    );
}

#[test]
fn hours_are_utc_whatever_the_offset() {
    // 2024-05-01T23:30:00-02:00 is 01:30Z next day; 05:45:10.5+05:30 is 00:15:10.5Z;
    // 00:59:59.999Z stays in hour 00.
    let s = summary(&["shapes/time-offsets.json"]);
    assert_eq!(s.by_hour, counts(&[("2024-05-02T00", 2), ("2024-05-02T01", 1)]));
    assert_eq!(s.undated, 0);
}

#[test]
fn errors_count_events_with_an_error_code() {
    let s = summary(&["shapes/records.json"]);
    assert_eq!((s.events, s.errors), (3, 1));
    assert_eq!(s.by_hour, counts(&[("2024-05-01T10", 2), ("2024-05-01T11", 1)]));
}

#[test]
fn the_whole_summary_of_the_seeds() {
    let s = summary(&["seeds"]);
    let got = serde_json::to_value(&s).unwrap();
    let want = json!({
        "files": 6,
        "failed": [{
            "path": "seeds/personalize-list-dataset-groups.json",
            "error": "invalid JSON at line 8, column 35: control character (\\u0000-\\u001F) found while parsing a string"
        }],
        "digests": 0,
        "events": 6,
        "duplicates": 0,
        "undated": 1,
        "errors": 0,
        "by_source": {
            "lex.amazonaws.com": 1,
            "textract.amazonaws.com": 2,
            "transcribe.amazonaws.com": 2,
            "tts.amazonaws.com": 1
        },
        "by_operation": {
            "lex.amazonaws.com PutBot": 1,
            "textract.amazonaws.com AnalyzeDocument": 1,
            "textract.amazonaws.com StartDocumentAnalysis": 1,
            "transcribe.amazonaws.com GetTranscriptionJob": 1,
            "transcribe.amazonaws.com StartTranscriptionJob": 1,
            "tts.amazonaws.com SynthesizeSpeech": 1
        },
        "by_principal": {
            "ARN": 1,
            "arn:aws:iam::111111111111:user/janedoe": 2,
            "arn:aws:iam::123456789012:user/Alice": 1,
            "arn:aws:iam:us-west-2:111122223333:user/my-user-name": 2
        },
        "by_hour": {
            "2016-11-02T03": 1,
            "2019-04-03T23": 1,
            "2019-04-04T01": 1,
            "2022-03-07T15": 2
        }
    });
    assert_eq!(got, want);
}
