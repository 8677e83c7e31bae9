//! A property test: random and mutated inputs go through every decoding path, and none panics,
//! takes more memory than its input and the cap account for, or takes long.
//!
//! Inputs start from real-shaped seeds (the fixtures: gzip trails, multi-member gzip, zip and tar
//! archives, NDJSON, `lookup-events`, digests, Insights; and containers built here: gzip of a
//! trail, zips of several shapes, gzip in a zip in a zip, a zip in a gzip, a tar.gz of several
//! shapes and a zip), then go through up to
//! four mutations: cut short, bits flipped, bytes overwritten, inserted or deleted, the tail of
//! another seed spliced on, a chunk repeated, random bytes, wrapped in a container. Each input is
//! decoded whole ([`Decoder::decode_all`]) and pushed in slices of random sizes (as the browser
//! reads a file), loaded ([`Ingest`]) under a 3 MiB cap with a name that may or may not match
//! it, merged into a [`Dataset`] and summarised, and the first rows loaded are re-read the way the
//! app opens an event.
//!
//! The cases are a fixed number drawn from a fixed seed, so a run in CI is the same each time.
//! The binary counts its heap (`common::budget`), so it holds only measured tests.

mod common;

use common::budget::measure;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use std::cell::RefCell;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};
use trailscope_core::decode::{Archive, Decoded, Decoder};
use trailscope_core::error::FileError;
use trailscope_core::formats::extract::{event_detail, file_text_read};
use trailscope_core::query::filter::Filter;
use trailscope_core::{Dataset, Ingest, IngestOptions, Summary};

#[global_allocator]
static HEAP: common::budget::Budget = common::budget::Budget;

/// The decompressed-size cap of every path: small, so that an input inflating to it is cheap,
/// and no power of two, so that an output buffer grown by doubling meets it mid-step.
const CAP: u64 = 3 << 20;
/// Cases drawn: each goes through every path.
const CASES: u32 = 3000;
/// The fixed seed of the cases.
const RNG_SEED: [u8; 32] = *b"trailscope: hostile inputs, v1.0";
/// Rows of one load re-read as the app opens an event.
const REREAD_ROWS: usize = 16;
/// What any measured path may use at most, whatever its input: past it the allocator refuses
/// and the binary aborts, instead of taking the machine's memory.
const HARD_LIMIT: usize = 256 << 20;

/// Memory decoding may use beyond its input and output: the inflaters' state and tables.
const DECODE_ALLOWANCE: usize = 512 << 10;
/// How many times its output decoding may hold, and never past the cap: an output buffer grows
/// by doubling (the streaming reader's up to the cap, the one-call inflater's up to twice its
/// limit, half the cap).
const DECODE_PER_BYTE: usize = 2;
/// Memory loading may use beyond its input and output: dictionaries, a hasher, small buffers.
const LOAD_ALLOWANCE: usize = 2 << 20;
/// How many times its input and output loading (or re-reading an event) may hold at once.
const LOAD_PER_BYTE: usize = 8;
/// How long one case (all its paths) may take.
const CASE_TIME: Duration = Duration::from_secs(3);

/// Seeds that fail as they are (damaged on purpose, not CloudTrail, past the cap, or a zip
/// inside a gzip, whose text is not JSON); every other seed loads without a failure.
const DAMAGED: &[&str] = &[
    "bad/",
    "shapes/mixed.ndjson",
    "gzip/bad-crc.json.gz",
    "gzip/truncated.json.gz",
    "zip/archive.zip",
    "zip/deep.zip",
    "zip/empty.zip",
    "tar/truncated.tar",
    "seeds/personalize-list-dataset-groups.json",
    "built/zip-in.gzip",
    "built/bomb.json.gz",
    "built/copies.zip",
];

/// The names a case may load its input under: the name does not decide how it is read, but a
/// digest's path decides whether an archive's files are hashed.
const NAMES: &[&str] = &[
    "x.json.gz",
    "x.json",
    "x.ndjson",
    "x.zip",
    "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/111122223333_CloudTrail-Digest_us-east-1_management-events_us-east-1_20240501T110000Z.json.gz",
    "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T1910Z_x.json.gz",
];

