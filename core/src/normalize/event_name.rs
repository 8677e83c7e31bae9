//! Folding API-version suffixes out of event names, so that `SynthesizeSpeech20161128` and
//! `SynthesizeSpeech` count as the one public API they are.

/// `name` without a trailing API-version suffix: `YYYYMMDD` optionally followed by `v<digits>`,
/// or `YYYY_MM_DD`. Names that would fold to nothing are returned unchanged.
pub fn fold(name: &str) -> &str {
    let bytes = name.as_bytes();
    let without_v = strip_version_marker(bytes);
    if let Some(cut) = without_v.checked_sub(8) {
        if cut > 0 && is_date(&bytes[cut..without_v], false) {
            return &name[..cut];
        }
    }
    if let Some(cut) = bytes.len().checked_sub(10) {
        if cut > 0 && is_date(&bytes[cut..], true) {
            return &name[..cut];
        }
    }
    name
}

/// Length of `bytes` without a trailing `v<digits>` (when it follows eight digits).
fn strip_version_marker(bytes: &[u8]) -> usize {
    let digits = bytes.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let v_at = bytes.len() - digits;
    if digits > 0 && v_at >= 9 && bytes[v_at - 1] == b'v' && bytes[v_at - 9..v_at - 1].iter().all(u8::is_ascii_digit) {
        v_at - 1
    } else {
        bytes.len()
    }
}

/// Whether `s` is a plausible `YYYYMMDD` (or `YYYY_MM_DD` when `underscored`).
fn is_date(s: &[u8], underscored: bool) -> bool {
    let digits: Vec<u8> = if underscored {
        if s[4] != b'_' || s[7] != b'_' {
            return false;
        }
        [&s[0..4], &s[5..7], &s[8..10]].concat()
    } else {
        s.to_vec()
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| digits[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let (year, month, day) = (num(0..4), num(4..6), num(6..8));
    (1990..=2099).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Remembers, per operation id of one batch, whether a test of its folded name holds, so that
/// an ordinary event costs one index and only the operations a table names are looked at further.
#[derive(Debug, Default)]
pub struct NameMemo {
    answers: Vec<Option<bool>>,
}

impl NameMemo {
    /// Whether `test` holds for `operation`, whose batch id is `id` (asked once per id; each
    /// time for `None`, an id that does not name this operation alone).
    pub fn holds(&mut self, id: Option<u32>, operation: &str, test: impl FnOnce(&str) -> bool) -> bool {
        let Some(id) = id else {
            return test(operation);
        };
        let i = id as usize;
        if i >= self.answers.len() {
            self.answers.resize(i + 1, None);
        }
        *self.answers[i].get_or_insert_with(|| test(operation))
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_the_documented_suffixes() {
        assert_eq!(fold("SynthesizeSpeech20161128"), "SynthesizeSpeech");
        assert_eq!(
            fold("UpdateFunctionConfiguration20150331v2"),
            "UpdateFunctionConfiguration"
        );
        assert_eq!(fold("GetFunction20150331v2"), "GetFunction");
        assert_eq!(fold("GetDistribution2020_05_31"), "GetDistribution");
        assert_eq!(fold("ListTags20170331"), "ListTags");
    }

    #[test]
    fn leaves_other_names_alone() {
        for name in [
            "SynthesizeSpeech",
            "GetObject",
            "PutBot",
            "Decrypt",
            "",
            "20161128",
            "Foo12345678",
            "Ec2v2",
        ] {
            assert_eq!(fold(name), name, "{name}");
        }
        assert_eq!(fold("2016_11_28"), "2016_11_28");
    }
}
