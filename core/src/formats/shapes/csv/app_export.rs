//! Reading back this app's own CSV export ([`crate::export::csv`]): a cell it neutralised
//! against formulas gets its value back, and the principal and session it derived are put back
//! where the principal rule ([`crate::normalize::identity`]) reads them, so that the export
//! loads with the counts it was written from.

use crate::export::csv::{may_run, CsvColumn};
use crate::normalize::identity::IdentityType;
use serde_json::{Map, Value};

/// Whether every header cell is one of the export's columns.
pub fn is_app_export(cells: &[&str]) -> bool {
    cells
        .iter()
        .all(|cell| CsvColumn::ALL.iter().any(|c| c.header() == *cell))
}

/// A cell as it was before the export neutralised it: `'=1` was `=1`; any other cell as written.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(value) if may_run(value) => value,
        _ => cell,
    }
}

/// Puts the exported `principal` and `session` back into `event`'s `userIdentity`, as the inverse
/// of the principal rule for the exported `userIdentity.type`: a role session's issuer and
/// session ARN, an AWS service's `invokedBy`, `<type>:<id>`'s principal id (and Identity Center
/// user), or else the ARN. An event exported without an identity gets none.
pub fn put_back_identity(event: &mut Map<String, Value>, principal: &str, session: &str) {
    let kind = event
        .get("userIdentity")
        .and_then(|user| user.get("type"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if kind == IdentityType::None.name() {
        event.remove("userIdentity");
        return;
    }
    if principal.is_empty() {
        return;
    }
    let Value::Object(user) = event.entry("userIdentity").or_insert_with(|| Value::Object(Map::new())) else {
        return;
    };
    let text = |s: &str| Value::String(s.to_string());
    let typed_id = principal
        .split_once(':')
        .filter(|(prefix, _)| IdentityType::ALL.iter().any(|t| t.name() == *prefix));
    if let Some((_, id)) = typed_id {
        user.insert("principalId".into(), text(id));
        if !session.is_empty() {
            user.insert("onBehalfOf".into(), serde_json::json!({ "userId": session }));
        }
    } else if kind == IdentityType::AssumedRole.name() && !session.is_empty() {
        user.insert("arn".into(), text(session));
        let issuer = serde_json::json!({ "sessionIssuer": { "arn": principal } });
        user.insert("sessionContext".into(), issuer);
    } else if kind == IdentityType::AwsService.name() && !principal.starts_with("arn:") {
        user.insert("invokedBy".into(), text(principal));
    } else {
        user.insert("arn".into(), text(principal));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn neutralised_cells_come_back_and_others_stay() {
        assert_eq!(restore("'=HYPERLINK(\"x\")"), "=HYPERLINK(\"x\")");
        assert_eq!(restore("'-2"), "-2");
        assert_eq!(restore("'@SUM(A1)"), "@SUM(A1)");
        assert_eq!(restore("' +1"), " +1");
        assert_eq!(restore("'quoted'"), "'quoted'");
        assert_eq!(restore("plain"), "plain");
    }

    #[test]
    fn the_principal_goes_back_where_the_rule_reads_it() {
        let put = |kind: &str, principal: &str, session: &str| {
            let mut event = json!({ "userIdentity": { "type": kind } });
            put_back_identity(event.as_object_mut().unwrap(), principal, session);
            event["userIdentity"].clone()
        };
        let role = "arn:aws:iam::1:role/Admin";
        let session = "arn:aws:sts::1:assumed-role/Admin/alice";
        assert_eq!(
            put("AssumedRole", role, session),
            json!({"type": "AssumedRole", "arn": session, "sessionContext": {"sessionIssuer": {"arn": role}}})
        );
        assert_eq!(
            put("AWSService", "ec2.amazonaws.com", ""),
            json!({"type": "AWSService", "invokedBy": "ec2.amazonaws.com"})
        );
        assert_eq!(
            put("IdentityCenterUser", "IdentityCenterUser:1", "u-1"),
            json!({"type": "IdentityCenterUser", "principalId": "1", "onBehalfOf": {"userId": "u-1"}})
        );
        assert_eq!(
            put("IAMUser", "arn:aws:iam::1:user/a", ""),
            json!({"type": "IAMUser", "arn": "arn:aws:iam::1:user/a"})
        );
        let mut none = json!({ "userIdentity": { "type": "(none)" }, "eventName": "A" });
        put_back_identity(none.as_object_mut().unwrap(), "(none)", "");
        assert_eq!(none, json!({ "eventName": "A" }));
    }
}
