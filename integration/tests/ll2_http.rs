//! The Launch Library 2 source against a local LL2 server (`integration::ll2_server`): keyset
//! pagination, the request budget, throttling and resumption, the API key, broken answers.
//! Expected ids and timestamps are computed here from the raw fixture files.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use integration::ll2_server::{all_fixture_records, throttled_detail, Ll2Server};
use integration::log_capture::captured_logs;
use launches::http::HttpConfig;
use launches::ll2::client::LAUNCHES_PATH;
use launches::ll2::{
    ApiKey, Ll2Config, Ll2End, Ll2Error, Ll2Pages, Ll2Source, Ll2Step, StopReason,
};
use launches::retry::Backoff;
use launches::source::{Record, Stop};
use launches::{LaunchSource, SourceError};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SPACEX: u64 = 121;
/// More than a backfill needs, so that only the tests about the quota meet it.
const ROOMY_QUOTA: u32 = 1000;

fn config(base_url: &str, budget: u32, page_size: u32) -> Ll2Config {
    Ll2Config {
        base_url: base_url.to_owned(),
        request_budget: budget,
        page_size,
        http: HttpConfig {
            connect_timeout: Duration::from_secs(2),
            timeout: Duration::from_secs(10),
            backoff: Backoff {
                max_attempts: 2,
                base: Duration::from_millis(10),
                max: Duration::from_millis(50),
            },
            max_retry_after: Duration::ZERO,
        },
        ..Ll2Config::default()
    }
}

fn source(config: Ll2Config) -> Ll2Source {
    Ll2Source::new(config).expect("source")
}

fn parse_time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

/// The SpaceX records of the raw fixtures: id → latest `last_updated`.
fn expected_spacex() -> BTreeMap<String, DateTime<Utc>> {
    let mut expected = BTreeMap::new();
    for record in all_fixture_records().expect("fixtures") {
        if record
            .pointer("/launch_service_provider/id")
            .and_then(Value::as_u64)
            != Some(SPACEX)
        {
            continue;
        }
        let id = record["id"].as_str().expect("an id").to_owned();
        let updated = parse_time(record["last_updated"].as_str().expect("last_updated"));
        let entry = expected.entry(id).or_insert(updated);
        *entry = (*entry).max(updated);
    }
    expected
}

async fn fixture_server(quota: u32) -> Ll2Server {
    Ll2Server::start(all_fixture_records().expect("fixtures"), quota).await
}

fn record_id(record: &Record) -> String {
    match record {
        Ok(launch) => launch.id.clone(),
        Err(rejection) => rejection.id.clone().unwrap_or_default(),
    }
}

/// Everything one run handed over.
struct Run {
    records: Vec<Record>,
    checkpoints: Vec<Option<DateTime<Utc>>>,
    end: Ll2End,
}

impl Run {
    fn ids(&self) -> Vec<String> {
        self.records.iter().map(record_id).collect()
    }
}

async fn read_all(pages: &mut Ll2Pages) -> Result<Run, Ll2Error> {
    let mut records = Vec::new();
    let mut checkpoints = Vec::new();
    loop {
        match pages.next_page().await? {
            Ll2Step::Page(page) => {
                records.extend(page.records);
                checkpoints.push(page.resume_from);
            }
            Ll2Step::End(end) => {
                return Ok(Run {
                    records,
                    checkpoints,
                    end,
                })
            }
        }
    }
}

fn assert_each_once(ids: &[String]) -> BTreeSet<String> {
    let unique: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(unique.len(), ids.len(), "a record was handed over twice");
    unique
}

#[tokio::test]
async fn a_backfill_reads_every_spacex_record_exactly_once() {
    let expected = expected_spacex();
    let server = fixture_server(ROOMY_QUOTA).await;
    let source = source(config(&server.base_url(), 50, 100));
    let run = read_all(&mut source.pages(None).await.expect("pages"))
        .await
        .expect("run");

    let ids = assert_each_once(&run.ids());
    assert_eq!(ids, expected.keys().cloned().collect::<BTreeSet<_>>());
    assert_eq!(run.end.stop, StopReason::Complete);
    assert_eq!(run.end.requests_sent as usize, server.page_requests());
    // Keyset pages overlap by the boundary record: at most one page more than offsets would.
    assert!(server.page_requests() <= expected.len().div_ceil(99) + 1);
    assert_eq!(run.end.resume_from, expected.values().max().copied());
    assert!(run.checkpoints.windows(2).all(|w| w[0] <= w[1]));
}