/// One starting input.
struct Seed {
    name: String,
    bytes: Vec<u8>,
    /// Whether it loads as it is without a failure.
    clean: bool,
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("in memory");
    encoder.finish().expect("in memory")
}

/// A zip written by the `zip` crate, with a comment, its first entry stored.
fn library_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let deflated = zip::write::SimpleFileOptions::default();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer.set_comment("written by a zip library").expect("comment");
    for (i, (name, bytes)) in files.iter().enumerate() {
        let options = if i == 0 {
            deflated.compression_method(zip::CompressionMethod::Stored)
        } else {
            deflated
        };
        writer.start_file(*name, options).expect("entry");
        writer.write_all(bytes).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

/// A trail of about `size` bytes, of events with distinct ids.
/// A tar archive of `files` written by the tar crate's builder (GNU long names past 100 bytes).
fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        builder.append_data(&mut header, name, *bytes).expect("in memory");
    }
    builder.into_inner().expect("in memory")
}

fn large_trail(size: usize) -> Vec<u8> {
    let mut text = String::from("{\"Records\":[");
    let mut id = 0;
    while text.len() < size {
        text.push_str(&format!(
            r#"{{"eventVersion":"1.08","eventTime":"2024-05-01T10:{:02}:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"10.0.{}.{}","userIdentity":{{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/u{}","accountId":"111122223333"}},"eventID":"id-{id}","recipientAccountId":"111122223333"}},"#,
            id % 60,
            id / 256 % 256,
            id % 256,
            id % 7,
        ));
        id += 1;
    }
    text.pop();
    text.push_str("]}");
    text.into_bytes()
}

/// The fixtures of every shape, and containers built of them.
fn seeds() -> Vec<Seed> {
    let mut files = common::files(&[
        "shapes",
        "gzip",
        "zip",
        "tar",
        "bad",
        "seeds",
        "insights",
        "lifecycles/athena-query.json",
        "ctgen/trail.json",
        "ctgen/events.ndjson.gz",
        "ctgen/s3/AWSLogs/534439589175/CloudTrail/us-east-1/2025/01/06",
        "ctgen/s3/AWSLogs/534439589175/CloudTrail-Digest/eu-west-1/2025/01/07",
    ]);
    let read = common::read;
    let trail = read("ctgen/trail.json");
    let records = read("shapes/records.json");
    let array = read("shapes/array.json");
    let lookup = read("shapes/lookup-events.json");
    let ndjson = read("shapes/logstash-export.ndjson");
    let digest_path = "AWSLogs/534439589175/CloudTrail-Digest/eu-west-1/2025/01/07/534439589175_CloudTrail-Digest_eu-west-1_management-events_eu-west-1_20250107T000000Z.json.gz";
    let digest = read(&format!("ctgen/s3/{digest_path}"));
    let trail_gz = gzip(&trail);
    let mixed = common::zipper::zip_of(&[
        ("records.json", &records),
        ("lookup.json", &lookup),
        ("logs/export.ndjson", &ndjson),
        ("trail.json.gz", &trail_gz),
        (digest_path, &digest),
    ]);
    let inner = common::zipper::zip_of(&[("AWSLogs/inner/trail.json.gz", &trail_gz)]);
    // Near the cap: a large trail, a gzip bomb past it, and a zip listing the large trail more
    // times than the cap holds in all.
    let large = large_trail(1_000_000);
    let mut bomb = b"{\"Records\":[]}".to_vec();
    bomb.resize(2 * CAP as usize, b' ');
    let copies: Vec<(String, usize)> = (0..8).map(|i| (format!("copy{i}.json"), 0)).collect();
    files.extend([
        ("built/trail.json.gz".to_string(), trail_gz.clone()),
        (
            "built/two-members.json.gz".to_string(),
            [gzip(&records[..1000]), gzip(&records[1000..])].concat(),
        ),
        ("built/mixed.zip".to_string(), mixed.clone()),
        (
            "built/library.zip".to_string(),
            library_zip(&[("records.json", &records), ("logs/trail.json", &trail)]),
        ),
        (
            "built/gzip-in-zip-in-zip.zip".to_string(),
            common::zipper::zip_of(&[("inner.zip", &inner), ("array.json", &array)]),
        ),
        ("built/zip-in.gzip".to_string(), gzip(&mixed)),
        (
            "built/mixed.tar.gz".to_string(),
            gzip(&tar_of(&[
                ("records.json", &records),
                ("lookup.json", &lookup),
                ("logs/export.ndjson", &ndjson),
                ("trail.json.gz", &trail_gz),
                ("inner.zip", &inner),
                (digest_path, &digest),
            ])),
        ),
        ("built/large.json.gz".to_string(), gzip(&large)),
        ("built/bomb.json.gz".to_string(), gzip(&bomb)),
        (
            "built/copies.zip".to_string(),
            common::zipper::zip_listing(&[("large.json", &large)], &copies),
        ),
    ]);
    files
        .into_iter()
        .map(|(name, bytes)| Seed {
            clean: !DAMAGED.iter().any(|damaged| name.starts_with(damaged)),
            name,
            bytes,
        })
        .collect()
}

