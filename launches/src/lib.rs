//! The SpaceX launch domain, shared by the extractor Lambda and the dashboard.
//!
//! - [`model`]: the normalised [`Launch`];
//! - [`source`]: the [`LaunchSource`] trait: launches handed to the sync in batches, already
//!   normalised, with the [`Rejection`]s of the records that are not launches;
//! - [`spacex`]: the SpaceX API v4 as a source (live, or a snapshot), and its normaliser;
//! - [`ll2`]: Launch Library 2 records read and normalised; [`merge`]: one row per launch known
//!   to both sources;
//! - [`http`] and [`json_stream`]: what sources are built from: GETs with retries, and a JSON
//!   array read one element at a time;
//! - [`store`]: the [`LaunchStore`] trait, on DynamoDB or embedded in the process;
//! - [`sync`]: the use-case the extractor runs;
//! - [`history`]: what each sync saw change in each launch.

pub mod aws;
pub mod collected;
pub mod config;
pub mod history;
pub mod http;
pub mod json_stream;
pub mod ll2;
pub mod merge;
pub mod model;
mod reconcile;
pub mod retry;
pub mod source;
pub mod spacex;
pub mod stats;
pub mod store;
pub mod sync;

pub use collected::CollectedSource;
pub use model::{DatePrecision, Launch, LaunchStatus};
pub use source::{LaunchBatches, LaunchSource, Rejection, SourceError};
pub use spacex::{SnapshotSource, SpacexClient, SpacexConfig};
pub use store::{DateRange, DynamoStore, DynamoStoreConfig, LaunchStore, MemoryStore, StoreError};
pub use sync::{sync, sync_all, ObservedAt, RunReport, SyncError, SyncOptions, SyncReport};
