//! Browser tests of where credentials came from. On an access key's entity page, mounted with a
//! lineage built by hand (a chain of three role sessions whose first issuance is before the logs,
//! the last call from another address; two keys issued with the page's key, one of which issued
//! another): what a person reads, the "new IP" mark on the one hop that changed address, the links
//! to every identity, session, key and address named, and the sentence said when nothing was
//! issued. In an event's panel: the one line the core traces for the lineage fixture's key.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::Value;
use std::rc::Rc;
use support::*;
use trailscope_app::app::state::Detail;
use trailscope_app::components::entity_page::{EntityPageView, EntityPageViewProps};
use trailscope_app::components::event_detail::{EventDetail, EventDetailProps};
use trailscope_core::formats::extract::EventDetail as Shown;
use trailscope_core::lineage::{Hop, Node, Origin, Subject, Trace, Via};
use trailscope_core::query::entity::page::EntityPage;
use trailscope_core::query::entity::Entity;
use trailscope_core::{Dataset, Ingest, IngestOptions};
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Renderer;

wasm_bindgen_test_configure!(run_in_browser);

const ACCOUNT: &str = "111122223333";
/// The page's key: the last of the chain.
const KEY: &str = "ASIAAUDITEXAMPLE0001";
/// 2026-11-02T09:01:00Z.
const NINE_O_ONE: i64 = 1_793_610_060_000;

/// One call made with the page's key, in a session of role Auditor.
fn data() -> Dataset {
    let trail = format!(
        r#"{{"Records":[{{"eventID":"u1","eventTime":"2026-11-02T09:30:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.66","recipientAccountId":"{ACCOUNT}","userIdentity":{{"type":"AssumedRole","arn":"arn:aws:sts::{ACCOUNT}:assumed-role/Auditor/audit","accessKeyId":"{KEY}","sessionContext":{{"sessionIssuer":{{"type":"Role","arn":"arn:aws:iam::{ACCOUNT}:role/Auditor"}}}}}}}}]}}"#
    );
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "trail.json", trail.as_bytes());
    Dataset::from_batches([ingest.finish()])
}

fn role(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}

fn session(role: &str, name: &str) -> String {
    format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{name}")
}

/// Role `name`'s session `name_session` with `key`, issued by AssumeRole `event` at `minutes`
/// past 09:01 from `ip` with `agent`.
fn assumed(name: &str, name_session: &str, key: &str, event: &str, minutes: i64, ip: &str, agent: &str) -> Hop {
    Hop {
        principal: role(name),
        session: session(name, name_session),
        access_key: key.into(),
        issued_by_event: event.into(),
        issued_at: Some(NINE_O_ONE + minutes * 60_000),
        via: Some(Via::AssumeRole),
        source_ip: ip.into(),
        user_agent: agent.into(),
    }
}

/// Deployer's session, issued before the logs, assumed Admin, whose session assumed Auditor
/// from another address; Auditor's key then got Reader's, with which Writer's was got.
fn trace() -> Trace {
    let root = Hop {
        principal: role("Deployer"),
        session: session("Deployer", "ci"),
        access_key: "ASIADEPLOYEXAMPLE001".into(),
        ..Hop::default()
    };
    let agent = "aws-cli/2.15.30 Python/3.11.8";
    let writer = Node {
        hop: assumed("Writer", "w", "ASIAWRITEREXAMPLE001", "e-4", 30, "203.0.113.66", agent),
        events: 1,
        children: Vec::new(),
    };
    Trace {
        subject: KEY.into(),
        chain: vec![
            root,
            assumed("Admin", "ops", "ASIAADMINEXAMPLE0001", "e-1", 0, "198.51.100.10", agent),
            assumed("Auditor", "audit", KEY, "e-2", 1, "203.0.113.66", agent),
        ],
        origin: Origin::BeforeLogs,
        downstream: vec![
            Node {
                hop: assumed("Reader", "r", "ASIAREADEREXAMPLE001", "e-3", 20, "203.0.113.66", agent),
                events: 3,
                children: vec![writer],
            },
            Node {
                hop: assumed("Viewer", "v", "ASIAVIEWEREXAMPLE001", "e-5", 40, "203.0.113.66", agent),
                events: 0,
                children: Vec::new(),
            },
        ],
    }
}

/// The key's page with `trace` in place of the one its single event gives.
fn mount(trace: Trace) -> (Element, Log<Option<Entity>>) {
    let mut page = EntityPage::compute(&data(), &Entity::AccessKey(KEY.into()), 60);
    page.credentials = Some(trace);
    let root = root();
    let (on_open, log) = recorder();
    let props = EntityPageViewProps {
        entity: Entity::AccessKey(KEY.into()),
        page: Some(Rc::new(page)),
        on_open,
    };
    Renderer::<EntityPageView>::with_root_and_props(root.clone(), props).render();
    (root, log)
}