/// A container an input is put in.
#[derive(Debug, Clone)]
enum Wrapper {
    Gzip,
    /// The only entry of a zip, under one of [`NAMES`].
    Zip(Index),
    /// The only entry of a zip that is the only entry of a zip.
    ZipInZip(Index),
    /// A zip of the input and another seed.
    ZipWith(Index),
}

/// One change to an input; positions are taken relative to its length when applied.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(Index),
    FlipBit(Index, u8),
    Overwrite(Index, Vec<u8>),
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    /// The input up to `at`, then another seed from `from`.
    Splice {
        at: Index,
        other: Index,
        from: Index,
    },
    /// `len` bytes from `start` repeated `times` over in place.
    Repeat {
        start: Index,
        len: usize,
        times: usize,
    },
    /// The input up to `keep`, then random bytes.
    Random {
        keep: Index,
        bytes: Vec<u8>,
    },
    Wrap(Wrapper),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let some_bytes = || prop::collection::vec(any::<u8>(), 1..16);
    prop_oneof![
        2 => any::<Index>().prop_map(Mutation::Truncate),
        3 => (any::<Index>(), 0..8u8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        2 => (any::<Index>(), some_bytes()).prop_map(|(at, bytes)| Mutation::Overwrite(at, bytes)),
        2 => (any::<Index>(), some_bytes()).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        2 => (any::<Index>(), 1..64usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        2 => (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(at, other, from)| Mutation::Splice { at, other, from }),
        1 => (any::<Index>(), 1..4096usize, 2..40usize)
            .prop_map(|(start, len, times)| Mutation::Repeat { start, len, times }),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 0..2048))
            .prop_map(|(keep, bytes)| Mutation::Random { keep, bytes }),
        2 => prop_oneof![
            Just(Wrapper::Gzip),
            any::<Index>().prop_map(Wrapper::Zip),
            any::<Index>().prop_map(Wrapper::ZipInZip),
            any::<Index>().prop_map(Wrapper::ZipWith),
        ]
        .prop_map(Mutation::Wrap),
    ]
}

/// One case: a seed, what is done to it, and how it is read.
#[derive(Debug, Clone)]
struct Case {
    seed: Index,
    mutations: Vec<Mutation>,
    /// The seed's own name, or one of [`NAMES`].
    name: Option<Index>,
    hash_files: bool,
    /// The sizes of the slices the streaming decoder is fed, in turn.
    slices: Vec<usize>,
}

fn case() -> impl Strategy<Value = Case> {
    let mutations = prop_oneof![
        1 => Just(Vec::new()),
        4 => prop::collection::vec(mutation(), 1..=4),
    ];
    let slice = prop_oneof![1..=16usize, 17..=4096usize, 4097..=(1usize << 20)];
    (
        any::<Index>(),
        mutations,
        prop::option::of(any::<Index>()),
        any::<bool>(),
        prop::collection::vec(slice, 1..=4),
    )
        .prop_map(|(seed, mutations, name, hash_files, slices)| Case {
            seed,
            mutations,
            name,
            hash_files,
            slices,
        })
}

