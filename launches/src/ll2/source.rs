//! Launch Library 2 as a live source: SpaceX launches read a page at a time in `last_updated`
//! order, normalised, each page with the cursor a next run may resume from once it is stored.
//! A run from a recent cursor asks for every provider's updates (other providers' launches come
//! out as rejections that name the provider), so that a launch moved away from SpaceX is seen.
//!
//! Pagination is by KEYSET on `last_updated`, not by offset: each next page is asked with
//! `last_updated__gte` = the last record's `last_updated`. With offsets, a record updated while
//! we page moves to the end of the order and shifts every later record back by one, so the
//! record that slides across the page boundary is skipped for good (and the stored cursor would
//! then claim it was read). With a keyset, a moved record is simply met again later. `gte`
//! re-reads the records of the boundary timestamp; those already handed over in this run are
//! dropped. Only when a whole page shares one timestamp (the keyset would ask for the same page
//! again) is the envelope's `next` link (an offset within that timestamp) followed.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::Url;
use serde::Deserialize;
use tokio::sync::mpsc;

use super::client::{
    Ll2Client, Ll2Config, Ll2Error, PageAnswer, Providers, RequestBudget, Throttle,
};
use super::normalize::normalize_ll2_launch;
use crate::source::{
    Batches, Delivery, Ending, LaunchBatches, LaunchSource, Record, Sent, SourceError, Stop,
};

/// The source's name in reports and metrics.
pub const SOURCE_NAME: &str = "ll2";

/// Why a run stopped reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopReason {
    /// Every record updated since the starting cursor was read.
    Complete,
    /// LL2 answered 429 (or `/api-throttle/` said the hour's quota is gone): come back after
    /// `retry_after`.
    Throttled {
        retry_after: Option<Duration>,
        detail: String,
    },
    /// The run's request budget is spent; `budget` is what it was (the configured budget, or
    /// less when `/api-throttle/` said fewer requests were left).
    BudgetSpent { budget: u32 },
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StopReason::Complete => f.write_str("complete"),
            StopReason::Throttled {
                retry_after: Some(wait),
                detail,
            } => write!(f, "throttled, retry after {} s ({detail})", wait.as_secs()),
            StopReason::Throttled {
                retry_after: None,
                detail,
            } => write!(f, "throttled ({detail})"),
            StopReason::BudgetSpent { budget } => {
                write!(f, "request budget spent ({budget} requests)")
            }
        }
    }
}

/// One page, normalised.
#[derive(Debug)]
pub struct Ll2Page {
    pub records: Vec<Record>,
    /// Where a next run may start (`last_updated__gte`) once this page and those before it are
    /// stored: every record updated before it has been handed over. `None`: from the beginning.
    pub resume_from: Option<DateTime<Utc>>,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ll2End {
    pub stop: StopReason,
    /// Requests sent (the budget's count; `/api-throttle/` excluded).
    pub requests_sent: u32,
    /// Where the next run starts, once every page handed over is stored.
    pub resume_from: Option<DateTime<Utc>>,
    /// What `/api-throttle/` said at the start, when it was asked and answered.
    pub throttle: Option<Throttle>,
}

/// What [`Ll2Pages::next_page`] gives: a page, or (then for every later call) the end.
#[derive(Debug)]
pub enum Ll2Step {
    Page(Ll2Page),
    End(Ll2End),
}

/// The live LL2 source.
#[derive(Debug, Clone)]
pub struct Ll2Source {
    client: Arc<Ll2Client>,
}

impl Ll2Source {
    pub fn new(config: Ll2Config) -> Result<Self, Ll2Error> {
        Ok(Ll2Source {
            client: Arc::new(Ll2Client::new(config)?),
        })
    }

    pub fn client(&self) -> &Ll2Client {
        &self.client
    }

