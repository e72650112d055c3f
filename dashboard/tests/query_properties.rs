//! The query parameters of every page, the CSV and the JSON API on inputs no one thought of
//! (proptest, through Rocket's local client on the real snapshot): random combinations of every
//! parameter with valid, invalid and hostile values. No answer is a 5xx; a combination of valid
//! values is answered; a single invalid one is a 400 that names it.
//!
//! 256 cases by default (seconds); `make fuzz` runs many more (`PROPTEST_CASES`).

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rocket::http::Status;
use rocket::local::asynchronous::Client;
use serde_json::Value;

use common::snapshot_client;

/// What the test knows of a value before the app sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The app must take it.
    Valid,
    /// The app must refuse it, naming the parameter.
    Invalid,
    /// Anything: only "no 5xx, and a clear error if refused" holds.
    Unknown,
}

fn values(valid: &[&'static str], invalid: &[&'static str]) -> BoxedStrategy<(String, Kind)> {
    let valid: Vec<String> = valid.iter().map(|v| (*v).to_owned()).collect();
    let invalid: Vec<String> = invalid.iter().map(|v| (*v).to_owned()).collect();
    let valid = proptest::sample::select(valid).prop_map(|v| (v, Kind::Valid));
    let unknown = ".{0,24}".prop_map(|v| (v, Kind::Unknown));
    if invalid.is_empty() {
        return prop_oneof![3 => valid, 1 => unknown].boxed();
    }
    let invalid = proptest::sample::select(invalid).prop_map(|v| (v, Kind::Invalid));
    prop_oneof![3 => valid, 2 => invalid, 1 => unknown].boxed()
}

/// The value strategies of each parameter. `from` dates are all before every valid `to`, so
/// valid bounds are never reversed (history's `observed_from` and `observed_to` alike).
fn parameter(name: &str) -> BoxedStrategy<(String, Kind)> {
    match name {
        "from" | "observed_from" => values(
            &[
                "2006-01-01",
                "2015-06-30T12:00:00Z",
                "2010-01-01T00:00:00+05:00",
                "",
                " ",
            ],
            &[
                "2020-13-01",
                "2021-02-30",
                "yesterday",
                "20200101",
                "2020-01-01T25:00:00Z",
            ],
        ),
        "to" | "observed_to" => values(
            &["2016-01-01", "2022-12-31", "2030-01-01T00:00:00.123Z", ""],
            &[
                "2020-00-10",
                "tomorrow",
                "9999999-01-01",
                "2020-06-01T12:00",
            ],
        ),
        "rocket" | "site" => values(
            &[
                "Falcon 9",
                "Falcon Heavy",
                "5e9d0d95eda69955f709d1eb",
                "KSC LC 39A",
                "nowhere",
                "<script>",
                "'; DROP TABLE",
                "\u{0}",
                "🚀",
            ],
            &[],
        ),
        "status" => values(
            &["success", "FAILURE", "Upcoming", " unknown ", ""],
            &["exploded", "succes", "1", "true"],
        ),
        "sort" => values(
            &["date", "-date", "name", "-name", ""],
            &["bogus", "--date", "-", "date,name"],
        ),
        "limit" => values(
            &["1", "100", "1000", " 7 "],
            &["0", "1001", "-1", "ten", "", "99999999999999999999999"],
        ),
        "offset" => values(
            &["0", "5", "100000", "18446744073709551615"],
            &["-1", "x", "18446744073709551616", "1.5"],
        ),
        "field" => values(
            &[
                "net",
                "net_precision",
                "status",
                "name",
                "rocket",
                "launch_site",
                "provider",
                "",
            ],
            &["nett", "NET", "net,name", "date_utc"],
        ),
        _ => values(&["anything"], &[]),
    }
}

/// A route and the parameters it reads.
const ROUTES: &[(&str, &[&str])] = &[
    ("/", &["from", "to", "rocket", "site", "status"]),
    (
        "/launches",
        &[
            "from", "to", "rocket", "site", "status", "sort", "limit", "offset",
        ],
    ),
    (
        "/launches.csv",
        &["from", "to", "rocket", "site", "status", "sort"],
    ),
    (
        "/api/launches",
        &["from", "to", "rocket", "site", "status", "limit", "offset"],
    ),
    ("/api/stats", &["from", "to", "rocket", "site", "status"]),
    (
        "/api/history",
        &[
            "from",
            "to",
            "rocket",
            "site",
            "status",
            "observed_from",
            "observed_to",
            "field",
        ],
    ),
];

/// Query fragments that no form would send: bad percent escapes, bytes that are not UTF-8,
/// separators alone.
const RAW_FRAGMENTS: &[&str] = &[
    "%FF",
    "%",
    "%%",
    "status=%C3%28",
    "=",
    "&&",
    "from=%00",
    "a=b=c",
    "+",
    "limit=%2B5",
];

