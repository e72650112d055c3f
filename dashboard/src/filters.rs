//! The view's filters: query parameters `from`, `to`, `rocket`, `site`, `status`, shared by every
//! page, the CSV and the JSON API, so that a view is a URL.
//!
//! An empty value means "no filter" (an HTML form submits empty fields). Dates are `YYYY-MM-DD`
//! (a whole day: `to=2020-12-31` includes that day) or RFC 3339 (an exact instant).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use launches::{DateRange, Launch, LaunchStatus};
use rocket::form::FromForm;
use serde::Serialize;

use crate::errors::ParamError;

/// The raw query parameters, exactly as given.
#[derive(Debug, Clone, Default, PartialEq, Eq, FromForm)]
pub struct FilterParams {
    pub from: Option<String>,
    pub to: Option<String>,
    pub rocket: Option<String>,
    pub site: Option<String>,
    pub status: Option<String>,
}

/// Validated filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Filters {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub rocket: Option<String>,
    pub site: Option<String>,
    pub status: Option<LaunchStatus>,
    /// The parameters as given (empty ones dropped), to rebuild the view's URLs exactly.
    #[serde(skip)]
    given: FilterParams,
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Which end of a day a date-only bound stands for.
#[derive(Clone, Copy)]
pub(crate) enum Bound {
    Start,
    End,
}

pub(crate) fn parse_date(
    param: &'static str,
    value: &str,
    bound: Bound,
) -> Result<DateTime<Utc>, ParamError> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(value) {
        return Ok(instant.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        ParamError::new(
            param,
            format!("`{value}` is not a date (expected YYYY-MM-DD or RFC 3339, e.g. 2020-01-31 or 2020-01-31T12:00:00Z)"),
        )
    })?;
    let time = match bound {
        Bound::Start => NaiveTime::MIN,
        // The last millisecond: stored dates have millisecond precision.
        Bound::End => NaiveTime::from_hms_milli_opt(23, 59, 59, 999).unwrap_or(NaiveTime::MIN),
    };
    Ok(day.and_time(time).and_utc())
}

impl Filters {
    pub fn parse(params: &FilterParams) -> Result<Self, ParamError> {
        let given = FilterParams {
            from: non_empty(&params.from),
            to: non_empty(&params.to),
            rocket: non_empty(&params.rocket),
            site: non_empty(&params.site),
            status: non_empty(&params.status),
        };
        let from = given
            .from
            .as_deref()
            .map(|v| parse_date("from", v, Bound::Start))
            .transpose()?;
        let to = given
            .to
            .as_deref()
            .map(|v| parse_date("to", v, Bound::End))
            .transpose()?;
        if let (Some(from_date), Some(to_date)) = (from, to) {
            if from_date > to_date {
                return Err(ParamError::new(
                    "from",
                    format!(
                        "`from` ({}) is after `to` ({})",
                        given.from.as_deref().unwrap_or_default(),
                        given.to.as_deref().unwrap_or_default()
                    ),
                ));
            }
        }
        let status = given
            .status
            .as_deref()
            .map(|v| {
                v.to_ascii_lowercase()
                    .parse::<LaunchStatus>()
                    .map_err(|message| ParamError::new("status", message))
            })
            .transpose()?;
        Ok(Filters {
            from,
            to,
            rocket: given.rocket.clone(),
            site: given.site.clone(),
            status,
            given,
        })
    }

    pub fn range(&self) -> DateRange {
        DateRange {
            from: self.from,
            to: self.to,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.given == <FilterParams as Default>::default()
    }

    /// Whether `launch` is in the view. Rocket and site match by name or by id.
    pub fn matches(&self, launch: &Launch) -> bool {
        let in_range = if self.from.is_none() && self.to.is_none() {
            true
        } else {
            launch.date().is_some_and(|d| self.range().contains(d))
        };
        in_range
            && self
                .rocket
                .as_ref()
                .is_none_or(|r| *r == launch.rocket_name || *r == launch.rocket_id)
            && self
                .site
                .as_ref()
                .is_none_or(|s| *s == launch.launchpad_name || *s == launch.launchpad_id)
            && self.status.is_none_or(|s| s == launch.status)
    }

    /// The matching launches by reference: a view of 20,000 launches costs 160 KB, not a copy.
    pub fn select<'a>(&self, launches: &'a [Launch]) -> Vec<&'a Launch> {
        launches.iter().filter(|l| self.matches(l)).collect()
    }

    /// The parameters as given, for the form's fields.
    pub fn given(&self) -> &FilterParams {
        &self.given
    }

    /// `path` with the filters (and `extra`) as its query.
    pub fn url(&self, path: &str, extra: &[(&str, &str)]) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        let given = &self.given;
        for (key, value) in [
            ("from", &given.from),
            ("to", &given.to),
            ("rocket", &given.rocket),
            ("site", &given.site),
            ("status", &given.status),
        ] {
            if let Some(value) = value {
                query.append_pair(key, value);
            }
        }
        for (key, value) in extra {
            query.append_pair(key, value);
        }
        let query = query.finish();
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> FilterParams {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| (*v).to_owned())
        };
        FilterParams {
            from: get("from"),
            to: get("to"),
            rocket: get("rocket"),
            site: get("site"),
            status: get("status"),
        }
    }

    #[test]
    fn empty_values_are_no_filter() {
        let filters = Filters::parse(&params(&[("from", ""), ("status", " ")])).expect("valid");
        assert!(filters.is_empty());
        assert_eq!(filters.url("/", &[]), "/");
    }

    #[test]
    fn a_date_only_to_includes_the_whole_day() {
        let filters =
            Filters::parse(&params(&[("from", "2020-01-01"), ("to", "2020-12-31")])).expect("ok");
        assert_eq!(
            filters.from.map(|d| d.to_rfc3339()),
            Some("2020-01-01T00:00:00+00:00".into())
        );
        assert_eq!(
            filters.to.map(|d| d.to_rfc3339()),
            Some("2020-12-31T23:59:59.999+00:00".into())
        );
    }

    #[test]
    fn rfc3339_is_taken_exactly() {
        let filters = Filters::parse(&params(&[("to", "2020-06-01T12:00:00+02:00")])).expect("ok");
        assert_eq!(
            filters.to.map(|d| d.to_rfc3339()),
            Some("2020-06-01T10:00:00+00:00".into())
        );
    }

    #[test]
    fn errors_name_the_parameter() {
        let bad_date = Filters::parse(&params(&[("to", "2020-13-01")])).expect_err("bad month");
        assert_eq!(bad_date.param, "to");
        let reversed = Filters::parse(&params(&[("from", "2021-01-01"), ("to", "2020-01-01")]))
            .expect_err("from after to");
        assert_eq!(reversed.param, "from");
        assert!(reversed.to_string().contains("after `to`"));
        let status = Filters::parse(&params(&[("status", "exploded")])).expect_err("unknown");
        assert_eq!(status.param, "status");
    }

    #[test]
    fn status_is_case_insensitive() {
        let filters = Filters::parse(&params(&[("status", "Success")])).expect("ok");
        assert_eq!(filters.status, Some(LaunchStatus::Success));
    }

    #[test]
    fn the_query_string_round_trips_the_given_values() {
        let filters =
            Filters::parse(&params(&[("rocket", "Falcon 9"), ("site", "KSC LC 39A")])).expect("ok");
        assert_eq!(
            filters.url("/launches", &[("sort", "-date")]),
            "/launches?rocket=Falcon+9&site=KSC+LC+39A&sort=-date"
        );
    }
}
