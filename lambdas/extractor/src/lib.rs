//! The extractor's logic, testable without Lambda: classify an event, route it, run the sync.
//!
//! `main.rs` builds the clients once per container and hands every event to [`handle`].

mod http;

use std::sync::Arc;

use aws_lambda_events::apigw::ApiGatewayV2httpRequest;
use launches::{DateRange, LaunchSource, LaunchStore, SyncError, SyncReport};
use serde_json::Value;

pub use http::{respond, HttpResponse, SyncWindowBody};

/// What the function keeps between invocations: built once per container in `main`.
#[derive(Clone)]
pub struct Extractor {
    pub source: Arc<dyn LaunchSource>,
    pub store: Arc<dyn LaunchStore>,
}

#[derive(Debug, thiserror::Error)]
pub enum HandlerError {
    #[error("unsupported event: {0}")]
    Unsupported(String),
    #[error(transparent)]
    Sync(#[from] SyncError),
}

/// The two kinds of event the function answers.
#[derive(Debug)]
pub enum Incoming {
    /// EventBridge's schedule: a full sync.
    Scheduled,
    /// An API Gateway v2 HTTP request (payload format 2.0).
    Http(Box<ApiGatewayV2httpRequest>),
}

/// Tells the event kinds apart by their shape.
pub fn classify(payload: Value) -> Result<Incoming, HandlerError> {
    if payload.pointer("/requestContext/http").is_some() {
        return serde_json::from_value(payload)
            .map(|request| Incoming::Http(Box::new(request)))
            .map_err(|e| {
                HandlerError::Unsupported(format!("malformed API Gateway v2 request: {e}"))
            });
    }
    let detail_type = payload.get("detail-type").and_then(Value::as_str);
    let source = payload.get("source").and_then(Value::as_str);
    match (source, detail_type) {
        (Some("aws.events"), Some("Scheduled Event")) => Ok(Incoming::Scheduled),
        _ => Err(HandlerError::Unsupported(
            "expected an EventBridge scheduled event or an API Gateway v2 HTTP request".into(),
        )),
    }
}

/// Handles one invocation. A scheduled sync that fails is an error (Lambda retries it, then
/// sends it to the dead-letter queue); an HTTP request always gets an HTTP response.
pub async fn handle(extractor: &Extractor, payload: Value) -> Result<Value, HandlerError> {
    match classify(payload)? {
        Incoming::Scheduled => {
            let report = run_sync(extractor, DateRange::ALL).await?;
            Ok(serde_json::to_value(report).unwrap_or_default())
        }
        Incoming::Http(request) => {
            let response = respond(extractor, &request).await;
            Ok(serde_json::to_value(response).unwrap_or_default())
        }
    }
}

/// Runs a sync and logs its report as one structured line.
pub async fn run_sync(extractor: &Extractor, window: DateRange) -> Result<SyncReport, SyncError> {
    match launches::sync(extractor.source.as_ref(), extractor.store.as_ref(), window).await {
        Ok(report) => {
            tracing::info!(
                fetched = report.fetched,
                valid = report.valid,
                invalid = report.invalid,
                outside_window = report.outside_window,
                written = report.written,
                unchanged = report.unchanged,
                duration_ms = report.duration_ms,
                rejected = %serde_json::to_string(&report.rejected).unwrap_or_default(),
                "sync finished"
            );
            Ok(report)
        }
        Err(error) => {
            tracing::error!(%error, "sync failed");
            Err(error)
        }
    }
}

/// How a failed invocation is reported to Lambda (and so to CloudWatch and the DLQ).
impl From<HandlerError> for lambda_runtime::Diagnostic {
    fn from(error: HandlerError) -> Self {
        let error_type = match error {
            HandlerError::Unsupported(_) => "UnsupportedEvent",
            HandlerError::Sync(_) => "SyncFailed",
        };
        lambda_runtime::Diagnostic {
            error_type: error_type.into(),
            error_message: error.to_string(),
        }
    }
}
