//! `trailscope summary` run as a process on paths that are not a plain trail: folders that link to
//! themselves or to their parent, a FIFO, `/dev/zero`, and sparse files far over `--max-size`.
//! Each run has a time budget that a hang breaks (the process is killed then), and where memory
//! is at stake a budget on the process's peak resident memory (`ru_maxrss` from `wait4`); a run
//! that grows past [`RSS_KILL_MIB`] is killed before it can take the machine's memory.
#![cfg(unix)]

use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a run may take: a few hundred milliseconds measured in a debug build on a loaded
/// 2-core machine; a walk that loops or a read that blocks never ends.
const SECONDS: u64 = 20;
/// Peak resident memory a run may reach: measured at 5–6 MiB on these inputs; reading a 1 GiB
/// file whole, or `/dev/zero` until the kill, passes it by far.
const RSS_BUDGET_MIB: u64 = 64;
/// Resident memory at which a run is killed at once, so that a regression fails the test
/// instead of filling the machine.
const RSS_KILL_MIB: u64 = 1024;

/// A fresh empty folder named after the test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trailscope-paths-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary folder");
    dir
}

/// A `{"Records":[…]}` file of one event whose `eventID` is `id`.
fn trail_file(path: &Path, id: &str) {
    let event = serde_json::json!({"Records": [{
        "eventVersion": "1.09", "eventTime": "2025-01-06T10:00:00Z", "eventSource": "s3.amazonaws.com",
        "eventName": "GetObject", "awsRegion": "us-east-1", "eventID": id,
        "userIdentity": {"type": "IAMUser", "accountId": "111122223333", "userName": "alice"},
    }]});
    std::fs::write(path, event.to_string()).expect("write a trail file");
}

/// What one run printed and cost.
struct Run {
    summary: Value,
    peak_rss_mib: u64,
    seconds: f64,
}

/// Runs `trailscope summary ARGS...` within the budgets, panicking (after killing it) on a run
/// that takes longer than [`SECONDS`] or grows past [`RSS_KILL_MIB`].
fn summary(dir: &Path, args: &[&OsStr]) -> Run {
    let out = dir.join("summary.out");
    // Reaped by wait4 below, which also gives its peak memory.
    let pid = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .arg("summary")
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("output file"))
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run trailscope")
        .id() as libc::pid_t;
    let started = Instant::now();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(reaped >= 0, "wait4 failed");
        if reaped == pid {
            break;
        }
        let rss = resident_mib(pid);
        let elapsed = started.elapsed();
        if elapsed > Duration::from_secs(SECONDS) || rss > RSS_KILL_MIB {
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::wait4(pid, &mut status, 0, &mut usage);
            }
            panic!(
                "trailscope summary {args:?} killed after {:.1} s at {rss} MiB resident",
                elapsed.as_secs_f64()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "exit status {status}"
    );
    let text = std::fs::read_to_string(&out).expect("the summary");
    let summary = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    // ru_maxrss is in KiB on Linux.
    let peak_rss_mib = usage.ru_maxrss as u64 / 1024;
    eprintln!("trailscope summary {args:?}: {seconds:.2} s, peak resident memory {peak_rss_mib} MiB");
    Run {
        summary,
        peak_rss_mib,
        seconds,
    }
}

/// The process's resident memory now, from `/proc` (0 where there is none).
fn resident_mib(pid: libc::pid_t) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kib| kib / 1024)
}

