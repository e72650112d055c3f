//! GETs against a JSON API, for any source: timeouts, retries with backoff, `Retry-After`, errors
//! that name the URL, a cap on the body's size and HTML answers refused. A large body is spooled
//! to an unlinked temporary file, never held whole.

use std::fs::File;
use std::io::Seek;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;

use crate::retry::Backoff;
use crate::source::SourceError;

/// The largest body accepted (reqwest has no limit of its own; its timeout bounds the time, not
/// the size). The SpaceX API answers its whole launch list at once: 553 KB for its 205 launches
/// (frozen since 2022), about 2.7 KB a launch; the design's scale target, 20,000 launches (the
/// benchmark's largest source, read with flat memory through the spool), is 54 MB. 64 MiB covers
/// that with room, and is still far below Lambda's 512 MB of `/tmp` where the body is spooled. A
/// body past it is not an answer of these APIs (a misrouted base URL, a body that never ends),
/// and reading on would only fill the disk and the run's time.
pub const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Request settings. The defaults suit the Lambda: a run should give up well inside its timeout.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub connect_timeout: Duration,
    /// Per request, body included.
    pub timeout: Duration,
    pub backoff: Backoff,
    /// The longest `Retry-After` honoured; a longer one gives up instead of stalling the run.
    pub max_retry_after: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
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

