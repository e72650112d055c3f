//! The state every route shares (Rocket-managed), and how a route gets its answer from it.

use std::sync::Arc;
use std::time::Duration;

use launches::LaunchStore;
use rocket::http::ContentType;

use crate::answer::Answer;
use crate::cache::{CachedLaunches, LaunchCache};
use crate::clock::Clock;
use crate::errors::AppError;
use crate::filters::{FilterParams, Filters};
use crate::rendered::{RenderedCache, Selection};

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
    /// "Now" for the views (which launch is next).
    pub clock: Clock,
}

impl AppState {
    pub fn new(store: Arc<dyn LaunchStore>, cache_ttl: Duration, origin: DataOrigin) -> Self {
        AppState {
            cache: LaunchCache::new(store, cache_ttl),
            rendered: RenderedCache::default(),
            origin,
            clock: Clock::System,
        }
    }

    /// The same state with views as of `clock`.
    pub fn with_clock(self, clock: Clock) -> Self {
        AppState { clock, ..self }
    }

    /// The answer at `path` with `extra` query pairs (sort, paging) for the filters `params` on
    /// the current data: rendered by `render` on the first request, then kept until the data
    /// changes.
    pub(crate) async fn answer(
        &self,
        params: &FilterParams,
        content_type: ContentType,
        path: &str,
        extra: &[(&str, &str)],
        render: impl FnOnce(&Selection) -> Result<String, AppError>,
    ) -> Result<Answer, AppError> {
        self.answer_with(params, content_type, path, extra, |cached, filters| {
            let launches = filters.select(&cached.data.launches);
            render(&Selection {
                cached,
                filters,
                launches,
            })
        })
        .await
    }

    /// As [`AppState::answer`], for a view that selects its launches itself (the table and the
    /// launch list sort or page them first).
    pub(crate) async fn answer_with(
        &self,
        params: &FilterParams,
        content_type: ContentType,
        path: &str,
        extra: &[(&str, &str)],
        render: impl FnOnce(&CachedLaunches, Filters) -> Result<String, AppError>,
    ) -> Result<Answer, AppError> {
        // The filters are checked before the store is asked: a bad parameter is a 400 even while
        // the data is unavailable.
        let filters = Filters::parse(params)?;
        let cached = self.cache.launches().await?;
        let key = filters.url(path, extra);
        let body = self
            .rendered
            .get_or_render(&cached, &key, || render(&cached, filters))?;
        Ok(Answer { content_type, body })
    }
}
