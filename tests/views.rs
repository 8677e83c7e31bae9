//! Browser tests of the identities table and the jobs table: each is mounted with sample props and
//! checked for what a person sees and what their clicks and keys report. The timeline, the
//! services chart and the filter bar have their own files.
#![cfg(target_arch = "wasm32")]

mod support;

use std::rc::Rc;
use support::*;
use trailscope_app::components::jobs_panel::{JobsPanel, JobsPanelProps};
use trailscope_app::components::views::{IdentitiesTable, IdentitiesTableProps, SharedView};
use trailscope_core::lifecycles::{Lifecycle, Outcome as JobOutcome};
use trailscope_core::query::entity::Entity;
use trailscope_core::query::identities::{IdentityRow, SessionRow};
use trailscope_core::query::view::View;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::Renderer;

wasm_bindgen_test_configure!(run_in_browser);

/// The admin's rarest IP and key: the ones a tooltip used to leave out.
const RARE_IP: &str = "198.51.100.250";
const RARE_KEY: &str = "AKIAADMINRAREKEY0001";

fn identity(principal: &str, events: u64) -> IdentityRow {
    IdentityRow {
        principal: principal.into(),
        identity_type: "IAMUser".into(),
        credentials: vec!["long-term key".into()],
        mfa_events: 0,
        first: Some(START),
        last: Some(START + 3_600_000),
        events,
        errors: 0,
        services: 1,
        top_operations: vec![("s3.amazonaws.com GetObject".into(), events)],
        source_ips: vec![("198.51.100.1".into(), events)],
        distinct_ips: 1,
        access_keys: vec![("AKIAIOSFODNN7EXAMPLE".into(), events)],
        sessions: Vec::new(),
        distinct_sessions: 0,
    }
}

fn identities() -> Vec<IdentityRow> {
    let admin = IdentityRow {
        identity_type: "AssumedRole".into(),
        credentials: vec!["temporary key".into()],
        mfa_events: 12,
        errors: 5,
        services: 3,
        source_ips: vec![
            ("203.0.113.9".into(), 30),
            ("203.0.113.10".into(), 7),
            ("203.0.113.11".into(), 2),
            (RARE_IP.into(), 1),
        ],
        distinct_ips: 4,
        access_keys: vec![("ASIAADMINSESSION0001".into(), 39), (RARE_KEY.into(), 1)],
        sessions: vec![SessionRow {
            session: "arn:aws:sts::111122223333:assumed-role/Admin/alice".into(),
            events: 40,
            errors: 5,
            first: Some(START),
            last: Some(START + 60_000),
            access_keys: vec!["ASIAADMINSESSION0001".into()],
        }],
        distinct_sessions: 2,
        ..identity("arn:aws:iam::111122223333:role/Admin", 40)
    };
    let root_user = IdentityRow {
        identity_type: "Root".into(),
        credentials: vec!["root".into()],
        ..identity("arn:aws:iam::111122223333:root", 3)
    };
    vec![admin, identity(XSS, 12), root_user]
}

fn mount_identities(rows: Vec<IdentityRow>, selected: Vec<String>) -> (Element, Log<String>) {
    let (root, log, _) = mount_identities_opening(rows, selected);
    (root, log)
}

/// [`mount_identities`], with the log of the entity pages opened too.
fn mount_identities_opening(rows: Vec<IdentityRow>, selected: Vec<String>) -> (Element, Log<String>, Log<Entity>) {
    let root = root();
    let (on_select, log) = recorder();
    let (on_open, opened) = recorder();
    let view = SharedView(Rc::new(View {
        identities: Some(rows),
        ..View::default()
    }));
    let props = IdentitiesTableProps {
        rows: view.part(|v| v.identities.as_ref().expect("mounted with rows")),
        selected,
        on_select,
        on_open,
    };
    Renderer::<IdentitiesTable>::with_root_and_props(root.clone(), props).render();
    (root, log, opened)
}

