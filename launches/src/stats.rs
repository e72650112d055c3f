//! The statistics the dashboard shows: pure functions over a slice of launches, so that the
//! figures on the page, in `/api/stats` and in the tests come from one place.
//!
//! The success rate counts decided outcomes only: `success / (success + failure)`. Upcoming
//! launches and past launches the source gives no outcome for (`unknown`) are left out of it, so
//! that a launch nobody has scored yet neither helps nor hurts a rocket; so are partial
//! failures, which are neither a success nor a failure.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::merge::period_end;
use crate::model::{DatePrecision, Launch, LaunchStatus, NetPrecision, Source, StatusDetail};

/// How many launches have each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub success: usize,
    pub failure: usize,
    #[serde(default)]
    pub partial_failure: usize,
    pub upcoming: usize,
    pub unknown: usize,
}

impl StatusCounts {
    pub fn add(&mut self, status: LaunchStatus) {
        *self.slot(status) += 1;
    }

    pub fn get(&self, status: LaunchStatus) -> usize {
        match status {
            LaunchStatus::Success => self.success,
            LaunchStatus::Failure => self.failure,
            LaunchStatus::PartialFailure => self.partial_failure,
            LaunchStatus::Upcoming => self.upcoming,
            LaunchStatus::Unknown => self.unknown,
        }
    }

    fn slot(&mut self, status: LaunchStatus) -> &mut usize {
        match status {
            LaunchStatus::Success => &mut self.success,
            LaunchStatus::Failure => &mut self.failure,
            LaunchStatus::PartialFailure => &mut self.partial_failure,
            LaunchStatus::Upcoming => &mut self.upcoming,
            LaunchStatus::Unknown => &mut self.unknown,
        }
    }

    pub fn total(&self) -> usize {
        self.success + self.failure + self.partial_failure + self.upcoming + self.unknown
    }

    /// Launches with a decided outcome (success or failure).
    pub fn decided(&self) -> usize {
        self.success + self.failure
    }

    /// `success / (success + failure)`, or `None` when no launch has a decided outcome.
    pub fn success_rate(&self) -> Option<f64> {
        let decided = self.decided();
        (decided > 0).then(|| self.success as f64 / decided as f64)
    }
}

fn count_statuses<'a>(launches: impl IntoIterator<Item = &'a Launch>) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for launch in launches {
        counts.add(launch.status);
    }
    counts
}

/// Launches of one calendar month (`YYYY-MM`, UTC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthCount {
    pub month: String,
    pub launches: usize,
    #[serde(flatten)]
    pub counts: StatusCounts,
}

/// Launches of one group (a launch site or a rocket), by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupCount {
    pub name: String,
    pub launches: usize,
    #[serde(flatten)]
    pub counts: StatusCounts,
    pub success_rate: Option<f64>,
}

/// The earliest upcoming launch whose NET period has not ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextLaunch {
    pub id: String,
    pub name: String,
    pub date_utc: String,
    pub date_precision: DatePrecision,
    /// LL2's finer precision, when LL2 gave the date.
    #[serde(default)]
    pub net_precision: Option<NetPrecision>,
    #[serde(default)]
    pub status_detail: Option<StatusDetail>,
    pub rocket_name: String,
    pub launchpad_name: String,
}

/// Everything the dashboard's headline and charts show, for one set of launches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaunchStats {
    pub launches: usize,
    pub status_counts: StatusCounts,
    pub success_rate: Option<f64>,
    pub upcoming: usize,
    pub next_launch: Option<NextLaunch>,
    /// Months that have launches, in calendar order.
    pub per_month: Vec<MonthCount>,
    /// Launch sites by name, most launches first (then by name).
    pub per_site: Vec<GroupCount>,
    /// Rockets by name, most launches first (then by name).
    pub per_rocket: Vec<GroupCount>,
}

/// All the statistics of `launches` (or references to them), as of `now` (which launch is next).
pub fn launch_stats<L: Borrow<Launch>>(launches: &[L], now: DateTime<Utc>) -> LaunchStats {
    let status_counts = count_statuses(launches.iter().map(Borrow::borrow));
    LaunchStats {
        launches: launches.len(),
        status_counts,
        success_rate: status_counts.success_rate(),
        upcoming: status_counts.upcoming,
        next_launch: next_launch(launches, now).map(|l| NextLaunch {
            id: l.id.clone(),
            name: l.name.clone(),
            date_utc: l.date_utc.clone(),
            date_precision: l.date_precision,
            net_precision: l.net_precision,
            status_detail: l.status_detail,
            rocket_name: l.rocket_name.clone(),
            launchpad_name: l.launchpad_name.clone(),
        }),
        per_month: per_month(launches),
        per_site: per_group(launches, |l| &l.launchpad_name),
        per_rocket: per_group(launches, |l| &l.rocket_name),
    }
}

