//! A launch LL2 moves to another provider: BlueBird Block 2 #2 was SpaceX's (Falcon 9) in the
//! 2026-01-19 weekly snapshot and Blue Origin's (New Glenn) from 2026-01-26 on (the fixture's
//! README). The weekly files keep only SpaceX records, so the Blue Origin version is made here
//! from the 2026-01-19 record by exactly that change. Through the real sync on the emulator, the
//! row stays (nothing is deleted) but is marked as Blue Origin's, its history says so, and the
//! dashboard no longer counts it as a SpaceX launch.

use std::sync::Arc;
use std::time::Duration;

use dashboard::{AppState, DataOrigin};
use integration::emulator::Emulator;
use integration::history_fixtures::{weekly_snapshots, WeeklySnapshot};
use integration::ll2_server::{fixture_records, Ll2Server};
use integration::terraform::create_launches_table;
use launches::history::HistoryField;
use launches::ll2::{Ll2Config, Ll2Snapshot, Ll2Source};
use launches::{
    sync_all, DateRange, DynamoStore, DynamoStoreConfig, LaunchSource, LaunchStore, SyncOptions,
};
use rocket::http::Status;
use rocket::local::asynchronous::Client;
use serde_json::{json, Value};

const BLUEBIRD_2: &str = "53769468-bfd3-45c7-a52b-46a68ed7510f";
/// LL2's id of Blue Origin.
const BLUE_ORIGIN: u64 = 141;

/// The 2026-01-19 and 2026-01-26 weekly snapshots, and BlueBird Block 2 #2's SpaceX record in
/// the first (the second no longer lists it).
fn the_weeks_of_the_move() -> (WeeklySnapshot, WeeklySnapshot, Value) {
    let mut snapshots = weekly_snapshots().expect("snapshots").into_iter().skip(1);
    let (before, after) = (
        snapshots.next().expect("a second snapshot"),
        snapshots.next().expect("a third snapshot"),
    );
    assert!(before.file.starts_with("2026-01-19") && after.file.starts_with("2026-01-26"));
    let spacex_version = before
        .records
        .iter()
        .find(|r| r["id"] == BLUEBIRD_2)
        .expect("BlueBird Block 2 #2 on 2026-01-19")
        .clone();
    assert!(after.records.iter().all(|r| r["id"] != BLUEBIRD_2));
    (before, after, spacex_version)
}

/// The Blue Origin version of BlueBird Block 2 #2's SpaceX record, as LL2 lists it from
/// 2026-01-26 on (the fixture's README).
fn moved_to_blue_origin(spacex_version: &Value) -> Value {
    let mut moved = spacex_version.clone();
    moved["name"] = json!("New Glenn | BlueBird Block 2 #2");
    moved["launch_service_provider"]["id"] = json!(BLUE_ORIGIN);
    moved["launch_service_provider"]["name"] = json!("Blue Origin");
    moved["rocket"]["configuration"]["name"] = json!("New Glenn");
    moved["rocket"]["configuration"]["full_name"] = json!("New Glenn");
    moved
}

/// Writes `records` as an LL2 list file, for a snapshot source.
fn list_file(dir: &std::path::Path, name: &str, records: &[Value]) -> std::path::PathBuf {
    let path = dir.join(name);
    let body = json!({"count": records.len(), "next": null, "previous": null, "results": records});
    std::fs::write(&path, body.to_string()).expect("write the list");
    path
}

