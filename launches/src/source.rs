//! What a sync reads from: the [`LaunchSource`] trait, the launches it hands over, and its errors.
//!
//! A source yields launches already normalised, a batch at a time, each either a [`Launch`] or
//! the [`Rejection`] of a record that is not one: the sync knows nothing of any source's record
//! shapes, and memory holds a few batches, never the whole list.

use async_trait::async_trait;
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::model::Launch;

/// Launches a source hands over at a time (the sync compares and writes them together).
pub const BATCH_SIZE: usize = 500;

/// A source record that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    /// The record's `id`, when it has a readable one.
    pub id: Option<String>,
    pub reason: String,
    /// The provider's name when the record is another provider's launch: not a broken record,
    /// only not SpaceX's (LL2 lists every provider). The sync counts these apart from invalid
    /// records and marks a row it holds under that id as moved away.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_provider: Option<String>,
}

impl Rejection {
    /// A record that is not a valid launch.
    pub fn invalid(id: Option<String>, reason: impl Into<String>) -> Self {
        Rejection {
            id,
            reason: reason.into(),
            other_provider: None,
        }
    }

    /// Another provider's launch (`provider`: its name; `agency_id`: the source's id for it).
    pub fn other_provider(id: String, provider: &str, agency_id: u32) -> Self {
        Rejection {
            id: Some(id),
            reason: format!("not a SpaceX launch: the provider is {provider} ({agency_id})"),
            other_provider: Some(provider.to_owned()),
        }
    }
}

/// One source record: a launch, or why it is not one.
pub type Record = Result<Launch, Rejection>;

/// Reads one raw record (JSON text) as `T`, or the [`Rejection`] that names its id (when it has
/// a readable one) and the field that is wrong. Every source's normaliser starts here.
pub fn parse_record<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, Rejection> {
    // serde would read a JSON array positionally as a struct; a record must be an object.
    if !raw.trim_start().starts_with('{') {
        return Err(Rejection::invalid(None, "the record is not a JSON object"));
    }
    let mut deserializer = serde_json::Deserializer::from_str(raw);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let reason = if path == "." {
            inner.to_string()
        } else {
            format!("{path}: {inner}")
        };
        Rejection::invalid(record_id(raw), reason)
    })
}

/// The record's `id`, when it has a non-empty string one.
fn record_id(raw: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct IdOnly {
        id: Option<serde_json::Value>,
    }
    serde_json::from_str::<IdOnly>(raw)
        .ok()
        .and_then(|r| r.id)
        .and_then(|id| id.as_str().map(str::to_owned))
        .filter(|id| !id.is_empty())
}

/// The launches of one sync, as they are read.
pub type LaunchBatches = Batches<Record>;

/// A source of launches.
#[async_trait]
pub trait LaunchSource: Send + Sync {
    /// Starts reading the launches, from `resume` (a checkpoint this source delivered in an
    /// earlier run; `None`: from the beginning). Sources that always deliver everything ignore
    /// it. What fails before the first batch (an unreachable API, a missing file) fails here;
    /// what is found broken later fails the batch that reaches it.
    async fn launches(&self, resume: Option<&str>) -> Result<LaunchBatches, SourceError>;
    /// A short, stable name for reports and metrics, such as `spacex-v4`.
    fn name(&self) -> &'static str;
    /// Whether the source delivers checkpoints to resume from; the sync reads and saves a cursor
    /// only for those that do.
    fn resumes(&self) -> bool {
        false
    }
    /// Where the data comes from, for logs and the dashboard's banner.
    fn describe(&self) -> String;
}

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
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
    /// `record` is the index of the record being read when the body turned out broken; serde's
    /// message gives the line and column.
    #[error("{location} is not a JSON array of records{}: {source}", at_record(*.record))]
    Decode {
        location: String,
        record: Option<usize>,
        #[source]
        source: serde_json::Error,
    },
    #[error("GET {url} answered 200 with an HTML page ({content_type}), not JSON: an error or login page of something between us and the API")]
    NotJson { url: String, content_type: String },
    #[error("GET {url}: the body is larger than {limit} bytes, more than any answer of this API")]
    TooLarge { url: String, limit: u64 },
    #[error("cannot read {location}: {source}")]
    Read {
        location: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the temporary file for {location}: {source}")]
    Spool {
        location: String,
        #[source]
        source: std::io::Error,
    },
    #[error("reading {location} stopped unexpectedly: {reason}")]
    Stopped { location: String, reason: String },
    #[error("invalid base URL `{0}`")]
    BaseUrl(String),
    #[error("cannot build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
}

