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
use integration::history_fixtures::weekly_snapshots;
use integration::terraform::create_launches_table;
use launches::history::HistoryField;
use launches::ll2::Ll2Snapshot;
use launches::{
    sync_all, DateRange, DynamoStore, DynamoStoreConfig, LaunchSource, LaunchStore, SyncOptions,
};
use rocket::http::Status;
use rocket::local::asynchronous::Client;
use serde_json::{json, Value};

const BLUEBIRD_2: &str = "53769468-bfd3-45c7-a52b-46a68ed7510f";
/// LL2's id of Blue Origin.
const BLUE_ORIGIN: u64 = 141;

/// Writes `records` as an LL2 list file, for a snapshot source.
fn list_file(dir: &std::path::Path, name: &str, records: &[Value]) -> std::path::PathBuf {
    let path = dir.join(name);
    let body = json!({"count": records.len(), "next": null, "previous": null, "results": records});
    std::fs::write(&path, body.to_string()).expect("write the list");
    path
}

#[tokio::test]
async fn a_launch_moved_to_another_provider_leaves_spacex_and_its_history_says_so() {
    let snapshots = weekly_snapshots().expect("snapshots");
    let (before, after) = (&snapshots[1], &snapshots[2]);
    assert!(before.file.starts_with("2026-01-19") && after.file.starts_with("2026-01-26"));
    let spacex_version = before
        .records
        .iter()
        .find(|r| r["id"] == BLUEBIRD_2)
        .expect("BlueBird Block 2 #2 on 2026-01-19")
        .clone();
    assert!(after.records.iter().all(|r| r["id"] != BLUEBIRD_2));
    let mut moved = spacex_version.clone();
    moved["name"] = json!("New Glenn | BlueBird Block 2 #2");
    moved["launch_service_provider"]["id"] = json!(BLUE_ORIGIN);
    moved["launch_service_provider"]["name"] = json!("Blue Origin");
    moved["rocket"]["configuration"]["name"] = json!("New Glenn");
    moved["rocket"]["configuration"]["full_name"] = json!("New Glenn");

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
    assert!(section
        .rejected
        .iter()
        .any(|r| r.id.as_deref() == Some(BLUEBIRD_2) && r.reason.contains("Blue Origin")));
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