#[tokio::test]
async fn pages_of_one_timestamp_follow_the_next_link() {
    let expected = expected_spacex();
    let server = fixture_server(ROOMY_QUOTA).await;
    // Seven records edited in the same second, read three a page: the keyset alone would ask
    // for the same page again.
    let same = parse_time("2024-02-02T02:02:02Z");
    let tied: Vec<&String> = expected.keys().take(7).collect();
    for id in &tied {
        assert!(server.touch(id, same));
    }
    let source = source(config(&server.base_url(), 400, 3));
    let run = read_all(
        &mut source
            .pages(Some(parse_time("2024-02-02T00:00:00Z")))
            .await
            .expect("pages"),
    )
    .await
    .expect("run");

    let ids = assert_each_once(&run.ids());
    for id in tied {
        assert!(
            ids.contains(id),
            "{id} (one of the tied records) was skipped"
        );
    }
    let since = parse_time("2024-02-02T00:00:00Z");
    let expected_since: BTreeSet<String> = expected
        .iter()
        .filter(|(id, updated)| **updated >= since || ids.contains(*id))
        .map(|(id, _)| id.clone())
        .collect();
    assert_eq!(ids, expected_since);
    assert_eq!(run.end.stop, StopReason::Complete);
}

#[tokio::test]
async fn the_budget_is_never_exceeded_and_the_next_run_resumes() {
    let expected = expected_spacex();
    let server = fixture_server(ROOMY_QUOTA).await;
    let first = read_all(
        &mut source(config(&server.base_url(), 3, 50))
            .pages(None)
            .await
            .expect("pages"),
    )
    .await
    .expect("run");

    assert_eq!(first.end.stop, StopReason::BudgetSpent { budget: 3 });
    assert_eq!(server.page_requests(), 3, "requests received by the server");
    assert_eq!(first.end.requests_sent, 3);
    assert_eq!(first.checkpoints.len(), 3);
    assert_eq!(
        first.end.resume_from,
        *first.checkpoints.last().expect("a page")
    );
    assert_each_once(&first.ids());

    let resume = first.end.resume_from;
    let second = read_all(
        &mut source(config(&server.base_url(), 50, 50))
            .pages(resume)
            .await
            .expect("pages"),
    )
    .await
    .expect("run");
    assert_eq!(second.end.stop, StopReason::Complete);
    let all: BTreeSet<String> = first.ids().into_iter().chain(second.ids()).collect();
    assert_eq!(all, expected.keys().cloned().collect::<BTreeSet<_>>());
}

