//! The SpaceX API v4 as a [`crate::source::LaunchSource`]: the live API ([`SpacexClient`]) or a snapshot
//! of it ([`SnapshotSource`]), both read the same way: the three small reference lists whole,
//! the launch list streamed a batch at a time and normalised ([`normalize`]) as it is read.

mod client;
mod collections;
pub mod normalize;
mod snapshot;

pub use client::{SpacexClient, SpacexConfig, DEFAULT_BASE_URL};
pub use collections::{LAUNCHES_PATH, LAUNCHPADS_PATH, PAYLOADS_PATH, ROCKETS_PATH, SOURCE_NAME};
pub use snapshot::SnapshotSource;
