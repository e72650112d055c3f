//! The HTML pages, `/`, `/launches`, `/launches/<id>`, and the HTML error pages.

use std::time::Duration;

use launches::Launch;
use rocket::fairing::AdHoc;
use rocket::http::{ContentType, Status};
use rocket::response::{self, Responder};
use rocket::{catch, catchers, get, routes, Request, State};

use crate::answer::Answer;
use crate::cache::CachedLaunches;
use crate::errors::{uncaught, AppError};
use crate::filters::{FilterParams, Filters};
use crate::paging::Paging;
use crate::repeated::SingleValued;
use crate::sort::Sort;
use crate::state::AppState;
use crate::views::{render, ErrorPage, HistoryView, LaunchPage, Layout, OverviewPage, TablePage};

pub fn stage() -> AdHoc {
    AdHoc::on_ignite("pages", |rocket| async {
        rocket
            .mount("/", routes![overview, table, launch])
            .register("/", catchers![page_catcher])
    })
}

#[get("/?<filters..>")]
async fn overview(
    state: &State<AppState>,
    once: SingleValued,
    filters: FilterParams,
) -> Result<Answer, PageError> {
    once.check()?;
    let answer = state.answer(&filters, ContentType::HTML, "/", &[], |selection| {
        render(&OverviewPage::new(state, selection))
    });
    Ok(answer.await?)
}

#[get("/launches?<sort>&<limit>&<offset>&<filters..>")]
async fn table(
    state: &State<AppState>,
    sort: Option<&str>,
    limit: Option<&str>,
    offset: Option<&str>,
    once: SingleValued,
    filters: FilterParams,
) -> Result<Answer, PageError> {
    once.check()?;
    let sort = Sort::parse(sort)?;
    let paging = Paging::parse(limit, offset)?;
    let key = sort.value();
    let pairs = paging.pairs();
    let extra: Vec<(&str, &str)> = std::iter::once(("sort", key.as_str()))
        .chain(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        .collect();
    let answer = state.answer_with(
        &filters,
        ContentType::HTML,
        "/launches",
        &extra,
        |cached, filters| render(&TablePage::new(state, cached, &filters, sort, paging)),
    );
    Ok(answer.await?)
}

#[get("/launches/<id>")]
async fn launch(state: &State<AppState>, id: &str) -> Result<Answer, PageError> {
    let (launch, cached) = find_launch(state, id).await?;
    let key = format!("/launches/{id}");
    let body = state.rendered.get_or_render(&cached, &key, || {
        let layout = Layout::for_data(launch.name.clone(), "", state, &cached, &Filters::default());
        let mut page = LaunchPage::new(layout, &launch);
        page.history = HistoryView::new(&launch.id, &cached.data.history);
        render(&page)
    })?;
    Ok(Answer {
        content_type: ContentType::HTML,
        body,
    })
}

/// One launch by id: from the cache when it is there, else one GetItem (a launch added since the
/// cache was filled). A failing store is "unavailable", not "unknown".
pub(crate) async fn find_launch(
    state: &AppState,
    id: &str,
) -> Result<(Launch, CachedLaunches), AppError> {
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

/// An error answered with an HTML page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(error: E) -> Self {
        PageError(error.into())
    }
}

impl<'r> Responder<'r, 'static> for PageError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        error_page(self.0.status(), self.0.to_string()).respond_to(request)
    }
}

fn error_page(status: Status, message: String) -> (Status, Answer) {
    match render(&ErrorPage::new(status, message.clone())) {
        Ok(html) => (status, Answer::once(ContentType::HTML, html)),
        // Rendering a page of plain strings does not fail in practice; if it does, still
        // answer with the status, and the message as plain text (never as HTML).
        Err(_) => (status, Answer::once(ContentType::Plain, message)),
    }
}

#[catch(default)]
fn page_catcher(status: Status, request: &Request<'_>) -> (Status, Answer) {
    let (status, message) = uncaught(status, request);
    error_page(status, message)
}