#[derive(Debug, Clone)]
struct Request {
    path: &'static str,
    params: BTreeMap<String, (String, Kind)>,
    /// A raw fragment appended to the query, when set.
    raw: Option<&'static str>,
}

fn request() -> impl Strategy<Value = Request> {
    proptest::sample::select(ROUTES).prop_flat_map(|(path, names)| {
        // Any subset of the route's parameters, and sometimes one it does not read.
        let mut keys: Vec<&'static str> = names.to_vec();
        keys.push("utm_source");
        let chosen = proptest::sample::subsequence(keys, 0..=names.len() + 1);
        let raw = proptest::option::weighted(0.15, proptest::sample::select(RAW_FRAGMENTS));
        (chosen, raw).prop_flat_map(move |(chosen, raw)| {
            let strategies: Vec<_> = chosen
                .into_iter()
                .map(|name| parameter(name).prop_map(move |value| (name.to_owned(), value)))
                .collect();
            strategies.prop_map(move |pairs| Request {
                path,
                params: pairs.into_iter().collect(),
                raw,
            })
        })
    })
}

impl Request {
    fn uri(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, (value, _)) in &self.params {
            query.append_pair(key, value);
        }
        let mut query = query.finish();
        if let Some(raw) = self.raw {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(raw);
        }
        if query.is_empty() {
            self.path.to_owned()
        } else {
            format!("{}?{query}", self.path)
        }
    }

    fn keys_of(&self, kind: Kind) -> Vec<&str> {
        self.params
            .iter()
            .filter(|(_, (_, k))| *k == kind)
            .map(|(key, _)| key.as_str())
            .collect()
    }
}

async fn check(client: &Client, request: &Request) -> Result<(), TestCaseError> {
    let uri = request.uri();
    let response = client.get(uri.clone()).dispatch().await;
    let status = response.status();
    let body = response.into_string().await.unwrap_or_default();
    prop_assert!(status.code < 500, "{uri}: {status}");
    prop_assert!(
        status == Status::Ok || status == Status::BadRequest,
        "{uri}: {status}"
    );
    let invalid = request.keys_of(Kind::Invalid);
    let certain = request.raw.is_none() && request.keys_of(Kind::Unknown).is_empty();
    if certain && invalid.is_empty() {
        prop_assert_eq!(status, Status::Ok, "{} refused: {}", uri, body);
    }
    if certain && !invalid.is_empty() {
        prop_assert_eq!(status, Status::BadRequest, "{} taken", uri);
    }
    if status == Status::BadRequest {
        // Which parameter the answer names, when it names one.
        let named: Option<String> = if request.path.starts_with("/api/") {
            let answer: Value = serde_json::from_str(&body)
                .map_err(|e| TestCaseError::fail(format!("{uri}: not JSON ({e}): {body}")))?;
            let error = &answer["error"];
            prop_assert_eq!(error["status"].as_u64(), Some(400), "{}", body);
            let message = error["message"].as_str().unwrap_or_default();
            prop_assert!(!message.trim().is_empty(), "{uri}: no message");
            error["param"].as_str().map(str::to_owned)
        } else {
            prop_assert!(body.contains("Bad request"), "{uri}: {body}");
            ROUTES
                .iter()
                .flat_map(|(_, names)| names.iter())
                .find(|name| body.contains(&format!("invalid `{name}`")))
                .map(|name| (*name).to_owned())
        };
        if certain {
            let named = named.unwrap_or_default();
            prop_assert!(
                invalid.contains(&named.as_str()),
                "{uri}: the answer names `{named}`, not one of {invalid:?}"
            );
        }
    }
    Ok(())
}

#[test]
fn any_combination_of_query_parameters() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let client = runtime.block_on(snapshot_client());
    let mut runner = TestRunner::new(Config::default());
    let result = runner.run(&request(), |request| {
        runtime.block_on(check(&client, &request))
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

/// Found by schemathesis: Rocket dropped a repeated parameter without a word (`?status=failure&
/// status=failure` showed every launch). Now it is a 400 that names it, on every route.
#[rocket::async_test]
async fn a_repeated_parameter_is_a_400_that_names_it() {
    let client = snapshot_client().await;
    for (path, names) in ROUTES {
        for name in *names {
            let value = match *name {
                "from" | "to" | "observed_from" | "observed_to" => "2020-01-01",
                "field" => "net",
                "limit" | "offset" => "5",
                "sort" => "date",
                "status" => "failure",
                _ => "Falcon 9",
            };
            let pair = form_urlencoded::Serializer::new(String::new())
                .append_pair(name, value)
                .finish();
            let uri = format!("{path}?{pair}&{pair}");
            let response = client.get(uri.clone()).dispatch().await;
            assert_eq!(response.status(), Status::BadRequest, "{uri}");
            let body = response.into_string().await.unwrap_or_default();
            assert!(
                body.contains(&format!("`{name}` is given more than once")),
                "{uri}: {body}"
            );
        }
    }
}
