//! S3 keys from dropped paths. A dropped path ends with the object's S3 key, but may start with
//! anything (a local folder, an archive name) and the key itself may start with the trail's
//! prefix, so both dropped paths and the keys named inside digests are compared from `AWSLogs/`
//! on. The parts of a key (account, region, trail, delivery time) group files and digests.

use crate::time::parse_rfc3339;

/// The folder that starts every CloudTrail key (after the trail's optional prefix).
const ROOT: &str = "AWSLogs/";
/// The folder of log files in a key.
pub const LOG_KIND: &str = "CloudTrail";
/// The folder of digest files in a key.
pub const DIGEST_KIND: &str = "CloudTrail-Digest";

/// The part of `path` from its last `AWSLogs/` folder on, the form in which dropped files and
/// digest entries are matched; `None` for a file that was not saved from a CloudTrail bucket.
/// The last, because a local folder in front may itself be called `AWSLogs`, while a key holds
/// one `AWSLogs/` (after the trail's prefix).
pub fn s3_key(path: &str) -> Option<&str> {
    path.rmatch_indices(ROOT)
        .map(|(at, _)| at)
        .find(|&at| at == 0 || path[..at].ends_with('/'))
        .map(|at| &path[at..])
}

/// `key` compared in its `AWSLogs/` form when it has one, else as it is.
pub fn match_key(key: &str) -> &str {
    s3_key(key).unwrap_or(key)
}

/// Whether a path looks like a CloudTrail digest file (its folder or its name says so), which
/// is what makes a load worth hashing every log file.
pub fn is_digest_path(path: &str) -> bool {
    path.split('/').any(|folder| folder == DIGEST_KIND) || path.contains("_CloudTrail-Digest_")
}

/// Where a key's file belongs: `AWSLogs/[o-org/]ACCOUNT/KIND/REGION/…/NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyParts<'k> {
    /// The account folder.
    pub account: &'k str,
    /// The region folder.
    pub region: &'k str,
    /// The file name.
    pub name: &'k str,
}

/// The parts of a key whose kind folder is `kind` (`CloudTrail`, `CloudTrail-Digest`).
pub fn parts<'k>(key: &'k str, kind: &str) -> Option<KeyParts<'k>> {
    let segments: Vec<&str> = s3_key(key)?.split('/').collect();
    let at = segments.iter().position(|s| *s == kind)?;
    Some(KeyParts {
        account: segments.get(at.checked_sub(1)?)?,
        region: segments.get(at + 1)?,
        name: segments.last()?,
    })
}

/// The trail's name in a digest file name
/// (`ACCOUNT_CloudTrail-Digest_REGION_TRAIL_REGION_STAMP.json.gz`); empty when it does not fit.
pub fn digest_trail<'k>(parts: &KeyParts<'k>) -> &'k str {
    let head = format!("{}_CloudTrail-Digest_{}_", parts.account, parts.region);
    let tail = format!("_{}_", parts.region);
    parts
        .name
        .strip_prefix(&head)
        .and_then(|rest| rest.rfind(&tail).map(|end| &rest[..end]))
        .unwrap_or("")
}

/// The delivery time (UTC ms) in a log file name (`ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_…`).
pub fn log_delivery_ms(parts: &KeyParts<'_>) -> Option<i64> {
    let stamp = parts.name.split('_').find(|s| is_stamp(s))?;
    let (date, time) = (&stamp[..8], &stamp[9..13]);
    parse_rfc3339(&format!(
        "{}-{}-{}T{}:{}:00Z",
        &date[..4],
        &date[4..6],
        &date[6..],
        &time[..2],
        &time[2..]
    ))
}

/// `YYYYMMDDTHHMMZ`.
fn is_stamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 14 && b[8] == b'T' && b[13] == b'Z' && b[..8].iter().chain(&b[9..13]).all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/06/111122223333_CloudTrail_eu-west-1_20250106T0105Z_abc.json.gz";
    const DIGEST: &str = "AWSLogs/o-abc/111122223333/CloudTrail-Digest/eu-west-1/2025/01/06/111122223333_CloudTrail-Digest_eu-west-1_my_trail_eu-west-1_20250106T010000Z.json.gz";

    #[test]
    fn keys_start_at_the_awslogs_folder() {
        assert_eq!(s3_key(&format!("/tmp/x/prefix/{LOG}")), Some(LOG));
        assert_eq!(s3_key(&format!("drop.zip/{LOG}")), Some(LOG));
        assert_eq!(s3_key(&format!("/home/me/AWSLogs/copy/{LOG}")), Some(LOG));
        assert_eq!(s3_key(LOG), Some(LOG));
        assert_eq!(s3_key("notAWSLogs/x.json"), None);
        assert_eq!(s3_key("export.json"), None);
        assert_eq!(match_key("export.json"), "export.json");
    }

    #[test]
    fn digest_paths_are_told_by_folder_or_name() {
        assert!(is_digest_path(DIGEST));
        assert!(is_digest_path(
            "downloads/111122223333_CloudTrail-Digest_eu-west-1_t_eu-west-1_20250106T010000Z.json.gz"
        ));
        assert!(is_digest_path("CloudTrail-Digest/x.json.gz"));
        assert!(!is_digest_path(LOG));
    }

    #[test]
    fn parts_of_log_and_digest_keys() {
        let log = parts(LOG, "CloudTrail").expect("a log key");
        assert_eq!((log.account, log.region), ("111122223333", "eu-west-1"));
        assert_eq!(log_delivery_ms(&log), parse_rfc3339("2025-01-06T01:05:00Z"));
        let digest = parts(DIGEST, "CloudTrail-Digest").expect("a digest key");
        assert_eq!((digest.account, digest.region), ("111122223333", "eu-west-1"));
        assert_eq!(digest_trail(&digest), "my_trail");
        assert_eq!(parts(LOG, "CloudTrail-Digest"), None);
    }
}
