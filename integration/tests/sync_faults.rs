//! The sync under faults of the store and of its own process, against the emulator: the
//! emulator paused in the middle of the writes, the sync process killed half-way, two syncs at
//! once. After each, a re-run leaves the table equal, item for item, to the table an
//! uninterrupted run makes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use chrono::{DateTime, SecondsFormat, Utc};
use extractor::{handle, Extractor};
use integration::emulator::{client_config, Emulator, REGION};
use integration::ll2_server::{all_fixture_records, Ll2Server};
use integration::recorder::RequestLog;
use integration::spacex_server::{Snapshot, SpacexServer};
use integration::store_faults::{HoldWrite, StallingProxy};
use integration::terraform::create_launches_table;
use launches::aws::AwsTimeouts;
use launches::config::{ENV_DYNAMODB_ENDPOINT_URL, ENV_SPACEX_API_URL, ENV_TABLE};
use launches::ll2::{Ll2Config, Ll2Source};
use launches::store::{BATCH_WRITE_LIMIT, CHANGE_MARK_ITEM_ID};
use launches::{
    sync_all, DynamoStore, DynamoStoreConfig, LaunchSource, RunReport, SpacexClient, SpacexConfig,
    SyncError, SyncOptions,
};
use serde_json::Value;

/// Launches in the source of the paused run: a few thousand, over a hundred write batches.
const LAUNCHES: usize = 2000;

/// Short timeouts, so that a paused store fails a call in seconds (but not so short that the
/// emulator, busy on a loaded machine, would time out a healthy write).
const SHORT: AwsTimeouts = AwsTimeouts {
    connect: Duration::from_secs(1),
    attempt: Duration::from_secs(2),
    operation: Duration::from_secs(5),
};

type Item = HashMap<String, AttributeValue>;

/// Every run of a test writes as of the same time, so that their rows can be compared whole.
fn as_of() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-29T00:00:00Z")
        .expect("a time")
        .with_timezone(&Utc)
}

fn options() -> SyncOptions {
    SyncOptions {
        as_of: Some(as_of()),
        ..SyncOptions::default()
    }
}

/// `count` launches: the snapshot's, then copies with fresh ids, each dated three days later
/// than the one before, so that every copy is a launch of its own.
fn scaled_snapshot(count: usize) -> Snapshot {
    let snapshot = Snapshot::bundled().expect("snapshot");
    let originals = snapshot.launches.clone();
    let launches = (0..count)
        .map(|index| {
            let mut launch = originals[index % originals.len()].clone();
            let copy = index / originals.len();
            if copy > 0 {
                let date = DateTime::parse_from_rfc3339(launch["date_utc"].as_str().expect("date"))
                    .expect("RFC 3339")
                    + chrono::Duration::days(3 * i64::try_from(copy).expect("small"));
                launch["id"] = Value::String(format!("5eb1000000000000{index:08x}"));
                launch["date_utc"] =
                    Value::String(date.to_rfc3339_opts(SecondsFormat::Millis, true));
                launch["date_unix"] = Value::from(date.timestamp());
            }
            launch
        })
        .collect();
    Snapshot {
        launches,
        ..snapshot
    }
}

fn ids_of(snapshot: &Snapshot) -> BTreeSet<String> {
    snapshot
        .launches
        .iter()
        .filter_map(|l| l["id"].as_str().map(str::to_owned))
        .collect()
}

fn source(server: &SpacexServer) -> SpacexClient {
    SpacexClient::new(SpacexConfig {
        base_url: server.base_url(),
        ..SpacexConfig::default()
    })
    .expect("client")
}

/// A client with `timeouts`, its requests recorded in `log`, then passed through `hold`.
fn client(
    emulator: &Emulator,
    timeouts: AwsTimeouts,
    log: &RequestLog,
    hold: Option<&HoldWrite>,
) -> Client {
    let mut config = client_config(emulator.endpoint())
        .timeout_config(timeouts.config())
        .interceptor(log.clone());
    if let Some(hold) = hold {
        config = config.interceptor(hold.clone());
    }
    Client::from_conf(config.build())
}

