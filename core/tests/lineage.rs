//! Credential lineage on hand-written chains (core/tests/fixtures/lineage, written by
//! make_lineage_fixtures.py): each expected chain is spelled out from the fixtures' records, the
//! issuing events' ids read from the files themselves.

mod common;

use trailscope_core::lineage::{Hop, Origin, Subject, Trace, Via};
use trailscope_core::time::parse_rfc3339;
use trailscope_core::Dataset;

const A: &str = "111122223333";

fn all() -> Dataset {
    common::load(&["lineage"])
}

/// The text of `field` in the record of `file` with `name` at `time`.
fn field_of(file: &str, name: &str, time: &str, field: &str) -> String {
    let doc: serde_json::Value = serde_json::from_slice(&common::read(&format!("lineage/{file}"))).unwrap();
    let found = doc["Records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["eventName"] == name && r["eventTime"] == time);
    found.unwrap_or_else(|| panic!("no {name} at {time} in {file}"))[field]
        .as_str()
        .unwrap()
        .to_string()
}

/// The `eventID` of the record of `file` with `name` at `time`.
fn event_id(file: &str, name: &str, time: &str) -> String {
    field_of(file, name, time, "eventID")
}

fn trace(data: &Dataset, subject: Subject) -> Trace {
    data.lineage().trace(&data.store, &subject).expect("a known subject")
}

fn key(data: &Dataset, key: &str) -> Trace {
    trace(data, Subject::Key(key.into()))
}

/// A hop issued by the call `(file, name, time)`.
fn issued(
    principal: &str,
    session: &str,
    access_key: &str,
    by: (&str, &str, &str),
    via: Via,
    ip: &str,
    ua: &str,
) -> Hop {
    Hop {
        principal: principal.into(),
        session: session.into(),
        access_key: access_key.into(),
        issued_by_event: event_id(by.0, by.1, by.2),
        issued_at: parse_rfc3339(by.2),
        via: Some(via),
        source_ip: ip.into(),
        user_agent: ua.into(),
    }
}

/// The first hop of a chain: an identity and what it held, with no issuing call.
fn start(principal: &str, session: &str, access_key: &str) -> Hop {
    Hop {
        principal: principal.into(),
        session: session.into(),
        access_key: access_key.into(),
        ..Hop::default()
    }
}

/// The `userAgent` of the record of `file` with `name` at `time`.
fn ua(file: &str, name: &str, time: &str) -> String {
    field_of(file, name, time, "userAgent")
}

#[test]
fn a_role_chained_from_a_role_goes_back_to_the_user_who_started_it() {
    let data = all();
    let t = key(&data, "ASIAADMINEXAMPLE0001");
    let first = ("same-account.json", "AssumeRole", "2026-11-02T09:01:00Z");
    let second = ("same-account.json", "AssumeRole", "2026-11-02T09:02:00Z");
    assert_eq!(
        t.chain,
        vec![
            start(&format!("arn:aws:iam::{A}:user/alice"), "", "AKIAALICEEXAMPLE0001"),
            issued(
                &format!("arn:aws:iam::{A}:role/Deployer"),
                &format!("arn:aws:sts::{A}:assumed-role/Deployer/alice-deploy"),
                "ASIADEPLOYEXAMPLE001",
                first,
                Via::AssumeRole,
                "198.51.100.10",
                &ua(first.0, first.1, first.2),
            ),
            issued(
                &format!("arn:aws:iam::{A}:role/Admin"),
                &format!("arn:aws:sts::{A}:assumed-role/Admin/alice-admin"),
                "ASIAADMINEXAMPLE0001",
                second,
                Via::AssumeRole,
                "198.51.100.10",
                &ua(second.0, second.1, second.2),
            ),
        ]
    );
    assert_eq!(t.origin, Origin::LongTermIdentity);
    assert_eq!(
        t.line(),
        "key ASIAADMINEXAMPLE0001 ← role/Admin ← role/Deployer ← user/alice"
    );
    assert!(t.downstream.is_empty());

    let from_alice = key(&data, "AKIAALICEEXAMPLE0001");
    assert_eq!(
        from_alice.chain,
        vec![start(
            &format!("arn:aws:iam::{A}:user/alice"),
            "",
            "AKIAALICEEXAMPLE0001"
        )]
    );
    let [deployer] = &from_alice.downstream[..] else {
        panic!("{:#?}", from_alice.downstream)
    };
    assert_eq!(deployer.hop.access_key, "ASIADEPLOYEXAMPLE001");
    assert_eq!(
        deployer.events, 1,
        "the Deployer session made one call: the AssumeRole of Admin"
    );
    let [admin] = &deployer.children[..] else {
        panic!("{:#?}", deployer.children)
    };
    assert_eq!(
        (admin.hop.access_key.as_str(), admin.events),
        ("ASIAADMINEXAMPLE0001", 2)
    );
    assert!(admin.children.is_empty());
}

#[test]
fn an_event_s_line_and_a_session_s_trace_follow_its_credentials() {
    let data = all();
    let c = &data.store.columns;
    let delete = data.store.dict.operations.find("DeleteBucket").unwrap();
    let row = (0..c.len()).find(|&i| u32::from(c.operation.get(i)) == delete).unwrap() as u32;
    assert_eq!(
        trace(&data, Subject::Row(row)).line(),
        "key ASIAADMINEXAMPLE0001 ← role/Admin ← role/Deployer ← user/alice"
    );
    let session = trace(
        &data,
        Subject::Session(format!("arn:aws:sts::{A}:assumed-role/Deployer/alice-deploy")),
    );
    assert_eq!(
        session.subject,
        format!("arn:aws:sts::{A}:assumed-role/Deployer/alice-deploy")
    );
    assert_eq!(session.chain.len(), 2);
    assert_eq!(session.chain[1].access_key, "ASIADEPLOYEXAMPLE001");
    assert_eq!(session.downstream.len(), 1);
    assert_eq!(session.downstream[0].hop.access_key, "ASIAADMINEXAMPLE0001");
}

#[test]
fn a_role_a_service_assumed_starts_at_the_service() {
    let data = all();
    let t = key(&data, "ASIALAMBDAEXAMPLE001");
    assert_eq!(t.origin, Origin::AwsService);
    assert_eq!(t.chain[0], start("lambda.amazonaws.com", "", ""));
    assert_eq!(t.chain[1].principal, format!("arn:aws:iam::{A}:role/orders-fn"));
    assert_eq!(
        t.line(),
        "key ASIALAMBDAEXAMPLE001 ← role/orders-fn ← lambda.amazonaws.com"
    );
}

#[test]
fn a_cross_account_role_is_one_hop_whichever_account_s_record_is_read_first() {
    let xacct = ("cross-account-a.json", "AssumeRole", "2026-11-03T10:00:00Z");
    let expected = vec![
        start(&format!("arn:aws:iam::{A}:user/bob"), "", "AKIABOBEXAMPLE000001"),
        Hop {
            principal: "arn:aws:iam::444455556666:role/OrgAdmin".into(),
            session: "arn:aws:sts::444455556666:assumed-role/OrgAdmin/bob-org".into(),
            access_key: "ASIAXACCTEXAMPLE0001".into(),
            issued_by_event: event_id(xacct.0, xacct.1, xacct.2),
            issued_at: parse_rfc3339(xacct.2),
            via: Some(Via::AssumeRole),
            source_ip: "198.51.100.20".into(),
            user_agent: ua(xacct.0, xacct.1, xacct.2),
        },
    ];
    let orders: [&[&str]; 3] = [
        &[
            "lineage/cross-account-a.json",
            "lineage/cross-account-b.json",
            "lineage/cross-account-b-again.json",
        ],
        &[
            "lineage/cross-account-b-again.json",
            "lineage/cross-account-b.json",
            "lineage/cross-account-a.json",
        ],
        &["lineage/cross-account-b.json", "lineage/cross-account-a.json"],
    ];
    for files in orders {
        let batches = files.iter().map(|f| common::batch(&common::files(&[f])));
        let data = Dataset::from_batches(batches);
        let t = key(&data, "ASIAXACCTEXAMPLE0001");
        assert_eq!(t.chain, expected, "{files:?}");
        let records = data
            .lineage()
            .records()
            .iter()
            .filter(|r| r.access_key() == "ASIAXACCTEXAMPLE0001")
            .count();
        assert_eq!(
            records, 2,
            "both accounts' records, the repeated one dropped: {files:?}"
        );
        assert_eq!(key(&data, "AKIABOBEXAMPLE000001").downstream.len(), 1, "{files:?}");
    }
}

#[test]
fn a_saml_start_names_the_provider_and_the_person() {
    let data = all();
    let t = key(&data, "ASIAAUDITEXAMPLE0001");
    assert_eq!(t.origin, Origin::IdentityProvider);
    assert_eq!(
        t.chain[0],
        start(
            &format!("arn:aws:iam::{A}:saml-provider/AWSSSO_5e3c_DO_NOT_DELETE"),
            "carol@example.com",
            ""
        )
    );
    assert_eq!(t.chain[1].via, Some(Via::AssumeRoleWithSaml));
    assert_eq!(t.chain[1].access_key, "ASIASAMLEXAMPLE00001");
    assert_eq!(
        t.chain[1].issued_by_event,
        event_id("saml.json", "AssumeRoleWithSAML", "2026-11-04T08:00:00Z")
    );
    assert_eq!(t.chain[2].principal, format!("arn:aws:iam::{A}:role/Auditor"));
    assert_eq!(t.chain.len(), 3);
    assert_eq!(
        t.line(),
        "key ASIAAUDITEXAMPLE0001 ← role/Auditor ← role/AWSReservedSSO_Admin_5e3c ← \
         saml-provider/AWSSSO_5e3c_DO_NOT_DELETE (carol@example.com)"
    );
}

#[test]
fn a_minted_long_term_key_leads_back_to_the_session_that_created_it() {
    let data = all();
    let t = key(&data, "ASIABACKDOORSESSION1");
    let backdoor = format!("arn:aws:iam::{A}:user/svc-backup");
    let create = ("minted-key.json", "CreateAccessKey", "2026-11-05T07:01:00Z");
    let token = ("minted-key.json", "GetSessionToken", "2026-11-06T02:01:00Z");
    assert_eq!(
        t.chain,
        vec![
            start(
                &format!("arn:aws:iam::{A}:role/Admin"),
                &format!("arn:aws:sts::{A}:assumed-role/Admin/i-0abc"),
                "ASIAORPHANEXAMPLE001"
            ),
            issued(
                &backdoor,
                "",
                "AKIABACKDOOREXAMPLE1",
                create,
                Via::CreateAccessKey,
                "203.0.113.5",
                &ua(create.0, create.1, create.2)
            ),
            issued(
                &backdoor,
                "",
                "ASIABACKDOORSESSION1",
                token,
                Via::GetSessionToken,
                "185.220.101.7",
                &ua(token.0, token.1, token.2)
            ),
        ]
    );
    assert_eq!(
        t.origin,
        Origin::BeforeLogs,
        "the Admin session's issuance is not in the logs"
    );
    assert!(
        t.line().ends_with("← role/Admin ← (issued before the loaded logs)"),
        "{}",
        t.line()
    );

    let orphan = key(&data, "ASIAORPHANEXAMPLE001");
    assert_eq!(orphan.chain.len(), 1);
    assert_eq!(orphan.origin, Origin::BeforeLogs);
    let [minted] = &orphan.downstream[..] else {
        panic!("{:#?}", orphan.downstream)
    };
    assert_eq!(
        (minted.hop.access_key.as_str(), minted.hop.via),
        ("AKIABACKDOOREXAMPLE1", Some(Via::CreateAccessKey))
    );
    assert_eq!(minted.events, 2);
    assert_eq!(minted.children[0].hop.access_key, "ASIABACKDOORSESSION1");
    assert_eq!(minted.children[0].events, 1);
}

#[test]
fn a_cycle_ends_the_walk_both_ways() {
    let data = all();
    let t = key(&data, "ASIALOOPAEXAMPLE0001");
    assert_eq!(t.origin, Origin::Cycle);
    assert_eq!(t.chain.len(), 2);
    assert_eq!(t.chain[1].access_key, "ASIALOOPAEXAMPLE0001");
    assert_eq!(t.chain[0].access_key, "ASIALOOPBEXAMPLE0001");
    assert_eq!(t.downstream.len(), 1);
    assert!(
        t.downstream[0].children.is_empty(),
        "B's own issuance of A is not listed again"
    );
}

#[test]
fn a_console_session_goes_back_to_its_sign_in() {
    let data = all();
    let t = key(&data, "ASIACONSOLEEXAMPLE01");
    let dave = format!("arn:aws:iam::{A}:user/dave");
    let login = ("console.json", "ConsoleLogin", "2026-11-08T09:00:00Z");
    assert_eq!(
        t.chain,
        vec![
            start(&dave, "", ""),
            issued(
                &dave,
                "",
                "ASIACONSOLEEXAMPLE01",
                login,
                Via::ConsoleLogin,
                "192.0.2.80",
                &ua(login.0, login.1, login.2)
            ),
        ]
    );
    assert_eq!(t.origin, Origin::LongTermIdentity);
}

#[test]
fn a_console_session_whose_first_call_lacks_the_console_flag_still_goes_back_to_its_sign_in() {
    let mut doc: serde_json::Value = serde_json::from_slice(&common::read("lineage/console.json")).unwrap();
    let records = doc["Records"].as_array_mut().unwrap();
    let mut first = records[1].clone();
    first.as_object_mut().unwrap().remove("sessionCredentialFromConsole");
    first["eventTime"] = "2026-11-08T09:01:00Z".into();
    first["eventID"] = "1ea9e0ff-00ff-40ff-80ff-0000000000ff".into();
    records.insert(1, first);
    let file = ("console.json".to_string(), serde_json::to_vec(&doc).unwrap());
    let data = Dataset::from_batches([common::batch(&[file])]);
    let t = key(&data, "ASIACONSOLEEXAMPLE01");
    assert_eq!(t.chain.last().and_then(|hop| hop.via), Some(Via::ConsoleLogin));
    assert_eq!(t.origin, Origin::LongTermIdentity);
}

#[test]
fn unknown_subjects_have_no_trace_and_the_answer_does_not_depend_on_batches() {
    let data = all();
    assert!(data
        .lineage()
        .trace(&data.store, &Subject::Key("ASIANOTHERE000000000".into()))
        .is_none());
    let files = common::files(&["lineage"]);
    let reversed = Dataset::from_batches(files.iter().rev().map(|f| common::batch(std::slice::from_ref(f))));
    for k in [
        "ASIAADMINEXAMPLE0001",
        "ASIAAUDITEXAMPLE0001",
        "ASIABACKDOORSESSION1",
        "ASIACONSOLEEXAMPLE01",
        "AKIACIEXAMPLE0000001",
    ] {
        assert_eq!(key(&data, k), key(&reversed, k), "{k}");
    }
    assert_eq!(data.lineage().issued_keys(), 17);
}
