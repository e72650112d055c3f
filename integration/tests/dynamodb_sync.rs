//! The DynamoDB store and the sync against the emulator (moto in a container started by
//! testcontainers), with the table built from the Terraform definition.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use integration::emulator::Emulator;
use integration::recorder::{RequestLog, Unprocessed};
use integration::spacex_server::{Snapshot, SpacexServer};
use integration::terraform::create_launches_table;
use launches::retry::Backoff;
use launches::store::{BATCH_GET_LIMIT, BATCH_WRITE_LIMIT};
use launches::{
    sync, DateRange, DynamoStore, DynamoStoreConfig, LaunchStore, MemoryStore, SpacexClient,
    SpacexConfig, StoreError, SyncError,
};
use serde_json::json;

const TABLE: &str = "spacex-launches-test";

/// An emulator with the launches table, a store on it whose requests are recorded, and a
/// local SpaceX API serving the snapshot.
struct Setup {
    _emulator: Emulator,
    client: Client,
    log: RequestLog,
    store: DynamoStore,
    server: SpacexServer,
    snapshot: Snapshot,
}

fn store_config(concurrency: usize, max_attempts: u32) -> DynamoStoreConfig {
    DynamoStoreConfig {
        concurrency,
        backoff: Backoff {
            max_attempts,
            base: Duration::from_millis(5),
            max: Duration::from_millis(50),
        },
        ..DynamoStoreConfig::new(TABLE)
    }
}

async fn setup_with(unprocessed: Option<Unprocessed>, max_attempts: u32) -> Setup {
    let emulator = Emulator::start().await.expect("emulator starts");
    let admin = emulator.client();
    create_launches_table(&admin, TABLE)
        .await
        .expect("table from Terraform");
    let log = RequestLog::new();
    let client = match &unprocessed {
        // The recorder comes after the injector, so it sees what is really sent.
        Some(injector) => {
            let c = emulator.client_with(vec![injector.clone()]);
            let config = c.config().to_builder().interceptor(log.clone()).build();
            Client::from_conf(config)
        }
        None => emulator.client_with(vec![log.clone()]),
    };
    let concurrency = if unprocessed.is_some() { 1 } else { 4 };
    let store = DynamoStore::new(client, store_config(concurrency, max_attempts));
    let snapshot = Snapshot::bundled().expect("snapshot");
    let server = SpacexServer::start(&snapshot).await;
    Setup {
        _emulator: emulator,
        client: admin,
        log,
        store,
        server,
        snapshot,
    }
}

async fn setup() -> Setup {
    setup_with(None, 8).await
}

fn source(server: &SpacexServer) -> SpacexClient {
    SpacexClient::new(SpacexConfig {
        base_url: server.base_url(),
        ..SpacexConfig::default()
    })
    .expect("client")
}

/// The served launches, normalised into an embedded store: what the DynamoDB store must equal.
async fn normalised(s: &Setup) -> MemoryStore {
    let memory = MemoryStore::new();
    sync(&source(&s.server), &memory, DateRange::ALL)
        .await
        .expect("normalise into memory");
    memory
}

/// The item a sync that writes launches keeps beside them (`#cursor#launches-changed`).
const CHANGE_MARK: usize = 1;

async fn count_items(client: &Client) -> usize {
    // The test may Scan; the code under test never does.
    let mut count = 0;
    let mut start = None;
    loop {
        let page = client
            .scan()
            .table_name(TABLE)
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("scan");
        count += page.items().len();
        start = page.last_evaluated_key;
        if start.is_none() {
            return count;
        }
    }
}

#[tokio::test]
async fn first_sync_writes_205_second_writes_nothing_a_changed_launch_is_rewritten_alone() {
    let s = setup().await;
    let first = sync(&source(&s.server), &s.store, DateRange::ALL)
        .await
        .expect("first sync");
    assert_eq!(
        (first.fetched, first.valid, first.written, first.unchanged),
        (205, 205, 205, 0)
    );
    assert_eq!(count_items(&s.client).await, 205 + CHANGE_MARK);

    // DynamoDB's limits, on the requests actually sent: to the launches table, and to the
    // history table (each launch's first sighting).
    let all_writes = s.log.of("BatchWriteItem");
    for table in [TABLE.to_owned(), s.store.history_table().to_owned()] {
        let writes: Vec<_> = all_writes.iter().filter(|w| w.touches(&table)).collect();
        assert_eq!(
            writes.len(),
            205usize.div_ceil(BATCH_WRITE_LIMIT),
            "{table}"
        );
        assert!(writes.iter().all(|w| w.batch_len() <= BATCH_WRITE_LIMIT));
        assert_eq!(writes.iter().map(|w| w.batch_len()).sum::<usize>(), 205);
    }
    assert_eq!(first.history_entries, 205);
    let gets = s.log.of("BatchGetItem");
    assert!(gets.iter().all(|g| g.batch_len() <= BATCH_GET_LIMIT));
    assert!(s.log.of("Scan").is_empty());

    s.log.clear();
    let second = sync(&source(&s.server), &s.store, DateRange::ALL)
        .await
        .expect("second sync");
    assert_eq!((second.written, second.unchanged), (0, 205));
    assert!(s.log.of("BatchWriteItem").is_empty());

    let mut changed = s.snapshot.clone();
    changed.launches[100]["details"] = json!("Rescheduled: new details from the source");
    let changed_id = changed.launches[100]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    s.server.serve(&changed).await;
    s.log.clear();
    let third = sync(&source(&s.server), &s.store, DateRange::ALL)
        .await
        .expect("third sync");
    assert_eq!((third.written, third.unchanged), (1, 204));
    let written = s.log.written_ids();
    assert_eq!(written, vec![changed_id.clone()]);
    let stored = s
        .store
        .get_launch(&changed_id)
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(
        stored.details.as_deref(),
        Some("Rescheduled: new details from the source")
    );

    // A launch the source stops listing is never deleted.
    let mut shrunk = s.snapshot.clone();
    shrunk.launches.truncate(50);
    s.server.serve(&shrunk).await;
    sync(&source(&s.server), &s.store, DateRange::ALL)
        .await
        .expect("fourth sync");
    assert_eq!(count_items(&s.client).await, 205 + CHANGE_MARK);
}

