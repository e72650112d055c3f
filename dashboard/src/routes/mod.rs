//! The routes, one file per concern. Each file is mounted by its own stage in [`crate::rocket`].

pub mod api;
pub mod csv;
pub mod health;
pub mod pages;

use std::time::Duration;

use launches::Launch;

use crate::errors::AppError;
use crate::state::AppState;

/// One launch by id: from the cache when it is there, else one GetItem (a launch added since the
/// cache was filled). A failing store is "unavailable", not "unknown".
pub async fn find_launch(
    state: &AppState,
    id: &str,
) -> Result<(Launch, crate::cache::CachedLaunches), AppError> {
    let cached = state.cache.launches().await?;
    if let Some(launch) = cached.data.launches.iter().find(|l| l.id == id) {
        return Ok((launch.clone(), cached));
    }
    let store = state.cache.store();
    match tokio::time::timeout(Duration::from_secs(5), store.get_launch(id)).await {
        Ok(Ok(Some(launch))) => Ok((launch, cached)),
        Ok(Ok(None)) => Err(AppError::UnknownLaunch(id.to_owned())),
        Ok(Err(error)) => {
            tracing::error!(%error, id, "reading one launch failed");
            Err(AppError::Unavailable)
        }
        Err(_) => {
            tracing::error!(id, "reading one launch timed out");
            Err(AppError::Unavailable)
        }
    }
}
