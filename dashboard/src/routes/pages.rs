//! The HTML pages: `/`, `/launches`, `/launches/<id>`.

use rocket::http::ContentType;
use rocket::response::content::RawHtml;
use rocket::{get, State};

use crate::errors::PageError;
use crate::filters::{FilterParams, Filters};
use crate::rendered::Answer;
use crate::sort::Sort;
use crate::state::AppState;
use crate::view;
use crate::views::{render, LaunchPage, Layout, OverviewPage, TablePage};

#[get("/?<filters..>")]
pub async fn overview(state: &State<AppState>, filters: FilterParams) -> Result<Answer, PageError> {
    let rendered = view::rendered(state, &filters, "/", &[], |view| {
        render(&OverviewPage::new(state, view))
    })
    .await?;
    Ok(Answer {
        content_type: ContentType::HTML,
        rendered,
    })
}

#[get("/launches?<sort>&<filters..>")]
pub async fn table(
    state: &State<AppState>,
    sort: Option<&str>,
    filters: FilterParams,
) -> Result<Answer, PageError> {
    let sort = Sort::parse(sort)?;
    let key = sort.value();
    let rendered = view::rendered(state, &filters, "/launches", &[("sort", &key)], |view| {
        render(&TablePage::new(state, view, sort))
    })
    .await?;
    Ok(Answer {
        content_type: ContentType::HTML,
        rendered,
    })
}

#[get("/launches/<id>")]
pub async fn launch(state: &State<AppState>, id: &str) -> Result<RawHtml<String>, PageError> {
    let (launch, cached) = super::find_launch(state, id).await?;
    let layout = Layout::for_data(launch.name.clone(), "", state, &cached, &Filters::default());
    Ok(RawHtml(render(&LaunchPage::new(layout, &launch))?))
}
