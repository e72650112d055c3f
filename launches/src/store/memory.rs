//! The embedded store: launches in process memory. The default when no table is configured.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use tokio::sync::RwLock;

use super::launch_store::{
    is_reserved_id, sort_by_date, sort_history, DateRange, LaunchStore, StoreError,
};
use crate::history::HistoryEntry;
use crate::model::Launch;

#[derive(Debug, Default)]
pub struct MemoryStore {
    launches: RwLock<BTreeMap<String, Launch>>,
    cursors: RwLock<HashMap<String, String>>,
    /// By launch id, then `seq`.
    history: RwLock<BTreeMap<(String, u32), HistoryEntry>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub async fn len(&self) -> usize {
        self.launches.read().await.len()
    }

    pub async fn is_empty(&self) -> bool {
        self.len().await == 0
    }
}

#[async_trait]
impl LaunchStore for MemoryStore {
    async fn stored_launches(&self, ids: &[&str]) -> Result<HashMap<String, Launch>, StoreError> {
        let launches = self.launches.read().await;
        Ok(ids
            .iter()
            .filter_map(|id| launches.get(*id))
            .map(|l| (l.id.clone(), l.clone()))
            .collect())
    }

    async fn cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
        Ok(self.cursors.read().await.get(source).cloned())
    }

    async fn save_cursor(&self, source: &str, cursor: &str) -> Result<(), StoreError> {
        self.cursors
            .write()
            .await
            .insert(source.to_owned(), cursor.to_owned());
        Ok(())
    }

    async fn put_launches(&self, batch: &[Launch]) -> Result<(), StoreError> {
        let mut launches = self.launches.write().await;
        for launch in batch {
            launches.insert(launch.id.clone(), launch.clone());
        }
        Ok(())
    }

    async fn put_history(&self, entries: &[HistoryEntry]) -> Result<(), StoreError> {
        let mut history = self.history.write().await;
        for entry in entries {
            history.insert((entry.launch_id.clone(), entry.seq), entry.clone());
        }
        Ok(())
    }

    async fn launch_history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let history = self.history.read().await;
        Ok(history
            .range((id.to_owned(), 0)..=(id.to_owned(), u32::MAX))
            .map(|(_, entry)| entry.clone())
            .collect())
    }

    async fn history_in_range(&self, range: DateRange) -> Result<Vec<HistoryEntry>, StoreError> {
        let history = self.history.read().await;
        let mut found: Vec<HistoryEntry> = history
            .values()
            .filter(|e| e.observed().is_some_and(|at| range.contains(at)))
            .cloned()
            .collect();
        sort_history(&mut found);
        Ok(found)
    }

    async fn launches_in_range(&self, range: DateRange) -> Result<Vec<Launch>, StoreError> {
        let launches = self.launches.read().await;
        let mut found: Vec<Launch> = launches
            .values()
            .filter(|l| l.date().is_some_and(|date| range.contains(date)))
            .cloned()
            .collect();
        sort_by_date(&mut found);
        Ok(found)
    }

    async fn get_launch(&self, id: &str) -> Result<Option<Launch>, StoreError> {
        if is_reserved_id(id) {
            return Ok(None);
        }
        Ok(self.launches.read().await.get(id).cloned())
    }

    fn describe(&self) -> String {
        "embedded in-process store".into()
    }
}
