//! A push-based gzip reader (RFC 1952) on miniz_oxide's streaming inflate: every member of a
//! multi-member file (`cat a.gz b.gz`) is read, optional FEXTRA/FNAME/FCOMMENT/FHCRC header
//! fields are skipped, and each member's CRC32 and length are checked, so damage is reported as
//! damage instead of as mysterious JSON errors further on.

mod header;

use super::deflate::{inflate_in_one_call, OneCall};
use crate::error::FileError;
use header::Header;
pub use header::MAGIC;
use miniz_oxide::inflate::core::inflate_flags::{TINFL_FLAG_HAS_MORE_INPUT, TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF};
use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// Room beyond a size hint, so that an exact hint does not force a second allocation before
/// the inflater sees the end of the stream.
const HINT_SLACK: usize = 64;
/// First output allocation without a hint; it doubles as needed, up to the cap.
const INITIAL_OUTPUT: usize = 256 * 1024;
/// How far back deflate may copy from: output handed over keeps this much behind.
const WINDOW: usize = 32 * 1024;
/// Inflate straight into the growing output (no 32 KiB ring buffer, no copy), taking input in
/// whatever slices it arrives.
const INFLATE_FLAGS: u32 = TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF | TINFL_FLAG_HAS_MORE_INPUT;

enum Phase {
    /// Reading a member header.
    Header,
    /// Inflating the member's deflate body.
    Body,
    /// Collecting the 8-byte CRC32 + ISIZE trailer in `pending`.
    Trailer,
    /// Between members (or at the end); zero padding is tolerated here.
    BetweenMembers,
    /// Zero padding seen after the last member: only more zeros may follow.
    Padding,
}

/// Decodes one gzip file fed in arbitrary slices into its full decompressed content.
pub struct GzipDecoder {
    phase: Phase,
    header: Header,
    /// The trailer's bytes read so far.
    pending: Vec<u8>,
    inflater: Box<DecompressorOxide>,
    crc: crc32fast::Hasher,
    member_len: u64,
    /// Decompressed bytes in `out[..filled]`; the rest is room for the inflater.
    out: Vec<u8>,
    filled: usize,
    /// Bytes handed over by [`GzipDecoder::take_text`].
    taken: u64,
    cap: u64,
}

impl GzipDecoder {
    /// A decoder whose output may not exceed `cap` bytes, expecting about `size_hint` bytes.
    pub fn new(cap: u64, size_hint: usize) -> Self {
        let room = size_hint
            .saturating_add(HINT_SLACK)
            .min(usize::try_from(cap).unwrap_or(usize::MAX));
        GzipDecoder {
            phase: Phase::Header,
            header: Header::default(),
            pending: Vec::new(),
            inflater: Box::default(),
            crc: crc32fast::Hasher::new(),
            member_len: 0,
            out: if size_hint > 0 { vec![0; room] } else { Vec::new() },
            filled: 0,
            taken: 0,
            cap,
        }
    }

    /// Feeds the next slice of compressed bytes.
    pub fn push(&mut self, mut input: &[u8]) -> Result<(), FileError> {
        while !input.is_empty() {
            input = match self.phase {
                Phase::BetweenMembers if input[0] == 0 => {
                    self.phase = Phase::Padding;
                    input
                }
                Phase::BetweenMembers => {
                    self.phase = Phase::Header;
                    input
                }
                Phase::Padding if input.iter().all(|&b| b == 0) => &[],
                Phase::Padding => {
                    return Err(FileError::CorruptGzip(
                        "unexpected data after the end of the stream".into(),
                    ))
                }
                Phase::Header => self.push_header(input)?,
                Phase::Body => self.push_body(input)?,
                Phase::Trailer => self.push_trailer(input)?,
            };
        }
        Ok(())
    }

