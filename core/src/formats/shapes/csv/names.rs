//! CloudTrail's field names in the spellings query tools write them in a header: camelCase as
//! logged (`eventName`), lowercase as Athena's table has them (`eventname`) and snake_case as
//! Tailpipe and DuckDB exports do (`event_name`), all read back to the name CloudTrail logs.

/// The top-level fields of a CloudTrail event, as logged.
const EVENT_FIELDS: [&str; 32] = [
    "eventVersion",
    "userIdentity",
    "eventTime",
    "eventSource",
    "eventName",
    "awsRegion",
    "sourceIPAddress",
    "userAgent",
    "errorCode",
    "errorMessage",
    "requestParameters",
    "responseElements",
    "additionalEventData",
    "requestID",
    "eventID",
    "resources",
    "eventType",
    "apiVersion",
    "readOnly",
    "recipientAccountId",
    "serviceEventDetails",
    "sharedEventID",
    "vpcEndpointId",
    "vpcEndpointAccountId",
    "eventCategory",
    "managementEvent",
    "tlsDetails",
    "sessionCredentialFromConsole",
    "edgeDeviceDetails",
    "insightDetails",
    "addendum",
    "annotation",
];

/// The fields nested in `userIdentity`, `resources` and `tlsDetails`, as logged.
const NESTED_FIELDS: [&str; 26] = [
    "type",
    "principalId",
    "arn",
    "accountId",
    "accessKeyId",
    "userName",
    "invokedBy",
    "sessionContext",
    "sessionIssuer",
    "attributes",
    "mfaAuthenticated",
    "creationDate",
    "webIdFederationData",
    "federatedProvider",
    "sourceIdentity",
    "ec2RoleDelivery",
    "onBehalfOf",
    "userId",
    "identityStoreArn",
    "credentialId",
    "inScopeOf",
    "issuerType",
    "credentialsIssuedTo",
    "tlsVersion",
    "cipherSuite",
    "clientProvidedHostHeader",
];

/// The fields whose value is an object or a list, written as JSON text or as an Athena struct.
const OBJECT_FIELDS: [&str; 14] = [
    "userIdentity",
    "requestParameters",
    "responseElements",
    "additionalEventData",
    "serviceEventDetails",
    "resources",
    "tlsDetails",
    "edgeDeviceDetails",
    "insightDetails",
    "addendum",
    "sessionContext",
    "sessionIssuer",
    "attributes",
    "webIdFederationData",
];

/// The top-level field `name` names in any spelling, as logged; `None` for any other column.
pub fn event_field(name: &str) -> Option<&'static str> {
    find(&EVENT_FIELDS, name)
}

/// The field `name` nested in `parent` (as logged) names in any spelling, as logged; a name not
/// known is kept as written. A resource's ARN is the one field CloudTrail spells in capitals.
pub fn nested_field(parent: &str, name: &str) -> String {
    match find(&NESTED_FIELDS, name) {
        Some("arn") if parent == "resources" => "ARN".to_string(),
        Some(field) => field.to_string(),
        None => name.trim().to_string(),
    }
}

/// Whether the field (as logged) holds an object or a list.
pub fn holds_object(field: &str) -> bool {
    OBJECT_FIELDS.contains(&field)
}

/// Whether `field` (as logged) is one of the three every event has and that tell a CloudTrail
/// header from another.
pub fn is_defining(field: &str) -> bool {
    matches!(field, "eventName" | "eventSource" | "eventTime")
}

fn find(names: &[&'static str], spelled: &str) -> Option<&'static str> {
    let spelled = spelled.trim();
    names.iter().copied().find(|name| same_name(name, spelled))
}

/// `name` as logged and `spelled` are the same name once case and underscores are set aside.
fn same_name(name: &str, spelled: &str) -> bool {
    let mut letters = spelled.bytes().filter(|&b| b != b'_');
    name.bytes()
        .all(|b| letters.next().is_some_and(|l| l.eq_ignore_ascii_case(&b)))
        && letters.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_reads_back_to_the_logged_name() {
        for spelled in ["eventName", "eventname", "event_name", "EVENT_NAME", " eventName "] {
            assert_eq!(event_field(spelled), Some("eventName"), "{spelled}");
        }
        assert_eq!(event_field("sourceipaddress"), Some("sourceIPAddress"));
        assert_eq!(event_field("source_ip_address"), Some("sourceIPAddress"));
        assert_eq!(event_field("tp_timestamp"), None);
        assert_eq!(event_field("eventnames"), None);
        assert_eq!(event_field("event"), None);
        assert_eq!(nested_field("userIdentity", "access_key_id"), "accessKeyId");
        assert_eq!(nested_field("sessionContext", "sessionissuer"), "sessionIssuer");
        assert_eq!(nested_field("userIdentity", "arn"), "arn");
        assert_eq!(nested_field("resources", "arn"), "ARN");
        assert_eq!(nested_field("requestParameters", "bucketName"), "bucketName");
    }
}
