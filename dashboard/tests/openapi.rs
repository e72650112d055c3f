//! The OpenAPI document (`/api/openapi.json`) held to the app: every route under `/api` is in
//! it and everything in it is a route; every answer (success, 400, 404, 503, on the bundled
//! data, on history replayed from the weekly LL2 snapshots and on hand-made hostile launches)
//! has a documented status and validates against its schema; the enums it lists are the code's.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::*;
use jsonschema::{Draft, Validator};
use launches::history::HistoryField;
use launches::model::{NetPrecision, StatusDetail};
use launches::LaunchStatus;
use rocket::local::asynchronous::Client;
use serde_json::{json, Value};

async fn document(client: &Client) -> Value {
    let response = client.get("/api/openapi.json").dispatch().await;
    assert_eq!(response.status().code, 200);
    assert_eq!(
        response.content_type().map(|c| c.to_string()).as_deref(),
        Some("application/json")
    );
    let body = response.into_string().await.expect("a body");
    serde_json::from_str(&body).expect("the document is JSON")
}

/// The document's path of a Rocket route's path: `<id>` is `{id}`.
fn template(route_path: &str) -> String {
    route_path
        .split('/')
        .map(
            |segment| match segment.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
                Some(name) => format!("{{{name}}}"),
                None => segment.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

/// The document's path that a request's `path` matches (`{id}` matches one non-empty segment).
fn documented_path(document: &Value, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    document["paths"].as_object()?.keys().find_map(|template| {
        let parts: Vec<&str> = template.split('/').collect();
        let matches = parts.len() == segments.len()
            && parts.iter().zip(&segments).all(|(part, segment)| {
                part == segment
                    || (part.starts_with('{') && part.ends_with('}') && !segment.is_empty())
            });
        matches.then(|| template.clone())
    })
}

/// A validator for `schema` (a schema object of the document, `$ref`s into its components).
fn validator(document: &Value, schema: &Value) -> Validator {
    let mut root = schema.clone();
    if let Value::Object(map) = &mut root {
        map.insert("components".into(), document["components"].clone());
    }
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("{schema}: not a valid schema: {e}"))
}

/// Asks `uri` and checks the answer against the document: its status is documented for the
/// operation, and its body validates against that status's schema. Returns status and body.
async fn conforming(client: &Client, document: &Value, uri: &str) -> (u16, Value) {
    let path = uri.split('?').next().unwrap_or(uri);
    let response = client.get(uri.to_owned()).dispatch().await;
    let status = response.status().code;
    let content_type = response.content_type().map(|c| c.to_string());
    let body = response.into_string().await.unwrap_or_default();
    let template = documented_path(document, path)
        .unwrap_or_else(|| panic!("{path} matches no path of the document"));
    let operation = &document["paths"][&template]["get"];
    assert!(operation.is_object(), "{template} has no GET");
    let documented = &operation["responses"][status.to_string()];
    assert!(
        documented.is_object(),
        "{uri}: status {status} is not documented: {body}"
    );
    assert_eq!(content_type.as_deref(), Some("application/json"), "{uri}");
    let schema = &documented["content"]["application/json"]["schema"];
    let body: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}"));
    let validator = validator(document, schema);
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(
        errors.is_empty(),
        "{uri} ({status}) does not conform: {errors:#?}"
    );
    (status, body)
}

#[tokio::test]
async fn every_api_route_is_documented_and_every_documented_path_is_a_route() {
    let client = client_with(vec![]).await;
    let document = document(&client).await;
    let routes: BTreeSet<(String, String)> = client
        .rocket()
        .routes()
        .filter(|route| route.uri.path().starts_with("/api"))
        .map(|route| {
            (
                template(route.uri.path()),
                route.method.as_str().to_ascii_lowercase(),
            )
        })
        .collect();
    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flat_map(|ops| ops.keys())
                .map(move |method| (path.clone(), method.clone()))
        })
        .collect();
    assert_eq!(routes, documented);
    assert!(routes.len() >= 3, "the API's routes were found: {routes:?}");
}

