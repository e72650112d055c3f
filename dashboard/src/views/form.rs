//! The filter form: a plain GET form, so that submitting it gives the view's shareable URL.

use std::collections::BTreeSet;

use launches::{Launch, LaunchStatus};

use crate::charts::status_label;
use crate::filters::Filters;

#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Clone)]
pub struct FilterForm {
    pub action: &'static str,
    /// `YYYY-MM-DD`, what `<input type="date">` takes.
    pub from: String,
    pub to: String,
    pub rockets: Vec<Choice>,
    pub sites: Vec<Choice>,
    pub statuses: Vec<Choice>,
    /// Kept across a filter change on the table page.
    pub sort: Option<String>,
    /// The table's page size, kept across a filter change (which starts at the first page).
    pub limit: Option<String>,
}

/// Choices from the values present in all launches; a value given in the URL that is not among
/// them (e.g. an id) is kept as a choice, so the form shows what the view is.
fn choices(values: BTreeSet<&str>, given: Option<&str>) -> Vec<Choice> {
    let mut list: Vec<Choice> = values
        .iter()
        .map(|v| Choice {
            value: (*v).to_owned(),
            label: (*v).to_owned(),
            selected: given == Some(*v),
        })
        .collect();
    if let Some(given) = given.filter(|g| !values.contains(g)) {
        list.push(Choice {
            value: given.to_owned(),
            label: given.to_owned(),
            selected: true,
        });
    }
    list
}

impl FilterForm {
    pub fn new(
        action: &'static str,
        filters: &Filters,
        all: &[Launch],
        sort: Option<String>,
    ) -> Self {
        let given = filters.given();
        FilterForm {
            action,
            from: filters
                .from
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            to: filters
                .to
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            rockets: choices(
                all.iter().map(|l| l.rocket_name.as_str()).collect(),
                given.rocket.as_deref(),
            ),
            sites: choices(
                all.iter().map(|l| l.launchpad_name.as_str()).collect(),
                given.site.as_deref(),
            ),
            statuses: LaunchStatus::ALL
                .into_iter()
                .map(|s| Choice {
                    value: s.as_str().to_owned(),
                    label: status_label(s).to_owned(),
                    selected: filters.status == Some(s),
                })
                .collect(),
            sort,
            limit: None,
        }
    }

    /// The form with the table's page size (when not the default) kept.
    pub fn with_limit(self, limit: Option<String>) -> Self {
        FilterForm { limit, ..self }
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
