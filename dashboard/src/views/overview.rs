//! `/`: the headline figures and the charts, with each chart's figures also as a table so the
//! page says everything before (or without) JavaScript.

use askama::Template;
use launches::model::Source;
use launches::stats::{launch_stats, provenance, GroupCount, LaunchStats, StatusCounts};
use launches::{Launch, LaunchStatus};

use super::form::{describe_filters, FilterForm};
use super::layout::Layout;
use crate::charts::{self, status_label, Chart};
use crate::format;
use crate::rendered::Selection;
use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct NextLaunchView {
    pub url: String,
    pub name: String,
    /// e.g. "NET November 2026", "NET 2026-08-25 05:49 UTC".
    pub date: String,
    pub precision: &'static str,
    /// LL2's own status, e.g. "Go", "TBD".
    pub status_detail: Option<&'static str>,
}

/// Where the data came from and how fresh it is (all the data, not only the view).
#[derive(Debug, Clone)]
pub struct ProvenanceView {
    pub last_synced: String,
    /// e.g. "SpaceX API v4 (205 launches)".
    pub sources: Vec<String>,
    pub ll2_last_updated: Option<String>,
}

pub fn source_label(source: Source) -> &'static str {
    match source {
        Source::SpacexV4 => "SpaceX API v4",
        Source::Ll2 => "Launch Library 2",
    }
}

impl ProvenanceView {
    pub fn new(all: &[Launch]) -> Self {
        let found = provenance(all);
        ProvenanceView {
            last_synced: found
                .last_synced
                .as_deref()
                .map_or_else(|| "–".to_owned(), format::stored_timestamp),
            sources: found
                .sources
                .iter()
                .map(|s| format!("{} ({} launches)", source_label(s.source), s.launches))
                .collect(),
            ll2_last_updated: found
                .ll2_last_updated
                .as_deref()
                .map(format::stored_timestamp),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Headline {
    pub launches: usize,
    pub success_rate: String,
    pub success: usize,
    pub decided: usize,
    pub upcoming: usize,
    pub next: Option<NextLaunchView>,
}

/// One row of a figures table: a month, a site, a rocket.
#[derive(Debug, Clone)]
pub struct CountRow {
    pub label: String,
    pub launches: usize,
    pub success: usize,
    pub failure: usize,
    pub partial_failure: usize,
    pub upcoming: usize,
    pub unknown: usize,
    pub success_rate: String,
}

impl CountRow {
    fn new(label: String, counts: &StatusCounts) -> Self {
        CountRow {
            label,
            launches: counts.total(),
            success: counts.success,
            failure: counts.failure,
            partial_failure: counts.partial_failure,
            upcoming: counts.upcoming,
            unknown: counts.unknown,
            success_rate: format::percent(counts.success_rate()),
        }
    }

    fn group(group: &GroupCount) -> Self {
        Self::new(group.name.clone(), &group.counts)
    }
}

#[derive(Debug, Clone)]
pub struct StatusRow {
    pub label: &'static str,
    pub count: usize,
    pub share: String,
}

#[derive(Template)]
#[template(path = "overview.html")]
pub struct OverviewPage {
    pub layout: Layout,
    pub form: FilterForm,
    pub summary: String,
    pub headline: Headline,
    pub provenance: ProvenanceView,
    pub charts: Vec<Chart>,
    /// Escaped for its `<script>` element by [`charts::script_json`].
    pub chart_json: String,
    pub months: Vec<CountRow>,
    pub sites: Vec<CountRow>,
    pub rockets: Vec<CountRow>,
    pub statuses: Vec<StatusRow>,
    pub table_url: String,
}

fn headline(stats: &LaunchStats) -> Headline {
    Headline {
        launches: stats.launches,
        success_rate: format::percent(stats.success_rate),
        success: stats.status_counts.success,
        decided: stats.status_counts.decided(),
        upcoming: stats.upcoming,
        next: stats.next_launch.as_ref().map(|next| NextLaunchView {
            url: format!("/launches/{}", encode_segment(&next.id)),
            name: next.name.clone(),
            date: format::net_date(
                &next.date_utc,
                next.date_precision,
                next.net_precision,
                LaunchStatus::Upcoming,
            ),
            precision: format::precision_label(next.date_precision, next.net_precision),
            status_detail: next.status_detail.map(|s| s.label()),
        }),
    }
}

/// A path segment, percent-encoded (ids come from the source).
pub fn encode_segment(segment: &str) -> String {
    form_urlencoded::byte_serialize(segment.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

impl OverviewPage {
    pub fn new(state: &AppState, selection: &Selection) -> Self {
        let Selection {
            cached,
            filters,
            launches,
        } = selection;
        let stats = launch_stats(launches, state.clock.now());
        let charts = charts::overview(&stats, launches);
        let total = stats.launches;
        OverviewPage {
            layout: Layout::for_data("Overview", "overview", state, cached, filters),
            form: FilterForm::new("/", filters, selection.all(), None),
            summary: describe_filters(filters),
            headline: headline(&stats),
            provenance: ProvenanceView::new(selection.all()),
            chart_json: charts::script_json(&charts),
            charts,
            months: stats
                .per_month
                .iter()
                .map(|m| CountRow::new(m.month.clone(), &m.counts))
                .collect(),
            sites: stats.per_site.iter().map(CountRow::group).collect(),
            rockets: stats.per_rocket.iter().map(CountRow::group).collect(),
            statuses: LaunchStatus::ALL
                .into_iter()
                .map(|s| {
                    let count = stats.status_counts.get(s);
                    StatusRow {
                        label: status_label(s),
                        count,
                        share: format::percent((total > 0).then(|| count as f64 / total as f64)),
                    }
                })
                .collect(),
            table_url: filters.url("/launches", &[]),
        }
    }
}
