//! `/launches`: the filtered launches as a sortable table, a page at a time (`limit`, `offset`:
//! see [`crate::paging`]), with the CSV of all the view's rows.

use askama::Template;
use launches::Launch;

use super::form::{describe_filters, FilterForm};
use super::layout::Layout;
use super::overview::encode_segment;
use crate::cache::CachedLaunches;
use crate::charts::status_label;
use crate::filters::Filters;
use crate::format;
use crate::paging::Paging;
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
    /// Which launches the page shows: "Launches 101–200 of 205".
    pub range: String,
    pub csv_url: String,
    pub json_url: String,
    pub headers: Vec<HeaderCell>,
    pub rows: Vec<Row>,
    /// What an empty page says.
    pub empty: &'static str,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
}

/// "Launches 101–200 of 205"; an empty view or a page beyond the end says so.
fn range_text(paging: Paging, shown: usize, total: usize) -> String {
    match (shown, total) {
        (_, 0) => "0 launches".to_owned(),
        (0, _) => format!(
            "No launches from number {} on ({total} in all)",
            paging.offset.saturating_add(1)
        ),
        _ => format!(
            "Launches {}–{} of {total}",
            paging.offset + 1,
            paging.offset + shown
        ),
    }
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
    /// The page of `paging` of the launches `filters` select, in the order of `sort`. The
    /// launches are sorted by reference and only the page's rows are made.
    pub fn new(
        state: &AppState,
        cached: &CachedLaunches,
        filters: &Filters,
        sort: Sort,
        paging: Paging,
    ) -> Self {
        let all = &cached.data.launches;
        let mut launches = filters.select(all);
        sort.apply(&mut launches);
        let total = launches.len();
        let page = paging.slice(&launches);
        let sort_value = (sort != Sort::default()).then(|| sort.value());
        let sort_pair = sort_value.as_deref().map(|s| ("sort", s));
        // A page's URL: the filters, the order and the page (what differs from the defaults).
        let page_url = |paging: Paging| {
            let pairs = paging.non_default_pairs();
            let extra: Vec<(&str, &str)> = sort_pair
                .into_iter()
                .chain(pairs.iter().map(|(k, v)| (*k, v.as_str())))
                .collect();
            filters.url("/launches", &extra)
        };
        let limit = paging.first().non_default_pairs();
        let columns = [
            Column::Flight,
            Column::Date,
            Column::Name,
            Column::Rocket,
            Column::Site,
            Column::Status,
        ];
        // A new order starts at the first page, of the same size.
        let headers = columns
            .into_iter()
            .map(|column| {
                let toggled = sort.toggled(column).value();
                let extra: Vec<(&str, &str)> = std::iter::once(("sort", toggled.as_str()))
                    .chain(limit.iter().map(|(k, v)| (*k, v.as_str())))
                    .collect();
                HeaderCell {
                    label: column_label(column),
                    url: filters.url("/launches", &extra),
                    aria_sort: match (sort.column == column, sort.descending) {
                        (false, _) => "none",
                        (true, false) => "ascending",
                        (true, true) => "descending",
                    },
                }
            })
            .collect();
        TablePage {
            layout: Layout::for_data("Launches", "launches", state, cached, filters),
            form: FilterForm::new("/launches", filters, all, sort_value.clone())
                .with_limit(limit.first().map(|(_, v)| v.clone())),
            summary: describe_filters(filters),
            range: range_text(paging, page.len(), total),
            csv_url: filters.url("/launches.csv", &sort_pair.into_iter().collect::<Vec<_>>()),
            json_url: filters.url("/api/launches", &[]),
            headers,
            rows: page.iter().map(|l| Row::new(l)).collect(),
            empty: if total == 0 {
                "No launches match these filters."
            } else {
                "No launches on this page."
            },
            previous_url: paging.previous(total).map(page_url),
            next_url: paging.next(total).map(page_url),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_names_the_page_or_why_it_is_empty() {
        let page = |limit, offset| Paging { limit, offset };
        assert_eq!(range_text(page(100, 0), 100, 205), "Launches 1–100 of 205");
        assert_eq!(
            range_text(page(100, 200), 5, 205),
            "Launches 201–205 of 205"
        );
        assert_eq!(range_text(page(100, 0), 0, 0), "0 launches");
        assert_eq!(
            range_text(page(100, 300), 0, 205),
            "No launches from number 301 on (205 in all)"
        );
        // Any offset a URL can carry.
        assert!(range_text(page(100, usize::MAX), 0, 205).starts_with("No launches from"));
    }
}
