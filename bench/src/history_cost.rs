//! What history costs (issue 12): the 33 weekly LL2 snapshots of `fixtures/ll2/history/`
//! replayed in time order through the real sync into the emulator, DynamoDB requests counted by
//! the proxy. A round: the replay into a new table, the last snapshot's sync once more (nothing
//! new: what a scheduled run with nothing changed costs), and the replay into another new table through a store that keeps no history (the sync as it was
//! before history): the difference is history's cost.

use std::collections::BTreeMap;
use std::time::Instant;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use chrono::{DateTime, Utc};
use integration::emulator::client_config;
use integration::repo_root;
use integration::terraform::create_launches_table;
use launches::history::replay::{replay, snapshots_in, TimedSnapshot};
use launches::history::HistoryEntry;
use launches::{DateRange, DynamoStore, DynamoStoreConfig, Launch, LaunchStore, StoreError};

use crate::measure::median;
use crate::proxy::OperationCounter;

/// One replay of every snapshot.
#[derive(Debug, Clone, Default)]
pub struct ReplaySample {
    pub ms: f64,
    /// Rows written.
    pub written: usize,
    /// History entries written (computed but dropped by the store without history).
    pub history_entries: usize,
    pub requests: BTreeMap<String, u64>,
}

impl ReplaySample {
    pub fn total_requests(&self) -> u64 {
        self.requests.values().sum()
    }
}

#[derive(Debug, Clone, Default)]
pub struct HistoryCost {
    pub snapshots: usize,
    pub with_history: Vec<ReplaySample>,
    pub again: Vec<ReplaySample>,
    pub without_history: Vec<ReplaySample>,
}

impl HistoryCost {
    /// The median replay time of `samples`.
    pub fn median_ms(samples: &[ReplaySample]) -> f64 {
        median(&samples.iter().map(|s| s.ms).collect::<Vec<_>>())
    }
}

/// `rounds` rounds against the emulator reached through the counting proxy at `proxy_url`.
pub async fn history_cost(
    admin: &Client,
    proxy_url: &str,
    counter: &OperationCounter,
    rounds: usize,
) -> anyhow::Result<HistoryCost> {
    let snapshots = snapshots_in(&repo_root().join("fixtures/ll2/history/snapshots"))?;
    let client = Client::from_conf(client_config(proxy_url).build());
    let mut cost = HistoryCost {
        snapshots: snapshots.len(),
        ..HistoryCost::default()
    };
    for round in 0..rounds {
        let table = format!("bench-history-{round}");
        create_launches_table(admin, &table).await?;
        let store = DynamoStore::new(client.clone(), DynamoStoreConfig::new(&table));
        cost.with_history
            .push(measured(&snapshots, &store, counter).await?);
        let last = snapshots.len().saturating_sub(1);
        cost.again
            .push(measured(&snapshots[last..], &store, counter).await?);
        let table = format!("bench-no-history-{round}");
        create_launches_table(admin, &table).await?;
        let store = WithoutHistory(DynamoStore::new(
            client.clone(),
            DynamoStoreConfig::new(&table),
        ));
        cost.without_history
            .push(measured(&snapshots, &store, counter).await?);
    }
    check(&cost)?;
    Ok(cost)
}

async fn measured(
    snapshots: &[TimedSnapshot],
    store: &dyn LaunchStore,
    counter: &OperationCounter,
) -> anyhow::Result<ReplaySample> {
    counter.take();
    let started = Instant::now();
    let report = replay(snapshots, store).await?;
    Ok(ReplaySample {
        ms: started.elapsed().as_secs_f64() * 1000.0,
        written: report.written,
        history_entries: report.history_entries,
        requests: counter.take(),
    })
}

/// What the replays must have done, whatever their speed.
fn check(cost: &HistoryCost) -> anyhow::Result<()> {
    for (with, without) in cost.with_history.iter().zip(&cost.without_history) {
        anyhow::ensure!(
            with.history_entries > 0 && with.written == without.written,
            "the replays differ in rows: {} with history, {} without",
            with.written,
            without.written
        );
        anyhow::ensure!(
            with.total_requests() > without.total_requests(),
            "history's writes were not counted"
        );
    }
    for again in &cost.again {
        anyhow::ensure!(
            again.written == 0 && again.history_entries == 0,
            "the last snapshot again wrote {} rows and {} entries",
            again.written,
            again.history_entries
        );
    }
    Ok(())
}

/// A DynamoDB store that keeps no history: `put_history` drops the entries (the trait's default
/// refuses them, so that a store without history is never taken for one), everything else is
/// the real store's (the change mark included: the difference measured is history alone).
struct WithoutHistory(DynamoStore);

#[async_trait]
impl LaunchStore for WithoutHistory {
    async fn stored_launches(
        &self,
        ids: &[&str],
    ) -> Result<std::collections::HashMap<String, Launch>, StoreError> {
        self.0.stored_launches(ids).await
    }
    async fn put_launches(&self, launches: &[Launch]) -> Result<(), StoreError> {
        self.0.put_launches(launches).await
    }
    async fn put_history(&self, _entries: &[HistoryEntry]) -> Result<(), StoreError> {
        Ok(())
    }
    async fn mark_changed(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.0.mark_changed(at).await
    }
    async fn changed_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.0.changed_at().await
    }
    async fn launches_in_range(&self, range: DateRange) -> Result<Vec<Launch>, StoreError> {
        self.0.launches_in_range(range).await
    }
    async fn get_launch(&self, id: &str) -> Result<Option<Launch>, StoreError> {
        self.0.get_launch(id).await
    }
    async fn cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
        self.0.cursor(source).await
    }
    async fn save_cursor(&self, source: &str, cursor: &str) -> Result<(), StoreError> {
        self.0.save_cursor(source, cursor).await
    }
    fn check_admissible(&self, launch: &Launch) -> Result<(), String> {
        self.0.check_admissible(launch)
    }
    fn describe(&self) -> String {
        format!("{} without history", self.0.describe())
    }
}
