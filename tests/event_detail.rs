//! Browser tests of the selected event's panel: mounted with real CloudTrail events (the IAM
//! findings' UpdateAssumeRolePolicy example, with its trust policy as a string, and a role
//! session's call from the end-to-end trail) and checked for what a person reads (the summary,
//! the tree, the decoded policy, all as text) and what their clicks on values report.
#![cfg(target_arch = "wasm32")]

mod support;

use js_sys::{Function, Promise, Reflect};
use serde_json::Value;
use std::rc::Rc;
use support::*;
use trailscope_app::app::state::Detail;
use trailscope_app::components::event_detail::{EventDetail, EventDetailProps};
use trailscope_core::formats::extract::EventDetail as Shown;
use trailscope_core::query::filter::query::Field;
use trailscope_core::query::filter::FilterEdit;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Renderer;

wasm_bindgen_test_configure!(run_in_browser);

/// The IAM findings' examples (core's fixtures), one of which updates a role's trust policy.
const IAM: &str = include_str!("../core/tests/fixtures/findings/iam.json");

/// A role session's call from the end-to-end trail (tests/e2e/fixtures/multi, 2025-01-06T2249Z).
const SESSION: &str = r#"{"eventVersion": "1.08", "userIdentity": {"type": "AssumedRole", "principalId": "AROAU9V1SZGT4EW15FS3W:nightly-report", "arn": "arn:aws:sts::299587519878:assumed-role/nightly-report-role-0miixa2x/nightly-report", "accountId": "299587519878", "accessKeyId": "ASIAVRN23PLPWRKCDE7R", "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAU9V1SZGT4EW15FS3W", "arn": "arn:aws:iam::299587519878:role/service-role/nightly-report-role-0miixa2x", "accountId": "299587519878", "userName": "nightly-report-role-0miixa2x"}, "webIdFederationData": {}, "attributes": {"creationDate": "2025-01-06T15:00:26Z", "mfaAuthenticated": "false"}}}, "eventTime": "2025-01-06T15:26:15Z", "eventSource": "s3.amazonaws.com", "eventName": "GetBucketLogging", "awsRegion": "eu-west-1", "sourceIPAddress": "35.5.33.22", "userAgent": "aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10.209-218.812.amzn2.x86_64 lang/js md/nodejs#20.11.1 exec-env/AWS_Lambda_nodejs20.x api/s3#3.540.0", "requestParameters": {"bucketName": "backups-9878-3238db", "Host": "backups-9878-3238db.s3.eu-west-1.amazonaws.com", "logging": ""}, "responseElements": null, "requestID": "P4N1OV4G0JMYN9M0", "eventID": "c2de995d-5f08-4ed1-ae55-8ee85e142542", "readOnly": true, "resources": [{"accountId": "299587519878", "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::backups-9878-3238db"}], "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "299587519878", "eventCategory": "Management", "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": "backups-9878-3238db.s3.eu-west-1.amazonaws.com"}}"#;

/// The UpdateAssumeRolePolicy example.
fn trust_policy_update() -> Value {
    let file: Value = serde_json::from_str(IAM).unwrap();
    let records = file["Records"].as_array().unwrap();
    records
        .iter()
        .find(|r| r["eventName"] == "UpdateAssumeRolePolicy")
        .unwrap()
        .clone()
}

/// What the panel records: filter edits, notices, closes.
struct Panel {
    root: Element,
    edits: Log<FilterEdit>,
    notices: Log<String>,
    closes: Log<()>,
}

/// Mounts the panel on `event`, pretty-printed as the worker sends it.
fn mount(event: &Value) -> Panel {
    let root = root();
    let (on_edit, edits) = recorder();
    let (on_notice, notices) = recorder();
    let (on_close, closes) = recorder();
    let shown = Shown {
        json: serde_json::to_string_pretty(event).unwrap(),
        redactions: Vec::new(),
        credentials: String::new(),
    };
    let props = EventDetailProps {
        selected: Some((7, Detail::Ready(Rc::new(shown)))),
        row: None,
        on_open: yew::Callback::noop(),
        on_close,
        on_edit,
        on_notice,
    };
    Renderer::<EventDetail>::with_root_and_props(root.clone(), props).render();
    Panel {
        root,
        edits,
        notices,
        closes,
    }
}