    /// Starts a run reading the launches updated at or after `since` (`None`: all of them, a
    /// backfill), with a fresh request budget: SpaceX's, and other providers' too when `since`
    /// is recent ([`Ll2Config::every_provider_within`]). Asks `/api-throttle/` first when so
    /// configured (not counted); if that fails the run goes on with its own budget.
    pub async fn pages(&self, since: Option<DateTime<Utc>>) -> Result<Ll2Pages, Ll2Error> {
        let config = self.client.config();
        let mut budget = config.request_budget;
        let mut throttle = None;
        let mut ended = None;
        if config.check_throttle {
            match self.client.throttle().await {
                Ok(answer) => {
                    tracing::info!(
                        limit = answer.your_request_limit,
                        used = answer.current_use,
                        next_use_secs = answer.next_use_secs,
                        "LL2 rate limit"
                    );
                    if answer.remaining() == 0 || answer.next_use_secs > 0 {
                        ended = Some(StopReason::Throttled {
                            retry_after: Some(Duration::from_secs(answer.next_use_secs.into())),
                            detail: format!(
                                "api-throttle: {} of {} requests used in {} s",
                                answer.current_use,
                                answer.your_request_limit,
                                answer.limit_frequency_secs
                            ),
                        });
                    }
                    budget = budget.min(answer.remaining());
                    throttle = Some(answer);
                }
                Err(error) => {
                    tracing::warn!(%error, "LL2 api-throttle unanswered; using the configured budget")
                }
            }
        }
        let providers = Providers::for_cursor(since, config.every_provider_within, Utc::now());
        if providers == Providers::Every {
            tracing::info!(
                ?since,
                "LL2: asking for every provider's updates, to see launches moved away from SpaceX"
            );
        }
        let ended = ended.map(|stop| Ll2End {
            stop,
            requests_sent: 0,
            resume_from: since,
            throttle: throttle.clone(),
        });
        Ok(Ll2Pages {
            client: Arc::clone(&self.client),
            budget: RequestBudget::new(budget),
            next: Some(Request {
                url: self.client.updated_since_url(since, providers),
                since,
            }),
            providers,
            cursor: since,
            seen_at_cursor: HashSet::new(),
            throttle,
            ended,
        })
    }
}

/// The next request of a run, and the `last_updated__gte` it asks with.
#[derive(Debug)]
struct Request {
    url: Url,
    since: Option<DateTime<Utc>>,
}

/// One run of an [`Ll2Source`], read page by page.
#[derive(Debug)]
pub struct Ll2Pages {
    client: Arc<Ll2Client>,
    budget: RequestBudget,
    /// `None` once the last page was read.
    next: Option<Request>,
    /// Whose launches every page of the run asks for.
    providers: Providers,
    /// The latest `last_updated` handed over (or the starting cursor).
    cursor: Option<DateTime<Utc>>,
    /// Ids handed over whose `last_updated` is `cursor`: `gte` sends them again.
    seen_at_cursor: HashSet<String>,
    throttle: Option<Throttle>,
    ended: Option<Ll2End>,
}

impl Ll2Pages {
    /// Requests sent so far (also after an error).
    pub fn requests_sent(&self) -> u32 {
        self.budget.sent()
    }

    /// Where a next run may start once every page handed over so far is stored.
    pub fn resume_from(&self) -> Option<DateTime<Utc>> {
        self.cursor
    }

