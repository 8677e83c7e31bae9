//! A zip archive read in parts (its central directory found from its last bytes, then its entries
//! in parts, each part's bytes read at once, on several threads or by helpers lent a share of
//! the archive's allowance) loads exactly as the archive held whole
//! (`Ingest::add_bytes`): the same summary, failures, files and re-read events, and it never
//! asks for bytes twice nor for the whole archive.

mod common;

use common::zipper::{zip_listing, zip_of};
use std::io::Write;
use std::ops::Range;
use std::sync::Mutex;
use trailscope_core::decode::zip::ZipIndex;
use trailscope_core::formats::extract::{file_text, file_text_read};
use trailscope_core::ingest::ZipOpening;
use trailscope_core::query::filter::Filter;
use trailscope_core::{Dataset, FileError, Ingest, IngestOptions, Summary};

const NAME: &str = "trail.zip";

/// The archive's bytes, and every range asked of them.
struct Positioned<'a> {
    bytes: &'a [u8],
    asked: Mutex<Vec<Range<u64>>>,
}

impl Positioned<'_> {
    fn read(&self, range: Range<u64>) -> &[u8] {
        self.asked.lock().unwrap().push(range.clone());
        &self.bytes[range.start as usize..range.end as usize]
    }
}

fn options(cap: u64) -> IngestOptions {
    IngestOptions {
        max_decompressed: cap,
        ..IngestOptions::default()
    }
}

/// The archive loaded whole, as one file.
fn whole(bytes: &[u8], cap: u64) -> Dataset {
    let mut ingest = Ingest::new(options(cap));
    ingest.add_bytes(0, NAME, bytes);
    Dataset::from_batches([ingest.finish()])
}

/// How the loaders of an archive's parts share its allowance.
#[derive(Debug, Clone, Copy)]
enum Sharing {
    /// Threads spend the archive's own allowance.
    Threads(usize),
    /// Helpers with no shared memory (browser workers), this many at once, are each lent what
    /// was left when their part was handed out, and settle what they spent when they answer.
    Lent(usize),
}

/// Entries in a part, few so that every archive here has several parts.
const PART_ENTRIES: usize = 2;

/// The archive loaded in parts, dealt round-robin to loaders as `sharing` says, each with its own
/// `Ingest`; also the ranges asked, in order.
fn in_parts(bytes: &[u8], cap: u64, sharing: Sharing) -> (Dataset, Vec<Range<u64>>) {
    let file = Positioned {
        bytes,
        asked: Mutex::new(Vec::new()),
    };
    let len = bytes.len() as u64;
    let mut first = Ingest::new(options(cap));
    let zip = match first.open_zip(0, NAME, len, &mut |range| Ok(file.read(range).to_vec())) {
        ZipOpening::Open(zip) => zip,
        ZipOpening::Failed => {
            return (
                Dataset::from_batches([first.finish()]),
                file.asked.into_inner().unwrap(),
            )
        }
        // Not a zip read in parts (an empty archive starts with its end record): read whole.
        ZipOpening::Whole => return (whole(bytes, cap), Vec::new()),
    };
    let parts = zip.parts(PART_ENTRIES, 1 << 20);
    let (Sharing::Threads(loaders) | Sharing::Lent(loaders)) = sharing;
    let mut ingests: Vec<Ingest> = (1..loaders).map(|_| Ingest::new(options(cap))).collect();
    ingests.insert(0, first);
    match sharing {
        Sharing::Threads(threads) => std::thread::scope(|scope| {
            for (thread, ingest) in ingests.iter_mut().enumerate() {
                let (zip, file, parts) = (&zip, &file, &parts);
                scope.spawn(move || {
                    for part in parts.iter().skip(thread).step_by(threads) {
                        ingest.add_zip_entries(part, zip.cap(), &mut |range| Ok(file.read(range).to_vec()));
                    }
                });
            }
        }),
        Sharing::Lent(helpers) => {
            for wave in parts.chunks(helpers) {
                let lent: Vec<_> = wave
                    .iter()
                    .map(|part| (part.lent_cap(zip.cap().left()), zip.cap().left()))
                    .collect();
                for ((part, (cap, left)), ingest) in wave.iter().zip(&lent).zip(&mut ingests) {
                    ingest.add_zip_entries(part, cap, &mut |range| Ok(file.read(range).to_vec()));
                    zip.cap().settle(left - cap.left(), cap.exceeded());
                }
            }
        }
    }
    ingests[0].finish_zip(&zip);
    let data = Dataset::from_batches(ingests.into_iter().map(Ingest::finish));
    (data, file.asked.into_inner().unwrap())
}

/// Every file's path, entries and shape, in a stable order.
fn files_of(data: &Dataset) -> Vec<String> {
    let mut files: Vec<String> = data.store.files.iter().map(|f| format!("{f:?}")).collect();
    files.sort();
    files
}

/// Every event re-read from the archive's bytes, in a stable order.
fn events_of(data: &Dataset, bytes: &[u8]) -> Vec<String> {
    let files = [(NAME.to_string(), bytes.to_vec())];
    let mut events: Vec<String> = (0..data.store.len())
        .map(|row| common::event_json(data, &files, row).expect("re-read"))
        .collect();
    events.sort();
    events
}