#[wasm_bindgen_test]
async fn identities_show_short_names_badges_and_literal_text() {
    let (root, _) = mount_identities(identities(), vec!["arn:aws:iam::111122223333:role/Admin".into()]);
    settle().await;
    assert_eq!(
        texts(&root, "tr.tsv-row .tsv-principal-name"),
        vec!["role/Admin", XSS, "root"]
    );
    let name = one(&root, "tr.tsv-row .tsv-principal-name");
    assert_eq!(
        name.get_attribute("title").as_deref(),
        Some("arn:aws:iam::111122223333:role/Admin")
    );
    assert!(
        all(&gloo_document().document_element().unwrap(), "img").is_empty(),
        "log text is never HTML"
    );
    assert_eq!(texts(&root, ".tsv-badge-warn"), vec!["root"]);
    let rows = all(&root, "tr.tsv-row");
    let selected = |row: &Element| row.get_attribute("class").unwrap_or_default().contains("tsv-selected");
    assert!(selected(&rows[0]));
    assert!(!selected(&rows[1]));
    let admin = rows[0].text_content().unwrap();
    assert!(admin.contains("5 (12.5%)"), "{admin}");
    assert!(admin.contains("203.0.113.9"), "{admin}");
    assert!(admin.contains("all 4"), "{admin}");
    assert!(admin.contains("12 of 40 (30%)"), "MFA as a share of calls: {admin}");
    assert!(!admin.contains(RARE_IP), "the full list waits for its button: {admin}");
    assert!(rows[1].text_content().unwrap().contains("none"), "no MFA call");
    assert!(
        all(&root, "[title^='Also']").is_empty(),
        "no value is left to a tooltip"
    );
    assert!(admin.contains("s3 GetObject"), "{admin}");
    assert!(admin.contains("2025-01-06 01:00:00"), "{admin}");
}

#[wasm_bindgen_test]
async fn identities_rows_select_by_click_and_keyboard() {
    let (root, log) = mount_identities(identities(), Vec::new());
    settle().await;
    let rows = all(&root, "tr.tsv-row");
    click(&rows[1].query_selector("td.tsv-principal").unwrap().unwrap());
    key(&rows[2], "Enter");
    key(&rows[0], " ");
    assert_eq!(
        *log.borrow(),
        vec![
            XSS.to_string(),
            "arn:aws:iam::111122223333:root".to_string(),
            "arn:aws:iam::111122223333:role/Admin".to_string(),
        ]
    );
}

