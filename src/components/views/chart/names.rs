//! Short display forms of the long names in CloudTrail (ARNs, event sources, session ARNs), so a
//! table column reads `role/Admin` while the full value stays one hover or screen-reader read away.

/// An ARN's account and resource (`arn:aws:iam::111122223333:role/Admin` → account
/// `111122223333`, resource `role/Admin`); `None` for anything that is not an ARN.
fn arn_parts(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix("arn:")?;
    let mut fields = rest.splitn(5, ':');
    let (_partition, _service, _region) = (fields.next()?, fields.next()?, fields.next()?);
    let account = fields.next()?;
    let resource = fields.next()?;
    (!resource.is_empty()).then_some((account, resource))
}

/// The short form of a principal and its account when it has one: IAM roles, users and groups
/// lose their path (`role/aws-reserved/sso.amazonaws.com/X` → `role/X`); other ARNs keep their
/// resource; non-ARN principals (`cloudtrail.amazonaws.com`, `SAMLUser:p:Zoë`) are kept whole.
pub fn short_principal(principal: &str) -> (String, Option<String>) {
    let Some((account, resource)) = arn_parts(principal) else {
        return (principal.to_string(), None);
    };
    let account = (!account.is_empty()).then(|| account.to_string());
    let short = match resource.split_once('/') {
        Some((kind @ ("role" | "user" | "group"), path)) => {
            format!("{kind}/{}", path.rsplit('/').next().unwrap_or(path))
        }
        _ => resource.to_string(),
    };
    (short, account)
}

/// A session's name: the last segment of its ARN (`…:assumed-role/Admin/alice` → `alice`), or the
/// whole id when it has no segments (an Identity Center user id).
pub fn session_name(session: &str) -> &str {
    match session.rsplit('/').next() {
        Some(last) if !last.is_empty() => last,
        _ => session,
    }
}

/// An event source without its `.amazonaws.com` suffix (`s3.amazonaws.com` → `s3`), to keep
/// operation labels short; other sources are kept whole.
pub fn short_source(source: &str) -> &str {
    match source.strip_suffix(".amazonaws.com") {
        Some(short) if !short.is_empty() => short,
        _ => source,
    }
}

/// `"<source> <operation>"` with the source shortened (`s3 GetObject`), for operation lists.
pub fn short_operation(operation: &str) -> String {
    match operation.split_once(' ') {
        Some((source, name)) => format!("{} {name}", short_source(source)),
        None => operation.to_string(),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn principals_are_shortened_to_their_resource() {
        assert_eq!(
            short_principal("arn:aws:iam::111122223333:role/Admin"),
            ("role/Admin".into(), Some("111122223333".into()))
        );
        assert_eq!(
            short_principal("arn:aws:iam::1:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1"),
            ("role/AWSReservedSSO_Admin_1".into(), Some("1".into()))
        );
        assert_eq!(
            short_principal("arn:aws:sts::1:assumed-role/Admin/alice"),
            ("assumed-role/Admin/alice".into(), Some("1".into()))
        );
        assert_eq!(
            short_principal("arn:aws:iam::1:root"),
            ("root".into(), Some("1".into()))
        );
        assert_eq!(short_principal("arn:aws:s3:::bucket"), ("bucket".into(), None));
        assert_eq!(
            short_principal("cloudtrail.amazonaws.com"),
            ("cloudtrail.amazonaws.com".into(), None)
        );
        assert_eq!(short_principal("SAMLUser:p:Zoë"), ("SAMLUser:p:Zoë".into(), None));
        assert_eq!(short_principal("arn:aws:iam::1:"), ("arn:aws:iam::1:".into(), None));
        assert_eq!(short_principal("arn:"), ("arn:".into(), None));
    }

    #[test]
    fn session_names_are_the_last_segment() {
        assert_eq!(session_name("arn:aws:sts::1:assumed-role/Admin/alice"), "alice");
        assert_eq!(session_name("u-1"), "u-1");
        assert_eq!(session_name("trailing/"), "trailing/");
        assert_eq!(session_name(""), "");
    }

    #[test]
    fn sources_and_operations_are_shortened() {
        assert_eq!(short_source("s3.amazonaws.com"), "s3");
        assert_eq!(short_source(".amazonaws.com"), ".amazonaws.com");
        assert_eq!(short_source("custom"), "custom");
        assert_eq!(short_operation("s3.amazonaws.com GetObject"), "s3 GetObject");
        assert_eq!(short_operation("nospace"), "nospace");
    }
}
