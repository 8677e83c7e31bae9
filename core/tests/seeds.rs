//! The JSON examples of the AWS documentation (Polly, Lex, Transcribe, Textract, Personalize),
//! extracted byte for byte by `fixtures/extract_seeds.py`: what users paste from the docs loads,
//! placeholders included, and the one broken example fails with its line and column.

mod common;

use common::{counts, error_of, summary};
use trailscope_core::formats::source::Shape;
use trailscope_core::query::filter::Filter;

#[test]
fn polly_synthesize_speech_is_one_event_of_tts() {
    let s = summary(&["seeds/polly-synthesize-speech.json"]);
    assert_eq!((s.files, s.events, s.undated, s.errors), (1, 1, 0, 0));
    assert!(s.failed.is_empty(), "{:?}", s.failed);
    assert_eq!(s.by_source, counts(&[("tts.amazonaws.com", 1)]));
    assert_eq!(s.by_operation, counts(&[("tts.amazonaws.com SynthesizeSpeech", 1)]));
    assert_eq!(s.by_principal, counts(&[("arn:aws:iam::123456789012:user/Alice", 1)]));
    assert_eq!(s.by_hour, counts(&[("2016-11-02T03", 1)]));
}

#[test]
fn lex_put_bot_with_placeholders_is_counted_but_undated() {
    let data = common::load(&["seeds/lex-put-bot.json"]);
    let s = trailscope_core::Summary::of(&data, &Filter::default());
    assert_eq!((s.files, s.events, s.undated), (1, 1, 1));
    assert!(s.failed.is_empty(), "{:?}", s.failed);
    assert!(s.by_hour.is_empty(), "an undated event has no hour: {:?}", s.by_hour);
    assert_eq!(s.by_operation, counts(&[("lex.amazonaws.com PutBot", 1)]));
    // "type": "AssumedRole | FederatedUser | ..." is no known type; the placeholder arn is kept.
    assert_eq!(s.by_principal, counts(&[("ARN", 1)]));
    assert_eq!(data.store.files[0].shape, Shape::BareEvent);
    assert_eq!(data.store.undated(), 1);
}

#[test]
fn transcribe_jobs_are_two_records() {
    let data = common::load(&["seeds/transcribe-jobs.json"]);
    let s = trailscope_core::Summary::of(&data, &Filter::default());
    assert_eq!((s.files, s.events, s.undated), (1, 2, 0));
    assert_eq!(
        s.by_operation,
        counts(&[
            ("transcribe.amazonaws.com GetTranscriptionJob", 1),
            ("transcribe.amazonaws.com StartTranscriptionJob", 1),
        ])
    );
    assert_eq!(s.by_hour, counts(&[("2022-03-07T15", 2)]));
    assert_eq!(data.store.files[0].shape, Shape::Records);
}

#[test]
fn textract_has_a_bare_event_and_a_records_file() {
    let bare = common::load(&["seeds/textract-analyze-document.json"]);
    assert_eq!(bare.store.len(), 1);
    assert_eq!(bare.store.files[0].shape, Shape::BareEvent);
    let records = common::load(&["seeds/textract-start-document-analysis.json"]);
    assert_eq!(records.store.len(), 1);
    assert_eq!(records.store.files[0].shape, Shape::Records);
    let s = summary(&[
        "seeds/textract-analyze-document.json",
        "seeds/textract-start-document-analysis.json",
    ]);
    assert_eq!(
        s.by_operation,
        counts(&[
            ("textract.amazonaws.com AnalyzeDocument", 1),
            ("textract.amazonaws.com StartDocumentAnalysis", 1),
        ])
    );
    assert_eq!(s.by_principal, counts(&[("arn:aws:iam::111111111111:user/janedoe", 2)]));
    assert_eq!(s.by_hour, counts(&[("2019-04-03T23", 1), ("2019-04-04T01", 1)]));
}

#[test]
fn personalize_example_is_invalid_json_at_its_unterminated_string() {
    // Line 8 of the example is `        "accessKeyId": "access-key,` (no closing quote): the string
    // runs into the newline, a control character, after column 35.
    let text = String::from_utf8(common::read("seeds/personalize-list-dataset-groups.json")).unwrap();
    let line8 = text.lines().nth(7).unwrap();
    assert_eq!(line8, r#"        "accessKeyId": "access-key,"#);
    assert_eq!(line8.len(), 35);

    let s = summary(&["seeds/personalize-list-dataset-groups.json"]);
    assert_eq!((s.files, s.events), (1, 0));
    assert_eq!(
        error_of(&s.failed, "seeds/personalize-list-dataset-groups.json"),
        "invalid JSON at line 8, column 35: control character (\\u0000-\\u001F) found while parsing a string"
    );
}

#[test]
fn the_seed_folder_loads_everything_but_personalize() {
    let s = summary(&["seeds"]);
    assert_eq!((s.files, s.events, s.undated, s.duplicates, s.digests), (6, 6, 1, 0, 0));
    assert_eq!(s.failed.len(), 1);
    assert_eq!(s.failed[0].path, "seeds/personalize-list-dataset-groups.json");
    assert!(
        s.failed[0].error.starts_with("invalid JSON at line 8, column 35"),
        "{}",
        s.failed[0].error
    );
    assert_eq!(
        s.by_source,
        counts(&[
            ("lex.amazonaws.com", 1),
            ("textract.amazonaws.com", 2),
            ("transcribe.amazonaws.com", 2),
            ("tts.amazonaws.com", 1),
        ])
    );
}

#[test]
fn seeds_are_the_documentation_examples_byte_for_byte() {
    // Spot checks that extract_seeds.py kept the examples as published: the Lex example keeps its
    // four-space indent and placeholders, the Polly one its "key": value, spacing with trailing blanks.
    let lex = String::from_utf8(common::read("seeds/lex-put-bot.json")).unwrap();
    assert!(lex.starts_with("    {\n                \"eventVersion\": \"1.05\","));
    assert!(lex.contains("\"eventTime\": \"timestamp\","));
    let polly = String::from_utf8(common::read("seeds/polly-synthesize-speech.json")).unwrap();
    assert!(polly.contains("\"awsRegion\": \"us-east-2\", \n"));
    assert!(polly.ends_with("        }\n]\n\n}\n"));
}
