//! A tar archive read header by header from slices as they arrive (a `.tar` read in pieces, or a
//! `.tar.gz` as it inflates), so that its files are handed on one by one and the archive is never
//! held whole. The `tar` crate decodes each header's fields (ustar, pax, GNU, old style); this
//! follows the blocks between them as its reader does: GNU long names and pax extended headers
//! name the entry after them, a zero block ends the archive, and an entry is numbered among the
//! entries the crate lists (folders and links counted, long-name and pax headers not).

use crate::error::FileError;
use std::borrow::Cow;

/// A header block's size; its checksum covers all of it.
pub(crate) const BLOCK: usize = 512;
/// Where a header keeps its checksum: eight bytes of octal digits, counted as spaces.
const CHECKSUM: std::ops::Range<usize> = 148..156;
/// Most bytes of a long name or pax extended header: any real one is far smaller.
const MOST_EXTENSION: u64 = 1 << 20;
/// Where a GNU sparse header, and each extension block after it, says another block follows.
const GNU_EXTENDED_AT: usize = 482;
const EXTENSION_EXTENDED_AT: usize = 504;

/// A file the archive holds: its index among the archive's entries, its path (a pax or GNU long
/// name when it has one; UTF-8, other bytes replaced) and its bytes, or why they cannot be read.
pub struct TarFile<'a> {
    /// Its index among the archive's entries.
    pub index: u32,
    /// Its path in the archive.
    pub name: String,
    /// Its bytes: borrowed from the slice pushed when they lie whole in it.
    pub bytes: Result<Cow<'a, [u8]>, FileError>,
}

enum State {
    /// Collecting a header block.
    Header,
    /// Collecting the data of a GNU long name (`name`) or pax extended header, then its padding.
    Extension { pax: bool, size: u64, padding: u64 },
    /// Passing over the extension blocks of a GNU sparse header, then the data and padding.
    SparseBlocks { then: u64 },
    /// Collecting a file's bytes, then its padding.
    File {
        index: u32,
        name: String,
        size: u64,
        padding: u64,
    },
    /// Passing over bytes (an entry's data not read, or padding).
    Skip(u64),
    /// A zero block ended the archive: what follows is not read.
    End,
}

/// Splits a tar archive pushed in slices into its files.
pub struct TarSplitter {
    state: State,
    /// The header, extension or file collected across slices.
    held: Vec<u8>,
    /// Entries listed so far.
    entries: u32,
    /// Files handed on so far.
    files: u32,
    long_name: Option<Vec<u8>>,
    pax: Option<Vec<u8>>,
    /// A file larger than this is handed on as too large, its bytes passed over.
    cap: u64,
}

impl TarSplitter {
    /// A splitter handing on files of at most `cap` bytes.
    pub fn new(cap: u64) -> Self {
        TarSplitter {
            state: State::Header,
            held: Vec::new(),
            entries: 0,
            files: 0,
            long_name: None,
            pax: None,
            cap,
        }
    }

    /// Reads the next slice of the archive, handing each file completed in it to `each`; an
    /// error when a header cannot be read (the archive ends there).
    pub fn push<'i>(&mut self, mut input: &'i [u8], each: &mut dyn FnMut(TarFile<'i>)) -> Result<(), FileError> {
        while !input.is_empty() {
            input = match &mut self.state {
                State::End => return Ok(()),
                State::Skip(left) => {
                    let take = (*left).min(input.len() as u64) as usize;
                    *left -= take as u64;
                    if *left == 0 {
                        self.state = State::Header;
                    }
                    &input[take..]
                }
                State::Header => {
                    let rest = fill(&mut self.held, input, BLOCK);
                    if self.held.len() == BLOCK {
                        let header = std::mem::take(&mut self.held);
                        self.state = self.read_header(&header, each)?;
                    }
                    rest
                }
                State::SparseBlocks { then } => {
                    let then = *then;
                    let rest = fill(&mut self.held, input, BLOCK);
                    if self.held.len() == BLOCK {
                        if self.held[EXTENSION_EXTENDED_AT] == 0 {
                            self.state = skip(then);
                        }
                        self.held.clear();
                    }
                    rest
                }
                State::Extension { pax, size, padding } => {
                    let (pax, padding) = (*pax, *padding);
                    let rest = fill(&mut self.held, input, *size as usize);
                    if self.held.len() as u64 == *size {
                        let data = std::mem::take(&mut self.held);
                        if pax {
                            self.pax = Some(data);
                        } else {
                            self.long_name = Some(data);
                        }
                        self.state = skip(padding);
                    }
                    rest
                }
                State::File { size, .. } if self.held.is_empty() && input.len() as u64 >= *size => {
                    let size = *size as usize;
                    let (bytes, rest) = input.split_at(size);
                    self.hand_on(Cow::Borrowed(bytes), each);
                    rest
                }
                State::File { size, .. } => {
                    let rest = fill(&mut self.held, input, *size as usize);
                    if self.held.len() as u64 == *size {
                        let bytes = std::mem::take(&mut self.held);
                        self.hand_on(Cow::Owned(bytes), each);
                    }
                    rest
                }
            };
        }
        Ok(())
    }