/// The text a sighted person reads in `element`: without what only screen readers get.
fn seen(element: &Element) -> String {
    let copy: Element = element.clone_node_with_deep(true).unwrap().dyn_into().unwrap();
    for hidden in all(&copy, ".visually-hidden") {
        hidden.remove();
    }
    copy.text_content().unwrap()
}

/// The value drawn as `shown` (JSON-quoted for a string).
fn value(root: &Element, shown: &str) -> Element {
    all(root, ".jv-value")
        .into_iter()
        .find(|v| v.text_content().unwrap() == shown)
        .unwrap_or_else(|| panic!("no value {shown}"))
}

/// The button of the open value actions whose text is `text`.
fn action(root: &Element, text: &str) -> Element {
    all(root, ".jv-menu button")
        .into_iter()
        .find(|b| b.text_content().unwrap() == text)
        .unwrap_or_else(|| panic!("no action {text}"))
}

fn pivot(field: Field, value: &str, exclude: bool) -> FilterEdit {
    FilterEdit::Pivot {
        field,
        value: value.into(),
        exclude,
    }
}

#[wasm_bindgen_test]
async fn the_summary_says_who_did_what_on_what_from_where_how_it_ended_and_when() {
    let panel = mount(&trust_policy_update());
    settle().await;
    let line = one(&panel.root, "[data-testid=event-summary]");
    assert_eq!(
        seen(&line),
        "user/alice iam UpdateAssumeRolePolicy on OrganizationAccountAccessRole from 198.51.100.7 \
         with aws-cli/2.15.0 \u{b7} succeeded \u{b7} 2024-05-01T00:03:00Z"
    );
    let who = one(&line, ".ev-who");
    assert_eq!(
        who.get_attribute("title").unwrap(),
        "arn:aws:iam::111122223333:user/alice"
    );
    assert_eq!(
        one(&who, ".visually-hidden").text_content().unwrap(),
        "arn:aws:iam::111122223333:user/alice",
        "a screen reader hears the whole principal"
    );
    let mut failed: Value = serde_json::from_str(SESSION).unwrap();
    failed["errorCode"] = "AccessDenied".into();
    failed["errorMessage"] = "Access Denied".into();
    let panel = mount(&failed);
    settle().await;
    assert_eq!(
        seen(&one(&panel.root, "[data-testid=event-summary]")),
        "role/nightly-report-role-0miixa2x s3 GetBucketLogging on backups-9878-3238db from 35.5.33.22 \
         with aws-sdk-js/3.540.0 \u{b7} failed: AccessDenied: Access Denied \u{b7} 2025-01-06T15:26:15Z",
        "the role, not its session; the bucket named once though two fields name it"
    );
}

#[wasm_bindgen_test]
async fn fold_buttons_hide_and_show_a_nodes_children_and_long_lists_start_folded() {
    let mut event: Value = serde_json::from_str(SESSION).unwrap();
    let many: Vec<Value> = (0..60)
        .map(|i| serde_json::json!({ "ARN": format!("arn:aws:s3:::b{i}") }))
        .collect();
    event["resources"] = many.into();
    let panel = mount(&event);
    settle().await;
    let fold = one(&panel.root, "button.jv-fold[aria-label=userIdentity]");
    let node = fold.parent_element().unwrap();
    assert_eq!(fold.get_attribute("aria-expanded").unwrap(), "true");
    assert!(node.text_content().unwrap().contains("\"ASIAVRN23PLPWRKCDE7R\""));
    click(&fold);
    settle().await;
    let fold = one(&panel.root, "button.jv-fold[aria-label=userIdentity]");
    let node = fold.parent_element().unwrap();
    assert_eq!(fold.get_attribute("aria-expanded").unwrap(), "false");
    assert!(node.query_selector(".jv-children").unwrap().is_none());
    assert_eq!(seen(&node), "\"userIdentity\": { 6 keys },");
    click(&fold);
    settle().await;
    assert!(one(&panel.root, "button.jv-fold[aria-label=userIdentity]")
        .parent_element()
        .unwrap()
        .text_content()
        .unwrap()
        .contains("\"ASIAVRN23PLPWRKCDE7R\""));
    let list = one(&panel.root, "button.jv-fold[aria-label=resources]");
    assert_eq!(
        list.get_attribute("aria-expanded").unwrap(),
        "false",
        "60 items start folded"
    );
    assert_eq!(seen(&list.parent_element().unwrap()), "\"resources\": [ 60 items ],");
    assert!(!panel.root.text_content().unwrap().contains("arn:aws:s3:::b59"));
}

