//! The sources' HTTP client and the SpaceX source against a local HTTP server: retries,
//! Retry-After, timeouts, bad bodies.

use std::time::{Duration, Instant};

use integration::spacex_server::{Snapshot, SpacexServer};
use launches::http::{HttpClient, HttpConfig};
use launches::retry::Backoff;
use launches::{
    sync, DateRange, LaunchSource, MemoryStore, SourceError, SpacexClient, SpacexConfig,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn config() -> HttpConfig {
    HttpConfig {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_millis(500),
        backoff: Backoff {
            max_attempts: 3,
            base: Duration::from_millis(10),
            max: Duration::from_millis(50),
        },
        max_retry_after: Duration::from_secs(5),
    }
}

fn http(base_url: &str) -> HttpClient {
    HttpClient::new(base_url, config()).expect("client")
}

fn client(base_url: &str) -> SpacexClient {
    SpacexClient::new(SpacexConfig {
        base_url: base_url.to_owned(),
        http: config(),
    })
    .expect("client")
}

async fn requests_to(server: &MockServer, route: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == route)
        .count()
}

#[tokio::test]
async fn a_500_then_a_200_is_retried_and_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v4/rockets"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v4/rockets"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([{"id": "r", "name": "Falcon 9"}])),
        )
        .mount(&server)
        .await;
    let body = http(&server.uri())
        .get("/v4/rockets")
        .await
        .expect("retried to success");
    assert!(String::from_utf8_lossy(&body).contains("Falcon 9"));
    assert_eq!(requests_to(&server, "/v4/rockets").await, 2);
}

#[tokio::test]
async fn a_429_with_retry_after_waits_that_long_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v4/launches"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v4/launches"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let started = Instant::now();
    http(&server.uri())
        .get("/v4/launches")
        .await
        .expect("succeeds after waiting");
    // A lower bound only: the wait is Retry-After's, not the (10 ms) backoff's.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(requests_to(&server, "/v4/launches").await, 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_gives_up_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let error = http(&server.uri())
        .get("/v4/launches")
        .await
        .expect_err("gives up");
    assert!(
        matches!(error, SourceError::Status { attempts: 1, .. }),
        "{error}"
    );
}

#[tokio::test]
async fn persistent_5xx_fails_with_an_error_naming_the_url_and_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let error = http(&server.uri())
        .get("/v4/payloads")
        .await
        .expect_err("fails");
    let message = error.to_string();
    assert!(
        message.contains(&format!("{}/v4/payloads", server.uri())),
        "{message}"
    );
    assert!(message.contains("503"), "{message}");
    assert!(message.contains("3 attempt"), "{message}");
    assert_eq!(requests_to(&server, "/v4/payloads").await, 3);
}

#[tokio::test]
async fn a_404_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let error = http(&server.uri())
        .get("/v4/launches")
        .await
        .expect_err("fails");
    assert!(
        matches!(error, SourceError::Status { attempts: 1, .. }),
        "{error}"
    );
    assert_eq!(requests_to(&server, "/v4/launches").await, 1);
}

#[tokio::test]
async fn a_timeout_is_retried_then_reported_with_the_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([]))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let error = http(&server.uri())
        .get("/v4/rockets")
        .await
        .expect_err("times out");
    assert!(
        matches!(error, SourceError::Transport { attempts: 3, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("/v4/rockets"), "{error}");
}

#[tokio::test]
async fn truncated_json_fails_the_fetch_and_writes_nothing() {
    let snapshot = Snapshot::bundled().expect("snapshot");
    let server = SpacexServer::start(&snapshot).await;
    let truncated = MockServer::start().await;
    // Everything but launches comes from the good server's data; launches are cut off.
    for route in ["/v4/rockets", "/v4/launchpads", "/v4/payloads"] {
        let body = http(&server.base_url())
            .get(route)
            .await
            .expect("reference data");
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(body.to_vec()))
            .mount(&truncated)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/v4/launches"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"[{"id": "abc", "name": "Fal"#))
        .mount(&truncated)
        .await;
    let store = MemoryStore::new();
    let error = sync(&client(&truncated.uri()), &store, DateRange::ALL)
        .await
        .expect_err("a truncated body fails the run");
    assert!(error.to_string().contains("/v4/launches"), "{error}");
    assert!(error.to_string().contains("EOF while parsing"), "{error}");
    assert!(store.is_empty().await);
}

#[tokio::test]
async fn malformed_records_in_a_served_list_are_skipped_and_reported_the_rest_written() {
    let mut snapshot = Snapshot::bundled().expect("snapshot");
    snapshot.launches.truncate(10);
    snapshot.launches[2]["date_utc"] = json!("not a date");
    snapshot.launches[5].as_object_mut().map(|m| m.remove("id"));
    snapshot.launches[7]["rocket"] = serde_json::Value::Null;
    let bad_id = snapshot.launches[2]["id"].as_str().map(str::to_owned);
    let server = SpacexServer::start(&snapshot).await;
    let source = client(&server.base_url());
    assert!(source.describe().contains(&server.base_url()));
    assert_eq!(source.name(), "spacex-v4");
    let store = MemoryStore::new();
    let report = sync(&source, &store, DateRange::ALL)
        .await
        .expect("sync runs");
    assert_eq!(
        (report.fetched, report.valid, report.invalid, report.written),
        (10, 7, 3, 7)
    );
    assert_eq!(store.len().await, 7);
    assert!(report
        .rejected
        .iter()
        .any(|r| r.id == bad_id && r.reason.contains("date_utc")));
    assert!(report
        .rejected
        .iter()
        .any(|r| r.id.is_none() && r.reason.contains("id")));
    assert!(report.rejected.iter().any(|r| r.reason.contains("rocket")));
}

#[test]
fn an_invalid_base_url_is_a_clear_error() {
    let error = SpacexClient::new(SpacexConfig {
        base_url: "not a url".into(),
        ..SpacexConfig::default()
    })
    .expect_err("rejected");
    assert!(error.to_string().contains("not a url"));
}
