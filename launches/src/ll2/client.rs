//! The Launch Library 2 HTTP client: one page of SpaceX launches at a time, every request
//! counted against the run's [`RequestBudget`], a throttled answer (429) a clean stop rather
//! than an error.
//!
//! LL2 allows 15 requests an hour per IP without a key (a key raises it), and a run must never
//! send more than its budget. `/api-throttle/`, which LL2 does not count, says what is left.
//!
//! Why not [`crate::http::HttpClient::get`], which the SpaceX client uses: it retries a 429 after
//! `Retry-After` and retries up to four times without counting. For LL2 every attempt, retries
//! included, spends one of a few requests an hour, and a 429 means the hour's quota is gone (its
//! `Retry-After` is minutes, not seconds), so here a 429 ends the run at once, a retry happens
//! only while the budget allows it, and a body is capped. The client set-up, the reading of
//! `Retry-After` and which failures are worth a retry are shared with it ([`crate::http`]).

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{StatusCode, Url};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::http::{build_client, retry_after, retryable_transport, HttpConfig};
use crate::retry::Backoff;

pub const DEFAULT_BASE_URL: &str = "https://ll.thespacedevs.com";
/// The supported API version (2.2.0 is marked unsupported upstream).
pub const API_VERSION: &str = "2.3.0";
/// SpaceX's agency id, the `lsp__id` filter.
pub const SPACEX_PROVIDER_ID: u32 = super::SPACEX_AGENCY_ID;
/// LL2 answers at most 100 records a page.
pub const MAX_PAGE_SIZE: u32 = 100;
/// The launch list, under the base URL.
pub const LAUNCHES_PATH: &str = "/2.3.0/launches/";
/// What is left of the rate limit (not counted by LL2).
pub const THROTTLE_PATH: &str = "/2.3.0/api-throttle/";

