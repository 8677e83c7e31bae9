//! Browser tests of the filter bar: it is mounted with a filter and checked for the chips a
//! person sees and the edits their clicks, choices and typing report.
#![cfg(target_arch = "wasm32")]

mod support;

use std::time::Duration;
use support::*;
use trailscope_app::components::views::{FilterBar, FilterBarProps};
use trailscope_core::query::filter::{Dimension, Filter, FilterEdit, Outcome};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlInputElement, HtmlSelectElement};
use yew::Renderer;

wasm_bindgen_test_configure!(run_in_browser);

/// An event of `kind` (`change`, `input`) on `element`, as the browser sends it after a change.
fn fire(element: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    element
        .dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

/// A filter with every part, one dimension with two values, and a query phrase that must stay
/// text.
fn every_part() -> Filter {
    Filter {
        from: Some(START),
        to: Some(START + 3_600_000),
        accounts: vec!["111122223333".into()],
        regions: vec!["us-east-1".into(), "eu-west-1".into()],
        sources: vec!["s3.amazonaws.com".into()],
        operations: vec!["s3.amazonaws.com GetObject".into()],
        principals: vec!["arn:aws:iam::111122223333:role/Admin".into()],
        errors: vec!["AccessDenied".into()],
        resources: vec!["arn:aws:s3:::amzn-s3-demo-bucket".into()],
        outcome: Some(Outcome::Error),
        read_only: Some(true),
        text: format!("\"{XSS}\""),
        finding: Some("root-activity".into()),
    }
}

fn mount_filter(filter: Filter) -> (Element, Log<FilterEdit>) {
    let root = root();
    let (on_edit, log) = recorder();
    let props = FilterBarProps { filter, on_edit };
    Renderer::<FilterBar>::with_root_and_props(root.clone(), props).render();
    (root, log)
}

#[wasm_bindgen_test]
async fn filter_chips_show_each_part_and_remove_only_it() {
    let (root, log) = mount_filter(every_part());
    settle().await;
    assert_eq!(
        texts(&root, ".tsv-chip"),
        vec![
            "× Time: 2025-01-06 00:00:00–01:00:00 UTC".to_string(),
            "× Account: 111122223333".to_string(),
            "× Region: us-east-1".to_string(),
            "× Region: eu-west-1".to_string(),
            "× Service: s3.amazonaws.com".to_string(),
            "× Operation: s3 GetObject".to_string(),
            "× Principal: role/Admin".to_string(),
            "× Error: AccessDenied".to_string(),
            "× Resource: amzn-s3-demo-bucket".to_string(),
            "× Outcome: errors only".to_string(),
            "× Reads only".to_string(),
            format!("× Text: “{XSS}”"),
            "× Finding: root-activity".to_string(),
        ]
    );
    assert!(all(&gloo_document().document_element().unwrap(), "img").is_empty());
    let chips = all(&root, ".tsv-chip");
    assert_eq!(
        chips[6].get_attribute("title").as_deref(),
        Some("arn:aws:iam::111122223333:role/Admin"),
        "a shortened value is whole in the title"
    );
    assert_eq!(chips[1].get_attribute("title"), None);
    assert_eq!(
        chips[1].get_attribute("aria-label").as_deref(),
        Some("Remove filter Account: 111122223333")
    );
    for chip in &chips {
        click(chip);
    }
    key(&chips[3], "Delete");
    let search = one(&root, "input[type=search]");
    assert!(
        gloo_document().active_element().unwrap().is_same_node(Some(&search)),
        "a chip removed from the keyboard leaves focus in the search box"
    );
    let clear = all(&root, ".tsv-chips-row .tsv-button").remove(0);
    assert_eq!(clear.text_content().unwrap(), "Clear all");
    click(&clear);
    let remove = |dimension: Dimension, value: &str| FilterEdit::Remove(dimension, value.into());
    assert_eq!(
        *log.borrow(),
        vec![
            FilterEdit::ClearTime,
            remove(Dimension::Account, "111122223333"),
            remove(Dimension::Region, "us-east-1"),
            remove(Dimension::Region, "eu-west-1"),
            remove(Dimension::Source, "s3.amazonaws.com"),
            remove(Dimension::Operation, "s3.amazonaws.com GetObject"),
            remove(Dimension::Principal, "arn:aws:iam::111122223333:role/Admin"),
            remove(Dimension::Error, "AccessDenied"),
            remove(Dimension::Resource, "arn:aws:s3:::amzn-s3-demo-bucket"),
            FilterEdit::SetOutcome(None),
            FilterEdit::SetReadOnly(None),
            FilterEdit::SetText(String::new()),
            FilterEdit::ChooseFinding(None),
            remove(Dimension::Region, "eu-west-1"),
            FilterEdit::ClearAll,
        ]
    );
}

#[wasm_bindgen_test]
async fn filter_choices_set_the_outcome_and_read_write() {
    let (root, log) = mount_filter(Filter::default());
    settle().await;
    assert!(root.text_content().unwrap().contains("No filter"));
    let selects: Vec<HtmlSelectElement> = all(&root, "select")
        .into_iter()
        .map(|s| s.dyn_into().unwrap())
        .collect();
    assert_eq!(selects.len(), 2, "a dimension's values are chosen in the facet rail");
    selects[0].set_value("error");
    fire(&selects[0], "change");
    selects[1].set_value("write");
    fire(&selects[1], "change");
    assert_eq!(
        *log.borrow(),
        vec![
            FilterEdit::SetOutcome(Some(Outcome::Error)),
            FilterEdit::SetReadOnly(Some(false)),
        ]
    );
}

#[wasm_bindgen_test]
async fn filter_search_is_debounced() {
    let (root, log) = mount_filter(Filter::default());
    settle().await;
    let input: HtmlInputElement = one(&root, "input[type=search]").dyn_into().unwrap();
    for text in ["a", "ac", "acc"] {
        input.set_value(text);
        fire(&input, "input");
        settle().await;
    }
    assert!(log.borrow().is_empty(), "nothing before the user pauses");
    yew::platform::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(*log.borrow(), vec![FilterEdit::SetText("acc".into())]);
    input.set_value("access");
    fire(&input, "input");
    key(&input, "Enter");
    assert_eq!(
        log.borrow()[1],
        FilterEdit::SetText("access".into()),
        "Enter searches at once"
    );
    yew::platform::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(log.borrow().len(), 2, "and cancels the pending search");
}

#[wasm_bindgen_test]
async fn filter_query_terms_are_chips_each_removed_alone() {
    let query = "-Terraform ip:192.168 \"access denied\" json:\"bucketName\" -json:x -ua:cli ip:=10.0.0.1 -error:=\"Access Denied\"";
    let (root, log) = mount_filter(Filter {
        text: query.into(),
        ..Filter::default()
    });
    settle().await;
    assert_eq!(
        texts(&root, ".tsv-chip"),
        vec![
            "× Text: not “Terraform”",
            "× IP: “192.168”",
            "× Text: “access denied”",
            "× JSON contains: “bucketName”",
            "× JSON does not contain: “x”",
            "× User agent: not “cli”",
            "× IP is “10.0.0.1”",
            "× Error is not “Access Denied”",
        ]
    );
    let chips = all(&root, ".tsv-chip");
    click(&chips[0]);
    click(&chips[3]);
    assert_eq!(
        *log.borrow(),
        vec![
            FilterEdit::SetText(
                "ip:192.168 \"access denied\" json:\"bucketName\" -json:x -ua:cli ip:=10.0.0.1 -error:=\"Access Denied\"".into()
            ),
            FilterEdit::SetText(
                "-Terraform ip:192.168 \"access denied\" -json:x -ua:cli ip:=10.0.0.1 -error:=\"Access Denied\"".into()
            ),
        ]
    );
}

#[wasm_bindgen_test]
async fn filter_search_says_where_a_query_is_wrong_and_does_not_apply_it() {
    let (root, log) = mount_filter(Filter {
        text: "AccessDenied".into(),
        ..Filter::default()
    });
    settle().await;
    let input: HtmlInputElement = one(&root, "input[type=search]").dyn_into().unwrap();
    assert_eq!(input.get_attribute("aria-invalid"), None);
    assert!(all(&root, ".tsv-search-error").is_empty());
    input.set_value("AccessDenied ip:");
    fire(&input, "input");
    key(&input, "Enter");
    settle().await;
    assert!(log.borrow().is_empty(), "a query that cannot be parsed is not sent");
    let error = one(&root, ".tsv-search-error");
    assert_eq!(error.text_content().unwrap(), "\"ip:\" at character 14 needs a value");
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.get_attribute("aria-describedby"), error.get_attribute("id"));
    assert_eq!(input.value(), "AccessDenied ip:", "what was typed stays to be fixed");
    input.set_value("AccessDenied ip:10.");
    fire(&input, "input");
    key(&input, "Enter");
    settle().await;
    assert_eq!(*log.borrow(), vec![FilterEdit::SetText("AccessDenied ip:10.".into())]);
    assert!(all(&root, ".tsv-search-error").is_empty());
    assert_eq!(input.get_attribute("aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn filter_a_link_with_a_query_that_cannot_be_parsed_says_so() {
    let broken = format!("\"{XSS}");
    let (root, log) = mount_filter(Filter {
        text: broken.clone(),
        ..Filter::default()
    });
    settle().await;
    assert_eq!(
        texts(&root, ".tsv-chip"),
        vec![format!("× Query not understood: “{broken}”")]
    );
    assert_eq!(
        one(&root, ".tsv-search-error").text_content().unwrap(),
        "the quote at character 1 is never closed"
    );
    assert!(all(&gloo_document().document_element().unwrap(), "img").is_empty());
    click(&all(&root, ".tsv-chip")[0]);
    assert_eq!(*log.borrow(), vec![FilterEdit::SetText(String::new())]);
}