#[tokio::test]
async fn a_windowed_sync_touches_only_launches_in_the_window() {
    let s = setup().await;
    let window = DateRange {
        from: Some("2020-01-01T00:00:00Z".parse().expect("date")),
        to: Some("2020-12-31T23:59:59Z".parse().expect("date")),
    };
    let in_2020 = s
        .snapshot
        .launches
        .iter()
        .filter(|l| {
            l["date_utc"]
                .as_str()
                .is_some_and(|d| d.starts_with("2020"))
        })
        .count();
    let report = sync(&source(&s.server), &s.store, window)
        .await
        .expect("windowed sync");
    assert_eq!(report.written, in_2020);
    assert_eq!(report.outside_window, 205 - in_2020);
    assert_eq!(count_items(&s.client).await, in_2020 + CHANGE_MARK);
    let written = s.log.written_ids();
    assert_eq!(written.len(), in_2020);
}

#[tokio::test]
async fn a_batch_of_26_is_sent_as_25_and_1() {
    let s = setup().await;
    let memory = normalised(&s).await;
    let launches: Vec<_> = memory
        .launches_in_range(DateRange::ALL)
        .await
        .expect("read")
        .into_iter()
        .take(26)
        .collect();
    s.store.put_launches(&launches).await.expect("written");
    let mut sizes: Vec<usize> = s
        .log
        .of("BatchWriteItem")
        .iter()
        .map(|w| w.batch_len())
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, vec![1, 25]);
    assert_eq!(count_items(&s.client).await, 26);
}

#[tokio::test]
async fn unprocessed_items_are_retried_until_written() {
    let s = setup_with(Some(Unprocessed::new(5, 2)), 8).await;
    let report = sync(&source(&s.server), &s.store, DateRange::ALL)
        .await
        .expect("sync succeeds");
    assert_eq!(report.written, 205);
    assert_eq!(count_items(&s.client).await, 205 + CHANGE_MARK);
    // 9 batches of launches and 9 of history entries, plus one retry for each of the two
    // responses that left items unprocessed; what reached the emulator is every launch exactly
    // once.
    let writes = s.log.of("BatchWriteItem");
    assert_eq!(writes.len(), 9 + 9 + 2);
    assert_eq!(report.history_entries, 205);
    let mut sent = s.log.written_ids();
    assert_eq!(sent.len(), 205);
    sent.sort();
    sent.dedup();
    assert_eq!(sent.len(), 205);
}

#[tokio::test]
async fn items_still_unprocessed_after_the_last_attempt_fail_the_run_with_their_ids() {
    let s = setup_with(Some(Unprocessed::new(3, usize::MAX)), 3).await;
    let error = sync(&source(&s.server), &s.store, DateRange::ALL)
        .await
        .expect_err("the run fails loudly");
    let SyncError::Write {
        source: StoreError::Unwritten { ids, attempts, .. },
        ..
    } = &error
    else {
        panic!("unexpected error: {error}");
    };
    assert_eq!(*attempts, 3);
    assert!(!ids.is_empty());
    assert!(error.to_string().contains(&ids[0]));
    // Each of them really is missing from the table. A batch's history entries go first
    // (named `<launch id> history #<seq>`), so a launch whose entry failed has no row either.
    for id in ids {
        let launch_id = id.split(' ').next().unwrap_or(id);
        assert!(
            s.store.get_launch(launch_id).await.expect("get").is_none(),
            "{launch_id} was written"
        );
    }
}

#[tokio::test]
async fn date_range_reads_use_the_gsi_and_match_the_embedded_store() {
    let s = setup().await;
    let memory = normalised(&s).await;
    sync(&source(&s.server), &s.store, DateRange::ALL)
        .await
        .expect("dynamo sync");
    s.log.clear();
    for range in [
        DateRange::ALL,
        DateRange {
            from: Some("2017-06-15T00:00:00Z".parse().expect("date")),
            to: Some("2019-02-01T00:00:00Z".parse().expect("date")),
        },
        DateRange {
            from: Some("2022-01-01T00:00:00Z".parse().expect("date")),
            to: None,
        },
    ] {
        let from_dynamo = s.store.launches_in_range(range).await.expect("query");
        let from_memory = memory.launches_in_range(range).await.expect("memory");
        let ids = |v: &[launches::Launch]| v.iter().map(|l| l.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&from_dynamo), ids(&from_memory), "{range:?}");
        // Whole launches come back through the index (projection ALL), not just keys.
        let by_id: BTreeMap<_, _> = from_memory.iter().map(|l| (l.id.clone(), l)).collect();
        for launch in &from_dynamo {
            assert_eq!(launch.content_hash, by_id[&launch.id].content_hash);
        }
    }
    let queries = s.log.of("Query");
    assert!(!queries.is_empty());
    assert!(queries
        .iter()
        .all(|q| q.body["IndexName"] == "year-date-index"));
    assert!(s.log.of("Scan").is_empty());
}