    fn push_header<'a>(&mut self, input: &'a [u8]) -> Result<&'a [u8], FileError> {
        match self.header.read(input)? {
            None => Ok(&[]),
            Some(used) => {
                self.header = Header::default();
                self.phase = Phase::Body;
                Ok(&input[used..])
            }
        }
    }

    fn push_body<'a>(&mut self, mut input: &'a [u8]) -> Result<&'a [u8], FileError> {
        loop {
            if self.filled == self.out.len() {
                self.grow()?;
            }
            let (status, consumed, written) =
                decompress(&mut self.inflater, input, &mut self.out, self.filled, INFLATE_FLAGS);
            input = &input[consumed..];
            let produced = &self.out[self.filled..self.filled + written];
            self.crc.update(produced);
            self.member_len += written as u64;
            self.filled += written;
            match status {
                TINFLStatus::Done => {
                    self.phase = Phase::Trailer;
                    return Ok(input);
                }
                TINFLStatus::NeedsMoreInput => return Ok(input),
                TINFLStatus::HasMoreOutput => {}
                _ => return Err(FileError::CorruptGzip("invalid deflate data".into())),
            }
        }
    }

    /// Makes room for more output, refusing to go past the cap. The room is reserved exactly:
    /// `resize` alone may double the allocation, past the cap.
    fn grow(&mut self) -> Result<(), FileError> {
        let cap = usize::try_from(self.cap).unwrap_or(usize::MAX);
        if self.out.len() >= cap {
            return Err(FileError::TooLarge { cap: self.cap });
        }
        let wanted = (self.out.len() * 2).max(INITIAL_OUTPUT).min(cap);
        self.out.reserve_exact(wanted - self.out.len());
        self.out.resize(wanted, 0);
        Ok(())
    }

    fn push_trailer<'a>(&mut self, input: &'a [u8]) -> Result<&'a [u8], FileError> {
        let take = (8 - self.pending.len()).min(input.len());
        self.pending.extend_from_slice(&input[..take]);
        if self.pending.len() == 8 {
            let expected_crc = u32::from_le_bytes([self.pending[0], self.pending[1], self.pending[2], self.pending[3]]);
            let expected_len = u32::from_le_bytes([self.pending[4], self.pending[5], self.pending[6], self.pending[7]]);
            let crc = std::mem::take(&mut self.crc).finalize();
            if crc != expected_crc {
                return Err(FileError::CorruptGzip("CRC32 mismatch".into()));
            }
            if self.member_len as u32 != expected_len {
                return Err(FileError::CorruptGzip("length mismatch".into()));
            }
            self.pending.clear();
            self.member_len = 0;
            self.inflater.init();
            self.phase = Phase::BetweenMembers;
        }
        Ok(&input[take..])
    }

    /// How many bytes it has inflated so far.
    pub fn inflated(&self) -> u64 {
        self.taken + self.filled as u64
    }

    /// What it inflated and still holds (all of it before [`GzipDecoder::take_text`]).
    pub fn held_text(&self) -> &[u8] {
        &self.out[..self.filled]
    }

    /// Hands over what was inflated so far but its last 32 KiB, which the inflater may still
    /// copy from, so that a stream read in slices is never held whole: the cap then bounds what
    /// is held between two calls, not the whole output.
    pub fn take_text(&mut self) -> Vec<u8> {
        let keep = self.filled.min(WINDOW);
        let given = self.filled - keep;
        let text = self.out[..given].to_vec();
        self.out.copy_within(given..self.filled, 0);
        self.filled = keep;
        self.taken += given as u64;
        text
    }

    /// Ends the input: the text (what [`GzipDecoder::take_text`] has not handed over), whole or
    /// cut where the stream ends inside a member.
    pub fn finish(self) -> Ending {
        let whole = matches!(self.phase, Phase::BetweenMembers | Phase::Padding);
        let mut out = self.out;
        out.truncate(self.filled);
        if whole {
            Ending::Whole(out)
        } else {
            Ending::Cut(out)
        }
    }
}

/// How a gzip stream ended, with its text.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    /// After its last member's trailer.
    Whole(Vec<u8>),
    /// Inside a member (a download or copy cut short): the text inflated before the cut.
    Cut(Vec<u8>),
}

/// Inflates a whole single-member gzip file in one call ([`inflate_in_one_call`]), which is
/// faster than streaming, and checks its CRC32 and length against the trailer. `None` for
/// anything else (several members, padding, damage, more than half the cap): the streaming
/// reader then reads the file, reports precisely what is wrong, and refuses it at the cap.
pub fn inflate_whole(bytes: &[u8], cap: u64) -> Option<Vec<u8>> {
    let header = Header::default().read(bytes).ok()??;
    let body_end = bytes.len().checked_sub(8)?;
    let body = bytes.get(header..body_end)?;
    let trailer = u64::from_le_bytes(bytes[body_end..].try_into().ok()?);
    let allowed = usize::try_from(cap).unwrap_or(usize::MAX);
    // A file whose trailer states more than half the cap (a bomb that says so) streams at once.
    if (trailer >> 32) as usize > allowed / 2 {
        return None;
    }
    let OneCall::Inflated(out) = inflate_in_one_call(body, allowed, trailer_size(bytes)) else {
        return None;
    };
    let vouched = u64::from(crc32fast::hash(&out)) | (out.len() as u64 & 0xFFFF_FFFF) << 32;
    // zune-inflate stops where the first member's deflate stream ends without saying where that
    // is, so a file whose first and last members hold the same text would pass with only its
    // first member read. That member's own trailer then lies before the last one: a single
    // member almost never holds its trailer's eight bytes earlier (if it does, it streams).
    let earlier = || memchr::memmem::find(&bytes[..body_end], &bytes[body_end..]).is_some();
    (vouched == trailer && !earlier()).then_some(out)
}

