//! Asynchronous jobs linked into one row each: the AWS documentation's Transcribe and Textract
//! examples, crafted polling sequences (core/tests/fixtures/lifecycles, written by
//! make_job_fixtures.py), de-duplication, the view's slice, and what ct-gen data holds.

mod common;

use trailscope_core::lifecycles::{Lifecycle, Outcome};
use trailscope_core::query::filter::Filter;
use trailscope_core::time::parse_rfc3339;
use trailscope_core::Dataset;

fn ms(time: &str) -> i64 {
    parse_rfc3339(time).expect("a fixture time")
}

/// The jobs of `data`, one row each, newest first.
fn jobs(data: &Dataset) -> Vec<Lifecycle> {
    (data.lifecycles().iter())
        .map(|linked| linked.lifecycle(&data.jobs))
        .collect()
}

/// The one job of a data that holds exactly one.
fn only(data: &Dataset) -> Lifecycle {
    match &jobs(data)[..] {
        [one] => one.clone(),
        other => panic!("expected one job, found {other:#?}"),
    }
}

#[test]
fn the_transcribe_seed_links_start_and_status_check() {
    let data = common::load(&["seeds/transcribe-jobs.json"]);
    assert_eq!(
        only(&data),
        Lifecycle {
            service: "transcribe.amazonaws.com".into(),
            job: "transcription job".into(),
            key: "my-first-transcription-job".into(),
            account: "111122223333".into(),
            region: "us-west-2".into(),
            principal: "arn:aws:iam:us-west-2:111122223333:user/my-user-name".into(),
            start_operation: Some("StartTranscriptionJob".into()),
            start: Some(ms("2022-03-07T15:03:45Z")),
            checks: 1,
            last_check: Some(ms("2022-03-07T15:07:11Z")),
            calls: 2,
            first_seen: ms("2022-03-07T15:03:45Z"),
            last_seen: ms("2022-03-07T15:07:11Z"),
            duration_ms: Some(206_000),
            status: Some("COMPLETED".into()),
            outcome: Outcome::Completed,
            error: None,
        }
    );
}

#[test]
fn the_textract_seed_is_a_started_job_whose_end_is_unknown() {
    let data = common::load(&["seeds/textract-start-document-analysis.json"]);
    let job = only(&data);
    assert_eq!(
        job.key,
        "f3c718b444fa603d5d625ab967008f4b620d4650c9db8ca1cae01ef7efe51373"
    );
    assert_eq!(job.job, "document analysis job");
    assert_eq!(job.account, "111111111111");
    assert_eq!(job.principal, "arn:aws:iam::111111111111:user/janedoe");
    assert_eq!(job.start, Some(ms("2019-04-04T01:42:24Z")));
    assert_eq!((job.checks, job.calls, job.duration_ms), (0, 1, Some(0)));
    assert_eq!((job.status.as_deref(), job.outcome), (None, Outcome::Unknown));
}

#[test]
fn all_seeds_hold_exactly_the_two_jobs() {
    let data = common::load(&["seeds"]);
    let keys: Vec<String> = jobs(&data).iter().map(|l| l.key.clone()).collect();
    assert_eq!(
        keys,
        [
            "my-first-transcription-job",
            "f3c718b444fa603d5d625ab967008f4b620d4650c9db8ca1cae01ef7efe51373"
        ],
        "newest first; synchronous Textract and Polly calls are no jobs"
    );
}

#[test]
fn textract_polling_ends_in_success() {
    let data = common::load(&["lifecycles/textract-polling.json"]);
    let job = only(&data);
    assert_eq!(job.start_operation.as_deref(), Some("StartDocumentAnalysis"));
    assert_eq!((job.checks, job.last_check), (2, Some(ms("2024-06-03T09:01:10Z"))));
    assert_eq!(job.duration_ms, Some(70_000));
    assert_eq!(
        (job.status.as_deref(), job.outcome),
        (Some("SUCCEEDED"), Outcome::Completed)
    );
    assert_eq!(job.principal, "arn:aws:iam::111122223333:user/alice");
}

#[test]
fn a_transcription_name_reused_after_its_delete_is_a_second_job() {
    let data = common::load(&["lifecycles/transcribe-job.json"]);
    let [second, first] = &jobs(&data)[..] else {
        panic!("expected two jobs, found {:#?}", jobs(&data));
    };
    assert_eq!(first.key, second.key);
    assert_eq!(first.start, Some(ms("2024-06-03T10:00:00Z")));
    assert_eq!(
        (first.checks, first.calls),
        (2, 4),
        "two Gets, the start and the delete"
    );
    assert_eq!(first.last_seen, ms("2024-06-03T11:00:00Z"));
    assert_eq!(first.duration_ms, Some(3_600_000));
    assert_eq!(
        (first.status.as_deref(), first.outcome),
        (Some("COMPLETED"), Outcome::Completed)
    );
    assert_eq!(second.start, Some(ms("2024-06-03T12:00:00Z")));
    assert_eq!((second.checks, second.duration_ms), (1, Some(180_000)));
    assert_eq!(
        (second.status.as_deref(), second.outcome),
        (Some("FAILED"), Outcome::Failed)
    );
}

#[test]
fn failed_starts_are_rows_of_their_own_with_their_error() {
    let data = common::load(&["lifecycles/start-failed.json"]);
    let jobs = jobs(&data);
    let rows: Vec<(&str, &str, Option<&str>, Outcome)> = jobs
        .iter()
        .map(|l| (l.service.as_str(), l.key.as_str(), l.error.as_deref(), l.outcome))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "textract.amazonaws.com",
                "",
                Some("ProvisionedThroughputExceededException"),
                Outcome::StartFailed
            ),
            (
                "textract.amazonaws.com",
                "",
                Some("InvalidS3ObjectException"),
                Outcome::StartFailed
            ),
            (
                "transcribe.amazonaws.com",
                "bad-media-job",
                Some("BadRequestException"),
                Outcome::StartFailed
            ),
        ]
    );
}

