//! What was issued with a key: the keys and sessions its calls obtained, and theirs in turn, as
//! a tree with each key's events counted; bounded in depth and size, each key listed once.

use super::issuance::Issuance;
use super::trace::{hop_of, Held, Node};
use super::{FastMap, Lineage};
use crate::store::EventStore;
use hashbrown::HashSet;

/// Most levels of a downstream tree.
pub const MAX_DEPTH: usize = 8;
/// Most nodes of a downstream tree.
pub const MAX_NODES: usize = 500;

impl Lineage {
    /// What was issued with any of `keys`, as trees, with each key's events counted.
    pub(super) fn downstream(&self, store: &EventStore, keys: &[String]) -> Vec<Node> {
        let (c, d) = (&store.columns, &store.dict);
        let mut seen: HashSet<&str> = keys.iter().map(String::as_str).collect();
        let mut budget = MAX_NODES;
        let mut roots: Vec<&Issuance> = keys
            .iter()
            .filter_map(|k| d.access_keys.find(k))
            .flat_map(|k| self.issued_with(k))
            .collect();
        roots.sort_by_key(|r| r.time);
        roots.retain(|r| seen.insert(r.access_key()));
        let mut nodes: Vec<Node> = roots
            .into_iter()
            .map(|r| self.node(store, r, 1, &mut seen, &mut budget))
            .collect();
        nodes.truncate(MAX_NODES);
        let mut wanted: FastMap<u32, u64> = FastMap::default();
        visit(&nodes, &mut |n| {
            if let Some(id) = d.access_keys.find(&n.hop.access_key) {
                wanted.insert(id, 0);
            }
        });
        if !wanted.is_empty() {
            for k in c.access_key.iter() {
                if let Some(n) = wanted.get_mut(&k) {
                    *n += 1;
                }
            }
            count(&mut nodes, &|key| {
                d.access_keys
                    .find(key)
                    .and_then(|id| wanted.get(&id))
                    .copied()
                    .unwrap_or(0)
            });
        }
        nodes
    }

    fn node<'a>(
        &'a self,
        store: &EventStore,
        issued: &'a Issuance,
        depth: usize,
        seen: &mut HashSet<&'a str>,
        budget: &mut usize,
    ) -> Node {
        *budget = budget.saturating_sub(1);
        let held = Held {
            principal: issued.principal().to_string(),
            session: issued.session().to_string(),
            key: issued.access_key().to_string(),
            ..Held::default()
        };
        let mut children = Vec::new();
        let used = store.dict.access_keys.find(issued.access_key());
        if let Some(key) = used.filter(|_| depth < MAX_DEPTH) {
            for next in self.issued_with(key) {
                if *budget == 0 || !seen.insert(next.access_key()) {
                    continue;
                }
                children.push(self.node(store, next, depth + 1, seen, budget));
            }
        }
        Node {
            hop: hop_of(issued, &held, &self.caller(store, issued)),
            events: 0,
            children,
        }
    }
}

fn visit(nodes: &[Node], f: &mut impl FnMut(&Node)) {
    for n in nodes {
        f(n);
        visit(&n.children, f);
    }
}

fn count(nodes: &mut [Node], events: &impl Fn(&str) -> u64) {
    for n in nodes {
        n.events = events(&n.hop.access_key);
        count(&mut n.children, events);
    }
}