#[wasm_bindgen_test]
async fn a_policy_document_in_a_string_is_shown_decoded_with_the_string_one_click_away() {
    let panel = mount(&trust_policy_update());
    settle().await;
    let keys = texts(&panel.root, ".jv-key");
    for key in ["\"Version\"", "\"Statement\"", "\"Effect\"", "\"Principal\"", "\"AWS\""] {
        assert!(keys.iter().any(|k| k == key), "{key} in {keys:?}");
    }
    assert_eq!(texts(&panel.root, ".jv-decoded"), ["decoded from a string"]);
    let show = one(&panel.root, "button.jv-raw");
    assert_eq!(show.get_attribute("aria-pressed").unwrap(), "false");
    click(&show);
    settle().await;
    assert!(!texts(&panel.root, ".jv-key").iter().any(|k| k == "\"Statement\""));
    let raw = trust_policy_update()["requestParameters"]["policyDocument"].clone();
    value(&panel.root, &raw.to_string());
    assert_eq!(
        one(&panel.root, "button.jv-raw").get_attribute("aria-pressed").unwrap(),
        "true"
    );
}

#[wasm_bindgen_test]
async fn clicking_a_value_filters_on_it_or_excludes_it_in_the_field_that_holds_it() {
    let panel = mount(&trust_policy_update());
    settle().await;
    assert!(
        all(&panel.root, ".jv-menu").is_empty(),
        "no actions until a value is clicked"
    );
    click(&value(&panel.root, "\"198.51.100.7\""));
    settle().await;
    assert_eq!(texts(&panel.root, ".jv-term"), ["ip:=\"198.51.100.7\""]);
    click(&action(&panel.root, "Filter on it"));
    settle().await;
    assert!(all(&panel.root, ".jv-menu").is_empty(), "the actions close once used");
    click(&value(&panel.root, "\"UpdateAssumeRolePolicy\""));
    settle().await;
    click(&action(&panel.root, "Exclude it"));
    click(&value(&panel.root, "\"sts:AssumeRole\""));
    settle().await;
    click(&action(&panel.root, "Filter on it"));
    assert_eq!(
        *panel.edits.borrow(),
        [
            pivot(Field::Ip, "198.51.100.7", false),
            pivot(Field::Operation, "iam.amazonaws.com UpdateAssumeRolePolicy", true),
            pivot(Field::Json, "sts:AssumeRole", false),
        ]
    );
    let panel = mount(&serde_json::from_str(SESSION).unwrap());
    settle().await;
    let session = "arn:aws:sts::299587519878:assumed-role/nightly-report-role-0miixa2x/nightly-report";
    for (shown, field, pivoted) in [
        (format!("\"{session}\""), Field::Session, session),
        (
            "\"arn:aws:iam::299587519878:role/service-role/nightly-report-role-0miixa2x\"".into(),
            Field::Principal,
            "arn:aws:iam::299587519878:role/service-role/nightly-report-role-0miixa2x",
        ),
        (
            "\"arn:aws:s3:::backups-9878-3238db\"".into(),
            Field::Resource,
            "arn:aws:s3:::backups-9878-3238db",
        ),
        ("\"299587519878\"".into(), Field::Account, "299587519878"),
    ] {
        let values: Vec<Element> = all(&panel.root, ".jv-value")
            .into_iter()
            .filter(|v| v.text_content().unwrap() == shown)
            .collect();
        click(values.last().unwrap());
        settle().await;
        click(&action(&panel.root, "Filter on it"));
        settle().await;
        assert_eq!(
            panel.edits.borrow().last(),
            Some(&pivot(field, pivoted, false)),
            "{shown}"
        );
    }
    click(&value(&panel.root, "true"));
    settle().await;
    assert_eq!(
        texts(&panel.root, ".jv-menu button"),
        ["Copy"],
        "no filter names a boolean"
    );
}

