//! Checks that decoded bytes are UTF-8 text and finds where the JSON starts (after a BOM and
//! white space), so that event byte ranges stay relative to the decoded bytes as they are.

use crate::error::FileError;

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decoded text ready for the format reader, borrowing the decoded bytes.
pub struct Text<'a> {
    /// The whole text, BOM included, so byte offsets match the decoded bytes.
    pub all: &'a str,
    /// Offset of the first byte after the BOM.
    pub start: usize,
}

impl<'a> Text<'a> {
    /// Validates `bytes` as UTF-8 and rejects empty or white-space-only content.
    pub fn new(bytes: &'a [u8]) -> Result<Self, FileError> {
        let all = std::str::from_utf8(bytes).map_err(|e| FileError::NotUtf8 {
            offset: e.valid_up_to(),
        })?;
        let start = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
        if all[start..].trim().is_empty() {
            return Err(FileError::Empty);
        }
        Ok(Text { all, start })
    }

    /// The text after the BOM.
    pub fn body(&self) -> &'a str {
        &self.all[self.start..]
    }
}
