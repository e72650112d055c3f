//! Shared by the test binaries: apps on the real snapshot or on hand-made launches.
#![allow(dead_code)] // each test binary uses a part

pub mod browser;
pub mod ll2_raw;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use dashboard::startup::{fill_embedded, StartupSource};
use dashboard::{AppState, Clock, DataOrigin};
use launches::history::replay::{replay, snapshots_in};
use launches::ll2::Ll2Snapshot;
use launches::model::{Core, Failure, Links};
use launches::{
    sync, DatePrecision, DateRange, Launch, LaunchStatus, LaunchStore, MemoryStore, SnapshotSource,
    StoreError,
};
use rocket::local::asynchronous::Client;

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/spacex/v4")
}

pub fn origin() -> DataOrigin {
    DataOrigin {
        description: "test store".into(),
        notice: None,
    }
}

/// A memory store filled from the real snapshot, the way start-up fills it.
pub async fn snapshot_store() -> MemoryStore {
    let store = MemoryStore::new();
    let report = sync(
        &SnapshotSource::directory(fixtures_dir()),
        &store,
        DateRange::ALL,
    )
    .await
    .expect("the snapshot syncs");
    assert_eq!(report.valid, 205, "every snapshot launch is valid");
    store
}

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

/// "Now" for views of the v4 snapshot: before its upcoming launches (dated from 8 October
/// 2022), as when it was taken.
pub fn v4_now() -> DateTime<Utc> {
    at("2022-10-01T00:00:00Z")
}

/// "Now" for views of the bundled data: noon on the day its LL2 files were saved.
pub fn bundled_now() -> DateTime<Utc> {
    at("2026-08-22T12:00:00Z")
}

/// The embedded store filled the way start-up fills it offline: both bundled snapshots,
/// merged as of `now`.
pub async fn bundled_store(now: DateTime<Utc>) -> (MemoryStore, DataOrigin) {
    let store = MemoryStore::new();
    let origin = fill_embedded(
        &store,
        StartupSource {
            live: None,
            snapshot: &SnapshotSource::Bundled,
        },
        StartupSource {
            live: None,
            snapshot: &Ll2Snapshot::Bundled,
        },
        Duration::from_secs(1),
        now,
    )
    .await
    .expect("the bundled snapshots fill the store");
    (store, origin)
}

/// The app on the bundled data, as of `now`.
pub async fn bundled_client(now: DateTime<Utc>) -> Client {
    let (store, origin) = bundled_store(now).await;
    let state = AppState::new(Arc::new(store), Duration::from_secs(30), origin)
        .with_clock(Clock::Fixed(now));
    Client::tracked(dashboard::rocket(state))
        .await
        .expect("the app ignites")
}

/// The weekly LL2 snapshots of `fixtures/ll2/history/`, replayed in time order through the sync
/// (as `make run` does): every launch they hold, with its change history.
pub fn history_snapshots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/ll2/history/snapshots")
}

/// The app on the launches and history replayed from [`history_snapshots_dir`], as of the day
/// after the last snapshot.
pub async fn history_client() -> Client {
    let store = MemoryStore::new();
    let snapshots = snapshots_in(&history_snapshots_dir()).expect("snapshots");
    assert_eq!(snapshots.len(), 33);
    replay(&snapshots, &store).await.expect("replay");
    let origin = DataOrigin {
        description: "replayed weekly snapshots".into(),
        notice: None,
    };
    let state = AppState::new(Arc::new(store), Duration::from_secs(300), origin)
        .with_clock(Clock::Fixed(at("2026-08-23T00:00:00Z")));
    Client::tracked(dashboard::rocket(state))
        .await
        .expect("the app ignites")
}

pub async fn client_for(store: Arc<dyn LaunchStore>) -> Client {
    let state =
        AppState::new(store, Duration::from_secs(30), origin()).with_clock(Clock::Fixed(v4_now()));
    Client::tracked(dashboard::rocket(state))
        .await
        .expect("the app ignites")
}

pub async fn snapshot_client() -> Client {
    client_for(Arc::new(snapshot_store().await)).await
}

pub async fn client_with(launches: Vec<Launch>) -> Client {
    let store = MemoryStore::new();
    store.put_launches(&launches).await.expect("memory store");
    client_for(Arc::new(store)).await
}