#[tokio::test]
async fn a_429_mid_run_stops_cleanly_and_the_next_run_completes() {
    let expected = expected_spacex();
    let server = fixture_server(15).await;
    server.set_retry_after(1234);
    let source = source(config(&server.base_url(), 12, 100));
    let mut pages = source.pages(None).await.expect("pages");
    let mut fetched = Vec::new();
    let mut last_checkpoint = None;
    for _ in 0..2 {
        match pages.next_page().await.expect("a page") {
            Ll2Step::Page(page) => {
                fetched.extend(page.records.iter().map(record_id));
                last_checkpoint = page.resume_from;
            }
            Ll2Step::End(end) => panic!("ended early: {end:?}"),
        }
    }
    // Another client on the same IP spends the rest of the hour's quota.
    server.use_quota(15);
    let Ll2Step::End(end) = pages.next_page().await.expect("a clean stop") else {
        panic!("a page past the quota");
    };
    assert_eq!(
        end.stop,
        StopReason::Throttled {
            retry_after: Some(Duration::from_secs(1234)),
            detail: throttled_detail(1234),
        }
    );
    assert_eq!(end.requests_sent, 3);
    assert_eq!(server.page_requests(), 3);
    assert!(last_checkpoint.is_some());
    assert_eq!(end.resume_from, last_checkpoint);
    // The end stays the end, and sends nothing more.
    assert!(matches!(pages.next_page().await, Ok(Ll2Step::End(_))));
    assert_eq!(server.page_requests(), 3);

    // Still throttled: the next run learns it from /api-throttle/ without spending a request.
    let Ll2Step::End(early) = source
        .pages(end.resume_from)
        .await
        .expect("pages")
        .next_page()
        .await
        .expect("a clean stop")
    else {
        panic!("a page while throttled");
    };
    assert!(
        matches!(early.stop, StopReason::Throttled { retry_after: Some(wait), .. } if wait == Duration::from_secs(1234))
    );
    assert_eq!((early.requests_sent, server.page_requests()), (0, 3));
    assert_eq!(early.resume_from, end.resume_from);

    server.reset_quota();
    let second = read_all(&mut source.pages(end.resume_from).await.expect("pages"))
        .await
        .expect("run");
    assert_eq!(second.end.stop, StopReason::Complete);
    let all: BTreeSet<String> = fetched.into_iter().chain(second.ids()).collect();
    assert_eq!(all, expected.keys().cloned().collect::<BTreeSet<_>>());
}

#[tokio::test]
async fn the_budget_shrinks_to_what_the_quota_has_left() {
    let server = fixture_server(15).await;
    server.use_quota(13);
    let run = read_all(
        &mut source(config(&server.base_url(), 12, 50))
            .pages(None)
            .await
            .expect("pages"),
    )
    .await
    .expect("run");
    assert_eq!(run.end.stop, StopReason::BudgetSpent { budget: 2 });
    assert_eq!(server.page_requests(), 2);
    let throttle = run.end.throttle.expect("api-throttle answered");
    assert_eq!(
        (throttle.your_request_limit, throttle.current_use),
        (15, 13)
    );
}

#[tokio::test]
async fn keyset_pages_do_not_skip_a_record_updated_while_paging() {
    let expected = expected_spacex();
    let server = fixture_server(ROOMY_QUOTA).await;
    let source = source(config(&server.base_url(), 100, 50));
    let mut pages = source.pages(None).await.expect("pages");
    let Ll2Step::Page(first) = pages.next_page().await.expect("page") else {
        panic!("no first page");
    };
    // An edit on LL2 moves a record we already read to the end of the order: with offsets,
    // every later record would shift back by one and the 51st would never be read.
    let moved = record_id(&first.records[0]);
    let edited_at = *expected.values().max().expect("records") + chrono::Duration::hours(1);
    assert!(server.touch(&moved, edited_at));
    let rest = read_all(&mut pages).await.expect("run");

    let mut ids: Vec<String> = first.records.iter().map(record_id).collect();
    ids.extend(rest.ids());
    let counts = ids.iter().fold(BTreeMap::new(), |mut counts, id| {
        *counts.entry(id.clone()).or_insert(0) += 1;
        counts
    });
    assert_eq!(
        counts.keys().cloned().collect::<BTreeSet<_>>(),
        expected.keys().cloned().collect::<BTreeSet<_>>(),
        "every record read"
    );
    assert_eq!(counts[&moved], 2, "the edited record is read again");
    assert!(counts.iter().all(|(id, n)| *n == 1 || *id == moved));
    assert_eq!(rest.end.resume_from, Some(edited_at));
}