/// An LL2 API key. It is sent as `Authorization: Token …` (a header marked sensitive) and never
/// shown: its `Debug` is redacted and it has no `Display`, so it cannot reach a log, a report or
/// an error by accident.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    /// `None` for an empty or blank value (an SSM parameter created empty means "no key").
    pub fn new(key: impl Into<String>) -> Option<Self> {
        let key = key.into().trim().to_owned();
        (!key.is_empty()).then_some(ApiKey(key))
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Whose launches a run asks for ([`Ll2Config::every_provider_within`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Providers {
    SpaceX,
    Every,
}

impl Providers {
    /// SpaceX's alone for a backfill (`since` is `None`) and for a cursor older than `within`
    /// at `now`; every provider's otherwise.
    pub fn for_cursor(since: Option<DateTime<Utc>>, within: Duration, now: DateTime<Utc>) -> Self {
        let within = chrono::Duration::from_std(within).unwrap_or(chrono::Duration::MAX);
        match since {
            Some(since) if now.signed_duration_since(since) <= within => Providers::Every,
            _ => Providers::SpaceX,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Ll2Config {
    pub base_url: String,
    pub api_key: Option<ApiKey>,
    /// Requests one run may send, retries included (`/api-throttle/` is not counted). The
    /// anonymous limit is 15 an hour; a full backfill is about 9 pages.
    pub request_budget: u32,
    /// Records a page (at most [`MAX_PAGE_SIZE`]).
    pub page_size: u32,
    /// The largest body accepted: a page of 100 detailed records is about 2.5 MB; anything far
    /// larger is not an LL2 answer, and reading it would only cost the Lambda its memory.
    pub max_body_bytes: usize,
    /// Timeouts and retries. Each retry costs budget, so the default makes two attempts in all;
    /// `max_retry_after` is not used (a 429 is never waited for).
    pub http: HttpConfig,
    /// Asks `/api-throttle/` first, to stop at once when the hour's quota is gone and never to
    /// plan more requests than are left.
    pub check_throttle: bool,
    /// A run whose cursor is at most this old asks for every provider's updates, not only
    /// SpaceX's: a launch LL2 moves to another provider leaves the SpaceX list without a trace,
    /// and only its record under the new provider tells the sync it moved. An older cursor (a
    /// backfill being resumed, a long outage caught up) asks for SpaceX's alone: every
    /// provider's updates over weeks would cost many times the hour's budget. The schedule
    /// runs every 6 hours, so a day of failed runs still fits the default.
    pub every_provider_within: Duration,
}

impl Default for Ll2Config {
    fn default() -> Self {
        Ll2Config {
            base_url: DEFAULT_BASE_URL.into(),
            api_key: None,
            request_budget: 10,
            page_size: MAX_PAGE_SIZE,
            max_body_bytes: 16 * 1024 * 1024,
            http: HttpConfig {
                connect_timeout: Duration::from_secs(5),
                timeout: Duration::from_secs(30),
                backoff: Backoff {
                    max_attempts: 2,
                    base: Duration::from_secs(1),
                    max: Duration::from_secs(4),
                },
                max_retry_after: Duration::ZERO,
            },
            check_throttle: true,
            every_provider_within: Duration::from_secs(3 * 24 * 3600),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Ll2Error {
    #[error("invalid Launch Library 2 base URL `{0}`")]
    BaseUrl(String),
    /// The key itself is never part of the message.
    #[error("the LL2 API key holds characters an HTTP header cannot carry")]
    ApiKey,
    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
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
    #[error("GET {url}: the body is larger than {limit} bytes, far more than any LL2 page")]
    TooLarge { url: String, limit: usize },
    #[error("GET {url}: the body ({content_type}) is not UTF-8 text: {source}")]
    NotUtf8 {
        url: String,
        content_type: String,
        #[source]
        source: std::str::Utf8Error,
    },
    #[error("GET {url}: the body ({content_type}) is not an LL2 answer: {source}")]
    Decode {
        url: String,
        content_type: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("GET {url}: the `next` link `{next}` is not a URL")]
    NextLink { url: String, next: String },
}

/// The requests one run may send. Every attempt takes one before it is sent, so the count can
/// never pass the limit, whatever fails.
#[derive(Debug)]
pub struct RequestBudget {
    limit: u32,
    sent: AtomicU32,
}

impl RequestBudget {
    pub fn new(limit: u32) -> Self {
        RequestBudget {
            limit,
            sent: AtomicU32::new(0),
        }
    }

    /// Takes one request, or says there is none left.
    pub fn try_take(&self) -> bool {
        self.sent
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |sent| {
                (sent < self.limit).then_some(sent + 1)
            })
            .is_ok()
    }

    pub fn sent(&self) -> u32 {
        self.sent.load(Ordering::Relaxed)
    }

    pub fn limit(&self) -> u32 {
        self.limit
    }
}

/// One page of the `{count, next, previous, results}` envelope; the records are kept raw (the
/// normaliser reads each, and one broken record must not fail the page).
#[derive(Debug, Deserialize)]
pub struct Page {
    pub count: u64,
    pub next: Option<String>,
    pub results: Vec<Box<RawValue>>,
}

/// What asking for a page gave.
#[derive(Debug)]
pub enum PageAnswer {
    Page(Page),
    /// 429: LL2 says when to come back (`Retry-After`, and the body's `detail`).
    Throttled {
        retry_after: Option<Duration>,
        detail: String,
    },
    /// The run's budget is spent: nothing was sent.
    BudgetSpent,
}

/// What `/api-throttle/` reports.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Throttle {
    pub your_request_limit: u32,
    pub limit_frequency_secs: u32,
    pub current_use: u32,
    pub next_use_secs: u32,
}

impl Throttle {
    /// Requests left in the current period.
    pub fn remaining(&self) -> u32 {
        self.your_request_limit.saturating_sub(self.current_use)
    }
}

#[derive(Debug)]
pub struct Ll2Client {
    http: reqwest::Client,
    config: Ll2Config,
    base_url: Url,
}

impl Ll2Client {
    pub fn new(config: Ll2Config) -> Result<Self, Ll2Error> {
        let trimmed = config.base_url.trim_end_matches('/');
        let base_url = Url::parse(trimmed)
            .ok()
            .filter(|url| !url.cannot_be_a_base() && url.query().is_none())
            .ok_or_else(|| Ll2Error::BaseUrl(config.base_url.clone()))?;
        let mut headers = HeaderMap::new();
        if let Some(ApiKey(key)) = &config.api_key {
            let mut value =
                HeaderValue::from_str(&format!("Token {key}")).map_err(|_| Ll2Error::ApiKey)?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        let http = build_client(&config.http, headers).map_err(Ll2Error::Client)?;
        Ok(Ll2Client {
            http,
            config,
            base_url,
        })
    }

    pub fn base_url(&self) -> &str {
        self.base_url.as_str().trim_end_matches('/')
    }

    pub fn config(&self) -> &Ll2Config {
        &self.config
    }

    pub fn has_api_key(&self) -> bool {
        self.config.api_key.is_some()
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.base_url.clone();
        let base_path = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base_path}{path}"));
        url
    }

    /// The first page of launches updated at or after `since` (all of them for `None`), oldest
    /// update first, in detailed mode: SpaceX's, or every provider's when `providers` says so.
    /// `id` breaks ties, so that pages of one timestamp come in the same order each time (DRF's
    /// ordering takes a list of fields).
    pub fn updated_since_url(&self, since: Option<DateTime<Utc>>, providers: Providers) -> Url {
        let mut url = self.url(LAUNCHES_PATH);
        {
            let mut query = url.query_pairs_mut();
            if providers == Providers::SpaceX {
                query.append_pair("lsp__id", &SPACEX_PROVIDER_ID.to_string());
            }
            query
                .append_pair("mode", "detailed")
                .append_pair(
                    "limit",
                    &self.config.page_size.clamp(1, MAX_PAGE_SIZE).to_string(),
                )
                .append_pair("ordering", "last_updated,id");
            if let Some(since) = since {
                query.append_pair(
                    "last_updated__gte",
                    &since.to_rfc3339_opts(SecondsFormat::Secs, true),
                );
            }
        }
        url
    }

    /// The page an envelope's `next` link names, asked of our own base URL: only its query is
    /// taken, so the API key is never sent to another host a link might name (nor over plain
    /// HTTP when a proxy makes LL2 write `http://` links).
    pub fn next_url(&self, current: &Url, next: &str) -> Result<Url, Ll2Error> {
        let link = Url::parse(next).map_err(|_| Ll2Error::NextLink {
            url: current.to_string(),
            next: next.to_owned(),
        })?;
        let mut url = current.clone();
        url.set_query(link.query());
        Ok(url)
    }

    /// GETs one page; every attempt takes one request of `budget` before it is sent.
    pub async fn page(&self, url: &Url, budget: &RequestBudget) -> Result<PageAnswer, Ll2Error> {
        let backoff = &self.config.http.backoff;
        let url_text = url.as_str();
        let mut attempt = 0;
        loop {
            if !budget.try_take() {
                return Ok(PageAnswer::BudgetSpent);
            }
            attempt += 1;
            let last = attempt >= backoff.max_attempts;
            tracing::debug!(url = url_text, attempt, "LL2 request");
            let failure = match self.http.get(url.clone()).send().await {
                Ok(response) if response.status() == StatusCode::TOO_MANY_REQUESTS => {
                    let retry_after = retry_after(response.headers());
                    // The body only adds the wording; a broken one still means "throttled".
                    let body = self.body(response).await.unwrap_or_default();
                    return Ok(PageAnswer::Throttled {
                        retry_after,
                        detail: throttle_detail(&body),
                    });
                }
                Ok(response) if response.status().is_success() => {
                    let content_type = content_type(response.headers());
                    match self.body(response).await {
                        Ok(body) => {
                            return decode(url_text, &content_type, &body).map(PageAnswer::Page)
                        }
                        Err(BodyError::Read(source)) => Ll2Error::Transport {
                            url: url_text.to_owned(),
                            attempts: attempt,
                            source,
                        },
                        Err(BodyError::TooLarge) => {
                            return Err(Ll2Error::TooLarge {
                                url: url_text.to_owned(),
                                limit: self.config.max_body_bytes,
                            })
                        }
                    }
                }
                Ok(response) => {
                    let status = response.status();
                    let error = Ll2Error::Status {
                        url: url_text.to_owned(),
                        status,
                        attempts: attempt,
                    };
                    if !status.is_server_error() {
                        return Err(error);
                    }
                    error
                }
                Err(source) if retryable_transport(&source) => Ll2Error::Transport {
                    url: url_text.to_owned(),
                    attempts: attempt,
                    source: source.without_url(),
                },
                Err(source) => {
                    return Err(Ll2Error::Transport {
                        url: url_text.to_owned(),
                        attempts: attempt,
                        source: source.without_url(),
                    })
                }
            };
            // A retry the budget cannot pay for ends with the failure, which says more than
            // "budget spent" would.
            if last || budget.sent() >= budget.limit() {
                return Err(failure);
            }
            let wait = backoff.delay(attempt);
            tracing::warn!(url = url_text, attempt, wait_ms = wait.as_millis() as u64, error = %failure, "retrying an LL2 request");
            tokio::time::sleep(wait).await;
        }
    }

    /// What is left of the rate limit; LL2 does not count this request, and neither does the
    /// budget. No retries: it is advice, and the run goes on without it.
    pub async fn throttle(&self) -> Result<Throttle, Ll2Error> {
        let url = self.url(THROTTLE_PATH);
        let url_text = url.as_str();
        let response =
            self.http
                .get(url.clone())
                .send()
                .await
                .map_err(|source| Ll2Error::Transport {
                    url: url_text.to_owned(),
                    attempts: 1,
                    source: source.without_url(),
                })?;
        let status = response.status();
        if !status.is_success() {
            return Err(Ll2Error::Status {
                url: url_text.to_owned(),
                status,
                attempts: 1,
            });
        }
        let content_type = content_type(response.headers());
        let body = self.body(response).await.map_err(|error| match error {
            BodyError::Read(source) => Ll2Error::Transport {
                url: url_text.to_owned(),
                attempts: 1,
                source,
            },
            BodyError::TooLarge => Ll2Error::TooLarge {
                url: url_text.to_owned(),
                limit: self.config.max_body_bytes,
            },
        })?;
        decode(url_text, &content_type, &body)
    }

    /// Reads a body up to the size cap, refusing early when `Content-Length` says it is larger.
    async fn body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, BodyError> {
        let limit = self.config.max_body_bytes;
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(BodyError::TooLarge);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|source| BodyError::Read(source.without_url()))?
        {
            if body.len() + chunk.len() > limit {
                return Err(BodyError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

enum BodyError {
    Read(reqwest::Error),
    TooLarge,
}

/// UTF-8 first, so that a body in another encoding is named as such, not as a JSON error.
fn decode<T: serde::de::DeserializeOwned>(
    url: &str,
    content_type: &str,
    body: &[u8],
) -> Result<T, Ll2Error> {
    let text = std::str::from_utf8(body).map_err(|source| Ll2Error::NotUtf8 {
        url: url.to_owned(),
        content_type: content_type.to_owned(),
        source,
    })?;
    serde_json::from_str(text).map_err(|source| Ll2Error::Decode {
        url: url.to_owned(),
        content_type: content_type.to_owned(),
        source,
    })
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("no content type")
        .to_owned()
}

/// The `detail` of a throttled answer (`{"detail": "Request was throttled. Expected available in
/// N seconds."}`), or a plain note when the body is something else.
fn throttle_detail(body: &[u8]) -> String {
    #[derive(Deserialize)]
    struct Detail {
        detail: String,
    }
    serde_json::from_slice::<Detail>(body)
        .map(|d| d.detail)
        .unwrap_or_else(|_| "throttled (429) without a readable detail".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base_url: &str, key: Option<&str>) -> Result<Ll2Client, Ll2Error> {
        Ll2Client::new(Ll2Config {
            base_url: base_url.into(),
            api_key: key.and_then(ApiKey::new),
            page_size: 500,
            ..Ll2Config::default()
        })
    }

    #[test]
    fn first_url_filters_spacex_detailed_by_last_update() {
        let client = client("https://ll.example/", None).expect("client");
        let since = DateTime::parse_from_rfc3339("2024-05-06T07:08:09+02:00")
            .expect("date")
            .with_timezone(&Utc);
        assert_eq!(
            client
                .updated_since_url(Some(since), Providers::SpaceX)
                .as_str(),
            "https://ll.example/2.3.0/launches/?lsp__id=121&mode=detailed&limit=100\
             &ordering=last_updated%2Cid&last_updated__gte=2024-05-06T05%3A08%3A09Z"
        );
        assert_eq!(
            client
                .updated_since_url(Some(since), Providers::Every)
                .as_str(),
            "https://ll.example/2.3.0/launches/?mode=detailed&limit=100\
             &ordering=last_updated%2Cid&last_updated__gte=2024-05-06T05%3A08%3A09Z"
        );
        assert!(!client
            .updated_since_url(None, Providers::SpaceX)
            .as_str()
            .contains("last_updated__gte"));
    }

    #[test]
    fn only_a_recent_cursor_asks_for_every_provider() {
        let now = DateTime::parse_from_rfc3339("2026-11-29T12:00:00Z")
            .expect("date")
            .with_timezone(&Utc);
        let within = Duration::from_secs(3 * 24 * 3600);
        let hours_ago = |h: i64| Some(now - chrono::Duration::hours(h));
        assert_eq!(Providers::for_cursor(None, within, now), Providers::SpaceX);
        assert_eq!(
            Providers::for_cursor(hours_ago(6), within, now),
            Providers::Every
        );
        assert_eq!(
            Providers::for_cursor(hours_ago(72), within, now),
            Providers::Every
        );
        assert_eq!(
            Providers::for_cursor(hours_ago(73), within, now),
            Providers::SpaceX
        );
        // A cursor in the future (a clock ahead of ours) is recent.
        assert_eq!(
            Providers::for_cursor(hours_ago(-1), within, now),
            Providers::Every
        );
        assert_eq!(
            Providers::for_cursor(hours_ago(24 * 365 * 100), Duration::MAX, now),
            Providers::Every
        );
    }

    #[test]
    fn a_base_url_with_a_path_keeps_it() {
        let client = client("http://proxy.local/ll2/", None).expect("client");
        assert!(client
            .updated_since_url(None, Providers::SpaceX)
            .as_str()
            .starts_with("http://proxy.local/ll2/2.3.0/launches/?"));
    }

    #[test]
    fn next_links_keep_our_host_and_scheme() {
        let client = client("https://ll.example", None).expect("client");
        let first = client.updated_since_url(None, Providers::SpaceX);
        let next = client
            .next_url(
                &first,
                "http://elsewhere.example/2.3.0/launches/?limit=100&offset=100",
            )
            .expect("a URL");
        assert_eq!(
            next.as_str(),
            "https://ll.example/2.3.0/launches/?limit=100&offset=100"
        );
        assert!(matches!(
            client.next_url(&first, "not a url"),
            Err(Ll2Error::NextLink { .. })
        ));
    }

    #[test]
    fn a_bad_key_is_its_own_error_and_never_shown() {
        let secret = "abc\ndef-secret";
        let error = client("https://ll.example", Some(secret)).expect_err("bad header");
        assert!(matches!(error, Ll2Error::ApiKey));
        assert!(!format!("{error} {error:?}").contains("secret"));
        assert!(client("not a url", None).is_err());
    }

    #[test]
    fn blank_keys_are_no_keys_and_debug_is_redacted() {
        assert!(ApiKey::new("  ").is_none());
        let client = client("https://ll.example", Some("k3y-s3cr3t")).expect("client");
        let shown = format!("{client:?}");
        assert!(!shown.contains("k3y-s3cr3t"), "{shown}");
        assert!(client.has_api_key());
    }

    #[test]
    fn the_budget_never_passes_its_limit() {
        let budget = RequestBudget::new(2);
        assert!(budget.try_take());
        assert!(budget.try_take());
        assert!(!budget.try_take());
        assert_eq!(budget.sent(), 2);
    }

    #[test]
    fn throttle_detail_reads_the_drf_body() {
        let body = br#"{"detail": "Request was throttled. Expected available in 42 seconds."}"#;
        assert_eq!(
            throttle_detail(body),
            "Request was throttled. Expected available in 42 seconds."
        );
        assert!(throttle_detail(b"<html>").contains("without a readable detail"));
    }
}
