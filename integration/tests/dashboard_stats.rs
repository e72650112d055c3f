//! `/api/stats` equals figures computed here, independently, from the raw JSON of
//! `fixtures/spacex/v4` (no code of the app or of `launches` is used to get them), with the
//! dashboard on the embedded store and on DynamoDB (the emulator, the table from Terraform, filled
//! by the extractor's sync). On DynamoDB the dashboard only Queries the GSI, a handful of times
//! thanks to its cache, and the operations it sends are exactly those Terraform grants its role.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use dashboard::{AppState, Clock, DataOrigin};
use integration::emulator::Emulator;
use integration::recorder::RequestLog;
use integration::snapshot_dir;
use integration::terraform::dynamodb_actions;
use launches::{
    sync, DateRange, DynamoStore, DynamoStoreConfig, LaunchStore, MemoryStore, SnapshotSource,
};
use rocket::http::Status;
use rocket::local::asynchronous::Client;
use serde_json::Value;

/// "Now" for the views: before the v4 data's upcoming launches (the first is dated 2022-10-08).
fn snapshot_day() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2022-10-01T00:00:00Z")
        .expect("RFC 3339")
        .with_timezone(&chrono::Utc)
}

async fn client_for(store: Arc<dyn LaunchStore>) -> Client {
    client_at(store, Clock::Fixed(snapshot_day())).await
}

async fn client_at(store: Arc<dyn LaunchStore>, clock: Clock) -> Client {
    let origin = DataOrigin {
        description: store.describe(),
        notice: None,
    };
    Client::tracked(dashboard::rocket(
        AppState::new(store, Duration::from_secs(300), origin).with_clock(clock),
    ))
    .await
    .expect("the app ignites")
}

async fn memory_store() -> MemoryStore {
    let store = MemoryStore::new();
    sync(
        &SnapshotSource::directory(snapshot_dir()),
        &store,
        DateRange::ALL,
    )
    .await
    .expect("sync");
    store
}

async fn memory_client() -> Client {
    client_for(Arc::new(memory_store().await)).await
}

fn read(name: &str) -> Vec<Value> {
    let path = snapshot_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// id -> name of a reference file.
fn names(name: &str) -> BTreeMap<String, String> {
    read(name)
        .iter()
        .filter_map(|r| Some((r["id"].as_str()?.to_owned(), r["name"].as_str()?.to_owned())))
        .collect()
}

fn status_of(launch: &Value) -> &'static str {
    match (launch["upcoming"].as_bool(), launch["success"].as_bool()) {
        (Some(true), _) => "upcoming",
        (_, Some(true)) => "success",
        (_, Some(false)) => "failure",
        _ => "unknown",
    }
}

type Counts = BTreeMap<&'static str, usize>;

#[derive(Debug, Default, PartialEq)]
struct Expected {
    total: usize,
    statuses: Counts,
    per_month: BTreeMap<String, Counts>,
    per_site: BTreeMap<String, Counts>,
    per_rocket: BTreeMap<String, Counts>,
}

/// The figures of the raw launches that pass `keep` (given date, rocket name, site name, status).
fn expected(keep: impl Fn(&str, &str, &str, &str) -> bool) -> Expected {
    let rockets = names("rockets.json");
    let pads = names("launchpads.json");
    let mut expected = Expected::default();
    for launch in read("launches.json") {
        let date = launch["date_utc"].as_str().expect("date_utc");
        let rocket = &rockets[launch["rocket"].as_str().expect("rocket")];
        let site = &pads[launch["launchpad"].as_str().expect("launchpad")];
        let status = status_of(&launch);
        if !keep(date, rocket, site, status) {
            continue;
        }
        expected.total += 1;
        *expected.statuses.entry(status).or_default() += 1;
        for (map, key) in [
            (&mut expected.per_month, date[..7].to_owned()),
            (&mut expected.per_site, site.clone()),
            (&mut expected.per_rocket, rocket.clone()),
        ] {
            *map.entry(key).or_default().entry(status).or_default() += 1;
        }
    }
    expected
}

