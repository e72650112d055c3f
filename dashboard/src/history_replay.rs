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
