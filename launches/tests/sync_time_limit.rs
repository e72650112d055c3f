//! The run's time limit on the embedded store: a store that never answers a write ends the run
//! at the limit with an error that says so, and the sources after it are not started.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use launches::history::HistoryEntry;
use launches::{
    sync_all, DateRange, Launch, LaunchBatches, LaunchSource, LaunchStore, MemoryStore,
    SnapshotSource, SourceError, StoreError, SyncError, SyncOptions,
};

/// The embedded store, but a write never returns (a store that accepted the connection and went
/// silent, with no timeout of its own).
struct SilentOnWrite(MemoryStore);

#[async_trait]
impl LaunchStore for SilentOnWrite {
    async fn stored_launches(&self, ids: &[&str]) -> Result<HashMap<String, Launch>, StoreError> {
        self.0.stored_launches(ids).await
    }
    async fn put_launches(&self, _launches: &[Launch]) -> Result<(), StoreError> {
        std::future::pending().await
    }
    async fn put_history(&self, entries: &[HistoryEntry]) -> Result<(), StoreError> {
        self.0.put_history(entries).await
    }
    async fn launches_in_range(&self, range: DateRange) -> Result<Vec<Launch>, StoreError> {
        self.0.launches_in_range(range).await
    }
    async fn get_launch(&self, id: &str) -> Result<Option<Launch>, StoreError> {
        self.0.get_launch(id).await
    }
    async fn cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
        self.0.cursor(source).await
    }
    async fn save_cursor(&self, source: &str, cursor: &str) -> Result<(), StoreError> {
        self.0.save_cursor(source, cursor).await
    }
    fn describe(&self) -> String {
        "a silent store".into()
    }
}

/// A source that only notes whether it was asked for launches.
#[derive(Default)]
struct Untouched(AtomicBool);

#[async_trait]
impl LaunchSource for Untouched {
    async fn launches(&self, _resume: Option<&str>) -> Result<LaunchBatches, SourceError> {
        self.0.store(true, Ordering::SeqCst);
        Err(SourceError::BaseUrl("never meant to be read".into()))
    }
    fn name(&self) -> &'static str {
        "second"
    }
    fn describe(&self) -> String {
        "a source after the limit".into()
    }
}

#[tokio::test]
async fn a_store_that_never_answers_ends_the_run_at_its_time_limit() {
    let snapshot = SnapshotSource::directory(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/spacex/v4"),
    );
    let second = Untouched::default();
    let store = SilentOnWrite(MemoryStore::new());
    let limit = Duration::from_millis(300);
    let started = Instant::now();
    let error = sync_all(
        &[&snapshot, &second],
        &store,
        SyncOptions {
            time_limit: Some(limit),
            ..SyncOptions::default()
        },
    )
    .await
    .expect_err("stopped at the limit");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= limit && elapsed < limit * 4,
        "ended after {elapsed:?}"
    );
    let SyncError::Sources(report) = error else {
        panic!("expected a run report, got {error}");
    };
    let failed: Vec<(&str, &str)> = report
        .failed
        .iter()
        .map(|f| (f.source.as_str(), f.error.as_str()))
        .collect();
    let limit_error = "stopped at the run's time limit of 0.3 s; what was written before stands";
    assert_eq!(
        failed,
        vec![("spacex-v4", limit_error), ("second", limit_error)]
    );
    assert!(
        !second.0.load(Ordering::SeqCst),
        "a source after the limit was started"
    );
    assert!(store.0.is_empty().await);
}