#[test]
fn status_checks_without_a_start_are_linked_by_key() {
    let data = common::load(&["lifecycles/checks-without-start.json"]);
    let [transcribe, textract] = &jobs(&data)[..] else {
        panic!("expected two jobs, found {:#?}", jobs(&data));
    };
    assert_eq!((textract.start, textract.duration_ms), (None, None));
    assert_eq!((textract.checks, textract.first_seen), (2, ms("2024-06-03T14:00:00Z")));
    assert_eq!((textract.status.as_deref(), textract.outcome), (None, Outcome::NoStart));
    assert_eq!(transcribe.key, "nightly-batch-7");
    assert_eq!((transcribe.start, transcribe.outcome), (None, Outcome::Completed));
}

#[test]
fn an_athena_query_is_polled_until_it_succeeds() {
    let data = common::load(&["lifecycles/athena-query.json"]);
    let job = only(&data);
    assert_eq!(
        (job.service.as_str(), job.job.as_str()),
        ("athena.amazonaws.com", "query")
    );
    assert_eq!(job.key, "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
    assert_eq!(job.principal, "arn:aws:iam::111122223333:role/analytics");
    assert_eq!(
        (job.checks, job.duration_ms),
        (3, Some(5_000)),
        "two GetQueryExecution, one GetQueryResults"
    );
    assert_eq!(
        (job.status.as_deref(), job.outcome),
        (Some("SUCCEEDED"), Outcome::Completed)
    );
}

#[test]
fn a_stopped_execution_is_stopped_though_its_last_status_was_running() {
    let data = common::load(&["lifecycles/states-stopped.json"]);
    let job = only(&data);
    assert_eq!((job.checks, job.calls), (1, 3));
    assert_eq!(
        (job.status.as_deref(), job.outcome),
        (Some("RUNNING"), Outcome::Stopped)
    );
}

#[test]
fn loading_the_same_files_twice_gives_the_same_jobs() {
    let files = common::files(&["lifecycles", "seeds"]);
    let once = Dataset::from_batches([common::batch(&files)]);
    let doubled: Vec<(String, Vec<u8>)> = files.iter().chain(&files).cloned().collect();
    let in_one_batch = Dataset::from_batches([common::batch(&doubled)]);
    let in_two_batches = Dataset::from_batches([common::batch(&files), common::batch(&files)]);
    let mut merged_later = Dataset::from_batches([common::batch(&files)]);
    merged_later.merge(common::batch(&files));
    assert_eq!(jobs(&once).len(), 12);
    for twice in [&in_one_batch, &in_two_batches, &merged_later] {
        assert_eq!(twice.store.duplicates, once.store.len() as u64);
        assert_eq!(twice.jobs, once.jobs, "a duplicate row's job call is dropped with it");
        assert_eq!(jobs(twice), jobs(&once));
    }
}

#[test]
fn the_view_holds_the_jobs_of_its_time_range() {
    let data = common::load(&["lifecycles"]);
    let view = |filter: Filter| common::view(&data, filter);
    let all = view(Filter::default());
    assert_eq!((all.lifecycles.len(), all.lifecycles_total), (10, 10));
    assert_eq!(all.lifecycles, jobs(&data));
    let morning = view(Filter {
        from: Some(ms("2024-06-03T09:01:00Z")),
        to: Some(ms("2024-06-03T10:00:00Z")),
        ..Filter::default()
    });
    let keys: Vec<&str> = morning.lifecycles.iter().map(|l| l.key.as_str()).collect();
    assert_eq!(
        keys,
        ["8d1e5e6f0b5c4f7d9a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081"],
        "the Textract job overlaps, the Transcribe one starts at the end"
    );
    let carol = view(Filter {
        principals: vec!["arn:aws:iam::111122223333:role/analytics".into()],
        ..Filter::default()
    });
    assert_eq!(
        carol.lifecycles_total, 2,
        "the Athena query and the Step Functions execution"
    );
}

#[test]
fn ct_gen_job_calls_load_and_link_only_where_they_share_a_key() {
    let data = common::load(&["ctgen"]);
    let mut calls: Vec<(String, bool)> = data
        .jobs
        .iter()
        .map(|j| (j.operation().to_string(), j.key().is_empty()))
        .collect();
    calls.sort();
    let expected = [
        ("CreateTrainingJob", false),
        ("StartExecution", false),
        ("StartExecution", false),
        ("StartExecution", false),
        ("StartQueryExecution", false),
        ("StartQueryExecution", false),
        ("StartQueryExecution", true),
        ("StartTranscriptionJob", false),
    ];
    let expected: Vec<(String, bool)> = expected
        .iter()
        .map(|&(op, keyless)| (op.to_string(), keyless))
        .collect();
    assert_eq!(
        calls, expected,
        "Get and Describe calls with no key in their request are not kept"
    );
    let jobs = jobs(&data);
    assert_eq!(jobs.len(), 8, "ct-gen names every job afresh, so no two calls link");
    assert!(jobs.iter().all(|l| l.calls == 1 && l.start.is_some()));
    let transcribe: Vec<Outcome> = jobs
        .iter()
        .filter(|l| l.service == "transcribe.amazonaws.com")
        .map(|l| l.outcome)
        .collect();
    assert_eq!(transcribe, [Outcome::InProgress], "its start response says IN_PROGRESS");
    assert!(jobs
        .iter()
        .filter(|l| l.service != "transcribe.amazonaws.com")
        .all(|l| l.outcome == Outcome::Unknown));
}
