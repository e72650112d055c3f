//! The store abstraction: the [`LaunchStore`] trait, its errors, and the date range it reads.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::history::HistoryEntry;
use crate::model::Launch;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DynamoDB {operation} failed: {message}")]
    Dynamo {
        operation: &'static str,
        message: String,
    },
    #[error("{count} launch(es) still unwritten after {attempts} attempts: {}", ids.join(", "))]
    Unwritten {
        count: usize,
        attempts: u32,
        ids: Vec<String>,
    },
    /// A write call failed (a timeout, a refused request): the launches of every batch not
    /// confirmed written are named. A batch in flight when the call failed may still have
    /// landed; rewriting it is harmless (a put of the same item).
    #[error("{cause}; {} launch(es) not confirmed written: {}", ids.len(), ids.join(", "))]
    WriteFailed {
        #[source]
        cause: Box<StoreError>,
        ids: Vec<String>,
    },
    #[error("stored item {id} cannot be read as a launch: {message}")]
    Corrupt { id: String, message: String },
    #[error("launch {id} cannot be stored: {reason}")]
    Inadmissible { id: String, reason: String },
    #[error("{store} keeps no launch history")]
    NoHistory { store: String },
}

/// An inclusive range of launch dates; `None` on a side means unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl DateRange {
    pub const ALL: DateRange = DateRange {
        from: None,
        to: None,
    };

    pub fn contains(&self, date: DateTime<Utc>) -> bool {
        self.from.is_none_or(|from| date >= from) && self.to.is_none_or(|to| date <= to)
    }
}

/// The operations both binaries need. Implementations must give the same answers for the same
/// data (the dashboard's tests run on both).
#[async_trait]
pub trait LaunchStore: Send + Sync {
    /// The stored launch of each of `ids` that is stored (the sync compares content hashes, and
    /// keeps what another source contributed to a row).
    async fn stored_launches(&self, ids: &[&str]) -> Result<HashMap<String, Launch>, StoreError>;
    /// Creates or replaces `launches`; all are written or the call fails naming those that
    /// were not.
    async fn put_launches(&self, launches: &[Launch]) -> Result<(), StoreError>;
    /// Launches dated within `range`, in date order (then id).
    async fn launches_in_range(&self, range: DateRange) -> Result<Vec<Launch>, StoreError>;
    async fn get_launch(&self, id: &str) -> Result<Option<Launch>, StoreError>;
    /// Where `source` asked to resume, as it last saved it (see [`crate::source::Batches`]).
    async fn cursor(&self, source: &str) -> Result<Option<String>, StoreError>;
    /// Saves where `source` resumes; called only once what it covers is stored.
    async fn save_cursor(&self, source: &str, cursor: &str) -> Result<(), StoreError>;
    /// Notes that launches were just written (`at`: the writer's clock), so that a reader can
    /// tell an unchanged store from a changed one with one small read ([`Self::changed_at`]).
    /// Stores that readers read whole anyway need not keep it.
    async fn mark_changed(&self, _at: DateTime<Utc>) -> Result<(), StoreError> {
        Ok(())
    }
    /// When launches were last written, as [`Self::mark_changed`] noted it; `None`: the store
    /// keeps no mark (read the launches to know).
    async fn changed_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(None)
    }
    /// Creates or replaces `entries` (keyed by launch id and `seq`); all are written or the call
    /// fails. The sync calls it before [`Self::put_launches`] (see [`crate::history`]).
    async fn put_history(&self, entries: &[HistoryEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        Err(StoreError::NoHistory {
            store: self.describe(),
        })
    }
    /// The history of launch `id`, oldest first (by `seq`).
    async fn launch_history(&self, _id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        Err(StoreError::NoHistory {
            store: self.describe(),
        })
    }
    /// The history entries observed within `range` (of `observed_at`), oldest first (then by
    /// launch id and `seq`).
    async fn history_in_range(&self, _range: DateRange) -> Result<Vec<HistoryEntry>, StoreError> {
        Err(StoreError::NoHistory {
            store: self.describe(),
        })
    }
    /// Whether this store can hold `launch` (DynamoDB's 400 KB item limit); the reason if not.
    fn check_admissible(&self, _launch: &Launch) -> Result<(), String> {
        Ok(())
    }
    /// What the store is, for logs and the dashboard's `/health`.
    fn describe(&self) -> String;
}

/// The id of the item that keeps the change mark ([`LaunchStore::mark_changed`]), beside the
/// launches. Under `#cursor#` because the extractor's role may write only those single items;
/// no source is named `launches-changed`.
pub const CHANGE_MARK_ITEM_ID: &str = "#cursor#launches-changed";

/// The id of the item that keeps a source's cursor, beside the launches. `#` starts no launch id
/// (v4 ids are hex, LL2 ids UUIDs), and the item has no `year`, so the date index never sees it.
pub fn cursor_item_id(source: &str) -> String {
    format!("#cursor#{source}")
}

/// Whether `id` names one of the store's own items rather than a launch.
pub fn is_reserved_id(id: &str) -> bool {
    id.starts_with('#')
}

/// Sorts history entries the way every store returns a range of them.
pub(crate) fn sort_history(entries: &mut [HistoryEntry]) {
    entries.sort_by(|a, b| {
        a.observed_at
            .cmp(&b.observed_at)
            .then_with(|| a.launch_id.cmp(&b.launch_id))
            .then_with(|| a.seq.cmp(&b.seq))
    });
}

/// Sorts launches the way every store returns them.
pub(crate) fn sort_by_date(launches: &mut [Launch]) {
    launches.sort_by(|a, b| a.date_utc.cmp(&b.date_utc).then_with(|| a.id.cmp(&b.id)));
}
