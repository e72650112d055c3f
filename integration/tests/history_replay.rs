//! The 33 weekly LL2 snapshots (`fixtures/ll2/history/`) replayed in order through the real
//! sync: a local LL2 server answers with snapshot k at step k, the sync runs at the snapshot's
//! time, the store is DynamoDB in the emulator (tables from Terraform). The history it records
//! is compared with what this test derives from the raw snapshot files itself.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use integration::emulator::Emulator;
use integration::history_fixtures::{weekly_snapshots, WeeklySnapshot};
use integration::ll2_server::Ll2Server;
use integration::terraform::create_launches_table;
use launches::history::{HistoryEntry, HistoryField};
use launches::ll2::{Ll2Config, Ll2Source};
use launches::{
    sync_all, DateRange, DynamoStore, DynamoStoreConfig, Launch, LaunchSource, LaunchStore,
    StoreError, SyncError, SyncOptions,
};
use serde_json::Value;

/// One launch as one snapshot shows it: the fields history follows, read from the raw record.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    at: DateTime<Utc>,
    net: String,
    precision: String,
    status: String,
    /// LL2 names a launch "<rocket> | <mission>"; the row keeps the mission part.
    name: String,
    /// Only whether these change is compared: the row holds the v4 names they map to.
    rocket: String,
    pad: u64,
    provider: String,
}

fn instant(text: &str) -> String {
    DateTime::parse_from_rfc3339(text)
        .map(|t| {
            t.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Secs, true)
        })
        .unwrap_or_else(|_| format!("unreadable: {text}"))
}

