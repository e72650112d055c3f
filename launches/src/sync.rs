//! The sync use-case: read each source's launches, validate them, find each one's row
//! ([`crate::reconcile`]), compare content hashes, write what changed, and save where the source
//! resumes. Nothing is ever deleted: a launch a source stops listing stays in the table.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::history;
use crate::model::{format_date, Launch};
use crate::reconcile::{Reconciler, Row};
use crate::source::{Ending, LaunchSource, Rejection, SourceError};
use crate::store::{DateRange, LaunchStore, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("fetching launches failed: {0}")]
    Source(#[from] SourceError),
    #[error("storing launches failed: {0}")]
    Store(#[from] StoreError),
    /// Writing failed part-way: what this source wrote before stands; the launches it had not
    /// yet handed over were neither compared nor written (the next run does them). A batch's
    /// history entries are written before its rows, so either write can fail it.
    #[error("storing launches failed after {written} were written (the source's launches not yet read are left for the next run): {source}")]
    Write {
        written: usize,
        #[source]
        source: StoreError,
    },
    /// The run's [`SyncOptions::time_limit`] passed while this source was being read or written.
    #[error("stopped at the run's time limit of {} s; what was written before stands", .limit.as_secs_f64())]
    TimeLimit { limit: Duration },
    /// Some sources failed; what the others (and the failed ones before failing) wrote stands.
    #[error("{}", describe_failures(&.0.failed))]
    Sources(Box<RunReport>),
}

fn describe_failures(failed: &[SourceFailure]) -> String {
    let each: Vec<String> = failed
        .iter()
        .map(|f| format!("{}: {}", f.source, f.error))
        .collect();
    format!("sync failed for {}", each.join("; "))
}

/// What a run over every source did. The Lambda logs it as JSON and returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    pub store: String,
    #[serde(with = "window_serde")]
    pub window: DateRange,
    /// Whether the sources were read from the beginning rather than from their cursors.
    pub backfill: bool,
    pub started_at: String,
    pub duration_ms: u64,
    /// One section per source that finished, in the order they ran.
    pub sources: Vec<SyncReport>,
    pub failed: Vec<SourceFailure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceFailure {
    pub source: String,
    pub error: String,
}

/// What a run is asked to do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncOptions {
    /// Only launches dated within it are written. A narrowed run never moves a cursor: the
    /// changes it skipped must still come in the next run.
    pub window: DateRange,
    /// Read every source from the beginning (e.g. after a change to normalisation).
    pub backfill: bool,
    /// The run's time: what it stamps on the rows it writes and what "past" means when an
    /// upcoming launch's NET has gone by. `None` is now; replays of saved snapshots and tests on
    /// a fixed clock set it.
    pub as_of: Option<DateTime<Utc>>,
    /// The longest the run may take, every source included; a source still running then fails
    /// with [`SyncError::TimeLimit`], and those after it are not started. `None`: no limit. The
    /// Lambda sets it a little short of its own timeout, so that a source that trickles or a
    /// store that hangs ends the run with a report instead of a killed process. reqwest's and
    /// the SDK's timeouts bound one request each; retries and pages multiply them.
    pub time_limit: Option<Duration>,
    /// When history says each change was observed.
    pub observed: ObservedAt,
}

/// When history says a change was observed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ObservedAt {
    /// The run's time: a live run sees a change when it runs.
    #[default]
    RunTime,
    /// Each record's own update time (LL2's `last_updated`; the run's time for a record without
    /// one), kept between the stored row's last write and the run's time, so that a launch's
    /// history stays in order. For a fill from saved files of different ages (`make run`): their
    /// changes happened when the files say, not when the fill ran.
    RecordUpdate,
}

impl ObservedAt {
    fn time(self, stored: Option<&Launch>, launch: &Launch, run: DateTime<Utc>) -> DateTime<Utc> {
        let parse = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|t| t.with_timezone(&Utc))
        };
        match self {
            ObservedAt::RunTime => run,
            ObservedAt::RecordUpdate => {
                let Some(updated) = launch.ll2_last_updated.as_deref().and_then(parse) else {
                    return run;
                };
                let written = stored.and_then(|row| parse(&row.synced_at));
                updated.max(written.unwrap_or(updated)).min(run)
            }
        }
    }
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
    /// Other providers' launches the source listed (LL2's incremental runs ask for every
    /// provider, to see launches moved away from SpaceX): neither invalid nor written, except
    /// that a row already held under such an id is marked as moved.
    #[serde(default)]
    pub other_providers: usize,
    /// Valid launches outside the requested window, left alone.
    pub outside_window: usize,
    /// New or changed launches written.
    pub written: usize,
    /// Launches already stored with the same content.
    pub unchanged: usize,
    /// History entries written: new launches, and changed ones whose followed fields changed
    /// ([`crate::history`]).
    #[serde(default)]
    pub history_entries: usize,
    /// Requests sent and why the source stopped early, for sources that say.
    #[serde(flatten)]
    pub ending: Ending,
    /// Where the source resumes next run (sources with a cursor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_from: Option<String>,
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
pub async fn sync(
    source: &dyn LaunchSource,
    store: &dyn LaunchStore,
    window: DateRange,
) -> Result<SyncReport, SyncError> {
    let options = SyncOptions {
        window,
        ..SyncOptions::default()
    };
    sync_source(source, store, options).await
}

