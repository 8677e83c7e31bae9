//! Turning the bytes of one dropped file into text: gzip (multi-member, checked), zip archives,
//! tar archives (plain, or the text of a gzip) and plain files are told apart by their bytes,
//! never by name.
//!
//! Decoding is push-based so that a caller reading a file in slices (the browser reads `Blob`
//! slices, the command line reads a file) feeds each slice as it arrives; the result does not
//! depend on how the input was cut.
//!
//! ```text
//!  push(chunk)*            finish()
//! Sniffing ──(2–4 bytes)──► Gzip │ Zip │ Plain ──────────► Decoded::{Text, Cut, Archive} or FileError
//! ```
//!
//! A tar archive has no magic number in its first bytes, so the text a gzip inflated to, or a
//! plain file once held whole, is looked at once more: a tar header there makes it an archive.

pub mod archive;
mod deflate;
pub mod gzip;
mod tar;
pub mod tar_split;
pub mod text;
pub mod zip;

use crate::error::FileError;
pub use archive::Archive;
use gzip::{Ending, GzipDecoder};
use std::borrow::Cow;

/// Decompressed-size cap used when the caller sets none: large enough for any real log file,
/// small enough to refuse a gzip bomb before it takes the machine's memory.
pub const DEFAULT_MAX_DECOMPRESSED: u64 = 1 << 30;

/// Hard upper limit of the cap: event locators store byte offsets as `u32`.
pub const MAX_CAP: u64 = u32::MAX as u64;

const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: [u8; 4] = *b"PK\x05\x06";

/// What a file turned out to contain once decoded.
#[derive(Debug)]
pub enum Decoded {
    /// Decompressed (or plain) bytes, still to be checked as UTF-8 JSON.
    Text(Vec<u8>),
    /// The text of a gzip stream cut short, inflated up to the cut: read for what it holds
    /// whole, since an interrupted download or copy is the commonest damage.
    Cut(Vec<u8>),
    /// A zip or tar archive's raw bytes; its entries are decoded one by one by
    /// [`archive::for_each_entry`].
    Archive(Archive),
}

enum State {
    Sniffing(Vec<u8>),
    Gzip(GzipDecoder),
    Zip(Vec<u8>),
    Plain(Vec<u8>),
    Failed(FileError),
}

/// A push-based decoder for one file: feed it slices with [`Decoder::push`], then call
/// [`Decoder::finish`]. After the first error further input is ignored and `finish` returns it.
pub struct Decoder {
    state: State,
    cap: u64,
    size_hint: usize,
    input_size: Option<u64>,
    /// Bytes inflated so far, kept when the inflater fails.
    inflated: u64,
}

impl Decoder {
    /// A decoder that refuses output larger than `cap` bytes (clamped to [`MAX_CAP`]).
    pub fn new(cap: u64) -> Self {
        Decoder {
            state: State::Sniffing(Vec::new()),
            cap: cap.min(MAX_CAP),
            size_hint: 0,
            input_size: None,
            inflated: 0,
        }
    }

    /// Tells the decoder how large the output probably is, so that it allocates it once instead
    /// of growing (and copying) it; a wrong hint costs only the allocation.
    pub fn with_size_hint(mut self, bytes: usize) -> Self {
        self.size_hint = bytes;
        self
    }

    /// Tells the decoder the file's whole size before it is read. A plain file or a zip archive is
    /// held as it is, so one larger than the cap is refused as soon as its first bytes show what
    /// it is, instead of after a gigabyte has been read into memory; gzip is refused by its output.
    pub fn with_input_size(mut self, bytes: u64) -> Self {
        self.input_size = Some(bytes);
        self
    }

    /// Decodes a whole file held in memory. A single-member gzip file is inflated in one call;
    /// otherwise the file goes through the streaming reader.
    pub fn decode_all(bytes: &[u8], cap: u64) -> Result<Decoded, FileError> {
        if bytes.starts_with(&gzip::MAGIC) {
            return gunzip(bytes, cap).0;
        }
        let mut decoder = Decoder::new(cap);
        decoder.push(bytes);
        decoder.finish()
    }

