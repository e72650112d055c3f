//! A SpaceX API that misbehaves, served by a raw TCP server: a connection reset in the middle
//! of the body, a body that trickles, one that never ends, invalid UTF-8, an HTML page with a
//! 200. Each has its outcome, and none writes a bad launch (the store is compared with what the
//! well-behaved server's data gives, or is empty).

use std::time::{Duration, Instant};

use integration::misbehaving_server::{LaunchList, MisbehavingServer};
use integration::spacex_server::{Snapshot, SpacexServer};
use launches::http::{HttpConfig, MAX_BODY_BYTES};
use launches::retry::Backoff;
use launches::{
    sync, sync_all, DateRange, LaunchSource, LaunchStore, MemoryStore, SourceError, SpacexClient,
    SpacexConfig, SyncError, SyncOptions,
};

const ATTEMPTS: u32 = 3;

/// Short timeouts, so that each test takes seconds.
fn http_config(timeout: Duration) -> HttpConfig {
    HttpConfig {
        connect_timeout: Duration::from_secs(2),
        timeout,
        backoff: Backoff {
            max_attempts: ATTEMPTS,
            base: Duration::from_millis(10),
            max: Duration::from_millis(50),
        },
        max_retry_after: Duration::from_secs(1),
    }
}

fn source(base_url: &str, timeout: Duration) -> SpacexClient {
    SpacexClient::new(SpacexConfig {
        base_url: base_url.to_owned(),
        http: http_config(timeout),
    })
    .expect("client")
}

async fn serve(list: LaunchList) -> (Snapshot, MisbehavingServer) {
    let snapshot = Snapshot::bundled().expect("snapshot");
    let server = MisbehavingServer::start(&snapshot, list)
        .await
        .expect("server starts");
    (snapshot, server)
}

/// The source error a failed single-source sync carries.
fn source_error(error: SyncError) -> SourceError {
    match error {
        SyncError::Source(source) => source,
        other => panic!("expected a source error, got {other}"),
    }
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_retried_and_the_run_completes_with_the_right_launches() {
    let (snapshot, server) = serve(LaunchList::ResetMidBody { times: 1 }).await;
    let store = MemoryStore::new();
    let report = sync(
        &source(&server.base_url(), Duration::from_secs(5)),
        &store,
        DateRange::ALL,
    )
    .await
    .expect("the second attempt succeeds");
    assert_eq!(server.launch_requests(), 2);
    assert_eq!(report.fetched, snapshot.launches.len());

    // What the same data gives from a well-behaved server.
    let good = SpacexServer::start(&snapshot).await;
    let expected = MemoryStore::new();
    sync(
        &source(&good.base_url(), Duration::from_secs(5)),
        &expected,
        DateRange::ALL,
    )
    .await
    .expect("reference sync");
    let mut got = store.launches_in_range(DateRange::ALL).await.expect("read");
    let mut want = expected
        .launches_in_range(DateRange::ALL)
        .await
        .expect("read");
    // Each run stamps its own time.
    for launch in got.iter_mut().chain(want.iter_mut()) {
        launch.synced_at.clear();
    }
    assert_eq!(got.len(), snapshot.launches.len());
    assert!(got == want, "the launches differ from the reference run's");
}

#[tokio::test]
async fn a_reset_on_every_attempt_fails_the_run_naming_the_url_and_writes_nothing() {
    let (_, server) = serve(LaunchList::ResetMidBody { times: usize::MAX }).await;
    let store = MemoryStore::new();
    let error = sync(
        &source(&server.base_url(), Duration::from_secs(5)),
        &store,
        DateRange::ALL,
    )
    .await
    .expect_err("every attempt is cut off");
    let error = source_error(error);
    assert!(
        matches!(
            error,
            SourceError::Transport {
                attempts: ATTEMPTS,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("/v4/launches"), "{error}");
    assert_eq!(server.launch_requests(), ATTEMPTS as usize);
    assert!(store.is_empty().await);
}

#[tokio::test]
async fn a_trickling_body_stops_at_the_run_time_limit_not_the_request_timeout() {
    let (_, server) = serve(LaunchList::Trickle {
        interval: Duration::from_millis(200),
    })
    .await;
    // A request timeout far beyond the limit: only the run's limit can end this run in time.
    let trickled = source(&server.base_url(), Duration::from_secs(60));
    let store = MemoryStore::new();
    let limit = Duration::from_secs(1);
    let started = Instant::now();
    let error = sync_all(
        &[&trickled as &dyn LaunchSource],
        &store,
        SyncOptions {
            time_limit: Some(limit),
            ..SyncOptions::default()
        },
    )
    .await
    .expect_err("the run stops at its limit");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= limit && elapsed < limit + Duration::from_secs(2),
        "stopped after {elapsed:?}"
    );
    let SyncError::Sources(report) = error else {
        panic!("expected a run report, got {error}");
    };
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].source, "spacex-v4");
    assert!(
        report.failed[0].error.contains("time limit of 1 s"),
        "{}",
        report.failed[0].error
    );
    assert!(store.is_empty().await);
}

