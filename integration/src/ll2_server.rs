//! A local HTTP server that answers like Launch Library 2.3.0 for what the LL2 source asks:
//! `GET /2.3.0/launches/` with real filtering (`lsp__id`, `last_updated__gte`/`__lte`),
//! ordering (`ordering`, a list of fields, `-` for descending), `limit` (at most 100) /
//! `offset` pages with real `next` links, and an hourly quota as DRF enforces it: past the
//! limit a request is answered 429 with `Retry-After` and DRF's body (and, like DRF, not
//! counted in the quota). `GET /2.3.0/api-throttle/` reports the quota and is not counted.
//!
//! It serves the records of `fixtures/ll2/` in their 2.2.0 shape (the normaliser reads both
//! shapes), one per id (the latest `last_updated`). Tests can change a record between pages,
//! use up the quota as another client on the same IP would, and read what was asked (request
//! count, their queries, the `Authorization` header).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use launches::ll2::client::{LAUNCHES_PATH, MAX_PAGE_SIZE, SPACEX_PROVIDER_ID, THROTTLE_PATH};

use crate::repo_root;

/// The fixture files with launch records in the LL2 envelope (`results`) or zenith's wrapper
/// (`launches`). The 2.3.0 list-mode file is left out: its records have no provider, so no
/// `lsp__id` filter could place them.
pub const FIXTURES: [&str; 4] = [
    "launches_2.2.0_spacex_2006-2022.json",
    "launches_2.2.0_spacex_detailed_2023-2025.json",
    "spacex_2026_2.2.0_from_zenith_history.json",
    "upcoming_2.2.0_detailed_2026-08-22.json",
];

/// What LL2 says for a throttled request when it is `Retry-After` seconds away (DRF's wording).
pub fn throttled_detail(retry_after_secs: u64) -> String {
    let unit = if retry_after_secs == 1 {
        "second"
    } else {
        "seconds"
    };
    format!("Request was throttled. Expected available in {retry_after_secs} {unit}.")
}

/// The raw records of one fixture file.
pub fn fixture_records(name: &str) -> anyhow::Result<Vec<Value>> {
    let path = repo_root().join("fixtures/ll2").join(name);
    let mut body: Value = serde_json::from_slice(&std::fs::read(&path)?)?;
    let list = ["results", "launches"]
        .iter()
        .find_map(|key| body.get_mut(*key).map(Value::take));
    match list {
        Some(Value::Array(records)) => Ok(records),
        _ => anyhow::bail!("{} has no list of records", path.display()),
    }
}

/// The records of every file of [`FIXTURES`], in order.
pub fn all_fixture_records() -> anyhow::Result<Vec<Value>> {
    let mut all = Vec::new();
    for name in FIXTURES {
        all.extend(fixture_records(name)?);
    }
    Ok(all)
}

/// The SpaceX records of every file of [`FIXTURES`], one per id (the latest `last_updated`), in
/// id order: what the server serves of SpaceX's.
pub fn spacex_fixture_records() -> anyhow::Result<Vec<Value>> {
    let mut latest: BTreeMap<String, Value> = BTreeMap::new();
    for record in all_fixture_records()? {
        if record["launch_service_provider"]["id"] != SPACEX_PROVIDER_ID {
            continue;
        }
        let Some(id) = record["id"].as_str().map(str::to_owned) else {
            anyhow::bail!("an LL2 fixture record has no id");
        };
        let newer = latest
            .get(&id)
            .is_none_or(|old| last_updated(old) <= last_updated(&record));
        if newer {
            latest.insert(id, record);
        }
    }
    Ok(latest.into_values().collect())
}

struct State {
    /// By id.
    records: BTreeMap<String, Value>,
    /// Page requests received, answered 429 or not (what a client's budget counts).
    page_requests: usize,
    /// The query string of each page request, in order.
    page_queries: Vec<String>,
    /// The hourly quota, and what of it is used.
    limit: u32,
    used: u32,
    retry_after_secs: u64,
    /// The `Authorization` header of each request, in order (`api-throttle` included).
    authorizations: Vec<Option<String>>,
}

