//! Browser tests of an entity's page: mounted with a page computed from the shared test trail,
//! checked for what a person reads (its title, counts, lists, findings, all as text) and for its
//! links to other entities' pages and its way back.
#![cfg(target_arch = "wasm32")]

mod support;

use std::rc::Rc;
use support::*;
use trailscope_app::components::entity_page::{EntityPageView, EntityPageViewProps};
use trailscope_core::query::entity::page::EntityPage;
use trailscope_core::query::entity::Entity;
use trailscope_core::{Dataset, Ingest, IngestOptions};
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Renderer;

wasm_bindgen_test_configure!(run_in_browser);

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";

/// Alice reads a bucket and speaks through Polly from two addresses; mallory deletes the bucket;
/// root is refused.
const TRAIL: &str = r#"{"Records":[
{"eventID":"e1","eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.1","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"},"requestParameters":{"bucketName":"b"}},
{"eventID":"e2","eventTime":"2024-05-01T10:05:00Z","eventSource":"polly.amazonaws.com","eventName":"SynthesizeSpeech","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.2","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"}},
{"eventID":"e4","eventTime":"2024-05-01T10:07:00Z","eventSource":"s3.amazonaws.com","eventName":"DeleteBucket","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.9","recipientAccountId":"111122223333","readOnly":false,"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory"},"requestParameters":{"bucketName":"b"}},
{"eventID":"e3","eventTime":"2024-05-01T10:10:00Z","eventSource":"iam.amazonaws.com","eventName":"DeleteUser","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.3","recipientAccountId":"111122223333","errorCode":"AccessDenied","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"}}
]}"#;

fn data(trail: &str) -> Dataset {
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "trail.json", trail.as_bytes());
    Dataset::from_batches([ingest.finish()])
}

fn mount(entity: Entity, page: Option<EntityPage>) -> (Element, Log<Option<Entity>>) {
    let root = root();
    let (on_open, log) = recorder();
    let props = EntityPageViewProps {
        entity,
        page: page.map(Rc::new),
        on_open,
    };
    Renderer::<EntityPageView>::with_root_and_props(root.clone(), props).render();
    (root, log)
}

#[wasm_bindgen_test]
async fn a_principal_page_shows_what_it_did_and_links_to_what_it_touched() {
    let alice = Entity::Principal(ALICE.into());
    let page = EntityPage::compute(&data(TRAIL), &alice, 60);
    let (root, log) = mount(alice.clone(), Some(page));
    settle().await;
    assert_eq!(one(&root, ".tsv-entity-title").text_content().unwrap(), "user/alice");
    assert_eq!(one(&root, ".tsv-entity-value").text_content().unwrap(), ALICE);
    let facts = one(&root, ".tsv-entity-facts").text_content().unwrap();
    assert!(facts.contains("Events2") && facts.contains("Failed0"), "{facts}");
    assert!(
        facts.contains("2024-05-01T10:00:00Z") && facts.contains("2024-05-01T10:05:00Z"),
        "{facts}"
    );
    assert_eq!(
        texts(&root, ".tsv-entity-did li"),
        vec!["polly SynthesizeSpeech 1", "s3 GetObject 1", "b 1"],
        "operations (ties by name), no error codes, the bucket"
    );
    assert!(one(&root, "svg.tsv-timeline-svg")
        .get_attribute("aria-label")
        .unwrap()
        .contains("2 events"));
    let links: Vec<(String, String)> = all(&root, "a.tsv-entity-link")
        .iter()
        .map(|a| {
            (
                a.get_attribute("data-entity").unwrap(),
                a.get_attribute("href").unwrap(),
            )
        })
        .collect();
    assert!(
        links.contains(&("resource".into(), "#entity=resource:arn:aws:s3:::b".into())),
        "{links:?}"
    );
    assert!(
        links.contains(&("ip".into(), "#entity=ip:198.51.100.2".into())),
        "{links:?}"
    );
    assert!(
        links.iter().all(|(kind, _)| kind != "principal"),
        "not a link to itself: {links:?}"
    );
    let ip = all(&root, "a.tsv-entity-link")
        .into_iter()
        .find(|a| a.text_content().unwrap() == "198.51.100.1")
        .unwrap();
    click(&ip);
    key(&ip, "Enter");
    click(&one(&root, ".tsv-entity-close"));
    assert_eq!(*log.borrow(), vec![Some(Entity::Ip("198.51.100.1".into())), None]);
    assert!(
        gloo_document()
            .active_element()
            .unwrap()
            .is_same_node(Some(&one(&root, ".tsv-entity-title"))),
        "the page's title takes the focus"
    );
}

#[wasm_bindgen_test]
async fn a_root_page_lists_its_error_and_finding() {
    let root_user = Entity::Principal("arn:aws:iam::111122223333:root".into());
    let page = EntityPage::compute(&data(TRAIL), &root_user, 60);
    assert!(!page.findings.is_empty(), "the trail's root call makes a finding");
    let (root, _) = mount(root_user, Some(page));
    settle().await;
    assert!(one(&root, ".tsv-entity-did")
        .text_content()
        .unwrap()
        .contains("AccessDenied"));
    let findings = one(&root, ".tsv-entity-findings").text_content().unwrap();
    assert!(findings.contains("of its events"), "{findings}");
}

#[wasm_bindgen_test]
async fn log_text_on_a_page_is_text_and_a_page_not_yet_read_says_so() {
    let xss = format!("arn:aws:s3:::{XSS}");
    let trail = format!(
        r#"{{"Records":[{{"eventID":"x1","eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"{XSS}","userAgent":"{XSS}","userIdentity":{{"type":"IAMUser","arn":"{XSS}"}},"resources":[{{"ARN":"{xss}"}}]}}]}}"#
    );
    let entity = Entity::Resource(xss.clone());
    let page = EntityPage::compute(&data(&trail), &entity, 60);
    assert_eq!(page.events, 1);
    let (root, _) = mount(entity.clone(), Some(page));
    settle().await;
    assert!(
        all(&gloo_document().document_element().unwrap(), "img").is_empty(),
        "log text is never HTML"
    );
    assert!(one(&root, ".tsv-entity-with").text_content().unwrap().contains(XSS));
    let (waiting, _) = mount(entity, None);
    settle().await;
    assert_eq!(
        one(&waiting, "[role=status]").text_content().unwrap(),
        "Reading its events…"
    );
}

#[wasm_bindgen_test]
async fn a_bucket_page_says_who_deleted_it() {
    let bucket = Entity::Resource("arn:aws:s3:::b".into());
    let page = EntityPage::compute(&data(TRAIL), &bucket, 60);
    let (root, log) = mount(bucket, Some(page));
    settle().await;
    assert_eq!(one(&root, ".tsv-entity-title").text_content().unwrap(), "b");
    let changes = texts(&root, ".tsv-entity-changes tbody td");
    assert_eq!(
        changes,
        vec!["2024-05-01T10:07:00Z", "s3 DeleteBucket", "user/mallory", "succeeded"]
    );
    click(&one(&root, ".tsv-entity-changes a.tsv-entity-link"));
    assert_eq!(
        *log.borrow(),
        vec![Some(Entity::Principal("arn:aws:iam::111122223333:user/mallory".into()))]
    );
}