/// Loading in parts on 1 and 3 threads gives what loading whole gives.
fn assert_same(label: &str, bytes: &[u8], cap: u64) -> Dataset {
    let reference = whole(bytes, cap);
    for sharing in [Sharing::Threads(1), Sharing::Threads(3), Sharing::Lent(2)] {
        let (parts, asked) = in_parts(bytes, cap, sharing);
        let context = format!("{label}, {sharing:?}");
        assert_eq!(parts.failures, reference.failures, "{context}: failures");
        assert_eq!(
            Summary::of(&parts, &Filter::default()),
            Summary::of(&reference, &Filter::default()),
            "{context}: summary"
        );
        assert_eq!(files_of(&parts), files_of(&reference), "{context}: files");
        assert_eq!(
            events_of(&parts, bytes),
            events_of(&reference, bytes),
            "{context}: events"
        );
        assert_never_read_twice(&asked, bytes.len() as u64, &context);
    }
    reference
}

/// Past the first bytes and the tail, no byte is asked but as part of the one range it belongs
/// to (an entry listed twice asks its ranges twice), so the archive is never read whole a second
/// time.
fn assert_never_read_twice(asked: &[Range<u64>], len: u64, context: &str) {
    if asked.is_empty() {
        return;
    }
    let tail = len.saturating_sub(ZipIndex::TAIL_LEN);
    assert_eq!(
        asked[..2],
        [0..4, tail..len],
        "{context}: the first bytes and the tail come first"
    );
    let mut rest: Vec<Range<u64>> = asked[2..].to_vec();
    rest.sort_by_key(|range| (range.start, range.end));
    rest.dedup();
    for pair in rest.windows(2) {
        assert!(pair[0].end <= pair[1].start, "{context}: {pair:?} overlap");
    }
    let total: u64 = rest.iter().map(|range| range.end - range.start).sum();
    assert!(total <= len, "{context}: {total} bytes asked of {len}");
}