/// The earliest upcoming launch (by date, then id) whose NET period has not ended at `now`:
/// a launch "NET November 2026" is next until the end of November, one known to the hour
/// until an hour after it. A row a sync wrote as upcoming may have flown since; a stale
/// source's past "upcoming" launch is never next.
pub fn next_launch<L: Borrow<Launch>>(launches: &[L], now: DateTime<Utc>) -> Option<&Launch> {
    launches
        .iter()
        .map(Borrow::<Launch>::borrow)
        .filter(|l| l.status == LaunchStatus::Upcoming)
        .filter(|l| {
            l.date()
                .and_then(|date| period_end(date, l.date_precision))
                .is_some_and(|end| end > now)
        })
        .min_by(|a, b| a.date_utc.cmp(&b.date_utc).then_with(|| a.id.cmp(&b.id)))
}

/// Where a set of rows came from and how fresh it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The newest `synced_at`: when a sync last wrote a row.
    pub last_synced: Option<String>,
    /// Rows per source (a launch known to both counts for each), in [`Source`] order.
    pub sources: Vec<SourceCount>,
    /// The newest LL2 `last_updated` among the rows: how current the LL2 data is.
    pub ll2_last_updated: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceCount {
    pub source: Source,
    pub launches: usize,
}

/// The provenance of `launches`.
pub fn provenance(launches: &[Launch]) -> Provenance {
    let mut per_source: BTreeMap<Source, usize> = BTreeMap::new();
    for launch in launches {
        for source in launch.sources.as_slice() {
            *per_source.entry(*source).or_default() += 1;
        }
    }
    let newest = |field: fn(&Launch) -> Option<&String>| {
        launches
            .iter()
            .filter_map(field)
            .filter(|text| !text.is_empty())
            .max()
            .cloned()
    };
    Provenance {
        last_synced: newest(|l| Some(&l.synced_at)),
        sources: per_source
            .into_iter()
            .map(|(source, launches)| SourceCount { source, launches })
            .collect(),
        ll2_last_updated: newest(|l| l.ll2_last_updated.as_ref()),
    }
}

/// Launches per calendar month, by status.
pub fn per_month<L: Borrow<Launch>>(launches: &[L]) -> Vec<MonthCount> {
    let mut months: BTreeMap<String, StatusCounts> = BTreeMap::new();
    for launch in launches.iter().map(Borrow::<Launch>::borrow) {
        let key = format!("{:04}-{:02}", launch.year, launch.month);
        months.entry(key).or_default().add(launch.status);
    }
    months
        .into_iter()
        .map(|(month, counts)| MonthCount {
            month,
            launches: counts.total(),
            counts,
        })
        .collect()
}

/// Launches per launch site (by name), by status.
pub fn per_site<L: Borrow<Launch>>(launches: &[L]) -> Vec<GroupCount> {
    per_group(launches, |l| &l.launchpad_name)
}

/// Launches per rocket (by name), by status, with each rocket's success rate.
pub fn per_rocket<L: Borrow<Launch>>(launches: &[L]) -> Vec<GroupCount> {
    per_group(launches, |l| &l.rocket_name)
}

