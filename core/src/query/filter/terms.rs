//! A query's terms resolved against one dataset: each becomes id tables (which values of a
//! dimension contain its text) or, for `json:`, the set of rows its search found, so that testing
//! a row against a term is a few array look-ups and nothing is allocated per row.

use super::query::{Field, Query, Term};
use crate::dataset::Dataset;
use crate::store::interner::Interner;
use crate::store::schema::Columns;
use crate::store::EventStore;

/// Values shorter than this (IPs, account ids, most names) are compared window by window; in
/// longer ones (ARNs, user agents) the needle's first letter is looked for with SIMD first.
const SHORT: usize = 48;

/// Whether `hay` contains `needle` (lowercase ASCII), ignoring ASCII case, so that a hundred
/// thousand short values or tens of thousands of long ones take a few milliseconds.
fn contains_ignoring_case(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let Some(last_start) = hay.len().checked_sub(needle.len()) else {
        return false;
    };
    if hay.len() < SHORT {
        return hay.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle));
    }
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, &hay[..=last_start])
        .any(|at| hay[at + 1..at + needle.len()].eq_ignore_ascii_case(rest))
}

/// Which values contain the (lowercased) `needle`, ignoring case. ASCII values (nearly all:
/// IPs, ARNs, user agents) are searched in place rather than lowercased into a new string, which
/// matters on every keystroke.
fn containing<'d>(values: impl Iterator<Item = &'d str>, needle: &str) -> Vec<bool> {
    let ascii = needle.is_ascii();
    values
        .map(|v| {
            if v.is_empty() {
                false
            } else if ascii && v.is_ascii() {
                contains_ignoring_case(v.as_bytes(), needle.as_bytes())
            } else {
                v.to_lowercase().contains(needle)
            }
        })
        .collect()
}

/// An interned column a field term looks in.
#[derive(Debug, Clone, Copy)]
enum Column {
    Account,
    Region,
    Source,
    Operation,
    Principal,
    Session,
    Ip,
    UserAgent,
    Error,
    AccessKey,
}

impl Column {
    /// Every interned column, which a free word looks in.
    const ALL: [Column; 10] = [
        Column::Account,
        Column::Region,
        Column::Source,
        Column::Operation,
        Column::Principal,
        Column::Session,
        Column::Ip,
        Column::UserAgent,
        Column::Error,
        Column::AccessKey,
    ];

    /// The column a field looks in; `None` for `resource:` and `json:`, which look elsewhere.
    fn of(field: Field) -> Option<Column> {
        Some(match field {
            Field::Principal => Column::Principal,
            Field::Ip => Column::Ip,
            Field::AccessKey => Column::AccessKey,
            Field::Operation => Column::Operation,
            Field::Source => Column::Source,
            Field::Region => Column::Region,
            Field::Account => Column::Account,
            Field::Error => Column::Error,
            Field::UserAgent => Column::UserAgent,
            Field::Session => Column::Session,
            Field::Resource | Field::Json => return None,
        })
    }

    fn dict(self, store: &EventStore) -> &Interner {
        let d = &store.dict;
        match self {
            Column::Account => &d.accounts,
            Column::Region => &d.regions,
            Column::Source => &d.sources,
            Column::Operation => &d.operations,
            Column::Principal => &d.principals,
            Column::Session => &d.sessions,
            Column::Ip => &d.ips,
            Column::UserAgent => &d.user_agents,
            Column::Error => &d.errors,
            Column::AccessKey => &d.access_keys,
        }
    }

    /// Row `i`'s id in this column.
    #[inline(always)]
    fn id(self, c: &Columns, i: usize) -> usize {
        match self {
            Column::Account => c.account.get(i) as usize,
            Column::Region => usize::from(c.region.get(i)),
            Column::Source => usize::from(c.source.get(i)),
            Column::Operation => c.operation.get(i) as usize,
            Column::Principal => c.principal.get(i) as usize,
            Column::Session => c.session.get(i) as usize,
            Column::Ip => c.ip.get(i) as usize,
            Column::UserAgent => c.user_agent.get(i) as usize,
            Column::Error => usize::from(c.error.get(i)),
            Column::AccessKey => c.access_key.get(i) as usize,
        }
    }

    /// Which ids of this column contain `needle`.
    fn containing(self, store: &EventStore, needle: &str) -> Vec<bool> {
        containing(self.dict(store).iter(), needle)
    }

    /// Which ids of this column are `value`, exactly (at most one, as values are interned).
    fn equal(self, store: &EventStore, value: &str) -> Vec<bool> {
        let dict = self.dict(store);
        let mut table = vec![false; dict.len()];
        if let Some(id) = dict.find(value).filter(|&id| id != 0) {
            table[id as usize] = true;
        }
        table
    }
}

/// The rows that touched a resource whose key contains `needle` (or, `exact`, is it), one bit a
/// row; `None` when no key does.
fn rows_touching(store: &EventStore, needle: &str, exact: bool) -> Option<Vec<u64>> {
    let dict = &store.resources.dict;
    let keys = (0..dict.len() as u32).map(|id| dict.key(id));
    let wanted = if exact {
        keys.map(|key| key == needle).collect()
    } else {
        containing(keys, needle)
    };
    Some(store.resources.column.rows_touching(&any(wanted)?))
}