#[tokio::test]
async fn a_malformed_record_is_rejected_with_its_id_and_the_others_are_read() {
    let expected = expected_spacex();
    let records = all_fixture_records().expect("fixtures");
    let mut broken = records
        .iter()
        .find(|r| {
            r.pointer("/launch_service_provider/id")
                .and_then(Value::as_u64)
                == Some(SPACEX)
        })
        .expect("a SpaceX record")
        .clone();
    broken["id"] = "broken-net-0001".into();
    broken["net"] = "next Tuesday".into();
    broken["last_updated"] = "2023-03-03T03:03:03Z".into();
    let server = Ll2Server::start(records, ROOMY_QUOTA).await;
    server.upsert(broken);

    let run = read_all(
        &mut source(config(&server.base_url(), 50, 100))
            .pages(None)
            .await
            .expect("pages"),
    )
    .await
    .expect("run");
    assert_eq!(run.end.stop, StopReason::Complete);
    let rejection = run
        .records
        .iter()
        .filter_map(|r| r.as_ref().err())
        .find(|r| r.id.as_deref() == Some("broken-net-0001"))
        .expect("the broken record rejected");
    assert!(rejection.reason.contains("net"), "{}", rejection.reason);
    let mut all = expected.keys().cloned().collect::<BTreeSet<_>>();
    all.insert("broken-net-0001".into());
    assert_eq!(assert_each_once(&run.ids()), all);
}

#[tokio::test]
async fn the_launch_source_reads_everything_or_stops_cleanly_with_a_checkpoint() {
    let expected = expected_spacex();
    let server = fixture_server(ROOMY_QUOTA).await;
    let full = source(config(&server.base_url(), 50, 100));
    assert_eq!(full.name(), "ll2");
    let mut batches = full.launches(None).await.expect("batches");
    let mut ids = Vec::new();
    while let Some(batch) = batches.next_batch().await.expect("batch") {
        ids.extend(batch.iter().map(record_id));
    }
    assert_eq!(
        assert_each_once(&ids),
        expected.keys().cloned().collect::<BTreeSet<_>>()
    );
    assert!(batches.take_checkpoint().is_some(), "a resume point");
    assert_eq!(batches.ending().stopped, None);

    // A budget of 2 stops after 2 requests: cleanly, saying so, with where to resume.
    let short = source(config(&server.base_url(), 2, 100));
    let mut batches = short.launches(None).await.expect("batches");
    let mut first_part = BTreeSet::new();
    while let Some(batch) = batches.next_batch().await.expect("no error") {
        first_part.extend(batch.iter().map(record_id));
    }
    assert!(!first_part.is_empty() && first_part.len() < expected.len());
    let checkpoint = batches.take_checkpoint().expect("a resume point");
    assert!(matches!(
        batches.ending().stopped,
        Some(Stop::BudgetSpent { budget: 2 })
    ));
    assert_eq!(batches.ending().requests, Some(2));

    // Resuming from there reads the rest.
    let mut batches = full.launches(Some(&checkpoint)).await.expect("batches");
    let mut rest = BTreeSet::new();
    while let Some(batch) = batches.next_batch().await.expect("batch") {
        rest.extend(batch.iter().map(record_id));
    }
    let mut all = first_part;
    all.extend(rest);
    assert_eq!(all, expected.keys().cloned().collect::<BTreeSet<_>>());
}

#[tokio::test]
async fn the_api_key_is_sent_and_shown_nowhere() {
    const KEY: &str = "ll2-key-5f3a9c-do-not-show";
    let logs = captured_logs();

    let server = fixture_server(ROOMY_QUOTA).await;
    let keyed = Ll2Config {
        api_key: ApiKey::new(KEY),
        ..config(&server.base_url(), 2, 100)
    };
    let source = source(keyed.clone());
    let mut pages = source.pages(None).await.expect("pages");
    let run = read_all(&mut pages).await.expect("run");
    let authorizations = server.authorizations();
    assert_eq!(authorizations.len(), 3, "api-throttle and two pages");
    assert!(authorizations
        .iter()
        .all(|a| a.as_deref() == Some(&format!("Token {KEY}")[..])));

    // A failure, with the key configured.
    let html = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LAUNCHES_PATH))
        .respond_with(ResponseTemplate::new(500))
        .mount(&html)
        .await;
    let failing = Ll2Source::new(Ll2Config {
        base_url: html.uri(),
        ..keyed.clone()
    })
    .expect("source");
    let error = read_all(&mut failing.pages(None).await.expect("pages"))
        .await
        .err()
        .expect("a 500 fails the run");
    let as_source_error = SourceError::from(error);

    let shown = [
        logs.text(),
        format!("{keyed:?}"),
        format!("{source:?} {}", source.describe()),
        format!("{pages:?}"),
        format!("{:?}", run.end),
        format!("{as_source_error} {as_source_error:?}"),
    ];
    assert!(shown[0].contains("LL2 page"), "logs were captured");
    for text in shown {
        assert!(!text.contains(KEY), "the key shown in: {text}");
    }

    let anonymous = fixture_server(ROOMY_QUOTA).await;
    read_all(
        &mut self::source(config(&anonymous.base_url(), 1, 10))
            .pages(None)
            .await
            .expect("pages"),
    )
    .await
    .expect("run");
    assert!(anonymous.authorizations().iter().all(Option::is_none));
}

