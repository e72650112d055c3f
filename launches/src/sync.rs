//! The sync use-case: fetch, normalise, validate, compare content hashes, write what changed.
//! Nothing is ever deleted: a launch the source stops listing stays in the table.

use std::collections::HashSet;
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{format_date, Launch};
use crate::source::{LaunchSource, Rejection, SourceError};
use crate::store::{DateRange, LaunchStore, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("fetching launches failed: {0}")]
    Source(#[from] SourceError),
    #[error("storing launches failed: {0}")]
    Store(#[from] StoreError),
}

/// What a sync did. The Lambda logs it as JSON and returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncReport {
    /// The source's short name ([`LaunchSource::name`]).
    pub source_name: String,
    /// Where the launches came from ([`LaunchSource::describe`]).
    pub source: String,
    pub store: String,
    #[serde(with = "window_serde")]
    pub window: DateRange,
    /// Launch records the source returned.
    pub fetched: usize,
    /// Records that normalised into a launch (inside the window or not).
    pub valid: usize,
    /// Records skipped: `rejected.len()`.
    pub invalid: usize,
    pub rejected: Vec<Rejection>,
    /// Valid launches outside the requested window, left alone.
    pub outside_window: usize,
    /// New or changed launches written.
    pub written: usize,
    /// Launches already stored with the same content.
    pub unchanged: usize,
    pub started_at: String,
    pub duration_ms: u64,
}

mod window_serde {
    use super::*;
    use serde::{Deserializer, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Window {
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    }

    pub fn serialize<S: Serializer>(range: &DateRange, s: S) -> Result<S::Ok, S::Error> {
        Window {
            from: range.from,
            to: range.to,
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateRange, D::Error> {
        let w = Window::deserialize(d)?;
        Ok(DateRange {
            from: w.from,
            to: w.to,
        })
    }
}

/// Runs one sync of `source` into `store`, limited to launches dated within `window`.
///
/// Launches are checked, compared and written a batch at a time, as the source hands them over,
/// so that memory stays flat however large the source is. A launch list found broken part-way
/// through (cut off, not valid JSON between records) fails the sync with the source's error; the
/// launches of the batches before it may already be written, which is harmless: each of them was
/// a valid record, and the next sync compares them as usual.
pub async fn sync(
    source: &dyn LaunchSource,
    store: &dyn LaunchStore,
    window: DateRange,
) -> Result<SyncReport, SyncError> {
    let started = Instant::now();
    let started_at = Utc::now();
    let mut batches = source.launches().await?;
    let mut report = SyncReport {
        source_name: source.name().to_owned(),
        source: source.describe(),
        store: store.describe(),
        window,
        fetched: 0,
        valid: 0,
        invalid: 0,
        rejected: Vec::new(),
        outside_window: 0,
        written: 0,
        unchanged: 0,
        started_at: format_date(started_at),
        duration_ms: 0,
    };
    let synced_at = format_date(started_at);
    let mut seen: HashSet<String> = HashSet::new();
    while let Some(records) = batches.next_batch().await? {
        report.fetched += records.len();
        let mut candidates: Vec<Launch> = Vec::with_capacity(records.len());
        for record in records {
            let launch = match record {
                Ok(launch) => launch,
                Err(rejection) => {
                    report.rejected.push(rejection);
                    continue;
                }
            };
            if !seen.insert(launch.id.clone()) {
                report.rejected.push(Rejection {
                    id: Some(launch.id),
                    reason: "duplicate id: an earlier record with this id was kept".into(),
                });
                continue;
            }
            if let Err(reason) = store.check_admissible(&launch) {
                report.rejected.push(Rejection {
                    id: Some(launch.id),
                    reason,
                });
                continue;
            }
            report.valid += 1;
            if launch.date().is_some_and(|date| window.contains(date)) {
                candidates.push(launch);
            } else {
                report.outside_window += 1;
            }
        }
        let ids: Vec<&str> = candidates.iter().map(|l| l.id.as_str()).collect();
        let stored = store.content_hashes(&ids).await?;
        let (unchanged, mut changed): (Vec<Launch>, Vec<Launch>) = candidates
            .into_iter()
            .partition(|l| stored.get(&l.id) == Some(&l.content_hash));
        for launch in &mut changed {
            launch.synced_at.clone_from(&synced_at);
        }
        report.unchanged += unchanged.len();
        store.put_launches(&changed).await?;
        report.written += changed.len();
    }
    report.invalid = report.rejected.len();
    report.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    for rejection in &report.rejected {
        tracing::warn!(id = ?rejection.id, reason = %rejection.reason, "skipped invalid launch record");
    }
    Ok(report)
}
