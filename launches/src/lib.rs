//! The SpaceX launch domain, shared by the extractor Lambda and the dashboard.
//!
//! - [`model`]: the normalised [`Launch`];
//! - [`source`] and [`spacex`]: where launches come from (the SpaceX API v4, or a snapshot);
//! - [`records`]: the launch records of a sync, read a batch at a time;
//! - [`normalize`]: raw records to launches, with per-record validation;
//! - [`store`]: the [`LaunchStore`] trait, on DynamoDB or embedded in the process;
//! - [`sync`]: the use-case the extractor runs.

pub mod aws;
pub mod config;
pub mod ll2;
pub mod merge;
pub mod model;
pub mod normalize;
pub mod records;
pub mod retry;
pub mod source;
pub mod spacex;
pub mod stats;
pub mod store;
pub mod sync;

pub use model::{DatePrecision, Launch, LaunchStatus};
pub use normalize::Rejection;
pub use records::{LaunchRecords, RecordsError};
pub use source::{LaunchSource, SnapshotSource, SourceData};
pub use spacex::{SpacexClient, SpacexConfig, SpacexError};
pub use store::{DateRange, DynamoStore, DynamoStoreConfig, LaunchStore, MemoryStore, StoreError};
pub use sync::{sync, SyncError, SyncReport};
