//! Zip archives written by hand, byte by byte (APPNOTE 4.3), for the tests that need a central
//! directory no zip writer makes: one local entry listed thousands of times, two entries of the
//! same name, folders only. Entries are deflated (folders, names ending in `/`, stored).

/// One file of the archive as it lies in it: its local header and compressed data.
struct Local {
    offset: u32,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
}

impl Local {
    /// The fields a local header and a central directory entry share, in the same order:
    /// method, time and date, CRC32, sizes, and the name's length.
    fn write_fields(&self, out: &mut Vec<u8>, name: &str) {
        out.extend(self.method.to_le_bytes());
        out.extend([0u8; 4]); // time and date
        out.extend(self.crc.to_le_bytes());
        out.extend(self.compressed.to_le_bytes());
        out.extend(self.size.to_le_bytes());
        out.extend((name.len() as u16).to_le_bytes());
    }
}

/// An archive holding `files` (name, content) in that order, each listed once.
pub fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let listing: Vec<(String, usize)> = files
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.to_string(), i))
        .collect();
    zip_listing(files, &listing)
}

/// An archive holding `files` (name, content), whose central directory lists `listing`: for
/// each item a name and which of `files` it points at, so that one file may be listed many
/// times under other names, and a file listed by none is there but not seen.
pub fn zip_listing(files: &[(&str, &[u8])], listing: &[(String, usize)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut locals = Vec::new();
    for (name, content) in files {
        let (method, data) = if name.ends_with('/') {
            (0u16, content.to_vec())
        } else {
            (8, miniz_oxide::deflate::compress_to_vec(content, 6))
        };
        let local = Local {
            offset: out.len() as u32,
            method,
            crc: crc32fast::hash(content),
            compressed: data.len() as u32,
            size: content.len() as u32,
        };
        out.extend(b"PK\x03\x04");
        out.extend(20u16.to_le_bytes()); // version needed
        out.extend(0u16.to_le_bytes()); // flags
        local.write_fields(&mut out, name);
        out.extend(0u16.to_le_bytes()); // extra field length
        out.extend(name.as_bytes());
        out.extend(&data);
        locals.push(local);
    }
    let directory_start = out.len() as u32;
    for (name, file) in listing {
        let local = &locals[*file];
        out.extend(b"PK\x01\x02");
        out.extend(20u16.to_le_bytes()); // version made by
        out.extend(20u16.to_le_bytes()); // version needed
        out.extend(0x0800u16.to_le_bytes()); // flags: the name is UTF-8
        local.write_fields(&mut out, name);
        out.extend([0u8; 12]); // extra and comment lengths, disk, internal and external attributes
        out.extend(local.offset.to_le_bytes());
        out.extend(name.as_bytes());
    }
    let directory_size = out.len() as u32 - directory_start;
    let count = listing.len().min(0xFFFF) as u16;
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]); // disk numbers
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(directory_size.to_le_bytes());
    out.extend(directory_start.to_le_bytes());
    out.extend(0u16.to_le_bytes()); // comment length
    out
}
