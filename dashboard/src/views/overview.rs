//! `/`: the headline figures and the charts, with each chart's figures also as a table so the
//! page says everything before (or without) JavaScript.

use std::collections::HashSet;

use askama::Template;
use launches::history::{announced_error_days, most_slipped, slips_per_month, HistoryEntry};
use launches::model::Source;
use launches::stats::{launch_stats, provenance, GroupCount, LaunchStats, StatusCounts};
use launches::{Launch, LaunchStatus};

use super::form::{describe_filters, FilterForm};
use super::layout::Layout;
use crate::charts::{self, status_label, Chart};
use crate::format;
use crate::history_charts;
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

/// A launch whose NET slipped the most, for the overview's table.
#[derive(Debug, Clone)]
pub struct SlippedRow {
    pub url: String,
    pub name: String,
    pub net_moves: usize,
    pub days: String,
}

/// A NET-change month, for the figures table under its chart.
#[derive(Debug, Clone)]
pub struct SlipMonthRow {
    pub month: String,
    pub later: usize,
    pub earlier: usize,
}

/// What the overview shows from history, over the launches in view.
#[derive(Debug, Clone, Default)]
pub struct HistoryFigures {
    pub months: Vec<SlipMonthRow>,
    pub most_slipped: Vec<SlippedRow>,
    /// Launches that flew with a NET known 30 days before.
    pub compared: usize,
    /// e.g. "6.0 days earlier than announced".
    pub median_error: String,
}

impl HistoryFigures {
    /// The figures, and the charts to add (none until some NET has changed).
    fn new(selection: &Selection, launches: &[&Launch]) -> (Self, Vec<Chart>) {
        let ids: HashSet<&str> = launches.iter().map(|l| l.id.as_str()).collect();
        let entries: Vec<HistoryEntry> = selection
            .cached
            .data
            .history
            .iter()
            .filter(|e| ids.contains(e.launch_id.as_str()))
            .cloned()
            .collect();
        let months = slips_per_month(&entries);
        // First sightings alone (a store filled once) have nothing to chart.
        if months.is_empty() {
            return (HistoryFigures::default(), Vec::new());
        }
        let errors =
            announced_error_days(&entries, launches, history_charts::ANNOUNCED_DAYS_BEFORE);
        let charts = vec![
            history_charts::slips_per_month(&months),
            history_charts::announced_error(&errors),
        ];
        let figures = HistoryFigures {
            months: months
                .iter()
                .map(|m| SlipMonthRow {
                    month: m.month.clone(),
                    later: m.later,
                    earlier: m.earlier,
                })
                .collect(),
            most_slipped: most_slipped(&entries, launches, 10)
                .into_iter()
                .map(|s| SlippedRow {
                    url: format!("/launches/{}", encode_segment(&s.launch_id)),
                    name: s.name,
                    net_moves: s.net_moves,
                    days: format!("{:.0}", s.total_slip_days),
                })
                .collect(),
            compared: errors.len(),
            median_error: errors.get(errors.len() / 2).map_or_else(
                || "–".to_owned(),
                |d| match d {
                    d if *d > 0.0 => format!("{d:.1} days later than announced"),
                    d if *d < 0.0 => format!("{:.1} days earlier than announced", -d),
                    _ => "on the day announced".to_owned(),
                },
            ),
        };
        (figures, charts)
    }
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
    pub history: HistoryFigures,
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
        let mut charts = charts::overview(&stats, launches);
        let (history, history_charts) = HistoryFigures::new(selection, launches);
        charts.extend(history_charts);
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
            history,
        }
    }
}