    /// Decodes a whole archive entry like [`Decoder::decode_all`]: one the caller owns (an
    /// inflated zip entry) is handed back as it is when plain or an archive, one borrowed (a
    /// stored entry, a tar member) is copied only then, a gzip one is inflated from where it
    /// lies; with how many bytes were inflated, whether that succeeded or not (what an archive's
    /// cap counts).
    pub(crate) fn decode_entry(bytes: Cow<'_, [u8]>, cap: u64) -> (Result<Decoded, FileError>, u64) {
        let cap = cap.min(MAX_CAP);
        let decoded = match Kind::of(&bytes) {
            Kind::Gzip => return gunzip(&bytes, cap),
            _ if bytes.is_empty() => Err(FileError::Empty),
            _ if bytes.len() as u64 > cap => Err(FileError::TooLarge { cap }),
            Kind::Zip => Ok(Decoded::Archive(Archive::Zip(bytes.into_owned()))),
            Kind::Plain => Ok(held(bytes.into_owned())),
        };
        (decoded, 0)
    }

    /// Feeds the next slice of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        let result = match &mut self.state {
            State::Failed(_) => Ok(()),
            State::Gzip(gz) => {
                let pushed = gz.push(chunk);
                self.inflated = gz.inflated();
                pushed
            }
            State::Zip(buf) | State::Plain(buf) => append_capped(buf, chunk, self.cap),
            State::Sniffing(head) => {
                // Only the magic number's few bytes are held: the rest of the slice goes on
                // uncopied.
                let take = (ZIP_MAGIC.len() - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
                if head.len() < ZIP_MAGIC.len() && could_be_magic(head) {
                    return;
                }
                let head = std::mem::take(head);
                self.start(&head).map(|()| self.push(&chunk[take..]))
            }
        };
        if let Err(err) = result {
            self.state = State::Failed(err);
        }
    }

    /// Picks the reader the magic number in `head` calls for and feeds it `head`.
    fn start(&mut self, head: &[u8]) -> Result<(), FileError> {
        let kind = Kind::of(head);
        if !matches!(kind, Kind::Gzip) && self.input_size.is_some_and(|size| size > self.cap) {
            return Err(FileError::TooLarge { cap: self.cap });
        }
        self.state = match kind {
            Kind::Gzip => State::Gzip(GzipDecoder::new(self.cap, self.size_hint)),
            Kind::Zip => State::Zip(Vec::new()),
            Kind::Plain => State::Plain(Vec::new()),
        };
        self.push(head);
        Ok(())
    }

    /// Whether the input already failed (further input is ignored): a reader can stop reading.
    pub fn has_failed(&self) -> bool {
        matches!(self.state, State::Failed(_))
    }

    /// Ends the input and returns what the file decoded to.
    pub fn finish(mut self) -> Result<Decoded, FileError> {
        if let State::Sniffing(head) = &mut self.state {
            let head = std::mem::take(head);
            if head.is_empty() {
                return Err(FileError::Empty);
            }
            self.start(&head)?;
        }
        match self.state {
            State::Failed(err) => Err(err),
            State::Gzip(gz) => match gz.finish() {
                Ending::Whole(text) => inflated(text, self.cap),
                Ending::Cut(text) => cut(text),
            },
            State::Zip(bytes) => Ok(Decoded::Archive(Archive::Zip(bytes))),
            State::Plain(bytes) => Ok(held(bytes)),
            State::Sniffing(_) => Err(FileError::Empty),
        }
    }
}

/// Inflates a whole gzip file, in one call when it is a single member of at most half the cap,
/// else streamed; with how many bytes were inflated into the text, or by the streaming reader
/// before it failed.
/// The last member's trailer (its length mod 4 GiB) serves as the size hint: right for the usual
/// single-member file.
fn gunzip(bytes: &[u8], cap: u64) -> (Result<Decoded, FileError>, u64) {
    let cap = cap.min(MAX_CAP);
    if let Some(text) = gzip::inflate_whole(bytes, cap) {
        let produced = text.len() as u64;
        return (inflated(text, cap), produced);
    }
    let mut decoder = Decoder::new(cap).with_size_hint(gzip::trailer_size(bytes));
    decoder.push(bytes);
    let inflated = decoder.inflated;
    (decoder.finish(), inflated)
}

