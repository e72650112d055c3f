//! `make bench`: how fast and how light the extractor and the dashboard are, measured the same
//! way every time against the DynamoDB emulator (moto in a container) and a local server that
//! answers like the SpaceX API. See docs/benchmarks.md for the results and how to read them.

pub mod both_sources;
pub mod first_view;
pub mod history_cost;
pub mod load;
pub mod measure;
pub mod plan;
pub mod proxy;
pub mod report;
pub mod soak;
pub mod startup;
pub mod sync_runs;
pub mod synthetic;
