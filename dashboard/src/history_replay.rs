//! Real change history for the embedded store: the weekly LL2 snapshots baked into the binary
//! (`fixtures/ll2/history/`) replayed in time order through the extractor's sync, before the
//! start-up fill. Called from [`crate::startup`] with one line.

use launches::history::replay::{bundled_weekly, replay};
use launches::MemoryStore;

/// Replays the bundled weekly snapshots into `store`. A failure is logged and leaves whatever
/// history was built: the dashboard still starts, with less history.
pub async fn replay_bundled_history(store: &MemoryStore) {
    let snapshots = bundled_weekly();
    match replay(&snapshots, store).await {
        Ok(report) => tracing::info!(
            snapshots = report.snapshots,
            history_entries = report.history_entries,
            "launch history replayed from the bundled weekly snapshots"
        ),
        Err(error) => tracing::error!(%error, "replaying the bundled weekly snapshots failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use launches::history::replay::snapshots_in;
    use launches::{DateRange, LaunchStore};

    #[tokio::test]
    async fn the_bundled_snapshots_build_the_history_the_fixture_files_build() {
        let bundled = MemoryStore::new();
        replay_bundled_history(&bundled).await;
        let files = MemoryStore::new();
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/ll2/history/snapshots");
        let snapshots = snapshots_in(&dir).expect("the fixture snapshots");
        assert_eq!(snapshots.len(), bundled_weekly().len());
        replay(&snapshots, &files).await.expect("replay");
        let history = |store: MemoryStore| async move {
            store
                .history_in_range(DateRange::ALL)
                .await
                .expect("history")
        };
        let (from_bundle, from_files) = (history(bundled).await, history(files).await);
        assert!(!from_bundle.is_empty());
        assert_eq!(from_bundle, from_files);
    }
}
