//! Browser tests of the Resources table: mounted with sample rows and checked for what a person
//! sees (names as text, counts marked) and what their clicks, keys and sorting report.
#![cfg(target_arch = "wasm32")]

mod support;

use std::rc::Rc;
use support::*;
use trailscope_app::components::views::{ResourcesTable, ResourcesTableProps, SharedView};
use trailscope_core::query::entity::Entity;
use trailscope_core::query::resources::TouchedResource;
use trailscope_core::query::view::View;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Renderer;

wasm_bindgen_test_configure!(run_in_browser);

const BUCKET: &str = "arn:aws:s3:::amzn-s3-demo-bucket";

fn resource(key: &str, name: &str, events: u64, writes: u64, denied: u64) -> TouchedResource {
    TouchedResource {
        key: key.into(),
        name: name.into(),
        kind: "AWS::S3::Bucket".into(),
        account: "111122223333".into(),
        events,
        writes,
        denied,
        principals: 2,
        first: Some(START),
        last: Some(START + 3_600_000),
    }
}

fn resources() -> Vec<TouchedResource> {
    vec![
        resource(BUCKET, "amzn-s3-demo-bucket", 40, 3, 2),
        resource(&format!("AWS::SecretsManager::Secret {XSS}"), XSS, 12, 0, 0),
        resource("arn:aws:s3:::logs", "logs", 5, 1, 0),
    ]
}

fn mount(rows: Vec<TouchedResource>, selected: Vec<String>) -> (Element, Log<String>) {
    let (root, log, _) = mount_with_pages(rows, selected);
    (root, log)
}

/// Mounts the table; also records the pages its names open.
fn mount_with_pages(rows: Vec<TouchedResource>, selected: Vec<String>) -> (Element, Log<String>, Log<Entity>) {
    let root = root();
    let (on_select, log) = recorder();
    let (on_open, opened) = recorder();
    let view = SharedView(Rc::new(View {
        resources: Some(rows),
        ..View::default()
    }));
    let props = ResourcesTableProps {
        rows: view.part(|v| v.resources.as_ref().expect("mounted with rows")),
        selected,
        on_select,
        on_open,
    };
    Renderer::<ResourcesTable>::with_root_and_props(root.clone(), props).render();
    (root, log, opened)
}

#[wasm_bindgen_test]
async fn resources_show_names_counts_and_literal_text() {
    let (root, _) = mount(resources(), vec![BUCKET.into()]);
    settle().await;
    assert_eq!(
        texts(&root, ".tsv-resources-table tr.tsv-row .tsv-resource-name"),
        vec!["amzn-s3-demo-bucket", XSS, "logs"]
    );
    assert_eq!(
        one(&root, ".tsv-resource-name").get_attribute("title").as_deref(),
        Some(BUCKET)
    );
    assert!(
        all(&gloo_document().document_element().unwrap(), "img").is_empty(),
        "log text is never HTML"
    );
    let rows = all(&root, "tr.tsv-row");
    assert!(rows[0]
        .get_attribute("class")
        .unwrap_or_default()
        .contains("tsv-selected"));
    assert!(rows[0].text_content().unwrap().contains("(selected)"));
    let bucket = rows[0].text_content().unwrap();
    assert!(
        bucket.contains("AWS::S3::Bucket") && bucket.contains("111122223333"),
        "{bucket}"
    );
    assert!(bucket.contains("2025-01-06 01:00:00"), "{bucket}");
    assert_eq!(texts(&rows[0], ".tsv-error-text"), vec!["2"], "denied calls stand out");
    assert_eq!(texts(&rows[1], ".tsv-error-text"), Vec::<String>::new());
    let caption = one(&root, "caption").text_content().unwrap();
    assert!(caption.starts_with("3 resources"), "{caption}");
}

#[wasm_bindgen_test]
async fn resources_rows_select_by_click_and_keyboard() {
    let (root, log) = mount(resources(), Vec::new());
    settle().await;
    let rows = all(&root, "tr.tsv-row");
    click(&rows[1].query_selector("td").unwrap().unwrap());
    key(&rows[2], "Enter");
    key(&rows[0], " ");
    assert_eq!(
        *log.borrow(),
        vec![
            format!("AWS::SecretsManager::Secret {XSS}"),
            "arn:aws:s3:::logs".to_string(),
            BUCKET.to_string(),
        ]
    );
}

#[wasm_bindgen_test]
async fn resources_sort_and_show_all() {
    let (root, _) = mount(resources(), Vec::new());
    settle().await;
    let header = |label: &str| {
        all(&root, "th")
            .into_iter()
            .find(|th| th.text_content().unwrap().starts_with(label))
            .unwrap()
    };
    assert_eq!(
        header("Events").get_attribute("aria-sort").as_deref(),
        Some("descending")
    );
    click(&header("Writes").query_selector("button").unwrap().unwrap());
    settle().await;
    assert_eq!(
        header("Writes").get_attribute("aria-sort").as_deref(),
        Some("descending")
    );
    assert_eq!(
        texts(&root, "tr.tsv-row .tsv-resource-name"),
        vec!["amzn-s3-demo-bucket", "logs", XSS]
    );
    let many: Vec<TouchedResource> = (0..120)
        .map(|i| resource(&format!("arn:aws:s3:::b-{i:03}"), &format!("b-{i:03}"), 500 - i, 0, 0))
        .collect();
    let (root, _) = mount(many, Vec::new());
    settle().await;
    assert_eq!(all(&root, "tr.tsv-row").len(), 50);
    let show_all = one(&root, ".tsv-show-all");
    assert_eq!(show_all.text_content().unwrap(), "Show all 120");
    click(&show_all);
    settle().await;
    assert_eq!(all(&root, "tr.tsv-row").len(), 120);
}

#[wasm_bindgen_test]
async fn no_resources_says_so() {
    let (root, _) = mount(Vec::new(), Vec::new());
    settle().await;
    assert!(one(&root, ".tsv-empty")
        .text_content()
        .unwrap()
        .contains("No resources"));
    assert_eq!(one(&root, "h2").text_content().unwrap(), "Resources");
}

#[wasm_bindgen_test]
async fn a_resource_name_is_a_link_to_its_page_and_does_not_filter() {
    let (root, log, opened) = mount_with_pages(resources(), Vec::new());
    settle().await;
    let hash = || web_sys::window().unwrap().location().hash().unwrap();
    let before = hash();
    let links = all(&root, "tr.tsv-row a.tsv-entity-link");
    assert_eq!(links.len(), 3);
    assert_eq!(
        links[0].get_attribute("href").as_deref(),
        Some("#entity=resource:arn:aws:s3:::amzn-s3-demo-bucket")
    );
    assert_eq!(
        links[1].get_attribute("href").unwrap(),
        "#entity=resource:AWS::SecretsManager::Secret%20%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E",
        "a key is escaped in the link as in the filter's"
    );
    click(&links[0]);
    key(&links[1], "Enter");
    assert_eq!(*opened.borrow(), vec![Entity::Resource(BUCKET.into())]);
    assert!(log.borrow().is_empty(), "following a name does not toggle the filter");
    assert_eq!(hash(), before, "the app, not the browser, writes the URL");
}
