//! A drop held for a choice: shown as its keys once its last part is here, then only the chosen
//! files read; small drops, drops without keys and a cancelled choice.

use super::*;
use crate::protocol::Choose;
use crate::test_support::TRAIL;
use trailscope_core::catalog::choice::Choice;
use trailscope_core::catalog::Catalog;
use trailscope_core::time::parse_rfc3339;
use wasm_bindgen_test::wasm_bindgen_test;

/// Eight log files, two accounts by two regions by two delivery days, each of TRAIL's three
/// events with ids of its own, and one file without a key.
fn trail_drop() -> (Vec<String>, Vec<Held>) {
    let mut paths = Vec::new();
    for account in ["111122223333", "444455556666"] {
        for region in ["us-east-1", "eu-west-1"] {
            for day in ["01", "02"] {
                paths.push(format!(
                    "trail/AWSLogs/{account}/CloudTrail/{region}/2024/05/{day}/{account}_CloudTrail_{region}_202405{day}T1010Z_x.json.gz"
                ));
            }
        }
    }
    paths.push("lookup-events.json".to_string());
    let files = (0..paths.len())
        .map(|i| file(gzip(&TRAIL.replace("\"eventID\":\"", &format!("\"eventID\":\"{i}-")))))
        .collect();
    (paths, files)
}

fn catalog(out: &[Response]) -> Option<&Catalog> {
    out.iter().find_map(|r| match r {
        Response::Catalog(c) => Some(c),
        _ => None,
    })
}

#[wasm_bindgen_test(unsupported = test)]
fn a_drop_is_shown_as_its_keys_once_complete_and_only_the_chosen_files_are_read() {
    let (paths, files) = trail_drop();
    let mut w = worker(1.0);
    let out = send(
        &mut w,
        load_choosing(&paths[..4], 0, true, Choose::Always),
        files[..4].to_vec(),
    );
    assert!(out.is_empty(), "nothing is read or shown before the last part: {out:?}");
    let out = send(
        &mut w,
        load_choosing(&paths[4..], 4, false, Choose::Always),
        files[4..].to_vec(),
    );
    let shown = catalog(&out).expect("the drop is shown as its keys");
    assert!(!out
        .iter()
        .any(|r| matches!(r, Response::Progress(_) | Response::Loaded(_))));
    assert!(!w.is_busy(), "the worker waits for the choice");
    let accounts: Vec<&str> = shown.accounts.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(accounts, ["111122223333", "444455556666"]);
    assert_eq!(shown.regions, ["eu-west-1", "us-east-1"]);
    assert_eq!((shown.total(|_| true).files, shown.keyless.files), (8, 1));

    let choice = Choice {
        accounts: vec!["444455556666".into()],
        regions: vec!["eu-west-1".into()],
        from_day_ms: parse_rfc3339("2024-05-01T00:00:00Z"),
        to_day_ms: parse_rfc3339("2024-05-01T00:00:00Z"),
    };
    let out = send(&mut w, Request::Choose(Some(choice)), Vec::new());
    let l = loaded(&out);
    assert_eq!(
        (l.progress.files_done, l.events, l.cancelled),
        (3, 9, false),
        "the account's eu-west-1 files of 05-01 and the day after, and the file without a key"
    );
    let read: Vec<&str> = l.failures.iter().map(|f| f.path.as_str()).collect();
    assert!(read.is_empty(), "{read:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_small_drop_is_read_at_once_and_a_large_one_waits() {
    let (paths, files) = trail_drop();
    let out = send(
        &mut worker(1.0),
        load_choosing(&paths, 0, false, Choose::AboveEvents(1_000)),
        files.clone(),
    );
    assert!(catalog(&out).is_none());
    assert_eq!(
        loaded(&out).events,
        27,
        "nine files of three events, read without a choice"
    );

    let mut w = worker(1.0);
    let out = send(
        &mut w,
        load_choosing(&paths, 0, false, Choose::AboveEvents(2)),
        files.clone(),
    );
    let shown = catalog(&out).expect("more events than the limit, from the bytes");
    assert!(shown.total(|_| true).events + shown.keyless.events > 2);
    let out = send(&mut w, Request::Choose(Some(Choice::default())), Vec::new());
    assert_eq!(loaded(&out).events, 27, "the default choice reads everything");

    let keyless: Vec<String> = (0..3).map(|i| format!("export-{i}.json.gz")).collect();
    let out = send(
        &mut worker(1.0),
        load_choosing(&keyless, 0, false, Choose::Always),
        files[..3].to_vec(),
    );
    assert!(
        catalog(&out).is_none(),
        "without a trail's key there is nothing to choose from"
    );
    assert_eq!(loaded(&out).events, 9);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_choice_of_nothing_ends_the_load_as_cancelled_and_keeps_what_was_loaded() {
    let (paths, files) = trail_drop();
    let mut w = worker(1.0);
    let first = send(
        &mut w,
        load_choosing(&paths[..1], 0, false, Choose::Never),
        files[..1].to_vec(),
    );
    assert_eq!(loaded(&first).events, 3);
    send(
        &mut w,
        load_choosing(&paths[1..], 1, false, Choose::Always),
        files[1..].to_vec(),
    );
    let out = send(&mut w, Request::Cancel, Vec::new());
    let l = loaded(&out);
    assert_eq!((l.progress.files_total, l.events, l.cancelled), (0, 3, true));
    assert!(!w.is_busy());
    let again = send(&mut w, Request::Choose(Some(Choice::default())), Vec::new());
    assert!(again.is_empty(), "a choice with nothing held reads nothing: {again:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_cancel_while_the_drop_is_posted_reads_none_of_it_once_complete() {
    let (paths, files) = trail_drop();
    let mut w = worker(1.0);
    let first = load_choosing(&paths[..4], 0, true, Choose::Always);
    assert!(send(&mut w, first, files[..4].to_vec()).is_empty());
    assert!(
        send(&mut w, Request::Cancel, Vec::new()).is_empty(),
        "nothing ends before the last part"
    );
    let last = load_choosing(&paths[4..], 4, false, Choose::Always);
    let out = send(&mut w, last, files[4..].to_vec());
    assert!(catalog(&out).is_none(), "a cancelled drop is not shown for a choice");
    let l = loaded(&out);
    assert_eq!((l.progress.files_total, l.events, l.cancelled), (0, 0, true));
}
