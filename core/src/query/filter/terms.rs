//! A query's terms resolved against one dataset: each becomes id tables (which values of a
//! dimension contain its text) or, for `json:`, the set of rows its search found, so that testing
//! a row against a term is a few array look-ups and nothing is allocated per row.

use super::query::{Field, Query, Term};
use crate::dataset::Dataset;
use crate::store::interner::Interner;
use crate::store::schema::Columns;
use crate::store::EventStore;

/// Which values contain the (lowercased) `needle`, ignoring case. ASCII values (nearly all:
/// IPs, ARNs, user agents) are searched in place rather than lowercased into a new string, which
/// matters with a dictionary of a hundred thousand IPs on every keystroke.
fn containing<'d>(values: impl Iterator<Item = &'d str>, needle: &str) -> Vec<bool> {
    let ascii = needle.is_ascii();
    let n = needle.as_bytes();
    values
        .map(|v| {
            if v.is_empty() {
                false
            } else if ascii && v.is_ascii() {
                n.is_empty() || v.as_bytes().windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
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
            Column::Account => c.account[i] as usize,
            Column::Region => usize::from(c.region[i]),
            Column::Source => usize::from(c.source[i]),
            Column::Operation => c.operation[i] as usize,
            Column::Principal => c.principal[i] as usize,
            Column::Session => c.session[i] as usize,
            Column::Ip => c.ip[i] as usize,
            Column::UserAgent => c.user_agent[i] as usize,
            Column::Error => usize::from(c.error[i]),
            Column::AccessKey => c.access_key[i] as usize,
        }
    }

    /// Which ids of this column contain `needle`.
    fn containing(self, store: &EventStore, needle: &str) -> Vec<bool> {
        containing(self.dict(store).iter(), needle)
    }
}

/// Which resources' keys contain `needle`.
fn resources_containing(store: &EventStore, needle: &str) -> Vec<bool> {
    let dict = &store.resources.dict;
    containing((0..dict.len() as u32).map(|id| dict.key(id)), needle)
}

/// Whether row `i` touched a resource `table` holds.
#[inline(always)]
fn touched(table: &[bool], store: &EventStore, i: usize) -> bool {
    store.resources.column.of(i).iter().any(|&id| table[id as usize])
}

/// What one term tests on a row.
enum Test {
    /// A free word or phrase: some interned value of the row, or a resource it touched,
    /// contains the text.
    Anywhere {
        columns: Vec<(Column, Vec<bool>)>,
        resources: Vec<bool>,
    },
    /// A field term on an interned column.
    Column(Column, Vec<bool>),
    /// `resource:`: a resource the row touched contains the text.
    Resources(Vec<bool>),
    /// `json:`: the row is among its search's hits (one bit a row).
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
                columns.iter().any(|(column, table)| table[column.id(c, i)]) || touched(resources, store, i)
            }
            Test::Column(column, table) => table[column.id(c, i)],
            Test::Resources(table) => touched(table, store, i),
            Test::Rows(bits) => bits.get(i / 64).is_some_and(|word| word >> (i % 64) & 1 == 1),
        };
        found != self.excluded
    }
}

/// The term resolved against `data`; `None` when it can say nothing of any row: a `json:` term
/// whose search has not been made (an included one then selects no row; an excluded one leaves
/// none out).
fn compile_term(term: &Term, data: &Dataset) -> Option<CompiledTerm> {
    let store = &data.store;
    let needle = term.needle();
    let test = match term.field {
        None => Test::Anywhere {
            columns: Column::ALL
                .map(|column| (column, column.containing(store, &needle)))
                .into(),
            resources: resources_containing(store, &needle),
        },
        Some(Field::Json) => {
            let hits = data.text_hits(&needle)?;
            let mut bits = vec![0u64; store.len().div_ceil(64)];
            for &row in hits.iter().filter(|&&row| (row as usize) < store.len()) {
                bits[row as usize / 64] |= 1 << (row % 64);
            }
            Test::Rows(bits)
        }
        Some(field) => match Column::of(field) {
            Some(column) => Test::Column(column, column.containing(store, &needle)),
            None => Test::Resources(resources_containing(store, &needle)),
        },
    };
    Some(CompiledTerm {
        excluded: term.excluded,
        test,
    })
}

/// The query's terms resolved against `data`, the ones that leave every row in dropped; `None`
/// when the query selects no row at all (an included `json:` term whose search has not been
/// made).
pub(super) fn compile(query: &Query, data: &Dataset) -> Option<Vec<CompiledTerm>> {
    let mut compiled = Vec::with_capacity(query.terms().len());
    for term in query.terms() {
        match compile_term(term, data) {
            Some(term) => compiled.push(term),
            None if term.excluded => {}
            None => return None,
        }
    }
    Some(compiled)
}