fn seen(record: &Value, at: DateTime<Utc>) -> (String, Seen) {
    let text = |pointer: &str| {
        record
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let name = text("/name");
    let mission = name.split_once(" | ").map_or(name.as_str(), |(_, m)| m);
    (
        text("/id"),
        Seen {
            at,
            net: instant(&text("/net")),
            precision: text("/net_precision/abbrev"),
            status: text("/status/abbrev"),
            name: mission.to_owned(),
            rocket: text("/rocket/configuration/name"),
            pad: record
                .pointer("/pad/id")
                .and_then(Value::as_u64)
                .unwrap_or_default(),
            provider: text("/launch_service_provider/name"),
        },
    )
}

/// An entry as compared: when, and each changed field with old and new value (rocket and
/// site only as changed or not).
type Compared = (String, BTreeMap<&'static str, (Option<String>, String)>);

/// The history each launch should have: an entry at its first appearance, and one at each
/// later appearance where a followed field differs from its previous appearance (the latest
/// earlier snapshot holding it, which need not be the one just before).
fn expected_history(snapshots: &[WeeklySnapshot]) -> BTreeMap<String, Vec<Compared>> {
    let mut appearances: BTreeMap<String, Vec<Seen>> = BTreeMap::new();
    for snapshot in snapshots {
        for record in &snapshot.records {
            let (id, seen) = seen(record, snapshot.taken_at);
            appearances.entry(id).or_default().push(seen);
        }
    }
    appearances
        .into_iter()
        .map(|(id, seen)| {
            let mut entries = Vec::new();
            let mut previous: Option<&Seen> = None;
            for now in &seen {
                let mut changes = BTreeMap::new();
                let mut compare = |field: &'static str, old: Option<String>, new: String| {
                    if old.as_ref() != Some(&new) {
                        changes.insert(field, (old, new));
                    }
                };
                compare("net", previous.map(|p| p.net.clone()), now.net.clone());
                compare(
                    "net_precision",
                    previous.map(|p| p.precision.clone()),
                    now.precision.clone(),
                );
                compare(
                    "status",
                    previous.map(|p| p.status.clone()),
                    now.status.clone(),
                );
                compare("name", previous.map(|p| p.name.clone()), now.name.clone());
                compare(
                    "provider",
                    previous.map(|p| p.provider.clone()),
                    now.provider.clone(),
                );
                let changed = |same: bool| (!same).then(|| "changed".to_owned());
                match previous {
                    None => {
                        changes.insert("rocket", (None, "changed".into()));
                        changes.insert("launch_site", (None, "changed".into()));
                    }
                    Some(p) => {
                        if let Some(c) = changed(p.rocket == now.rocket) {
                            changes.insert("rocket", (Some(c.clone()), c));
                        }
                        if let Some(c) = changed(p.pad == now.pad) {
                            changes.insert("launch_site", (Some(c.clone()), c));
                        }
                    }
                }
                if !changes.is_empty() {
                    entries.push((now.at.to_rfc3339_opts(SecondsFormat::Secs, true), changes));
                }
                previous = Some(now);
            }
            (id, entries)
        })
        .collect()
}

/// The recorded history in the same form.
fn recorded_history(entries: &[HistoryEntry]) -> BTreeMap<String, Vec<Compared>> {
    let mut by_launch: BTreeMap<String, Vec<&HistoryEntry>> = BTreeMap::new();
    for entry in entries {
        by_launch
            .entry(entry.launch_id.clone())
            .or_default()
            .push(entry);
    }
    by_launch
        .into_iter()
        .map(|(id, mut entries)| {
            entries.sort_by_key(|e| e.seq);
            let compared = entries
                .into_iter()
                .map(|entry| {
                    let changes = entry
                        .changes
                        .iter()
                        .map(|c| {
                            let (old, new) = match c.field {
                                HistoryField::Net => {
                                    (c.old.as_deref().map(instant), instant(&c.new))
                                }
                                HistoryField::Rocket | HistoryField::LaunchSite => (
                                    c.old.as_ref().map(|_| "changed".to_owned()),
                                    "changed".to_owned(),
                                ),
                                _ => (c.old.clone(), c.new.clone()),
                            };
                            (c.field.as_str(), (old, new))
                        })
                        .collect();
                    (instant(&entry.observed_at), changes)
                })
                .collect();
            (id, compared)
        })
        .collect()
}

/// Totals over a history: launches seen, launches whose NET changed, NET changes, and the
/// largest slip (hours, and the launches that slipped that much).
type Totals = (usize, usize, usize, (i64, BTreeSet<String>));

fn totals(history: &BTreeMap<String, Vec<Compared>>) -> Totals {
    let mut slipped = 0;
    let mut net_changes = 0;
    let mut largest = (i64::MIN, BTreeSet::new());
    for (id, entries) in history {
        let mut moved = false;
        for (_, changes) in entries {
            if let Some((Some(old), new)) = changes.get("net") {
                moved = true;
                net_changes += 1;
                let hours = |t: &str| {
                    DateTime::parse_from_rfc3339(t)
                        .map(|t| t.timestamp() / 3600)
                        .unwrap_or_default()
                };
                let shift = hours(new) - hours(old);
                if shift > largest.0 {
                    largest = (shift, BTreeSet::new());
                }
                if shift == largest.0 {
                    largest.1.insert(id.clone());
                }
            }
        }
        slipped += usize::from(moved);
    }
    (history.len(), slipped, net_changes, largest)
}

/// A store that fails `put_launches` once when armed: the run dies between the history write
/// and the launch write.
struct FaultyStore {
    inner: DynamoStore,
    armed: AtomicBool,
}

#[async_trait]
impl LaunchStore for FaultyStore {
    async fn stored_launches(&self, ids: &[&str]) -> Result<HashMap<String, Launch>, StoreError> {
        self.inner.stored_launches(ids).await
    }
    async fn put_launches(&self, launches: &[Launch]) -> Result<(), StoreError> {
        if !launches.is_empty() && self.armed.swap(false, Ordering::SeqCst) {
            return Err(StoreError::Dynamo {
                operation: "BatchWriteItem",
                message: "injected fault: the run dies before the launches are written".into(),
            });
        }
        self.inner.put_launches(launches).await
    }
    async fn put_history(&self, entries: &[HistoryEntry]) -> Result<(), StoreError> {
        self.inner.put_history(entries).await
    }
    async fn launch_history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        self.inner.launch_history(id).await
    }
    async fn history_in_range(&self, range: DateRange) -> Result<Vec<HistoryEntry>, StoreError> {
        self.inner.history_in_range(range).await
    }
    async fn launches_in_range(&self, range: DateRange) -> Result<Vec<Launch>, StoreError> {
        self.inner.launches_in_range(range).await
    }
    async fn get_launch(&self, id: &str) -> Result<Option<Launch>, StoreError> {
        self.inner.get_launch(id).await
    }
    async fn cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
        self.inner.cursor(source).await
    }
    async fn save_cursor(&self, source: &str, cursor: &str) -> Result<(), StoreError> {
        self.inner.save_cursor(source, cursor).await
    }
    fn check_admissible(&self, launch: &Launch) -> Result<(), String> {
        self.inner.check_admissible(launch)
    }
    fn describe(&self) -> String {
        format!("faulty {}", self.inner.describe())
    }
}

fn source(server: &Ll2Server) -> Ll2Source {
    Ll2Source::new(Ll2Config {
        base_url: server.base_url(),
        request_budget: 50,
        check_throttle: false,
        ..Ll2Config::default()
    })
    .expect("LL2 client")
}

async fn run(
    source: &Ll2Source,
    store: &dyn LaunchStore,
    at: DateTime<Utc>,
) -> Result<usize, SyncError> {
    let sources: [&dyn LaunchSource; 1] = [source];
    // Each step reads the whole snapshot (backfill), not from LL2's `last_updated` cursor: the
    // snapshots are LL2's upcoming list cut at 100 records, so launches enter them with a
    // `last_updated` older than the cursor (in LL2 itself, which the source reads whole, they
    // were there all along and read by an earlier run).
    let options = SyncOptions {
        window: DateRange::ALL,
        backfill: true,
        as_of: Some(at),
        ..SyncOptions::default()
    };
    let report = sync_all(&sources, store, options).await?;
    Ok(report.sources.iter().map(|s| s.history_entries).sum())
}

