//! Decoding JSON escapes in place, for searching: every escape is no longer than what it
//! stands for, so the text only shortens, and where it did is kept to move locators.

use memchr::memchr;

/// Where one decoding shortened its input: up to byte `at` of the input (just after an escape),
/// `shrunk` bytes fewer were written in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    /// Offset in the input just after the escape.
    pub at: u32,
    /// Bytes removed from the start of the input up to `at`.
    pub shrunk: u32,
}

/// Decodes the escapes of `text` once, in place, writing the letters they stand for
/// [`fold`]ed (the text around is lowercased already); an escape that is not JSON's stays as
/// written, and a lone surrogate becomes U+FFFD. Returns where the text shortened.
pub fn unescape(text: &mut Vec<u8>) -> Vec<Shift> {
    let mut shifts = Vec::new();
    let (mut read, mut write) = (0, 0);
    while let Some(found) = memchr(b'\\', &text[read..]) {
        let at = read + found;
        text.copy_within(read..at, write);
        write += at - read;
        let (bytes, len, used) = escape(&text[at..]);
        text[write..write + len].copy_from_slice(&bytes[..len]);
        write += len;
        read = at + used;
        if read - write != shifts.last().map_or(0, |s: &Shift| s.shrunk as usize) {
            shifts.push(Shift {
                at: read as u32,
                shrunk: (read - write) as u32,
            });
        }
    }
    if !shifts.is_empty() {
        text.copy_within(read.., write);
        text.truncate(write + text.len() - read);
    }
    shifts
}

/// The bytes the escape at the start of `rest` (which starts with `\`) stands for (the first
/// `len` of a buffer), and how many bytes of `rest` it takes.
fn escape(rest: &[u8]) -> ([u8; 4], usize, usize) {
    let simple = match rest.get(1) {
        Some(b'"') => Some(b'"'),
        Some(b'\\') => Some(b'\\'),
        Some(b'/') => Some(b'/'),
        Some(b'b') => Some(0x08),
        Some(b'f') => Some(0x0c),
        Some(b'n') => Some(b'\n'),
        Some(b'r') => Some(b'\r'),
        Some(b't') => Some(b'\t'),
        _ => None,
    };
    if let Some(byte) = simple {
        return ([byte, 0, 0, 0], 1, 2);
    }
    let Some(unit) = hex4(rest) else {
        return ([b'\\', 0, 0, 0], 1, 1);
    };
    let (c, used) = match unit {
        0xD800..=0xDBFF => match rest.get(6..8) {
            Some(b"\\u") => match hex4(&rest[6..]) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    (char::from_u32(code), 12)
                }
                _ => (None, 6),
            },
            _ => (None, 6),
        },
        unit => (char::from_u32(u32::from(unit)), 6),
    };
    let c = fold(c.unwrap_or(char::REPLACEMENT_CHARACTER));
    let mut buf = [0; 4];
    let len = c.encode_utf8(&mut buf).len();
    (buf, len, used)
}

/// The code unit of `\uXXXX` at the start of `rest`.
fn hex4(rest: &[u8]) -> Option<u16> {
    let digits = rest
        .get(2..6)
        .filter(|d| rest[1] == b'u' && d.iter().all(u8::is_ascii_hexdigit))?;
    u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// `c` in lowercase when that is one character of the same length in UTF-8 (every ASCII letter,
/// and most others: `É` is `é`); else `c` as it is (`İ`, whose lowercase is two characters).
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// [`fold`]s every character of `text` in place (ASCII letters are faster with
/// [`slice::make_ascii_lowercase`]); a text that is not UTF-8 is left as it is.
pub fn fold_all(text: &mut [u8]) {
    let Ok(s) = std::str::from_utf8(text) else { return };
    let changes: Vec<(usize, char)> = s
        .char_indices()
        .filter(|&(_, c)| !c.is_ascii() && fold(c) != c)
        .map(|(i, c)| (i, fold(c)))
        .collect();
    for (at, c) in changes {
        c.encode_utf8(&mut text[at..]);
    }
}
