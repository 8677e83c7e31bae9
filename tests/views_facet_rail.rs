//! Browser tests of the facet rail: mounted with facets and a filter, it lists each dimension's
//! busiest values with their counts, marks what the filter keeps or leaves out, and reports the
//! edit each click makes.
#![cfg(target_arch = "wasm32")]

mod support;

use std::rc::Rc;
use support::*;
use trailscope_app::components::views::facet_rail::{FacetRail, FacetRailProps};
use trailscope_app::components::views::SharedView;
use trailscope_core::query::facets::{Facet, Facets};
use trailscope_core::query::filter::query::Field;
use trailscope_core::query::filter::{Dimension, Filter, FilterEdit};
use trailscope_core::query::view::View;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Renderer;

wasm_bindgen_test_configure!(run_in_browser);

const ADMIN: &str = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0a1b";

fn facet(values: &[(&str, u64)], distinct: u64) -> Facet {
    Facet {
        values: values.iter().map(|&(v, n)| (v.to_string(), n)).collect(),
        distinct,
    }
}

fn facets() -> Facets {
    let ips: Vec<(String, u64)> = (0..8).map(|i| (format!("203.0.113.{i}"), 20 - i)).collect();
    let ips: Vec<(&str, u64)> = ips.iter().map(|(v, n)| (v.as_str(), *n)).collect();
    Facets {
        accounts: facet(&[("111122223333", 40), ("444455556666", 2)], 2),
        regions: facet(&[("us-east-1", 30), ("eu-west-1", 12)], 2),
        principals: facet(&[(ADMIN, 25)], 3),
        source_ips: facet(&ips, 120),
        reads: 30,
        writes: 12,
        ..Facets::default()
    }
}

fn mount(filter: Filter) -> (Element, Log<FilterEdit>) {
    let root = root();
    let (on_edit, log) = recorder();
    let view = SharedView(Rc::new(View {
        facets: facets(),
        ..View::default()
    }));
    let props = FacetRailProps {
        facets: view.part(|v| &v.facets),
        filter,
        on_edit,
    };
    Renderer::<FacetRail>::with_root_and_props(root.clone(), props).render();
    (root, log)
}

/// The rows of one dimension as (name shown, count, kept, left out).
fn rows(root: &Element, group: &str) -> Vec<(String, String, bool, bool)> {
    all(root, &format!(".facet[aria-label='{group}'] .facet-value"))
        .iter()
        .map(|row| {
            let text = |s: &str| one(row, s).text_content().unwrap_or_default();
            let pressed = |s: &str| one(row, s).get_attribute("aria-pressed").as_deref() == Some("true");
            (
                text(".facet-name"),
                text(".facet-count"),
                pressed(".facet-keep"),
                pressed(".facet-leave"),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn facet_rail_lists_values_with_counts_and_the_rest_on_request() {
    let (root, _) = mount(Filter::default());
    settle().await;
    assert_eq!(
        texts(&root, ".facet-title"),
        vec![
            "Account2",
            "Region2",
            "Principaltop 1 of 3",
            "Source IPtop 8 of 120",
            "Read/write"
        ],
        "empty dimensions are left out; a cut list says how many there are"
    );
    assert_eq!(
        rows(&root, "Principal"),
        vec![("role/AWSReservedSSO_Admin_0a1b".into(), "25".into(), false, false)]
    );
    assert_eq!(
        one(&root, ".facet[aria-label='Principal'] .facet-keep")
            .get_attribute("title")
            .as_deref(),
        Some(ADMIN),
        "the whole value is one hover away"
    );
    assert_eq!(rows(&root, "Source IP").len(), 5);
    let more = one(&root, ".facet[aria-label='Source IP'] .facet-more");
    assert_eq!(more.text_content().unwrap(), "Show 3 more");
    click(&more);
    settle().await;
    let ips = rows(&root, "Source IP");
    assert_eq!(ips.len(), 8);
    assert_eq!(
        (ips[7].0.as_str(), ips[7].1.as_str()),
        ("203.0.113.7", "13"),
        "the rarest is reachable"
    );
}

#[wasm_bindgen_test]
async fn facet_rail_clicks_keep_or_leave_out_a_value() {
    let (root, log) = mount(Filter::default());
    settle().await;
    let value = |group: &str, at: usize, button: &str| {
        all(&root, &format!(".facet[aria-label='{group}'] .facet-value"))[at]
            .query_selector(button)
            .unwrap()
            .unwrap()
    };
    click(&value("Region", 1, ".facet-keep"));
    click(&value("Region", 0, ".facet-leave"));
    click(&value("Source IP", 2, ".facet-keep"));
    click(&value("Source IP", 0, ".facet-leave"));
    click(&value("Read/write", 1, ".facet-keep"));
    assert_eq!(
        *log.borrow(),
        vec![
            FilterEdit::Add(Dimension::Region, "eu-west-1".into()),
            FilterEdit::Pivot {
                field: Field::Region,
                value: "us-east-1".into(),
                exclude: true
            },
            FilterEdit::Pivot {
                field: Field::Ip,
                value: "203.0.113.2".into(),
                exclude: false
            },
            FilterEdit::Pivot {
                field: Field::Ip,
                value: "203.0.113.0".into(),
                exclude: true
            },
            FilterEdit::SetReadOnly(Some(false)),
        ]
    );
}

#[wasm_bindgen_test]
async fn facet_rail_marks_what_the_filter_keeps_and_undoes_it() {
    let filter = Filter {
        regions: vec!["eu-west-1".into()],
        text: "-account:=\"444455556666\" ip:=\"203.0.113.1\"".into(),
        read_only: Some(true),
        ..Filter::default()
    };
    let (root, log) = mount(filter);
    settle().await;
    assert_eq!(
        rows(&root, "Region").iter().map(|r| (r.2, r.3)).collect::<Vec<_>>(),
        vec![(false, false), (true, false)]
    );
    assert!(rows(&root, "Account")[1].3, "left out by its exact term");
    assert!(rows(&root, "Source IP")[1].2, "kept by its exact term");
    assert!(rows(&root, "Read/write")[0].2);
    let kept = |group: &str| {
        one(
            &root,
            &format!(".facet[aria-label='{group}'] .facet-value.kept .facet-keep"),
        )
    };
    click(&kept("Region"));
    click(&kept("Source IP"));
    click(&one(
        &root,
        ".facet[aria-label='Account'] .facet-value.left .facet-leave",
    ));
    click(&kept("Read/write"));
    // Leaving out a value the list keeps drops it from the list and writes the exclusion.
    click(&one(
        &root,
        ".facet[aria-label='Region'] .facet-value.kept .facet-leave",
    ));
    assert_eq!(
        *log.borrow(),
        vec![
            FilterEdit::Remove(Dimension::Region, "eu-west-1".into()),
            FilterEdit::Pivot {
                field: Field::Ip,
                value: "203.0.113.1".into(),
                exclude: false
            },
            FilterEdit::Pivot {
                field: Field::Account,
                value: "444455556666".into(),
                exclude: true
            },
            FilterEdit::SetReadOnly(None),
            FilterEdit::Remove(Dimension::Region, "eu-west-1".into()),
            FilterEdit::Pivot {
                field: Field::Region,
                value: "eu-west-1".into(),
                exclude: true
            },
        ]
    );
}
