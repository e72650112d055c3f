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
}

/// One source record: a launch, or why it is not one.
pub type Record = Result<Launch, Rejection>;

/// The launches of one sync, as they are read.
pub type LaunchBatches = Batches<Record>;

/// A source of launches.
#[async_trait]
pub trait LaunchSource: Send + Sync {
    /// Starts reading the launches. What fails before the first batch (an unreachable API, a
    /// missing file) fails here; what is found broken later fails the batch that reaches it.
    async fn launches(&self) -> Result<LaunchBatches, SourceError>;
    /// A short, stable name for reports and metrics, such as `spacex-v4`.
    fn name(&self) -> &'static str;
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

/// Items read a batch at a time from a producer (a blocking thread or a task) through a bounded
/// channel: memory holds the batch being read, one waiting, and the one being used.
#[derive(Debug)]
pub struct Batches<T> {
    location: String,
    receiver: mpsc::Receiver<Result<Vec<T>, SourceError>>,
    producer: Option<JoinHandle<()>>,
}

impl<T> Batches<T> {
    /// Batches that `producer` sends through the sending side of `receiver`; the list ends when
    /// it drops its sender and returns. `location` names the data in errors.
    pub fn new(
        location: impl Into<String>,
        receiver: mpsc::Receiver<Result<Vec<T>, SourceError>>,
        producer: JoinHandle<()>,
    ) -> Self {
        Batches {
            location: location.into(),
            receiver,
            producer: Some(producer),
        }
    }

    /// The next batch, or `None` at the end. A producer that stops without finishing (a panic)
    /// is an error, never a short list.
    pub async fn next_batch(&mut self) -> Result<Option<Vec<T>>, SourceError> {
        if let Some(batch) = self.receiver.recv().await {
            return batch.map(Some);
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
}
