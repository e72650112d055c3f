//! The state every route shares (Rocket-managed).

use std::sync::Arc;
use std::time::Duration;

use launches::LaunchStore;

use crate::cache::LaunchCache;
use crate::rendered::RenderedCache;

/// Where the data comes from, for the footer, `/health` and the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataOrigin {
    /// e.g. "DynamoDB table spacex-launches-dev", "embedded store, from the SpaceX API at ...".
    pub description: String,
    /// Shown on every page when set, e.g. that the bundled snapshot is in use.
    pub notice: Option<String>,
}

pub struct AppState {
    pub cache: LaunchCache,
    /// Pages and API answers rendered from the cache's current data.
    pub rendered: RenderedCache,
    pub origin: DataOrigin,
}

impl AppState {
    pub fn new(store: Arc<dyn LaunchStore>, cache_ttl: Duration, origin: DataOrigin) -> Self {
        AppState {
            cache: LaunchCache::new(store, cache_ttl),
            rendered: RenderedCache::default(),
            origin,
        }
    }
}