/// Runs every source in order (the archive first, so that later sources find its rows). A
/// source that fails does not stop the others; the run then fails naming it, after the others.
pub async fn sync_all(
    sources: &[&dyn LaunchSource],
    store: &dyn LaunchStore,
    options: SyncOptions,
) -> Result<RunReport, SyncError> {
    let started = Instant::now();
    let mut report = RunReport {
        store: store.describe(),
        window: options.window,
        backfill: options.backfill,
        started_at: format_date(options.as_of.unwrap_or_else(Utc::now)),
        duration_ms: 0,
        sources: Vec::with_capacity(sources.len()),
        failed: Vec::new(),
    };
    let deadline = options
        .time_limit
        .map(|limit| (limit, tokio::time::Instant::now() + limit));
    for source in sources {
        let run = sync_source(*source, store, options);
        let result = match deadline {
            Some((limit, at)) if tokio::time::Instant::now() >= at => {
                Err(SyncError::TimeLimit { limit })
            }
            // Dropping the source's future at the deadline stops its reading and writing at
            // once; an interrupted batch is harmless to write again in the next run.
            Some((limit, at)) => tokio::time::timeout_at(at, run)
                .await
                .unwrap_or(Err(SyncError::TimeLimit { limit })),
            None => run.await,
        };
        match result {
            Ok(section) => report.sources.push(section),
            Err(error) => {
                tracing::error!(source = source.name(), %error, "source sync failed");
                report.failed.push(SourceFailure {
                    source: source.name().to_owned(),
                    error: error.to_string(),
                });
            }
        }
    }
    report.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    if report.failed.is_empty() {
        Ok(report)
    } else {
        Err(SyncError::Sources(Box::new(report)))
    }
}

/// The stored rows of launches a source now lists under another provider (`moved`: id and
/// provider), marked as no longer SpaceX's, with their history entries. Launches never stored
/// stay mere rejections.
async fn moved_away(
    store: &dyn LaunchStore,
    moved: &[(String, String)],
    changed: &mut Vec<Launch>,
    history: &mut Vec<history::HistoryEntry>,
    at: DateTime<Utc>,
    source: &str,
) -> Result<(), StoreError> {
    if moved.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = moved.iter().map(|(id, _)| id.as_str()).collect();
    let stored = store.stored_launches(&ids).await?;
    for (id, provider) in moved {
        let Some(before) = stored.get(id) else {
            continue;
        };
        if before.provider.as_deref() == Some(provider.as_str()) {
            continue;
        }
        let mut row = before.clone();
        row.provider = Some(provider.clone());
        row.content_hash = row.compute_content_hash();
        row.synced_at = format_date(at);
        if let Some(entry) = history::observe(Some(before), &row, at, source) {
            row.history_seq = entry.seq;
            history.push(entry);
        }
        tracing::info!(
            id,
            provider,
            "launch moved to another provider: no longer SpaceX's"
        );
        changed.push(row);
    }
    Ok(())
}

