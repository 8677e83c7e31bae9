//! Tar archives (`core/tests/fixtures/tar/`, written by Python's tarfile): a trail folder
//! archived as a pax tar.gz, a ustar tar, a GNU tar and an old-style tar loads as the folder
//! does, whole or fed in slices, whatever the file is called; its events re-read from the
//! archive equal the source records; damage, the cap and climbing names are reported against
//! `archive/member`.

mod common;

use common::error_of;
use serde_json::Value;
use trailscope_core::decode::tar_split::{TarFile, TarSplitter};
use trailscope_core::decode::{Archive, Decoded, DEFAULT_MAX_DECOMPRESSED};
use trailscope_core::integrity::key::s3_key;
use trailscope_core::query::filter::Filter;
use trailscope_core::{Batch, Dataset, Failure, IngestOptions, Summary};

/// The three log files of `tar/trail/`, below the archive's or the folder's own path.
const MEMBERS: [&str; 3] = [
    "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T0000Z_TarFile000000001.json.gz",
    "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T0005Z_TarFile000000002.json.gz",
    "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T0010Z_TarFile000000003.json",
];

/// The records the trail folder was made of (`make_tar_fixtures.py`), read from their sources
/// in `shapes/`, each as JSON text in file key order, sorted.
fn source_records() -> Vec<String> {
    let mut all: Vec<String> = ["records.json", "identities.json", "event-names.json"]
        .iter()
        .flat_map(|name| {
            let doc: Value = serde_json::from_slice(&common::read(&format!("shapes/{name}"))).expect("JSON");
            doc["Records"].as_array().expect("Records").clone()
        })
        .map(|record| record.to_string())
        .collect();
    all.sort();
    all
}

/// Every row's event re-read from the file it was loaded from, as JSON text, sorted.
fn reread(data: &Dataset, files: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut all: Vec<String> = (0..data.store.len())
        .map(|row| common::event_value(data, files, row).to_string())
        .collect();
    all.sort();
    all
}

fn loaded_paths(batch: &Batch) -> Vec<&str> {
    batch.rows.files.iter().map(|f| f.path.as_str()).collect()
}

fn summary_of(batch: Batch) -> Summary {
    Summary::of(&Dataset::from_batches([batch]), &Filter::default())
}

fn one(name: &str, bytes: Vec<u8>) -> Vec<(String, Vec<u8>)> {
    vec![(name.to_string(), bytes)]
}

/// A ustar archive of `members` written by the tar crate's builder.
fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, bytes) in members {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        builder.append_data(&mut header, name, *bytes).expect("in memory");
    }
    builder.into_inner().expect("in memory")
}

#[test]
fn a_trail_archived_every_way_loads_like_its_folder_whole_and_in_slices() {
    let folder = common::batch(&common::files(&["tar/trail"]));
    let expected = summary_of(folder);
    assert_eq!((expected.files, expected.events, expected.failed.len()), (3, 25, 0));
    for fixture in ["trail.tar.gz", "trail.tar", "gnu.tar"] {
        let bytes = common::read(&format!("tar/{fixture}"));
        // Told by content: the same bytes under another name, or none, load the same.
        for name in [fixture.to_string(), "download".to_string(), format!("{fixture}.json")] {
            for chunk in [0, 1, 7, 512, 4096] {
                let files = one(&name, bytes.clone());
                let batch = common::batch_in_chunks(&files, chunk, IngestOptions::default());
                let wanted: Vec<String> = MEMBERS.iter().map(|m| format!("{name}/{m}")).collect();
                assert_eq!(loaded_paths(&batch), wanted, "{name}, chunk {chunk}");
                let s = summary_of(batch);
                assert_eq!((s.files, s.events), (expected.files, expected.events), "{name}");
                assert_eq!(s.failed, [], "{name}, chunk {chunk}");
                assert_eq!(
                    (&s.by_operation, &s.by_principal, &s.by_hour),
                    (&expected.by_operation, &expected.by_principal, &expected.by_hour)
                );
            }
        }
    }
}

#[test]
fn events_re_read_from_a_tar_gz_equal_the_records_it_was_made_of() {
    let reference = source_records();
    assert_eq!(reference.len(), 25);
    for rel in ["tar/trail.tar.gz", "tar/trail.tar", "tar/gnu.tar", "tar/trail"] {
        let files = common::files(&[rel]);
        let data = Dataset::from_batches([common::batch(&files)]);
        assert_eq!(reread(&data, &files), reference, "{rel}");
    }
}

#[test]
fn a_member_path_yields_its_s3_key_as_a_zip_entry_does() {
    let batch = common::batch(&common::files(&["tar/trail.tar.gz"]));
    let keys: Vec<Option<&str>> = loaded_paths(&batch).into_iter().map(s3_key).collect();
    assert_eq!(keys, MEMBERS.map(Some));
}