fn counts_of(value: &Value) -> Counts {
    ["success", "failure", "upcoming", "unknown"]
        .into_iter()
        .filter_map(|s| {
            let n = value[s].as_u64().expect("count") as usize;
            (n > 0).then_some((s, n))
        })
        .collect()
}

fn groups(list: &Value, key: &str) -> BTreeMap<String, Counts> {
    list.as_array()
        .expect("list")
        .iter()
        .map(|g| (g[key].as_str().expect("name").to_owned(), counts_of(g)))
        .collect()
}

/// The same figures, read from `/api/stats`.
fn actual(stats: &Value) -> Expected {
    Expected {
        total: stats["launches"].as_u64().expect("launches") as usize,
        statuses: counts_of(&stats["status_counts"]),
        per_month: groups(&stats["per_month"], "month"),
        per_site: groups(&stats["per_site"], "name"),
        per_rocket: groups(&stats["per_rocket"], "name"),
    }
}

fn rate(counts: &Counts) -> Option<f64> {
    let success = counts.get("success").copied().unwrap_or(0);
    let decided = success + counts.get("failure").copied().unwrap_or(0);
    (decided > 0).then(|| success as f64 / decided as f64)
}

/// Equal rates, but for the last bit JSON's decimal text may lose (serde_json parses floats
/// fast, not exactly).
fn assert_close(actual: Option<f64>, expected: Option<f64>, what: &str) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-12, "{what}: {a} != {e}"),
        (a, e) => assert_eq!(a, e, "{what}"),
    }
}

async fn check(
    client: &Client,
    query: &str,
    keep: impl Fn(&str, &str, &str, &str) -> bool,
) -> Expected {
    let response = client.get(format!("/api/stats?{query}")).dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    let body: Value = response.into_json().await.expect("JSON");
    let stats = &body["stats"];
    let want = expected(keep);
    assert_eq!(actual(stats), want, "/api/stats?{query}");
    assert_close(
        stats["success_rate"].as_f64(),
        rate(&want.statuses),
        "success_rate",
    );
    assert_eq!(
        stats["upcoming"].as_u64().map(|n| n as usize),
        Some(want.statuses.get("upcoming").copied().unwrap_or(0))
    );
    for rocket in stats["per_rocket"].as_array().expect("rockets") {
        let name = rocket["name"].as_str().expect("name");
        assert_close(
            rocket["success_rate"].as_f64(),
            rate(&want.per_rocket[name]),
            name,
        );
    }
    want
}

/// The three views every store is checked on: all launches, a filtered one, a status.
async fn check_views(client: &Client) {
    let all = check(client, "", |_, _, _, _| true).await;
    // The snapshot's documented facts (fixtures/spacex/README.md), as a check on the check.
    assert_eq!(all.total, 205);
    assert_eq!(all.statuses["upcoming"], 18);
    assert_eq!(all.per_site.len(), 4);
    assert_eq!(all.per_rocket.len(), 3);
    // Falcon 9 from Cape Canaveral SLC 40 in 2017-2020, by date.
    let filtered = check(
        client,
        "from=2017-01-01&to=2020-12-31&rocket=Falcon+9&site=CCSFS+SLC+40",
        |date, rocket, site, _| {
            ("2017-01-01".."2021-01-01").contains(&date)
                && rocket == "Falcon 9"
                && site == "CCSFS SLC 40"
        },
    )
    .await;
    assert!(filtered.total > 20 && filtered.total < 205);
    let failures = check(client, "status=failure", |_, _, _, status| {
        status == "failure"
    })
    .await;
    assert_eq!(failures.total, 5);
}

#[rocket::async_test]
async fn stats_on_the_embedded_store() {
    check_views(&memory_client().await).await;
}

