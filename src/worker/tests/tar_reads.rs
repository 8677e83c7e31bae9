//! A large tar.gz read in order by the owner, a slice a step: every member is loaded (by the owner
//! and by helpers sent the members' bytes, or by the owner again when a helper is lost), an event
//! is re-read from its member, and a file cut short keeps the members before the cut (read whole,
//! a cut gzip loads nothing).

use super::helper_jobs::{run_as_helpers, Gone, Kept};
use super::*;
use crate::protocol::Loaded;
use crate::test_support::TRAIL;
use flate2::write::GzEncoder;
use flate2::Compression;
use helpers::JobItem;
use wasm_bindgen_test::wasm_bindgen_test;

/// A tar.gz of `members` log files, each the trail with its own event ids, gzipped as a
/// trail's files are; stored in the outer gzip, which would shrink the alike members to a
/// fraction, so that 2,500 of them take over 1 MiB.
fn trail_tar_gz(members: usize) -> Vec<u8> {
    let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::none()));
    for i in 0..members {
        let text = TRAIL.replace("\"eventID\":\"", &format!("\"eventID\":\"{i}-"));
        let bytes = gzip(&text);
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        let name = format!("AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/f{i}.json.gz");
        builder.append_data(&mut header, name, &bytes[..]).expect("in memory");
    }
    builder.into_inner().and_then(GzEncoder::finish).expect("in memory")
}

#[wasm_bindgen_test(unsupported = test)]
fn a_large_tar_gz_is_read_in_order_and_each_member_loaded() {
    let archive = trail_tar_gz(2500);
    assert!(archive.len() > 1 << 20, "{} bytes", archive.len());
    let mut w = worker(0.0);
    let l = loaded(&send(&mut w, load(&["trail.tar.gz"], 0), vec![file(archive.clone())])).clone();
    assert_eq!(
        (l.events, l.progress.files_done, l.failures.len()),
        (7500, 1, 0),
        "{l:?}"
    );
    assert_eq!(l.progress.bytes_read, archive.len() as u64);
    let out = send(&mut w, Request::Event { generation: 1, row: 0 }, Vec::new());
    let Some(Response::EventJson { result: Ok(detail), .. }) = out.first() else {
        panic!("an event re-read from its member: {out:?}")
    };
    assert!(detail.json.contains("\"eventID\": \""), "{}", detail.json);

    let cut = archive[..archive.len() * 3 / 4].to_vec();
    let l = loaded(&send(&mut worker(0.0), load(&["cut.tar.gz"], 0), vec![file(cut)])).clone();
    assert!(
        l.events > 3000 && l.events < 7500,
        "the members before the cut: {}",
        l.events
    );
    assert_eq!(l.failures.len(), 1, "{:?}", l.failures);
    assert_eq!(l.failures[0].path, "cut.tar.gz");
    assert!(l.failures[0].error.starts_with("truncated gzip"), "{:?}", l.failures);
}

/// What a load of `name` holding `archive` answers with helpers that keep the first jobs they
/// are given, answered as helper workers do (or lost with their helpers, when `lose`).
fn loaded_with_helpers(name: &str, archive: &[u8], lose: bool) -> (Loaded, Vec<JobItem>) {
    let mut w = worker(0.0);
    let kept = Kept::default();
    w.set_helpers(Box::new(kept.clone()));
    let mut out = send(&mut w, load(&[name], 0), vec![file(archive.to_vec())]);
    let jobs: Vec<_> = kept.0.borrow_mut().drain(..).collect();
    let items = jobs.iter().flat_map(|job| job.request().items).collect();
    if lose {
        w.set_helpers(Box::new(Gone));
        jobs.into_iter().for_each(|job| w.job_lost(job));
        while w.step(&mut |r| out.push(r)) {}
    } else {
        run_as_helpers(&mut w, jobs, &mut |r| out.push(r));
    }
    (loaded(&out).clone(), items)
}

#[wasm_bindgen_test(unsupported = test)]
fn a_tar_gzs_members_are_loaded_by_helpers_too_and_load_as_by_the_owner_alone() {
    let archive = trail_tar_gz(2500);
    let cut = archive[..archive.len() * 3 / 4].to_vec();
    for (name, bytes) in [("trail.tar.gz", &archive), ("cut.tar.gz", &cut)] {
        let alone = loaded(&send(&mut worker(0.0), load(&[name], 0), vec![file(bytes.clone())])).clone();
        for lose in [false, true] {
            let (shared, items) = loaded_with_helpers(name, bytes, lose);
            let members = items.iter().filter(|item| matches!(item, JobItem::TarMembers { .. }));
            assert!(
                !items.is_empty() && members.count() == items.len(),
                "{name}: helpers were given members, and only members: {items:?}"
            );
            assert!(alone.events > 3000, "{name}: {alone:?}");
            assert_eq!(
                (shared.events, shared.duplicates, &shared.failures),
                (alone.events, alone.duplicates, &alone.failures),
                "{name}, lost: {lose}"
            );
            let progress = &shared.progress;
            assert_eq!((progress.files_done, progress.files_total), (1, 1), "{name}");
            assert_eq!(progress.bytes_read, bytes.len() as u64, "{name}");
        }
    }
}
