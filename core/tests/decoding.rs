//! Decoding by content: multi-member gzip (with and without zero padding), gzip header fields,
//! zip archives with gzip, plain and nested-zip entries, directory entries, nesting limits and
//! empty archives.

mod common;

use common::{counts, error_of, summary};
use trailscope_core::decode::{Decoded, Decoder, DEFAULT_MAX_DECOMPRESSED};
use trailscope_core::formats::source::Shape;
use trailscope_core::query::filter::Filter;
use trailscope_core::{Failure, FileError, Ingest, IngestOptions, Summary};

fn text_of(rel: &str) -> Vec<u8> {
    match Decoder::decode_all(&common::read(rel), DEFAULT_MAX_DECOMPRESSED) {
        Ok(Decoded::Text(bytes)) => bytes,
        Ok(Decoded::Archive(_)) => panic!("{rel} decoded as an archive"),
        Ok(Decoded::Cut(_)) => panic!("{rel} is cut short"),
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
    let s = Summary::of(&data, &Filter::default());
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

/// A one-event trail whose event is named `name` (with `name` as its id).
fn trail(name: &str) -> Vec<u8> {
    format!(
        r#"{{"Records":[{{"eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"{name}","eventID":"{name}"}}]}}"#
    )
    .into_bytes()
}

#[test]
fn two_entries_of_the_same_name_both_load_each_under_its_name() {
    // A zip library's index by name kept only the last of the two; they are different files.
    let (first, second) = (trail("GetObject"), trail("PutObject"));
    let archive = common::zipper::zip_of(&[("logs/a.json", &first), ("logs/a.json", &second)]);
    let files = vec![("twice.zip".to_string(), archive)];
    for chunk in [0, 3] {
        let data =
            trailscope_core::Dataset::from_batches([common::batch_in_chunks(&files, chunk, IngestOptions::default())]);
        let s = Summary::of(&data, &Filter::default());
        assert_eq!((s.files, s.events, s.failed.len()), (2, 2, 0), "chunk {chunk}");
        let loaded: Vec<(&str, &[u32])> = data
            .store
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.entries.as_slice()))
            .collect();
        assert_eq!(
            loaded,
            [("twice.zip/logs/a.json", &[0][..]), ("twice.zip/logs/a.json", &[1][..])]
        );
        // Each event is re-read from its own entry.
        let mut names: Vec<String> = (0..data.store.len())
            .map(|row| {
                common::event_value(&data, &files, row)["eventName"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        names.sort();
        assert_eq!(names, ["GetObject", "PutObject"]);
    }
}

#[test]
fn a_zip_of_only_folders_or_holding_an_empty_zip_fails_as_empty() {
    let folders = common::zipper::zip_of(&[("AWSLogs/", b""), ("AWSLogs/111122223333/", b"")]);
    let empty = common::read("zip/empty.zip");
    let outer = common::zipper::zip_of(&[("inner/none.zip", &empty), ("good.json", &trail("GetObject"))]);
    let files = vec![("folders.zip".to_string(), folders), ("outer.zip".to_string(), outer)];
    let s = Summary::of(
        &trailscope_core::Dataset::from_batches([common::batch(&files)]),
        &Filter::default(),
    );
    assert_eq!(s.events, 1);
    let reason = "empty archive: it holds no files";
    assert_eq!(
        s.failed,
        [
            Failure {
                path: "folders.zip".into(),
                error: reason.into()
            },
            Failure {
                path: "outer.zip/inner/none.zip".into(),
                error: reason.into()
            },
        ]
    );
}

#[test]
fn an_archive_inflates_at_most_the_cap_in_all_nested_archives_included() {
    // Each inner archive lists one 100,000-byte entry ten times (1 MB); four of them sit in the
    // outer one. Under a 250,000-byte cap each inner archive alone would pass the per-file cap
    // ten times over: in all, two entries are read, then the outer archive stops.
    let big = {
        let mut text = trail("GetObject");
        text.resize(100_000, b' ');
        text
    };
    let listing: Vec<(String, usize)> = (0..10).map(|i| (format!("copy{i}.json"), 0)).collect();
    let inner = common::zipper::zip_listing(&[("big.json", &big)], &listing);
    let outer = common::zipper::zip_of(&[
        ("a.zip", &inner),
        ("b.zip", &inner),
        ("c.zip", &inner),
        ("d.zip", &inner),
    ]);
    assert!(inner.len() < 2_000 && outer.len() < 8_000);
    let files = vec![("outer.zip".to_string(), outer)];
    for chunk in [0, 1000] {
        let options = IngestOptions {
            max_decompressed: 250_000,
            ..IngestOptions::default()
        };
        let batch = common::batch_in_chunks(&files, chunk, options);
        let loaded: Vec<&str> = batch.rows.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(loaded, ["outer.zip/a.zip/copy0.json", "outer.zip/a.zip/copy1.json"]);
        assert_eq!(
            batch.failures,
            [Failure {
                path: "outer.zip".into(),
                error: "too large: its entries together decompress to more than the 250000 bytes cap, so the rest were not read".into()
            }],
            "chunk {chunk}"
        );
    }
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
fn an_empty_zip_is_an_archive_however_it_is_fed_and_fails_as_empty() {
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
        assert_eq!((batch.files_read, batch.rows.columns.len()), (1, 0));
        assert_eq!(
            batch.failures,
            [Failure {
                path: "zip/empty.zip".into(),
                error: "empty archive: it holds no files".into()
            }],
            "chunk {chunk}"
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

#[test]
fn archives_written_by_a_zip_library_read_whatever_their_options() {
    // The central directory is read by our own code: zip64 fields, stored entries and a comment
    // are each read as a zip library wrote them.
    use std::io::Write;
    let options = zip::write::SimpleFileOptions::default();
    let ways = [
        ("deflated", options),
        ("stored", options.compression_method(zip::CompressionMethod::Stored)),
        ("zip64", options.large_file(true)),
    ];
    for (way, entry_options) in ways {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        writer.set_comment("written by a zip library").expect("comment");
        for name in ["GetObject", "PutObject"] {
            writer
                .start_file(format!("logs/{name}.json"), entry_options)
                .expect("entry");
            writer.write_all(&trail(name)).expect("write");
        }
        let archive = writer.finish().expect("finish").into_inner();
        let files = vec![(format!("{way}.zip"), archive)];
        let s = Summary::of(
            &trailscope_core::Dataset::from_batches([common::batch(&files)]),
            &Filter::default(),
        );
        assert_eq!((s.files, s.events), (2, 2), "{way}: {:?}", s.failed);
        assert!(s.failed.is_empty(), "{way}: {:?}", s.failed);
    }
}
