//! The handler on the event fixtures kept in the crate (the same files `cargo lambda invoke`
//! uses), parsed by `lambda_http` as the runtime parses them, on the embedded store and the
//! bundled snapshot.

use std::path::PathBuf;
use std::sync::Arc;

use extractor::{handle, Extractor, HandlerError};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use launches::{DateRange, LaunchStore, MemoryStore, RunReport, SnapshotSource, SyncReport};
use serde_json::Value;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> Value {
    let path = crate_dir().join("events").join(name);
    serde_json::from_slice(&std::fs::read(&path).expect("fixture")).expect("fixture is JSON")
}

/// An invocation payload as `lambda_http::run` hands it to the service.
fn request(payload: &Value) -> Request {
    lambda_http::request::from_str(&payload.to_string()).expect("lambda_http takes any JSON")
}

fn event(name: &str) -> Request {
    request(&fixture(name))
}

/// The raw launch records of the snapshot the source serves.
fn snapshot_launches() -> Vec<Value> {
    let path = crate_dir().join("../../fixtures/spacex/v4/launches.json");
    serde_json::from_slice(&std::fs::read(path).expect("snapshot")).expect("JSON")
}

fn extractor() -> (Extractor, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::new());
    let extractor = Extractor {
        sources: vec![Arc::new(SnapshotSource::directory(
            crate_dir().join("../../fixtures/spacex/v4"),
        ))],
        store: store.clone(),
    };
    (extractor, store)
}

fn json_body(response: &Response<Body>) -> Value {
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    serde_json::from_slice(response.body()).expect("JSON body")
}

async fn http(extractor: &Extractor, request: Request) -> (StatusCode, Value) {
    let response = handle(extractor, request)
        .await
        .expect("HTTP requests always get a response");
    (response.status(), json_body(&response))
}

/// The report of the one source these tests sync.
async fn scheduled(extractor: &Extractor) -> Result<SyncReport, HandlerError> {
    let response = handle(extractor, event("scheduled.json")).await?;
    let report: RunReport =
        serde_json::from_slice(response.body()).expect("the output is the report");
    assert_eq!(report.sources.len(), 1);
    Ok(report.sources.into_iter().next().expect("one section"))
}

#[tokio::test]
async fn the_scheduled_event_runs_a_full_sync_and_returns_the_report() {
    let launches = snapshot_launches().len();
    let (extractor, store) = extractor();
    let report = scheduled(&extractor).await.expect("sync");
    assert_eq!(
        (report.fetched, report.written, report.invalid),
        (launches, launches, 0)
    );
    assert_eq!(store.len().await, launches);
    let again = scheduled(&extractor).await.expect("sync");
    assert_eq!((again.written, again.unchanged), (0, launches));
}

#[tokio::test]
async fn post_sync_without_a_body_syncs_everything() {
    let (extractor, store) = extractor();
    let (status, body) = http(&extractor, event("sync.json")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["sources"][0]["written"].as_u64(),
        Some(snapshot_launches().len() as u64)
    );
    assert_eq!(store.len().await, snapshot_launches().len());
}

#[tokio::test]
async fn post_sync_with_a_window_writes_only_that_window() {
    let raw = snapshot_launches();
    let in_2020 = raw
        .iter()
        .filter(|l| {
            l["date_utc"]
                .as_str()
                .is_some_and(|d| d.starts_with("2020"))
        })
        .count();
    assert!(in_2020 > 0);
    let (extractor, store) = extractor();
    let (status, body) = http(&extractor, event("sync-window.json")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["window"]["from"], "2020-01-01T00:00:00Z");
    assert_eq!(body["sources"][0]["written"].as_u64(), Some(in_2020 as u64));
    assert_eq!(
        body["sources"][0]["outside_window"].as_u64(),
        Some((raw.len() - in_2020) as u64)
    );
    let stored = store.launches_in_range(DateRange::ALL).await.expect("read");
    assert_eq!(stored.len(), in_2020);
    assert!(stored.iter().all(|l| l.year == 2020), "only 2020 launches");
}

