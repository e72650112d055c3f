//! The handler on the event fixtures kept in the crate (the same files `cargo lambda invoke`
//! uses), on the embedded store and the bundled snapshot.

use std::path::PathBuf;
use std::sync::Arc;

use extractor::{handle, Extractor, HandlerError, HttpResponse};
use launches::{DateRange, LaunchStore, MemoryStore, SnapshotSource};
use serde_json::Value;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn event(name: &str) -> Value {
    let path = crate_dir().join("events").join(name);
    serde_json::from_slice(&std::fs::read(&path).expect("fixture")).expect("fixture is JSON")
}

fn extractor() -> (Extractor, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::new());
    let extractor = Extractor {
        source: Arc::new(SnapshotSource::directory(
            crate_dir().join("../../fixtures/spacex/v4"),
        )),
        store: store.clone(),
    };
    (extractor, store)
}

async fn http(extractor: &Extractor, event: Value) -> (HttpResponse, Value) {
    let output = handle(extractor, event)
        .await
        .expect("HTTP requests always get a response");
    let response: HttpResponse =
        serde_json::from_value(output).expect("an API Gateway v2 response");
    assert_eq!(
        response.headers.get("content-type").map(String::as_str),
        Some("application/json")
    );
    let body = serde_json::from_str(&response.body).expect("JSON body");
    (response, body)
}

#[tokio::test]
async fn the_scheduled_event_runs_a_full_sync_and_returns_the_report() {
    let (extractor, store) = extractor();
    let report = handle(&extractor, event("scheduled.json"))
        .await
        .expect("sync");
    assert_eq!(report["fetched"], 205);
    assert_eq!(report["written"], 205);
    assert_eq!(report["invalid"], 0);
    assert_eq!(store.len().await, 205);
    let again = handle(&extractor, event("scheduled.json"))
        .await
        .expect("sync");
    assert_eq!(
        (again["written"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(205))
    );
}

#[tokio::test]
async fn post_sync_without_a_body_syncs_everything() {
    let (extractor, store) = extractor();
    let (response, body) = http(&extractor, event("sync.json")).await;
    assert_eq!(response.status_code, 200, "{body}");
    assert_eq!(body["written"], 205);
    assert_eq!(store.len().await, 205);
}

#[tokio::test]
async fn post_sync_with_a_window_writes_only_that_window() {
    let (extractor, store) = extractor();
    let (response, body) = http(&extractor, event("sync-window.json")).await;
    assert_eq!(response.status_code, 200, "{body}");
    assert_eq!(body["window"]["from"], "2020-01-01T00:00:00Z");
    let stored = store.launches_in_range(DateRange::ALL).await.expect("read");
    assert!(!stored.is_empty());
    assert!(
        stored.iter().all(|l| l.year == 2020),
        "only 2020 launches are written"
    );
    assert_eq!(body["written"].as_u64(), Some(stored.len() as u64));
    assert_eq!(
        body["outside_window"].as_u64(),
        Some(205 - stored.len() as u64)
    );
}

#[tokio::test]
async fn get_health_answers_200_with_the_store_and_source() {
    let (extractor, _) = extractor();
    let (response, body) = http(&extractor, event("health.json")).await;
    assert_eq!(response.status_code, 200);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["store"], "embedded in-process store");
}

fn with_body(body: &str) -> Value {
    let mut request = event("sync.json");
    request["body"] = Value::String(body.to_owned());
    request
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
    ];
    for (request, want) in cases {
        let (response, body) = http(&extractor, request).await;
        assert_eq!(response.status_code, 400, "{body}");
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
    let mut request = with_body("eyJmcm9tIjogIjIwMjItMDEtMDFUMDA6MDA6MDBaIn0="); // {"from": "2022-01-01T00:00:00Z"}
    request["isBase64Encoded"] = Value::Bool(true);
    let (response, body) = http(&extractor, request).await;
    assert_eq!(response.status_code, 200, "{body}");
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
        let mut request = event("health.json");
        request["rawPath"] = Value::String(path.into());
        request["requestContext"]["http"]["method"] = Value::String(method.into());
        request["requestContext"]["http"]["path"] = Value::String(path.into());
        let (response, body) = http(&extractor, request).await;
        assert_eq!(response.status_code, 404, "{method} {path}");
        assert!(body["error"].as_str().unwrap_or_default().contains(path));
    }
}

#[tokio::test]
async fn a_named_stage_prefix_is_stripped() {
    let (extractor, _) = extractor();
    let mut request = event("health.json");
    request["rawPath"] = Value::String("/dev/health".into());
    request["requestContext"]["stage"] = Value::String("dev".into());
    let (response, _) = http(&extractor, request).await;
    assert_eq!(response.status_code, 200);
}

#[tokio::test]
async fn an_unknown_event_is_an_error_not_a_sync() {
    let (extractor, store) = extractor();
    let error = handle(&extractor, serde_json::json!({"hello": "world"}))
        .await
        .expect_err("rejected");
    assert!(matches!(error, HandlerError::Unsupported(_)));
    assert!(store.is_empty().await);
}

#[tokio::test]
async fn a_failing_source_fails_the_scheduled_run_and_is_a_500_over_http() {
    let store = Arc::new(MemoryStore::new());
    let extractor = Extractor {
        source: Arc::new(SnapshotSource::directory("/nonexistent/snapshot")),
        store: store.clone(),
    };
    let error = handle(&extractor, event("scheduled.json"))
        .await
        .expect_err("fails loudly");
    assert!(
        error.to_string().contains("/nonexistent/snapshot"),
        "{error}"
    );
    let (response, body) = http(&extractor, event("sync.json")).await;
    assert_eq!(response.status_code, 500);
    assert!(body["error"]
        .as_str()
        .unwrap_or_default()
        .contains("fetching launches failed"));
}
