//! The HTTP side: `POST /sync` (optional date window) and `GET /health`; anything else is 404.

use std::collections::BTreeMap;

use aws_lambda_events::apigw::ApiGatewayV2httpRequest;
use base64::Engine;
use chrono::{DateTime, Utc};
use launches::DateRange;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::{run_sync, Extractor};

/// An API Gateway v2 (payload format 2.0) response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpResponse {
    pub status_code: u16,
    pub headers: BTreeMap<String, String>,
    pub body: String,
    pub is_base64_encoded: bool,
}

impl HttpResponse {
    pub fn json(status_code: u16, body: &impl Serialize) -> Self {
        HttpResponse {
            status_code,
            headers: BTreeMap::from([("content-type".into(), "application/json".into())]),
            body: serde_json::to_string(body).unwrap_or_default(),
            is_base64_encoded: false,
        }
    }

    fn error(status_code: u16, message: impl Into<String>) -> Self {
        Self::json(status_code, &json!({ "error": message.into() }))
    }
}

/// The optional body of `POST /sync`: an inclusive window of launch dates, RFC 3339.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SyncWindowBody {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl SyncWindowBody {
    /// Parses and checks a request body; the error says what is wrong, for a 400.
    pub fn parse(body: &[u8]) -> Result<DateRange, String> {
        let window: SyncWindowBody = if body.iter().all(u8::is_ascii_whitespace) {
            SyncWindowBody::default()
        } else {
            let mut deserializer = serde_json::Deserializer::from_slice(body);
            serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let syntax = !matches!(inner.classify(), serde_json::error::Category::Data);
                if syntax || path == "." {
                    format!("invalid JSON body: {inner}")
                } else {
                    format!("invalid `{path}`: {inner} (expected an RFC 3339 date such as 2020-01-31T00:00:00Z)")
                }
            })?
        };
        if let (Some(from), Some(to)) = (window.from, window.to) {
            if from > to {
                return Err(format!("`from` ({from}) is after `to` ({to})"));
            }
        }
        Ok(DateRange {
            from: window.from,
            to: window.to,
        })
    }
}

/// The request's path without a named stage's prefix (`/dev/sync` -> `/sync`).
fn route_path(request: &ApiGatewayV2httpRequest) -> String {
    let path = request
        .raw_path
        .clone()
        .or_else(|| request.request_context.http.path.clone())
        .unwrap_or_default();
    match request.request_context.stage.as_deref() {
        Some(stage) if stage != "$default" => path
            .strip_prefix(&format!("/{stage}"))
            .filter(|rest| rest.starts_with('/'))
            .map(str::to_owned)
            .unwrap_or(path),
        _ => path,
    }
}

fn request_body(request: &ApiGatewayV2httpRequest) -> Result<Vec<u8>, String> {
    let body = request.body.as_deref().unwrap_or_default();
    if request.is_base64_encoded {
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .map_err(|e| format!("the body is not valid base64: {e}"))
    } else {
        Ok(body.as_bytes().to_vec())
    }
}

/// Answers one HTTP request.
pub async fn respond(extractor: &Extractor, request: &ApiGatewayV2httpRequest) -> HttpResponse {
    let method = request.request_context.http.method.as_str().to_owned();
    let path = route_path(request);
    match (method.as_str(), path.as_str()) {
        ("GET", "/health") => HttpResponse::json(
            200,
            &json!({
                "status": "ok",
                "store": extractor.store.describe(),
                "source": extractor.source.describe(),
            }),
        ),
        ("POST", "/sync") => {
            let window = match request_body(request).and_then(|body| SyncWindowBody::parse(&body)) {
                Ok(window) => window,
                Err(message) => return HttpResponse::error(400, message),
            };
            match run_sync(extractor, window).await {
                Ok(report) => HttpResponse::json(200, &report),
                Err(error) => HttpResponse::error(500, error.to_string()),
            }
        }
        _ => HttpResponse::error(
            404,
            format!("no route for {method} {path}; try POST /sync or GET /health"),
        ),
    }
}
