//! The whole extractor flow in-process: the handler on its event fixtures, a DynamoDB store on
//! the emulator (table from Terraform), the SpaceX API and Launch Library 2 served locally, and
//! the dashboard on the table the runs filled. The DynamoDB operations the extractor sends are
//! exactly the ones Terraform grants its role.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use dashboard::{AppState, Clock, DataOrigin};

use extractor::{handle, Extractor};
use integration::emulator::Emulator;
use integration::ll2_server::{all_fixture_records, spacex_fixture_records, Ll2Server};
use integration::recorder::RequestLog;
use integration::repo_root;
use integration::spacex_server::{Snapshot, SpacexServer};
use integration::terraform::{create_launches_table, dynamodb_actions, dynamodb_actions_of};
use lambda_http::Request;
use launches::history::HistoryField;
use launches::ll2::{Ll2Config, Ll2Source};
use launches::{
    DateRange, DynamoStore, DynamoStoreConfig, LaunchStore, RunReport, SpacexClient, SpacexConfig,
    SyncReport,
};
use rocket::local::asynchronous::Client;
use serde_json::{json, Value};

const TABLE: &str = "spacex-launches-flow";

/// A fixture as `lambda_http::run` hands it to the handler.
fn event(name: &str) -> Request {
    let path = repo_root().join("lambdas/extractor/events").join(name);
    lambda_http::request::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON")
}

/// The run's report, and its section of each source in order (SpaceX API v4, then LL2).
async fn report(extractor: &Extractor, name: &str) -> (SyncReport, SyncReport) {
    let response = handle(extractor, event(name)).await.expect(name);
    assert_eq!(response.status(), 200, "{name}: {:?}", response.body());
    let run: RunReport = serde_json::from_slice(response.body()).expect("the report");
    let mut sections = run.sources.into_iter();
    let spacex = sections.next().expect("the SpaceX API's section");
    let ll2 = sections.next().expect("LL2's section");
    assert_eq!(
        (spacex.source_name.as_str(), ll2.source_name.as_str()),
        ("spacex-v4", "ll2")
    );
    (spacex, ll2)
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
    let ll2_server = Ll2Server::start(all_fixture_records().expect("LL2 fixtures"), 100).await;
    let extractor = Extractor {
        sources: vec![
            Arc::new(
                SpacexClient::new(SpacexConfig {
                    base_url: server.base_url(),
                    ..SpacexConfig::default()
                })
                .expect("client"),
            ),
            Arc::new(
                Ll2Source::new(Ll2Config {
                    base_url: ll2_server.base_url(),
                    request_budget: 20,
                    ..Ll2Config::default()
                })
                .expect("LL2 client"),
            ),
        ],
        store: store.clone(),
    };

    let launches = snapshot.launches.len();
    let (first, first_ll2) = report(&extractor, "scheduled.json").await;
    assert_eq!((first.fetched, first.written), (launches, launches));
    assert!(
        first_ll2.written > 0 && first_ll2.invalid == 0,
        "{first_ll2:?}"
    );
    assert!(first_ll2.resume_from.is_some(), "LL2's cursor is saved");
    let (second, second_ll2) = report(&extractor, "scheduled.json").await;
    assert_eq!((second.written, second.unchanged), (0, launches));
    assert_eq!(second_ll2.written, 0, "{second_ll2:?}");
    // Launches through 2026 are in the table, each once: the merged archive rows keep v4's ids.
    let rows = store.launches_in_range(DateRange::ALL).await.expect("rows");
    assert!(rows.iter().any(|l| l.year == 2026));
    let ids: BTreeSet<&str> = rows.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids.len(), rows.len());
    let joined = rows
        .iter()
        .filter(|l| l.spacex_id.is_some() && l.ll2_id.is_some())
        .count();
    assert!(joined > 150, "{joined} archive rows joined by LL2");
    // The dashboard reads through a client of its own: the log above is the extractor's calls.
    let unlogged = Arc::new(DynamoStore::new(
        emulator.client(),
        DynamoStoreConfig::new(TABLE),
    ));
    the_dashboard_on_the_table_runs_through_2026(unlogged, &first).await;

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
    let (windowed, _) = report(&extractor, "sync-window.json").await;
    // Every DynamoDB operation the extractor sent in its three runs (before the test's own
    // reads), to each table.
    let history_table = store.history_table().to_owned();
    let sent_to = |table: &str| -> BTreeSet<String> {
        log.all()
            .iter()
            .filter(|r| r.touches(table))
            .map(|r| format!("dynamodb:{}", r.operation))
            .collect()
    };
    let (sent, sent_history) = (sent_to(TABLE), sent_to(&history_table));
    assert_eq!(
        log.all().iter().filter(|r| r.tables().len() != 1).count(),
        0,
        "every request names one table"
    );
    // Single-item reads and writes are of the sources' cursor items only, as the role's
    // condition allows.
    let single: Vec<_> = log
        .of("GetItem")
        .into_iter()
        .chain(log.of("PutItem"))
        .collect();
    assert!(!single.is_empty());
    for request in single {
        let key = ["Key", "Item"]
            .iter()
            .find_map(|part| request.body[part]["id"]["S"].as_str())
            .unwrap_or_default()
            .to_owned();
        assert!(
            key.starts_with("#cursor#"),
            "{} of {key}",
            request.operation
        );
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
        rows.len(),
        "a windowed run adds no row"
    );

    assert_eq!(
        dynamodb_actions("extractor").expect("policy"),
        sent,
        "the role grants exactly what the extractor calls"
    );
    assert_eq!(
        dynamodb_actions_of("launch-history", "writer").expect("policy"),
        sent_history,
        "the history module grants the extractor exactly what it calls on the history table"
    );
    let history = store.launch_history(&id(in_2020)).await.expect("history");
    assert_eq!(
        history
            .last()
            .and_then(|e| e.change(HistoryField::Name))
            .map(|c| c.new.as_str()),
        Some("Renamed in 2020"),
        "the windowed run recorded the rename"
    );
}

