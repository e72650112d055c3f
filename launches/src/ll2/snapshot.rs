//! Saved Launch Library 2 launch lists (the files of `fixtures/ll2/`) as a [`LaunchSource`]:
//! read from a directory or from given files, or baked into the binary (feature
//! `bundled-snapshot`, the dashboard's offline fallback).
//!
//! A file is one list: the API's envelope (`{count, next, previous, results}`) or a wrapper
//! with `launches` (the zenith app's). Every record is normalised with
//! [`normalize_ll2_launch`]; a launch that several files (or pages) hold counts once, in the
//! version with the latest `last_updated` ([`crate::merge::latest_by_id`]), so that the sync
//! sees each id once.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::value::RawValue;
use tokio::sync::mpsc;

use super::normalize::normalize_ll2_launch;
use crate::merge::latest_by_id;
use crate::source::{
    Batches, Delivery, LaunchBatches, LaunchSource, Record, SourceError, BATCH_SIZE,
};

/// The name LL2 sources report.
pub const SOURCE_NAME: &str = "ll2";

/// Files beside the launch lists in `fixtures/ll2/` that are not lists: where each record of
/// a derived file came from.
const NOTES_SUFFIX: &str = ".provenance.json";

// `BUNDLED_FILES`: the fixture files baked into the binary. Their list lives in
// `launches/build.rs`, which gzips them.
include!(concat!(env!("OUT_DIR"), "/ll2_bundled_files.rs"));
// `WEEKLY_FILES`: the weekly snapshots of the upcoming list, also listed by `launches/build.rs`.
include!(concat!(env!("OUT_DIR"), "/ll2_weekly_files.rs"));

#[derive(Debug, Clone)]
pub enum Ll2Snapshot {
    /// Every `*.json` (or gzipped `*.json.gz`) list directly in the directory, in name order
    /// (`*.provenance.json` excepted).
    Directory(PathBuf),
    /// These files, in this order.
    Files(Vec<PathBuf>),
    /// [`BUNDLED_FILES`], baked into the binary.
    #[cfg(feature = "bundled-snapshot")]
    Bundled,
    /// One of [`WEEKLY_FILES`], baked into the binary.
    #[cfg(feature = "bundled-snapshot")]
    BundledWeekly(&'static str),
}

/// An LL2 launch list, in either wrapper.
#[derive(Deserialize)]
struct LaunchList {
    #[serde(alias = "launches")]
    results: Vec<Box<RawValue>>,
}

/// One file to read: where it is (for errors) and how to get its bytes.
enum Input {
    Path(PathBuf),
    #[cfg(feature = "bundled-snapshot")]
    Bundled(&'static str),
}

impl Input {
    fn location(&self) -> String {
        match self {
            Input::Path(path) => path.display().to_string(),
            #[cfg(feature = "bundled-snapshot")]
            Input::Bundled(name) => format!("bundled:{name}"),
        }
    }

    fn read(&self) -> Result<Vec<u8>, SourceError> {
        let location = self.location();
        match self {
            Input::Path(path) => {
                read_maybe_gzipped(path).map_err(|source| SourceError::Read { location, source })
            }
            #[cfg(feature = "bundled-snapshot")]
            Input::Bundled(name) => {
                bundled::read(name).map_err(|source| SourceError::Read { location, source })
            }
        }
    }

    /// The file's records, each normalised.
    fn records(&self) -> Result<Vec<Record>, SourceError> {
        let body = self.read()?;
        let list: LaunchList =
            serde_json::from_slice(&body).map_err(|source| SourceError::Decode {
                location: self.location(),
                record: None,
                source,
            })?;
        Ok(list
            .results
            .iter()
            .map(|raw| normalize_ll2_launch(raw.get()))
            .collect())
    }
}

impl Ll2Snapshot {
    pub fn directory(path: impl Into<PathBuf>) -> Self {
        Ll2Snapshot::Directory(path.into())
    }

    pub fn files(paths: impl IntoIterator<Item = impl Into<PathBuf>>) -> Self {
        Ll2Snapshot::Files(paths.into_iter().map(Into::into).collect())
    }

