//! The words of every filter part, written once for the link that carries a filter
//! (`acct=…&outcome=error&ro=read`), the filter bar's choices and its chips. Links are bookmarked
//! and shared, so the keys and values here must keep their spelling.

use super::{Dimension, Outcome};

/// Link key of the time range's start.
pub const FROM_KEY: &str = "from";
/// Link key of the time range's end.
pub const TO_KEY: &str = "to";
/// Link key of the outcome (its value is an [`Outcome::word`]).
pub const OUTCOME_KEY: &str = "outcome";
/// Link key of the read/write choice (its value is a [`read_only_word`]).
pub const READ_ONLY_KEY: &str = "ro";
/// Link key of the free text.
pub const TEXT_KEY: &str = "q";
/// Link key of the chosen finding's rule id.
pub const FINDING_KEY: &str = "finding";

impl Dimension {
    /// Its key in a link, repeated for each value.
    pub const fn key(self) -> &'static str {
        match self {
            Dimension::Account => "acct",
            Dimension::Region => "region",
            Dimension::Source => "src",
            Dimension::Operation => "op",
            Dimension::Principal => "p",
            Dimension::Error => "err",
            Dimension::Resource => "res",
        }
    }

    /// The dimension whose link key is `key`.
    pub fn from_key(key: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.key() == key)
    }

    /// Its name as people read it (event sources are the services they belong to).
    pub const fn name(self) -> &'static str {
        match self {
            Dimension::Account => "Account",
            Dimension::Region => "Region",
            Dimension::Source => "Service",
            Dimension::Operation => "Operation",
            Dimension::Principal => "Principal",
            Dimension::Error => "Error",
            Dimension::Resource => "Resource",
        }
    }
}

impl Outcome {
    /// Its word in a link and in the outcome choice.
    pub const fn word(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Error => "error",
        }
    }

    /// The outcome `word` names, if any.
    pub fn from_word(word: &str) -> Option<Outcome> {
        [Outcome::Success, Outcome::Error]
            .into_iter()
            .find(|o| o.word() == word)
    }
}

/// The word for reads only (`true`) or writes only (`false`), in a link and in the read/write
/// choice.
pub const fn read_only_word(read_only: bool) -> &'static str {
    if read_only {
        "read"
    } else {
        "write"
    }
}

/// Reads only (`Some(true)`) or writes only (`Some(false)`) as `word` names them, if it does.
pub fn read_only_from_word(word: &str) -> Option<bool> {
    [true, false].into_iter().find(|&r| read_only_word(r) == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_reads_back_and_no_two_keys_meet() {
        for dimension in Dimension::ALL {
            assert_eq!(Dimension::from_key(dimension.key()), Some(dimension));
        }
        for outcome in [Outcome::Success, Outcome::Error] {
            assert_eq!(Outcome::from_word(outcome.word()), Some(outcome));
        }
        for read_only in [true, false] {
            assert_eq!(read_only_from_word(read_only_word(read_only)), Some(read_only));
        }
        assert_eq!((Outcome::from_word("all"), read_only_from_word("all")), (None, None));
        let mut keys: Vec<&str> = Dimension::ALL.iter().map(|d| d.key()).collect();
        keys.extend([FROM_KEY, TO_KEY, OUTCOME_KEY, READ_ONLY_KEY, TEXT_KEY, FINDING_KEY]);
        let distinct: std::collections::HashSet<&str> = keys.iter().copied().collect();
        assert_eq!(distinct.len(), keys.len());
    }
}