/// One source's part of a run. Launches are checked, compared and written a batch at a time, as
/// the source hands them over, so that memory stays flat however large the source is; the
/// source's cursor is saved only once what it covers is written. A launch list found broken
/// part-way through fails the sync with the source's error; the batches before it stay written,
/// which is harmless: each was valid, and the next sync compares them as usual.
async fn sync_source(
    source: &dyn LaunchSource,
    store: &dyn LaunchStore,
    options: SyncOptions,
) -> Result<SyncReport, SyncError> {
    let started = Instant::now();
    let started_at = options.as_of.unwrap_or_else(Utc::now);
    let window = options.window;
    let moves_cursor = window == DateRange::ALL;
    let resume = if options.backfill || !source.resumes() {
        None
    } else {
        store.cursor(source.name()).await?
    };
    let mut batches = source.launches(resume.as_deref()).await?;
    let mut report = SyncReport {
        source_name: source.name().to_owned(),
        source: source.describe(),
        store: store.describe(),
        window,
        fetched: 0,
        valid: 0,
        invalid: 0,
        rejected: Vec::new(),
        other_providers: 0,
        outside_window: 0,
        written: 0,
        unchanged: 0,
        history_entries: 0,
        ending: Ending::default(),
        resume_from: resume.clone(),
        started_at: format_date(started_at),
        duration_ms: 0,
    };
    let synced_at = format_date(started_at);
    let mut reconciler = Reconciler::new(store, started_at);
    let mut seen: HashSet<String> = HashSet::new();
    loop {
        let next = batches.next_batch().await;
        // A checkpoint met before this batch (or before a failure) covers only batches already
        // written: it is saved even when the source then fails.
        if let Some(checkpoint) = batches.take_checkpoint() {
            if moves_cursor && report.resume_from.as_ref() != Some(&checkpoint) {
                store.save_cursor(source.name(), &checkpoint).await?;
                report.resume_from = Some(checkpoint);
            }
        }
        let Some(records) = next? else { break };
        report.fetched += records.len();
        let mut candidates = Vec::with_capacity(records.len());
        let mut other_providers = Vec::new();
        for record in records {
            let launch = match record {
                Ok(launch) => launch,
                Err(Rejection {
                    id,
                    other_provider: Some(provider),
                    ..
                }) => {
                    report.other_providers += 1;
                    if let (Some(id), true) = (id, moves_cursor) {
                        other_providers.push((id, provider));
                    }
                    continue;
                }
                Err(rejection) => {
                    report.rejected.push(rejection);
                    continue;
                }
            };
            if !seen.insert(launch.id.clone()) {
                report.rejected.push(Rejection::invalid(
                    Some(launch.id),
                    "duplicate id: an earlier record with this id was kept",
                ));
                continue;
            }
            if let Err(reason) = store.check_admissible(&launch) {
                report
                    .rejected
                    .push(Rejection::invalid(Some(launch.id), reason));
                continue;
            }
            report.valid += 1;
            if launch.date().is_some_and(|date| window.contains(date)) {
                candidates.push(launch);
            } else {
                report.outside_window += 1;
            }
        }
        let mut changed = Vec::new();
        let mut history = Vec::new();
        for Row { mut launch, stored } in reconciler.rows(candidates).await? {
            if stored.as_ref().map(|s| &s.content_hash) == Some(&launch.content_hash) {
                report.unchanged += 1;
                continue;
            }
            launch.synced_at.clone_from(&synced_at);
            launch.history_seq = stored.as_ref().map_or(0, |s| s.history_seq);
            let observed_at = options.observed.time(stored.as_ref(), &launch, started_at);
            if let Some(entry) =
                history::observe(stored.as_ref(), &launch, observed_at, source.name())
            {
                launch.history_seq = entry.seq;
                history.push(entry);
            }
            changed.push(launch);
        }
        moved_away(
            store,
            &other_providers,
            &mut changed,
            &mut history,
            started_at,
            source.name(),
        )
        .await?;
        // History first: a run that fails before the rows are written is retried against the
        // same stored rows, so it rewrites the same (launch, seq) entries (`crate::history`).
        let failed = |source| SyncError::Write {
            written: report.written,
            source,
        };
        store.put_history(&history).await.map_err(failed)?;
        report.history_entries += history.len();
        store.put_launches(&changed).await.map_err(failed)?;
        if !changed.is_empty() {
            // The wall clock, not `as_of`: readers compare it with their own (a replay's
            // `as_of` is in the past).
            store.mark_changed(Utc::now()).await.map_err(failed)?;
        }
        report.written += changed.len();
    }
    report.ending = batches.ending().clone();
    report.invalid = report.rejected.len();
    report.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    for rejection in &report.rejected {
        tracing::warn!(source = source.name(), id = ?rejection.id, reason = %rejection.reason, "skipped invalid launch record");
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("date")
            .with_timezone(&Utc)
    }

    fn launch(last_updated: Option<&str>, synced_at: &str) -> Launch {
        Launch {
            id: "a".into(),
            ll2_last_updated: last_updated.map(str::to_owned),
            synced_at: synced_at.into(),
            ..Launch::default()
        }
    }

    #[test]
    fn a_change_is_observed_at_the_run_or_at_its_records_update_kept_in_order() {
        let run = at("2026-11-29T12:00:00Z");
        let stored = launch(Some("2026-07-01T00:00:00Z"), "2026-08-22T20:48:17.000Z");
        let updated = launch(Some("2026-08-30T10:00:00Z"), "");
        assert_eq!(ObservedAt::RunTime.time(Some(&stored), &updated, run), run);
        let record = ObservedAt::RecordUpdate;
        assert_eq!(
            record.time(Some(&stored), &updated, run),
            at("2026-08-30T10:00:00Z")
        );
        // Never before the row's last write (its history's last entry), never after the run.
        let older = launch(Some("2026-08-01T00:00:00Z"), "");
        assert_eq!(
            record.time(Some(&stored), &older, run),
            at("2026-08-22T20:48:17Z")
        );
        let ahead = launch(Some("2026-12-01T00:00:00Z"), "");
        assert_eq!(record.time(Some(&stored), &ahead, run), run);
        // A new launch: its record's time; no update time: the run's.
        assert_eq!(record.time(None, &older, run), at("2026-08-01T00:00:00Z"));
        assert_eq!(record.time(None, &launch(None, ""), run), run);
    }
}
