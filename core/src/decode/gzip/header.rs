//! A gzip member header (RFC 1952 §2.3) read as its bytes arrive.

use crate::error::FileError;

/// The first two bytes of every gzip member.
pub const MAGIC: [u8; 2] = [0x1f, 0x8b];

const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;

/// The fields of a member header (RFC 1952 §2.3) after its fixed ten bytes, in file order.
#[derive(Clone, Copy, PartialEq, Default)]
enum Field {
    /// The ten fixed bytes: magic, method, flags, time, extra flags, OS.
    #[default]
    Fixed,
    /// The two-byte length of the extra field.
    ExtraLength,
    /// The extra field, with this many bytes left to skip.
    Extra(usize),
    /// The zero-terminated file name.
    Name,
    /// The zero-terminated comment.
    Comment,
    /// The header CRC16, with this many bytes left to skip.
    HeaderCrc(usize),
    /// The header is complete.
    Done,
}

impl Field {
    /// The first field from `step` on (0 extra, 1 name, 2 comment, 3 header CRC) that `flags`
    /// say is present.
    fn present_from(step: u8, flags: u8) -> Field {
        match step {
            0 if flags & FEXTRA != 0 => Field::ExtraLength,
            0 | 1 if flags & FNAME != 0 => Field::Name,
            0..=2 if flags & FCOMMENT != 0 => Field::Comment,
            0..=3 if flags & FHCRC != 0 => Field::HeaderCrc(2),
            _ => Field::Done,
        }
    }
}

/// A member header read as its bytes arrive, in slices of any size: only the fixed part and the
/// extra field's length are held; the extra field, name and comment are skipped as they pass,
/// so that a header costs neither memory nor a second look at its bytes, however long.
#[derive(Default)]
pub(super) struct Header {
    field: Field,
    flags: u8,
    held: [u8; 10],
    held_len: usize,
}

impl Header {
    /// Reads header bytes from the start of `input`: `Some(bytes used)` once the header is
    /// complete, `None` when all of `input` belonged to it and more is needed, or an error if it
    /// is not a gzip header.
    pub(super) fn read(&mut self, input: &[u8]) -> Result<Option<usize>, FileError> {
        let mut used = 0;
        loop {
            let rest = &input[used..];
            match self.field {
                Field::Done => return Ok(Some(used)),
                Field::Fixed | Field::ExtraLength => {
                    let want = if self.field == Field::Fixed { 10 } else { 2 };
                    let take = (want - self.held_len).min(rest.len());
                    self.held[self.held_len..self.held_len + take].copy_from_slice(&rest[..take]);
                    self.held_len += take;
                    used += take;
                    self.check_held()?;
                    if self.held_len < want {
                        return Ok(None);
                    }
                    self.held_len = 0;
                    self.field = match self.field {
                        Field::Fixed => {
                            self.flags = self.held[3];
                            Field::present_from(0, self.flags)
                        }
                        _ => Field::Extra(u16::from_le_bytes([self.held[0], self.held[1]]) as usize),
                    };
                }
                Field::Extra(left) | Field::HeaderCrc(left) => {
                    let take = left.min(rest.len());
                    used += take;
                    self.field = match (self.field, left - take) {
                        (Field::Extra(_), 0) => Field::present_from(1, self.flags),
                        (Field::Extra(_), left) => Field::Extra(left),
                        (_, 0) => Field::Done,
                        (_, left) => Field::HeaderCrc(left),
                    };
                    if take < left {
                        return Ok(None);
                    }
                }
                Field::Name | Field::Comment => match rest.iter().position(|&b| b == 0) {
                    Some(end) => {
                        used += end + 1;
                        let step = if self.field == Field::Name { 2 } else { 3 };
                        self.field = Field::present_from(step, self.flags);
                    }
                    None => return Ok(None),
                },
            }
        }
    }

    /// Refuses the fixed part as soon as the bytes held show it is not a deflate gzip header.
    fn check_held(&self) -> Result<(), FileError> {
        if self.field != Field::Fixed {
            return Ok(());
        }
        let magic = &self.held[..self.held_len.min(2)];
        if !MAGIC.starts_with(magic) {
            return Err(FileError::CorruptGzip(
                "unexpected data after the end of the stream".into(),
            ));
        }
        if self.held_len > 2 && self.held[2] != 8 {
            return Err(FileError::CorruptGzip(format!(
                "unknown compression method {}",
                self.held[2]
            )));
        }
        Ok(())
    }
}
