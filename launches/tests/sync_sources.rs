//! The sync over both sources on the embedded store: one row per launch (the same rows as the
//! documented merge, itself held to the raw files by `merge_overlap.rs`), nothing written by a
//! second run, and a source's cursor saved only for what is written.

mod ll2_support;

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::Utc;
use launches::ll2::normalize_ll2_launch;
use launches::source::{Batches, Delivery, Record};
use launches::{
    merge, sync_all, DateRange, Launch, LaunchBatches, LaunchSource, LaunchStatus, LaunchStore,
    MemoryStore, SnapshotSource, SourceError, SyncError, SyncOptions,
};

/// A source that hands over given records in batches, a checkpoint after each, and can fail
/// after some batches; it remembers where each run asked it to resume.
struct ListSource {
    records: Vec<Launch>,
    batch: usize,
    fail_after: Option<usize>,
    resumed_from: Mutex<Vec<Option<String>>>,
}

impl ListSource {
    fn new(records: Vec<Launch>, batch: usize) -> Self {
        ListSource {
            records,
            batch,
            fail_after: None,
            resumed_from: Mutex::new(Vec::new()),
        }
    }

    fn resumes(&self) -> Vec<Option<String>> {
        self.resumed_from.lock().expect("lock").clone()
    }
}

#[async_trait]
impl LaunchSource for ListSource {
    async fn launches(&self, resume: Option<&str>) -> Result<LaunchBatches, SourceError> {
        self.resumed_from
            .lock()
            .expect("lock")
            .push(resume.map(str::to_owned));
        let batches: Vec<Vec<Record>> = self
            .records
            .chunks(self.batch)
            .map(|chunk| chunk.iter().cloned().map(Ok).collect())
            .collect();
        let fail_after = self.fail_after;
        let (sender, receiver) = tokio::sync::mpsc::channel(1);
        let producer = tokio::spawn(async move {
            for (index, batch) in batches.into_iter().enumerate() {
                if fail_after == Some(index) {
                    let _ = sender
                        .send(Err(SourceError::Stopped {
                            location: "list".into(),
                            reason: format!("failed at batch {index}"),
                        }))
                        .await;
                    return;
                }
                let _ = sender.send(Ok(Delivery::Items(batch))).await;
                let _ = sender
                    .send(Ok(Delivery::Checkpoint(format!("after-{index}"))))
                    .await;
            }
        });
        Ok(Batches::new("list", receiver, producer))
    }

    fn name(&self) -> &'static str {
        "ll2"
    }

    fn resumes(&self) -> bool {
        true
    }

    fn describe(&self) -> String {
        "a list of LL2 launches".into()
    }
}

/// Every SpaceX launch of the LL2 fixtures once (the latest record of an id), normalised.
fn ll2_launches() -> Vec<Launch> {
    let mut latest: BTreeMap<String, Launch> = BTreeMap::new();
    for name in [
        ll2_support::LIST_2006_2022,
        ll2_support::DETAILED_2023_2025,
        ll2_support::SPACEX_2026,
    ] {
        for raw in ll2_support::records(name) {
            let Ok(launch) = normalize_ll2_launch(&ll2_support::text(&raw)) else {
                continue;
            };
            match latest.get(&launch.id) {
                Some(kept) if kept.ll2_last_updated >= launch.ll2_last_updated => {}
                _ => {
                    latest.insert(launch.id.clone(), launch);
                }
            }
        }
    }
    latest.into_values().collect()
}

fn v4() -> SnapshotSource {
    SnapshotSource::directory(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/spacex/v4"),
    )
}

type Summary = BTreeMap<String, (String, LaunchStatus)>;

fn summary(rows: &[Launch]) -> Summary {
    rows.iter()
        .map(|l| (l.id.clone(), (l.date_utc.clone(), l.status)))
        .collect()
}