/// Each labelled fact of a hop's issuing call, as "label: value".
fn facts(hop: &Element) -> Vec<String> {
    all(hop, ".tsv-hop-facts > div")
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                one(d, "dt").text_content().unwrap(),
                one(d, "dd").text_content().unwrap()
            )
        })
        .collect()
}

/// The link in `root` whose text is `text`.
fn link(root: &Element, text: &str) -> Element {
    all(root, "a.tsv-entity-link")
        .into_iter()
        .find(|a| a.text_content().unwrap() == text)
        .unwrap_or_else(|| panic!("no link {text}"))
}

#[wasm_bindgen_test]
async fn a_keys_page_shows_its_chain_root_first_and_marks_the_call_from_a_new_address() {
    let (root, log) = mount(trace());
    settle().await;
    let from = one(&root, ".tsv-credentials-from");
    assert_eq!(
        one(&from, "h3").text_content().unwrap(),
        "Where these credentials came from"
    );
    assert_eq!(
        one(&from, ".tsv-chain-origin").text_content().unwrap(),
        "Origin: issued before the loaded logs"
    );
    assert_eq!(
        texts(&from, ".tsv-hop-who"),
        [
            "role/Deployer · session ci · key ASIADEPLOYEXAMPLE001",
            "role/Admin · session ops · key ASIAADMINEXAMPLE0001",
            "role/Auditor · session audit · key ASIAAUDITEXAMPLE0001 (this page)",
        ]
    );
    let hops = all(&from, ".tsv-hop");
    assert!(facts(&hops[0]).is_empty(), "the root's issuance is not in the logs");
    assert_eq!(
        facts(&hops[1]),
        [
            "Issued: 2026-11-02T09:01:00Z",
            "Via: AssumeRole",
            "Source IP: 198.51.100.10",
            "User agent: aws-cli/2.15.30 Python/3.11.8",
            "Event ID: e-1",
        ]
    );
    assert_eq!(facts(&hops[2])[2], "Source IP: 203.0.113.66 new IP");
    assert_eq!(
        hops.iter()
            .map(|h| h.text_content().unwrap().contains("new IP"))
            .collect::<Vec<_>>(),
        [false, false, true],
        "only the call from another address than the one before it is marked"
    );
    assert!(
        !one(&from, ".tsv-chain")
            .text_content()
            .unwrap()
            .contains("new user agent"),
        "the agent never changed"
    );

    let links: Vec<(String, String)> = all(&from, "a.tsv-entity-link")
        .iter()
        .map(|a| (a.text_content().unwrap(), a.get_attribute("href").unwrap()))
        .collect();
    let expected = |text: &str, href: String| (text.to_string(), href);
    assert_eq!(
        links,
        [
            expected("role/Deployer", format!("#entity=principal:{}", role("Deployer"))),
            expected("ci", format!("#entity=session:{}", session("Deployer", "ci"))),
            expected("ASIADEPLOYEXAMPLE001", "#entity=key:ASIADEPLOYEXAMPLE001".into()),
            expected("role/Admin", format!("#entity=principal:{}", role("Admin"))),
            expected("ops", format!("#entity=session:{}", session("Admin", "ops"))),
            expected("ASIAADMINEXAMPLE0001", "#entity=key:ASIAADMINEXAMPLE0001".into()),
            expected("198.51.100.10", "#entity=ip:198.51.100.10".into()),
            expected("role/Auditor", format!("#entity=principal:{}", role("Auditor"))),
            expected("audit", format!("#entity=session:{}", session("Auditor", "audit"))),
            expected("203.0.113.66", "#entity=ip:203.0.113.66".into()),
        ],
        "every identity, session, key and address links to its page, but the page's own key"
    );
    assert_eq!(
        link(&from, "role/Admin").get_attribute("title").unwrap(),
        format!("Principal page of {}", role("Admin")),
        "the full ARN is one hover away"
    );
    click(&link(&from, "role/Admin"));
    click(&link(&from, "203.0.113.66"));
    assert_eq!(
        *log.borrow(),
        [
            Some(Entity::Principal(role("Admin"))),
            Some(Entity::Ip("203.0.113.66".into()))
        ]
    );
}

#[wasm_bindgen_test]
async fn what_was_issued_with_a_key_is_a_tree_of_links() {
    let (root, log) = mount(trace());
    settle().await;
    let used = one(&root, ".tsv-credentials-use");
    assert_eq!(one(&used, "h3").text_content().unwrap(), "What was done with them");
    assert_eq!(
        texts(&used, ":scope > .tsv-issued > li > .tsv-node"),
        [
            "role/Reader · session r · key ASIAREADEREXAMPLE001 · AssumeRole at 2026-11-02T09:21:00Z · 3 events",
            "role/Viewer · session v · key ASIAVIEWEREXAMPLE001 · AssumeRole at 2026-11-02T09:41:00Z · 0 events",
        ]
    );
    assert_eq!(
        texts(&used, ".tsv-issued .tsv-issued > li > .tsv-node"),
        ["role/Writer · session w · key ASIAWRITEREXAMPLE001 · AssumeRole at 2026-11-02T09:31:00Z · 1 event"],
        "what Reader's key got is nested under it"
    );
    click(&link(&used, "ASIAWRITEREXAMPLE001"));
    click(&link(&used, "r"));
    assert_eq!(
        *log.borrow(),
        [
            Some(Entity::AccessKey("ASIAWRITEREXAMPLE001".into())),
            Some(Entity::Session(session("Reader", "r")))
        ]
    );
}

