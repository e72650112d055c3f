//! The extractor's logic, testable without Lambda: one service for both kinds of event.
//!
//! `lambda_http` turns API Gateway v2 requests into `http::Request`s (base64 bodies decoded) and,
//! with its `pass_through` feature, hands every other payload over as the body of a request whose
//! context is `RequestContext::PassThrough`: that is how the EventBridge schedule arrives.
//! `main.rs` builds the clients once per container and runs [`handle`].

mod routes;

use std::sync::Arc;

use aws_lambda_events::eventbridge::EventBridgeEvent;
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use launches::{DateRange, LaunchSource, LaunchStore, SyncError, SyncReport};

pub use routes::SyncWindowBody;

/// What the function keeps between invocations: built once per container in `main`.
#[derive(Clone)]
pub struct Extractor {
    pub source: Arc<dyn LaunchSource>,
    pub store: Arc<dyn LaunchStore>,
}

/// Why an invocation failed: Lambda records it, and retries a scheduled one.
#[derive(Debug, thiserror::Error)]
pub enum HandlerError {
    #[error("unsupported event: {0}")]
    Unsupported(String),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error("the response could not be serialised: {0}")]
    Serialise(#[from] serde_json::Error),
}

/// Handles one invocation. A scheduled sync that fails is an error (Lambda retries it, then
/// sends it to the dead-letter queue); an HTTP request always gets an HTTP response.
pub async fn handle(
    extractor: &Extractor,
    request: Request,
) -> Result<Response<Body>, HandlerError> {
    match request.request_context_ref() {
        Some(RequestContext::PassThrough) => scheduled(extractor, request.body()).await,
        _ => routes::respond(extractor, &request).await,
    }
}

/// A payload that is not an API Gateway v2 request: only EventBridge's schedule is expected.
/// The answer is the report itself (`lambda_http` passes a JSON body through as the output).
async fn scheduled(extractor: &Extractor, payload: &[u8]) -> Result<Response<Body>, HandlerError> {
    let unsupported = |why: String| {
        HandlerError::Unsupported(format!(
            "{why}; expected an EventBridge scheduled event or an API Gateway v2 HTTP request"
        ))
    };
    let event: EventBridgeEvent = serde_json::from_slice(payload)
        .map_err(|e| unsupported(format!("not an EventBridge event ({e})")))?;
    if (event.source.as_str(), event.detail_type.as_str()) != ("aws.events", "Scheduled Event") {
        return Err(unsupported(format!(
            "an EventBridge `{}` event from `{}`",
            event.detail_type, event.source
        )));
    }
    let report = run_sync(extractor, DateRange::ALL).await?;
    routes::json(lambda_http::http::StatusCode::OK, &report)
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
                rejected = %serde_json::to_string(&report.rejected)
                    .unwrap_or_else(|e| format!("unserialisable: {e}")),
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

/// How a failed invocation is reported to Lambda (and so to CloudWatch and the dead-letter queue).
impl From<HandlerError> for lambda_http::lambda_runtime::Diagnostic {
    fn from(error: HandlerError) -> Self {
        let error_type = match error {
            HandlerError::Unsupported(_) => "UnsupportedEvent",
            HandlerError::Sync(_) => "SyncFailed",
            HandlerError::Serialise(_) => "SerialisationFailed",
        };
        lambda_http::lambda_runtime::Diagnostic {
            error_type: error_type.into(),
            error_message: error.to_string(),
        }
    }
}
