//! Test support shared by the integration tests (and the benchmarks): the DynamoDB emulator in a
//! container, local servers that answer like the SpaceX API and Launch Library 2, the table built from Terraform,
//! and a recorder of the DynamoDB requests the code sends.

pub mod emulator;
pub mod hcl_query;
pub mod history_fixtures;
pub mod lambda_emulator;
pub mod ll2_server;
pub mod log_capture;
pub mod misbehaving_server;
pub mod provider_schema;
pub mod recorder;
pub mod spacex_server;
pub mod store_faults;
pub mod terraform;
pub mod tf_harness;

use std::path::PathBuf;

/// The repository's root directory.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The bundled SpaceX API snapshot (`fixtures/spacex/v4`).
pub fn snapshot_dir() -> PathBuf {
    repo_root().join("fixtures/spacex/v4")
}