#[wasm_bindgen_test]
async fn a_key_with_nothing_issued_says_so_and_log_text_stays_text() {
    let mut alone = trace();
    alone.downstream.clear();
    alone.origin = Origin::LongTermIdentity;
    alone.chain[2].user_agent = XSS.into();
    let (root, _) = mount(alone);
    settle().await;
    assert_eq!(
        one(&root, ".tsv-chain-origin").text_content().unwrap(),
        "Origin: long-term identity"
    );
    assert_eq!(
        one(&root, ".tsv-credentials-use p").text_content().unwrap(),
        "No keys or sessions were issued with these credentials in the loaded logs."
    );
    assert!(all(&root, ".tsv-credentials-use li").is_empty());
    let last = all(&root, ".tsv-hop").pop().unwrap();
    assert!(facts(&last).contains(&format!("User agent: {XSS} new user agent")));
    assert!(
        all(&gloo_document().document_element().unwrap(), "img").is_empty(),
        "log text is never HTML"
    );
}

#[wasm_bindgen_test]
async fn a_principals_page_has_no_credentials_sections() {
    let auditor = Entity::Principal(role("Auditor"));
    let page = EntityPage::compute(&data(), &auditor, 60);
    let root = root();
    let props = EntityPageViewProps {
        entity: auditor,
        page: Some(Rc::new(page)),
        on_open: yew::Callback::noop(),
    };
    Renderer::<EntityPageView>::with_root_and_props(root.clone(), props).render();
    settle().await;
    assert!(one(&root, ".tsv-entity-facts")
        .text_content()
        .unwrap()
        .contains("Events1"));
    assert!(all(&root, ".tsv-credentials-from, .tsv-credentials-use").is_empty());
}

/// The lineage fixture: alice's key assumed Deployer, whose session assumed Admin.
const SAME_ACCOUNT: &str = include_str!("../core/tests/fixtures/lineage/same-account.json");

/// An event's panel on the fixture's DeleteBucket (made with Admin's key) with `credentials`.
fn mount_event(credentials: String) -> Element {
    let file: Value = serde_json::from_str(SAME_ACCOUNT).unwrap();
    let records = file["Records"].as_array().unwrap();
    let delete = records.iter().find(|r| r["eventName"] == "DeleteBucket").unwrap();
    let shown = Shown {
        json: serde_json::to_string_pretty(delete).unwrap(),
        redactions: Vec::new(),
        credentials,
    };
    let root = root();
    let props = EventDetailProps {
        selected: Some((4, Detail::Ready(Rc::new(shown)))),
        row: None,
        on_open: yew::Callback::noop(),
        on_close: yew::Callback::noop(),
        on_edit: yew::Callback::noop(),
        on_notice: yew::Callback::noop(),
    };
    Renderer::<EventDetail>::with_root_and_props(root.clone(), props).render();
    root
}

#[wasm_bindgen_test]
async fn an_events_panel_says_in_one_line_of_text_where_its_credentials_came_from() {
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "same-account.json", SAME_ACCOUNT.as_bytes());
    let data = Dataset::from_batches([ingest.finish()]);
    let admin = Subject::Key("ASIAADMINEXAMPLE0001".into());
    let traced = data.lineage().trace(&data.store, &admin).unwrap();
    let panel = mount_event(traced.line());
    settle().await;
    assert_eq!(
        one(&panel, "[data-testid=event-credentials]").text_content().unwrap(),
        "Credentials: key ASIAADMINEXAMPLE0001 ← role/Admin ← role/Deployer ← user/alice"
    );
    let untraced = mount_event(String::new());
    settle().await;
    assert!(one(&untraced, "[data-testid=event-summary]")
        .text_content()
        .unwrap()
        .contains("DeleteBucket"));
    assert!(
        all(&untraced, "[data-testid=event-credentials]").is_empty(),
        "no line without a trace"
    );
    let hostile = mount_event(format!("key ASIA ← {XSS}"));
    settle().await;
    assert!(
        hostile.query_selector("img").unwrap().is_none(),
        "log text is never HTML"
    );
    assert_eq!(
        one(&hostile, "[data-testid=event-credentials]").text_content().unwrap(),
        format!("Credentials: key ASIA ← {XSS}")
    );
}
