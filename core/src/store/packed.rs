//! A record's short texts (up to seven) in one allocation: an issuing call and a job call are
//! each kept a few hundred thousand times over at millions of events, and seven `String`s would
//! cost each record seven allocations and 168 bytes of headers.

use serde::{Deserialize, Serialize};

/// How many texts a [`PackedTexts`] holds at most.
pub const TEXTS: usize = 7;

/// Up to [`TEXTS`] texts, one after another in one allocation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PackedTexts {
    joined: Box<str>,
    /// Where each text but the last ends in `joined`.
    ends: [u32; TEXTS - 1],
}

impl PackedTexts {
    /// The texts `parts` (at most [`TEXTS`]; text `i` past them reads empty), in that order.
    pub fn new(parts: &[&str]) -> PackedTexts {
        debug_assert!(parts.len() <= TEXTS);
        let mut joined = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        let mut ends = [0; TEXTS - 1];
        for (i, part) in parts.iter().enumerate() {
            joined.push_str(part);
            if let Some(end) = ends.get_mut(i) {
                *end = joined.len() as u32;
            }
        }
        for end in ends.iter_mut().skip(parts.len()) {
            *end = joined.len() as u32;
        }
        PackedTexts {
            joined: joined.into_boxed_str(),
            ends,
        }
    }

    /// Text `i` (empty if the record came malformed over the wire).
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends.get(i).map_or(self.joined.len(), |&e| e as usize);
        self.joined.get(start..end).unwrap_or("")
    }

    /// Bytes the texts take.
    pub fn bytes(&self) -> usize {
        self.joined.len()
    }
}

#[cfg(test)]
mod tests {
    use super::PackedTexts;

    #[test]
    fn each_text_reads_back_as_given_and_a_malformed_record_reads_empty() {
        let parts = [
            "6f1c-é",
            "111122223333",
            "",
            "",
            "ASIAIOSFODNN7EXAMPLE",
            "arn:a",
            "arn:b/ci",
        ];
        let texts = PackedTexts::new(&parts);
        let two = PackedTexts::new(&parts[..2]);
        assert_eq!(
            std::array::from_fn(|i| two.get(i)),
            ["6f1c-é", "111122223333", "", "", "", "", ""]
        );
        assert_eq!(std::array::from_fn(|i| texts.get(i)), parts);
        assert_eq!(texts.bytes(), parts.iter().map(|p| p.len()).sum::<usize>());
        let mut wire = serde_json::to_value(&texts).expect("serialised");
        wire["ends"] = serde_json::json!([6, 500, 500, 20, 10, 10]);
        let bad: PackedTexts = serde_json::from_value(wire).expect("read back");
        assert_eq!(bad.get(0), "", "an end inside a character");
        assert_eq!(bad.get(1), "", "past the end");
        assert_eq!(bad.get(4), "", "ending before it starts");
    }
}
