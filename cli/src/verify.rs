//! `trailscope verify`: the integrity report as text, one problem a line, so that a person reads
//! it and a script greps it. Every line holds names from the digests and paths from the trail,
//! so each is written through [`terminal::text`]: a name cannot add a line or reach the terminal.

use crate::terminal;
use std::fmt::Write;
use trailscope_core::integrity::{Chain, FileState, Gap, IntegrityReport, SIGNATURE_NOTE};

/// The report as text: counts, every file that is not verified, every chain with its gaps.
pub fn render(report: &IntegrityReport) -> String {
    let c = &report.counts;
    let mut out = format!(
        "digests {}, verified {}, altered {}, missing {}, not hashed {}, not covered {}, unchecked {}\nchains {} intact, {} broken\n",
        c.digests, c.verified, c.altered, c.missing, c.not_hashed, c.not_covered, c.unchecked, c.chains_intact, c.chains_broken
    );
    let mut line = |text: String| {
        let _ = writeln!(out, "{}", terminal::text(&text));
    };
    for file in &report.files {
        let path = file.path.as_deref().unwrap_or("");
        line(match &file.state {
            FileState::Verified => continue,
            FileState::Altered {
                expected,
                actual,
                digest,
            } => format!(
                "ALTERED {} ({path}): sha256 {} but {digest} says {expected}",
                file.key,
                actual.as_deref().unwrap_or("unknown (the file could not be decoded)")
            ),
            FileState::Missing { digest } => format!("MISSING {}: listed in {digest}, not found", file.key),
            FileState::NotHashed { digest } => format!("NOT HASHED {}: listed in {digest}", file.key),
            FileState::NotCovered => format!("NOT COVERED {} ({path}): listed in no digest", file.key),
        });
    }
    for chain in &report.chains {
        line(chain_line(chain));
        for gap in &chain.gaps {
            line(format!("  GAP {}", gap_line(gap)));
        }
    }
    line(format!("note: {SIGNATURE_NOTE}"));
    out
}

fn chain_line(chain: &Chain) -> String {
    format!(
        "CHAIN {} {} {}: {} digests, {} to {}, {}{}",
        chain.account,
        chain.region,
        chain.trail,
        chain.digests,
        chain.start.as_deref().unwrap_or("?"),
        chain.end.as_deref().unwrap_or("?"),
        if chain.is_intact() { "intact" } else { "BROKEN" },
        if chain.from_trail_start {
            ""
        } else {
            " (starts after the trail's first digest)"
        }
    )
}

fn gap_line(gap: &Gap) -> String {
    match gap {
        Gap::MissingPrevious { digest, previous } => {
            format!("{digest}: its previous digest {previous} was not found")
        }
        Gap::HashMismatch {
            digest,
            previous,
            expected,
            actual,
        } => format!("{digest}: its previous digest {previous} has sha256 {actual}, expected {expected}"),
        Gap::Restarted { digest } => format!("{digest}: starts a new chain (no previous digest)"),
    }
}
