//! CloudTrail Insights Start/End events paired into bands (core/tests/fixtures/insights, written
//! by make_job_fixtures.py in the shape of the AWS documentation's examples), and the bands a
//! view shows.

mod common;

use trailscope_core::insights::{AttributedValue, Attribution, Insight, InsightBand, InsightStatistics};
use trailscope_core::query::filter::Filter;
use trailscope_core::time::parse_rfc3339;
use trailscope_core::Dataset;

fn ms(time: &str) -> i64 {
    parse_rfc3339(time).expect("a fixture time")
}

fn values(pairs: &[(&str, f64)]) -> Vec<AttributedValue> {
    pairs
        .iter()
        .map(|&(value, average)| AttributedValue {
            value: value.into(),
            average,
        })
        .collect()
}

fn band<'s>(data: &'s Dataset, id: &str) -> &'s InsightBand {
    data.insight_bands()
        .iter()
        .find(|b| b.id == id)
        .unwrap_or_else(|| panic!("no band {id} in {:#?}", data.insight_bands()))
}

#[test]
fn a_call_rate_insight_is_one_band_with_the_end_statistics() {
    let data = common::load(&["insights/call-rate.json"]);
    assert_eq!(data.insight_bands().len(), 1);
    let role = "arn:aws:sts::111122223333:assumed-role/CodeDeployRole1";
    assert_eq!(
        band(&data, "7bb0a1c2-22b3-4c03-94af-c74e50c8a7c0"),
        &InsightBand {
            id: "7bb0a1c2-22b3-4c03-94af-c74e50c8a7c0".into(),
            start: Some(ms("2024-06-04T08:51:00Z")),
            end: Some(ms("2024-06-04T08:56:00Z")),
            insight: Insight {
                account: "111122223333".into(),
                region: "us-east-1".into(),
                source: "autoscaling.amazonaws.com".into(),
                operation: "CompleteLifecycleAction".into(),
                insight_type: "ApiCallRateInsight".into(),
                error_code: String::new(),
                statistics: InsightStatistics {
                    baseline_average: Some(0.0000882145),
                    insight_average: Some(0.4),
                    insight_duration: Some(5.0),
                    baseline_duration: Some(11336.0),
                },
                attributions: vec![
                    Attribution {
                        attribute: "userIdentityArn".into(),
                        insight: values(&[(role, 0.4)]),
                        baseline: values(&[(role, 0.0000882145)]),
                    },
                    Attribution {
                        attribute: "userAgent".into(),
                        insight: values(&[("codedeploy.amazonaws.com", 0.4)]),
                        baseline: values(&[("codedeploy.amazonaws.com", 0.0000882145)]),
                    },
                    Attribution {
                        attribute: "errorCode".into(),
                        insight: values(&[("null", 0.4)]),
                        baseline: values(&[("null", 0.0000882145)]),
                    },
                ],
            },
        }
    );
}

#[test]
fn an_error_rate_insight_names_its_error_and_who_caused_it() {
    let data = common::load(&["insights/error-rate.json"]);
    let b = band(&data, "fccb064f-dd07-4822-97c0-11115d8b91d4");
    assert_eq!(
        (b.insight.insight_type.as_str(), b.insight.error_code.as_str()),
        ("ApiErrorRateInsight", "AccessDenied")
    );
    assert_eq!(
        (b.insight.source.as_str(), b.insight.operation.as_str()),
        ("s3.amazonaws.com", "GetBucketPolicy")
    );
    assert_eq!(b.end.zip(b.start).map(|(end, start)| end - start), Some(12 * 60_000));
    assert_eq!(
        (
            b.insight.statistics.baseline_average,
            b.insight.statistics.insight_average
        ),
        (Some(0.02), Some(12.0))
    );
    let principals = &b.insight.attributions[0];
    assert_eq!(principals.attribute, "userIdentityArn");
    assert_eq!(
        principals.insight,
        values(&[
            ("arn:aws:iam::111122223333:user/scanner", 11.5),
            ("arn:aws:sts::111122223333:assumed-role/ci-deploy", 0.5)
        ])
    );
    assert_eq!(b.insight.attributions[2].insight, values(&[("AccessDenied", 12.0)]));
}

#[test]
fn unmatched_starts_and_ends_are_open_bands() {
    let data = common::load(&["insights/unmatched.json"]);
    let open_end = band(&data, "12edc982-3348-4794-83d3-a3db26525049");
    assert_eq!((open_end.start, open_end.end), (Some(ms("2024-06-05T02:51:00Z")), None));
    assert_eq!(
        open_end.insight.statistics.insight_average,
        Some(664.0),
        "the Start's statistics serve"
    );
    let open_start = band(&data, "5ab3c7e2-0c8e-4f51-9a0e-6c2d7b9e1f34");
    assert_eq!(
        (open_start.start, open_start.end),
        (None, Some(ms("2024-06-01T00:09:00Z")))
    );
    assert_eq!(open_start.insight.statistics.insight_duration, Some(9.0));
    let order: Vec<&str> = data.insight_bands().iter().map(|b| b.id.as_str()).collect();
    assert_eq!(
        order,
        [
            "5ab3c7e2-0c8e-4f51-9a0e-6c2d7b9e1f34",
            "12edc982-3348-4794-83d3-a3db26525049"
        ]
    );
}

#[test]
fn the_shapes_insights_file_pairs_and_loading_it_twice_changes_nothing() {
    let files = common::files(&["shapes/AWSLogs", "insights"]);
    let once = Dataset::from_batches([common::batch(&files)]);
    assert_eq!(once.insight_bands().len(), 5);
    let twice = Dataset::from_batches([common::batch(&files), common::batch(&files)]);
    assert_eq!(twice.insights, once.insights);
    assert_eq!(twice.insight_bands(), once.insight_bands());
}

#[test]
fn the_view_holds_the_bands_of_its_time_range() {
    let data = common::load(&["insights"]);
    let view = |filter: Filter| common::view(&data, filter);
    assert_eq!(view(Filter::default()).insights_total, 4);
    let late = view(Filter {
        from: Some(ms("2024-06-04T20:40:00Z")),
        ..Filter::default()
    });
    let ids: Vec<&str> = late.insights.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "fccb064f-dd07-4822-97c0-11115d8b91d4",
            "12edc982-3348-4794-83d3-a3db26525049"
        ],
        "the error-rate band ends inside the range, the open one reaches past it"
    );
    let s3 = view(Filter {
        sources: vec!["s3.amazonaws.com".into()],
        ..Filter::default()
    });
    assert_eq!(s3.insights_total, 1);
}
