//! A tiny hand-made trail shared by the app's tests, so each test states only what it checks.

use trailscope_core::query::events::{page_of, EventPage};
use trailscope_core::query::filter::Filter;
use trailscope_core::{Dataset, Ingest, IngestOptions};

/// Three events (one failed call, one masked field, one with `requestParameters: null`) in one
/// `{"Records":[…]}` file.
pub const TRAIL: &str = r#"{"Records":[
{"eventVersion":"1.08","eventID":"e1","eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.1","recipientAccountId":"111122223333","readOnly":true,"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333"},"requestParameters":{"bucketName":"b"}},
{"eventVersion":"1.08","eventID":"e2","eventTime":"2024-05-01T10:05:00Z","eventSource":"polly.amazonaws.com","eventName":"SynthesizeSpeech","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.2","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333"},"requestParameters":{"text":"****","voiceId":"Joanna"},"responseElements":null},
{"eventVersion":"1.08","eventID":"e3","eventTime":"2024-05-01T10:10:00Z","eventSource":"iam.amazonaws.com","eventName":"DeleteUser","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.3","recipientAccountId":"111122223333","errorCode":"AccessDenied","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"},"requestParameters":null}
]}"#;

/// The path [`TRAIL`] is loaded under.
pub const TRAIL_PATH: &str = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/trail.json";

/// A dataset holding [`TRAIL`] as origin 0.
pub fn data() -> Dataset {
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, TRAIL_PATH, TRAIL.as_bytes());
    Dataset::from_batches([ingest.finish()])
}

/// The events of `data` passing `filter`, `offset..offset + limit`, as the worker pages them.
pub fn page(data: &Dataset, filter: &Filter, offset: usize, limit: usize) -> EventPage {
    page_of(
        &data.store,
        filter.compile(data).selected(&data.store).rows(),
        offset,
        limit,
    )
}