/// Largest size hint per compressed byte: CloudTrail logs inflate about 5–20×, and a forged
/// trailer must not make the reader allocate gigabytes before the cap can refuse it.
const MAX_HINT_RATIO: usize = 32;

/// The uncompressed length a gzip file's final trailer states (mod 4 GiB, at most 32× the file),
/// or 0 when `bytes` is not gzip; only ever a hint, the real length is checked against each
/// member's trailer.
pub fn trailer_size(bytes: &[u8]) -> usize {
    match bytes {
        [0x1f, 0x8b, .., a, b, c, d] if bytes.len() >= 18 => {
            (u32::from_le_bytes([*a, *b, *c, *d]) as usize).min(bytes.len().saturating_mul(MAX_HINT_RATIO))
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::{inflate_whole, trailer_size, Ending, GzipDecoder};
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).expect("in memory");
        encoder.finish().expect("in memory")
    }

    #[test]
    fn whole_file_inflation_takes_only_what_it_can_vouch_for() {
        let one = gzip(b"{\"Records\":[]}");
        assert_eq!(inflate_whole(&one, 1 << 20), Some(b"{\"Records\":[]}".to_vec()));
        let two = [gzip(b"first"), gzip(b"second")].concat();
        assert_eq!(
            inflate_whole(&two, 1 << 20),
            None,
            "several members go to the streaming reader"
        );
        let same_ends = [gzip(b"a"), gzip(b"b"), gzip(b"a")].concat();
        assert_eq!(
            inflate_whole(&same_ends, 1 << 20),
            None,
            "the first member matches the last trailer, but is not the whole file"
        );
        let mut bad_crc = one.clone();
        let n = bad_crc.len();
        bad_crc[n - 8] ^= 1;
        assert_eq!(inflate_whole(&bad_crc, 1 << 20), None);
        // 14 bytes of text: taken in one call up to half the cap, else left to the streaming
        // reader, which holds the cap exactly.
        assert!(inflate_whole(&one, 28).is_some(), "half the cap");
        assert_eq!(inflate_whole(&one, 27), None, "stated past half the cap");
        let mut understated = one.clone();
        understated[n - 4..].copy_from_slice(&1u32.to_le_bytes());
        assert_eq!(inflate_whole(&understated, 27), None, "inflating past half the cap");
        assert_eq!(inflate_whole(&one[..n - 3], 1 << 20), None, "cut short");
    }

    #[test]
    fn the_size_hint_is_the_trailer_bounded_by_the_file() {
        let mut file = vec![0x1f, 0x8b];
        file.extend([0; 12]);
        file.extend(100u32.to_le_bytes());
        assert_eq!(trailer_size(&file), 100);
        let n = file.len();
        file[n - 4..].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(trailer_size(&file), 18 * 32, "a forged trailer is bounded");
        assert_eq!(trailer_size(b"{\"Records\":[]} padding"), 0);
    }

    #[test]
    fn text_handed_over_as_it_inflates_is_the_whole_text() {
        // Long repeats, so that matches reach back across what was handed over.
        let line = |i: usize| format!("{{\"eventID\":\"{}\",\"eventName\":\"GetObject\"}}\n", i % 977);
        let text: String = (0..40_000).map(line).collect();
        let mut two = gzip(text.as_bytes());
        two.extend(gzip(b"and a second member"));
        let mut decoder = GzipDecoder::new(1 << 20, 0);
        let mut out = Vec::new();
        for slice in two.chunks(1000) {
            decoder.push(slice).unwrap();
            out.extend(decoder.take_text());
            assert!(decoder.held_text().len() <= 1 << 20);
        }
        assert_eq!(decoder.inflated(), text.len() as u64 + 19);
        let Ending::Whole(rest) = decoder.finish() else {
            panic!("cut")
        };
        out.extend(rest);
        assert_eq!(out, [text.as_bytes(), b"and a second member"].concat());
    }

    #[test]
    fn a_stream_cut_short_ends_with_the_text_inflated_before_the_cut() {
        let text: String = (0..2_000).map(|i| format!("{{\"eventID\":\"{i}\"}}\n")).collect();
        let file = gzip(text.as_bytes());
        for cut in [file.len() - 1, file.len() - 9, file.len() / 2, 12] {
            let read = |slice: usize| {
                let mut decoder = GzipDecoder::new(1 << 20, 0);
                file[..cut].chunks(slice).for_each(|part| decoder.push(part).unwrap());
                decoder.finish()
            };
            let Ending::Cut(before) = read(cut) else {
                panic!("cut at {cut} read as whole")
            };
            assert!(text.as_bytes().starts_with(&before), "cut at {cut}");
            assert_eq!(read(7), Ending::Cut(before.clone()), "cut at {cut}, read in slices");
            if cut >= file.len() - 8 {
                assert_eq!(before, text.as_bytes(), "cut in the trailer: the text is all there");
            }
        }
    }
}
