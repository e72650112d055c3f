//! The frame every page shares (title, navigation that keeps the filters, banners, footer), and
//! rendering a template.

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