pub struct Ll2Server {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl Ll2Server {
    /// Serves `records` (any providers; one per id, the latest `last_updated`) with a quota of
    /// `limit` requests.
    pub async fn start(records: Vec<Value>, limit: u32) -> Self {
        let state = Arc::new(Mutex::new(State {
            records: BTreeMap::new(),
            page_requests: 0,
            page_queries: Vec::new(),
            limit,
            used: 0,
            retry_after_secs: 1200,
            authorizations: Vec::new(),
        }));
        let server = Ll2Server {
            server: MockServer::start().await,
            state,
        };
        for record in records {
            server.upsert(record);
        }
        Mock::given(method("GET"))
            .and(path(LAUNCHES_PATH))
            .respond_with(Launches(Arc::clone(&server.state)))
            .mount(&server.server)
            .await;
        Mock::given(method("GET"))
            .and(path(THROTTLE_PATH))
            .respond_with(ApiThrottle(Arc::clone(&server.state)))
            .mount(&server.server)
            .await;
        server
    }

    /// The base URL to configure the client with (`LL2_API_URL`).
    pub fn base_url(&self) -> String {
        self.server.uri()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Adds a record, or replaces the one with its id unless that one is newer.
    pub fn upsert(&self, record: Value) {
        let Some(id) = record.get("id").and_then(Value::as_str).map(str::to_owned) else {
            return;
        };
        let mut state = self.state();
        let newer = state
            .records
            .get(&id)
            .is_none_or(|old| last_updated(old) <= last_updated(&record));
        if newer {
            state.records.insert(id, record);
        }
    }

    /// Serves exactly `records` from now on (one per id, the latest `last_updated`), as LL2 at a
    /// later time would: records absent from them are no longer listed.
    pub fn replace_records(&self, records: Vec<Value>) {
        self.state().records.clear();
        for record in records {
            self.upsert(record);
        }
    }

    /// Changes a record's `last_updated`, as an edit on LL2 would. False when there is no such id.
    pub fn touch(&self, id: &str, at: DateTime<Utc>) -> bool {
        match self.state().records.get_mut(id) {
            Some(record) => {
                record["last_updated"] = json!(at.to_rfc3339_opts(SecondsFormat::Secs, true));
                true
            }
            None => false,
        }
    }

    /// Another client on the same IP sends `requests` requests.
    pub fn use_quota(&self, requests: u32) {
        let mut state = self.state();
        state.used = state.used.saturating_add(requests).min(state.limit);
    }

    /// The hour is over: the quota is whole again.
    pub fn reset_quota(&self) {
        self.state().used = 0;
    }

    pub fn set_retry_after(&self, seconds: u64) {
        self.state().retry_after_secs = seconds;
    }

    /// Page requests received so far (`/api-throttle/` not included), 429s included.
    pub fn page_requests(&self) -> usize {
        self.state().page_requests
    }

    /// The query string of every page request received, in order.
    pub fn page_queries(&self) -> Vec<String> {
        self.state().page_queries.clone()
    }

    /// The `Authorization` header of every request received, in order.
    pub fn authorizations(&self) -> Vec<Option<String>> {
        self.state().authorizations.clone()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn last_updated(record: &Value) -> Option<DateTime<Utc>> {
    record
        .get("last_updated")
        .and_then(Value::as_str)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn record_authorization(state: &mut State, request: &Request) {
    let header = request
        .headers
        .get("authorization")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    state.authorizations.push(header);
}

/// DRF's answer to a query parameter it cannot read.
fn bad_request(name: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_json(json!({ name: [message] }))
}

struct Launches(Arc<Mutex<State>>);

impl Respond for Launches {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = lock(&self.0);
        record_authorization(&mut state, request);
        state.page_requests += 1;
        state
            .page_queries
            .push(request.url.query().unwrap_or_default().to_owned());
        if state.used >= state.limit {
            let wait = state.retry_after_secs;
            return ResponseTemplate::new(429)
                .insert_header("Retry-After", wait.to_string().as_str())
                .set_body_json(json!({ "detail": throttled_detail(wait) }));
        }
        state.used += 1;

        let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
        let time = |name: &str| -> Result<Option<DateTime<Utc>>, Box<ResponseTemplate>> {
            query
                .get(name)
                .map(|t| {
                    DateTime::parse_from_rfc3339(t)
                        .map(|t| t.with_timezone(&Utc))
                        .map_err(|_| Box::new(bad_request(name, "Enter a valid date/time.")))
                })
                .transpose()
        };
        let number = |name: &str, default: usize| -> Result<usize, Box<ResponseTemplate>> {
            query.get(name).map_or(Ok(default), |n| {
                n.parse()
                    .map_err(|_| Box::new(bad_request(name, "A valid integer is required.")))
            })
        };
        let (gte, lte, limit, offset) = match (
            time("last_updated__gte"),
            time("last_updated__lte"),
            number("limit", 10),
            number("offset", 0),
        ) {
            (Ok(gte), Ok(lte), Ok(limit), Ok(offset)) => (gte, lte, limit, offset),
            (Err(bad), ..) | (_, Err(bad), ..) | (.., Err(bad), _) | (.., Err(bad)) => return *bad,
        };
        let limit = limit.clamp(1, MAX_PAGE_SIZE as usize);
        let providers: Option<Vec<u64>> = query.get("lsp__id").map(|ids| {
            ids.split(',')
                .filter_map(|id| id.trim().parse().ok())
                .collect()
        });

        let mut matching: Vec<&Value> = state
            .records
            .values()
            .filter(|record| {
                let provider = record
                    .pointer("/launch_service_provider/id")
                    .and_then(Value::as_u64);
                providers
                    .as_ref()
                    .is_none_or(|ids| provider.is_some_and(|p| ids.contains(&p)))
            })
            .filter(|record| {
                let updated = last_updated(record);
                gte.is_none_or(|gte| updated.is_some_and(|u| u >= gte))
                    && lte.is_none_or(|lte| updated.is_some_and(|u| u <= lte))
            })
            .collect();
        if let Some(ordering) = query.get("ordering") {
            let fields: Vec<(&str, bool)> = ordering
                .split(',')
                .map(|f| f.trim())
                .filter(|f| !f.is_empty())
                .map(|f| match f.strip_prefix('-') {
                    Some(name) => (name, true),
                    None => (f, false),
                })
                .filter(|(name, _)| ["id", "last_updated", "name", "net"].contains(name))
                .collect();
            matching.sort_by(|a, b| {
                fields
                    .iter()
                    .map(|(name, descending)| {
                        let order = sort_key(a, name).cmp(&sort_key(b, name));
                        if *descending {
                            order.reverse()
                        } else {
                            order
                        }
                    })
                    .find(|order| order.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        }
        let count = matching.len();
        let results: Vec<&Value> = matching.into_iter().skip(offset).take(limit).collect();
        let link = |offset: usize| {
            let mut url = request.url.clone();
            let pairs: Vec<(String, String)> = request
                .url
                .query_pairs()
                .into_owned()
                .filter(|(name, _)| name != "offset" && name != "limit")
                .collect();
            {
                let mut query = url.query_pairs_mut();
                query.clear();
                query.extend_pairs(pairs);
                query.append_pair("limit", &limit.to_string());
                if offset > 0 {
                    query.append_pair("offset", &offset.to_string());
                }
            }
            url.to_string()
        };
        let next = (offset + limit < count).then(|| link(offset + limit));
        let previous = (offset > 0).then(|| link(offset.saturating_sub(limit)));
        ResponseTemplate::new(200).set_body_json(json!({
            "count": count,
            "next": next,
            "previous": previous,
            "results": results,
        }))
    }
}

/// The value a record is ordered by: timestamps as instants, the rest as text.
fn sort_key(record: &Value, field: &str) -> (Option<DateTime<Utc>>, String) {
    match field {
        "last_updated" => (last_updated(record), String::new()),
        "net" => (
            record
                .get("net")
                .and_then(Value::as_str)
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc)),
            String::new(),
        ),
        _ => (
            None,
            record
                .get(field)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        ),
    }
}

struct ApiThrottle(Arc<Mutex<State>>);

impl Respond for ApiThrottle {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = lock(&self.0);
        record_authorization(&mut state, request);
        let next_use_secs = if state.used >= state.limit {
            state.retry_after_secs
        } else {
            0
        };
        ResponseTemplate::new(200).set_body_json(json!({
            "your_request_limit": state.limit,
            "limit_frequency_secs": 3600,
            "current_use": state.used,
            "next_use_secs": next_use_secs,
            "ident": "127.0.0.1",
        }))
    }
}
