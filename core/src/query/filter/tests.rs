//! Records that are not rows (jobs, Insights bands) under a filter.

use super::*;

#[test]
fn a_record_passes_on_its_span_and_the_dimensions_it_has() {
    let record = [(Dimension::Account, "111122223333"), (Dimension::Region, "us-east-1")];
    let admits = |filter: &Filter, span: (i64, i64)| filter.admits_record(span, &record);
    assert!(admits(&Filter::default(), (10, 20)));
    let range = Filter {
        from: Some(20),
        to: Some(30),
        ..Filter::default()
    };
    assert!(admits(&range, (10, 20)), "a record ending at the start overlaps");
    assert!(!admits(&range, (10, 19)));
    assert!(!admits(&range, (30, 40)), "the end is exclusive");
    let regions = |regions: &[&str]| Filter {
        regions: regions.iter().map(|r| r.to_string()).collect(),
        ..Filter::default()
    };
    assert!(admits(&regions(&["eu-west-1", "us-east-1"]), (0, 0)));
    assert!(!admits(&regions(&["eu-west-1"]), (0, 0)));
    let principal = Filter {
        principals: vec!["arn:a".into()],
        ..Filter::default()
    };
    assert!(
        admits(&principal, (0, 0)),
        "a record without a principal is not narrowed by one"
    );
}
