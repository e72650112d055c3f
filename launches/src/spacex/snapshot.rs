//! A snapshot of the SpaceX API v4: a directory holding `launches.json`, `rockets.json`,
//! `launchpads.json` and `payloads.json` (the layout of `fixtures/spacex/v4/`), or the copy baked
//! into the binary.

use std::path::PathBuf;

use async_trait::async_trait;
use serde_json::value::RawValue;

use super::collections::{normalised_launches, reference_records, SOURCE_NAME};
use super::normalize::References;
use crate::source::{LaunchBatches, LaunchSource, SourceError};

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

    fn location(&self, name: &str) -> String {
        match self {
            SnapshotSource::Directory(dir) => dir.join(name).display().to_string(),
            #[cfg(feature = "bundled-snapshot")]
            SnapshotSource::Bundled => format!("bundled:{name}"),
        }
    }

    fn reference_list(&self, name: &str) -> Result<Vec<Box<RawValue>>, SourceError> {
        match self {
            SnapshotSource::Directory(dir) => {
                let body = std::fs::read(dir.join(name)).map_err(|source| SourceError::Read {
                    location: self.location(name),
                    source,
                })?;
                reference_records(self.location(name), &body)
            }
            #[cfg(feature = "bundled-snapshot")]
            SnapshotSource::Bundled => reference_records(self.location(name), bundled::file(name)),
        }
    }
}

#[async_trait]
impl LaunchSource for SnapshotSource {
    async fn launches(&self, _resume: Option<&str>) -> Result<LaunchBatches, SourceError> {
        let refs = References::from_records(
            &self.reference_list("rockets.json")?,
            &self.reference_list("launchpads.json")?,
            &self.reference_list("payloads.json")?,
        );
        let location = self.location("launches.json");
        Ok(match self {
            SnapshotSource::Directory(dir) => {
                let file = std::fs::File::open(dir.join("launches.json")).map_err(|source| {
                    SourceError::Read {
                        location: location.clone(),
                        source,
                    }
                })?;
                normalised_launches(file, location, refs)
            }
            #[cfg(feature = "bundled-snapshot")]
            SnapshotSource::Bundled => {
                normalised_launches(bundled::file("launches.json"), location, refs)
            }
        })
    }

    fn name(&self) -> &'static str {
        SOURCE_NAME
    }

    fn describe(&self) -> String {
        match self {
            SnapshotSource::Directory(dir) => format!("snapshot in {}", dir.display()),
            #[cfg(feature = "bundled-snapshot")]
            SnapshotSource::Bundled => "bundled snapshot of the SpaceX API (October 2022)".into(),
        }
    }
}

#[cfg(feature = "bundled-snapshot")]
mod bundled {
    const LAUNCHES: &[u8] = include_bytes!("../../../fixtures/spacex/v4/launches.json");
    const ROCKETS: &[u8] = include_bytes!("../../../fixtures/spacex/v4/rockets.json");
    const LAUNCHPADS: &[u8] = include_bytes!("../../../fixtures/spacex/v4/launchpads.json");
    const PAYLOADS: &[u8] = include_bytes!("../../../fixtures/spacex/v4/payloads.json");

    pub fn file(name: &str) -> &'static [u8] {
        match name {
            "launches.json" => LAUNCHES,
            "rockets.json" => ROCKETS,
            "launchpads.json" => LAUNCHPADS,
            _ => PAYLOADS,
        }
    }
}
