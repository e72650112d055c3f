//! The SpaceX API v4 client: timeouts, retries with backoff, errors that name the URL.

use std::path::PathBuf;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use reqwest::StatusCode;

use crate::retry::Backoff;
use crate::source::{
    split_records, LaunchSource, SourceData, LAUNCHES_PATH, LAUNCHPADS_PATH, PAYLOADS_PATH,
    ROCKETS_PATH,
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
        source: serde_json::Error,
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

    /// GETs `path`, retrying timeouts, connection errors, 5xx and 429 with backoff.
    pub async fn get(&self, path: &str) -> Result<Bytes, SpacexError> {
        let url = format!("{}{}", self.base_url, path);
        let backoff = &self.config.backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= backoff.max_attempts;
            let wait = match self.http.get(&url).send().await {
                Ok(response) if response.status().is_success() => match response.bytes().await {
                    Ok(body) => return Ok(body),
                    Err(source) if retryable_transport(&source) && !last => backoff.delay(attempt),
                    Err(source) => return Err(transport(&url, attempt, source)),
                },
                Ok(response) => {
                    let status = response.status();
                    let retryable =
                        status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
                    let retry_after = retry_after(&response);
                    if !retryable || last {
                        return Err(SpacexError::Status {
                            url,
                            status,
                            attempts: attempt,
                        });
                    }
                    match retry_after {
                        Some(wait) if wait > self.config.max_retry_after => {
                            return Err(SpacexError::Status {
                                url,
                                status,
                                attempts: attempt,
                            })
                        }
                        Some(wait) => wait,
                        None => backoff.delay(attempt),
                    }
                }
                Err(source) if retryable_transport(&source) && !last => backoff.delay(attempt),
                Err(source) => return Err(transport(&url, attempt, source)),
            };
            tracing::warn!(%url, attempt, wait_ms = wait.as_millis() as u64, "retrying SpaceX API request");
            tokio::time::sleep(wait).await;
        }
    }

    async fn get_records(
        &self,
        path: &str,
    ) -> Result<Vec<Box<serde_json::value::RawValue>>, SpacexError> {
        let body = self.get(path).await?;
        split_records(&body).map_err(|source| SpacexError::Decode {
            url: format!("{}{}", self.base_url, path),
            source,
        })
    }
}

#[async_trait]
impl LaunchSource for SpacexClient {
    async fn fetch(&self) -> Result<SourceData, SpacexError> {
        let (launches, rockets, launchpads, payloads) = tokio::try_join!(
            self.get_records(LAUNCHES_PATH),
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
