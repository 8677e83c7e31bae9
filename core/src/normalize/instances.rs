//! Instance launches a detection calls unusual: GPU and accelerator types, sizes of 16xlarge
//! and more or bare metal, and many instances asked for at once (what a miner launches).

use super::signals::{items, text, Caller, SignalKind};
use serde_json::Value;

/// Instance families of GPUs and other accelerators.
const ACCELERATED: [&str; 8] = ["p", "g", "gr", "inf", "trn", "dl", "f", "vt"];
/// Instances asked for by one call that make it unusual.
pub const MANY_INSTANCES: u64 = 10;
/// The smallest "Nxlarge" size that is unusual.
const LARGE_SIZE: u64 = 16;

/// Whether `instance_type` (`p4d.24xlarge`) is an accelerated family, a very large size or metal.
fn unusual_type(instance_type: &str) -> bool {
    let Some((family, size)) = instance_type.split_once('.') else {
        return false;
    };
    let letters = family
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .trim_end_matches(|c: char| c.is_ascii_digit());
    let large = size
        .strip_suffix("xlarge")
        .and_then(|n| n.parse::<u64>().ok())
        .is_some_and(|n| n >= LARGE_SIZE);
    ACCELERATED.contains(&letters) || large || size.starts_with("metal")
}

/// `TYPE ×N` of a `RunInstances` request that launches unusual instances.
pub fn unusual(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    let instance_type = text(request, "instanceType");
    let count = |key: &str| {
        items(request, "instancesSet")
            .iter()
            .filter_map(|i| i.get(key)?.as_u64())
            .max()
    };
    let count = count("maxCount").or_else(|| count("minCount")).unwrap_or(1);
    (unusual_type(instance_type) || count >= MANY_INSTANCES)
        .then(|| (SignalKind::UnusualInstances, format!("{instance_type} ×{count}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accelerated_large_and_metal_types_are_unusual() {
        for t in [
            "p4d.24xlarge",
            "g5.xlarge",
            "inf2.xlarge",
            "trn1.32xlarge",
            "gr6.4xlarge",
            "c5.metal",
            "m5.16xlarge",
        ] {
            assert!(unusual_type(t), "{t}");
        }
        for t in ["t3.micro", "m5.4xlarge", "c6g.large", "graviton", ""] {
            assert!(!unusual_type(t), "{t}");
        }
    }
}