/// A reqwest client with the timeouts of `config`, the project's user agent and
/// `default_headers` on every request (mark secret ones sensitive: reqwest then hides them from
/// its `Debug`).
pub fn build_client(
    config: &HttpConfig,
    default_headers: reqwest::header::HeaderMap,
) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .default_headers(default_headers)
        .user_agent(concat!(
            "spacex-launch-dashboard/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
}

/// A client for the API at one base URL.
#[derive(Debug, Clone)]
pub struct HttpClient {
    http: reqwest::Client,
    base_url: String,
    config: HttpConfig,
}

impl HttpClient {
    pub fn new(base_url: &str, config: HttpConfig) -> Result<Self, SourceError> {
        let base_url = base_url.trim_end_matches('/').to_owned();
        if reqwest::Url::parse(&base_url).is_err() {
            return Err(SourceError::BaseUrl(base_url));
        }
        let http = build_client(&config, reqwest::header::HeaderMap::new())
            .map_err(SourceError::Client)?;
        Ok(HttpClient {
            http,
            base_url,
            config,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// GETs `path` into memory, retrying timeouts, connection errors, 5xx and 429 with backoff.
    pub async fn get(&self, path: &str) -> Result<Bytes, SourceError> {
        let mut body = BytesMut::new();
        self.get_into(&self.url(path), &mut body).await?;
        Ok(body.freeze())
    }

    /// GETs `path` into an unlinked temporary file (nothing is left behind, even if the process
    /// dies), with the retries of [`Self::get`], and returns it rewound. Reading the file, not
    /// the socket, keeps no request open while its content is used.
    pub async fn download(&self, path: &str) -> Result<File, SourceError> {
        let url = self.url(path);
        let spool_error = |source| SourceError::Spool {
            location: url.clone(),
            source,
        };
        let mut spool = Spool(tokio::fs::File::from_std(
            tempfile::tempfile().map_err(spool_error)?,
        ));
        self.get_into(&url, &mut spool).await?;
        tokio::io::AsyncWriteExt::flush(&mut spool.0)
            .await
            .map_err(spool_error)?;
        let mut file = spool.0.into_std().await;
        file.rewind().map_err(spool_error)?;
        Ok(file)
    }

    /// The request loop: each attempt whose status is a success writes its body to `sink`
    /// chunk by chunk, from the start.
    async fn get_into<S: BodySink>(&self, url: &str, sink: &mut S) -> Result<(), SourceError> {
        let backoff = &self.config.backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= backoff.max_attempts;
            let wait = match self.http.get(url).send().await {
                Ok(response) if response.status().is_success() => {
                    if let Some(content_type) = html(response.headers()) {
                        return Err(SourceError::NotJson {
                            url: url.to_owned(),
                            content_type,
                        });
                    }
                    match read_body(response, sink).await {
                        Ok(()) => return Ok(()),
                        Err(BodyError::Sink(source)) => {
                            return Err(SourceError::Spool {
                                location: url.to_owned(),
                                source,
                            })
                        }
                        Err(BodyError::TooLarge) => {
                            return Err(SourceError::TooLarge {
                                url: url.to_owned(),
                                limit: MAX_BODY_BYTES,
                            })
                        }
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
                    let retry_after = retry_after(response.headers());
                    let give_up = SourceError::Status {
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
            tracing::warn!(%url, attempt, wait_ms = wait.as_millis() as u64, "retrying an HTTP request");
            tokio::time::sleep(wait).await;
        }
    }
}

/// Where the body of a successful response goes.
trait BodySink {
    /// Discards what an earlier attempt wrote.
    async fn restart(&mut self) -> std::io::Result<()>;
    async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()>;
}

impl BodySink for BytesMut {
    async fn restart(&mut self) -> std::io::Result<()> {
        self.clear();
        Ok(())
    }

    async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        self.extend_from_slice(chunk);
        Ok(())
    }
}

/// The temporary file a large body is written to.
struct Spool(tokio::fs::File);

impl BodySink for Spool {
    async fn restart(&mut self) -> std::io::Result<()> {
        use tokio::io::{AsyncSeekExt, AsyncWriteExt};
        self.0.flush().await?;
        self.0.set_len(0).await?;
        self.0.rewind().await.map(drop)
    }

    async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        tokio::io::AsyncWriteExt::write_all(&mut self.0, chunk).await
    }
}

enum BodyError {
    /// Reading the body failed (maybe worth a retry).
    Transport(reqwest::Error),
    /// Keeping it failed (not worth one).
    Sink(std::io::Error),
    /// Past [`MAX_BODY_BYTES`] (not worth one either: the same URL answers the same).
    TooLarge,
}

async fn read_body<S: BodySink>(
    mut response: reqwest::Response,
    sink: &mut S,
) -> Result<(), BodyError> {
    if response
        .content_length()
        .is_some_and(|length| length > MAX_BODY_BYTES)
    {
        return Err(BodyError::TooLarge);
    }
    sink.restart().await.map_err(BodyError::Sink)?;
    let mut read: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        read += chunk.len() as u64;
        if read > MAX_BODY_BYTES {
            return Err(BodyError::TooLarge);
        }
        sink.write(&chunk).await.map_err(BodyError::Sink)?;
    }
    Ok(())
}

/// The `Content-Type` of an HTML answer: a proxy's, a CDN's or a login page's, never the API's
/// data. Other types are read as JSON whatever they say (APIs label JSON `text/plain` or
/// nothing), and the JSON reader names what is wrong.
fn html(headers: &reqwest::header::HeaderMap) -> Option<String> {
    let content_type = headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = content_type.split(';').next()?.trim().to_ascii_lowercase();
    matches!(essence.as_str(), "text/html" | "application/xhtml+xml")
        .then(|| content_type.to_owned())
}

/// A failure worth another attempt: a timeout, a refused or reset connection, a body cut off.
pub fn retryable_transport(error: &reqwest::Error) -> bool {
    error.is_timeout() || error.is_connect() || error.is_request() || error.is_body()
}

fn transport(url: &str, attempts: u32, source: reqwest::Error) -> SourceError {
    SourceError::Transport {
        url: url.to_owned(),
        attempts,
        source,
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare for APIs and treated as absent).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};

    use super::html;

    fn with_type(value: &'static str) -> HeaderMap {
        HeaderMap::from_iter([(CONTENT_TYPE, HeaderValue::from_static(value))])
    }

    #[test]
    fn only_html_answers_are_refused_before_reading() {
        for refused in [
            "text/html",
            "text/html; charset=utf-8",
            "TEXT/HTML",
            "application/xhtml+xml",
        ] {
            assert_eq!(html(&with_type(refused)).as_deref(), Some(refused));
        }
        for read in [
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "application/octet-stream",
        ] {
            assert_eq!(html(&with_type(read)), None, "{read}");
        }
        assert_eq!(html(&HeaderMap::new()), None);
    }
}
