//! The Lambda persistence rules of issue 15 on trails written for them (`common::attacks`), in
//! the shapes of CloudTrail's Lambda records (AWS docs, Stratus Red Team, a logged
//! `CreateFunctionUrlConfig`): event names with their API-version suffixes, `principal`,
//! `functionName` as a name or an ARN, `authType`, `layers`.

mod common;

use common::attacks::{
    assert_silent, assert_split, by_admin, denied, failed, fired_on, ids, made_and_refused, OUTSIDE,
};
use common::records::A;
use serde_json::{json, Value};

const EXPOSED: &str = "lambda-exposed";
const CODE_CHANGED: &str = "lambda-code-or-layer-changed";

const LAMBDA: &str = "lambda.amazonaws.com";

/// The function's ARN in account [`A`].
fn function_arn() -> String {
    format!("arn:aws:lambda:us-east-1:{A}:function:orders-api")
}

/// `AddPermission` letting `principal` invoke `function` (a name or an ARN).
fn add_permission(minute: u32, principal: &str, function: &str) -> Value {
    let params = json!({
        "functionName": function,
        "statementId": format!("invoke-{minute}"),
        "action": "lambda:InvokeFunction",
        "principal": principal,
    });
    by_admin(minute, LAMBDA, "AddPermission20150331v2", params)
}

/// `name` (`CreateFunctionUrlConfig` or `UpdateFunctionUrlConfig`) with `auth` as `authType`.
fn url_config(minute: u32, name: &str, auth: &str) -> Value {
    let params = json!({"functionName": "orders-api", "authType": auth, "cors": {}, "invokeMode": "BUFFERED"});
    by_admin(minute, LAMBDA, name, params)
}

#[test]
fn functions_opened_to_anyone_or_another_account_fire() {
    let outside_root = format!("arn:aws:iam::{OUTSIDE}:root");
    let records = vec![
        add_permission(0, "*", "orders-api"),
        add_permission(1, "s3.amazonaws.com", "orders-api"),
        add_permission(2, OUTSIDE, "orders-api"),
        add_permission(3, &outside_root, &function_arn()),
        add_permission(4, A, &function_arn()),
        url_config(5, "CreateFunctionUrlConfig", "NONE"),
        url_config(6, "CreateFunctionUrlConfig", "AWS_IAM"),
        url_config(7, "UpdateFunctionUrlConfig", "NONE"),
    ];
    assert_eq!(
        fired_on(EXPOSED, records),
        ids(&[0, 2, 3, 5, 7]),
        "not S3, the function's own account or an IAM-authenticated URL"
    );
}

#[test]
fn functions_opened_to_services_or_their_own_account_do_not_fire() {
    let own_role = format!("arn:aws:iam::{A}:role/Ops");
    let records = vec![
        add_permission(0, "s3.amazonaws.com", "orders-api"),
        add_permission(1, A, &function_arn()),
        add_permission(2, &own_role, "orders-api"),
        url_config(3, "CreateFunctionUrlConfig", "AWS_IAM"),
        by_admin(4, LAMBDA, "GetFunctionUrlConfig", json!({"functionName": "orders-api"})),
    ];
    assert_silent(EXPOSED, &made_and_refused(records));
}

#[test]
fn a_permission_that_already_exists_is_an_attempt() {
    assert_split(EXPOSED, add_permission(0, "*", "orders-api"), |record| {
        failed(
            record,
            "ResourceConflictException",
            "The statement id (invoke-0) provided already exists. Please provide a new statement id, or remove the existing statement.",
        )
    });
}

fn update_code(minute: u32) -> Value {
    let params = json!({"functionName": function_arn(), "publish": true, "dryRun": false});
    by_admin(minute, LAMBDA, "UpdateFunctionCode20150331v2", params)
}

/// `UpdateFunctionConfiguration` of the function with `params` besides its name.
fn update_configuration(minute: u32, mut params: Value) -> Value {
    params["functionName"] = json!(function_arn());
    by_admin(minute, LAMBDA, "UpdateFunctionConfiguration20150331v2", params)
}

fn with_layer() -> Value {
    json!({"layers": [format!("arn:aws:lambda:us-east-1:{A}:layer:my-extension:1")], "environment": {}})
}

#[test]
fn new_code_or_layers_fire() {
    let records = vec![
        update_code(0),
        update_configuration(1, json!({"timeout": 30})),
        update_configuration(2, with_layer()),
        update_configuration(3, json!({"layers": []})),
        by_admin(
            4,
            LAMBDA,
            "GetFunction20150331v2",
            json!({"functionName": "orders-api"}),
        ),
    ];
    assert_eq!(
        fired_on(CODE_CHANGED, records),
        ids(&[0, 2]),
        "not a timeout, layers removed or a read"
    );
}

#[test]
fn timeouts_removed_layers_and_published_layers_do_not_fire() {
    let records = vec![
        update_configuration(0, json!({"timeout": 30})),
        update_configuration(1, json!({"layers": []})),
        by_admin(
            2,
            LAMBDA,
            "GetFunction20150331v2",
            json!({"functionName": "orders-api"}),
        ),
        by_admin(
            3,
            LAMBDA,
            "PublishLayerVersion20181031",
            json!({"layerName": "my-extension"}),
        ),
    ];
    assert_silent(CODE_CHANGED, &made_and_refused(records));
}

#[test]
fn a_refused_layer_is_an_attempt() {
    assert_split(CODE_CHANGED, update_configuration(0, with_layer()), denied);
}