/// The query and path parameters a route reads (Rocket's own list) are the ones the document
/// gives it.
#[tokio::test]
async fn every_parameter_is_documented() {
    let client = client_with(vec![]).await;
    let document = document(&client).await;
    for route in client.rocket().routes() {
        let path = template(route.uri.path());
        if !path.starts_with("/api") {
            continue;
        }
        let parameters = document["paths"][&path]["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let documented_in = |place: &str| -> BTreeSet<String> {
            parameters
                .iter()
                .filter(|p| p["in"] == place)
                .filter_map(|p| p["name"].as_str().map(str::to_owned))
                .collect()
        };
        let in_path: BTreeSet<String> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_owned)
            .collect();
        assert_eq!(in_path, documented_in("path"), "{path}");
        let documented = documented_in("query");
        // Rocket names `<filters..>` once; its fields are the filters.
        let mut read: BTreeSet<String> = BTreeSet::new();
        let query = route.uri.query().map(|q| q.to_string()).unwrap_or_default();
        for segment in query.split('&') {
            let name = segment.trim_matches(|c| c == '<' || c == '>' || c == '.');
            match name {
                "" => {}
                "filters" => {
                    read.extend(["from", "to", "rocket", "site", "status"].map(String::from))
                }
                other => {
                    read.insert(other.to_owned());
                }
            }
        }
        assert_eq!(read, documented, "{path}");
    }
}

#[tokio::test]
async fn answers_on_the_bundled_data_conform() {
    let client = bundled_client(bundled_now()).await;
    let document = document(&client).await;
    let ok = [
        "/api/launches",
        "/api/launches?limit=1000",
        "/api/launches?limit=3&offset=5&status=upcoming",
        "/api/launches?offset=100000",
        "/api/launches?from=2020-01-01&to=2020-12-31&rocket=Falcon%209",
        "/api/launches?site=KSC%20LC%2039A&status=FAILURE",
        "/api/launches?status=unknown",
        "/api/launches?status=partial_failure",
        "/api/stats",
        "/api/stats?status=failure",
        "/api/stats?from=2035-01-01",
        "/api/stats?rocket=nothing",
        "/api/stats?to=2026-08-22T12:00:00%2B02:00",
    ];
    for uri in ok {
        let (status, _) = conforming(&client, &document, uri).await;
        assert_eq!(status, 200, "{uri}");
    }
    let bad = [
        ("/api/launches?limit=0", "limit"),
        ("/api/launches?offset=-1", "offset"),
        ("/api/launches?from=2021-01-01&to=2020-01-01", "from"),
        ("/api/stats?status=exploded", "status"),
        ("/api/stats?to=tomorrow", "to"),
    ];
    refused_naming(&client, &document, &bad).await;
    // Every launch of the bundled data, page by page.
    let mut next = Some("/api/launches?limit=1000".to_owned());
    let mut seen = 0;
    while let Some(uri) = next {
        let (_, body) = conforming(&client, &document, &uri).await;
        seen += body["launches"].as_array().map_or(0, Vec::len);
        next = body["next"].as_str().map(str::to_owned);
    }
    assert!(seen > 700, "the bundled data was walked: {seen}");
}

#[tokio::test]
async fn hostile_launches_and_an_unavailable_store_conform() {
    let client = client_with(vec![hostile_launch()]).await;
    let document = document(&client).await;
    conforming(&client, &document, "/api/launches").await;
    conforming(&client, &document, "/api/stats").await;

    let store = FailingStore::new(&[], true).await;
    let client = client_for(Arc::new(store)).await;
    for uri in ["/api/launches", "/api/stats"] {
        let (status, body) = conforming(&client, &document, uri).await;
        assert_eq!(status, 503, "{uri}: {body}");
    }
}

