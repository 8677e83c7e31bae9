//! What verification found, in types the browser app shows and the command line prints. Every
//! enum is externally tagged, so the report travels through postcard (the worker's wire format)
//! as well as JSON.

use serde::{Deserialize, Serialize};

/// The dropped log files checked against the dropped digests, and the digests' chains.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrityReport {
    /// How many of each outcome.
    pub counts: Counts,
    /// One entry per log file listed in a digest or not covered by one, sorted by key.
    pub files: Vec<FileCheck>,
    /// One chain per account, region and trail, sorted so.
    pub chains: Vec<Chain>,
}

impl IntegrityReport {
    /// The report with verified files left out and at most `max` others kept: what a person
    /// reads (the counts still say how many of each there are), and small enough to send to the
    /// page after a load of thousands of verified files.
    pub fn problems_only(mut self, max: usize) -> Self {
        self.files.retain(|f| f.state != FileState::Verified);
        self.files.truncate(max);
        self
    }

    /// Whether every listed file was verified and every chain is intact: what decides the
    /// command's exit code and the app's verdict. Files not covered are reported but do not fail
    /// it, since a digest for the last hour may simply not be delivered yet.
    pub fn is_clean(&self) -> bool {
        let c = &self.counts;
        c.altered == 0 && c.missing == 0 && c.not_hashed == 0 && c.chains_broken == 0
    }
}

/// Totals of the report, for the overview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Digest files dropped (each S3 key once).
    pub digests: u64,
    /// Log files whose SHA-256 matches their digest.
    pub verified: u64,
    /// Log files whose SHA-256 differs from their digest's, or that could not be decoded.
    pub altered: u64,
    /// Log files listed in a digest but not dropped.
    pub missing: u64,
    /// Log files listed in a digest and loaded, but without a hash (see [`FileState::NotHashed`]).
    pub not_hashed: u64,
    /// CloudTrail log files dropped, delivered within the span of the dropped digests for their
    /// account and region, but listed in none of them.
    pub not_covered: u64,
    /// Dropped files no dropped digest can vouch for: no `AWSLogs/` key (console or CLI exports),
    /// or delivered outside the accounts, regions or hours of the dropped digests.
    pub unchecked: u64,
    /// Chains whose every link holds.
    pub chains_intact: u64,
    /// Chains with at least one gap.
    pub chains_broken: u64,
}

/// One log file's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileCheck {
    /// Its S3 key from `AWSLogs/` on.
    pub key: String,
    /// The path it was dropped as (`None` when missing).
    pub path: Option<String>,
    /// What was found.
    pub state: FileState,
}

/// The outcome for one log file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileState {
    /// Its SHA-256 matches the digest's `hashValue`.
    Verified,
    /// Its content changed since CloudTrail delivered it.
    Altered {
        /// The digest's `hashValue`.
        expected: String,
        /// The dropped file's hex SHA-256 (`None` when it could not be decoded at all).
        actual: Option<String>,
        /// Key of the digest that lists it.
        digest: String,
    },
    /// Listed in a digest but not dropped.
    Missing {
        /// Key of the digest that lists it.
        digest: String,
    },
    /// Listed in a digest and loaded, but before any digest was dropped, so without a hash
    /// (hashing is on only for loads that hold a digest): dropping it again with the digests
    /// checks it.
    NotHashed {
        /// Key of the digest that lists it.
        digest: String,
    },
    /// Dropped, delivered while the dropped digests cover its account and region, in none.
    NotCovered,
}

/// The digests of one trail in one account and region, oldest first, and their links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chain {
    /// Account folder of the digests' keys.
    pub account: String,
    /// Region folder of the digests' keys.
    pub region: String,
    /// Trail name from the digests' file names (empty when they do not carry one).
    pub trail: String,
    /// Digests in the chain.
    pub digests: u64,
    /// `digestStartTime` of the oldest.
    pub start: Option<String>,
    /// `digestEndTime` of the newest.
    pub end: Option<String>,
    /// Whether the oldest is the trail's first digest (no previous link). When it is not, the
    /// drop simply starts mid-way: the link before it is not checked and is no gap.
    pub from_trail_start: bool,
    /// The links that do not hold, oldest first; empty when the chain is intact.
    pub gaps: Vec<Gap>,
}

impl Chain {
    /// Whether every link holds.
    pub fn is_intact(&self) -> bool {
        self.gaps.is_empty()
    }
}

/// A link of a chain that does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gap {
    /// `digest` names a previous digest that was not dropped (deleted, or not copied).
    MissingPrevious {
        /// Key of the digest whose link points nowhere.
        digest: String,
        /// Its `previousDigestS3Object`.
        previous: String,
    },
    /// The previous digest was dropped but its SHA-256 is not `digest`'s
    /// `previousDigestHashValue`: the previous digest was altered.
    HashMismatch {
        /// Key of the digest holding the link.
        digest: String,
        /// Key of the previous digest.
        previous: String,
        /// `previousDigestHashValue`.
        expected: String,
        /// The previous digest's hex SHA-256.
        actual: String,
    },
    /// `digest` has no previous link although older digests of the chain were dropped:
    /// CloudTrail starts a new chain when validation is turned off and on again, and nothing
    /// vouches for what happened in between.
    Restarted {
        /// Key of the digest that starts again.
        digest: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(key: &str, state: FileState) -> FileCheck {
        FileCheck {
            key: key.into(),
            path: None,
            state,
        }
    }

    #[test]
    fn problems_only_keeps_the_counts_and_at_most_max_unverified_files() {
        let missing = |d: &str| FileState::Missing { digest: d.into() };
        let report = IntegrityReport {
            counts: Counts {
                verified: 2,
                missing: 3,
                ..Counts::default()
            },
            files: vec![
                check("a", FileState::Verified),
                check("b", missing("d1")),
                check("c", FileState::Verified),
                check("d", missing("d1")),
                check("e", missing("d2")),
            ],
            chains: Vec::new(),
        };
        let trimmed = report.clone().problems_only(2);
        assert_eq!(trimmed.counts, report.counts);
        let keys: Vec<&str> = trimmed.files.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["b", "d"]);
    }
}