#[test]
fn long_pax_and_old_style_names_are_read() {
    let long = common::batch(&common::files(&["tar/long-name.pax.tar"]));
    let name = format!("exports/{}records.json", "a-very-long-export-name-".repeat(6));
    assert_eq!(loaded_paths(&long), [format!("tar/long-name.pax.tar/{name}")]);
    let old = common::batch(&common::files(&["tar/old-style.tar"]));
    assert_eq!(loaded_paths(&old), ["tar/old-style.tar/records.json"]);
    assert_eq!((old.rows.columns.len(), old.failures.len()), (7, 0));
}

#[test]
fn a_tar_holding_a_zipped_trail_and_a_digest_reads_both_and_hashes_the_logs() {
    let batch = common::batch(&common::files(&["tar/holding.tar"]));
    let wanted: Vec<String> = MEMBERS
        .iter()
        .map(|m| format!("tar/holding.tar/trail.zip/{m}"))
        .collect();
    assert_eq!(loaded_paths(&batch), wanted);
    assert_eq!(batch.failures, []);
    let digest = "tar/holding.tar/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/111122223333_CloudTrail-Digest_us-east-1_management-events_us-east-1_20240501T110000Z.json.gz";
    assert_eq!(
        batch.digests.iter().map(|d| d.path.as_str()).collect::<Vec<_>>(),
        [digest]
    );
    let hashed: Vec<&str> = batch.file_hashes.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(hashed, wanted, "a digest in the archive makes its log files hashed");
}

#[test]
fn a_truncated_tar_keeps_the_members_before_the_cut_and_names_the_cut_one() {
    let batch = common::batch(&common::files(&["tar/truncated.tar"]));
    let before: Vec<String> = MEMBERS[..2].iter().map(|m| format!("tar/truncated.tar/{m}")).collect();
    assert_eq!(loaded_paths(&batch), before);
    assert_eq!(
        batch.failures,
        [Failure {
            path: format!("tar/truncated.tar/{}", MEMBERS[2]),
            error: "corrupt tar archive: the archive ends inside this member (cut short)".into()
        }]
    );
}

#[test]
fn a_damaged_header_ends_the_archive_with_its_reason_after_the_members_before_it() {
    let whole = common::read("tar/trail.tar");
    // The second log file's header: the block whose name field ends its path.
    let header = whole
        .chunks(512)
        .position(|block| block[..100].windows(16).any(|w| w == b"TarFile000000002"))
        .expect("its header")
        * 512;
    let mut bad_sum = whole.clone();
    bad_sum[header] ^= 1;
    let cut_in_header = whole[..header + 100].to_vec();
    for (name, bytes, reason) in [
        ("bad-sum.tar", bad_sum, "its checksum does not match"),
        ("cut.tar", cut_in_header, "the archive ends inside it"),
    ] {
        let batch = common::batch(&one(name, bytes));
        assert_eq!(loaded_paths(&batch), [format!("{name}/{}", MEMBERS[0])]);
        let s = summary_of(batch);
        assert_eq!(
            error_of(&s.failed, name),
            format!("corrupt tar archive: a member's header cannot be read ({reason})")
        );
        assert_eq!(s.failed.len(), 1, "{:?}", s.failed);
    }
}

#[test]
fn climbing_member_names_are_labels_as_in_a_zip() {
    let text = common::read(&format!("tar/trail/{}", MEMBERS[2]));
    let zip = common::zipper::zip_of(&[("../escape.json", &text), ("/absolute/records.json", &text)]);
    let files = vec![
        ("climbing.tar".into(), common::read("tar/climbing.tar")),
        ("climbing.zip".into(), zip),
    ];
    let batch = common::batch(&files);
    assert_eq!(
        loaded_paths(&batch),
        [
            "climbing.tar/../escape.json",
            "climbing.tar//absolute/records.json",
            "climbing.zip/../escape.json",
            "climbing.zip//absolute/records.json",
        ]
    );
    assert_eq!((batch.rows.columns.len(), batch.failures.len()), (28, 0));
}

#[test]
fn a_member_past_the_cap_fails_with_its_reason_and_the_archive_stops_at_the_cap_in_all() {
    let mut big = common::read(&format!("tar/trail/{}", MEMBERS[2]));
    big.resize(1_000_000, b' ');
    let small = common::read(&format!("tar/trail/{}", MEMBERS[2]));
    // What the big member inflated before the cap stopped it counts against the archive too
    // (the work was done), so the member after it is not read: both say so in their words.
    let archive = tar_of(&[("big.json.gz", &common::gzip(&big)), ("small.json", &small)]);
    let options = IngestOptions {
        max_decompressed: 500_000,
        ..IngestOptions::default()
    };
    // The archive in all may inflate to 32 times its size when that is more than the cap.
    assert!(archive.len() * 32 < 500_000, "{} bytes", archive.len());
    for chunk in [0, 1000] {
        let batch = common::batch_in_chunks(&one("a.tar", archive.clone()), chunk, options);
        assert_eq!(loaded_paths(&batch), Vec::<&str>::new());
        assert_eq!(
            batch.failures,
            [
                Failure {
                    path: "a.tar/big.json.gz".into(),
                    error: "too large: decompresses to more than the 500000 bytes cap".into()
                },
                Failure {
                    path: "a.tar".into(),
                    error: "too large: its entries together decompress to more than the 500000 bytes cap, so the rest were not read".into()
                }
            ],
            "chunk {chunk}"
        );
    }
    // Ten members of 300,000 bytes, each under the cap of 1,000,000 in all: three are read.
    small_copies_stop_at_the_cap(&small);
}

