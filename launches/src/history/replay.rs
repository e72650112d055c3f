//! Saved snapshots of a source replayed in time order through the real sync, each at the time
//! it was taken: the history a deployed extractor would have recorded had it run then. The
//! weekly LL2 snapshots of `fixtures/ll2/history/` are what `make run` replays.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::ll2::snapshot::list_files;
use crate::ll2::Ll2Snapshot;
use crate::source::{LaunchSource, SourceError};
use crate::store::{DateRange, LaunchStore};
use crate::sync::{sync_all, SyncError, SyncOptions};

/// One snapshot and when it was taken.
#[derive(Debug, Clone)]
pub struct TimedSnapshot {
    pub taken_at: DateTime<Utc>,
    pub source: Ll2Snapshot,
}

/// What a replay did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplayReport {
    pub snapshots: usize,
    pub written: usize,
    pub history_entries: usize,
}

/// The time in a snapshot's file name (`2026-01-13T140339Z.json`, `.json.gz` too).
pub fn taken_at(file_name: &str) -> Option<DateTime<Utc>> {
    let stamp = file_name
        .strip_suffix(".json.gz")
        .or_else(|| file_name.strip_suffix(".json"))?;
    NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H%M%SZ")
        .ok()
        .map(|t| t.and_utc())
}

/// The snapshots of `dir` whose names are times, in time order.
pub fn snapshots_in(dir: &Path) -> Result<Vec<TimedSnapshot>, SourceError> {
    let mut found: Vec<(DateTime<Utc>, PathBuf)> = list_files(dir)?
        .into_iter()
        .filter_map(|path| {
            let at = taken_at(path.file_name()?.to_str()?)?;
            Some((at, path))
        })
        .collect();
    found.sort();
    Ok(found
        .into_iter()
        .map(|(taken_at, path)| TimedSnapshot {
            taken_at,
            source: Ll2Snapshot::files([path]),
        })
        .collect())
}

/// The weekly snapshots baked into the binary, in time order.
#[cfg(feature = "bundled-snapshot")]
pub fn bundled_weekly() -> Vec<TimedSnapshot> {
    crate::ll2::snapshot::WEEKLY_FILES
        .into_iter()
        .filter_map(|name| {
            Some(TimedSnapshot {
                taken_at: taken_at(name)?,
                source: Ll2Snapshot::BundledWeekly(name),
            })
        })
        .collect()
}

/// Syncs each snapshot into `store` in order, at its time. Each is read whole (a backfill): a
/// snapshot of a list cut at N records holds launches whose `last_updated` is older than any
/// cursor a previous one left.
pub async fn replay(
    snapshots: &[TimedSnapshot],
    store: &dyn LaunchStore,
) -> Result<ReplayReport, SyncError> {
    let mut report = ReplayReport::default();
    for snapshot in snapshots {
        let sources: [&dyn LaunchSource; 1] = [&snapshot.source];
        let options = SyncOptions {
            window: DateRange::ALL,
            backfill: true,
            as_of: Some(snapshot.taken_at),
            ..SyncOptions::default()
        };
        let run = sync_all(&sources, store, options).await?;
        report.snapshots += 1;
        for section in &run.sources {
            report.written += section.written;
            report.history_entries += section.history_entries;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_file_name_is_the_time() {
        assert_eq!(
            taken_at("2026-01-13T140339Z.json.gz"),
            Utc.with_ymd_and_hms(2026, 1, 13, 14, 3, 39).single()
        );
        assert_eq!(taken_at("README.md"), None);
    }
}
