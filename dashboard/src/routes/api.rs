//! The JSON API: `/api/launches` and `/api/stats`, with the pages' filters.

use chrono::{DateTime, Utc};
use launches::stats::{launch_stats, LaunchStats};
use launches::Launch;
use rocket::serde::json::Json;
use rocket::{get, State};
use serde::Serialize;

use crate::errors::ApiError;
use crate::filters::{FilterParams, Filters};
use crate::state::AppState;
use crate::view::{self, View};

/// Where the answer's data comes from and how old it is.
#[derive(Debug, Serialize)]
pub struct DataInfo {
    pub source: String,
    pub loaded_at: DateTime<Utc>,
    /// Set when the store is failing and older data is served.
    pub stale_since: Option<DateTime<Utc>>,
}

impl DataInfo {
    fn new(state: &AppState, view: &View) -> Self {
        DataInfo {
            source: state.origin.description.clone(),
            loaded_at: view.cached.data.loaded_at,
            stale_since: view.cached.stale.as_ref().map(|s| s.since),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct LaunchesAnswer {
    pub filters: Filters,
    pub data: DataInfo,
    pub count: usize,
    pub launches: Vec<Launch>,
}

#[derive(Debug, Serialize)]
pub struct StatsAnswer {
    pub filters: Filters,
    pub data: DataInfo,
    pub stats: LaunchStats,
}

#[get("/launches?<filters..>")]
pub async fn api_launches(
    state: &State<AppState>,
    filters: FilterParams,
) -> Result<Json<LaunchesAnswer>, ApiError> {
    let view = view::load(state, &filters).await?;
    Ok(Json(LaunchesAnswer {
        data: DataInfo::new(state, &view),
        count: view.launches.len(),
        filters: view.filters,
        launches: view.launches,
    }))
}

#[get("/stats?<filters..>")]
pub async fn api_stats(
    state: &State<AppState>,
    filters: FilterParams,
) -> Result<Json<StatsAnswer>, ApiError> {
    let view = view::load(state, &filters).await?;
    Ok(Json(StatsAnswer {
        data: DataInfo::new(state, &view),
        stats: launch_stats(&view.launches),
        filters: view.filters,
    }))
}
