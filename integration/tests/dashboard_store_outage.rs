//! The dashboard while its store goes away: the emulator (moto in testcontainers) is frozen
//! with `docker pause`, so DynamoDB reads hang with no answer, as a lost network path does.
//!
//! - With data read before the outage: every page, the CSV and the API keep answering 200 from
//!   the last good data, marked "stale since" once the read is overdue; `/health` says why; after
//!   `docker unpause` the dashboard recovers by itself (no restart) and the notice goes.
//! - With no data since start: pages answer a 503 page that says the data is unavailable, the API
//!   a 503 JSON error, `/health` stays 200 and says why; it recovers after `docker unpause` too.
//!
//! Expected figures come from the raw snapshot (`fixtures/spacex/v4/launches.json`).

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dashboard::{AppState, DataOrigin};
use integration::emulator::Emulator;
use integration::snapshot_dir;
use launches::{DynamoStore, DynamoStoreConfig, LaunchStore};
use rocket::http::Status;
use rocket::local::asynchronous::Client;
use serde_json::Value;

/// Unpauses the container when dropped, also when an assertion fails.
struct Paused<'a>(&'a str);

impl<'a> Paused<'a> {
    fn new(container: &'a str) -> Self {
        docker(&["pause", container]);
        Paused(container)
    }
}

impl Drop for Paused<'_> {
    fn drop(&mut self) {
        docker(&["unpause", self.0]);
    }
}

fn docker(args: &[&str]) {
    let status = Command::new("docker")
        .args(args)
        .stdout(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("docker {args:?}: {e}"));
    assert!(status.success(), "docker {args:?} failed");
}

fn raw_launches() -> Vec<Value> {
    let path = snapshot_dir().join("launches.json");
    let text = std::fs::read_to_string(&path).expect("the snapshot");
    serde_json::from_str(&text).expect("a JSON array")
}

async fn client(store: Arc<dyn LaunchStore>) -> Client {
    let origin = DataOrigin {
        description: store.describe(),
        notice: None,
    };
    // A 1 s TTL: the outage is noticed by the first request after it.
    let state = AppState::new(store, Duration::from_secs(1), origin);
    Client::tracked(dashboard::rocket(state))
        .await
        .expect("the app ignites")
}

async fn get(client: &Client, uri: &str) -> (Status, String) {
    let response = client.get(uri.to_owned()).dispatch().await;
    let status = response.status();
    (status, response.into_string().await.unwrap_or_default())
}

async fn get_json(client: &Client, uri: &str) -> (Status, Value) {
    let (status, body) = get(client, uri).await;
    let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}"));
    (status, json)
}

/// Asks `uri` until `done` holds for its JSON, for at most `limit`.
async fn json_until(
    client: &Client,
    uri: &str,
    limit: Duration,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + limit;
    loop {
        let (_, json) = get_json(client, uri).await;
        if done(&json) || Instant::now() > deadline {
            return json;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test]
async fn the_last_good_data_is_served_stale_while_the_store_is_away_then_it_recovers() {
    let raw = raw_launches();
    let first_id = raw[0]["id"].as_str().expect("an id").to_owned();
    let emulator = Emulator::start().await.expect("the emulator starts");
    let store = emulator
        .table_with_snapshot("launches-outage")
        .await
        .expect("the table is filled");
    let client = client(Arc::new(store)).await;

    let (status, body) = get_json(&client, "/api/launches?limit=1").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(body["count"].as_u64(), Some(raw.len() as u64));
    assert_eq!(body["data"]["stale_since"], Value::Null);
    let loaded_at = body["data"]["loaded_at"].clone();

    {
        let _paused = Paused::new(emulator.container_id());
        tokio::time::sleep(Duration::from_millis(1200)).await; // past the TTL
                                                               // The notice comes once the read is overdue (10 s); every answer meanwhile is a 200.
        let json = json_until(&client, "/api/stats", Duration::from_secs(30), |json| {
            json["data"]["stale_since"].is_string()
        })
        .await;
        assert_eq!(
            json["data"]["stale_since"], loaded_at,
            "stale since the last good read"
        );
        assert_eq!(json["stats"]["launches"].as_u64(), Some(raw.len() as u64));

        let pages = [
            "/".to_owned(),
            "/launches".to_owned(),
            "/launches?status=success&sort=-date".to_owned(),
            format!("/launches/{first_id}"),
        ];
        for uri in &pages {
            let (status, body) = get(&client, uri).await;
            assert_eq!(status, Status::Ok, "{uri} during the outage");
            assert!(body.contains("stale since"), "{uri} shows the notice");
        }
        let (status, csv) = get(&client, "/launches.csv").await;
        assert_eq!(status, Status::Ok);
        assert!(
            csv.starts_with("id,") && csv.contains(&first_id),
            "the CSV of the last good data"
        );

        let (status, health) = get_json(&client, "/health").await;
        assert_eq!(status, Status::Ok, "the load balancer keeps the task");
        assert_eq!(health["cache"]["state"], "stale");
        let reason = health["cache"]["reason"].as_str().unwrap_or_default();
        assert!(reason.contains("has not answered"), "{reason}");
    }

    // Unpaused: the read in flight gets its answer, or the next one does; no restart.
    let json = json_until(&client, "/api/stats", Duration::from_secs(60), |json| {
        json["data"]["stale_since"].is_null()
    })
    .await;
    assert_eq!(
        json["data"]["stale_since"],
        Value::Null,
        "recovered: {json}"
    );
    let (_, body) = get(&client, "/").await;
    assert!(!body.contains("stale since"));
    let (_, health) = get_json(&client, "/health").await;
    assert_eq!(health["cache"]["state"], "ok");
    assert_eq!(health["cache"]["reason"], Value::Null);
}

#[tokio::test]
async fn with_no_data_since_start_pages_are_a_clear_503_and_health_says_why() {
    let raw = raw_launches();
    let emulator = Emulator::start().await.expect("the emulator starts");
    let table = "launches-outage-cold";
    emulator
        .table_with_snapshot(table)
        .await
        .expect("the table is filled");
    let store = DynamoStore::new(emulator.client(), DynamoStoreConfig::new(table));
    let client = client(Arc::new(store)).await;

    {
        let _paused = Paused::new(emulator.container_id());
        // A request with nothing to serve waits for the read at most 10 s, then says so.
        let (status, page) = get(&client, "/").await;
        assert_eq!(status, Status::ServiceUnavailable);
        assert!(page.contains("Data unavailable"), "{page}");
        assert!(page.contains("cannot be read right now"), "{page}");
        let (status, json) = get_json(&client, "/api/launches").await;
        assert_eq!(status, Status::ServiceUnavailable);
        assert_eq!(json["error"]["status"], 503);

        let (status, health) = get_json(&client, "/health").await;
        assert_eq!(status, Status::Ok);
        assert_eq!(health["cache"]["launches"], Value::Null);
        assert_ne!(health["cache"]["state"], "ok");
        let reason = health["cache"]["reason"].as_str().unwrap_or_default();
        assert!(reason.contains("launch data"), "{health}");
    }

    let json = json_until(&client, "/api/stats", Duration::from_secs(60), |json| {
        json["stats"]["launches"].is_u64()
    })
    .await;
    assert_eq!(
        json["stats"]["launches"].as_u64(),
        Some(raw.len() as u64),
        "{json}"
    );
    let (status, _) = get(&client, "/").await;
    assert_eq!(status, Status::Ok);
}
