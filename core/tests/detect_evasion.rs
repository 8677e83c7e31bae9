//! The defence-evasion rules of issue 15 on trails written for them (`common::attacks`), in the
//! shapes of CloudTrail's CloudTrail, Route 53 Resolver, EC2, GuardDuty, Config, Security Hub
//! and Organizations records (AWS docs, Stratus Red Team), and the per-account region baseline.

mod common;

use common::attacks::{
    assert_silent, assert_split, by_admin, denied, failed, fired_on, ids, in_region, made_and_refused, on_day, request,
    routine,
};
use common::records::{user, Trail, A, B};
use serde_json::{json, Value};

const STOPPED: &str = "cloudtrail-stopped";
const CHANGED: &str = "cloudtrail-changed";
const DNS_LOGS: &str = "dns-query-logging-deleted";
const FLOW_LOGS: &str = "vpc-flow-logs-deleted";
const MONITORING: &str = "monitoring-disabled";
const ORGANIZATION: &str = "organization-left";
const REGION: &str = "region-first-seen";

const CLOUDTRAIL: &str = "cloudtrail.amazonaws.com";
const RESOLVER: &str = "route53resolver.amazonaws.com";
const EC2: &str = "ec2.amazonaws.com";
const GUARDDUTY: &str = "guardduty.amazonaws.com";
const CONFIG: &str = "config.amazonaws.com";
const ORGANIZATIONS: &str = "organizations.amazonaws.com";

const TRAIL: &str = "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events";
const STORE: &str = "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE";
const DETECTOR: &str = "12abc34d567e8fa901bc2d34e56789f0";
const QUERY_LOG_CONFIG: &str = "rqlc-4473f20ca554c07";

fn trail_call(minute: u32, name: &str) -> Value {
    by_admin(minute, CLOUDTRAIL, name, json!({"name": TRAIL}))
}

#[test]
fn stopping_or_deleting_a_trail_or_event_data_store_fires() {
    let records = vec![
        trail_call(0, "StopLogging"),
        trail_call(1, "StartLogging"),
        trail_call(2, "DeleteTrail"),
        by_admin(3, CLOUDTRAIL, "DeleteEventDataStore", json!({"eventDataStore": STORE})),
        by_admin(
            4,
            CLOUDTRAIL,
            "StopEventDataStoreIngestion",
            json!({"eventDataStore": STORE}),
        ),
    ];
    assert_eq!(fired_on(STOPPED, records), ids(&[0, 2, 3, 4]));
}

#[test]
fn starting_or_reading_a_trail_does_not_stop_it() {
    let records = vec![
        trail_call(0, "StartLogging"),
        trail_call(1, "GetTrailStatus"),
        by_admin(2, CLOUDTRAIL, "DescribeTrails", json!({"trailNameList": []})),
        by_admin(
            3,
            CLOUDTRAIL,
            "StartEventDataStoreIngestion",
            json!({"eventDataStore": STORE}),
        ),
    ];
    assert_silent(STOPPED, &made_and_refused(records));
}

#[test]
fn a_stop_logging_that_failed_is_an_attempt() {
    assert_split(STOPPED, trail_call(0, "StopLogging"), |record| {
        failed(
            record,
            "TrailNotFoundException",
            "Unknown trail: management-events for the user: 111122223333",
        )
    });
}

/// `PutEventSelectors` of `trail` keeping read-only management events, as Stratus Red Team's
/// detonation logs it.
fn read_only_selectors(minute: u32) -> Value {
    let selectors = json!([{
        "dataResources": [],
        "excludeManagementEventSources": [],
        "includeManagementEvents": true,
        "readWriteType": "ReadOnly",
    }]);
    let params = json!({"trailName": "management-events", "eventSelectors": selectors});
    by_admin(minute, CLOUDTRAIL, "PutEventSelectors", params)
}

#[test]
fn updating_a_trail_or_its_selectors_fires() {
    let insights = json!({"trailName": "management-events", "insightSelectors": []});
    let records = vec![
        by_admin(
            0,
            CLOUDTRAIL,
            "UpdateTrail",
            json!({"name": TRAIL, "isMultiRegionTrail": false}),
        ),
        by_admin(
            1,
            CLOUDTRAIL,
            "GetEventSelectors",
            json!({"trailName": "management-events"}),
        ),
        read_only_selectors(2),
        by_admin(3, CLOUDTRAIL, "PutInsightSelectors", insights),
    ];
    assert_eq!(fired_on(CHANGED, records), ids(&[0, 2, 3]));
}

