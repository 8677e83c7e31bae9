//! Decoding by content: multi-member gzip (with and without zero padding), gzip header fields,
//! zip archives with gzip, plain and nested-zip entries, directory entries, nesting limits and
//! empty archives.

mod common;

use common::{counts, error_of, summary};
use trailscope_core::decode::{Decoded, Decoder, DEFAULT_MAX_DECOMPRESSED};
use trailscope_core::formats::source::Shape;
use trailscope_core::{FileError, Ingest, IngestOptions, Summary};

fn text_of(rel: &str) -> Vec<u8> {
    match Decoder::decode_all(&common::read(rel), DEFAULT_MAX_DECOMPRESSED) {
        Ok(Decoded::Text(bytes)) => bytes,
        Ok(Decoded::Archive(_)) => panic!("{rel} decoded as an archive"),
        Err(e) => panic!("{rel}: {e}"),
    }
}

fn records_in(text: &[u8]) -> usize {
    let doc: serde_json::Value = serde_json::from_slice(text).expect("decoded text is JSON");
    doc["Records"].as_array().expect("a Records list").len()
}

#[test]
fn every_member_of_a_multi_member_gzip_is_read() {
    let raw = common::read("gzip/multi-member.json.gz");
    let members = raw.windows(3).filter(|w| *w == [0x1f, 0x8b, 0x08]).count();
    assert!(
        members >= 3,
        "the fixture is three gzip members, found {members} headers"
    );
    // The document was cut in three before compressing: only all members together are JSON.
    assert_eq!(records_in(&text_of("gzip/multi-member.json.gz")), 4);
    let s = summary(&["gzip/multi-member.json.gz"]);
    assert_eq!((s.events, s.failed.len()), (4, 0));
    assert_eq!(s.by_operation, counts(&[("s3.amazonaws.com PutObject", 4)]));
}

#[test]
fn a_multi_member_gzip_whose_first_and_last_members_match_is_read_whole() {
    // The whole-file inflater reads the first member only; it once took "a", "b", "a" for "a",
    // since the last member's trailer vouched for the same text.
    let gzip = |text: &[u8]| {
        let mut packed = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut packed, text).expect("in memory");
        packed.finish().expect("in memory")
    };
    let file = [gzip(b"a"), gzip(b"b"), gzip(b"a")].concat();
    let whole = Decoder::decode_all(&file, DEFAULT_MAX_DECOMPRESSED);
    assert!(matches!(&whole, Ok(Decoded::Text(t)) if t == b"aba"), "{whole:?}");
    for chunk in [1, 5] {
        let sliced = common::decode_in_chunks(&file, chunk, DEFAULT_MAX_DECOMPRESSED);
        assert!(matches!(&sliced, Ok(Decoded::Text(t)) if t == b"aba"), "{sliced:?}");
    }
}

#[test]
fn gzip_header_fields_are_skipped_however_the_header_is_cut() {
    let all = common::read("gzip/header-fields.json.gz");
    let whole = text_of("gzip/header-fields.json.gz");
    for chunk in 1..=16 {
        let sliced = common::decode_in_chunks(&all, chunk, DEFAULT_MAX_DECOMPRESSED);
        assert!(
            matches!(&sliced, Ok(Decoded::Text(t)) if *t == whole),
            "slices of {chunk}: {sliced:?}"
        );
    }
}

#[test]
fn zero_padding_after_the_last_member_is_accepted_but_other_trailing_data_is_not() {
    assert_eq!(records_in(&text_of("gzip/multi-member-padded.json.gz")), 2);
    let mut bytes = common::read("gzip/multi-member-padded.json.gz");
    bytes.extend_from_slice(b"junk");
    let err = Decoder::decode_all(&bytes, DEFAULT_MAX_DECOMPRESSED).unwrap_err();
    assert_eq!(
        err.to_string(),
        "corrupt gzip: unexpected data after the end of the stream"
    );
}

#[test]
fn gzip_header_fields_are_skipped() {
    let fname = common::read("gzip/fname.json.gz");
    assert_eq!(fname[3], 0x08, "FNAME only");
    let all = common::read("gzip/header-fields.json.gz");
    assert_eq!(all[3], 0x02 | 0x04 | 0x08 | 0x10, "FHCRC, FEXTRA, FNAME and FCOMMENT");
    assert_eq!(records_in(&text_of("gzip/fname.json.gz")), 2);
    assert_eq!(records_in(&text_of("gzip/header-fields.json.gz")), 2);
    let s = summary(&["gzip/fname.json.gz", "gzip/header-fields.json.gz"]);
    assert_eq!((s.files, s.events), (2, 4));
    assert!(s.failed.is_empty(), "{:?}", s.failed);
}