#[tokio::test]
async fn a_launch_moved_to_another_provider_leaves_spacex_and_its_history_says_so() {
    let (before, after, spacex_version) = the_weeks_of_the_move();
    let moved = moved_to_blue_origin(&spacex_version);

    let dir = std::env::temp_dir().join(format!("history-provider-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let first = list_file(&dir, "first.json", &before.records);
    let mut later = after.records.clone();
    later.push(moved);
    let second = list_file(&dir, "second.json", &later);

    let emulator = Emulator::start().await.expect("emulator");
    create_launches_table(&emulator.client(), "moved")
        .await
        .expect("tables");
    let store = DynamoStore::new(emulator.client(), DynamoStoreConfig::new("moved"));
    let run = |path: std::path::PathBuf, at| {
        let store = &store;
        async move {
            let source = Ll2Snapshot::files([path]);
            let sources: [&dyn LaunchSource; 1] = [&source];
            let options = SyncOptions {
                window: DateRange::ALL,
                backfill: true,
                as_of: Some(at),
                ..SyncOptions::default()
            };
            sync_all(&sources, store, options).await.expect("sync")
        }
    };
    run(first, before.taken_at).await;
    let row = store
        .get_launch(BLUEBIRD_2)
        .await
        .expect("get")
        .expect("row");
    assert_eq!(row.provider, None);

    let report = run(second.clone(), after.taken_at).await;
    let section = &report.sources[0];
    assert_eq!((section.other_providers, section.invalid), (1, 0));
    let row = store
        .get_launch(BLUEBIRD_2)
        .await
        .expect("get")
        .expect("the row stays");
    assert_eq!(row.provider.as_deref(), Some("Blue Origin"));
    let history = store.launch_history(BLUEBIRD_2).await.expect("history");
    let last = history.last().expect("entries");
    assert_eq!(last.seq, 2);
    assert_eq!(
        last.change(HistoryField::Provider)
            .map(|c| (c.old.as_deref(), c.new.as_str())),
        Some((Some("SpaceX"), "Blue Origin"))
    );
    assert_eq!(row.history_seq, 2);
    // The same data again records nothing.
    let again = run(second, after.taken_at).await;
    assert_eq!(again.sources[0].history_entries, 0);
    assert_eq!(
        store
            .launch_history(BLUEBIRD_2)
            .await
            .expect("history")
            .len(),
        2
    );
    let _ = std::fs::remove_dir_all(&dir);

    // The dashboard on the same tables: not a SpaceX launch any more, its page says why.
    let origin = DataOrigin {
        description: store.describe(),
        notice: None,
    };
    let client = Client::tracked(dashboard::rocket(AppState::new(
        Arc::new(store),
        Duration::from_secs(300),
        origin,
    )))
    .await
    .expect("the app ignites");
    let listed: Value = client
        .get("/api/launches?limit=1000")
        .dispatch()
        .await
        .into_json()
        .await
        .expect("JSON");
    let ids: Vec<&str> = listed["launches"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["id"].as_str())
        .collect();
    assert!(!ids.is_empty());
    assert!(!ids.contains(&BLUEBIRD_2), "not listed as a SpaceX launch");
    let page = client
        .get(format!("/launches/{BLUEBIRD_2}"))
        .dispatch()
        .await;
    assert_eq!(page.status(), Status::Ok);
    let html = page.into_string().await.unwrap_or_default();
    assert!(html.contains("now lists this launch under Blue Origin"));
    let history: Value = client
        .get(format!("/api/launches/{BLUEBIRD_2}/history"))
        .dispatch()
        .await
        .into_json()
        .await
        .expect("JSON");
    assert_eq!(history["entries"][1]["changes"][0]["field"], "provider");
    assert_eq!(history["entries"][1]["changes"][0]["new"], "Blue Origin");
}

/// What a live run from `server` did to BlueBird Block 2 #2 after LL2 moved it to Blue Origin.
struct LiveMove {
    other_providers: usize,
    invalid: usize,
    provider: Option<String>,
    history_entries: usize,
    /// Whether every LL2 page request of the second run asked for SpaceX's launches only.
    spacex_only: bool,
}

/// Backfills the 2026-01-19 snapshot from the local LL2 server, then has LL2 move BlueBird
/// Block 2 #2 to Blue Origin and update another provider's launch (both after the cursor), and
/// runs again from the cursor with `every_provider_within`.
async fn live_move(table: &str, every_provider_within: Duration) -> LiveMove {
    let (before, after, spacex_version) = the_weeks_of_the_move();
    // Another provider's launch of the real upcoming list, not stored under any id.
    let unrelated = fixture_records("upcoming_2.2.0_detailed_2026-08-22.json")
        .expect("the upcoming list")
        .into_iter()
        .find(|r| r["launch_service_provider"]["id"] != 121)
        .expect("the upcoming list has other providers");
    let server = Ll2Server::start(before.records.clone(), 1000).await;
    let emulator = Emulator::start().await.expect("emulator");
    create_launches_table(&emulator.client(), table)
        .await
        .expect("tables");
    let store = DynamoStore::new(emulator.client(), DynamoStoreConfig::new(table));
    let source = Ll2Source::new(Ll2Config {
        base_url: server.base_url(),
        request_budget: 50,
        check_throttle: false,
        every_provider_within,
        ..Ll2Config::default()
    })
    .expect("LL2 client");
    let run = |at| {
        let (store, source) = (&store, &source);
        async move {
            let sources: [&dyn LaunchSource; 1] = [source];
            let options = SyncOptions {
                as_of: Some(at),
                ..SyncOptions::default()
            };
            sync_all(&sources, store, options).await.expect("sync")
        }
    };
    let first = run(before.taken_at).await;
    assert_eq!(first.sources[0].invalid, 0);
    let cursor = store.cursor("ll2").await.expect("cursor").expect("saved");

    let edited = after.taken_at.to_rfc3339();
    let mut moved = moved_to_blue_origin(&spacex_version);
    moved["last_updated"] = json!(edited);
    let mut other = unrelated;
    other["last_updated"] = json!(edited);
    assert!(edited > cursor, "both edits come after the cursor {cursor}");
    server.upsert(moved);
    server.upsert(other);
    let requests_before = server.page_queries().len();

    let second = run(after.taken_at).await;
    let section = &second.sources[0];
    let row = store
        .get_launch(BLUEBIRD_2)
        .await
        .expect("get")
        .expect("the row stays");
    let history = store.launch_history(BLUEBIRD_2).await.expect("history");
    let asked = server.page_queries();
    let pages = &asked[requests_before..];
    assert!(!pages.is_empty(), "the second run asked LL2");
    LiveMove {
        other_providers: section.other_providers,
        invalid: section.invalid,
        provider: row.provider,
        history_entries: history.len(),
        spacex_only: pages.iter().all(|query| query.contains("lsp__id=121")),
    }
}

#[tokio::test]
async fn live_a_run_from_a_recent_cursor_sees_the_move() {
    let seen = live_move("moved-live", Duration::MAX).await;
    assert!(!seen.spacex_only, "a recent cursor asks for every provider");
    // The two records of other providers that were served after the cursor.
    assert_eq!((seen.other_providers, seen.invalid), (2, 0));
    assert_eq!(seen.provider.as_deref(), Some("Blue Origin"));
    assert_eq!(seen.history_entries, 2, "first sighting, then the move");
}

#[tokio::test]
async fn live_a_run_from_an_old_cursor_asks_for_spacex_alone_and_misses_the_move() {
    // Every cursor is "old" with a zero window: the run catching up asks for SpaceX's alone,
    // as after a long outage, and the move goes unseen (docs/history.md says so).
    let missed = live_move("moved-catch-up", Duration::ZERO).await;
    assert!(missed.spacex_only);
    assert_eq!((missed.other_providers, missed.invalid), (0, 0));
    assert_eq!(missed.provider, None);
    assert_eq!(missed.history_entries, 1);
}
