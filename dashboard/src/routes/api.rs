//! The JSON API: `/api/launches` and `/api/stats`, with the pages' filters.

use chrono::{DateTime, Utc};
use launches::stats::{launch_stats, provenance, LaunchStats, Provenance};
use launches::Launch;
use rocket::fairing::AdHoc;
use rocket::http::{ContentType, Status};
use rocket::response::{self, Responder};
use rocket::{catch, catchers, get, routes, Request, State};
use serde::Serialize;
use serde_json::json;

use crate::answer::Answer;
use crate::cache::CachedLaunches;
use crate::errors::{uncaught, AppError};
use crate::filters::{FilterParams, Filters};
use crate::paging::Paging;
use crate::rendered::Selection;
use crate::repeated::SingleValued;
use crate::state::AppState;

pub fn stage() -> AdHoc {
    AdHoc::on_ignite("JSON API", |rocket| async {
        rocket
            .mount("/api", routes![api_launches, api_stats])
            .register("/api", catchers![api_catcher])
    })
}

/// Where the answer's data comes from and how old it is.
#[derive(Debug, Serialize)]
pub struct DataInfo {
    pub source: String,
    pub loaded_at: DateTime<Utc>,
    /// Set when the store is failing and older data is served.
    pub stale_since: Option<DateTime<Utc>>,
    /// When a sync last wrote, and the rows per source, over all the data (not only the view).
    pub provenance: Provenance,
}

impl DataInfo {
    pub(crate) fn new(state: &AppState, selection: &Selection) -> Self {
        DataInfo::of(state, selection.cached)
    }

    pub(crate) fn of(state: &AppState, cached: &CachedLaunches) -> Self {
        DataInfo {
            source: state.origin.description.clone(),
            loaded_at: cached.data.loaded_at,
            stale_since: cached.stale.as_ref().map(|s| s.since),
            provenance: provenance(&cached.data.launches),
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
    pub launches: &'a [&'a Launch],
    /// The URL of the next page, when there is one.
    pub next: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StatsAnswer<'a> {
    pub filters: &'a Filters,
    pub data: DataInfo,
    pub stats: LaunchStats,
}

pub(crate) fn json<T: Serialize>(answer: &T) -> Result<String, AppError> {
    serde_json::to_string(answer).map_err(|error| {
        tracing::error!(%error, "serialising an API answer failed");
        AppError::Internal
    })
}

#[get("/launches?<limit>&<offset>&<filters..>")]
async fn api_launches(
    state: &State<AppState>,
    limit: Option<&str>,
    offset: Option<&str>,
    once: SingleValued,
    filters: FilterParams,
) -> Result<Answer, ApiError> {
    once.check()?;
    let paging = Paging::parse(limit, offset)?;
    let pairs = paging.pairs();
    let extra: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let answer = state.answer_with(
        &filters,
        ContentType::JSON,
        "/api/launches",
        &extra,
        |cached, filters| {
            // By reference: a page of at most 1,000 launches is serialised, the rest not copied.
            let launches = filters.select(&cached.data.launches);
            let next = paging.next(launches.len()).map(|next| {
                let pairs = next.pairs();
                let extra: Vec<(&str, &str)> =
                    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
                filters.url("/api/launches", &extra)
            });
            json(&LaunchesAnswer {
                filters: &filters,
                data: DataInfo::of(state, cached),
                count: launches.len(),
                offset: paging.offset,
                limit: paging.limit,
                launches: paging.slice(&launches),
                next,
            })
        },
    );
    Ok(answer.await?)
}

#[get("/stats?<filters..>")]
async fn api_stats(
    state: &State<AppState>,
    once: SingleValued,
    filters: FilterParams,
) -> Result<Answer, ApiError> {
    once.check()?;
    let answer = state.answer(
        &filters,
        ContentType::JSON,
        "/api/stats",
        &[],
        |selection| {
            json(&StatsAnswer {
                filters: &selection.filters,
                data: DataInfo::new(state, selection),
                stats: launch_stats(&selection.launches, state.clock.now()),
            })
        },
    );
    Ok(answer.await?)
}

/// An error answered with JSON: `{"error": {"status", "param"?, "message"}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

impl<'r> Responder<'r, 'static> for ApiError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        json_error(self.0.status(), self.0.param(), self.0.to_string()).respond_to(request)
    }
}

fn json_error(status: Status, param: Option<&str>, message: String) -> (Status, Answer) {
    let mut error = json!({"status": status.code, "message": message});
    if let Some(param) = param {
        error["param"] = param.into();
    }
    let body = json!({ "error": error }).to_string();
    (status, Answer::once(ContentType::JSON, body))
}

#[catch(default)]
fn api_catcher(status: Status, request: &Request<'_>) -> (Status, Answer) {
    let (status, message) = uncaught(status, request);
    json_error(status, None, message)
}