    /// The next page, or the end and why. An error (a failed request after its retries, a body
    /// that is not an LL2 page) leaves [`Self::resume_from`] at the last page handed over.
    pub async fn next_page(&mut self) -> Result<Ll2Step, Ll2Error> {
        if let Some(end) = &self.ended {
            return Ok(Ll2Step::End(end.clone()));
        }
        let Some(request) = self.next.take() else {
            return Ok(Ll2Step::End(self.end(StopReason::Complete)));
        };
        let page = match self.client.page(&request.url, &self.budget).await {
            Ok(PageAnswer::Page(page)) => page,
            Ok(PageAnswer::BudgetSpent) => {
                let budget = self.budget.limit();
                return Ok(Ll2Step::End(self.end(StopReason::BudgetSpent { budget })));
            }
            Ok(PageAnswer::Throttled {
                retry_after,
                detail,
            }) => {
                tracing::warn!(retry_after_secs = retry_after.map(|w| w.as_secs()), %detail, "LL2 throttled the run");
                return Ok(Ll2Step::End(self.end(StopReason::Throttled {
                    retry_after,
                    detail,
                })));
            }
            Err(error) => {
                // Asked again by the next call (and counted again): the caller decides.
                self.next = Some(request);
                return Err(error);
            }
        };
        // Scanned into copies, kept only once the next request is known: an error leaves the
        // run where it was, so the cursor never claims a page that was not handed over.
        let mut cursor = self.cursor;
        let mut seen = self.seen_at_cursor.clone();
        let mut records = Vec::with_capacity(page.results.len());
        let mut dropped = 0;
        for raw in &page.results {
            let keys = RecordKeys::read(raw.get());
            if let (Some(id), Some(updated)) = (keys.id, keys.last_updated) {
                match cursor {
                    Some(at) if updated == at => {
                        if !seen.insert(id) {
                            dropped += 1;
                            continue;
                        }
                    }
                    Some(at) if updated < at => {}
                    _ => {
                        cursor = Some(updated);
                        seen.clear();
                        seen.insert(id);
                    }
                }
            }
            records.push(normalize_ll2_launch(raw.get()));
        }
        let next = match (&page.next, page.results.is_empty()) {
            (None, _) | (_, true) => None,
            (Some(_), false) if cursor != request.since => Some(Request {
                url: self.client.updated_since_url(cursor, self.providers),
                since: cursor,
            }),
            // The whole page shares the timestamp it was asked with: the keyset would get the
            // same page again, so take the next offset within that timestamp.
            (Some(next), false) => match self.client.next_url(&request.url, next) {
                Ok(url) => Some(Request {
                    url,
                    since: request.since,
                }),
                Err(error) => {
                    self.next = Some(request);
                    return Err(error);
                }
            },
        };
        self.cursor = cursor;
        self.seen_at_cursor = seen;
        self.next = next;
        tracing::info!(
            records = records.len(),
            dropped_as_seen = dropped,
            count = page.count,
            resume_from = ?self.cursor,
            requests_sent = self.budget.sent(),
            "LL2 page"
        );
        Ok(Ll2Step::Page(Ll2Page {
            records,
            resume_from: self.cursor,
        }))
    }

    fn end(&mut self, stop: StopReason) -> Ll2End {
        let end = Ll2End {
            stop,
            requests_sent: self.budget.sent(),
            resume_from: self.cursor,
            throttle: self.throttle.clone(),
        };
        self.next = None;
        self.ended = Some(end.clone());
        end
    }
}

/// What the keyset needs of a raw record, read apart from the normalisation: a record it
/// rejects still moves the cursor.
#[derive(Default, Deserialize)]
struct RecordKeys {
    id: Option<String>,
    #[serde(default, deserialize_with = "timestamp")]
    last_updated: Option<DateTime<Utc>>,
}

impl RecordKeys {
    fn read(raw: &str) -> Self {
        serde_json::from_str(raw).unwrap_or_default()
    }
}

fn timestamp<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    let text: Option<String> = Option::deserialize(deserializer)?;
    Ok(text
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc)))
}

impl From<Ll2Error> for SourceError {
    fn from(error: Ll2Error) -> Self {
        match error {
            Ll2Error::BaseUrl(url) => SourceError::BaseUrl(url),
            Ll2Error::Client(source) => SourceError::Client(source),
            Ll2Error::Status {
                url,
                status,
                attempts,
            } => SourceError::Status {
                url,
                status,
                attempts,
            },
            Ll2Error::Transport {
                url,
                attempts,
                source,
            } => SourceError::Transport {
                url,
                attempts,
                source,
            },
            // SourceError has no variant for these yet; the message keeps all they say.
            other => SourceError::Stopped {
                location: "Launch Library 2".into(),
                reason: other.to_string(),
            },
        }
    }
}