/// When the period an LL2 NET stands for ends: LL2 dates a month, quarter, half or year by its
/// last day; a NET to the second, minute or hour counts as next until an hour after it.
fn period_end(net: DateTime<Utc>, precision: &str) -> DateTime<Utc> {
    let first_of = |year: i32, month: u32| {
        let (year, month) = (year + (month as i32 - 1) / 12, (month - 1) % 12 + 1);
        Utc.from_utc_datetime(
            &NaiveDate::from_ymd_opt(year, month, 1)
                .expect("a date")
                .and_hms_opt(0, 0, 0)
                .expect("midnight"),
        )
    };
    let (year, month) = (net.year(), net.month());
    match precision {
        "Second" | "Minute" | "Hour" => net + chrono::Duration::hours(1),
        "Day" => net.date_naive().succ_opt().map_or(net, |d| {
            Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
        }),
        "Month" => first_of(year, month + 1),
        p if p.starts_with("Quarter") => first_of(year, (month - 1) / 3 * 3 + 4),
        p if p.starts_with("Year Half") => first_of(year, (month - 1) / 6 * 6 + 7),
        "Year" => first_of(year + 1, 1),
        other => panic!("a precision this test does not know: {other}"),
    }
}

/// The dashboard on the table both sources filled, at the time of the sync: the 2026 launches
/// and the next launch are those the raw LL2 records give.
async fn the_dashboard_on_the_table_runs_through_2026(store: Arc<DynamoStore>, run: &SyncReport) {
    let now: DateTime<Utc> = run.started_at.parse().expect("the run's time");
    let origin = DataOrigin {
        description: store.describe(),
        notice: None,
    };
    let state =
        AppState::new(store, Duration::from_secs(300), origin).with_clock(Clock::Fixed(now));
    let client = Client::tracked(dashboard::rocket(state))
        .await
        .expect("the dashboard ignites");
    let get = |uri: &'static str| {
        let client = &client;
        async move {
            let response = client.get(uri).dispatch().await;
            assert_eq!(response.status().code, 200, "{uri}");
            response.into_string().await.expect("a body")
        }
    };

    let records = spacex_fixture_records().expect("LL2 fixtures");
    let net =
        |r: &Value| -> DateTime<Utc> { r["net"].as_str().expect("net").parse().expect("NET") };
    let in_2026 = records.iter().filter(|r| net(r).year() == 2026).count();
    let answer: Value = serde_json::from_str(
        &get("/api/launches?from=2026-01-01T00:00:00Z&to=2026-12-31T23:59:59Z&limit=1000").await,
    )
    .expect("JSON");
    assert_eq!(answer["count"], in_2026, "launches dated in 2026");
    assert!(in_2026 > 90, "{in_2026}");

    // Go, TBD, Hold, TBC: still to fly. The next is the earliest whose NET period is not over.
    let upcoming: Vec<&Value> = records
        .iter()
        .filter(|r| [1, 2, 5, 8].contains(&r["status"]["id"].as_u64().unwrap_or(0)))
        .filter(|r| {
            period_end(
                net(r),
                r["net_precision"]["name"].as_str().unwrap_or("Second"),
            ) > now
        })
        .collect();
    let first = upcoming
        .iter()
        .map(|r| net(r))
        .min()
        .expect("an upcoming launch");
    let candidates: BTreeSet<&str> = upcoming
        .iter()
        .filter(|r| net(r) == first)
        .filter_map(|r| r["id"].as_str())
        .collect();
    let stats: Value = serde_json::from_str(&get("/api/stats").await).expect("JSON");
    let next = &stats["stats"]["next_launch"];
    assert!(
        next["id"]
            .as_str()
            .is_some_and(|id| candidates.contains(id)),
        "next launch {next} is not one of {candidates:?}"
    );
    assert_eq!(
        next["date_utc"]
            .as_str()
            .map(|d| d.parse::<DateTime<Utc>>().ok()),
        Some(Some(first))
    );
    let page = get("/").await;
    let name = next["name"].as_str().unwrap_or_default();
    let shown = name.replace('&', "&amp;").replace('\'', "&#x27;");
    assert!(
        page.contains(&shown) || page.contains(name),
        "the overview names the next launch"
    );
}
