//! The pages' templates (askama: compiled into the binary, HTML-escaped by default) and the
//! view models they render. Every string from the source reaches the HTML through askama's
//! escaping; the one `|safe` is the chart JSON, escaped for its `<script>` element by
//! [`crate::charts::script_json`].

mod form;
mod launch;
mod overview;
mod table;

pub use form::FilterForm;
pub use launch::LaunchPage;
pub use overview::OverviewPage;
pub use table::TablePage;

use askama::Template;

use crate::assets::{AssetUrls, PLOTLY_VERSION};
use crate::cache::CachedLaunches;
use crate::errors::AppError;
use crate::filters::Filters;
use crate::format;
use crate::state::AppState;

/// A message across the top of the page.
#[derive(Debug, Clone)]
pub struct Banner {
    /// `warning` or `info` (a CSS class).
    pub level: &'static str,
    pub text: String,
}

/// What every page's frame shows.
#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    /// The navigation entry of this page: `overview`, `launches` or empty.
    pub active: &'static str,
    pub banners: Vec<Banner>,
    pub assets: AssetUrls,
    /// Navigation keeps the filters, so switching between chart and table keeps the view.
    pub overview_url: String,
    pub launches_url: String,
    pub api_url: String,
    pub source: String,
    pub loaded_at: String,
    pub plotly_version: &'static str,
}

impl Layout {
    /// A frame without data (error pages).
    pub fn bare(title: impl Into<String>) -> Self {
        Layout {
            title: title.into(),
            active: "",
            banners: Vec::new(),
            assets: AssetUrls::get(),
            overview_url: "/".into(),
            launches_url: "/launches".into(),
            api_url: "/api/stats".into(),
            source: String::new(),
            loaded_at: String::new(),
            plotly_version: PLOTLY_VERSION,
        }
    }

    /// A frame for data read through the cache, with its banners.
    pub fn for_data(
        title: impl Into<String>,
        active: &'static str,
        state: &AppState,
        cached: &CachedLaunches,
        filters: &Filters,
    ) -> Self {
        let mut banners = Vec::new();
        if let Some(stale) = &cached.stale {
            banners.push(Banner {
                level: "warning",
                text: format!(
                    "Showing data stale since {}: the launch store cannot be read (failing since {}).",
                    format::timestamp(stale.since),
                    format::timestamp(stale.failing_since),
                ),
            });
        }
        if let Some(notice) = &state.origin.notice {
            banners.push(Banner {
                level: "info",
                text: notice.clone(),
            });
        }
        Layout {
            title: title.into(),
            active,
            banners,
            assets: AssetUrls::get(),
            overview_url: filters.url("/", &[]),
            launches_url: filters.url("/launches", &[]),
            api_url: filters.url("/api/stats", &[]),
            source: state.origin.description.clone(),
            loaded_at: format::timestamp(cached.data.loaded_at),
            plotly_version: PLOTLY_VERSION,
        }
    }
}

/// Renders a template, logging (not showing) what went wrong.
pub fn render<T: Template>(template: &T) -> Result<String, AppError> {
    template.render().map_err(|error| {
        tracing::error!(%error, "template rendering failed");
        AppError::Internal
    })
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub code: u16,
    pub message: String,
}

impl ErrorPage {
    pub fn new(code: u16, title: String, message: String) -> Self {
        ErrorPage {
            layout: Layout::bare(title),
            code,
            message,
        }
    }
}

/// A one-line description of the filters ("Falcon 9 · from 2020-01-01 · success").
pub fn describe_filters(filters: &Filters) -> String {
    if filters.is_empty() {
        return "All launches".to_owned();
    }
    let given = filters.given();
    let mut parts = Vec::new();
    if let Some(rocket) = &given.rocket {
        parts.push(rocket.clone());
    }
    if let Some(site) = &given.site {
        parts.push(site.clone());
    }
    if let Some(from) = &given.from {
        parts.push(format!("from {from}"));
    }
    if let Some(to) = &given.to {
        parts.push(format!("to {to}"));
    }
    if let Some(status) = filters.status {
        parts.push(status.as_str().to_owned());
    }
    parts.join(" · ")
}