#[test]
fn reading_a_trail_s_selectors_does_not_change_it() {
    let trail = json!({"trailName": "management-events"});
    let records = vec![
        by_admin(0, CLOUDTRAIL, "GetEventSelectors", trail.clone()),
        by_admin(1, CLOUDTRAIL, "GetInsightSelectors", trail),
        trail_call(2, "GetTrail"),
    ];
    assert_silent(CHANGED, &made_and_refused(records));
}

#[test]
fn a_put_event_selectors_that_failed_is_an_attempt() {
    assert_split(CHANGED, read_only_selectors(0), denied);
}

fn query_log_config(minute: u32, name: &str) -> Value {
    let params = json!({"resolverQueryLogConfigId": QUERY_LOG_CONFIG, "resourceId": "vpc-0a1b2c3d4e5f67890"});
    by_admin(minute, RESOLVER, name, params)
}

#[test]
fn deleting_or_detaching_dns_query_logging_fires() {
    let create = json!({
        "name": "vpc-dns",
        "destinationArn": "arn:aws:s3:::dns-query-logs",
        "creatorRequestId": "2026-11-10-vpc-dns",
    });
    let records = vec![
        by_admin(
            0,
            RESOLVER,
            "DeleteResolverQueryLogConfig",
            json!({"resolverQueryLogConfigId": QUERY_LOG_CONFIG}),
        ),
        by_admin(1, RESOLVER, "CreateResolverQueryLogConfig", create),
        query_log_config(2, "DisassociateResolverQueryLogConfig"),
    ];
    assert_eq!(fired_on(DNS_LOGS, records), ids(&[0, 2]));
}

#[test]
fn creating_or_attaching_dns_query_logging_does_not_fire() {
    let create = json!({"name": "vpc-dns", "destinationArn": "arn:aws:s3:::dns-query-logs"});
    let records = vec![
        by_admin(0, RESOLVER, "CreateResolverQueryLogConfig", create),
        query_log_config(1, "AssociateResolverQueryLogConfig"),
        by_admin(2, RESOLVER, "ListResolverQueryLogConfigs", json!({"maxResults": 10})),
    ];
    assert_silent(DNS_LOGS, &made_and_refused(records));
}

#[test]
fn a_dns_query_logging_deletion_that_failed_is_an_attempt() {
    assert_split(
        DNS_LOGS,
        query_log_config(0, "DisassociateResolverQueryLogConfig"),
        denied,
    );
}

/// `DeleteFlowLogs` in EC2's XML-derived request shape.
fn delete_flow_logs(minute: u32) -> Value {
    let params = json!({"DeleteFlowLogsRequest": {"FlowLogId": {"content": "fl-0e17aa62a21d4bbfe", "tag": 1}}});
    by_admin(minute, EC2, "DeleteFlowLogs", params)
}

fn create_flow_logs(minute: u32) -> Value {
    let params = json!({"CreateFlowLogsRequest": {
        "ResourceId": {"content": "vpc-0a1b2c3d4e5f67890", "tag": 1},
        "ResourceType": "VPC",
        "TrafficType": "ALL",
        "LogDestinationType": "s3",
        "LogDestination": "arn:aws:s3:::flow-logs",
    }});
    by_admin(minute, EC2, "CreateFlowLogs", params)
}

#[test]
fn deleting_flow_logs_fires() {
    let records = vec![create_flow_logs(0), delete_flow_logs(1)];
    assert_eq!(fired_on(FLOW_LOGS, records), ids(&[1]));
}

#[test]
fn creating_or_reading_flow_logs_does_not_fire() {
    let describe = by_admin(1, EC2, "DescribeFlowLogs", json!({"DescribeFlowLogsRequest": ""}));
    assert_silent(FLOW_LOGS, &made_and_refused(vec![create_flow_logs(0), describe]));
}

#[test]
fn a_flow_log_deletion_that_failed_is_an_attempt() {
    assert_split(FLOW_LOGS, delete_flow_logs(0), denied);
}

/// A GuardDuty call on the account's detector, with `params` besides its id.
fn detector(minute: u32, name: &str, mut params: Value) -> Value {
    params["detectorId"] = json!(DETECTOR);
    by_admin(minute, GUARDDUTY, name, params)
}