#[tokio::test]
async fn get_health_answers_200_ok_and_names_no_store_or_source() {
    let (extractor, _) = extractor();
    let (status, body) = http(&extractor, event("health.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    let fields: std::collections::BTreeSet<&str> = body
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["status", "version"].into(), "{body}");
}

fn with_body(body: &str) -> Request {
    let mut payload = fixture("sync.json");
    payload["body"] = Value::String(body.to_owned());
    request(&payload)
}

#[tokio::test]
async fn bad_sync_bodies_are_400s_that_say_what_is_wrong() {
    let (extractor, store) = extractor();
    let cases = [
        (event("sync-bad-window.json"), "is after `to`"),
        (with_body("{not json"), "invalid JSON body"),
        (with_body(r#"{"from": "yesterday"}"#), "invalid `from`"),
        (with_body(r#"{"to": 20200101}"#), "invalid `to`"),
        (
            with_body(r#"{"from": "2020-01-01T00:00:00Z", "until": "2021-01-01T00:00:00Z"}"#),
            "unknown field `until`",
        ),
        (with_body("[]"), "invalid JSON body"),
        (with_body(r#"{"backfill": "yes"}"#), "invalid `backfill`"),
    ];
    for (request, want) in cases {
        let (status, body) = http(&extractor, request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let message = body["error"].as_str().unwrap_or_default();
        assert!(
            message.contains(want),
            "`{message}` should contain `{want}`"
        );
    }
    assert!(store.is_empty().await, "a rejected request writes nothing");
}

#[tokio::test]
async fn a_base64_body_is_decoded() {
    let (extractor, _) = extractor();
    let mut payload = fixture("sync.json");
    payload["body"] = Value::String("eyJmcm9tIjogIjIwMjItMDEtMDFUMDA6MDA6MDBaIn0=".into()); // {"from": "2022-01-01T00:00:00Z"}
    payload["isBase64Encoded"] = Value::Bool(true);
    let (status, body) = http(&extractor, request(&payload)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["window"]["from"], "2022-01-01T00:00:00Z");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_404s() {
    let (extractor, _) = extractor();
    for (method, path) in [
        ("GET", "/sync"),
        ("POST", "/health"),
        ("GET", "/"),
        ("DELETE", "/sync"),
        ("GET", "/launches"),
    ] {
        let mut payload = fixture("health.json");
        payload["rawPath"] = Value::String(path.into());
        payload["requestContext"]["http"]["method"] = Value::String(method.into());
        payload["requestContext"]["http"]["path"] = Value::String(path.into());
        let (status, body) = http(&extractor, request(&payload)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
        let message = body["error"].as_str().unwrap_or_default();
        assert!(message.contains(&format!("{method} {path};")), "{message}");
    }
}

#[tokio::test]
async fn events_other_than_the_schedule_are_errors_not_syncs() {
    let (extractor, store) = extractor();
    let mut other_eventbridge = fixture("scheduled.json");
    other_eventbridge["source"] = Value::String("aws.ec2".into());
    other_eventbridge["detail-type"] =
        Value::String("EC2 Instance State-change Notification".into());
    for (payload, want) in [
        (
            serde_json::json!({"hello": "world"}),
            "not an EventBridge event",
        ),
        (
            other_eventbridge,
            "`EC2 Instance State-change Notification` event from `aws.ec2`",
        ),
    ] {
        let error = handle(&extractor, request(&payload))
            .await
            .expect_err("rejected");
        assert!(matches!(error, HandlerError::Unsupported(_)), "{error}");
        assert!(error.to_string().contains(want), "{error}");
    }
    assert!(store.is_empty().await);
}

#[tokio::test]
async fn a_failing_source_fails_the_scheduled_run_and_is_a_500_over_http() {
    let store = Arc::new(MemoryStore::new());
    let extractor = Extractor {
        sources: vec![Arc::new(SnapshotSource::directory("/nonexistent/snapshot"))],
        store: store.clone(),
    };
    let error = scheduled(&extractor).await.expect_err("fails loudly");
    assert!(
        error.to_string().contains("/nonexistent/snapshot"),
        "{error}"
    );
    // What Lambda records for the failed invocation (then retries it, then the dead-letter queue).
    let diagnostic = lambda_http::lambda_runtime::Diagnostic::from(error);
    assert_eq!(diagnostic.error_type, "SyncFailed");
    let (status, body) = http(&extractor, event("sync.json")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body["error"]
        .as_str()
        .unwrap_or_default()
        .contains("fetching launches failed"));
}

/// `request` as Lambda hands it over with `left` before the invocation's deadline.
fn with_deadline(request: Request, left: std::time::Duration) -> Request {
    use lambda_http::RequestExt;
    let deadline = std::time::SystemTime::now() + left;
    let mut context = lambda_http::lambda_runtime::Context::default();
    context.deadline = deadline
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis()
        .try_into()
        .expect("fits");
    request.with_lambda_context(context)
}

#[test]
fn the_time_limit_is_what_is_left_of_the_invocation_less_the_margin() {
    use std::time::Duration;
    assert_eq!(extractor::time_limit(&event("scheduled.json")), None);
    let limit = extractor::time_limit(&with_deadline(
        event("scheduled.json"),
        Duration::from_secs(120),
    ))
    .expect("a limit");
    let want = Duration::from_secs(120) - extractor::DEADLINE_MARGIN;
    assert!(
        limit <= want && limit > want - Duration::from_secs(1),
        "{limit:?}"
    );
    let none_left = with_deadline(event("scheduled.json"), Duration::from_secs(1));
    assert_eq!(extractor::time_limit(&none_left), Some(Duration::ZERO));
    // `cargo lambda watch` sends the timeout (600000 ms) where Lambda sends a time: no limit.
    let mut context = lambda_http::lambda_runtime::Context::default();
    context.deadline = 600_000;
    let relative = {
        use lambda_http::RequestExt;
        event("scheduled.json").with_lambda_context(context)
    };
    assert_eq!(extractor::time_limit(&relative), None);
}

#[tokio::test]
async fn a_run_with_no_time_left_stops_at_once_and_says_why() {
    let (extractor, store) = extractor();
    let no_time = |request| with_deadline(request, extractor::DEADLINE_MARGIN / 2);
    let error = handle(&extractor, no_time(event("scheduled.json")))
        .await
        .expect_err("the scheduled run fails");
    assert!(error.to_string().contains("time limit of 0 s"), "{error}");
    let (status, body) = http(&extractor, no_time(event("sync.json"))).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        body["error"]
            .as_str()
            .unwrap_or_default()
            .contains("time limit"),
        "{body}"
    );
    assert!(store.is_empty().await);
}