#[wasm_bindgen_test]
async fn escape_closes_a_values_actions_first_then_the_panel() {
    let panel = mount(&trust_policy_update());
    settle().await;
    click(&value(&panel.root, "\"us-east-1\""));
    settle().await;
    let focused = gloo_document().active_element().unwrap();
    assert_eq!(
        focused.text_content().unwrap(),
        "Filter on it",
        "the actions take focus"
    );
    key(&focused, "Escape");
    settle().await;
    assert!(all(&panel.root, ".jv-menu").is_empty());
    assert!(panel.closes.borrow().is_empty(), "the panel stays");
    let focused = gloo_document().active_element().unwrap();
    assert_eq!(
        focused.text_content().unwrap(),
        "\"us-east-1\"",
        "focus is back on the value"
    );
    key(&focused, "Escape");
    assert_eq!(panel.closes.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn hostile_strings_are_text_and_create_no_element() {
    let mut event = trust_policy_update();
    event["eventName"] = XSS.into();
    event["userAgent"] = XSS.into();
    event["requestParameters"][XSS] = XSS.into();
    let policy = serde_json::json!({ "Statement": [{ "Sid": XSS, XSS: "x" }] });
    event["requestParameters"]["policyDocument"] = policy.to_string().into();
    let panel = mount(&event);
    settle().await;
    assert!(panel.root.query_selector("img").unwrap().is_none());
    assert!(seen(&one(&panel.root, "[data-testid=event-summary]")).contains(&format!("iam {XSS}")));
    let quoted = serde_json::to_string(XSS).unwrap();
    assert_eq!(
        texts(&panel.root, ".jv-key").iter().filter(|k| **k == quoted).count(),
        2
    );
    assert_eq!(
        all(&panel.root, ".jv-value")
            .iter()
            .filter(|v| v.text_content().unwrap() == quoted)
            .count(),
        4
    );
}

/// Whether this browser lets the test page write to the clipboard now: headless Chromium may
/// refuse a page without focus, and no test can grant the permission.
async fn clipboard_writes() -> bool {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).unwrap();
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).unwrap();
    let Ok(write) = Reflect::get(&clipboard, &"writeText".into())
        .unwrap()
        .dyn_into::<Function>()
    else {
        return false;
    };
    let promise: Promise = write.call1(&clipboard, &JsValue::from_str("probe")).unwrap().into();
    JsFuture::from(promise).await.is_ok()
}

#[wasm_bindgen_test]
async fn copy_says_copied_or_why_not() {
    let writes = clipboard_writes().await;
    let panel = mount(&trust_policy_update());
    settle().await;
    let copied = one(&panel.root, "[role=status].copied");
    assert_eq!(copied.text_content().unwrap(), "");
    let copy = all(&panel.root, ".event-actions button")
        .into_iter()
        .find(|b| b.text_content().unwrap() == "Copy event")
        .unwrap();
    click(&copy);
    settle().await;
    if writes {
        assert_eq!(copied.text_content().unwrap(), "Copied");
        assert!(panel.notices.borrow().is_empty());
    } else {
        assert_eq!(copied.text_content().unwrap(), "");
        let notices = panel.notices.borrow();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(
            notices[0].starts_with("Could not copy to the clipboard: "),
            "{}",
            notices[0]
        );
    }
    click(&value(&panel.root, "\"alice\""));
    settle().await;
    click(&action(&panel.root, "Copy"));
    settle().await;
    assert!(all(&panel.root, ".jv-menu").is_empty());
    assert_eq!(panel.notices.borrow().len(), if writes { 0 } else { 2 });
}