/// The summary's failures as `(path, error)`.
fn failures(summary: &Value) -> Vec<(String, String)> {
    summary["failed"]
        .as_array()
        .expect("failed")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["error"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn folders_that_link_to_themselves_or_their_parent_are_walked_once() {
    let dir = folder("links");
    let trail = dir.join("trail");
    std::fs::create_dir_all(trail.join("sub")).unwrap();
    trail_file(&trail.join("good.json"), "00000000-0000-4000-8000-000000000001");
    trail_file(&trail.join("sub/more.json"), "00000000-0000-4000-8000-000000000002");
    std::os::unix::fs::symlink(".", trail.join("itself")).unwrap();
    std::os::unix::fs::symlink("..", trail.join("sub/parent")).unwrap();
    std::os::unix::fs::symlink("../../trail", trail.join("sub/trail-again")).unwrap();
    // A link to a folder outside is followed: its files are read.
    std::fs::create_dir_all(dir.join("elsewhere")).unwrap();
    trail_file(&dir.join("elsewhere/kept.json"), "00000000-0000-4000-8000-000000000003");
    std::os::unix::fs::symlink("../elsewhere", trail.join("linked")).unwrap();
    let run = summary(&dir, &[trail.as_os_str()]);
    assert_eq!(failures(&run.summary), []);
    assert_eq!(run.summary["files"], 3, "{}", run.summary);
    assert_eq!(run.summary["events"], 3);
    assert_eq!(run.summary["duplicates"], 0, "each file was read once");
    assert!(run.seconds < SECONDS as f64);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_fifo_given_or_met_in_a_folder_is_listed_and_never_opened() {
    let dir = folder("fifo");
    std::fs::create_dir_all(dir.join("trail")).unwrap();
    trail_file(&dir.join("trail/good.json"), "00000000-0000-4000-8000-000000000001");
    let pipe = dir.join("trail/pipe.json");
    let made = Command::new("mkfifo").arg(&pipe).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available here");
        return;
    }
    let run = summary(&dir, &[pipe.as_os_str(), dir.join("trail").as_os_str()]);
    let reason = "cannot be read: a named pipe (FIFO), not a regular file".to_string();
    let name = pipe.display().to_string();
    assert_eq!(failures(&run.summary), [(name.clone(), reason.clone()), (name, reason)]);
    assert_eq!(run.summary["events"], 1, "the file beside it loads");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dev_zero_is_listed_without_being_read() {
    let dir = folder("dev-zero");
    let run = summary(&dir, &[OsStr::new("/dev/zero")]);
    assert_eq!(
        failures(&run.summary),
        [(
            "/dev/zero".to_string(),
            "cannot be read: a character device, not a regular file".to_string()
        )]
    );
    assert!(run.peak_rss_mib < RSS_BUDGET_MIB, "{} MiB at peak", run.peak_rss_mib);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn files_over_the_cap_are_refused_by_their_size_before_they_are_read() {
    let dir = folder("sparse");
    // 1 GiB each, sparse (no disk used): plain text, and a zip archive's first bytes.
    let plain = dir.join("huge.json");
    let zip = dir.join("huge.zip");
    for (path, head) in [(&plain, &b"{\"Records\":["[..]), (&zip, &b"PK\x03\x04"[..])] {
        std::fs::write(path, head).unwrap();
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|f| f.set_len(1 << 30))
            .unwrap();
    }
    let good = dir.join("good.json");
    trail_file(&good, "00000000-0000-4000-8000-000000000001");
    let run = summary(
        &dir,
        &[
            OsStr::new("--max-size"),
            OsStr::new("1048576"),
            plain.as_os_str(),
            zip.as_os_str(),
            good.as_os_str(),
        ],
    );
    let reason = "too large: decompresses to more than the 1 MiB cap".to_string();
    assert_eq!(
        failures(&run.summary),
        [
            (plain.display().to_string(), reason.clone()),
            (zip.display().to_string(), reason)
        ]
    );
    assert_eq!(run.summary["events"], 1, "the file beside them loads");
    assert!(run.peak_rss_mib < RSS_BUDGET_MIB, "{} MiB at peak", run.peak_rss_mib);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_plain_file_over_the_default_cap_of_1_gib_is_refused_by_its_size() {
    let dir = folder("default-cap");
    let huge = dir.join("huge.json");
    std::fs::write(&huge, b"{\"Records\":[").unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&huge)
        .and_then(|f| f.set_len((1 << 30) + 1))
        .unwrap();
    let run = summary(&dir, &[huge.as_os_str()]);
    assert_eq!(
        failures(&run.summary),
        [(
            huge.display().to_string(),
            "too large: decompresses to more than the 1 GiB cap".to_string()
        )]
    );
    assert!(run.peak_rss_mib < RSS_BUDGET_MIB, "{} MiB at peak", run.peak_rss_mib);
    let _ = std::fs::remove_dir_all(&dir);
}

/// One gzip member holding `data` in a stored deflate block (`data` under 64 KiB).
fn gzip_member(data: &[u8]) -> Vec<u8> {
    let crc = !data.iter().fold(!0u32, |crc, &byte| {
        (0..8).fold(crc ^ u32::from(byte), |c, _| {
            (c >> 1) ^ (0xedb8_8320 & (c & 1).wrapping_neg())
        })
    });
    let len = data.len() as u16;
    let mut member = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1];
    member.extend_from_slice(&len.to_le_bytes());
    member.extend_from_slice(&(!len).to_le_bytes());
    member.extend_from_slice(data);
    member.extend_from_slice(&crc.to_le_bytes());
    member.extend_from_slice(&(data.len() as u32).to_le_bytes());
    member
}

#[test]
fn gzip_larger_than_the_cap_is_read_as_far_as_its_output_allows() {
    let dir = folder("gzip-over-cap");
    // 2,000 bytes of empty members, then one event: larger than a 1,000-byte cap on disk, well
    // under it once inflated. The app streams such a file through its decoder, and so does the
    // command, so that both give the same answer.
    let event = br#"{"Records":[{"eventID":"a","eventTime":"2025-01-06T10:00:00Z","eventName":"GetObject"}]}"#;
    let fits = dir.join("fits.json.gz");
    let mut bytes: Vec<u8> = (0..100).flat_map(|_| gzip_member(b"")).collect();
    bytes.extend(gzip_member(event));
    std::fs::write(&fits, &bytes).unwrap();
    let over = dir.join("over.json.gz");
    std::fs::write(&over, gzip_member(&[b' '; 1_500])).unwrap();
    let run = summary(
        &dir,
        &[
            OsStr::new("--max-size"),
            OsStr::new("1000"),
            fits.as_os_str(),
            over.as_os_str(),
        ],
    );
    assert_eq!(
        failures(&run.summary),
        [(
            over.display().to_string(),
            "too large: decompresses to more than the 1000 bytes cap".to_string()
        )]
    );
    assert_eq!(run.summary["events"], 1);
    let _ = std::fs::remove_dir_all(&dir);
}
