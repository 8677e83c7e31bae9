//! Digest chains: each digest names the previous one (`previousDigestS3Object`) and its SHA-256
//! (`previousDigestHashValue`, over the previous digest's uncompressed content). Digests are
//! grouped by account, region and trail (from their keys), ordered by `digestEndTime`, and every
//! link is followed. The oldest digest dropped may point at one that was not dropped: the drop
//! starts mid-way, which is no gap; any later link that points nowhere, or at a digest whose
//! hash differs, is.

use super::digest::Digest;
use super::key::{digest_trail, match_key, parts, DIGEST_KIND};
use super::report::{Chain, Gap};
use hashbrown::HashMap;
use std::collections::BTreeMap;

/// One chain per account, region and trail, sorted so.
pub fn check_chains(digests: &[Digest]) -> Vec<Chain> {
    let by_key: HashMap<&str, &Digest> = digests.iter().map(|d| (d.key(), d)).collect();
    let mut groups: BTreeMap<(&str, &str, &str), Vec<&Digest>> = BTreeMap::new();
    for digest in digests {
        let (account, region, trail) = match parts(digest.key(), DIGEST_KIND) {
            Some(p) => (p.account, p.region, digest_trail(&p)),
            None => (digest.aws_account_id.as_deref().unwrap_or(""), "", ""),
        };
        groups.entry((account, region, trail)).or_default().push(digest);
    }
    groups
        .into_iter()
        .map(|((account, region, trail), mut chain)| {
            chain.sort_unstable_by(|a, b| (&a.digest_end_time, a.key()).cmp(&(&b.digest_end_time, b.key())));
            let gaps = chain
                .iter()
                .enumerate()
                .filter_map(|(i, d)| gap(d, i == 0, &by_key))
                .collect();
            Chain {
                account: account.to_string(),
                region: region.to_string(),
                trail: trail.to_string(),
                digests: chain.len() as u64,
                start: chain.first().and_then(|d| d.digest_start_time.clone()),
                end: chain.last().and_then(|d| d.digest_end_time.clone()),
                from_trail_start: chain.first().is_some_and(|d| d.previous_digest_s3_object.is_none()),
                gaps,
            }
        })
        .collect()
}

/// Whether the link from `digest` back to its previous digest fails; `oldest` is set for the
/// chain's oldest dropped digest, whose previous digest need not have been dropped.
fn gap(digest: &Digest, oldest: bool, by_key: &HashMap<&str, &Digest>) -> Option<Gap> {
    let key = digest.key().to_string();
    let Some(previous) = digest.previous_digest_s3_object.as_deref() else {
        return (!oldest).then_some(Gap::Restarted { digest: key });
    };
    let Some(found) = by_key.get(match_key(previous)) else {
        return (!oldest).then(|| Gap::MissingPrevious {
            digest: key,
            previous: previous.to_string(),
        });
    };
    let expected = digest.previous_digest_hash_value.as_deref().unwrap_or("");
    (!found.sha256.eq_ignore_ascii_case(expected)).then(|| Gap::HashMismatch {
        digest: key,
        previous: found.key().to_string(),
        expected: expected.to_string(),
        actual: found.sha256.clone(),
    })
}
