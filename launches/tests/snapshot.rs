//! Normalisation over the whole real snapshot, checked against counts this test derives from
//! the raw JSON itself (not from the code under test).

use std::collections::BTreeMap;
use std::path::PathBuf;

use launches::{
    sync, DateRange, LaunchSource, LaunchStatus, LaunchStore, MemoryStore, SnapshotSource,
    SourceError,
};
use serde_json::Value;

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/spacex/v4")
}

fn raw(name: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(snapshot_dir().join(name)).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is a JSON array")
}

fn raw_status(launch: &Value) -> &'static str {
    if launch["upcoming"] == Value::Bool(true) {
        "upcoming"
    } else {
        match launch["success"] {
            Value::Bool(true) => "success",
            Value::Bool(false) => "failure",
            _ => "unknown",
        }
    }
}

#[tokio::test]
async fn every_launch_of_the_snapshot_normalises_and_the_counts_match_the_raw_json() {
    let source = SnapshotSource::directory(snapshot_dir());
    assert_eq!(source.name(), "spacex-v4");
    let launches: Vec<_> = source
        .launches(None)
        .await
        .expect("snapshot loads")
        .collect_all()
        .await
        .expect("records")
        .into_iter()
        .map(|record| record.expect("every record of the real snapshot is valid"))
        .collect();
    assert_eq!(launches.len(), 205);

    let raw_launches = raw("launches.json");
    let pad_names: BTreeMap<String, String> = raw("launchpads.json")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or_default().to_owned(),
                p["name"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let mut want_status: BTreeMap<&str, usize> = BTreeMap::new();
    let mut want_year: BTreeMap<i32, usize> = BTreeMap::new();
    let mut want_pad: BTreeMap<String, usize> = BTreeMap::new();
    for launch in &raw_launches {
        *want_status.entry(raw_status(launch)).or_default() += 1;
        let year: i32 = launch["date_utc"].as_str().unwrap_or_default()[..4]
            .parse()
            .unwrap_or_default();
        *want_year.entry(year).or_default() += 1;
        let pad = launch["launchpad"].as_str().unwrap_or_default();
        *want_pad.entry(pad_names[pad].clone()).or_default() += 1;
    }

    let mut got_status: BTreeMap<&str, usize> = BTreeMap::new();
    let mut got_year: BTreeMap<i32, usize> = BTreeMap::new();
    let mut got_pad: BTreeMap<String, usize> = BTreeMap::new();
    for launch in &launches {
        *got_status.entry(launch.status.as_str()).or_default() += 1;
        *got_year.entry(launch.year).or_default() += 1;
        *got_pad.entry(launch.launchpad_name.clone()).or_default() += 1;
    }
    assert_eq!(got_status, want_status);
    assert_eq!(got_year, want_year);
    assert_eq!(got_pad, want_pad);
    // Spot checks against the snapshot's README.
    assert_eq!(want_status["upcoming"], 18);
    assert_eq!(want_pad["CCSFS SLC 40"], 112);

    let falconsat = launches
        .iter()
        .find(|l| l.id == "5eb87cd9ffd86e000604b32a")
        .expect("FalconSat");
    assert_eq!(falconsat.name, "FalconSat");
    assert_eq!(falconsat.status, LaunchStatus::Failure);
    assert_eq!(falconsat.rocket_name, "Falcon 1");
    assert_eq!(falconsat.date_utc, "2006-03-24T22:30:00.000Z");
    assert_eq!((falconsat.year, falconsat.month), (2006, 3));
    assert_eq!(falconsat.payload_count, 1);
    assert!(!falconsat.failures.is_empty());
    assert_eq!(falconsat.content_hash, falconsat.compute_content_hash());
}

#[tokio::test]
async fn sync_into_the_embedded_store_writes_everything_once_then_nothing() {
    let source = SnapshotSource::directory(snapshot_dir());
    let store = MemoryStore::new();
    let first = sync(&source, &store, DateRange::ALL)
        .await
        .expect("first sync");
    assert_eq!((first.fetched, first.valid, first.invalid), (205, 205, 0));
    assert_eq!(first.source_name, "spacex-v4");
    assert_eq!((first.written, first.unchanged), (205, 0));
    let second = sync(&source, &store, DateRange::ALL)
        .await
        .expect("second sync");
    assert_eq!((second.written, second.unchanged), (0, 205));
    assert_eq!(
        store
            .launches_in_range(DateRange::ALL)
            .await
            .expect("read")
            .len(),
        205
    );
}

#[tokio::test]
async fn a_missing_or_broken_snapshot_fails_naming_the_file() {
    let missing = SnapshotSource::directory("/nonexistent/snapshot");
    let error = missing.launches(None).await.expect_err("no such directory");
    assert!(matches!(error, SourceError::Read { .. }), "{error:?}");
    assert!(
        error.to_string().contains("/nonexistent/snapshot/"),
        "{error}"
    );

    let dir = tempfile::tempdir().expect("temporary directory");
    for name in ["rockets.json", "launchpads.json", "payloads.json"] {
        std::fs::copy(snapshot_dir().join(name), dir.path().join(name)).expect("copied");
    }
    std::fs::write(dir.path().join("launches.json"), r#"{"docs": []}"#).expect("written");
    let broken = SnapshotSource::directory(dir.path());
    let mut batches = broken
        .launches(None)
        .await
        .expect("the reference lists load");
    let error = batches.next_batch().await.expect_err("not an array");
    assert!(matches!(error, SourceError::Decode { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains(&dir.path().join("launches.json").display().to_string()),
        "{message}"
    );
    assert!(message.contains("expected a JSON array"), "{message}");
}
