//! The history routes and views on the embedded store, its history built by replaying the weekly
//! LL2 snapshots of `fixtures/ll2/history/` through the sync (as `make run` does). Expectations
//! are derived here from the raw snapshot files.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use common::{history_client, history_snapshots_dir};
use rocket::http::Status;
use rocket::local::asynchronous::Client;
use serde_json::Value;

const RIVADA_10: &str = "511a3ef8-799e-4723-9293-b954d9d2eb83";

/// (taken at, id, raw record) of every record of every snapshot, in time order.
fn raw_appearances() -> Vec<(DateTime<Utc>, String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(history_snapshots_dir())
        .expect("snapshots")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut all = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let stamp = name.trim_end_matches(".json.gz");
        let taken = chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H%M%SZ")
            .expect("a time")
            .and_utc();
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&file).expect("open"))
            .read_to_string(&mut text)
            .expect("gunzip");
        let body: Value = serde_json::from_str(&text).expect("JSON");
        for record in body["results"].as_array().into_iter().flatten() {
            let id = record["id"].as_str().unwrap_or_default().to_owned();
            all.push((taken, id, record.clone()));
        }
    }
    all
}

/// Per id, the values of `field` at each appearance where it differs from the previous one
/// (the first appearance included), with when.
fn raw_changes(field: impl Fn(&Value) -> String) -> BTreeMap<String, Vec<(DateTime<Utc>, String)>> {
    let mut changes: BTreeMap<String, Vec<(DateTime<Utc>, String)>> = BTreeMap::new();
    for (taken, id, record) in raw_appearances() {
        let value = field(&record);
        let list = changes.entry(id).or_default();
        if list.last().map(|(_, v)| v) != Some(&value) {
            list.push((taken, value));
        }
    }
    changes
}

fn net(record: &Value) -> String {
    let text = record["net"].as_str().unwrap_or_default();
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc).to_rfc3339())
        .unwrap_or_default()
}

fn mission_name(record: &Value) -> String {
    let name = record["name"].as_str().unwrap_or_default();
    name.split_once(" | ").map_or(name, |(_, m)| m).to_owned()
}

async fn get_json(client: &Client, uri: &str) -> (Status, Value) {
    let response = client.get(uri.to_owned()).dispatch().await;
    let status = response.status();
    let body = response.into_json::<Value>().await.unwrap_or_default();
    (status, body)
}

#[rocket::async_test]
async fn history_routes_answer_what_the_snapshots_show() {
    let client = history_client().await;

    // One launch: every NET it was given, in order, and the summary.
    let nets = raw_changes(net);
    let want = &nets[RIVADA_10];
    let (status, body) = get_json(&client, &format!("/api/launches/{RIVADA_10}/history")).await;
    assert_eq!(status, Status::Ok, "{body}");
    let got: Vec<(String, String)> = body["timeline"]["nets"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|step| {
            let at = |key: &str| {
                DateTime::parse_from_rfc3339(step[key].as_str().unwrap_or_default())
                    .map(|d| d.with_timezone(&Utc).to_rfc3339())
                    .unwrap_or_default()
            };
            (at("observed_at"), at("net"))
        })
        .collect();
    let expected: Vec<(String, String)> = want
        .iter()
        .map(|(at, net)| (at.to_rfc3339(), net.clone()))
        .collect();
    assert_eq!(got, expected);
    let first = DateTime::parse_from_rfc3339(&want[0].1).expect("net");
    let last = DateTime::parse_from_rfc3339(&want[want.len() - 1].1).expect("net");
    let days = (last - first).num_days();
    let moves = want.len() - 1;
    let times = if moves == 1 {
        "once".to_owned()
    } else {
        format!("{moves} times")
    };
    assert_eq!(
        body["summary"],
        format!("NET moved {times}, {days} days later than first announced")
    );

    // The launch page shows the same summary.
    let page = client
        .get(format!("/launches/{RIVADA_10}"))
        .dispatch()
        .await
        .into_string()
        .await
        .unwrap_or_default();
    assert!(
        page.contains(&format!("NET moved {times}, {days} days later")),
        "the page's timeline"
    );

    // All entries, narrowed by field and by when they were observed.
    let names = raw_changes(mission_name);
    let name_entries: usize = names.values().map(Vec::len).sum();
    let (status, body) = get_json(&client, "/api/history?field=name").await;
    assert_eq!(status, Status::Ok, "{body}");
    assert_eq!(body["count"], name_entries);
    let in_june = |at: &DateTime<Utc>| at.to_rfc3339().starts_with("2026-06");
    let net_entries_june: usize = nets
        .values()
        .flatten()
        .filter(|(at, _)| in_june(at))
        .count();
    assert!(
        net_entries_june > 0 && name_entries > names.len(),
        "renames and June moves exist"
    );
    let (_, body) = get_json(
        &client,
        "/api/history?field=net&observed_from=2026-06-01&observed_to=2026-06-30",
    )
    .await;
    assert_eq!(body["count"], net_entries_june);

    // The overview adds what only history shows.
    let overview = client
        .get("/")
        .dispatch()
        .await
        .into_string()
        .await
        .unwrap_or_default();
    assert!(overview.contains("chart-slips-per-month"));
    assert!(overview.contains("chart-announced-error"));
    assert!(overview.contains("Launches that slipped the most"));
}

#[rocket::async_test]
async fn bad_history_parameters_are_400s_that_say_what_was_wrong() {
    let client = history_client().await;
    for (uri, param, says) in [
        ("/api/history?field=nett", "field", "unknown field `nett`"),
        (
            "/api/history?observed_from=yesterday",
            "observed_from",
            "`yesterday` is not a date",
        ),
        (
            "/api/history?observed_from=2026-07-01&observed_to=2026-06-01",
            "observed_from",
            "after",
        ),
        (
            "/api/history?status=flying",
            "status",
            "unknown status `flying`",
        ),
    ] {
        let (status, body) = get_json(&client, uri).await;
        assert_eq!(status, Status::BadRequest, "{uri}");
        assert_eq!(body["error"]["param"], param, "{uri}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{uri}: {message}");
    }
    let (status, _) = get_json(&client, "/api/launches/no-such-launch/history").await;
    assert_eq!(status, Status::NotFound);
}
