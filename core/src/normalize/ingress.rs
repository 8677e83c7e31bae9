//! Security group rules that open an admin or database port to the whole internet, from an
//! `AuthorizeSecurityGroupIngress` request in either of its forms (the `ipPermissions` list, or
//! the older single rule in `cidrIp`, `fromPort`, `toPort`).

use super::signals::{items, text, Caller, SignalKind};
use serde_json::Value;

/// Ports whose exposure to the internet is an incident: SSH, telnet, SMB, SQL Server, Oracle,
/// MySQL, RDP, PostgreSQL, Redshift, VNC, Redis, Elasticsearch, MongoDB.
pub const ADMIN_PORTS: [u64; 13] = [22, 23, 445, 1433, 1521, 3306, 3389, 5432, 5439, 5900, 6379, 9200, 27017];

/// The admin ports a rule of protocol `protocol` over `from..=to` opens (all for protocol -1).
fn ports_opened(protocol: &str, from: Option<u64>, to: Option<u64>) -> Vec<u64> {
    if protocol == "-1" || protocol.eq_ignore_ascii_case("all") {
        return ADMIN_PORTS.to_vec();
    }
    let Some(from) = from else { return Vec::new() };
    let to = to.unwrap_or(from);
    ADMIN_PORTS
        .iter()
        .copied()
        .filter(|p| (from..=to).contains(p))
        .collect()
}

fn port(value: &Value, key: &str) -> Option<u64> {
    match value.get(key)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Whether a CIDR block covers every address: a prefix length of 0, whatever address bits come
/// before it (`208.236.235.254/0` is the whole internet too).
fn whole_internet(cidr: &str) -> bool {
    cidr.rsplit_once('/').is_some_and(|(_, length)| length.trim() == "0")
}

/// The world-open ranges of one permission (or of the request's own single rule), as written.
fn world_ranges(permission: &Value) -> Vec<String> {
    let v4 = items(permission, "ipRanges").iter().map(|r| text(r, "cidrIp"));
    let v6 = items(permission, "ipv6Ranges").iter().map(|r| text(r, "cidrIpv6"));
    let single = [text(permission, "cidrIp"), text(permission, "cidrIpv6")];
    let mut open: Vec<String> = v4
        .chain(v6)
        .chain(single)
        .filter(|c| whole_internet(c))
        .map(str::to_string)
        .collect();
    open.dedup();
    open
}

/// `"0.0.0.0/0 port 22"` for each range and admin port the request opens to the world.
pub fn open_to_world(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    let permissions = items(request, "ipPermissions");
    let single = [request.clone()];
    let rules = if permissions.is_empty() {
        &single[..]
    } else {
        permissions
    };
    let mut opened = Vec::new();
    for rule in rules {
        let protocol = text(rule, "ipProtocol");
        let ports = ports_opened(protocol, port(rule, "fromPort"), port(rule, "toPort"));
        for range in world_ranges(rule) {
            let list: Vec<String> = ports.iter().map(u64::to_string).collect();
            if !list.is_empty() {
                let s = if list.len() == 1 { "" } else { "s" };
                opened.push(format!("{range} port{s} {}", list.join(", ")));
            }
        }
    }
    (!opened.is_empty()).then(|| (SignalKind::OpenToWorld, opened.join("; ")))
}