/// A position in `0..=len`.
fn at(index: &Index, len: usize) -> usize {
    index.index(len + 1)
}

fn name_of(index: &Index) -> &'static str {
    NAMES[index.index(NAMES.len())]
}

fn wrap(bytes: Vec<u8>, wrapper: &Wrapper, seeds: &[Seed]) -> Vec<u8> {
    match wrapper {
        Wrapper::Gzip => gzip(&bytes),
        Wrapper::Zip(name) => common::zipper::zip_of(&[(name_of(name), &bytes)]),
        Wrapper::ZipInZip(name) => {
            let inner = common::zipper::zip_of(&[(name_of(name), &bytes)]);
            common::zipper::zip_of(&[("inner.zip", &inner)])
        }
        Wrapper::ZipWith(other) => {
            let other = &seeds[other.index(seeds.len())];
            common::zipper::zip_of(&[("this", &bytes), (&other.name, &other.bytes)])
        }
    }
}

fn mutate(mut bytes: Vec<u8>, mutation: &Mutation, seeds: &[Seed]) -> Vec<u8> {
    let len = bytes.len();
    match mutation {
        Mutation::Truncate(i) => bytes.truncate(at(i, len)),
        Mutation::FlipBit(i, bit) if len > 0 => bytes[i.index(len)] ^= 1 << bit,
        Mutation::FlipBit(..) => {}
        Mutation::Overwrite(i, new) => {
            let start = at(i, len);
            let end = (start + new.len()).min(len);
            bytes.splice(start..end, new.iter().copied());
        }
        Mutation::Insert(i, new) => {
            let start = at(i, len);
            bytes.splice(start..start, new.iter().copied());
        }
        Mutation::Delete(i, n) => {
            let start = at(i, len);
            bytes.drain(start..(start + n).min(len));
        }
        Mutation::Splice { at: cut, other, from } => {
            let other = &seeds[other.index(seeds.len())].bytes;
            bytes.truncate(at(cut, len));
            bytes.extend_from_slice(&other[at(from, other.len())..]);
        }
        Mutation::Repeat { start, len: n, times } => {
            let start = at(start, len);
            let chunk = bytes[start..(start + n).min(len)].to_vec();
            let tail = bytes.split_off(start);
            for _ in 0..*times {
                bytes.extend_from_slice(&chunk);
            }
            bytes.extend_from_slice(&tail[chunk.len()..]);
        }
        Mutation::Random { keep, bytes: random } => {
            bytes.truncate(at(keep, len));
            bytes.extend_from_slice(random);
        }
        Mutation::Wrap(wrapper) => return wrap(bytes, wrapper, seeds),
    }
    bytes
}

/// Decodes `bytes` the way the browser reads a file: told its size, fed slices of `sizes` in
/// turn, and no more once it has failed.
fn decode_in_slices(bytes: &[u8], sizes: &[usize]) -> Result<Decoded, FileError> {
    let mut decoder = Decoder::new(CAP).with_input_size(bytes.len() as u64);
    let mut rest = bytes;
    for &size in sizes.iter().cycle() {
        if rest.is_empty() || decoder.has_failed() {
            break;
        }
        let (piece, after) = rest.split_at(size.min(rest.len()));
        decoder.push(piece);
        rest = after;
    }
    decoder.finish()
}

/// What a decoder gave, comparable: archive or text, and its bytes; or the error.
fn outcome(decoded: &Result<Decoded, FileError>) -> Result<(&'static str, &[u8]), &FileError> {
    match decoded {
        Ok(Decoded::Text(bytes)) => Ok(("text", bytes)),
        Ok(Decoded::Cut(bytes)) => Ok(("cut", bytes)),
        Ok(Decoded::Archive(Archive::Zip(bytes))) => Ok(("zip", bytes)),
        Ok(Decoded::Archive(Archive::Tar(bytes))) => Ok(("tar", bytes)),
        Err(error) => Err(error),
    }
}