fn small_copies_stop_at_the_cap(text: &[u8]) {
    let mut padded = text.to_vec();
    padded.resize(300_000, b' ');
    let packed = common::gzip(&padded);
    let names: Vec<String> = (0..10).map(|i| format!("copy{i}.json.gz")).collect();
    let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &packed[..])).collect();
    let tar = tar_of(&members);
    assert!(tar.len() * 32 < 1_000_000, "{} bytes", tar.len());
    let options = IngestOptions {
        max_decompressed: 1_000_000,
        ..IngestOptions::default()
    };
    let batch = common::batch_with(&one("copies.tar.gz", common::gzip(&tar)), options);
    assert_eq!(batch.rows.files.len(), 3);
    assert_eq!(
        batch.failures,
        [Failure {
            path: "copies.tar.gz".into(),
            error:
                "too large: its entries together decompress to more than the 1000000 bytes cap, so the rest were not read"
                    .into()
        }]
    );
}

#[test]
fn a_tar_of_only_folders_fails_as_empty_and_text_is_never_taken_for_a_tar() {
    let mut builder = tar::Builder::new(Vec::new());
    let mut folder = tar::Header::new_gnu();
    folder.set_entry_type(tar::EntryType::Directory);
    folder.set_size(0);
    builder
        .append_data(&mut folder, "AWSLogs/", &[][..])
        .expect("in memory");
    let folders = builder.into_inner().expect("in memory");
    let batch = common::batch(&one("folders.tar", folders));
    assert_eq!(batch.failures[0].error, "empty archive: it holds no files");
    // Text of 600 bytes that holds "ustar" where a header's magic would be, without its NUL.
    let mut text = vec![b'x'; 600];
    text[257..262].copy_from_slice(b"ustar");
    let decoded = trailscope_core::decode::Decoder::decode_all(&text, DEFAULT_MAX_DECOMPRESSED);
    assert!(matches!(decoded, Ok(Decoded::Text(_))), "{decoded:?}");
    let gz = trailscope_core::decode::Decoder::decode_all(&common::read("tar/trail.tar.gz"), DEFAULT_MAX_DECOMPRESSED);
    assert!(
        matches!(gz, Ok(Decoded::Archive(Archive::Tar(_)))),
        "a gzip whose text is a tar"
    );
}

/// Each file member (index among the entries, path, bytes) as the tar crate's own reader lists it.
fn members_by_the_tar_crate(archive: &[u8]) -> Vec<(u32, String, Vec<u8>)> {
    use std::io::Read;
    let mut reader = tar::Archive::new(archive);
    let mut members = Vec::new();
    for (index, entry) in reader.entries().expect("an archive").enumerate() {
        let mut entry = entry.expect("a readable header");
        let kind = entry.header().entry_type();
        if kind.is_file() || kind.is_contiguous() {
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("its bytes");
            members.push((index as u32, name, bytes));
        }
    }
    members
}

/// Each file member the splitter hands on when the archive is pushed in `chunk`-byte slices.
fn members_split(archive: &[u8], chunk: usize) -> Vec<(u32, String, Vec<u8>)> {
    let mut members = Vec::new();
    let mut keep = |file: TarFile<'_>| members.push((file.index, file.name, file.bytes.expect("whole").into_owned()));
    let mut splitter = TarSplitter::new(DEFAULT_MAX_DECOMPRESSED);
    for slice in archive.chunks(chunk) {
        splitter.push(slice, &mut keep).expect("readable headers");
    }
    let files = splitter.finish(&mut keep).expect("a whole archive");
    assert_eq!(files as usize, members.len());
    members
}

#[test]
fn the_splitter_hands_on_the_members_the_tar_crate_reads_whatever_the_slices() {
    let trail_tar_gz = common::read("tar/trail.tar.gz");
    let mut trail_tar = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&trail_tar_gz[..]), &mut trail_tar).unwrap();
    let long = format!("{}/{}", "deep".repeat(40), MEMBERS[2]);
    let archives = [
        ("trail.tar.gz inflated", trail_tar),
        ("trail.tar", common::read("tar/trail.tar")),
        ("gnu.tar", common::read("tar/gnu.tar")),
        ("long-name.pax.tar", common::read("tar/long-name.pax.tar")),
        ("old-style.tar", common::read("tar/old-style.tar")),
        ("holding.tar", common::read("tar/holding.tar")),
        (
            "built, with an empty member",
            tar_of(&[("a.json", b"{}"), ("empty", b""), (&long, b"[]")]),
        ),
    ];
    for (name, archive) in archives {
        let expected = members_by_the_tar_crate(&archive);
        assert!(!expected.is_empty(), "{name}");
        for chunk in [archive.len(), 1, 2, 7, 511, 513, 4096] {
            assert_eq!(
                members_split(&archive, chunk),
                expected,
                "{name} in {chunk}-byte slices"
            );
        }
    }
}