/// What a file is, told by its first bytes.
enum Kind {
    Gzip,
    Zip,
    Plain,
}

impl Kind {
    fn of(head: &[u8]) -> Kind {
        if head.starts_with(&gzip::MAGIC) {
            Kind::Gzip
        } else if head.starts_with(&ZIP_MAGIC) || head.starts_with(&ZIP_EMPTY_MAGIC) {
            Kind::Zip
        } else {
            Kind::Plain
        }
    }
}

/// What a gzip inflated to: what [`held`] says, or, when the text is itself a gzip (CloudWatch
/// Logs' gzip gzipped again by Kinesis Data Firehose), what that inner gzip holds. One level
/// only, so that gzips nested in gzips cannot recurse.
fn inflated(mut text: Vec<u8>, cap: u64) -> Result<Decoded, FileError> {
    if !text.starts_with(&gzip::MAGIC) {
        return Ok(held(text));
    }
    // The outer reader's spare room is given back before the inner one makes its own.
    text.shrink_to_fit();
    let mut inner = GzipDecoder::new(cap, 0);
    inner.push(&text)?;
    match inner.finish() {
        Ending::Whole(text) => Ok(held(text)),
        Ending::Cut(text) => cut(text),
    }
}

/// What a gzip cut short inflated to: its text without a character the cut splits, unless it
/// holds none or is a tar archive or another gzip, which are read whole or not at all.
fn cut(mut text: Vec<u8>) -> Result<Decoded, FileError> {
    if text.starts_with(&gzip::MAGIC) || is_tar(&text) {
        return Err(FileError::TruncatedGzip);
    }
    // The last character's first byte is among the last four; from there, a character cut
    // short is invalid only by its missing end.
    let last = (text.len().saturating_sub(4)..text.len())
        .rev()
        .find(|&at| text[at] & 0xC0 != 0x80);
    if let Some(at) = last {
        if let Err(split) = std::str::from_utf8(&text[at..]) {
            if split.error_len().is_none() {
                text.truncate(at + split.valid_up_to());
            }
        }
    }
    if text.is_empty() {
        return Err(FileError::TruncatedGzip);
    }
    Ok(Decoded::Cut(text))
}

/// What a whole plain file, or the text of a gzip, is: a tar archive when it starts with a tar
/// header, else text.
fn held(bytes: Vec<u8>) -> Decoded {
    if is_tar(&bytes) {
        Decoded::Archive(Archive::Tar(bytes))
    } else {
        Decoded::Text(bytes)
    }
}

/// Whether `bytes` start with a tar header: the ustar magic (ustar, pax and GNU archives) or,
/// for an old-style archive, which has none, a checksum that matches the header. Both hold NUL
/// bytes where JSON text cannot, so no JSON file is taken for an archive.
pub(crate) fn is_tar(bytes: &[u8]) -> bool {
    let Some(block) = bytes.get(..tar_split::BLOCK) else {
        return false;
    };
    let header = ::tar::Header::from_byte_slice(block);
    if header.as_ustar().is_some() || header.as_gnu().is_some() {
        return true;
    }
    block.contains(&0)
        && header
            .cksum()
            .is_ok_and(|stated| stated == tar_split::counted_checksum(block))
}

/// Whether `head`, shorter than the longest magic number, may still grow into one.
fn could_be_magic(head: &[u8]) -> bool {
    head.starts_with(&gzip::MAGIC[..head.len().min(2)])
        || ZIP_MAGIC.starts_with(head)
        || ZIP_EMPTY_MAGIC.starts_with(head)
}

fn append_capped(buf: &mut Vec<u8>, chunk: &[u8], cap: u64) -> Result<(), FileError> {
    if (buf.len() + chunk.len()) as u64 > cap {
        return Err(FileError::TooLarge { cap });
    }
    buf.extend_from_slice(chunk);
    Ok(())
}