/// Equal, or a panic listing the first differences (the whole maps are too long to read).
fn assert_same_rows(synced: &Summary, merged: &Summary) {
    let mut differences: Vec<String> = Vec::new();
    for (id, row) in synced {
        match merged.get(id) {
            None => differences.push(format!("only synced: {id} {row:?}")),
            Some(other) if other != row => {
                differences.push(format!("{id}: synced {row:?}, merged {other:?}"))
            }
            Some(_) => {}
        }
    }
    for (id, row) in merged {
        if !synced.contains_key(id) {
            differences.push(format!("only merged: {id} {row:?}"));
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences, first: {:#?}",
        differences.len(),
        &differences[..differences.len().min(12)]
    );
}

#[tokio::test]
async fn both_sources_give_one_row_per_launch_and_a_second_run_writes_nothing() {
    let ll2 = ll2_launches();
    let expected = merge::merge(ll2_support::v4_launches().await, ll2.clone(), Utc::now());
    let store = MemoryStore::new();
    let v4 = v4();
    let ll2_source = ListSource::new(ll2, 100);
    let sources: [&dyn LaunchSource; 2] = [&v4, &ll2_source];

    let first = sync_all(&sources, &store, SyncOptions::default())
        .await
        .expect("first run");
    let rows = store.launches_in_range(DateRange::ALL).await.expect("rows");
    assert_same_rows(&summary(&rows), &summary(&expected.launches));
    assert!(first.sources.iter().all(|s| s.invalid == 0));
    // No past launch is shown as upcoming.
    let now = Utc::now();
    for row in &rows {
        if row.status == LaunchStatus::Upcoming {
            let end = row
                .date()
                .and_then(|d| merge::period_end(d, row.date_precision))
                .expect("a dated period");
            assert!(end + chrono::Duration::days(1) > now, "{} is past", row.id);
        }
    }

    let second = sync_all(&sources, &store, SyncOptions::default())
        .await
        .expect("second run");
    let written: HashMap<&str, usize> = second
        .sources
        .iter()
        .map(|s| (s.source_name.as_str(), s.written))
        .collect();
    assert_eq!(written, HashMap::from([("spacex-v4", 0), ("ll2", 0)]));
    // The second run resumed where the first left off.
    assert!(ll2_source.resumes()[1].is_some());
    assert_eq!(
        store.cursor("ll2").await.expect("cursor"),
        ll2_source.resumes()[1]
    );
}

#[tokio::test]
async fn a_failed_source_keeps_the_cursor_of_what_was_written_and_fails_the_run() {
    let store = MemoryStore::new();
    let mut source = ListSource::new(ll2_launches(), 50);
    source.fail_after = Some(3);
    let sources: [&dyn LaunchSource; 1] = [&source];

    let error = sync_all(&sources, &store, SyncOptions::default())
        .await
        .expect_err("the source fails");
    let SyncError::Sources(report) = &error else {
        panic!("expected a per-source failure, got {error}");
    };
    assert_eq!(report.failed.len(), 1);
    assert!(error.to_string().contains("failed at batch 3"), "{error}");
    // Batches 0, 1 and 2 were written; the checkpoint after batch 2 is met only when the sync
    // asks for the next batch, after writing batch 2.
    assert_eq!(
        store.cursor("ll2").await.expect("cursor").as_deref(),
        Some("after-2")
    );
    let stored = store.launches_in_range(DateRange::ALL).await.expect("rows");
    assert_eq!(stored.len(), 150);

    // The next run resumes from there.
    source.fail_after = None;
    let sources: [&dyn LaunchSource; 1] = [&source];
    sync_all(&sources, &store, SyncOptions::default())
        .await
        .expect("the run completes");
    assert_eq!(source.resumes(), vec![None, Some("after-2".to_owned())]);
}

#[tokio::test]
async fn a_narrowed_run_never_moves_the_cursor_and_a_backfill_starts_over() {
    let store = MemoryStore::new();
    store.save_cursor("ll2", "earlier").await.expect("save");
    let source = ListSource::new(ll2_launches(), 100);
    let sources: [&dyn LaunchSource; 1] = [&source];
    let window = DateRange {
        from: Some("2024-01-01T00:00:00Z".parse().expect("date")),
        to: Some("2024-12-31T23:59:59Z".parse().expect("date")),
    };
    let narrowed = sync_all(
        &sources,
        &store,
        SyncOptions {
            window,
            ..SyncOptions::default()
        },
    )
    .await
    .expect("narrowed run");
    assert!(narrowed.sources[0].outside_window > 0);
    assert_eq!(
        store.cursor("ll2").await.expect("cursor").as_deref(),
        Some("earlier")
    );
    sync_all(
        &sources,
        &store,
        SyncOptions {
            window: DateRange::ALL,
            backfill: true,
            ..SyncOptions::default()
        },
    )
    .await
    .expect("backfill");
    assert_eq!(
        source.resumes(),
        vec![Some("earlier".to_owned()), None],
        "the narrowed run resumed from the cursor, the backfill from the beginning"
    );
    assert_ne!(
        store.cursor("ll2").await.expect("cursor").as_deref(),
        Some("earlier")
    );
}
