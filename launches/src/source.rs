//! Where launches come from: the SpaceX API v4, or a snapshot of it on disk or in the binary.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use bytes::Bytes;
use serde_json::value::RawValue;

use crate::records::{split_all, LaunchRecords};
use crate::spacex::SpacexError;

/// Everything one sync reads from the source, kept as raw JSON records so that one bad record
/// costs only itself (each is parsed on its own by [`crate::normalize`]).
///
/// The launches, which can be many, are read a batch at a time; the reference collections
/// (rockets, launchpads, payloads) are small and held whole.
#[derive(Debug, Default)]
pub struct SourceData {
    pub launches: LaunchRecords,
    pub rockets: Vec<Box<RawValue>>,
    pub launchpads: Vec<Box<RawValue>>,
    pub payloads: Vec<Box<RawValue>>,
}

/// The four collections a sync reads, by their path under the API's base URL.
pub const LAUNCHES_PATH: &str = "/v4/launches";
pub const ROCKETS_PATH: &str = "/v4/rockets";
pub const LAUNCHPADS_PATH: &str = "/v4/launchpads";
pub const PAYLOADS_PATH: &str = "/v4/payloads";

/// A source of SpaceX launch data.
#[async_trait]
pub trait LaunchSource: Send + Sync {
    async fn fetch(&self) -> Result<SourceData, SpacexError>;
    /// Where the data comes from, for logs and the dashboard's banner.
    fn describe(&self) -> String;
}

/// A snapshot of the API: a directory holding `launches.json`, `rockets.json`, `launchpads.json`
/// and `payloads.json` (the layout of `fixtures/spacex/v4/`), or the copy baked into the binary.
#[derive(Debug, Clone)]
pub enum SnapshotSource {
    Directory(PathBuf),
    #[cfg(feature = "bundled-snapshot")]
    Bundled,
}

impl SnapshotSource {
    pub fn directory(path: impl Into<PathBuf>) -> Self {
        SnapshotSource::Directory(path.into())
    }

    fn read(&self, name: &str) -> Result<Bytes, SpacexError> {
        match self {
            SnapshotSource::Directory(dir) => {
                let path = dir.join(name);
                std::fs::read(&path)
                    .map(Bytes::from)
                    .map_err(|source| SpacexError::Snapshot { path, source })
            }
            #[cfg(feature = "bundled-snapshot")]
            SnapshotSource::Bundled => Ok(Bytes::from_static(bundled::file(name))),
        }
    }
}

#[async_trait]
impl LaunchSource for SnapshotSource {
    async fn fetch(&self) -> Result<SourceData, SpacexError> {
        let parse = |name: &str| -> Result<Vec<Box<RawValue>>, SpacexError> {
            let body = self.read(name)?;
            split_all(&body).map_err(|source| SpacexError::Decode {
                url: self.location(name),
                source,
            })
        };
        let launches = match self {
            SnapshotSource::Directory(dir) => {
                LaunchRecords::open(dir.join("launches.json")).await?
            }
            #[cfg(feature = "bundled-snapshot")]
            SnapshotSource::Bundled => LaunchRecords::from_bytes(
                self.location("launches.json"),
                Bytes::from_static(bundled::file("launches.json")),
            ),
        };
        Ok(SourceData {
            launches,
            rockets: parse("rockets.json")?,
            launchpads: parse("launchpads.json")?,
            payloads: parse("payloads.json")?,
        })
    }

    fn describe(&self) -> String {
        match self {
            SnapshotSource::Directory(dir) => format!("snapshot in {}", dir.display()),
            #[cfg(feature = "bundled-snapshot")]
            SnapshotSource::Bundled => "bundled snapshot of the SpaceX API (October 2022)".into(),
        }
    }
}

impl SnapshotSource {
    fn location(&self, name: &str) -> String {
        match self {
            SnapshotSource::Directory(dir) => Path::new(dir).join(name).display().to_string(),
            #[cfg(feature = "bundled-snapshot")]
            SnapshotSource::Bundled => format!("bundled:{name}"),
        }
    }
}

#[cfg(feature = "bundled-snapshot")]
mod bundled {
    const LAUNCHES: &[u8] = include_bytes!("../../fixtures/spacex/v4/launches.json");
    const ROCKETS: &[u8] = include_bytes!("../../fixtures/spacex/v4/rockets.json");
    const LAUNCHPADS: &[u8] = include_bytes!("../../fixtures/spacex/v4/launchpads.json");
    const PAYLOADS: &[u8] = include_bytes!("../../fixtures/spacex/v4/payloads.json");

    pub fn file(name: &str) -> &'static [u8] {
        match name {
            "launches.json" => LAUNCHES,
            "rockets.json" => ROCKETS,
            "launchpads.json" => LAUNCHPADS,
            _ => PAYLOADS,
        }
    }
}
