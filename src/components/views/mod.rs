//! The analytical views: pure presentational components that draw the core's query results (the
//! timeline, identities, resources, services and the filter) and report what the user asked for through
//! callbacks. They hold no app state and never talk to the worker, so each can be mounted and
//! tested on its own with sample props.

pub mod chart;
pub mod entity_link;
pub mod facet_rail;
pub mod filter_bar;
pub mod histogram;
pub mod identities_table;
pub mod insight_bands;
pub mod resources_table;
pub mod services_chart;
pub mod shared_view;
pub mod sort_header;
pub mod table_on_request;
pub mod timeline;

pub use entity_link::{short_name, EntityLink, EntityLinkProps};
pub use filter_bar::{FilterBar, FilterBarProps};
pub use histogram::{Histogram, HistogramProps};
pub use identities_table::{IdentitiesTable, IdentitiesTableProps};
pub use resources_table::{ResourcesTable, ResourcesTableProps};
pub use services_chart::{ServicesChart, ServicesChartProps};
pub use shared_view::{SharedView, ViewPart};
pub use timeline::{outcome_figure, TimelineChart, TimelineChartProps};
