//! Which colour each chart series is drawn in. Only CSS class names are chosen here; the colours
//! are custom properties in `static/views.css` with a light and a dark value each, so a theme
//! change never needs a re-render. The tests below check that stylesheet: every text colour
//! against its background passes WCAG AA (4.5:1) and every series colour stands out from the
//! chart background (3:1, WCAG 1.4.11) in both themes.

use trailscope_core::query::timeline::SeriesKey;

/// Fill classes for event-source series, in the timeline's order (busiest first); the palette
/// holds as many as the timeline shows sources by name.
const SOURCE_FILLS: [&str; 8] = [
    "tsv-fill-0",
    "tsv-fill-1",
    "tsv-fill-2",
    "tsv-fill-3",
    "tsv-fill-4",
    "tsv-fill-5",
    "tsv-fill-6",
    "tsv-fill-7",
];

/// The fill class of series `index`, counting `key`: outcomes keep their meaning (success green,
/// error red with a hatch, so they differ without colour too), the others are neutral grey, and
/// sources, principals and addresses take the palette in order.
pub fn series_class(index: usize, key: &SeriesKey) -> &'static str {
    match key {
        SeriesKey::Error => "tsv-fill-error",
        SeriesKey::Success => "tsv-fill-success",
        SeriesKey::Other => "tsv-fill-other",
        SeriesKey::Source(_) | SeriesKey::Principal(_) | SeriesKey::Ip(_) => SOURCE_FILLS[index % SOURCE_FILLS.len()],
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const CSS: &str = include_str!("../../../../static/views.css");

    type Rgb = (f64, f64, f64);
    type Theme = HashMap<String, Rgb>;

    /// `--tsv-*: #rrggbb` declarations of the first block opened by `opener` after `from`.
    fn variables(from: usize, opener: &str) -> Theme {
        let start = CSS[from..].find(opener).expect("theme block") + from;
        let body = &CSS[start..start + CSS[start..].find('}').expect("block end")];
        body.lines()
            .filter_map(|line| {
                let (name, value) = line.trim().trim_end_matches(';').split_once(':')?;
                let hex = value.trim().strip_prefix('#')?;
                let channel = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                (name.starts_with("--tsv-") && hex.len() == 6)
                    .then(|| (name.to_string(), (channel(0), channel(2), channel(4))))
            })
            .collect()
    }

    fn themes() -> Vec<(&'static str, Theme)> {
        let dark = CSS.find("prefers-color-scheme: dark").expect("dark theme");
        vec![("light", variables(0, ":root")), ("dark", variables(dark, ":root"))]
    }

    fn luminance((r, g, b): Rgb) -> f64 {
        let linear = |c: f64| {
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    fn contrast(a: Rgb, b: Rgb) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_series_has_its_own_class() {
        let source = SeriesKey::Source("x".into());
        let sources: Vec<&str> = (0..8).map(|i| series_class(i, &source)).collect();
        let unique: std::collections::HashSet<&str> = sources.iter().copied().collect();
        assert_eq!(unique.len(), 8);
        assert_eq!(series_class(8, &SeriesKey::Other), "tsv-fill-other");
        assert_eq!(series_class(0, &SeriesKey::Success), "tsv-fill-success");
        assert_eq!(series_class(1, &SeriesKey::Error), "tsv-fill-error");
        for class in sources
            .iter()
            .chain(&["tsv-fill-other", "tsv-fill-success", "tsv-fill-error"])
        {
            assert!(CSS.contains(&format!(".{class}")), "{class} has no rule");
        }
    }

    #[test]
    fn text_passes_wcag_aa_in_both_themes() {
        let pairs = [
            ("--tsv-fg", "--tsv-bg"),
            ("--tsv-fg", "--tsv-surface"),
            ("--tsv-muted", "--tsv-bg"),
            ("--tsv-muted", "--tsv-surface"),
            ("--tsv-accent", "--tsv-bg"),
            ("--tsv-accent", "--tsv-surface"),
            ("--tsv-fg", "--tsv-selected"),
            ("--tsv-muted", "--tsv-selected"),
            ("--tsv-accent", "--tsv-selected"),
            ("--tsv-error-text", "--tsv-bg"),
            ("--tsv-error-text", "--tsv-surface"),
            ("--tsv-error-text", "--tsv-selected"),
            ("--tsv-warn-fg", "--tsv-warn-bg"),
            ("--tsv-badge-fg", "--tsv-badge-bg"),
            ("--tsv-read-fg", "--tsv-read-bg"),
            ("--tsv-write-fg", "--tsv-write-bg"),
            ("--tsv-chip-fg", "--tsv-chip-bg"),
            ("--tsv-button-fg", "--tsv-button-bg"),
        ];
        for (theme, vars) in themes() {
            for (fg, bg) in pairs {
                let ratio = contrast(vars[fg], vars[bg]);
                assert!(ratio >= 4.5, "{theme}: {fg} on {bg} is {ratio:.2}:1");
            }
        }
    }

    #[test]
    fn graphics_stand_out_in_both_themes() {
        let mut fills: Vec<String> = (0..8).map(|i| format!("--tsv-series-{i}")).collect();
        fills.extend(["--tsv-series-other", "--tsv-success", "--tsv-error"].map(String::from));
        for (theme, vars) in themes() {
            for fill in fills.iter().chain(&["--tsv-focus".to_string()]) {
                for bg in ["--tsv-bg", "--tsv-surface"] {
                    let ratio = contrast(vars[fill.as_str()], vars[bg]);
                    assert!(ratio >= 3.0, "{theme}: {fill} on {bg} is {ratio:.2}:1");
                }
            }
            let distinct: std::collections::HashSet<String> =
                fills.iter().map(|f| format!("{:?}", vars[f.as_str()])).collect();
            assert_eq!(distinct.len(), fills.len(), "{theme}: two series share a colour");
        }
    }
}
