//! A launch list far larger than the snapshot, synced through the HTTP client: it is spooled to
//! a temporary file and read back a batch at a time; a list cut off part-way fails the sync.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

use launches::http::{HttpClient, HttpConfig};
use launches::json_stream::stream_array;
use launches::retry::Backoff;
use launches::{sync, DateRange, LaunchStore, MemoryStore, SpacexClient, SpacexConfig};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LAUNCHES: usize = 3_000;

fn snapshot_file(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/spacex/v4")
        .join(name);
    std::fs::read(path).expect("fixture readable")
}

/// `count` launches made from the snapshot's, each with a fresh id.
fn synthetic_launches(count: usize) -> Vec<u8> {
    let launches: Vec<Value> =
        serde_json::from_slice(&snapshot_file("launches.json")).expect("snapshot is an array");
    let records: Vec<Value> = (0..count)
        .map(|i| {
            let mut record = launches[i % launches.len()].clone();
            record["id"] = Value::String(format!("{:024x}", 0x5ca1_ab1e_0000_u64 + i as u64));
            record
        })
        .collect();
    serde_json::to_vec(&records).expect("serialises")
}

fn http_config() -> HttpConfig {
    HttpConfig {
        backoff: Backoff {
            max_attempts: 3,
            base: Duration::from_millis(5),
            max: Duration::from_millis(20),
        },
        ..HttpConfig::default()
    }
}

fn client(base_url: &str) -> SpacexClient {
    SpacexClient::new(SpacexConfig {
        base_url: base_url.to_owned(),
        http: http_config(),
    })
    .expect("client")
}

/// A SpaceX API serving the snapshot's reference collections and `launches` as the launch list.
async fn server_with(launches: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    for (route, body) in [
        ("/v4/launches", launches),
        ("/v4/rockets", snapshot_file("rockets.json")),
        ("/v4/launchpads", snapshot_file("launchpads.json")),
        ("/v4/payloads", snapshot_file("payloads.json")),
    ] {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn a_large_launch_list_is_synced_in_full() {
    let body = synthetic_launches(LAUNCHES);
    assert!(body.len() > 5_000_000, "{} bytes", body.len());
    let server = server_with(body).await;
    let source = client(&server.uri());
    let store = MemoryStore::new();

    let first = sync(&source, &store, DateRange::ALL)
        .await
        .expect("first sync");
    assert_eq!(
        (first.fetched, first.valid, first.invalid, first.written),
        (LAUNCHES, LAUNCHES, 0, LAUNCHES),
        "{:?}",
        first.rejected.first()
    );
    assert_eq!(store.len().await, LAUNCHES);
    assert_eq!(
        store
            .launches_in_range(DateRange::ALL)
            .await
            .expect("read")
            .len(),
        LAUNCHES
    );

    let second = sync(&source, &store, DateRange::ALL)
        .await
        .expect("second sync");
    assert_eq!(
        (second.fetched, second.written, second.unchanged),
        (LAUNCHES, 0, LAUNCHES)
    );
}

#[tokio::test]
async fn a_launch_list_cut_off_mid_array_fails_the_sync_naming_the_url_and_the_record() {
    let body = synthetic_launches(LAUNCHES);
    let cut = body.len() / 2;
    // The body is compact: `[`, then each record followed by `,` (or `]`).
    let complete_before_cut = serde_json::from_slice::<Vec<Value>>(&body)
        .expect("array")
        .iter()
        .scan(1usize, |start, record| {
            let end = *start + serde_json::to_vec(record).map_or(0, |r| r.len());
            *start = end + 1;
            Some(end)
        })
        .take_while(|&end| end <= cut)
        .count();
    let server = server_with(body[..cut].to_vec()).await;
    let store = MemoryStore::new();

    let error = sync(&client(&server.uri()), &store, DateRange::ALL)
        .await
        .expect_err("a cut-off list fails the sync");
    let message = error.to_string();
    assert!(
        message.contains(&format!("{}/v4/launches", server.uri())),
        "{message}"
    );
    assert!(message.contains("EOF while parsing"), "{message}");
    assert!(
        message.contains(&format!("at record {complete_before_cut}")),
        "{message}"
    );
    // The batches read before the cut were valid and may be written; nothing after it.
    let written = store.len().await;
    assert!(
        written <= complete_before_cut,
        "{written} > {complete_before_cut}"
    );
    assert_eq!(written % 500, 0, "whole batches only: {written}");
}

#[tokio::test]
async fn a_download_cut_off_by_the_connection_is_retried_from_the_start() {
    let body = synthetic_launches(1_000);
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
    let address = listener.local_addr().expect("address");
    let served = body.clone();
    // The first answer promises the whole body but closes half-way; the second is whole.
    let server = std::thread::spawn(move || {
        for attempt in 0..2 {
            let (mut stream, _) = listener.accept().expect("accepts");
            let mut request = Vec::new();
            let mut byte = [0u8; 1];
            while !request.ends_with(b"\r\n\r\n") {
                if stream.read(&mut byte).expect("reads") == 0 {
                    break;
                }
                request.push(byte[0]);
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                served.len()
            );
            let sent = if attempt == 0 {
                &served[..served.len() / 2]
            } else {
                &served[..]
            };
            // The client may give up on a cut-off answer before reading all of it.
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(sent));
        }
    });

    let client = HttpClient::new(&format!("http://{address}"), http_config()).expect("client");
    let file = client
        .download("/v4/launches")
        .await
        .expect("retried to success");
    let mut records = stream_array(file, "spooled launches", 128, |raw| {
        serde_json::from_str::<Value>(raw.get()).map(|value| value["id"].clone())
    });
    let mut ids = Vec::new();
    while let Some(batch) = records.next_batch().await.expect("batch") {
        for id in batch {
            let id = id.expect("record");
            ids.push(id.as_str().expect("id").to_owned());
        }
    }
    server.join().expect("server thread");
    let want: Vec<String> = serde_json::from_slice::<Vec<Value>>(&body)
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect();
    // Exactly the records of the second answer: nothing of the first is left in the file.
    assert_eq!(ids, want);
}
