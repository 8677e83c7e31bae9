//! The principal rule and the identity facts, on one event per kind of `userIdentity`
//! (`shapes/identities.json`, event n at 2024-05-01T22:n:00Z).

mod common;

use trailscope_core::normalize::identity::{CredentialKind, IdentityType};
use trailscope_core::query::filter::Filter;
use trailscope_core::store::flags::Flags;
use trailscope_core::time::format_utc;
use trailscope_core::Dataset;

struct Expected {
    principal: &'static str,
    session: &'static str,
    kind: IdentityType,
    credential: CredentialKind,
    mfa: bool,
    console: bool,
    via_service: bool,
}

const fn who(principal: &'static str, kind: IdentityType, credential: CredentialKind) -> Expected {
    Expected {
        principal,
        session: "",
        kind,
        credential,
        mfa: false,
        console: false,
        via_service: false,
    }
}

fn expected() -> Vec<(&'static str, Expected)> {
    use CredentialKind as C;
    use IdentityType as T;
    vec![
        ("Root with an ASIA key", who("arn:aws:iam::111122223333:root", T::Root, C::Root)),
        (
            "IAMUser with an AKIA key",
            who("arn:aws:iam::111122223333:user/alice", T::IamUser, C::LongTermKey),
        ),
        (
            "AssumedRole, sessionIssuer, empty webIdFederationData, mfaAuthenticated \"true\"",
            Expected {
                session: "arn:aws:sts::111122223333:assumed-role/Deploy/ci-run-42",
                mfa: true,
                ..who("arn:aws:iam::111122223333:role/Deploy", T::AssumedRole, C::TemporaryKey)
            },
        ),
        (
            "AssumedRole, mfaAuthenticated false (a bool)",
            Expected {
                session: "arn:aws:sts::111122223333:assumed-role/Deploy/ci-run-43",
                ..who("arn:aws:iam::111122223333:role/Deploy", T::AssumedRole, C::TemporaryKey)
            },
        ),
        (
            "AWSService with invokedBy",
            Expected {
                via_service: true,
                ..who("cloudtrail.amazonaws.com", T::AwsService, C::AwsService)
            },
        ),
        (
            "FederatedUser",
            who("arn:aws:sts::111122223333:federated-user/bob", T::FederatedUser, C::Federated),
        ),
        ("SAMLUser without an arn", who("SAMLUser:SAMLIdP/Zoë", T::SamlUser, C::Federated)),
        (
            "WebIdentityUser without an arn",
            who(
                "WebIdentityUser:token.actions.githubusercontent.com:sts.amazonaws.com:repo:acme/app",
                T::WebIdentityUser,
                C::Federated,
            ),
        ),
        (
            "IdentityCenterUser with onBehalfOf",
            Expected {
                session: "544894e8-80c1-707f-60e3-3ba6510dfac1",
                ..who("IdentityCenterUser:111122223333", T::IdentityCenterUser, C::Sso)
            },
        ),
        (
            "no type",
            who("Unknown:AIDAUNTYPEDEXAMPLE", T::Unknown, C::Unknown),
        ),
        (
            "ConsoleLogin with MFAUsed No",
            Expected {
                console: true,
                ..who("arn:aws:iam::111122223333:user/carol", T::IamUser, C::ConsoleSession)
            },
        ),
        (
            "ConsoleLogin with MFAUsed Yes",
            Expected {
                console: true,
                mfa: true,
                ..who("arn:aws:iam::111122223333:user/dave", T::IamUser, C::ConsoleSession)
            },
        ),
        ("AWSAccount", who("AWSAccount:AIDAOTHEREXAMPLE", T::AwsAccount, C::Unknown)),
        (
            "service-linked AssumedRole with invokedBy",
            Expected {
                session: "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable/AutoScaling",
                via_service: true,
                ..who(
                    "arn:aws:iam::111122223333:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable",
                    T::AssumedRole,
                    C::TemporaryKey,
                )
            },
        ),
        (
            "AssumedRole through OIDC web identity (webIdFederationData.federatedProvider)",
            Expected {
                session: "arn:aws:sts::111122223333:assumed-role/GitHubDeploy/GitHubActions",
                ..who("arn:aws:iam::111122223333:role/GitHubDeploy", T::AssumedRole, C::Federated)
            },
        ),
    ]
}

fn identities() -> (Dataset, Vec<(String, Vec<u8>)>) {
    let files = common::files(&["shapes/identities.json"]);
    (Dataset::from_batches([common::batch(&files)]), files)
}

#[test]
fn every_identity_kind_gets_its_principal_and_facts() {
    let (data, files) = identities();
    let expected = expected();
    assert_eq!(data.store.len(), expected.len());
    for (i, (case, want)) in expected.iter().enumerate() {
        let n = i + 1;
        let row = data.store.columns.row(i);
        assert_eq!(
            format_utc(row.time),
            format!("2024-05-01T22:{n:02}:00Z"),
            "row order ({case})"
        );
        let flags = Flags(row.flags);
        let got = (
            data.store.dict.principals.get(row.principal),
            data.store.dict.sessions.get(row.session),
            flags.identity(),
            flags.credential(),
            flags.mfa(),
            flags.console(),
            flags.via_service(),
        );
        let want_tuple = (
            want.principal,
            want.session,
            want.kind,
            want.credential,
            want.mfa,
            want.console,
            want.via_service,
        );
        assert_eq!(got, want_tuple, "event {n}: {case}");
        // The row's locator finds the event it was made from.
        let event = common::event_value(&data, &files, i);
        assert_eq!(event["eventTime"], format!("2024-05-01T22:{n:02}:00Z"), "{case}");
    }
}

#[test]
fn by_principal_follows_the_principal_rule() {
    let summary = common::summary(&["shapes/identities.json"]);
    let mut want = std::collections::BTreeMap::new();
    for (_, e) in expected() {
        *want.entry(e.principal.to_string()).or_insert(0) += 1;
    }
    assert_eq!(
        want["arn:aws:iam::111122223333:role/Deploy"], 2,
        "two sessions of one role"
    );
    assert_eq!(summary.by_principal, want);
    assert_eq!(summary.events, 15);
}

#[test]
fn insights_events_have_no_principal() {
    let rel = "shapes/AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/05/01/\
               111122223333_CloudTrail-Insight_us-east-1_20240501T1825Z_Ab12Cd34Ef56Gh78.json.gz";
    let data = common::load(&[rel]);
    let summary = trailscope_core::Summary::of(&data, &Filter::default());
    assert_eq!(summary.events, 2);
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert_eq!(summary.by_principal, common::counts(&[("(none)", 2)]));
    assert_eq!(summary.by_hour, common::counts(&[("2024-05-01T18", 2)]));
    assert!(
        !summary.by_source.contains_key(""),
        "the source comes from insightDetails: {:?}",
        summary.by_source
    );
    for i in 0..data.store.len() {
        let flags = Flags(data.store.columns.row(i).flags);
        assert!(flags.insight());
        assert_eq!(flags.identity(), IdentityType::None);
        assert_eq!(flags.credential(), CredentialKind::Unknown);
    }
}
