//! What both SpaceX sources share: the collections' paths, and how their bodies are read.

use std::io::Read;

use serde_json::value::RawValue;

use super::normalize::{normalize_launch, References};
use crate::json_stream::stream_array;
use crate::source::{LaunchBatches, SourceError, BATCH_SIZE};

/// The name both SpaceX sources report.
pub const SOURCE_NAME: &str = "spacex-v4";

/// The four collections a sync reads, by their path under the API's base URL.
pub const LAUNCHES_PATH: &str = "/v4/launches";
pub const ROCKETS_PATH: &str = "/v4/rockets";
pub const LAUNCHPADS_PATH: &str = "/v4/launchpads";
pub const PAYLOADS_PATH: &str = "/v4/payloads";

/// A reference list (small): its records, each parsed on its own later so that a bad one
/// costs only itself.
pub(super) fn reference_records(
    location: String,
    body: &[u8],
) -> Result<Vec<Box<RawValue>>, SourceError> {
    serde_json::from_slice(body).map_err(|source| SourceError::Decode {
        location,
        record: None,
        source,
    })
}

/// The launch list in `reader`, each record normalised against `refs` as it is read.
pub(super) fn normalised_launches(
    reader: impl Read + Send + 'static,
    location: String,
    refs: References,
) -> LaunchBatches {
    stream_array(reader, location, BATCH_SIZE, move |raw| {
        normalize_launch(raw.get(), &refs)
    })
}
