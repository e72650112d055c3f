//! The dashboard on DynamoDB (moto in a container, the table created from the Terraform
//! definition): the same figures as on the embedded store, read with Query on the GSI only
//! (never a Scan; only the calls the ECS task role allows), and page views inside the cache's
//! TTL cost no request at all.
//!
//! Needs the emulator image that scripts/setup.sh builds (`local/moto-dynamodb:5.1`).

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::Datelike;
use dashboard::AppState;
use integration::emulator::Emulator;
use integration::recorder::RequestLog;
use integration::terraform::create_launches_table;
use launches::store::FIRST_LAUNCH_YEAR;
use launches::{sync, DateRange, DynamoStore, DynamoStoreConfig, SnapshotSource};
use rocket::http::Status;
use rocket::local::asynchronous::Client;
use serde_json::Value;

const TABLE: &str = "spacex-launches-dashboard-test";

/// What the dashboard's task role may call (terraform/modules/dashboard-service).
const ALLOWED: [&str; 2] = ["Query", "GetItem"];

async fn stats(client: &Client, query: &str) -> Value {
    let response = client.get(format!("/api/stats?{query}")).dispatch().await;
    assert_eq!(response.status(), Status::Ok, "/api/stats?{query}");
    let mut body: Value = response.into_json().await.expect("JSON");
    body["stats"].take()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_reads_dynamodb_with_queries_through_its_cache() {
    let emulator = Emulator::start().await.expect("the emulator starts");
    create_launches_table(&emulator.client(), TABLE)
        .await
        .expect("the table, from Terraform");
    let log = RequestLog::new();
    let store = DynamoStore::new(
        emulator.client_with(vec![log.clone()]),
        DynamoStoreConfig::new(TABLE),
    );
    let report = sync(
        &SnapshotSource::directory(common::fixtures_dir()),
        &store,
        DateRange::ALL,
    )
    .await
    .expect("the snapshot syncs into the table");
    assert_eq!(report.written, 205);
    log.clear();

    let state = AppState::new(Arc::new(store), Duration::from_secs(30), common::origin());
    let dynamo = Client::tracked(dashboard::rocket(state))
        .await
        .expect("ignites");
    let memory = common::snapshot_client().await;

    for query in [
        "",
        "from=2018-01-01&to=2020-12-31&rocket=Falcon+9",
        "status=upcoming",
    ] {
        assert_eq!(
            stats(&dynamo, query).await,
            stats(&memory, query).await,
            "same figures on both stores for ?{query}"
        );
    }
    // One read of the whole range: one Query per GSI year partition, and nothing else.
    let partitions = (FIRST_LAUNCH_YEAR..=chrono::Utc::now().year() + 10).count();
    let queries = log.of("Query");
    assert_eq!(queries.len(), partitions, "{:?}", log.all());
    assert!(queries
        .iter()
        .all(|q| q.body["IndexName"] == launches::store::DATE_INDEX));
    assert_eq!(log.all().len(), partitions, "only Query");

    // Inside the TTL: pages, CSV, JSON and known launches cost no request.
    for uri in [
        "/",
        "/launches?sort=-date",
        "/launches.csv",
        "/api/launches",
        "/launches/5eb87cd9ffd86e000604b32a",
    ] {
        let response = dynamo.get(uri).dispatch().await;
        assert_eq!(response.status(), Status::Ok, "{uri}");
    }
    assert_eq!(log.all().len(), partitions, "served from the cache");

    // An id not in the cache costs one GetItem, and is a 404.
    let response = dynamo.get("/launches/not-a-launch").dispatch().await;
    assert_eq!(response.status(), Status::NotFound);
    assert_eq!(log.of("GetItem").len(), 1);

    let calls: Vec<String> = log.all().into_iter().map(|r| r.operation).collect();
    assert!(
        calls.iter().all(|op| ALLOWED.contains(&op.as_str())),
        "only calls the task role allows: {calls:?}"
    );
}
