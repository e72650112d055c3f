//! `/launches`: the filtered launches as a sortable table, with the CSV of the same rows.

use askama::Template;
use launches::Launch;

use super::form::{describe_filters, FilterForm};
use super::layout::Layout;
use super::overview::encode_segment;
use crate::charts::status_label;
use crate::format;
use crate::rendered::Selection;
use crate::sort::{Column, Sort};
use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct HeaderCell {
    pub label: &'static str,
    /// The table sorted by this column (reversed when it already is).
    pub url: String,
    /// `ascending`, `descending` or `none` (aria-sort).
    pub aria_sort: &'static str,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub url: String,
    pub flight: u32,
    pub date: String,
    pub name: String,
    pub rocket: String,
    pub site: String,
    pub status: &'static str,
    pub status_label: &'static str,
    /// The source's own status, when it says more than the coarse one.
    pub status_detail: Option<&'static str>,
    pub payloads: u32,
    pub crew: u32,
}

impl Row {
    fn new(launch: &Launch) -> Self {
        Row {
            url: format!("/launches/{}", encode_segment(&launch.id)),
            flight: launch.flight_number,
            date: format::date_of(launch),
            name: launch.name.clone(),
            rocket: launch.rocket_name.clone(),
            site: launch.launchpad_name.clone(),
            status: launch.status.as_str(),
            status_label: status_label(launch.status),
            status_detail: launch
                .status_detail
                .map(|s| s.label())
                .filter(|detail| !detail.eq_ignore_ascii_case(status_label(launch.status))),
            payloads: launch.payload_count,
            crew: launch.crew_count,
        }
    }
}

#[derive(Template)]
#[template(path = "table.html")]
pub struct TablePage {
    pub layout: Layout,
    pub form: FilterForm,
    pub summary: String,
    pub count: usize,
    pub csv_url: String,
    pub json_url: String,
    pub headers: Vec<HeaderCell>,
    pub rows: Vec<Row>,
}

fn column_label(column: Column) -> &'static str {
    match column {
        Column::Date => "Date",
        Column::Flight => "Flight",
        Column::Name => "Mission",
        Column::Rocket => "Rocket",
        Column::Site => "Launch site",
        Column::Status => "Status",
    }
}

impl TablePage {
    pub fn new(state: &AppState, selection: &Selection, sort: Sort) -> Self {
        let Selection {
            cached, filters, ..
        } = selection;
        let mut launches = selection.launches.clone();
        sort.apply(&mut launches);
        let columns = [
            Column::Flight,
            Column::Date,
            Column::Name,
            Column::Rocket,
            Column::Site,
            Column::Status,
        ];
        let headers = columns
            .into_iter()
            .map(|column| HeaderCell {
                label: column_label(column),
                url: filters.url("/launches", &[("sort", &sort.toggled(column).value())]),
                aria_sort: match (sort.column == column, sort.descending) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
            })
            .collect();
        let sort_value = (sort != Sort::default()).then(|| sort.value());
        TablePage {
            layout: Layout::for_data("Launches", "launches", state, cached, filters),
            form: FilterForm::new("/launches", filters, selection.all(), sort_value.clone()),
            summary: describe_filters(filters),
            count: launches.len(),
            csv_url: filters.url(
                "/launches.csv",
                &sort_value
                    .as_deref()
                    .map(|s| vec![("sort", s)])
                    .unwrap_or_default(),
            ),
            json_url: filters.url("/api/launches", &[]),
            headers,
            rows: launches.iter().map(Row::new).collect(),
        }
    }
}
