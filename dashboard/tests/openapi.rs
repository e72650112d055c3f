//! The OpenAPI document (`/api/openapi.json`) held to the app: every route under `/api` is in
//! it and everything in it is a route; every answer (success, 400, 503, on the bundled data and
//! on hand-made hostile launches) has a documented status and validates against its schema; the
//! enums it lists are the code's.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::*;
use jsonschema::{Draft, Validator};
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
    let operation = &document["paths"][path]["get"];
    assert!(operation.is_object(), "{path} is not in the document");
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
                route.uri.path().to_string(),
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

/// The query parameters a route reads (Rocket's own list) are the ones the document gives it.
#[tokio::test]
async fn every_query_parameter_is_documented() {
    let client = client_with(vec![]).await;
    let document = document(&client).await;
    for route in client.rocket().routes() {
        let path = route.uri.path().to_string();
        if !path.starts_with("/api") {
            continue;
        }
        let documented: BTreeSet<String> = document["paths"][&path]["get"]["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect();
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
    for (uri, param) in bad {
        let (status, body) = conforming(&client, &document, uri).await;
        assert_eq!(
            (status, body["error"]["param"].as_str()),
            (400, Some(param)),
            "{uri}"
        );
    }
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
    // NetPrecision has no list of its values: each documented one must be one.
    let precisions = enum_of(&schemas["Launch"]["properties"]["net_precision"]);
    assert!(precisions.len() >= 17);
    for name in precisions {
        serde_json::from_value::<NetPrecision>(json!(name))
            .unwrap_or_else(|e| panic!("net_precision `{name}`: {e}"));
    }
}