#[test]
fn disabling_guardduty_config_or_security_hub_fires() {
    let members = json!({"accountIds": [B]});
    let recorder = json!({"configurationRecorderName": "default"});
    let records = vec![
        detector(0, "DeleteDetector", json!({})),
        detector(1, "DisassociateFromMasterAccount", json!({})),
        detector(2, "DisassociateFromAdministratorAccount", json!({})),
        detector(3, "StopMonitoringMembers", members.clone()),
        detector(4, "DeleteMembers", members),
        detector(5, "UpdateDetector", json!({"enable": false})),
        detector(6, "UpdateDetector", json!({"enable": true})),
        by_admin(7, CONFIG, "StopConfigurationRecorder", recorder.clone()),
        by_admin(8, CONFIG, "DeleteConfigurationRecorder", recorder),
        by_admin(
            9,
            CONFIG,
            "DeleteDeliveryChannel",
            json!({"deliveryChannelName": "default"}),
        ),
        by_admin(10, "securityhub.amazonaws.com", "DisableSecurityHub", Value::Null),
    ];
    assert_eq!(
        fired_on(MONITORING, records),
        ids(&[0, 1, 2, 3, 4, 5, 7, 8, 9, 10]),
        "not the UpdateDetector that keeps it on"
    );
}

#[test]
fn keeping_guardduty_on_or_starting_recorders_does_not_fire() {
    let records = vec![
        detector(0, "UpdateDetector", json!({"enable": true})),
        detector(
            1,
            "UpdateDetector",
            json!({"findingPublishingFrequency": "FIFTEEN_MINUTES"}),
        ),
        detector(2, "GetDetector", json!({})),
        by_admin(3, GUARDDUTY, "CreateDetector", json!({"enable": true})),
        by_admin(
            4,
            CONFIG,
            "StartConfigurationRecorder",
            json!({"configurationRecorderName": "default"}),
        ),
        by_admin(
            5,
            "securityhub.amazonaws.com",
            "EnableSecurityHub",
            json!({"enableDefaultStandards": true}),
        ),
    ];
    assert_silent(MONITORING, &made_and_refused(records));
}

#[test]
fn a_detector_deletion_that_failed_is_an_attempt() {
    assert_split(MONITORING, detector(0, "DeleteDetector", json!({})), denied);
}

#[test]
fn leaving_the_organization_fires() {
    let records = vec![
        by_admin(0, ORGANIZATIONS, "DescribeOrganization", Value::Null),
        by_admin(1, ORGANIZATIONS, "LeaveOrganization", Value::Null),
    ];
    assert_eq!(fired_on(ORGANIZATION, records), ids(&[1]));
}

#[test]
fn reading_the_organization_does_not_leave_it() {
    let records = vec![
        by_admin(0, ORGANIZATIONS, "DescribeOrganization", Value::Null),
        by_admin(1, ORGANIZATIONS, "ListAccounts", Value::Null),
    ];
    assert_silent(ORGANIZATION, &made_and_refused(records));
}

#[test]
fn a_refused_leave_organization_is_an_attempt() {
    let leave = by_admin(0, ORGANIZATIONS, "LeaveOrganization", Value::Null);
    assert_split(ORGANIZATION, leave, denied);
}

/// Two accounts whose recordings start three days apart: account A works in two regions from
/// day 0 and starts a third on day 3; account B works in two others from day 3 and starts a
/// third on day 7. Each account's regions are judged against its own first day.
#[test]
fn a_region_is_new_against_its_own_account_s_first_day() {
    let ops_a = user(A, "ops", "AKIAOPSAEXAMPLE00001");
    let mut account_a = routine(&ops_a, 0..6, &["us-east-1", "eu-west-1"]);
    let started_a = account_a.len();
    let describe = |identity: &Value| request(identity, 0, EC2, "DescribeInstances", Value::Null);
    account_a.push(in_region(on_day(describe(&ops_a), 3, 2), "ap-southeast-1"));
    account_a.push(in_region(on_day(describe(&ops_a), 3, 3), "ap-southeast-1"));
    let ops_b = user(B, "ops", "AKIAOPSBEXAMPLE00001");
    let mut account_b = routine(&ops_b, 3..9, &["us-west-2", "eu-central-1"]);
    let started_b = account_b.len();
    account_b.push(in_region(on_day(describe(&ops_b), 7, 3), "sa-east-1"));
    let trail = Trail::of(&[account_a, account_b]);
    let expected = [
        format!("0-{started_a:02}"),
        format!("0-{:02}", started_a + 1),
        format!("1-{started_b:02}"),
    ];
    assert_eq!(
        trail.fired(REGION),
        expected,
        "not B's usual regions, which start after A's first day"
    );
    let detail = trail.detail(REGION).unwrap_or_default();
    assert!(
        detail.contains("compared with each account's own first day"),
        "{detail}"
    );
}
