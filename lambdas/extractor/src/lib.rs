//! The extractor's logic, testable without Lambda: one service for both kinds of event.
//!
//! `lambda_http` turns API Gateway v2 requests into `http::Request`s (base64 bodies decoded) and,
//! with its `pass_through` feature, hands every other payload over as the body of a request whose
//! context is `RequestContext::PassThrough`: that is how the EventBridge schedule arrives.
//! `main.rs` builds the clients once per container, hands them to [`configure`] and runs
//! [`handle`].

mod cold_start;
mod routes;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_lambda_events::eventbridge::EventBridgeEvent;
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use launches::{LaunchSource, LaunchStore, RunReport, SyncError, SyncOptions};

pub use cold_start::{configure, AwsClients, ColdStartError};
pub use routes::SyncWindowBody;

/// What the function keeps between invocations: built once per container in `main`.
#[derive(Clone)]
pub struct Extractor {
    /// Synced in this order: the archive (SpaceX API v4) first, so later sources find its rows.
    pub sources: Vec<Arc<dyn LaunchSource>>,
    pub store: Arc<dyn LaunchStore>,
}

impl Extractor {
    /// What the sources are, for `/health` and the start-up log.
    pub fn describe_sources(&self) -> Vec<String> {
        self.sources.iter().map(|s| s.describe()).collect()
    }
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
        Some(RequestContext::PassThrough) => {
            scheduled(extractor, request.body(), time_limit(&request)).await
        }
        _ => routes::respond(extractor, &request).await,
    }
}

/// A payload that is not an API Gateway v2 request: only EventBridge's schedule is expected.
/// The answer is the report itself (`lambda_http` passes a JSON body through as the output).
async fn scheduled(
    extractor: &Extractor,
    payload: &[u8],
    time_limit: Option<Duration>,
) -> Result<Response<Body>, HandlerError> {
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
    let options = SyncOptions {
        time_limit,
        ..SyncOptions::default()
    };
    let report = run_sync(extractor, options).await?;
    routes::json(lambda_http::http::StatusCode::OK, &report)
}

/// Time kept back from the invocation's deadline: a run stopped at its time limit still logs and
/// returns its report (a few milliseconds) before Lambda would kill it.
pub const DEADLINE_MARGIN: Duration = Duration::from_secs(10);

/// The sync's time limit: what is left of the invocation (the function's `timeout`) less
/// [`DEADLINE_MARGIN`]. `None` outside Lambda (no invocation context, as in tests), when the
/// context carries no deadline, or when the deadline is already past as the invocation starts:
/// Lambda never sends that, but `cargo lambda watch` sends the timeout itself (600000, i.e.
/// 1970) instead of a time, and a limit of zero would fail every local run.
pub fn time_limit(request: &Request) -> Option<Duration> {
    let context = request.lambda_context_ref()?;
    if context.deadline == 0 {
        return None;
    }
    match context.deadline().duration_since(SystemTime::now()) {
        Ok(left) => Some(left.saturating_sub(DEADLINE_MARGIN)),
        Err(_) => {
            tracing::warn!(
                deadline_ms = context.deadline,
                "the invocation's deadline is already past as it starts: running without a time limit"
            );
            None
        }
    }
}

/// One sync at a time in this process. In AWS the function's reserved concurrency of 1 already
/// keeps invocations apart (a second one is throttled: the schedule's is retried by Lambda, an
/// API call fails); locally (`cargo lambda watch`) and in tests two can arrive at once.
/// Interleaved, two runs would both write every launch, and one could overwrite a row the
/// other had just merged from a second source. A later run waits, then finds the rows stored.
static ONE_SYNC_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs a sync of every source and logs one structured line per source, then the run's.
pub async fn run_sync(extractor: &Extractor, options: SyncOptions) -> Result<RunReport, SyncError> {
    let _running = ONE_SYNC_AT_A_TIME.lock().await;
    let sources: Vec<&dyn LaunchSource> = extractor.sources.iter().map(|s| s.as_ref()).collect();
    let result = launches::sync_all(&sources, extractor.store.as_ref(), options).await;
    let report = match &result {
        Ok(report) => report,
        Err(SyncError::Sources(report)) => report.as_ref(),
        Err(error) => {
            tracing::error!(%error, "sync failed");
            return result;
        }
    };
    for section in &report.sources {
        tracing::info!(
            source = %section.source_name,
            fetched = section.fetched,
            valid = section.valid,
            invalid = section.invalid,
            other_providers = section.other_providers,
            outside_window = section.outside_window,
            written = section.written,
            unchanged = section.unchanged,
            history_entries = section.history_entries,
            requests = ?section.ending.requests,
            stopped = %serde_json::to_string(&section.ending.stopped)
                .unwrap_or_else(|e| format!("unserialisable: {e}")),
            resume_from = ?section.resume_from,
            rejected = %serde_json::to_string(&section.rejected)
                .unwrap_or_else(|e| format!("unserialisable: {e}")),
            "source synced"
        );
    }
    match &result {
        Ok(report) => tracing::info!(
            sources = report.sources.len(),
            written = report.sources.iter().map(|s| s.written).sum::<usize>(),
            duration_ms = report.duration_ms,
            "sync finished"
        ),
        Err(error) => tracing::error!(%error, "sync failed"),
    }
    result
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
