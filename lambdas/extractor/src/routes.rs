//! The HTTP side: `POST /sync` (optional date window) and `GET /health`; anything else is 404.

use chrono::{DateTime, Utc};
use lambda_http::http::header::{HeaderValue, CONTENT_TYPE};
use lambda_http::http::{Method, StatusCode};
use lambda_http::{Body, Request, Response};
use launches::{DateRange, SyncOptions};
use serde::{Deserialize, Serialize};

use crate::{run_sync, Extractor, HandlerError};

/// The optional body of `POST /sync`: an inclusive window of launch dates, RFC 3339, and
/// whether to read every source from the beginning (`"backfill": true`).
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SyncWindowBody {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    #[serde(default)]
    pub backfill: bool,
}

impl SyncWindowBody {
    /// Parses and checks a request body; the error says what is wrong, for a 400.
    pub fn parse(body: &[u8]) -> Result<SyncOptions, String> {
        let window: SyncWindowBody = if body.iter().all(u8::is_ascii_whitespace) {
            SyncWindowBody::default()
        } else if body.trim_ascii_start().first() != Some(&b'{') {
            // serde would read an array positionally as the struct: `[null, null]` would pass.
            return Err(
                "invalid JSON body: expected an object such as {\"from\": \"2020-01-01T00:00:00Z\", \"to\": \"2020-12-31T23:59:59Z\", \"backfill\": false}".to_owned(),
            );
        } else {
            let mut deserializer = serde_json::Deserializer::from_slice(body);
            serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let syntax = !matches!(inner.classify(), serde_json::error::Category::Data);
                if syntax || path == "." {
                    format!("invalid JSON body: {inner}")
                } else {
                    format!("invalid `{path}`: {inner} (expected an RFC 3339 date such as 2020-01-31T00:00:00Z for `from` and `to`, true or false for `backfill`)")
                }
            })?
        };
        if let (Some(from), Some(to)) = (window.from, window.to) {
            if from > to {
                return Err(format!("`from` ({from}) is after `to` ({to})"));
            }
        }
        Ok(SyncOptions {
            window: DateRange {
                from: window.from,
                to: window.to,
            },
            backfill: window.backfill,
            ..SyncOptions::default()
        })
    }
}

/// What a caller of `/health` needs and nothing more: no table or source names.
#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct ErrorBody {
    error: String,
}

/// Answers one HTTP request. The API has only the `$default` stage, so paths carry no stage.
pub async fn respond(
    extractor: &Extractor,
    request: &Request,
) -> Result<Response<Body>, HandlerError> {
    let (method, path) = (request.method(), request.uri().path());
    match (method, path) {
        (&Method::GET, "/health") => json(
            StatusCode::OK,
            &Health {
                status: "ok",
                version: env!("CARGO_PKG_VERSION"),
            },
        ),
        (&Method::POST, "/sync") => match SyncWindowBody::parse(request.body()) {
            Err(message) => error(StatusCode::BAD_REQUEST, message),
            Ok(options) => {
                let options = SyncOptions {
                    time_limit: crate::time_limit(request),
                    ..options
                };
                match run_sync(extractor, options).await {
                    Ok(report) => json(StatusCode::OK, &report),
                    Err(sync) => error(StatusCode::INTERNAL_SERVER_ERROR, sync.to_string()),
                }
            }
        },
        _ => error(
            StatusCode::NOT_FOUND,
            format!("no route for {method} {path}; try POST /sync or GET /health"),
        ),
    }
}

/// A JSON response; a body that cannot be serialised fails the invocation, never sends `null`.
pub(crate) fn json(
    status: StatusCode,
    body: &impl Serialize,
) -> Result<Response<Body>, HandlerError> {
    let mut response = Response::new(Body::from(serde_json::to_string(body)?));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(response)
}

fn error(status: StatusCode, error: String) -> Result<Response<Body>, HandlerError> {
    json(status, &ErrorBody { error })
}