/// A plain launch to build variants from.
pub fn launch(id: &str, name: &str, date_utc: &str, status: LaunchStatus) -> Launch {
    Launch {
        id: id.into(),
        flight_number: 1,
        name: name.into(),
        date_utc: date_utc.into(),
        date_precision: DatePrecision::Hour,
        year: date_utc[0..4].parse().unwrap_or(2020),
        month: date_utc[5..7].parse().unwrap_or(1),
        status,
        rocket_id: "rocket-f9".into(),
        rocket_name: "Falcon 9".into(),
        launchpad_id: "pad-40".into(),
        launchpad_name: "CCSFS SLC 40".into(),
        launchpad_full_name: Some(
            "Cape Canaveral Space Force Station Space Launch Complex 40".into(),
        ),
        launchpad_locality: Some("Cape Canaveral".into()),
        details: None,
        failures: vec![],
        payload_count: 1,
        payload_mass_kg: 1000.0,
        orbits: vec!["LEO".into()],
        crew_count: 0,
        cores: vec![],
        links: Links::default(),
        content_hash: "hash".into(),
        synced_at: "2022-10-01T00:00:00.000Z".into(),
        ..Launch::default()
    }
}

pub const HOSTILE_NAME: &str = "<script>alert(\"name\")</script>, \"Quoted\" & Co";
pub const HOSTILE_NOTE: &str = "<script>alert('note')</script> & \"more\"";
pub const HOSTILE_DETAILS: &str =
    "</script><script>alert('details')</script><img src=x onerror=alert(1)>\nsecond line";

/// A launch whose every text field tries to break out of its context.
pub fn hostile_launch() -> Launch {
    let mut hostile = launch(
        "hostile-1",
        HOSTILE_NAME,
        "2021-05-05T12:00:00.000Z",
        LaunchStatus::Failure,
    );
    hostile.details = Some(HOSTILE_DETAILS.into());
    hostile.rocket_name = "<b>Rocket</b>".into();
    hostile.launchpad_name = "=HYPERLINK(\"http://evil\")".into();
    hostile.failures = vec![Failure {
        time: Some(33),
        altitude: None,
        reason: Some("<i>engine</i>".into()),
    }];
    hostile.cores = vec![Core {
        core_id: Some("<core>".into()),
        flight: Some(1),
        reused: Some(false),
        landing_attempt: Some(true),
        landing_success: Some(false),
        landing_type: Some("ASDS\"><script>".into()),
    }];
    hostile.links = Links {
        webcast: Some("javascript:alert(1)".into()),
        patch_small: Some("https://images2.imgbox.com/patch.png?a=1&b=\"2\"".into()),
        patch_large: None,
        wikipedia: Some("https://en.wikipedia.org/wiki/X?\"onmouseover=alert(1)".into()),
        article: Some("data:text/html,<script>alert(1)</script>".into()),
    };
    hostile.status_detail = Some(launches::model::StatusDetail::PartialFailure);
    hostile.status_note = Some(HOSTILE_NOTE.into());
    hostile.ll2_url = Some("javascript:alert('ll2')".into());
    hostile.ll2_id = Some("<img src=x onerror=alert('id')>".into());
    hostile.spacex_id = Some("<script>alert('v4')</script>".into());
    hostile.rocket_full_name = Some("<script>alert('rocket')</script>".into());
    hostile.mission_type = Some("<script>alert('type')</script>".into());
    hostile
}

/// A store that works once, then fails (or fails from the start).
pub struct FailingStore {
    inner: MemoryStore,
    pub failing: AtomicBool,
}

impl FailingStore {
    pub async fn new(launches: &[Launch], failing: bool) -> Self {
        let inner = MemoryStore::new();
        inner.put_launches(launches).await.expect("memory store");
        FailingStore {
            inner,
            failing: AtomicBool::new(failing),
        }
    }

    fn check(&self) -> Result<(), StoreError> {
        if self.failing.load(Ordering::SeqCst) {
            Err(StoreError::Dynamo {
                operation: "Query",
                message: "injected failure".into(),
            })
        } else {
            Ok(())
        }
    }
}

#[async_trait::async_trait]
impl LaunchStore for FailingStore {
    async fn stored_launches(&self, ids: &[&str]) -> Result<HashMap<String, Launch>, StoreError> {
        self.inner.stored_launches(ids).await
    }
    async fn cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
        self.inner.cursor(source).await
    }
    async fn save_cursor(&self, source: &str, cursor: &str) -> Result<(), StoreError> {
        self.inner.save_cursor(source, cursor).await
    }
    async fn put_launches(&self, launches: &[Launch]) -> Result<(), StoreError> {
        self.inner.put_launches(launches).await
    }
    async fn launches_in_range(&self, range: DateRange) -> Result<Vec<Launch>, StoreError> {
        self.check()?;
        self.inner.launches_in_range(range).await
    }
    async fn get_launch(&self, id: &str) -> Result<Option<Launch>, StoreError> {
        self.check()?;
        self.inner.get_launch(id).await
    }
    fn describe(&self) -> String {
        "failing test store".into()
    }
}