    /// Ends the archive: a file cut short is handed on as such, and a header cut short fails
    /// the archive. Returns how many files it held.
    pub fn finish<'i>(mut self, each: &mut dyn FnMut(TarFile<'i>)) -> Result<u32, FileError> {
        match std::mem::replace(&mut self.state, State::End) {
            State::File { index, name, .. } => {
                each(TarFile {
                    index,
                    name,
                    bytes: Err(FileError::CorruptTar(
                        "the archive ends inside this member (cut short)".into(),
                    )),
                });
                Ok(self.files)
            }
            State::Header if !self.held.is_empty() => Err(damaged("the archive ends inside it")),
            State::Extension { .. } | State::SparseBlocks { .. } => Err(damaged("the archive ends inside it")),
            _ => Ok(self.files),
        }
    }

    /// Hands on the file whose bytes were collected, then passes over its padding.
    fn hand_on<'i>(&mut self, bytes: Cow<'i, [u8]>, each: &mut dyn FnMut(TarFile<'i>)) {
        if let State::File {
            index, name, padding, ..
        } = std::mem::replace(&mut self.state, State::End)
        {
            each(TarFile {
                index,
                name,
                bytes: Ok(bytes),
            });
            self.state = skip(padding);
        }
    }

    /// What follows the header `block`: an extension, a file's bytes, or bytes passed over.
    fn read_header<'i>(&mut self, block: &[u8], each: &mut dyn FnMut(TarFile<'i>)) -> Result<State, FileError> {
        if block.iter().all(|&b| b == 0) {
            return Ok(State::End);
        }
        let header = tar::Header::from_byte_slice(block);
        if header.cksum().map_err(|e| damaged(&e.to_string()))? != counted_checksum(block) {
            return Err(damaged("its checksum does not match"));
        }
        let kind = header.entry_type();
        let mut size = header.entry_size().map_err(|e| damaged(&e.to_string()))?;
        if size == 0 {
            size = self.pax_value("size").and_then(|v| v.parse().ok()).unwrap_or(0);
        }
        let padded = size.div_ceil(BLOCK as u64) * BLOCK as u64;
        let recognised = header.as_gnu().is_some() || header.as_ustar().is_some();
        let extension = recognised && (kind.is_gnu_longname() || kind.is_pax_local_extensions());
        if extension || (recognised && kind.is_gnu_longlink()) {
            if size > MOST_EXTENSION {
                return Err(damaged("its long name or pax header is too large"));
            }
            if kind.is_gnu_longlink() {
                return Ok(skip(padded));
            }
            return Ok(if size == 0 {
                skip(padded)
            } else {
                State::Extension {
                    pax: kind.is_pax_local_extensions(),
                    size,
                    padding: padded - size,
                }
            });
        }
        let index = self.entries;
        self.entries += 1;
        let name = self.name(header);
        if kind.is_gnu_sparse() {
            self.files += 1;
            let error = FileError::CorruptTar("a sparse member, which is not read".into());
            each(TarFile {
                index,
                name,
                bytes: Err(error),
            });
            let extended = header.as_gnu().is_some() && block[GNU_EXTENDED_AT] != 0;
            return Ok(if extended {
                State::SparseBlocks { then: padded }
            } else {
                skip(padded)
            });
        }
        if !(kind.is_file() || kind.is_contiguous()) {
            return Ok(skip(padded));
        }
        self.files += 1;
        if size > self.cap {
            each(TarFile {
                index,
                name,
                bytes: Err(FileError::TooLarge { cap: self.cap }),
            });
            return Ok(skip(padded));
        }
        if size == 0 {
            each(TarFile {
                index,
                name,
                bytes: Ok(Cow::Borrowed(&[])),
            });
            return Ok(skip(padded));
        }
        Ok(State::File {
            index,
            name,
            size,
            padding: padded - size,
        })
    }

    /// The entry's path: a GNU long name, else a pax `path`, else the header's own.
    fn name(&mut self, header: &tar::Header) -> String {
        let pax_path = self.pax_value("path").map(str::to_string);
        self.pax = None;
        if let Some(mut long) = self.long_name.take() {
            while long.last() == Some(&0) {
                long.pop();
            }
            return String::from_utf8_lossy(&long).into_owned();
        }
        pax_path.unwrap_or_else(|| String::from_utf8_lossy(&header.path_bytes()).into_owned())
    }

    /// The value of `key` in the pax extended header that applies to the next entry.
    fn pax_value(&self, key: &str) -> Option<&str> {
        let pax = self.pax.as_deref()?;
        tar::PaxExtensions::new(pax)
            .flatten()
            .find(|extension| extension.key() == Ok(key))
            .and_then(|extension| extension.value().ok())
    }
}

/// The checksum a header block should state: the sum of its bytes, the checksum's own eight
/// counted as spaces.
pub(crate) fn counted_checksum(block: &[u8]) -> u32 {
    let outside_checksum = block[..CHECKSUM.start].iter().chain(&block[CHECKSUM.end..]);
    outside_checksum.map(|&b| u32::from(b)).sum::<u32>() + 8 * u32::from(b' ')
}

/// Moves bytes of `input` into `held` until it holds `wanted`; returns the rest of `input`.
fn fill<'a>(held: &mut Vec<u8>, input: &'a [u8], wanted: usize) -> &'a [u8] {
    let take = wanted.saturating_sub(held.len()).min(input.len());
    held.extend_from_slice(&input[..take]);
    &input[take..]
}

fn skip(bytes: u64) -> State {
    if bytes == 0 {
        State::Header
    } else {
        State::Skip(bytes)
    }
}

/// A header that cannot be read, and why.
fn damaged(why: &str) -> FileError {
    FileError::CorruptTar(format!("a member's header cannot be read ({why})"))
}