#[tokio::test]
async fn a_body_that_never_ends_stops_at_the_size_cap_with_an_error_that_says_it() {
    let (_, server) = serve(LaunchList::Endless).await;
    let store = MemoryStore::new();
    let started = Instant::now();
    let error = sync(
        &source(&server.base_url(), Duration::from_secs(30)),
        &store,
        DateRange::ALL,
    )
    .await
    .expect_err("the cap ends it");
    let error = source_error(error);
    assert!(
        matches!(
            error,
            SourceError::TooLarge {
                limit: MAX_BODY_BYTES,
                ..
            }
        ),
        "{error}"
    );
    let message = error.to_string();
    assert!(message.contains("/v4/launches"), "{message}");
    assert!(message.contains(&MAX_BODY_BYTES.to_string()), "{message}");
    // Not retried: the same URL would answer the same.
    assert_eq!(server.launch_requests(), 1);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(store.is_empty().await);
}

#[tokio::test]
async fn invalid_utf8_in_a_record_fails_the_run_naming_the_record_and_writes_nothing() {
    let snapshot = Snapshot::bundled().expect("snapshot");
    let bad = 100;
    // A byte that is never UTF-8 (0xFF) inside the name of record `bad`.
    let name = snapshot.launches[bad]["name"]
        .as_str()
        .expect("a name")
        .to_owned();
    let mut body = serde_json::to_vec(&snapshot.launches).expect("serialises");
    let quoted = serde_json::to_vec(&name).expect("serialises");
    let at = body
        .windows(quoted.len())
        .position(|w| w == quoted.as_slice())
        .expect("the name is in the body")
        + 1;
    body.insert(at, 0xFF);
    let server = MisbehavingServer::start(
        &snapshot,
        LaunchList::Body {
            content_type: "application/json; charset=utf-8",
            body,
        },
    )
    .await
    .expect("server starts");
    let store = MemoryStore::new();
    let error = sync(
        &source(&server.base_url(), Duration::from_secs(5)),
        &store,
        DateRange::ALL,
    )
    .await
    .expect_err("not UTF-8");
    let error = source_error(error);
    let message = error.to_string();
    assert!(matches!(error, SourceError::Decode { .. }), "{message}");
    assert!(message.contains("/v4/launches"), "{message}");
    assert!(message.contains(&format!("at record {bad}")), "{message}");
    assert!(message.contains("invalid unicode"), "{message}");
    // The list arrives as one batch (fewer launches than a batch): nothing of it is written.
    assert!(store.is_empty().await);
}

#[tokio::test]
async fn an_html_page_answered_with_200_fails_the_run_naming_it_and_writes_nothing() {
    let (_, server) = serve(LaunchList::Body {
        content_type: "text/html; charset=utf-8",
        body: b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>".to_vec(),
    })
    .await;
    let store = MemoryStore::new();
    let error = sync(
        &source(&server.base_url(), Duration::from_secs(5)),
        &store,
        DateRange::ALL,
    )
    .await
    .expect_err("HTML is not the data");
    let error = source_error(error);
    let message = error.to_string();
    assert!(matches!(error, SourceError::NotJson { .. }), "{message}");
    assert!(message.contains("/v4/launches"), "{message}");
    assert!(message.contains("text/html"), "{message}");
    assert_eq!(server.launch_requests(), 1);
    assert!(store.is_empty().await);
}