fn per_group<L: Borrow<Launch>>(
    launches: &[L],
    key: impl Fn(&Launch) -> &String,
) -> Vec<GroupCount> {
    let mut groups: BTreeMap<&str, StatusCounts> = BTreeMap::new();
    for launch in launches.iter().map(Borrow::<Launch>::borrow) {
        groups.entry(key(launch)).or_default().add(launch.status);
    }
    let mut counts: Vec<GroupCount> = groups
        .into_iter()
        .map(|(name, counts)| GroupCount {
            name: name.to_owned(),
            launches: counts.total(),
            success_rate: counts.success_rate(),
            counts,
        })
        .collect();
    // Stable sort over the name order of the BTreeMap: ties stay alphabetical.
    counts.sort_by_key(|group| std::cmp::Reverse(group.launches));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Links;

    fn launch(id: &str, date: &str, status: LaunchStatus, rocket: &str, site: &str) -> Launch {
        Launch {
            id: id.into(),
            flight_number: 1,
            name: format!("Mission {id}"),
            date_utc: date.into(),
            date_precision: DatePrecision::Hour,
            year: date[0..4].parse().unwrap_or(0),
            month: date[5..7].parse().unwrap_or(0),
            status,
            rocket_id: rocket.to_lowercase(),
            rocket_name: rocket.into(),
            launchpad_id: site.to_lowercase(),
            launchpad_name: site.into(),
            launchpad_full_name: None,
            launchpad_locality: None,
            details: None,
            failures: vec![],
            payload_count: 0,
            payload_mass_kg: 0.0,
            orbits: vec![],
            crew_count: 0,
            cores: vec![],
            links: Links::default(),
            content_hash: String::new(),
            synced_at: String::new(),
            ..Launch::default()
        }
    }

    fn sample() -> Vec<Launch> {
        use LaunchStatus::*;
        vec![
            launch(
                "a",
                "2020-01-05T10:00:00.000Z",
                Success,
                "Falcon 9",
                "SLC 40",
            ),
            launch(
                "b",
                "2020-01-20T10:00:00.000Z",
                Failure,
                "Falcon 9",
                "LC 39A",
            ),
            launch(
                "c",
                "2020-03-01T10:00:00.000Z",
                Success,
                "Falcon Heavy",
                "LC 39A",
            ),
            launch(
                "d",
                "2020-03-02T10:00:00.000Z",
                Unknown,
                "Falcon 9",
                "SLC 40",
            ),
            launch(
                "f",
                "2023-06-01T00:00:00.000Z",
                Upcoming,
                "Starship",
                "LC 39A",
            ),
            launch(
                "e",
                "2022-12-01T00:00:00.000Z",
                Upcoming,
                "Falcon 9",
                "SLC 40",
            ),
        ]
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    /// Before every sample launch.
    fn early() -> DateTime<Utc> {
        at("2019-01-01T00:00:00Z")
    }

    #[test]
    fn success_rate_counts_decided_outcomes_only() {
        let stats = launch_stats(&sample(), early());
        assert_eq!(stats.launches, 6);
        assert_eq!(
            stats.status_counts,
            StatusCounts {
                success: 2,
                failure: 1,
                partial_failure: 0,
                upcoming: 2,
                unknown: 1
            }
        );
        assert_eq!(stats.success_rate, Some(2.0 / 3.0));
        assert_eq!(stats.upcoming, 2);
    }

    #[test]
    fn next_launch_is_the_earliest_upcoming_one() {
        let stats = launch_stats(&sample(), early());
        assert_eq!(stats.next_launch.map(|n| n.id), Some("e".to_owned()));
        assert_eq!(next_launch(&sample()[..4], early()), None);
    }

    #[test]
    fn next_launch_is_one_whose_net_period_has_not_ended() {
        let mut launches = sample();
        // "e" is known to the hour: next until an hour after it.
        let e = at("2022-12-01T00:00:00Z");
        assert_eq!(
            next_launch(&launches, e + chrono::Duration::minutes(59)).map(|l| l.id.as_str()),
            Some("e")
        );
        assert_eq!(
            next_launch(&launches, e + chrono::Duration::hours(1)).map(|l| l.id.as_str()),
            Some("f")
        );
        // Known to the month, "f" (June 2023) is next through the end of June.
        launches[4].date_precision = DatePrecision::Month;
        let end_of_june = at("2023-06-30T23:59:59Z");
        assert_eq!(
            next_launch(&launches, end_of_june).map(|l| l.id.as_str()),
            Some("f")
        );
        assert_eq!(next_launch(&launches, at("2023-07-01T00:00:00Z")), None);
    }

    #[test]
    fn provenance_names_the_sources_and_the_newest_times() {
        let mut launches = sample();
        launches[0].synced_at = "2026-11-29T01:00:00.000Z".into();
        launches[1].synced_at = "2026-11-29T07:00:00.000Z".into();
        launches[1].sources = crate::model::Sources::new([Source::SpacexV4, Source::Ll2]);
        launches[1].ll2_last_updated = Some("2026-08-22T08:31:34Z".into());
        launches[2].sources = crate::model::Sources::new([Source::Ll2]);
        let found = provenance(&launches);
        assert_eq!(
            found.last_synced.as_deref(),
            Some("2026-11-29T07:00:00.000Z")
        );
        assert_eq!(
            found.sources,
            [
                SourceCount {
                    source: Source::SpacexV4,
                    launches: 5
                },
                SourceCount {
                    source: Source::Ll2,
                    launches: 2
                }
            ]
        );
        assert_eq!(
            found.ll2_last_updated.as_deref(),
            Some("2026-08-22T08:31:34Z")
        );
        assert_eq!(provenance(&[]), Provenance::default());
    }

    #[test]
    fn months_are_in_calendar_order_with_status_counts() {
        let months = per_month(&sample());
        let keys: Vec<&str> = months.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(keys, ["2020-01", "2020-03", "2022-12", "2023-06"]);
        assert_eq!(months[0].counts.success, 1);
        assert_eq!(months[0].counts.failure, 1);
        assert_eq!(months[1].launches, 2);
    }

    #[test]
    fn groups_are_sorted_by_launches_then_name() {
        let sites = per_site(&sample());
        let names: Vec<(&str, usize)> = sites
            .iter()
            .map(|s| (s.name.as_str(), s.launches))
            .collect();
        assert_eq!(names, [("LC 39A", 3), ("SLC 40", 3)]);
        let rockets = per_rocket(&sample());
        assert_eq!(rockets[0].name, "Falcon 9");
        assert_eq!(rockets[0].success_rate, Some(0.5));
        let starship = rockets.iter().find(|r| r.name == "Starship");
        assert_eq!(starship.and_then(|r| r.success_rate), None);
    }

    #[test]
    fn no_launches_no_rate() {
        let stats = launch_stats::<Launch>(&[], early());
        assert_eq!(stats.launches, 0);
        assert_eq!(stats.success_rate, None);
        assert!(stats.per_month.is_empty());
    }
}