#[async_trait]
impl LaunchSource for Ll2Source {
    /// Launches updated since `resume` (an RFC 3339 `last_updated` this source delivered
    /// as a checkpoint; `None`: all of them), a page a batch, each followed by the checkpoint a
    /// later run resumes from. A throttled answer or a spent budget ends the reading cleanly:
    /// what came before is good, and the ending says why it stopped.
    async fn launches(&self, resume: Option<&str>) -> Result<LaunchBatches, SourceError> {
        let since = resume.and_then(|cursor| match DateTime::parse_from_rfc3339(cursor) {
            Ok(time) => Some(time.with_timezone(&Utc)),
            Err(error) => {
                // Reading everything again never skips a change; guessing would.
                tracing::warn!(%cursor, %error, "unreadable LL2 cursor: reading from the beginning");
                None
            }
        });
        let mut pages = self.pages(since).await?;
        let location = self.describe();
        let (sender, receiver) = mpsc::channel(2);
        let producer = tokio::spawn(async move {
            loop {
                let sent: Vec<Sent<Record>> = match pages.next_page().await {
                    Ok(Ll2Step::Page(page)) => {
                        let mut sent = vec![Ok(Delivery::Items(page.records))];
                        if let Some(resume) = page.resume_from {
                            sent.push(Ok(Delivery::Checkpoint(
                                resume.to_rfc3339_opts(SecondsFormat::Secs, true),
                            )));
                        }
                        sent
                    }
                    Ok(Ll2Step::End(end)) => {
                        let stopped = match end.stop {
                            StopReason::Complete => None,
                            StopReason::Throttled {
                                retry_after,
                                detail,
                            } => Some(Stop::Throttled {
                                retry_after_secs: retry_after.map(|d| d.as_secs()),
                                detail,
                            }),
                            StopReason::BudgetSpent { budget } => {
                                Some(Stop::BudgetSpent { budget })
                            }
                        };
                        let ending = Ending {
                            requests: Some(end.requests_sent),
                            stopped,
                        };
                        let _ = sender.send(Ok(Delivery::End(ending))).await;
                        return;
                    }
                    Err(error) => vec![Err(error.into())],
                };
                for item in sent {
                    let last = item.is_err();
                    if sender.send(item).await.is_err() || last {
                        return;
                    }
                }
            }
        });
        Ok(Batches::new(location, receiver, producer))
    }

    fn resumes(&self) -> bool {
        true
    }

    fn name(&self) -> &'static str {
        SOURCE_NAME
    }

    fn describe(&self) -> String {
        let access = if self.client.has_api_key() {
            "with an API key"
        } else {
            "anonymous"
        };
        format!("Launch Library 2 at {} ({access})", self.client.base_url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_keys_survive_broken_records() {
        let keys = RecordKeys::read(r#"{"id": "a", "last_updated": "2024-01-02T03:04:05Z"}"#);
        assert_eq!(keys.id.as_deref(), Some("a"));
        assert_eq!(
            keys.last_updated.map(|t| t.to_rfc3339()),
            Some("2024-01-02T03:04:05+00:00".into())
        );
        let keys = RecordKeys::read(r#"{"id": "b", "last_updated": "yesterday"}"#);
        assert_eq!((keys.id.as_deref(), keys.last_updated), (Some("b"), None));
        let keys = RecordKeys::read("[1, 2]");
        assert_eq!((keys.id, keys.last_updated), (None, None));
    }

    #[test]
    fn stop_reasons_read_plainly() {
        let throttled = StopReason::Throttled {
            retry_after: Some(Duration::from_secs(90)),
            detail: "Request was throttled. Expected available in 90 seconds.".into(),
        };
        assert_eq!(
            throttled.to_string(),
            "throttled, retry after 90 s (Request was throttled. Expected available in 90 seconds.)"
        );
        assert_eq!(
            StopReason::BudgetSpent { budget: 3 }.to_string(),
            "request budget spent (3 requests)"
        );
    }
}