/// Every item of `table`, by id. (The test may Scan; the code under test never does.)
async fn items(client: &Client, table: &str) -> BTreeMap<String, Item> {
    let mut all = BTreeMap::new();
    let mut start = None;
    loop {
        let page = client
            .scan()
            .table_name(table)
            .consistent_read(true)
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("scan");
        for mut item in page.items().iter().cloned() {
            if let Some(AttributeValue::S(id)) = item.get("id").cloned() {
                // When the change mark was set is each run's own clock; that it is there is
                // compared.
                if id == CHANGE_MARK_ITEM_ID {
                    item.remove("changed_at");
                }
                all.insert(id, item);
            }
        }
        start = page.last_evaluated_key;
        if start.is_none() {
            return all;
        }
    }
}

/// The ids whose items differ between two tables (missing on one side included).
fn differing(a: &BTreeMap<String, Item>, b: &BTreeMap<String, Item>) -> Vec<String> {
    a.keys()
        .chain(b.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|id| a.get(*id) != b.get(*id))
        .cloned()
        .collect()
}

/// The table an uninterrupted run with `options` makes from `server`, in a table of its own.
async fn reference(
    emulator: &Emulator,
    server: &SpacexServer,
    options: SyncOptions,
) -> BTreeMap<String, Item> {
    let admin = emulator.client();
    create_launches_table(&admin, "reference")
        .await
        .expect("table");
    let store = DynamoStore::new(
        client(emulator, AwsTimeouts::default(), &RequestLog::new(), None),
        DynamoStoreConfig::new("reference"),
    );
    sync_all(&[&source(server) as &dyn LaunchSource], &store, options)
        .await
        .expect("the uninterrupted run");
    items(&admin, "reference").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_paused_mid_write_fails_the_run_naming_what_it_did_not_write_and_a_rerun_repairs_it(
) {
    let emulator = Emulator::start().await.expect("emulator");
    let admin = emulator.client();
    let snapshot = scaled_snapshot(LAUNCHES);
    let all_ids = ids_of(&snapshot);
    let server = SpacexServer::start(&snapshot).await;
    let want = reference(&emulator, &server, options()).await;
    assert_eq!(want.len(), LAUNCHES + 1, "the launches and the change mark");
    create_launches_table(&admin, "paused")
        .await
        .expect("table");

    // The 30th BatchWriteItem is held until the emulator is paused, then sent to it.
    let first_log = RequestLog::new();
    let hold = HoldWrite::new(30);
    let store = DynamoStore::new(
        client(&emulator, SHORT, &first_log, Some(&hold)),
        DynamoStoreConfig::new("paused"),
    );
    let spacex = source(&server);
    let started = Instant::now();
    let run = {
        let (store, spacex) = (store.clone(), spacex.clone());
        tokio::spawn(
            async move { sync_all(&[&spacex as &dyn LaunchSource], &store, options()).await },
        )
    };
    hold.reached().await;
    emulator.pause().await.expect("paused");
    hold.release();
    let error = run.await.expect("the run ends").expect_err("the run fails");
    let failed_after = started.elapsed();
    emulator.unpause().await.expect("resumed");

    // Loudly, within the operation timeout (the SDK's retries included), naming the launches.
    assert!(
        failed_after < SHORT.operation + Duration::from_secs(5),
        "failed after {failed_after:?}"
    );
    let SyncError::Sources(report) = &error else {
        panic!("expected a run report, got {error}");
    };
    let message = &report.failed[0].error;
    assert!(message.contains("BatchWriteItem"), "{message}");
    assert!(message.contains("not confirmed written"), "{message}");
    let named: BTreeSet<String> = all_ids
        .iter()
        .filter(|id| message.contains(id.as_str()))
        .cloned()
        .collect();
    let held_ids: BTreeSet<String> = first_log.of("BatchWriteItem")[29]
        .put_ids()
        .into_iter()
        .collect();
    assert!(!held_ids.is_empty());
    assert!(
        held_ids.is_subset(&named),
        "the write sent to the paused store is named as not written"
    );

    // The re-run completes; the table is the uninterrupted run's, item for item.
    let second_log = RequestLog::new();
    let store = DynamoStore::new(
        client(&emulator, AwsTimeouts::default(), &second_log, None),
        DynamoStoreConfig::new("paused"),
    );
    let rerun = sync_all(&[&spacex as &dyn LaunchSource], &store, options())
        .await
        .expect("the re-run completes");
    let got = items(&admin, "paused").await;
    assert_eq!(differing(&got, &want), Vec::<String>::new());

    // Nothing written twice that should not be: the re-run writes only launches the failed run
    // did not confirm, each once, and those are exactly the ones it named or never reached.
    let first_sent: BTreeSet<String> = first_log.written_ids().into_iter().collect();
    let confirmed: BTreeSet<&String> = first_sent.difference(&named).collect();
    let rewritten = second_log.written_ids();
    let rewritten_set: BTreeSet<&String> = rewritten.iter().collect();
    assert_eq!(
        rewritten.len(),
        rewritten_set.len(),
        "a launch written twice"
    );
    assert!(
        rewritten_set.is_disjoint(&confirmed),
        "the re-run rewrote launches the failed run had written"
    );
    assert_eq!(rerun.sources[0].written, rewritten.len());
    let not_reached: BTreeSet<&String> = all_ids
        .iter()
        .filter(|id| !first_sent.contains(*id))
        .collect();
    assert!(
        not_reached.is_subset(&rewritten_set),
        "a launch the failed run never sent is missing from the re-run's writes"
    );
}

#[tokio::test]
async fn a_sync_process_killed_half_way_is_repaired_by_the_next_run() {
    const KILLED_RUN: usize = 1000;
    let emulator = Emulator::start().await.expect("emulator");
    let admin = emulator.client();
    let snapshot = scaled_snapshot(KILLED_RUN);
    let server = SpacexServer::start(&snapshot).await;
    let want = reference(&emulator, &server, options()).await;
    create_launches_table(&admin, "killed")
        .await
        .expect("table");

    // The child writes through a proxy that stalls half-way through the rows of the source's
    // first batch: each batch writes its history entries first, then its rows (docs/history.md).
    let per_batch = launches::source::BATCH_SIZE.div_ceil(BATCH_WRITE_LIMIT);
    let row_writes = per_batch / 2;
    let upstream = emulator.endpoint().trim_start_matches("http://").to_owned();
    let proxy = StallingProxy::start(upstream, per_batch + row_writes)
        .await
        .expect("proxy");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sync-once"))
        .env(ENV_DYNAMODB_ENDPOINT_URL, proxy.url())
        .env("AWS_REGION", REGION)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env(ENV_TABLE, "killed")
        .env(ENV_SPACEX_API_URL, server.base_url())
        .env("SYNC_AS_OF", as_of().to_rfc3339())
        .stdout(Stdio::null())
        .spawn()
        .expect("sync-once starts");
    tokio::time::timeout(Duration::from_secs(60), proxy.stalled())
        .await
        .expect("the child reaches its write past half-way");
    // SIGKILL, as Lambda ends an invocation at its timeout: no clean-up runs.
    child.kill().expect("killed");
    let status = child.wait().expect("reaped");
    assert!(!status.success(), "{status}");
    // The writes delivered before the kill are processed whole, or not at all.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let left = items(&admin, "killed").await;
    assert!(
        !left.is_empty() && left.len() <= row_writes * BATCH_WRITE_LIMIT,
        "{} of {KILLED_RUN} written",
        left.len()
    );
    let broken: Vec<&String> = left
        .iter()
        .filter(|(id, item)| want.get(*id) != Some(item))
        .map(|(id, _)| id)
        .collect();
    assert!(broken.is_empty(), "items unlike the reference: {broken:?}");

    let store = DynamoStore::new(
        client(&emulator, AwsTimeouts::default(), &RequestLog::new(), None),
        DynamoStoreConfig::new("killed"),
    );
    let rerun = sync_all(&[&source(&server) as &dyn LaunchSource], &store, options())
        .await
        .expect("the re-run completes");
    assert_eq!(
        (rerun.sources[0].written, rerun.sources[0].unchanged),
        (KILLED_RUN - left.len(), left.len())
    );
    let got = items(&admin, "killed").await;
    assert_eq!(differing(&got, &want), Vec::<String>::new());
}

#[tokio::test]
async fn two_syncs_at_once_through_the_handler_both_finish_and_the_table_is_right() {
    let emulator = Emulator::start().await.expect("emulator");
    let admin = emulator.client();
    let snapshot = Snapshot::bundled().expect("snapshot");
    let server = SpacexServer::start(&snapshot).await;
    let ll2_server = Ll2Server::start(all_fixture_records().expect("LL2 fixtures"), 100).await;
    let sources = || -> Vec<Arc<dyn LaunchSource>> {
        vec![
            Arc::new(source(&server)),
            Arc::new(
                Ll2Source::new(Ll2Config {
                    base_url: ll2_server.base_url(),
                    request_budget: 20,
                    ..Ll2Config::default()
                })
                .expect("LL2 client"),
            ),
        ]
    };
    let store = |table: &str| {
        Arc::new(DynamoStore::new(
            client(&emulator, AwsTimeouts::default(), &RequestLog::new(), None),
            DynamoStoreConfig::new(table),
        ))
    };
    for table in ["reference", "twice"] {
        create_launches_table(&admin, table).await.expect("table");
    }
    // One run alone: the reference (on the clock, as the handler's runs are).
    let sources_alone = sources();
    let alone: Vec<&dyn LaunchSource> = sources_alone.iter().map(|s| s.as_ref()).collect();
    let reference_run = sync_all(&alone, store("reference").as_ref(), SyncOptions::default())
        .await
        .expect("the run alone");
    let written_alone: usize = reference_run.sources.iter().map(|s| s.written).sum();

    let extractor = Extractor {
        sources: sources(),
        store: store("twice"),
    };
    let fixture = |name: &str| {
        let path = integration::repo_root()
            .join("lambdas/extractor/events")
            .join(name);
        lambda_http::request::from_str(&std::fs::read_to_string(path).expect("fixture"))
            .expect("JSON")
    };
    // The schedule and `POST /sync`, at the same time, on the same table.
    let (scheduled, posted) = tokio::join!(
        handle(&extractor, fixture("scheduled.json")),
        handle(&extractor, fixture("sync.json")),
    );
    let mut written = 0;
    for (name, response) in [("schedule", scheduled), ("POST /sync", posted)] {
        let response = response.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(response.status(), 200, "{name}: {:?}", response.body());
        let report: RunReport = serde_json::from_slice(response.body()).expect("a report");
        assert!(report.failed.is_empty(), "{name}: {:?}", report.failed);
        written += report.sources.iter().map(|s| s.written).sum::<usize>();
    }
    // One run after the other: the second finds every launch stored, and writes nothing again.
    assert_eq!(written, written_alone);

    // The same rows as the run alone, but for when each was synced.
    let without_times = |table: BTreeMap<String, Item>| -> BTreeMap<String, Item> {
        table
            .into_iter()
            .map(|(id, mut item)| {
                item.remove("synced_at");
                item.remove("saved_at");
                (id, item)
            })
            .collect()
    };
    let want = without_times(items(&admin, "reference").await);
    let got = without_times(items(&admin, "twice").await);
    assert!(want.len() > snapshot.launches.len());
    assert_eq!(differing(&got, &want), Vec::<String>::new());
}