/// Every entry, through the index that reads history by time.
async fn all_entries(store: &dyn LaunchStore) -> Vec<HistoryEntry> {
    store
        .history_in_range(DateRange::ALL)
        .await
        .expect("history")
}

#[tokio::test]
async fn replaying_the_weekly_snapshots_records_what_changed_once_and_survives_a_crash() {
    let snapshots = weekly_snapshots().expect("fixtures/ll2/history");
    assert_eq!(snapshots.len(), 33);
    let expected = expected_history(&snapshots);
    // The derivation agrees with the fixture's README (an independent count).
    let (seen, slipped, net_changes, (largest, largest_ids)) = totals(&expected);
    assert_eq!((seen, slipped, net_changes), (156, 92, 147));
    assert_eq!(largest, 4416, "hours");
    assert!(largest_ids.contains("511a3ef8-799e-4723-9293-b954d9d2eb83"));

    let emulator = Emulator::start().await.expect("emulator");
    let server = Ll2Server::start(Vec::new(), u32::MAX).await;
    let source = source(&server);
    create_launches_table(&emulator.client(), "replay")
        .await
        .expect("tables");
    let store = DynamoStore::new(emulator.client(), DynamoStoreConfig::new("replay"));
    create_launches_table(&emulator.client(), "replay-fault")
        .await
        .expect("tables");
    let faulty = FaultyStore {
        inner: DynamoStore::new(emulator.client(), DynamoStoreConfig::new("replay-fault")),
        armed: AtomicBool::new(false),
    };
    // Steps at which the second replay dies between the history and the launch writes.
    let fault_steps: BTreeSet<usize> = [1, 12, 22].into();
    let mut faults_seen = 0;

    for (step, snapshot) in snapshots.iter().enumerate() {
        server.replace_records(snapshot.records.clone());
        let before = all_entries(&store).await.len();
        let recorded = run(&source, &store, snapshot.taken_at)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", snapshot.file));
        assert_eq!(all_entries(&store).await.len(), before + recorded);
        // The same data again, at the same time: nothing more.
        let again = run(&source, &store, snapshot.taken_at)
            .await
            .expect("re-run");
        assert_eq!(again, 0, "{}: a re-run recorded {again}", snapshot.file);

        if fault_steps.contains(&step) {
            faulty.armed.store(true, Ordering::SeqCst);
            let before = all_entries(&faulty).await;
            let failed = run(&source, &faulty, snapshot.taken_at).await;
            assert!(failed.is_err(), "{}: the fault fired", snapshot.file);
            // The fault fell between the two writes: history was written, the rows were not.
            let after = all_entries(&faulty).await;
            assert!(after.len() > before.len(), "{}", snapshot.file);
            faults_seen += 1;
        }
        run(&source, &faulty, snapshot.taken_at)
            .await
            .unwrap_or_else(|e| panic!("{} (faulty store, retried): {e}", snapshot.file));
    }
    assert_eq!(faults_seen, fault_steps.len());

    let entries = all_entries(&store).await;
    let recorded = recorded_history(&entries);
    for (id, want) in &expected {
        assert_eq!(recorded.get(id), Some(want), "history of {id}");
    }
    assert_eq!(recorded.len(), expected.len());
    assert_eq!(totals(&recorded), totals(&expected));

    // The run that died three times and was retried left exactly the same history.
    assert_eq!(all_entries(&faulty).await, entries);

    // One continuous history per launch, also for the launches that left the list and came
    // back: its entries are numbered 1..=n with no gap, and the row counts the same n.
    let mut absent_then_back = 0;
    for (id, want) in &expected {
        let history = store.launch_history(id).await.expect("launch history");
        let seqs: Vec<u32> = history.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..=want.len() as u32).collect::<Vec<_>>(), "{id}");
        let row = store.get_launch(id).await.expect("row").expect("a row");
        assert_eq!(row.history_seq as usize, want.len(), "{id}");
        let present: Vec<bool> = snapshots
            .iter()
            .map(|s| s.records.iter().any(|r| r["id"] == id.as_str()))
            .collect();
        let first = present.iter().position(|p| *p);
        let last = present.iter().rposition(|p| *p);
        if let (Some(first), Some(last)) = (first, last) {
            absent_then_back += usize::from(present[first..=last].iter().any(|p| !p));
        }
    }
    assert_eq!(
        absent_then_back, 9,
        "launches that left the list and came back"
    );
}
