//! The whole extractor flow in-process: the handler on its event fixtures, a DynamoDB store on
//! the emulator (table from Terraform), the SpaceX API served locally. The DynamoDB operations it
//! sends are exactly the ones Terraform grants its role.

use std::collections::BTreeSet;
use std::sync::Arc;

use extractor::{handle, Extractor};
use integration::emulator::Emulator;
use integration::recorder::RequestLog;
use integration::repo_root;
use integration::spacex_server::{Snapshot, SpacexServer};
use integration::terraform::{create_launches_table, dynamodb_actions};
use lambda_http::Request;
use launches::{
    DateRange, DynamoStore, DynamoStoreConfig, LaunchStore, SpacexClient, SpacexConfig, SyncReport,
};
use serde_json::json;

const TABLE: &str = "spacex-launches-flow";

/// A fixture as `lambda_http::run` hands it to the handler.
fn event(name: &str) -> Request {
    let path = repo_root().join("lambdas/extractor/events").join(name);
    lambda_http::request::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON")
}

async fn report(extractor: &Extractor, name: &str) -> SyncReport {
    let response = handle(extractor, event(name)).await.expect(name);
    assert_eq!(response.status(), 200, "{name}: {:?}", response.body());
    serde_json::from_slice(response.body()).expect("the report")
}

#[tokio::test]
async fn scheduled_then_windowed_syncs_through_the_handler_use_only_granted_operations() {
    let emulator = Emulator::start().await.expect("emulator");
    create_launches_table(&emulator.client(), TABLE)
        .await
        .expect("table");
    let log = RequestLog::new();
    let store = Arc::new(DynamoStore::new(
        emulator.client_with(vec![log.clone()]),
        DynamoStoreConfig::new(TABLE),
    ));
    let mut snapshot = Snapshot::bundled().expect("snapshot");
    let server = SpacexServer::start(&snapshot).await;
    let extractor = Extractor {
        source: Arc::new(
            SpacexClient::new(SpacexConfig {
                base_url: server.base_url(),
                ..SpacexConfig::default()
            })
            .expect("client"),
        ),
        store: store.clone(),
    };

    let launches = snapshot.launches.len();
    let first = report(&extractor, "scheduled.json").await;
    assert_eq!((first.fetched, first.written), (launches, launches));
    let second = report(&extractor, "scheduled.json").await;
    assert_eq!((second.written, second.unchanged), (0, launches));

    // Change one 2020 launch and one 2021 launch; a 2020 window rewrites only the first.
    let position = |year: &str| {
        snapshot
            .launches
            .iter()
            .position(|l| l["date_utc"].as_str().is_some_and(|d| d.starts_with(year)))
            .expect("a launch that year")
    };
    let (in_2020, in_2021) = (position("2020"), position("2021"));
    snapshot.launches[in_2020]["name"] = json!("Renamed in 2020");
    snapshot.launches[in_2021]["name"] = json!("Renamed in 2021");
    server.serve(&snapshot).await;
    let windowed = report(&extractor, "sync-window.json").await;
    // Every DynamoDB operation the extractor sent in its three runs (before the test's own reads).
    let sent: BTreeSet<String> = log
        .all()
        .iter()
        .map(|r| format!("dynamodb:{}", r.operation))
        .collect();
    // Single-item reads are of the sources' cursor items only, as the role's condition allows.
    for get in log.of("GetItem") {
        let key = get.body["Key"]["id"]["S"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(key.starts_with("#cursor#"), "GetItem of {key}");
    }
    assert_eq!(windowed.written, 1);
    let id = |i: usize| {
        snapshot.launches[i]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        store
            .get_launch(&id(in_2020))
            .await
            .expect("get")
            .map(|l| l.name),
        Some("Renamed in 2020".into())
    );
    assert_ne!(
        store
            .get_launch(&id(in_2021))
            .await
            .expect("get")
            .map(|l| l.name),
        Some("Renamed in 2021".into())
    );
    assert_eq!(
        store
            .launches_in_range(DateRange::ALL)
            .await
            .expect("all")
            .len(),
        launches
    );

    assert_eq!(
        dynamodb_actions("extractor").expect("policy"),
        sent,
        "the role grants exactly what the extractor calls"
    );
}
