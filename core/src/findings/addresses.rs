//! Source addresses: which values of the source IP column are addresses at all, and the
//! distinct addresses of each key or principal a rule follows, gathered from the rows without
//! hashing each one.

use crate::store::interner::Interner;
use crate::store::Dictionaries;
use std::net::IpAddr;

/// An empty cell of the rules' per-id tables.
pub const NONE: u32 = u32::MAX;

/// What a source IP value is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A service host name such as `ec2.amazonaws.com`, or `AWS Internal`.
    NotAnAddress,
    /// A private, shared, loopback or link-local address: a call from inside a network (through
    /// a VPC endpoint, say).
    Inside,
    /// Any other address.
    Public,
}

/// Which source IP values are addresses, and which of those are public, each distinct value
/// parsed once and only when asked about, since a large trail holds far more values than the
/// rules look at.
pub struct Addresses<'s> {
    ips: &'s Interner,
    parsed: Vec<Option<Kind>>,
}

impl<'s> Addresses<'s> {
    /// None parsed yet, of the source IP values `ips`.
    pub fn new(ips: &'s Interner) -> Self {
        Addresses {
            ips,
            parsed: vec![None; ips.len()],
        }
    }

    fn kind(&mut self, ip: u32) -> Kind {
        let ips = self.ips;
        *self.parsed[ip as usize].get_or_insert_with(|| match ips.get(ip).parse::<IpAddr>() {
            Err(_) => Kind::NotAnAddress,
            Ok(IpAddr::V4(v4)) => {
                let shared = v4.octets()[0] == 100 && (v4.octets()[1] & 0xC0) == 64;
                match v4.is_private() || v4.is_loopback() || v4.is_link_local() || shared {
                    true => Kind::Inside,
                    false => Kind::Public,
                }
            }
            Ok(IpAddr::V6(v6)) => {
                let local = (v6.segments()[0] & 0xFE00) == 0xFC00 || (v6.segments()[0] & 0xFFC0) == 0xFE80;
                match local || v6.is_loopback() {
                    true => Kind::Inside,
                    false => Kind::Public,
                }
            }
        })
    }

    /// Whether the value of id `ip` is an IP address.
    pub fn holds(&mut self, ip: u32) -> bool {
        self.kind(ip) != Kind::NotAnAddress
    }

    /// Whether the value of id `ip` is a public IP address.
    pub fn public(&mut self, ip: u32) -> bool {
        self.kind(ip) == Kind::Public
    }
}

/// Distinct `(id, IP)` pairs gathered from rows: a pair repeating its id's last IP is not kept
/// again, so that a run of calls from one place costs a comparison; sorted once at the end.
pub struct Pairs {
    last: Vec<u32>,
    pairs: Vec<(u32, u32)>,
}

impl Pairs {
    /// For ids below `ids`.
    pub fn new(ids: usize) -> Self {
        Pairs {
            last: vec![NONE; ids],
            pairs: Vec::new(),
        }
    }

    /// Adds the pair `(id, ip)`.
    pub fn add(&mut self, id: u32, ip: u32) {
        let last = &mut self.last[id as usize];
        if *last != ip {
            *last = ip;
            self.pairs.push((id, ip));
        }
    }

    /// Each pair once, grouped by id.
    pub fn distinct(mut self) -> Grouped {
        self.pairs.sort_unstable();
        self.pairs.dedup();
        Grouped::new(self.pairs, self.last.len())
    }
}

/// Distinct `(id, IP)` pairs, sorted, each id's run found through a dense table.
pub struct Grouped {
    /// The pairs, by id then IP.
    pub pairs: Vec<(u32, u32)>,
    runs: Vec<(u32, u32)>,
    /// How many ids have pairs.
    pub count: usize,
}

impl Grouped {
    /// Groups `pairs` (sorted, each once) of ids below `ids`.
    pub fn new(pairs: Vec<(u32, u32)>, ids: usize) -> Self {
        let mut runs = vec![(0, 0); ids];
        let (mut start, mut count) = (0, 0);
        for run in pairs.chunk_by(|a, b| a.0 == b.0) {
            let end = start + run.len() as u32;
            runs[run[0].0 as usize] = (start, end);
            (start, count) = (end, count + 1);
        }
        Grouped { pairs, runs, count }
    }

    /// The pairs of `id`, by IP.
    pub fn of(&self, id: u32) -> &[(u32, u32)] {
        let (start, end) = self.runs[id as usize];
        &self.pairs[start as usize..end as usize]
    }

    /// Whether `(id, ip)` is one of the pairs.
    pub fn holds(&self, id: u32, ip: u32) -> bool {
        self.of(id).binary_search(&(id, ip)).is_ok()
    }
}

/// Up to three of the IPs of `pairs`, sorted, then how many more.
pub fn listed(d: &Dictionaries, pairs: &[(u32, u32)]) -> String {
    let mut names: Vec<&str> = pairs.iter().map(|&(_, ip)| d.ips.get(ip)).collect();
    names.sort_unstable();
    let shown = names[..names.len().min(3)].join(", ");
    match names.len() {
        n if n > 3 => format!("{shown} and {} more", n - 3),
        _ => shown,
    }
}
