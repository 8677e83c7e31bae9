//! The facets of every dimension, on the generated multi-account folder the browser tests load
//! (800 ct-gen events, 3 accounts, 2 regions), agree with counts made the slow obvious way: the
//! files' JSON read here with serde_json, each event's fields taken as strings, the filter decided
//! on those strings (see `common::plain`), and each value counted, ranked and cut at fifty here.
//! A list dimension's facet is counted under the filter without that dimension's choices; the
//! others under the whole filter.

mod common;

use common::plain::{attach_resources, passes, plain_records, Plain};
use std::collections::BTreeMap;
use trailscope_core::query::facets::{Facet, Facets, MAX_FACET_VALUES};
use trailscope_core::query::filter::{Dimension, Filter, Outcome};
use trailscope_core::Dataset;

/// Every non-empty value of `values` with its count, busiest first, ties by value.
fn ranked<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> Vec<(String, u64)> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for v in values {
        let v = v.as_ref();
        if !v.is_empty() {
            *counts.entry(v.to_string()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, u64)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
}

/// The facet of `values` made plainly: empty values (absent) left out, counted, ranked busiest
/// first with ties by value, cut at fifty.
fn expected<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> Facet {
    let mut ranked = ranked(values);
    let distinct = ranked.len() as u64;
    ranked.truncate(50);
    Facet {
        values: ranked,
        distinct,
    }
}

/// A record's operation as the Operation dimension spells it, empty when it has neither part.
fn operation(r: &Plain) -> String {
    if r.source.is_empty() && r.operation.is_empty() {
        String::new()
    } else {
        format!("{} {}", r.source, r.operation)
    }
}

/// A list dimension's values of a record (a record may touch several resources).
fn values_of(r: &Plain, dimension: Dimension) -> Vec<String> {
    match dimension {
        Dimension::Account => vec![r.account.clone()],
        Dimension::Region => vec![r.region.clone()],
        Dimension::Source => vec![r.source.clone()],
        Dimension::Operation => vec![operation(r)],
        Dimension::Principal => vec![r.principal.clone()],
        Dimension::Error => vec![r.error.clone()],
        Dimension::Resource => r.resources.clone(),
    }
}

fn facet_of(facets: &Facets, dimension: Dimension) -> &Facet {
    match dimension {
        Dimension::Account => &facets.accounts,
        Dimension::Region => &facets.regions,
        Dimension::Source => &facets.sources,
        Dimension::Operation => &facets.operations,
        Dimension::Principal => &facets.principals,
        Dimension::Error => &facets.errors,
        Dimension::Resource => &facets.resources,
    }
}

/// The multi-account folder, loaded, and its events as plain records with their resources.
fn loaded() -> (Dataset, Vec<Plain>) {
    let files = common::e2e_files("multi");
    let data = Dataset::from_batches([common::batch(&files)]);
    let mut records = plain_records(&files);
    attach_resources(&mut records, &data, &files);
    assert_eq!(data.store.len(), records.len(), "every event loaded once");
    assert_eq!(records.len(), 800);
    (data, records)
}

/// The `k`-th busiest value of a list dimension among all records.
fn busiest(records: &[Plain], dimension: Dimension, k: usize) -> String {
    let all = expected(records.iter().flat_map(|r| values_of(r, dimension)));
    all.values[k.min(all.values.len() - 1)].0.clone()
}

/// Filters choosing values of every list dimension, alone and together (so that rows turned
/// away by two dimensions at once are met), with the other parts.
fn filters(records: &[Plain]) -> Vec<Filter> {
    let pick = |dimension, k| busiest(records, dimension, k);
    let dated = records.iter().filter_map(|r| r.time);
    let (first, last) = (dated.clone().min().unwrap(), dated.max().unwrap());
    let mut out = vec![Filter::default()];
    for dimension in Dimension::ALL {
        let mut one = Filter::default();
        one.values_mut(dimension).push(pick(dimension, 0));
        out.push(one.clone());
        one.values_mut(dimension).push(pick(dimension, 2));
        out.push(one);
    }
    out.extend([
        Filter {
            accounts: vec![pick(Dimension::Account, 1)],
            sources: vec![pick(Dimension::Source, 0), pick(Dimension::Source, 3)],
            principals: vec![pick(Dimension::Principal, 0), pick(Dimension::Principal, 4)],
            ..Filter::default()
        },
        Filter {
            regions: vec![pick(Dimension::Region, 1)],
            operations: vec![pick(Dimension::Operation, 0), pick(Dimension::Operation, 5)],
            outcome: Some(Outcome::Success),
            read_only: Some(true),
            ..Filter::default()
        },
        Filter {
            from: Some(first + (last - first) / 4),
            to: Some(last - (last - first) / 4),
            accounts: vec![pick(Dimension::Account, 0)],
            errors: vec![pick(Dimension::Error, 0), pick(Dimension::Error, 1)],
            resources: vec![pick(Dimension::Resource, 0)],
            ..Filter::default()
        },
        Filter {
            regions: vec![pick(Dimension::Region, 0)],
            principals: vec!["no such principal".into()],
            text: "-ip:10.".into(),
            ..Filter::default()
        },
        Filter {
            sources: vec![pick(Dimension::Source, 1)],
            text: "agent:aws".into(),
            read_only: Some(false),
            ..Filter::default()
        },
    ]);
    out
}

#[test]
fn every_facet_agrees_with_counting_plain_records() {
    let (data, records) = loaded();
    for filter in filters(&records) {
        let v = common::view(&data, filter.clone());
        let selected: Vec<&Plain> = records.iter().filter(|r| passes(r, &filter)).collect();
        for dimension in Dimension::ALL {
            let mut wider = filter.clone();
            wider.values_mut(dimension).clear();
            let counted = records
                .iter()
                .filter(|r| passes(r, &wider))
                .flat_map(|r| values_of(r, dimension));
            assert_eq!(
                *facet_of(&v.facets, dimension),
                expected(counted),
                "{dimension:?} without its own choices under {filter:?}"
            );
        }
        let f = &v.facets;
        let whole = |field: fn(&Plain) -> &str| expected(selected.iter().map(|r| field(r)));
        assert_eq!(f.sessions, whole(|r| &r.session), "sessions under {filter:?}");
        assert_eq!(f.access_keys, whole(|r| &r.access_key), "keys under {filter:?}");
        assert_eq!(f.source_ips, whole(|r| &r.ip), "IPs under {filter:?}");
        assert_eq!(f.user_agents, whole(|r| &r.user_agent), "user agents under {filter:?}");
        let reads = selected.iter().filter(|r| r.read_only == Some(true)).count() as u64;
        let writes = selected.iter().filter(|r| r.read_only == Some(false)).count() as u64;
        assert_eq!((f.reads, f.writes), (reads, writes), "{filter:?}");
    }
}

#[test]
fn facets_are_cut_at_fifty_and_count_every_value() {
    let (data, records) = loaded();
    let f = common::view(&data, Filter::default()).facets;
    let cut = [
        &f.source_ips,
        &f.operations,
        &f.user_agents,
        &f.access_keys,
        &f.resources,
    ];
    for facet in cut {
        assert_eq!(facet.values.len(), MAX_FACET_VALUES);
        assert!(facet.distinct > MAX_FACET_VALUES as u64, "{}", facet.distinct);
        // A cached view holds its lists, not room for every value it counted.
        assert!(
            facet.values.capacity() <= MAX_FACET_VALUES,
            "{}",
            facet.values.capacity()
        );
        assert!(facet
            .values
            .windows(2)
            .all(|w| w[0].1 > w[1].1 || (w[0].1 == w[1].1 && w[0].0 < w[1].0)));
    }
    // Where equally busy values straddle the cut, the order by value decides which are listed.
    let plainly = [
        (&f.source_ips, ranked(records.iter().map(|r| r.ip.as_str()))),
        (&f.user_agents, ranked(records.iter().map(|r| r.user_agent.as_str()))),
        (&f.access_keys, ranked(records.iter().map(|r| r.access_key.as_str()))),
        (&f.operations, ranked(records.iter().map(operation))),
        (&f.resources, ranked(records.iter().flat_map(|r| r.resources.iter()))),
    ];
    let mut ties = 0;
    for (facet, all) in plainly {
        assert_eq!(facet.values, all[..MAX_FACET_VALUES]);
        ties += usize::from(all[MAX_FACET_VALUES - 1].1 == all[MAX_FACET_VALUES].1);
    }
    assert!(ties > 0, "some cut falls among equally busy values");
    assert_eq!(f.accounts.distinct, 3);
    assert_eq!(
        f.reads + f.writes,
        records.iter().filter(|r| r.read_only.is_some()).count() as u64
    );
}

#[test]
fn a_chosen_value_leaves_the_others_of_its_dimension_pickable() {
    let (data, records) = loaded();
    let account = busiest(&records, Dimension::Account, 0);
    let region = busiest(&records, Dimension::Region, 0);
    let v = common::view(
        &data,
        Filter {
            accounts: vec![account.clone()],
            regions: vec![region],
            ..Filter::default()
        },
    );
    let accounts: Vec<&str> = v.facets.accounts.values.iter().map(|(a, _)| a.as_str()).collect();
    assert!(accounts.len() > 1, "a second account can still be picked: {accounts:?}");
    assert!(accounts.contains(&account.as_str()));
    assert_eq!(v.facets.regions.distinct, 2, "the other region is still offered");
    let in_account = records.iter().filter(|r| r.account == account).count() as u64;
    let regions_total: u64 = v.facets.regions.values.iter().map(|(_, n)| n).sum();
    assert_eq!(
        regions_total, in_account,
        "regions are counted within the chosen account"
    );
}