#[rocket::async_test]
async fn stats_on_dynamodb_through_the_gsi_with_the_granted_operations_only() {
    const TABLE: &str = "spacex-launches-dashboard";
    let emulator = Emulator::start().await.expect("emulator");
    let writer = emulator
        .table_with_snapshot(TABLE)
        .await
        .expect("table with the snapshot");

    let log = RequestLog::new();
    let reader = DynamoStore::new(
        emulator.client_with(vec![log.clone()]),
        DynamoStoreConfig::new(TABLE),
    );
    let client = client_for(Arc::new(reader)).await;
    check_views(&client).await;
    for path in [
        "/",
        "/launches",
        "/launches.csv",
        "/api/launches",
        "/launches/5eb87cd9ffd86e000604b32a",
    ] {
        assert_eq!(
            client.get(path).dispatch().await.status(),
            Status::Ok,
            "{path}"
        );
    }

    // A launch written after the cache was filled is found with one GetItem.
    let mut added = writer
        .get_launch("5eb87cd9ffd86e000604b32a")
        .await
        .expect("get")
        .expect("FalconSat");
    added.id = "added-after-the-cache-refresh".into();
    added.name = "Added later".into();
    writer.put_launches(&[added]).await.expect("write");
    let page = client
        .get("/launches/added-after-the-cache-refresh")
        .dispatch()
        .await;
    assert_eq!(page.status(), Status::Ok);
    assert!(page
        .into_string()
        .await
        .unwrap_or_default()
        .contains("Added later"));
    assert_eq!(
        client
            .get("/launches/no-such-launch")
            .dispatch()
            .await
            .status(),
        Status::NotFound
    );

    let requests = log.all();
    let queries = requests.iter().filter(|r| r.operation == "Query").count();
    // One refresh of the cache: one Query per year partition, however many views were served.
    let years = 2006..=(chrono::Datelike::year(&chrono::Utc::now())
        + DynamoStoreConfig::new(TABLE).years_ahead);
    assert_eq!(
        queries,
        years.count(),
        "the cache serves every view after the first refresh"
    );
    assert!(requests
        .iter()
        .filter(|r| r.operation == "Query")
        .all(|q| q.body["IndexName"] == "year-date-index"));
    let sent: BTreeSet<String> = requests
        .iter()
        .map(|r| format!("dynamodb:{}", r.operation))
        .collect();
    assert_eq!(
        dynamodb_actions("dashboard-service").expect("policy"),
        sent,
        "the task role grants exactly what the dashboard calls"
    );
}

/// As of the day the data ends, the next launch is the earliest upcoming one; today, none of
/// the v4 "upcoming" launches (dated 2022 and 2023) is next: their NET periods have ended.
#[rocket::async_test]
async fn the_next_launch_is_the_earliest_upcoming_one_whose_period_has_not_ended() {
    let mut upcoming: Vec<(String, String, String)> = read("launches.json")
        .iter()
        .filter(|l| l["upcoming"] == Value::Bool(true))
        .map(|l| {
            (
                l["date_utc"].as_str().unwrap_or_default().to_owned(),
                l["id"].as_str().unwrap_or_default().to_owned(),
                l["date_precision"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    upcoming.sort();
    let (date, id, precision) = upcoming.first().cloned().expect("upcoming launches");
    assert!(
        date.as_str() > "2022-10-01",
        "after the day the views are as of"
    );
    let latest = upcoming
        .iter()
        .map(|u| u.0.as_str())
        .max()
        .unwrap_or_default();
    assert!(latest < "2024", "every period ended before today");
    let today = client_at(Arc::new(memory_store().await), Clock::System).await;
    let body: Value = today
        .get("/api/stats")
        .dispatch()
        .await
        .into_json()
        .await
        .expect("JSON");
    assert_eq!(body["stats"]["next_launch"], Value::Null);
    let client = memory_client().await;
    let body: Value = client
        .get("/api/stats")
        .dispatch()
        .await
        .into_json()
        .await
        .expect("JSON");
    let next = &body["stats"]["next_launch"];
    assert_eq!(next["id"], id.as_str());
    assert_eq!(next["date_utc"], date.as_str());
    assert_eq!(next["date_precision"], precision.as_str());
}