    fn inputs(&self) -> Result<Vec<Input>, SourceError> {
        match self {
            Ll2Snapshot::Directory(dir) => {
                Ok(list_files(dir)?.into_iter().map(Input::Path).collect())
            }
            Ll2Snapshot::Files(paths) => Ok(paths.iter().cloned().map(Input::Path).collect()),
            #[cfg(feature = "bundled-snapshot")]
            Ll2Snapshot::Bundled => Ok(BUNDLED_FILES.into_iter().map(Input::Bundled).collect()),
            #[cfg(feature = "bundled-snapshot")]
            Ll2Snapshot::BundledWeekly(name) => Ok(vec![Input::Bundled(name)]),
        }
    }
}

/// A file's bytes; a `.gz` file's unzipped.
fn read_maybe_gzipped(path: &Path) -> std::io::Result<Vec<u8>> {
    let body = std::fs::read(path)?;
    if path.extension().is_some_and(|ext| ext == "gz") {
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut plain)?;
        return Ok(plain);
    }
    Ok(body)
}

/// The JSON files (`.json`, `.json.gz`) of `dir`, notes left out, in name order.
pub(crate) fn list_files(dir: &Path) -> Result<Vec<PathBuf>, SourceError> {
    let read_error = |source| SourceError::Read {
        location: dir.display().to_string(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let list = name.ends_with(".json") || name.ends_with(".json.gz");
        if path.is_file() && list && !name.ends_with(NOTES_SUFFIX) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Every record of `inputs`, launches first (each id once, its latest version), then the
/// rejections, in batches.
fn read_all(inputs: &[Input]) -> Result<Vec<Vec<Record>>, SourceError> {
    let mut launches = Vec::new();
    let mut rejections = Vec::new();
    for input in inputs {
        for record in input.records()? {
            match record {
                Ok(launch) => launches.push(launch),
                Err(rejection) => rejections.push(Err(rejection)),
            }
        }
    }
    let records: Vec<Record> = latest_by_id(launches)
        .into_iter()
        .map(Ok)
        .chain(rejections)
        .collect();
    let mut batches = Vec::new();
    let mut records = records.into_iter().peekable();
    while records.peek().is_some() {
        batches.push(records.by_ref().take(BATCH_SIZE).collect());
    }
    Ok(batches)
}

#[async_trait]
impl LaunchSource for Ll2Snapshot {
    /// Every launch of the snapshot: a snapshot has no cursor, so `resume` is ignored.
    async fn launches(&self, _resume: Option<&str>) -> Result<LaunchBatches, SourceError> {
        let inputs = self.inputs()?;
        let location = self.describe();
        let (sender, receiver) = mpsc::channel(1);
        // Reading and parsing some MB of JSON is blocking work.
        let producer = tokio::task::spawn_blocking(move || match read_all(&inputs) {
            Ok(batches) => {
                for batch in batches {
                    if sender.blocking_send(Ok(Delivery::Items(batch))).is_err() {
                        return;
                    }
                }
            }
            Err(error) => {
                // The receiver may be gone: nobody is waiting for the error then.
                let _ = sender.blocking_send(Err(error));
            }
        });
        Ok(Batches::new(location, receiver, producer))
    }

    fn name(&self) -> &'static str {
        SOURCE_NAME
    }

    fn describe(&self) -> String {
        match self {
            Ll2Snapshot::Directory(dir) => {
                format!("Launch Library 2 snapshot in {}", dir.display())
            }
            Ll2Snapshot::Files(paths) => format!(
                "Launch Library 2 snapshot ({})",
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            #[cfg(feature = "bundled-snapshot")]
            Ll2Snapshot::Bundled => {
                "bundled snapshot of Launch Library 2 (SpaceX launches 2006 to 2026)".into()
            }
            #[cfg(feature = "bundled-snapshot")]
            Ll2Snapshot::BundledWeekly(name) => {
                format!("bundled weekly snapshot of LL2's upcoming list ({name})")
            }
        }
    }
}

/// The bundled files, gzipped at build time (`launches/build.rs`): about 1.3 MB in the binary
/// instead of 15 MB.
#[cfg(feature = "bundled-snapshot")]
mod bundled {
    use std::io::Read;

    include!(concat!(env!("OUT_DIR"), "/ll2_bundled.rs"));

    pub fn read(name: &str) -> std::io::Result<Vec<u8>> {
        let gzipped = GZIPPED
            .iter()
            .chain(WEEKLY_GZIPPED.iter())
            .find(|(file, _)| *file == name)
            .map(|(_, bytes)| *bytes)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, name.to_owned()))?;
        let mut body = Vec::new();
        flate2::read::GzDecoder::new(gzipped).read_to_end(&mut body)?;
        Ok(body)
    }
}