#[wasm_bindgen_test]
async fn identities_expand_sessions_without_selecting() {
    let (root, log) = mount_identities(identities(), Vec::new());
    settle().await;
    let toggle = one(&root, ".tsv-expander .tsv-disclosure");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(
        all(&root, ".tsv-expander .tsv-disclosure").len(),
        1,
        "only rows with sessions"
    );
    toggle.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    click(&toggle);
    settle().await;
    assert!(log.borrow().is_empty(), "the disclosure does not select the row");
    let focused = gloo_document().active_element().unwrap();
    assert!(
        focused.is_same_node(Some(&toggle)),
        "keyboard focus stays on the disclosure"
    );
    assert_eq!(
        one(&root, ".tsv-expander .tsv-disclosure")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    let sessions = one(&root, "table.tsv-sessions").text_content().unwrap();
    assert!(sessions.contains("alice"), "{sessions}");
    assert!(sessions.contains("+1 more sessions"), "{sessions}");
    assert_eq!(
        texts(&root, "table.tsv-sessions a[data-entity=key]"),
        vec!["ASIAADMINSESSION0001"],
        "each session shows the keys it used"
    );
}

#[wasm_bindgen_test]
async fn identities_list_every_ip_and_key_on_request() {
    let (root, log, opened) = mount_identities_opening(identities(), Vec::new());
    settle().await;
    let toggles = all(&root, "tr.tsv-row .tsv-list-toggle");
    assert_eq!(
        toggles.len(),
        2,
        "the admin's IPs and keys; one-value lists need no button"
    );
    let ips = &toggles[0];
    assert_eq!(ips.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(
        ips.get_attribute("aria-label").as_deref(),
        Some("Show all 4 source IPs of role/Admin")
    );
    ips.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    key(ips, "Enter");
    click(ips);
    settle().await;
    assert!(log.borrow().is_empty(), "opening the list does not select the row");
    let ips = &all(&root, "tr.tsv-row .tsv-list-toggle")[0];
    assert_eq!(ips.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(
        gloo_document().active_element().unwrap().is_same_node(Some(ips)),
        "keyboard focus stays on the button"
    );
    assert_eq!(
        texts(&root, ".tsv-full-list a[data-entity=ip]"),
        vec!["203.0.113.9", "203.0.113.10", "203.0.113.11", RARE_IP]
    );
    let listed = one(&root, ".tsv-full-list").text_content().unwrap();
    assert!(listed.contains(&format!("{RARE_IP} (1)")), "{listed}");
    let rare = all(&root, ".tsv-full-list a[data-entity=ip]").pop().unwrap();
    click(&rare);
    assert_eq!(*opened.borrow(), vec![Entity::Ip(RARE_IP.into())]);
    assert!(log.borrow().is_empty(), "following a link does not select the row");

    click(&all(&root, "tr.tsv-row .tsv-list-toggle")[1]);
    settle().await;
    assert_eq!(
        texts(&root, ".tsv-full-list a[data-entity=key]"),
        vec!["ASIAADMINSESSION0001", RARE_KEY]
    );
    click(&all(&root, ".tsv-full-list a[data-entity=key]")[1]);
    assert_eq!(opened.borrow()[1], Entity::AccessKey(RARE_KEY.into()));
    click(&all(&root, "tr.tsv-row .tsv-list-toggle")[0]);
    settle().await;
    assert!(
        all(&root, ".tsv-full-list a[data-entity=ip]").is_empty(),
        "the IPs close again"
    );
}

#[wasm_bindgen_test]
async fn identities_sort_and_show_all() {
    let (root, _) = mount_identities(identities(), Vec::new());
    settle().await;
    let events_header = all(&root, "th")
        .into_iter()
        .find(|th| th.text_content().unwrap().starts_with("Events"))
        .unwrap();
    assert_eq!(events_header.get_attribute("aria-sort").as_deref(), Some("descending"));
    let principal_header = all(&root, "th")
        .into_iter()
        .find(|th| th.text_content().unwrap().starts_with("Principal"))
        .unwrap();
    click(&principal_header.query_selector("button").unwrap().unwrap());
    settle().await;
    assert_eq!(
        principal_header.get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    assert_eq!(events_header.get_attribute("aria-sort"), None);
    assert_eq!(
        texts(&root, "tr.tsv-row .tsv-principal-name"),
        vec![XSS, "role/Admin", "root"]
    );

    let many: Vec<IdentityRow> = (0..150).map(|i| identity(&format!("user-{i:03}"), 1000 - i)).collect();
    let (root, _) = mount_identities(many, Vec::new());
    settle().await;
    assert_eq!(all(&root, "tr.tsv-row").len(), 50);
    let show_all = one(&root, ".tsv-show-all");
    assert_eq!(show_all.text_content().unwrap(), "Show all 150");
    click(&show_all);
    settle().await;
    assert_eq!(all(&root, "tr.tsv-row").len(), 150);
}

fn job(i: u32) -> Lifecycle {
    Lifecycle {
        service: "transcribe.amazonaws.com".into(),
        job: "transcription job".into(),
        key: format!("job-{i:03}"),
        account: "111122223333".into(),
        region: "us-east-1".into(),
        principal: "arn:aws:iam::111122223333:role/Admin".into(),
        start_operation: Some("StartTranscriptionJob".into()),
        start: Some(START + i64::from(i) * FIVE_MIN),
        checks: 2,
        last_check: Some(START + i64::from(i) * FIVE_MIN + 60_000),
        calls: 3,
        first_seen: START + i64::from(i) * FIVE_MIN,
        last_seen: START + i64::from(i) * FIVE_MIN + 60_000,
        duration_ms: Some(60_000),
        status: Some("COMPLETED".into()),
        outcome: JobOutcome::Completed,
        error: None,
    }
}

#[wasm_bindgen_test]
async fn jobs_draw_the_first_fifty_until_show_all() {
    let root = root();
    let view = SharedView(Rc::new(View {
        lifecycles: (0..120).map(job).collect(),
        ..View::default()
    }));
    let props = JobsPanelProps {
        jobs: view.part(|v| &v.lifecycles),
        total: 700,
    };
    Renderer::<JobsPanel>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let rows = all(&root, "[data-testid=job]");
    assert_eq!(rows.len(), 50);
    assert!(rows[0].text_content().unwrap().contains("job-000"));
    assert_eq!(
        one(&root, "#jobs-title").text_content().unwrap(),
        "Asynchronous jobs (700)"
    );
    let show_all = one(&root, ".tsv-show-all");
    assert_eq!(show_all.text_content().unwrap(), "Show all 120 jobs");
    click(&show_all);
    settle().await;
    assert_eq!(all(&root, "[data-testid=job]").len(), 120);
    assert!(all(&root, ".tsv-show-all").is_empty());
}