/// [`measure`] that a panic in `work` leaves as it found it (the limit lifted) before it goes
/// on to the test runner.
fn measured<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let (result, peak) = measure(HARD_LIMIT, || std::panic::catch_unwind(AssertUnwindSafe(work)));
    match result {
        Ok(value) => (value, peak),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// The paths of a case, in the order they run.
const PATHS: [&str; 5] = ["decode_all", "slices", "ingest", "dataset and summary", "re-read"];

/// What the cases met: per path, the largest heap peak and its share of the path's budget; the
/// slowest case; and how many cases loaded, failed, or were a clean seed as it is.
#[derive(Default)]
struct Seen {
    peaks: [usize; PATHS.len()],
    shares: [f64; PATHS.len()],
    time: Duration,
    time_case: String,
    unmutated_clean: usize,
    loaded_rows: usize,
    failed_inputs: usize,
}

/// Runs one case through every path and checks what came out.
fn check(case: &Case, seeds: &[Seed], seen: &RefCell<Seen>) -> Result<(), TestCaseError> {
    let seed = &seeds[case.seed.index(seeds.len())];
    let bytes = case
        .mutations
        .iter()
        .fold(seed.bytes.clone(), |bytes, mutation| mutate(bytes, mutation, seeds));
    let name: &str = case.name.as_ref().map_or(&seed.name, |index| name_of(index));
    let started = Instant::now();
    let mut peaks = Vec::new();

    let (whole, peak) = measured(|| Decoder::decode_all(&bytes, CAP));
    peaks.push(peak);
    let (sliced, peak) = measured(|| decode_in_slices(&bytes, &case.slices));
    peaks.push(peak);
    // The streaming reader is the strict one: what it decodes, decode_all decodes the same. The
    // one-call gzip inflater that decode_all tries first is more lenient with damage (it ignores
    // bytes between a member's deflate data and its trailer, and may call damaged data too large
    // before the damage shows), so for gzip a failure may differ or be a success there.
    if sliced.is_ok() || !bytes.starts_with(&[0x1f, 0x8b]) {
        prop_assert_eq!(outcome(&whole), outcome(&sliced), "decode_all and slices differ");
    }
    // What a path may hold besides its input: the decoded text (or archive), and when decoding
    // failed or gave an archive, what was inflated on the way, at most the cap.
    let output = match &whole {
        Ok(Decoded::Text(text)) => text.len(),
        _ => CAP as usize,
    };
    drop((whole, sliced));

    let options = IngestOptions {
        max_decompressed: CAP,
        hash_files: case.hash_files,
    };
    let (batch, peak) = measured(|| {
        let mut ingest = Ingest::new(options);
        ingest.add_bytes(0, name, &bytes);
        ingest.finish()
    });
    peaks.push(peak);
    let ((data, summary), peak) = measured(|| {
        let data = Dataset::from_batches([batch]);
        let summary = Summary::of(&data, &Filter::default());
        (data, summary)
    });
    peaks.push(peak);
    let rows = data.store.len().min(REREAD_ROWS);
    let (reread, peak) = measured(|| {
        (0..rows)
            .map(|row| {
                let r = data.store.columns.row(row);
                let file = &data.store.files[r.file as usize];
                // Re-read as the app does: a zip's entry from its own bytes, anything else whole.
                let mut read = |range: std::ops::Range<u64>| {
                    let within = bytes.get(range.start as usize..range.end as usize);
                    within
                        .map(<[u8]>::to_vec)
                        .ok_or(FileError::Unreadable("past the end".into()))
                };
                file_text_read(file, bytes.len() as u64, &mut read, CAP)
                    .and_then(|text| event_detail(&text, file, r.offset, r.len))
                    .map(|_| ())
                    .map_err(|e| (file.path.clone(), e))
            })
            .collect::<Result<Vec<()>, _>>()
    });
    peaks.push(peak);
    let took = started.elapsed();

    prop_assert!(reread.is_ok(), "a loaded row cannot be re-read: {:?}", reread);
    for failure in &summary.failed {
        let under = failure.path == name
            || failure.path.starts_with(&format!("{name}/"))
            || failure.path.starts_with(&format!("{name}:"));
        prop_assert!(under, "{:?} is not {} nor under it", failure, name);
        prop_assert!(!failure.error.trim().is_empty(), "{:?} says nothing", failure);
    }
    if case.mutations.is_empty() && seed.clean {
        prop_assert!(
            summary.failed.is_empty(),
            "{} failed as it is: {:?}",
            seed.name,
            summary.failed
        );
        prop_assert!(summary.events + summary.digests > 0, "{} loaded nothing", seed.name);
    }
    let decoding = DECODE_ALLOWANCE + bytes.len() + (DECODE_PER_BYTE * output).min(CAP as usize);
    let loading = LOAD_ALLOWANCE + LOAD_PER_BYTE * (bytes.len() + output);
    let budgets = [decoding, decoding, loading, loading, loading];
    let mut seen = seen.borrow_mut();
    for (i, (&peak, budget)) in peaks.iter().zip(budgets).enumerate() {
        prop_assert!(
            peak <= budget,
            "{}: heap peak {} bytes over its budget {} (input {}, output {})",
            PATHS[i],
            peak,
            budget,
            bytes.len(),
            output
        );
        seen.peaks[i] = seen.peaks[i].max(peak);
        seen.shares[i] = seen.shares[i].max(peak as f64 / budget as f64);
    }
    prop_assert!(took <= CASE_TIME, "took {:?}", took);

    if took > seen.time {
        seen.time = took;
        seen.time_case = format!("{name}, input {} bytes, output {output}", bytes.len());
    }
    seen.unmutated_clean += usize::from(case.mutations.is_empty() && seed.clean);
    seen.loaded_rows += data.store.len();
    seen.failed_inputs += usize::from(!summary.failed.is_empty());
    Ok(())
}

#[test]
fn random_and_mutated_inputs_decode_without_panic_within_memory_and_time() {
    let _alone = common::budget::alone();
    let seeds = seeds();
    let config = Config {
        cases: CASES,
        rng_algorithm: RngAlgorithm::ChaCha,
        failure_persistence: None,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &RNG_SEED));
    let seen = RefCell::new(Seen::default());
    let started = Instant::now();
    let result = runner.run(&case(), |case| check(&case, &seeds, &seen));
    let seen = seen.into_inner();
    println!("{CASES} cases in {:.1?}", started.elapsed());
    for (i, path) in PATHS.iter().enumerate() {
        println!(
            "  {path}: heap peak {} KiB, at most {:.0}% of its budget",
            seen.peaks[i] >> 10,
            seen.shares[i] * 100.0
        );
    }
    println!(
        "  slowest case {:.0?} ({}); {} unmutated clean seeds, {} rows loaded, {} inputs with failures",
        seen.time, seen.time_case, seen.unmutated_clean, seen.loaded_rows, seen.failed_inputs
    );
    if let Err(failure) = result {
        panic!("{failure}");
    }
    // The cases must reach both sides: inputs that load and inputs that fail.
    assert!(
        seen.unmutated_clean >= CASES as usize / 10,
        "{} unmutated",
        seen.unmutated_clean
    );
    assert!(seen.loaded_rows > 0 && seen.failed_inputs > 0);
}

#[test]
fn every_seed_not_damaged_on_purpose_loads_without_failures() {
    let _alone = common::budget::alone();
    let options = IngestOptions {
        max_decompressed: CAP,
        ..IngestOptions::default()
    };
    let mut wrong = Vec::new();
    for seed in seeds() {
        let (summary, _) = measured(|| {
            let mut ingest = Ingest::new(options);
            ingest.add_bytes(0, &seed.name, &seed.bytes);
            Summary::of(&Dataset::from_batches([ingest.finish()]), &Filter::default())
        });
        let loads = summary.failed.is_empty() && summary.events + summary.digests > 0;
        if loads != seed.clean {
            wrong.push((seed.name, summary.events, summary.failed));
        }
    }
    assert!(wrong.is_empty(), "listed wrongly in DAMAGED: {wrong:#?}");
}
