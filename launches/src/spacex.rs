//! The SpaceX API v4 client: timeouts, retries with backoff, errors that name the URL.

use std::path::PathBuf;
use std::time::Duration;

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use serde_json::value::RawValue;

use crate::records::{split_all, LaunchRecords, RecordsError, Spool};
use crate::retry::Backoff;
use crate::source::{
    LaunchSource, SourceData, LAUNCHES_PATH, LAUNCHPADS_PATH, PAYLOADS_PATH, ROCKETS_PATH,
};

pub const DEFAULT_BASE_URL: &str = "https://api.spacexdata.com";

#[derive(Debug, thiserror::Error)]
pub enum SpacexError {
    #[error("GET {url} answered {status} after {attempts} attempt(s)")]
    Status {
        url: String,
        status: StatusCode,
        attempts: u32,
    },
    #[error("GET {url} failed after {attempts} attempt(s): {source}")]
    Transport {
        url: String,
        attempts: u32,
        #[source]
        source: reqwest::Error,
    },
    #[error("GET {url}: the body is not a JSON array of records: {source}")]
    Decode {
        url: String,
        #[source]
        source: RecordsError,
    },
    #[error("GET {url}: temporary file {}: {source}", path.display())]
    Spool {
        url: String,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read snapshot file {}: {source}", path.display())]
    Snapshot {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid SpaceX API base URL `{0}`")]
    BaseUrl(String),
    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
}

/// Client settings. The defaults suit the Lambda: a run should give up well inside its timeout.
#[derive(Debug, Clone)]
pub struct SpacexConfig {
    pub base_url: String,
    pub connect_timeout: Duration,
    /// Per request, body included.
    pub timeout: Duration,
    pub backoff: Backoff,
    /// The longest `Retry-After` honoured; a longer one gives up instead of stalling the run.
    pub max_retry_after: Duration,
}

impl Default for SpacexConfig {
    fn default() -> Self {
        SpacexConfig {
            base_url: DEFAULT_BASE_URL.into(),
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(20),
            backoff: Backoff {
                max_attempts: 4,
                base: Duration::from_millis(500),
                max: Duration::from_secs(8),
            },
            max_retry_after: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SpacexClient {
    http: reqwest::Client,
    base_url: String,
    config: SpacexConfig,
}

impl SpacexClient {
    pub fn new(config: SpacexConfig) -> Result<Self, SpacexError> {
        let base_url = config.base_url.trim_end_matches('/').to_owned();
        if reqwest::Url::parse(&base_url).is_err() {
            return Err(SpacexError::BaseUrl(config.base_url));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .user_agent(concat!(
                "spacex-launch-dashboard/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(SpacexError::Client)?;
        Ok(SpacexClient {
            http,
            base_url,
            config,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// GETs `path` into memory, retrying timeouts, connection errors, 5xx and 429 with backoff.
    pub async fn get(&self, path: &str) -> Result<Bytes, SpacexError> {
        let mut body = BytesMut::new();
        self.get_into(&self.url(path), &mut body).await?;
        Ok(body.freeze())
    }

    /// GETs `path` (a JSON array) into a temporary file, with the retries of [`Self::get`], and
    /// returns its records to be read in batches. The body is never whole in memory, and the
    /// file is read after the response has ended: the caller may take its time between batches
    /// without holding a request open.
    pub async fn download_records(&self, path: &str) -> Result<LaunchRecords, SpacexError> {
        let url = self.url(path);
        let mut spool = Spool::create(&url).await?;
        self.get_into(&url, &mut spool).await?;
        spool.into_records().await
    }

    /// The request loop of [`Self::get`] and [`Self::download_records`]: each attempt whose
    /// status is a success writes its body to `sink` chunk by chunk, from the start.
    async fn get_into<S: BodySink>(&self, url: &str, sink: &mut S) -> Result<(), SpacexError> {
        let backoff = &self.config.backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= backoff.max_attempts;
            let wait = match self.http.get(url).send().await {
                Ok(response) if response.status().is_success() => {
                    match read_body(response, sink).await {
                        Ok(()) => return Ok(()),
                        Err(BodyError::Sink(error)) => return Err(error),
                        // A body cut off or stalled: reqwest reports it as a decode error wrapping
                        // the transport's, so every failure to read the body is retried.
                        Err(BodyError::Transport(_)) if !last => backoff.delay(attempt),
                        Err(BodyError::Transport(source)) => {
                            return Err(transport(url, attempt, source))
                        }
                    }
                }
                Ok(response) => {
                    let status = response.status();
                    let retryable =
                        status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
                    let retry_after = retry_after(&response);
                    let give_up = SpacexError::Status {
                        url: url.to_owned(),
                        status,
                        attempts: attempt,
                    };
                    if !retryable || last {
                        return Err(give_up);
                    }
                    match retry_after {
                        Some(wait) if wait > self.config.max_retry_after => return Err(give_up),
                        Some(wait) => wait,
                        None => backoff.delay(attempt),
                    }
                }
                Err(source) if retryable_transport(&source) && !last => backoff.delay(attempt),
                Err(source) => return Err(transport(url, attempt, source)),
            };
            tracing::warn!(%url, attempt, wait_ms = wait.as_millis() as u64, "retrying SpaceX API request");
            tokio::time::sleep(wait).await;
        }
    }

    async fn get_records(&self, path: &str) -> Result<Vec<Box<RawValue>>, SpacexError> {
        let body = self.get(path).await?;
        split_all(&body).map_err(|source| SpacexError::Decode {
            url: self.url(path),
            source,
        })
    }
}

/// Where the body of a successful response goes.
trait BodySink {
    /// Discards what an earlier attempt wrote.
    async fn restart(&mut self) -> Result<(), SpacexError>;
    async fn write(&mut self, chunk: &[u8]) -> Result<(), SpacexError>;
}

impl BodySink for BytesMut {
    async fn restart(&mut self) -> Result<(), SpacexError> {
        self.clear();
        Ok(())
    }

    async fn write(&mut self, chunk: &[u8]) -> Result<(), SpacexError> {
        self.extend_from_slice(chunk);
        Ok(())
    }
}

impl BodySink for Spool {
    async fn restart(&mut self) -> Result<(), SpacexError> {
        self.truncate().await
    }

    async fn write(&mut self, chunk: &[u8]) -> Result<(), SpacexError> {
        Spool::write(self, chunk).await
    }
}

enum BodyError {
    /// Reading the body failed (maybe worth a retry).
    Transport(reqwest::Error),
    /// Keeping it failed (not worth one).
    Sink(SpacexError),
}

async fn read_body<S: BodySink>(
    mut response: reqwest::Response,
    sink: &mut S,
) -> Result<(), BodyError> {
    sink.restart().await.map_err(BodyError::Sink)?;
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        sink.write(&chunk).await.map_err(BodyError::Sink)?;
    }
    Ok(())
}

#[async_trait]
impl LaunchSource for SpacexClient {
    async fn fetch(&self) -> Result<SourceData, SpacexError> {
        let (launches, rockets, launchpads, payloads) = tokio::try_join!(
            self.download_records(LAUNCHES_PATH),
            self.get_records(ROCKETS_PATH),
            self.get_records(LAUNCHPADS_PATH),
            self.get_records(PAYLOADS_PATH),
        )?;
        Ok(SourceData {
            launches,
            rockets,
            launchpads,
            payloads,
        })
    }

    fn describe(&self) -> String {
        format!("SpaceX API at {}", self.base_url)
    }
}

fn retryable_transport(error: &reqwest::Error) -> bool {
    error.is_timeout() || error.is_connect() || error.is_request() || error.is_body()
}

fn transport(url: &str, attempts: u32, source: reqwest::Error) -> SpacexError {
    SpacexError::Transport {
        url: url.to_owned(),
        attempts,
        source,
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare for APIs and treated as absent).
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}