fn trail(ids: Range<u32>) -> Vec<u8> {
    let records: Vec<String> = ids
        .map(|i| {
            format!(
                r#"{{"eventVersion":"1.08","eventID":"00000000-0000-4000-8000-{i:012}","eventTime":"2024-05-01T10:{:02}:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.{}","userIdentity":{{"type":"IAMUser","accountId":"111122223333","userName":"u{i}"}},"recipientAccountId":"111122223333"}}"#,
                i % 60,
                i % 250
            )
        })
        .collect();
    format!(r#"{{"Records":[{}]}}"#, records.join(",")).into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("in memory");
    encoder.finish().expect("in memory")
}

/// The archive with its end records made zip64: a zip64 end of central directory record and
/// locator, and an end record whose counts and offsets say "see zip64".
fn as_zip64(mut zip: Vec<u8>) -> Vec<u8> {
    let end = zip.split_off(zip.len() - 22);
    let number = |at: usize, len: usize| end[at..at + len].iter().rev().fold(0u64, |n, &b| n << 8 | u64::from(b));
    let (count, size, offset) = (number(10, 2), number(12, 4), number(16, 4));
    let record = zip.len() as u64;
    zip.extend(b"PK\x06\x06");
    zip.extend(44u64.to_le_bytes());
    zip.extend([45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    for value in [count, count, size, offset] {
        zip.extend(value.to_le_bytes());
    }
    zip.extend(b"PK\x06\x07");
    zip.extend(0u32.to_le_bytes());
    zip.extend(record.to_le_bytes());
    zip.extend(1u32.to_le_bytes());
    zip.extend(b"PK\x05\x06");
    zip.extend([0; 4]);
    zip.extend([0xFF; 12]);
    zip.extend(0u16.to_le_bytes());
    zip
}

#[test]
fn fixture_archives_load_in_parts_as_they_load_whole() {
    for rel in ["zip/archive.zip", "zip/deep.zip", "zip/big-entry.zip", "zip/empty.zip"] {
        assert_same(rel, &common::read(rel), 1 << 30);
    }
    let sample = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../static/sample/trailscope-sample.zip"
    ))
    .unwrap();
    let data = assert_same("the sample", &sample, 1 << 30);
    assert!(data.store.len() > 1000, "the sample loads its events");
}

#[test]
fn hostile_entries_fail_in_parts_as_they_fail_whole() {
    let good = trail(0..40);
    let mut damaged = zip_of(&[
        ("a.json", &good),
        ("b.json", &trail(40..80)),
        ("c.json.gz", &gzip(&trail(80..90))),
    ]);
    // A byte inside b.json's deflate data, past its local header: its CRC32 no longer matches.
    let b_data = damaged.windows(6).position(|w| w == b"b.json").unwrap() + 30;
    damaged[b_data] ^= 0x55;
    let names = zip_listing(
        &[("x.json", &good), ("y.json", &trail(100..120))],
        &[
            ("../../etc/x.json".to_string(), 0),
            ("logs/x.json".to_string(), 0),
            ("logs/x.json".to_string(), 1),
            ("folder/".to_string(), 0),
        ],
    );
    let data = assert_same("damaged", &damaged, 1 << 30);
    let failed: Vec<&str> = data.failures.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(failed, ["trail.zip/b.json"], "the damaged entry alone fails");
    let data = assert_same("names", &names, 1 << 30);
    assert!(data.failures.is_empty(), "{:?}", data.failures);
    assert_eq!(
        files_of(&data).len(),
        3,
        "a ../ name and two entries of one name are each loaded under their own name"
    );
}

#[test]
fn the_caps_hold_in_parts_as_they_hold_whole() {
    let big = trail(0..400);
    let small = trail(400..500);
    let over_per_file = zip_of(&[("big.json", &big), ("small.json", &small)]);
    let cap = big.len() as u64 - 1;
    let data = assert_same("an entry past the cap", &over_per_file, cap);
    assert_eq!(data.failures.len(), 1, "{:?}", data.failures);
    assert!(data.failures[0].error.contains("too large"), "{:?}", data.failures);
    // The archive's entries together pass the cap: on one thread, exactly as whole.
    let listing: Vec<(String, usize)> = (0..50).map(|i| (format!("copy{i:02}.json"), 0)).collect();
    let copies = zip_listing(&[("small.json", &small)], &listing);
    let cap = small.len() as u64 * 10 + 5;
    assert!(
        copies.len() as u64 * 32 < cap,
        "the cap, not the archive's size, bounds it in all"
    );
    let reference = whole(&copies, cap);
    let (one_thread, _) = in_parts(&copies, cap, Sharing::Threads(1));
    assert_eq!(one_thread.failures, reference.failures);
    assert_eq!(one_thread.store.files.len(), 10);
    // On several threads, the entries in flight may each start from what was left; with lent
    // allowances, the parts in flight. The archive still stops, and reads at most one entry a
    // thread, or one part a helper, past its cap.
    let too_large = FileError::ArchiveTooLarge { cap }.to_string();
    for (sharing, most) in [(Sharing::Threads(3), 12), (Sharing::Lent(2), 10 + PART_ENTRIES)] {
        let (data, _) = in_parts(&copies, cap, sharing);
        let stopped = data.failures.iter().any(|f| f.path == NAME && f.error == too_large);
        assert!(stopped, "{sharing:?}: {:?}", data.failures);
        let files = data.store.files.len();
        assert!((10..=most).contains(&files), "{sharing:?}: {files}");
    }
}

#[test]
fn a_zip64_archive_loads_in_parts_as_it_loads_whole() {
    let zip = as_zip64(zip_of(&[
        ("a.json", &trail(0..30)),
        ("b/c.json.gz", &gzip(&trail(30..60))),
    ]));
    let data = assert_same("zip64", &zip, 1 << 30);
    assert_eq!(data.store.len(), 60);
    assert!(data.failures.is_empty(), "{:?}", data.failures);
}

#[test]
fn every_single_byte_damage_fails_in_parts_as_it_fails_whole() {
    let zip = as_zip64(zip_of(&[("a.json", &trail(0..3)), ("b.json.gz", &gzip(&trail(3..5)))]));
    let mut compared = 0;
    for at in 0..zip.len() {
        let mut damaged = zip.clone();
        damaged[at] ^= 0xA5;
        // A file that does not start as a zip does, or whose end records cannot be read, is held
        // whole instead, by the caller.
        if !damaged.starts_with(b"PK\x03\x04") || ZipIndex::directory(&damaged, damaged.len() as u64).is_err() {
            continue;
        }
        let reference = whole(&damaged, 1 << 20);
        let (parts, _) = in_parts(&damaged, 1 << 20, Sharing::Lent(2));
        assert_eq!(parts.failures, reference.failures, "byte {at}");
        assert_eq!(files_of(&parts), files_of(&reference), "byte {at}");
        assert_eq!(parts.store.len(), reference.store.len(), "byte {at}");
        compared += 1;
    }
    assert!(
        compared > zip.len() / 2,
        "{compared} of {} damaged archives compared",
        zip.len()
    );
}

#[test]
fn an_event_of_a_zip_is_re_read_from_its_entry_alone() {
    let sample = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../static/sample/trailscope-sample.zip"
    ))
    .unwrap();
    let cap = 1 << 30;
    let data = whole(&sample, cap);
    let file = Positioned {
        bytes: &sample,
        asked: Mutex::new(Vec::new()),
    };
    let len = sample.len() as u64;
    for row in [0, data.store.len() / 2, data.store.len() - 1] {
        let source = &data.store.files[data.store.columns.file.get(row) as usize];
        let mut read = |range| Ok(file.read(range).to_vec());
        let text = file_text_read(source, len, &mut read, cap).expect("re-read");
        assert_eq!(text, file_text(&sample, source, cap).unwrap(), "{}", source.path);
        let asked: u64 = file.asked.lock().unwrap().drain(..).map(|r| r.end - r.start).sum();
        assert!(
            asked < len / 4,
            "{asked} bytes of {len} read to re-read {}",
            source.path
        );
    }
}