fn at_record(record: Option<usize>) -> String {
    record.map_or_else(String::new, |index| format!(" (at record {index})"))
}

/// What a producer sends, in order.
#[derive(Debug)]
pub enum Delivery<T> {
    /// Items to compare and write.
    Items(Vec<T>),
    /// Where a later run may resume once every item sent before this one is stored.
    Checkpoint(String),
    /// How the reading ended, sent last by sources that have more to say than "complete".
    End(Ending),
}

/// How a source's reading ended, for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ending {
    /// Requests sent to the upstream API, by sources that must count them (a rate limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<u32>,
    /// Why the source stopped before the end of its data; what it delivered is good.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stop>,
}

/// A clean early stop: the next run resumes from the last checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Stop {
    /// The API answered 429: it says when to come back.
    Throttled {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_secs: Option<u64>,
        detail: String,
    },
    /// The run's request budget is spent.
    BudgetSpent { budget: u32 },
}

/// What travels through a [`Batches`] channel.
pub type Sent<T> = Result<Delivery<T>, SourceError>;

/// Items read a batch at a time from a producer (a blocking thread or a task) through a bounded
/// channel: memory holds the batch being read, one waiting, and the one being used.
#[derive(Debug)]
pub struct Batches<T> {
    location: String,
    receiver: mpsc::Receiver<Sent<T>>,
    producer: Option<JoinHandle<()>>,
    checkpoint: Option<String>,
    ending: Ending,
}

impl<T> Batches<T> {
    /// Batches that `producer` sends through the sending side of `receiver`; the list ends when
    /// it drops its sender and returns. `location` names the data in errors.
    pub fn new(
        location: impl Into<String>,
        receiver: mpsc::Receiver<Sent<T>>,
        producer: JoinHandle<()>,
    ) -> Self {
        Batches {
            location: location.into(),
            receiver,
            producer: Some(producer),
            checkpoint: None,
            ending: Ending::default(),
        }
    }

    /// The next batch, or `None` at the end. A producer that stops without finishing (a panic)
    /// is an error, never a short list. Checkpoints met on the way are kept for
    /// [`Self::take_checkpoint`].
    pub async fn next_batch(&mut self) -> Result<Option<Vec<T>>, SourceError> {
        while let Some(sent) = self.receiver.recv().await {
            match sent? {
                Delivery::Items(items) => return Ok(Some(items)),
                Delivery::Checkpoint(checkpoint) => self.checkpoint = Some(checkpoint),
                Delivery::End(ending) => self.ending = ending,
            }
        }
        match self.producer.take() {
            Some(producer) => match producer.await {
                Ok(()) => Ok(None),
                Err(error) => Err(SourceError::Stopped {
                    location: self.location.clone(),
                    reason: error.to_string(),
                }),
            },
            None => Ok(None),
        }
    }

    /// Every item still to come, in order: for small lists and tests (the sync reads batch by
    /// batch, to keep memory flat).
    pub async fn collect_all(mut self) -> Result<Vec<T>, SourceError> {
        let mut all = Vec::new();
        while let Some(batch) = self.next_batch().await? {
            all.extend(batch);
        }
        Ok(all)
    }

    /// The latest checkpoint received, once. It covers every batch returned before the call of
    /// [`Self::next_batch`] that met it: a caller that stores each batch before asking for the
    /// next may save it as soon as it has it.
    pub fn take_checkpoint(&mut self) -> Option<String> {
        self.checkpoint.take()
    }

    /// How the reading ended; meaningful once [`Self::next_batch`] has returned `None`.
    pub fn ending(&self) -> &Ending {
        &self.ending
    }
}