async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LAUNCHES_PATH))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

async fn first_error(config: Ll2Config) -> Ll2Error {
    let mut pages = source(config).pages(None).await.expect("pages");
    match pages.next_page().await {
        Err(error) => error,
        Ok(_) => panic!("expected an error"),
    }
}

#[tokio::test]
async fn an_html_200_is_a_decode_error_naming_the_url() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .set_body_raw("<html><body>Maintenance</body></html>", "text/html"),
    )
    .await;
    let error = first_error(config(&server.uri(), 5, 100)).await;
    assert!(matches!(error, Ll2Error::Decode { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains(&format!("{}{LAUNCHES_PATH}?", server.uri())),
        "{message}"
    );
    assert!(message.contains("text/html"), "{message}");
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_named_so() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .set_body_raw(b"{\"count\": \xff\xfe}".to_vec(), "application/json"),
    )
    .await;
    let error = first_error(config(&server.uri(), 5, 100)).await;
    assert!(matches!(error, Ll2Error::NotUtf8 { .. }), "{error:?}");
    assert!(error.to_string().contains(LAUNCHES_PATH), "{error}");
}

#[tokio::test]
async fn an_oversize_body_is_refused_and_not_asked_again() {
    let server = fixture_server(ROOMY_QUOTA).await;
    let error = first_error(Ll2Config {
        max_body_bytes: 64 * 1024,
        ..config(&server.base_url(), 5, 100)
    })
    .await;
    assert!(
        matches!(error, Ll2Error::TooLarge { limit: 65536, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains(LAUNCHES_PATH), "{error}");
    assert_eq!(server.page_requests(), 1);
}

#[tokio::test]
async fn a_reset_connection_is_retried_only_within_the_budget() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listener");
    let address = listener.local_addr().expect("address");
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = stream.readable().await;
            let _ = stream.try_read(&mut buffer);
            // Closing with linger 0 sends a TCP reset.
            let _ = stream.set_zero_linger();
            drop(stream);
        }
    });
    let base = format!("http://{address}");
    let no_throttle_check = |budget| Ll2Config {
        check_throttle: false,
        ..config(&base, budget, 100)
    };

    let error = first_error(no_throttle_check(5)).await;
    assert!(
        matches!(error, Ll2Error::Transport { attempts: 2, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains(LAUNCHES_PATH), "{error}");
    assert_eq!(connections.load(Ordering::SeqCst), 2, "one retry");

    let error = first_error(no_throttle_check(1)).await;
    assert!(
        matches!(error, Ll2Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(
        connections.load(Ordering::SeqCst),
        3,
        "no retry past the budget"
    );
}

#[tokio::test]
async fn a_stalled_answer_times_out() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"count": 0, "next": null, "results": []}))
            .set_delay(Duration::from_secs(5)),
    )
    .await;
    let mut config = config(&server.uri(), 1, 100);
    config.http.timeout = Duration::from_millis(300);
    let error = first_error(config).await;
    match &error {
        Ll2Error::Transport { source, .. } => assert!(source.is_timeout(), "{error:?}"),
        other => panic!("not a timeout: {other:?}"),
    }
}