/// On history replayed from the weekly LL2 snapshots: `/api/history` narrowed every way, the
/// history of every launch it lists, and their errors.
#[tokio::test]
async fn history_answers_conform() {
    let client = history_client().await;
    let document = document(&client).await;
    let (status, all) = conforming(&client, &document, "/api/history").await;
    assert_eq!(status, 200);
    let entries = all["entries"].as_array().cloned().unwrap_or_default();
    // The schemas met every kind of value: changes with and without `old`, slips, most-slipped.
    let changes: Vec<&Value> = entries
        .iter()
        .flat_map(|e| e["changes"].as_array().into_iter().flatten())
        .collect();
    assert!(changes.iter().any(|c| c.get("old").is_some()));
    assert!(changes.iter().any(|c| c.get("old").is_none()));
    assert!(!all["slips_per_month"].as_array().is_none_or(Vec::is_empty));
    assert!(!all["most_slipped"].as_array().is_none_or(Vec::is_empty));

    let mut ok: Vec<String> = [
        "/api/history?observed_from=2026-06-01&observed_to=2026-06-30",
        "/api/history?observed_from=2026-06-01T12:00:00Z&field=",
        "/api/history?status=upcoming&rocket=Falcon%209",
        "/api/history?from=2035-01-01",
    ]
    .map(String::from)
    .to_vec();
    ok.extend(
        HistoryField::ALL
            .iter()
            .map(|field| format!("/api/history?field={}", field.as_str())),
    );
    for uri in &ok {
        let (status, _) = conforming(&client, &document, uri).await;
        assert_eq!(status, 200, "{uri}");
    }

    // Every launch with history, its entries those `/api/history` lists for it.
    let ids: BTreeSet<&str> = entries
        .iter()
        .filter_map(|e| e["launch_id"].as_str())
        .collect();
    assert!(ids.len() > 10, "launches with history: {}", ids.len());
    for id in ids {
        let uri = format!("/api/launches/{id}/history");
        let (status, body) = conforming(&client, &document, &uri).await;
        assert_eq!(status, 200, "{uri}");
        let listed = entries.iter().filter(|e| e["launch_id"] == id).count();
        assert_eq!(
            body["entries"].as_array().map(Vec::len),
            Some(listed),
            "{uri}"
        );
    }

    let bad = [
        ("/api/history?field=nett", "field"),
        ("/api/history?observed_from=yesterday", "observed_from"),
        (
            "/api/history?observed_from=2026-07-01&observed_to=2026-06-01",
            "observed_from",
        ),
        ("/api/history?field=net&field=name", "field"),
        (
            "/api/history?observed_to=2026-06-01&observed_to=2026-07-01",
            "observed_to",
        ),
        ("/api/history?status=flying", "status"),
    ];
    refused_naming(&client, &document, &bad).await;
    let (status, _) = conforming(&client, &document, "/api/launches/no-such-launch/history").await;
    assert_eq!(status, 404);

    let store = FailingStore::new(&[], true).await;
    let client = client_for(Arc::new(store)).await;
    for uri in ["/api/history", "/api/launches/no-such-launch/history"] {
        let (status, body) = conforming(&client, &document, uri).await;
        assert_eq!(status, 503, "{uri}: {body}");
    }
}

#[tokio::test]
async fn the_documented_enums_are_the_codes() {
    let client = client_with(vec![]).await;
    let document = document(&client).await;
    let schemas = &document["components"]["schemas"];
    let names = |values: Vec<Value>| -> BTreeSet<String> {
        values
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let enum_of = |schema: &Value| names(schema["enum"].as_array().cloned().unwrap_or_default());
    let code = |values: Vec<Value>| names(values);
    assert_eq!(
        enum_of(&schemas["Launch"]["properties"]["status"]),
        code(LaunchStatus::ALL.iter().map(|s| json!(s)).collect())
    );
    assert_eq!(
        enum_of(&schemas["Launch"]["properties"]["status_detail"]),
        code(StatusDetail::ALL.iter().map(|s| json!(s)).collect())
    );
    let fields = code(HistoryField::ALL.iter().map(|f| json!(f)).collect());
    assert_eq!(enum_of(&schemas["HistoryField"]), fields);
    let parameter = document["paths"]["/api/history"]["get"]["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "field")
        .cloned()
        .unwrap_or_default();
    let mut with_empty = fields.clone();
    with_empty.insert(String::new());
    assert_eq!(enum_of(&parameter["schema"]), with_empty);
    // NetPrecision has no list of its values: each documented one must be one.
    let precisions = enum_of(&schemas["Launch"]["properties"]["net_precision"]);
    assert!(precisions.len() >= 17);
    for name in precisions {
        serde_json::from_value::<NetPrecision>(json!(name))
            .unwrap_or_else(|e| panic!("net_precision `{name}`: {e}"));
    }
}

/// Each `(uri, param)` is answered 400 with an error that names `param`, as the document says.
async fn refused_naming(client: &Client, document: &Value, bad: &[(&str, &str)]) {
    for &(uri, param) in bad {
        let (status, body) = conforming(client, document, uri).await;
        assert_eq!(
            (status, body["error"]["param"].as_str()),
            (400, Some(param)),
            "{uri}"
        );
    }
}