/// The rows of one service's operation, `"<eventSource> <operation>"` as the Operation
/// dimension writes it (what a click on an operation's value writes), one bit a row.
fn rows_of_operation(store: &EventStore, pair: &str) -> Option<Vec<u64>> {
    let (source, name) = pair.split_once(' ')?;
    let d = &store.dict;
    let (source, name) = (d.sources.find(source)? as u16, d.operations.find(name)?);
    let c = &store.columns;
    let mut bits = vec![0u64; store.len().div_ceil(64)];
    for i in (0..store.len()).filter(|&i| c.source.get(i) == source && u32::from(c.operation.get(i)) == name) {
        bits[i / 64] |= 1 << (i % 64);
    }
    Some(bits)
}

/// Whether row `i`'s bit is set.
#[inline(always)]
fn has(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|word| word >> (i % 64) & 1 == 1)
}

/// What one term tests on a row. Tables only hold values that contain the text somewhere: a
/// column none of whose values does is not looked at.
enum Test {
    /// A free word or phrase: some interned value of the row, or a resource it touched,
    /// contains the text.
    Anywhere {
        columns: Vec<(Column, Vec<bool>)>,
        /// The rows that touched such a resource, one bit a row.
        resources: Option<Vec<u64>>,
    },
    /// A field term on an interned column.
    Column(Column, Vec<bool>),
    /// The rows found another way, one bit a row: `resource:` (those that touched a resource
    /// containing the text) and `json:` (its search's hits).
    Rows(Vec<u64>),
}

/// One term resolved against a dataset.
pub(super) struct CompiledTerm {
    excluded: bool,
    test: Test,
}

impl CompiledTerm {
    /// Whether row `i` passes the term.
    #[inline]
    pub(super) fn admits(&self, store: &EventStore, i: usize) -> bool {
        let c = &store.columns;
        let found = match &self.test {
            Test::Anywhere { columns, resources } => {
                columns.iter().any(|(column, table)| table[column.id(c, i)])
                    || resources.as_ref().is_some_and(|bits| has(bits, i))
            }
            Test::Column(column, table) => table[column.id(c, i)],
            Test::Rows(bits) => has(bits, i),
        };
        found != self.excluded
    }
}

/// `table` if it holds a value, so that a table of nothing costs no look-up.
fn any(table: Vec<bool>) -> Option<Vec<bool>> {
    table.contains(&true).then_some(table)
}

/// What the term tests, or `None` when no row can match it as far as `data` knows: no value
/// contains its text, or (`json:`) its search found nothing or has not been made.
fn test_of(term: &Term, data: &Dataset) -> Option<Test> {
    let store = &data.store;
    let needle = term.needle();
    Some(match term.field {
        None => {
            let columns: Vec<(Column, Vec<bool>)> = (Column::ALL.into_iter())
                .filter_map(|column| Some((column, any(column.containing(store, &needle))?)))
                .collect();
            let resources = rows_touching(store, &needle, false);
            if columns.is_empty() && resources.is_none() {
                return None;
            }
            Test::Anywhere { columns, resources }
        }
        Some(Field::Json) => {
            let hits = data.text_hits(&needle).filter(|hits| !hits.is_empty())?;
            let mut bits = vec![0u64; store.len().div_ceil(64)];
            for &row in hits.iter().filter(|&&row| (row as usize) < store.len()) {
                bits[row as usize / 64] |= 1 << (row % 64);
            }
            Test::Rows(bits)
        }
        Some(Field::Operation) if term.exact && needle.contains(' ') => Test::Rows(rows_of_operation(store, &needle)?),
        Some(field) => match (Column::of(field), term.exact) {
            (Some(column), false) => Test::Column(column, any(column.containing(store, &needle))?),
            (Some(column), true) => Test::Column(column, any(column.equal(store, &needle))?),
            (None, exact) => Test::Rows(rows_touching(store, &needle, exact)?),
        },
    })
}

/// The query's terms resolved against `data`, without those that leave every row in (an
/// excluded term no row can match); `None` when the query selects no row at all (an included
/// term no row can match, such as a `json:` term whose search has not been made).
pub(super) fn compile(query: &Query, data: &Dataset) -> Option<Vec<CompiledTerm>> {
    let mut compiled = Vec::with_capacity(query.terms().len());
    for term in query.terms() {
        match test_of(term, data) {
            Some(test) => compiled.push(CompiledTerm {
                excluded: term.excluded,
                test,
            }),
            None if term.excluded => {}
            None => return None,
        }
    }
    Some(compiled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_contain_a_needle_in_any_case_short_or_long() {
        let long = "arn:aws:s3:::amzn-s3-demo-bucket/reports/2024.csv/AccessDenied";
        assert!(long.len() >= SHORT);
        for (hay, needle, found) in [
            ("192.168.10.20", "192.168", true),
            ("192.168.10.20", "10.20", true),
            ("192.168.10.20", "192.168.10.200", false),
            ("AccessDenied", "accessdenied", true),
            (long, "accessdenied", true),
            (long, "amzn-s3-demo-bucket", true),
            (long, "arn", true),
            (long, "deniedx", false),
            (long, &long.to_lowercase(), true),
            (long, &format!("{}x", long.to_lowercase()), false),
        ] {
            assert_eq!(
                contains_ignoring_case(hay.as_bytes(), needle.as_bytes()),
                found,
                "{hay} {needle}"
            );
        }
        let values = ["", "Été", "ÉTÉ-1", "ete", "x"];
        assert_eq!(containing(values.into_iter(), "été"), [false, true, true, false, false]);
        assert_eq!(containing(values.into_iter(), "e"), [false, false, false, true, false]);
    }
}
