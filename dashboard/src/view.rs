//! Loading the data of one request: validate the filters, get the cached launches, keep those
//! in the view.

use std::sync::Arc;

use launches::Launch;

use crate::cache::CachedLaunches;
use crate::errors::AppError;
use crate::filters::{FilterParams, Filters};
use crate::rendered::Rendered;
use crate::state::AppState;

pub struct View {
    pub cached: CachedLaunches,
    pub filters: Filters,
    /// The launches in the view, in date order.
    pub launches: Vec<Launch>,
}

impl View {
    /// All launches, unfiltered (for the form's choices).
    pub fn all(&self) -> &[Launch] {
        &self.cached.data.launches
    }
}

/// The answer at `path` with `extra` query pairs (sort, paging) on the current data: rendered by
/// `render` on the first request, then served from [`crate::rendered::RenderedCache`] until the
/// data changes.
pub async fn rendered(
    state: &AppState,
    params: &FilterParams,
    path: &str,
    extra: &[(&str, &str)],
    render: impl FnOnce(&View) -> Result<String, AppError>,
) -> Result<Arc<Rendered>, AppError> {
    // The filters are checked before the store is asked: a bad parameter is a 400 even while
    // the data is unavailable.
    let filters = Filters::parse(params)?;
    let cached = state.cache.launches().await?;
    let key = filters.url(path, extra);
    state.rendered.get_or_render(&cached, &key, || {
        let launches = filters.apply(&cached.data.launches);
        render(&View {
            cached: cached.clone(),
            filters,
            launches,
        })
    })
}
