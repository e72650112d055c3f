//! Choosing and filling the store at start-up.
//!
//! With `LAUNCHES_TABLE` set, the dashboard reads that DynamoDB table. Without it, it runs on
//! the embedded store, filled by one sync: from the SpaceX API when it answers quickly, else
//! from the snapshot baked into the binary, and every page then says so. A local run therefore
//! works offline, and never waits more than a few seconds for an unreachable API.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use launches::retry::Backoff;
use launches::{
    sync, DateRange, DynamoStore, DynamoStoreConfig, LaunchSource, LaunchStore, MemoryStore,
    SnapshotSource, SpacexClient, SpacexConfig, SyncError,
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
) -> Result<SpacexClient, launches::SpacexError> {
    SpacexClient::new(SpacexConfig {
        base_url: base_url.to_owned(),
        connect_timeout: limits.connect_timeout,
        timeout: limits.request_timeout,
        backoff: Backoff {
            max_attempts: limits.attempts,
            base: Duration::from_millis(250),
            max: Duration::from_secs(1),
        },
        max_retry_after: Duration::from_secs(1),
    })
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
                    tracing::info!(report = %serde_json::to_string(&report).unwrap_or_default(), "embedded store filled from the live API");
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
    tracing::info!(report = %serde_json::to_string(&report).unwrap_or_default(), "embedded store filled from the snapshot");
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
            let client =
                launches::aws::dynamodb_client(settings.dynamodb_endpoint.as_deref()).await;
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
