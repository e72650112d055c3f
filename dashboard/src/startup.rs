//! Choosing and filling the store at start-up.
//!
//! With `LAUNCHES_TABLE` set, the dashboard reads that DynamoDB table. Without it, it runs on
//! the embedded store, filled by one sync: from the SpaceX API when it answers quickly, else
//! from the snapshot baked into the binary, and every page then says so. A local run therefore
//! works offline, and never waits more than a few seconds for an unreachable API.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use launches::http::HttpConfig;
use launches::retry::Backoff;
use launches::{
    sync, DateRange, DynamoStore, DynamoStoreConfig, LaunchSource, LaunchStore, MemoryStore,
    SnapshotSource, SpacexClient, SpacexConfig, SyncError, SyncReport,
};

use crate::format;
use crate::settings::Settings;
use crate::state::{AppState, DataOrigin};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("filling the embedded store from {source_name} failed: {error}")]
    Fallback {
        source_name: String,
        #[source]
        error: SyncError,
    },
}

/// How long start-up waits for the live API: short, since the snapshot is always there.
#[derive(Debug, Clone, Copy)]
pub struct LiveLimits {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub attempts: u32,
    /// The whole live sync, all requests and retries included.
    pub overall: Duration,
}

impl Default for LiveLimits {
    fn default() -> Self {
        LiveLimits {
            connect_timeout: Duration::from_secs(3),
            request_timeout: Duration::from_secs(5),
            attempts: 2,
            overall: Duration::from_secs(12),
        }
    }
}

/// The SpaceX API client for the start-up sync.
pub fn live_source(
    base_url: &str,
    limits: LiveLimits,
) -> Result<SpacexClient, launches::SourceError> {
    SpacexClient::new(SpacexConfig {
        base_url: base_url.to_owned(),
        http: HttpConfig {
            connect_timeout: limits.connect_timeout,
            timeout: limits.request_timeout,
            backoff: Backoff {
                max_attempts: limits.attempts,
                base: Duration::from_millis(250),
                max: Duration::from_secs(1),
            },
            max_retry_after: Duration::from_secs(1),
        },
    })
}

fn log_report(report: &SyncReport, message: &str) {
    for rejection in &report.rejected {
        tracing::warn!(id = rejection.id.as_deref(), reason = %rejection.reason, "launch record skipped");
    }
    tracing::info!(
        source = %report.source,
        fetched = report.fetched,
        valid = report.valid,
        invalid = report.invalid,
        written = report.written,
        duration_ms = report.duration_ms,
        "{message}"
    );
}

/// Fills `store` from `live` if it answers within `overall` with at least one launch, else from
/// `fallback`. Returns where the data came from.
pub async fn fill_embedded(
    store: &MemoryStore,
    live: Option<&dyn LaunchSource>,
    fallback: &dyn LaunchSource,
    overall: Duration,
) -> Result<DataOrigin, StartupError> {
    let why_not_live = match live {
        None => "no SpaceX API client".to_owned(),
        Some(live) => {
            match tokio::time::timeout(overall, sync(live, store, DateRange::ALL)).await {
                Ok(Ok(report)) if report.valid > 0 => {
                    log_report(&report, "embedded store filled from the live API");
                    return Ok(DataOrigin {
                        description: format!(
                            "embedded store, synced from the {} at {}",
                            live.describe(),
                            format::timestamp(Utc::now())
                        ),
                        notice: None,
                    });
                }
                Ok(Ok(_)) => format!("the {} returned no valid launch", live.describe()),
                Ok(Err(error)) => error.to_string(),
                Err(_) => format!(
                    "the {} did not answer within {} s",
                    live.describe(),
                    overall.as_secs()
                ),
            }
        }
    };
    tracing::warn!(reason = %why_not_live, fallback = %fallback.describe(), "the SpaceX API cannot be used; filling the embedded store from the snapshot");
    let report = sync(fallback, store, DateRange::ALL)
        .await
        .map_err(|error| StartupError::Fallback {
            source_name: fallback.describe(),
            error,
        })?;
    log_report(&report, "embedded store filled from the snapshot");
    Ok(DataOrigin {
        description: format!("embedded store, filled from the {}", fallback.describe()),
        notice: Some(format!(
            "The SpaceX API could not be reached at start-up: showing the {}, not live data.",
            fallback.describe()
        )),
    })
}

/// The app's state for `settings`: the DynamoDB table, or the filled embedded store.
pub async fn build_state(settings: &Settings) -> Result<AppState, StartupError> {
    let (store, origin): (Arc<dyn LaunchStore>, DataOrigin) = match &settings.table {
        Some(table) => {
            let client = launches::aws::dynamodb_client().await;
            let store = DynamoStore::new(client, DynamoStoreConfig::new(table.clone()));
            let description = format!("DynamoDB table {table}");
            (
                Arc::new(store),
                DataOrigin {
                    description,
                    notice: None,
                },
            )
        }
        None => {
            let store = MemoryStore::new();
            let limits = LiveLimits::default();
            let live = match live_source(&settings.spacex_api_url, limits) {
                Ok(client) => Some(client),
                Err(error) => {
                    tracing::warn!(%error, "cannot build the SpaceX API client");
                    None
                }
            };
            let origin = fill_embedded(
                &store,
                live.as_ref().map(|c| c as &dyn LaunchSource),
                &SnapshotSource::Bundled,
                limits.overall,
            )
            .await?;
            (Arc::new(store), origin)
        }
    };
    tracing::info!(store = %store.describe(), origin = %origin.description, "store ready");
    Ok(AppState::new(store, settings.cache_ttl, origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> SnapshotSource {
        SnapshotSource::directory(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fixtures/spacex/v4"
        ))
    }

    #[tokio::test]
    async fn an_unreachable_api_falls_back_to_the_snapshot_quickly_and_says_so() {
        let store = MemoryStore::new();
        // Port 9 (discard) is closed here: the connection is refused at once.
        let live = live_source("http://127.0.0.1:9", LiveLimits::default()).expect("client");
        let started = std::time::Instant::now();
        let origin = fill_embedded(
            &store,
            Some(&live),
            &SnapshotSource::Bundled,
            Duration::from_secs(12),
        )
        .await
        .expect("the bundled snapshot fills the store");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(store.len().await, 205);
        let notice = origin.notice.expect("a banner");
        assert!(notice.contains("could not be reached"), "{notice}");
    }

    #[tokio::test]
    async fn a_reachable_source_needs_no_banner() {
        let store = MemoryStore::new();
        let live = fixtures();
        let origin = fill_embedded(
            &store,
            Some(&live),
            &SnapshotSource::Bundled,
            Duration::from_secs(12),
        )
        .await
        .expect("filled");
        assert_eq!(origin.notice, None);
        assert_eq!(store.len().await, 205);
    }

    #[tokio::test]
    async fn a_live_sync_that_hangs_is_abandoned_at_the_deadline() {
        struct Hanging;
        #[async_trait::async_trait]
        impl LaunchSource for Hanging {
            async fn launches(
                &self,
                _resume: Option<&str>,
            ) -> Result<launches::LaunchBatches, launches::SourceError> {
                std::future::pending().await
            }
            fn name(&self) -> &'static str {
                "hanging"
            }
            fn describe(&self) -> String {
                "hanging source".into()
            }
        }
        let store = MemoryStore::new();
        let origin = fill_embedded(
            &store,
            Some(&Hanging),
            &fixtures(),
            Duration::from_millis(100),
        )
        .await
        .expect("filled from the fallback");
        assert!(origin.notice.is_some());
        assert_eq!(store.len().await, 205);
    }
}
