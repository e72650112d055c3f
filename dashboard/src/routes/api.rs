//! The JSON API: `/api/launches` and `/api/stats`, with the pages' filters.

use chrono::{DateTime, Utc};
use launches::stats::{launch_stats, LaunchStats};
use launches::Launch;
use rocket::http::ContentType;
use rocket::{get, State};
use serde::Serialize;

use crate::errors::{ApiError, AppError};
use crate::filters::{FilterParams, Filters};
use crate::paging::Paging;
use crate::rendered::Answer;
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
pub struct LaunchesAnswer<'a> {
    pub filters: &'a Filters,
    pub data: DataInfo,
    /// Launches in the view, over all pages.
    pub count: usize,
    pub offset: usize,
    pub limit: usize,
    /// This page of them, in date order.
    pub launches: &'a [Launch],
    /// The URL of the next page, when there is one.
    pub next: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StatsAnswer<'a> {
    pub filters: &'a Filters,
    pub data: DataInfo,
    pub stats: LaunchStats,
}

fn json<T: Serialize>(answer: &T) -> Result<String, AppError> {
    serde_json::to_string(answer).map_err(|error| {
        tracing::error!(%error, "serialising an API answer failed");
        AppError::Internal
    })
}

#[get("/launches?<limit>&<offset>&<filters..>")]
pub async fn api_launches(
    state: &State<AppState>,
    limit: Option<&str>,
    offset: Option<&str>,
    filters: FilterParams,
) -> Result<Answer, ApiError> {
    let paging = Paging::parse(limit, offset)?;
    let pairs = paging.pairs();
    let extra: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let rendered = view::rendered(state, &filters, "/api/launches", &extra, |view| {
        let next = paging.next(view.launches.len()).map(|next| {
            let pairs = next.pairs();
            let extra: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            view.filters.url("/api/launches", &extra)
        });
        json(&LaunchesAnswer {
            filters: &view.filters,
            data: DataInfo::new(state, view),
            count: view.launches.len(),
            offset: paging.offset,
            limit: paging.limit,
            launches: paging.slice(&view.launches),
            next,
        })
    })
    .await?;
    Ok(Answer {
        content_type: ContentType::JSON,
        rendered,
    })
}

#[get("/stats?<filters..>")]
pub async fn api_stats(state: &State<AppState>, filters: FilterParams) -> Result<Answer, ApiError> {
    let rendered = view::rendered(state, &filters, "/api/stats", &[], |view| {
        json(&StatsAnswer {
            filters: &view.filters,
            data: DataInfo::new(state, view),
            stats: launch_stats(&view.launches),
        })
    })
    .await?;
    Ok(Answer {
        content_type: ContentType::JSON,
        rendered,
    })
}
