//! History as JSON: `/api/launches/<id>/history` (one launch's entries and timeline) and
//! `/api/history` (every entry, for the launches the usual filters select, narrowed by when it
//! was observed and by field).

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use launches::history::{
    most_slipped, slips_per_month, HistoryEntry, HistoryField, MonthSlips, Slipped, Timeline,
};
use rocket::fairing::AdHoc;
use rocket::http::ContentType;
use rocket::{get, routes, State};
use serde::Serialize;

use super::api::{json, ApiError, DataInfo};
use super::pages::find_launch;
use crate::answer::Answer;
use crate::errors::{AppError, ParamError};
use crate::filters::{parse_date, Bound, FilterParams, Filters};
use crate::repeated::SingleValued;
use crate::state::AppState;

/// Most-slipped launches listed in `/api/history`.
const MOST_SLIPPED: usize = 10;

pub fn stage() -> AdHoc {
    AdHoc::on_ignite("history API", |rocket| async {
        rocket.mount("/api", routes![api_launch_history, api_history])
    })
}

#[derive(Debug, Serialize)]
struct LaunchHistoryAnswer<'a> {
    launch_id: &'a str,
    name: &'a str,
    /// e.g. "NET moved 6 times, 41 days later than first announced".
    summary: String,
    timeline: Timeline,
    entries: &'a [HistoryEntry],
}

#[get("/launches/<id>/history")]
async fn api_launch_history(state: &State<AppState>, id: &str) -> Result<Answer, ApiError> {
    let (launch, cached) = find_launch(state, id).await?;
    let mut entries: Vec<HistoryEntry> = cached
        .data
        .history
        .iter()
        .filter(|e| e.launch_id == launch.id)
        .cloned()
        .collect();
    if entries.is_empty() {
        // A launch added since the cache was filled: its history too.
        let read = state.cache.store().launch_history(&launch.id);
        match tokio::time::timeout(Duration::from_secs(5), read).await {
            Ok(Ok(read)) => entries = read,
            Ok(Err(error)) => {
                tracing::error!(%error, id, "reading a launch's history failed");
                return Err(AppError::Unavailable.into());
            }
            Err(_) => return Err(AppError::Unavailable.into()),
        }
    }
    entries.sort_by_key(|e| e.seq);
    let timeline = Timeline::new(&launch.id, &entries);
    let body = json(&LaunchHistoryAnswer {
        launch_id: &launch.id,
        name: &launch.name,
        summary: timeline.summary(),
        timeline,
        entries: &entries,
    })?;
    Ok(Answer::once(ContentType::JSON, body))
}

/// The history-only parameters of `/api/history`, checked.
#[derive(Debug, Clone, Default, Serialize)]
struct HistoryParams {
    observed_from: Option<DateTime<Utc>>,
    observed_to: Option<DateTime<Utc>>,
    field: Option<HistoryField>,
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

impl HistoryParams {
    fn parse(
        observed_from: Option<&str>,
        observed_to: Option<&str>,
        field: Option<&str>,
    ) -> Result<Self, ParamError> {
        let observed_from = non_empty(observed_from)
            .map(|v| parse_date("observed_from", v, Bound::Start))
            .transpose()?;
        let observed_to = non_empty(observed_to)
            .map(|v| parse_date("observed_to", v, Bound::End))
            .transpose()?;
        if let (Some(from), Some(to)) = (observed_from, observed_to) {
            if from > to {
                return Err(ParamError::new(
                    "observed_from",
                    "`observed_from` is after `observed_to`",
                ));
            }
        }
        let field = non_empty(field)
            .map(|v| {
                v.parse::<HistoryField>()
                    .map_err(|message| ParamError::new("field", message))
            })
            .transpose()?;
        Ok(HistoryParams {
            observed_from,
            observed_to,
            field,
        })
    }

    fn keeps(&self, entry: &HistoryEntry) -> bool {
        let at = entry.observed();
        self.observed_from
            .is_none_or(|from| at.is_some_and(|at| at >= from))
            && self
                .observed_to
                .is_none_or(|to| at.is_some_and(|at| at <= to))
            && self.field.is_none_or(|field| entry.change(field).is_some())
    }
}

#[derive(Debug, Serialize)]
struct HistoryAnswer<'a> {
    filters: &'a Filters,
    #[serde(flatten)]
    params: &'a HistoryParams,
    data: DataInfo,
    /// Entries in the view, in the order observed.
    count: usize,
    entries: Vec<&'a HistoryEntry>,
    /// NET changes per month observed, over the view's entries.
    slips_per_month: Vec<MonthSlips>,
    most_slipped: Vec<Slipped>,
}

#[get("/history?<observed_from>&<observed_to>&<field>&<filters..>")]
async fn api_history(
    state: &State<AppState>,
    observed_from: Option<&str>,
    observed_to: Option<&str>,
    field: Option<&str>,
    once: SingleValued,
    filters: FilterParams,
) -> Result<Answer, ApiError> {
    once.check()?;
    let params = HistoryParams::parse(observed_from, observed_to, field)?;
    let extra: Vec<(&str, &str)> = [
        ("observed_from", non_empty(observed_from)),
        ("observed_to", non_empty(observed_to)),
        ("field", non_empty(field)),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v)))
    .collect();
    let answer = state.answer(
        &filters,
        ContentType::JSON,
        "/api/history",
        &extra,
        |selection| {
            let ids: HashSet<&str> = selection.launches.iter().map(|l| l.id.as_str()).collect();
            let entries: Vec<&HistoryEntry> = selection
                .cached
                .data
                .history
                .iter()
                .filter(|e| ids.contains(e.launch_id.as_str()) && params.keeps(e))
                .collect();
            let owned: Vec<HistoryEntry> = entries.iter().map(|e| (*e).clone()).collect();
            json(&HistoryAnswer {
                filters: &selection.filters,
                params: &params,
                data: DataInfo::new(state, selection),
                count: entries.len(),
                slips_per_month: slips_per_month(&owned),
                most_slipped: most_slipped(&owned, &selection.launches, MOST_SLIPPED),
                entries,
            })
        },
    );
    Ok(answer.await?)
}
