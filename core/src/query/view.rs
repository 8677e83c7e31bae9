//! Everything the app's views show for one filter, computed in one call in the worker and sent
//! to the UI as one small message.

use super::counts::Counts;
use super::facets;
pub use super::facets::{Facet, Facets};
use super::filter::Filter;
use super::identities::{self, IdentityRow};
use super::jobs;
use super::resources::{self, TouchedResource};
use super::selection::Rows;
use super::services::{self, ServiceRow};
use super::timeline::{Stack, Timeline};
use crate::dataset::Dataset;
use crate::error::Failure;
use crate::findings::Finding;
use crate::insights::InsightBand;
use crate::lifecycles::Lifecycle;
use serde::{Deserialize, Serialize};

/// Principals listed at most in the identities view.
const MAX_IDENTITIES: usize = 500;
/// Resources listed at most in the Resources view (a large trail touches tens of thousands).
const MAX_RESOURCES: usize = 500;
/// Jobs listed at most.
const MAX_LIFECYCLES: usize = 500;
/// Insights bands listed at most.
const MAX_INSIGHT_BANDS: usize = 200;

/// What the UI asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewRequest {
    /// The filter of every view.
    pub filter: Filter,
    /// How the timeline is stacked.
    pub stack: Stack,
    /// The timeline's largest number of buckets.
    pub max_buckets: u32,
    /// Whether the identities view is computed: the page asks for it only while it shows it, as
    /// it is about half of a view's time at 3M events.
    pub identities: bool,
    /// Whether the most-touched resources are computed (a second pass over the rows' resources),
    /// likewise only for their own tab.
    pub resources: bool,
}

impl Default for ViewRequest {
    fn default() -> Self {
        ViewRequest {
            filter: Filter::default(),
            stack: Stack::BySource,
            max_buckets: 120,
            identities: true,
            resources: true,
        }
    }
}

/// The headline numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Events passing the filter.
    pub events: u64,
    /// Events loaded in all.
    pub loaded_events: u64,
    /// Leaf files read.
    pub files: u64,
    /// Digest files.
    pub digests: u64,
    /// Duplicate events skipped.
    pub duplicates: u64,
    /// Files with a failure (a file whose records or lines failed counts once).
    pub failed_files: u64,
    /// Distinct accounts among the filtered events.
    pub accounts: u64,
    /// Distinct regions among the filtered events.
    pub regions: u64,
    /// Filtered events with an error code.
    pub errors: u64,
    /// Filtered events without a usable time.
    pub undated: u64,
    /// First filtered event (UTC ms).
    pub first: Option<i64>,
    /// Last filtered event (UTC ms).
    pub last: Option<i64>,
}

/// All views for one filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Headline numbers.
    pub overview: Overview,
    /// Events over time.
    pub timeline: Timeline,
    /// Per principal, busiest first; `None` when the request did not ask for them.
    pub identities: Option<Vec<IdentityRow>>,
    /// Per service, busiest first.
    pub services: Vec<ServiceRow>,
    /// The most-touched resources, busiest first, at most 500; `None` when the request did not
    /// ask for them.
    pub resources: Option<Vec<TouchedResource>>,
    /// Filter values with counts.
    pub facets: Facets,
    /// Asynchronous jobs in the time range (and chosen accounts, regions, sources, principals),
    /// newest first, at most 500 so that a view stays a small message.
    pub lifecycles: Vec<Lifecycle>,
    /// How many jobs match in all.
    pub lifecycles_total: u64,
    /// Insights bands in the time range (and chosen accounts, regions, sources), by time, at
    /// most 200.
    pub insights: Vec<InsightBand>,
    /// How many bands match in all.
    pub insights_total: u64,
    /// Every finding on the loaded events (not narrowed by the filter), most severe first.
    pub findings: Vec<Finding>,
}

impl View {
    /// Computes every view of `data` under the request's filter.
    pub fn compute(data: &Dataset, request: &ViewRequest) -> View {
        let rows = request.filter.compile(data).selected(&data.store);
        View::of_selection(data, request, rows.rows())
    }

    /// Like [`View::compute`] with the filter's rows already selected (`CompiledFilter::selected`),
    /// so that a caller that keeps them (the worker, for the event table's pages) filters once.
    pub fn of_selection(data: &Dataset, request: &ViewRequest, rows: Rows<'_>) -> View {
        let store = &data.store;
        let counts = Counts::of_rows(store, rows);
        let f = &request.filter;
        let touches = resources::touches(store, rows);
        let facets = facets::of_selection(data, f, rows, &counts, &touches);
        let range = request.filter.from.zip(request.filter.to);
        let distinct = |v: &[u64]| v.iter().enumerate().filter(|&(id, &n)| id != 0 && n > 0).count() as u64;
        let (lifecycles, lifecycles_total) = jobs::lifecycles(data, f, MAX_LIFECYCLES);
        let (insights, insights_total) = jobs::insight_bands(data, f, MAX_INSIGHT_BANDS);
        View {
            overview: Overview {
                events: counts.events,
                loaded_events: store.len() as u64,
                files: data.files_read,
                digests: data.digests.len() as u64,
                duplicates: store.duplicates,
                failed_files: Failure::files_among(&data.failures) as u64,
                accounts: distinct(&counts.by_account),
                regions: distinct(&counts.by_region),
                errors: counts.errors,
                undated: counts.undated,
                first: counts.first,
                last: counts.last,
            },
            timeline: Timeline::of_rows(store, rows, range, request.stack, request.max_buckets).marked(
                store,
                data.findings(),
                rows,
            ),
            identities: request
                .identities
                .then(|| identities::of_rows(store, rows, MAX_IDENTITIES)),
            services: services::of_rows(store, rows),
            resources: request
                .resources
                .then(|| resources::most_touched_with(store, rows, MAX_RESOURCES, resources::DENSE_BITS, touches)),
            facets,
            lifecycles,
            lifecycles_total,
            insights,
            insights_total,
            findings: data.findings().list().cloned().collect(),
        }
    }
}