#[test]
fn zip_entries_are_decoded_like_files_and_named_archive_slash_entry() {
    let data = common::load(&["zip/archive.zip"]);
    let s = Summary::of(&data);
    // Leaf entries: the .json.gz, exports/b.json, nested.zip's c.json and d.json.gz, and the
    // broken entry; the two directory entries are not files.
    assert_eq!(s.files, 5);
    assert_eq!(s.events, 6);
    assert_eq!(
        s.by_operation,
        counts(&[
            ("iam.amazonaws.com CreateRole", 1),
            ("kms.amazonaws.com Encrypt", 2),
            ("s3.amazonaws.com GetObject", 2),
            ("sqs.amazonaws.com DeleteQueue", 1),
        ])
    );
    assert_eq!(s.failed.len(), 1);
    assert_eq!(
        error_of(&s.failed, "zip/archive.zip/broken/truncated.json.gz"),
        "truncated gzip: the file ends before the end of the compressed stream"
    );
    let files: Vec<(&str, &[u32], Shape)> = data
        .store
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.entries.as_slice(), f.shape))
        .collect();
    assert_eq!(
        files,
        [
            (
                "zip/archive.zip/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/03/111122223333_CloudTrail_us-east-1_20240503T0110Z_ZipEntry00000001.json.gz",
                &[1][..],
                Shape::Records
            ),
            ("zip/archive.zip/exports/b.json", &[2][..], Shape::BareEvent),
            ("zip/archive.zip/nested.zip/inner/c.json", &[3, 1][..], Shape::Records),
            ("zip/archive.zip/nested.zip/inner/d.json.gz", &[3, 2][..], Shape::Records),
        ]
    );
    assert!(data.store.files.iter().all(|f| f.origin == 0));
}

#[test]
fn archives_nested_more_than_four_deep_are_refused() {
    let s = summary(&["zip/deep.zip"]);
    assert_eq!(s.events, 4, "l0.json to l3.json");
    assert_eq!(s.files, 5);
    assert_eq!(
        error_of(&s.failed, "zip/deep.zip/l1.zip/l2.zip/l3.zip/l4.zip"),
        "archives nested too deeply"
    );
    assert_eq!(s.failed.len(), 1);
}

#[test]
fn an_empty_zip_is_an_archive_however_it_is_fed() {
    // 22 bytes: only the end-of-central-directory record, "PK\x05\x06". Fed in slices of one to
    // three bytes, the sniffer once gave up waiting at "PK\x05" and read it as plain text.
    let bytes = common::read("zip/empty.zip");
    assert!(bytes.starts_with(b"PK\x05\x06"));
    for chunk in [0, 1, 2, 3, 5] {
        let decoded = common::decode_in_chunks(&bytes, chunk, DEFAULT_MAX_DECOMPRESSED);
        assert!(matches!(decoded, Ok(Decoded::Archive(_))), "chunk {chunk}: {decoded:?}");
        let mut ingest = Ingest::new(IngestOptions::default());
        ingest.add_decoded(0, "zip/empty.zip", decoded);
        let batch = ingest.finish();
        assert_eq!(
            (batch.files_read, batch.failures.len(), batch.rows.columns.len()),
            (0, 0, 0)
        );
    }
}

#[test]
fn short_inputs_that_look_like_a_magic_number_are_not_misread() {
    let cap = DEFAULT_MAX_DECOMPRESSED;
    for chunk in [0, 1] {
        // A lone gzip magic is a gzip stream that ends at once.
        let err = common::decode_in_chunks(b"\x1f\x8b", chunk, cap).unwrap_err();
        assert_eq!(
            err.to_string(),
            "truncated gzip: the file ends before the end of the compressed stream"
        );
        // "PK" alone is plain text, which is not JSON.
        assert!(matches!(common::decode_in_chunks(b"PK", chunk, cap), Ok(Decoded::Text(t)) if t == b"PK"));
        // Zero bytes is an empty file.
        assert_eq!(
            common::decode_in_chunks(b"", chunk, cap).unwrap_err().to_string(),
            "empty file"
        );
    }
}

#[test]
fn a_plain_file_or_zip_larger_than_the_cap_is_refused_by_its_size_before_it_is_held() {
    // The browser streams files over 64 MiB: told the size, the decoder refuses a 1.1 GB plain
    // file after its first slice, instead of holding a gigabyte before the cap notices.
    let cap = 1 << 20;
    for head in [&b"{\"Records\":["[..], b"PK\x03\x04rest", b"PK\x05\x06rest"] {
        let mut decoder = Decoder::new(cap).with_input_size(cap + 1);
        decoder.push(head);
        assert_eq!(decoder.finish().err(), Some(FileError::TooLarge { cap }), "{head:?}");
        // At the cap it is read as before.
        let mut decoder = Decoder::new(cap).with_input_size(cap);
        decoder.push(head);
        assert!(decoder.finish().is_ok(), "{head:?}");
    }
    // Gzip is judged by its output, whatever its size.
    let mut packed = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut packed, b"{\"Records\":[]}").expect("in memory");
    let packed = packed.finish().expect("in memory");
    let mut decoder = Decoder::new(cap).with_input_size(cap * 4);
    decoder.push(&packed);
    assert!(matches!(decoder.finish(), Ok(Decoded::Text(t)) if t == b"{\"Records\":[]}"));
}

#[test]
fn a_failed_decoder_says_so_so_that_the_reader_can_stop() {
    let mut decoder = Decoder::new(16).with_input_size(17);
    assert!(!decoder.has_failed());
    decoder.push(b"{\"Re");
    assert!(decoder.has_failed());
}

#[test]
fn a_whole_gzip_file_is_refused_at_the_cap_in_one_pass_and_accepted_at_exactly_the_cap() {
    let text = vec![b' '; 100_000];
    let mut packed = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut packed, &text).expect("in memory");
    let packed = packed.finish().expect("in memory");
    assert!(matches!(Decoder::decode_all(&packed, 100_000), Ok(Decoded::Text(t)) if t == text));
    assert_eq!(
        Decoder::decode_all(&packed, 99_999).err(),
        Some(FileError::TooLarge { cap: 99_999 })
    );
}
