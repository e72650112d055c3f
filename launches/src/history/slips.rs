//! What only history shows across launches: NET changes per month, the launches that slipped
//! the most, and how far the actual launch fell from the NET announced some days before.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};

use chrono::Duration;
use serde::Serialize;

use super::entry::HistoryEntry;
use super::timeline::{days_between, Timeline};
use crate::model::{format_date, Launch, LaunchStatus};

/// NET changes seen in one month (of `observed_at`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthSlips {
    /// `YYYY-MM`.
    pub month: String,
    /// NETs moved later (slips).
    pub later: usize,
    /// NETs moved earlier.
    pub earlier: usize,
}

/// NET changes per month of observation, in month order; first sightings are not changes.
pub fn slips_per_month(entries: &[HistoryEntry]) -> Vec<MonthSlips> {
    let mut months: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for entry in entries {
        let Some(change) = entry.net_move() else {
            continue;
        };
        let Some(days) = change
            .old
            .as_deref()
            .and_then(|old| days_between(old, &change.new))
        else {
            continue;
        };
        let month = entry.observed_at.get(..7).unwrap_or_default().to_owned();
        let counts = months.entry(month).or_default();
        if days > 0.0 {
            counts.0 += 1;
        } else if days < 0.0 {
            counts.1 += 1;
        }
    }
    months
        .into_iter()
        .map(|(month, (later, earlier))| MonthSlips {
            month,
            later,
            earlier,
        })
        .collect()
}

fn by_launch(entries: &[HistoryEntry]) -> HashMap<&str, Vec<HistoryEntry>> {
    let mut grouped: HashMap<&str, Vec<HistoryEntry>> = HashMap::new();
    for entry in entries {
        grouped
            .entry(entry.launch_id.as_str())
            .or_default()
            .push(entry.clone());
    }
    grouped
}

/// A launch and how far its NET moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slipped {
    pub launch_id: String,
    pub name: String,
    pub net_moves: usize,
    /// Last NET minus first NET, in days.
    pub total_slip_days: f64,
}

/// The `limit` launches whose NET ended furthest after the one first announced, most first
/// (then by id); `launches` gives their names (an id without a row shows as itself).
pub fn most_slipped<L: Borrow<Launch>>(
    entries: &[HistoryEntry],
    launches: &[L],
    limit: usize,
) -> Vec<Slipped> {
    let names: HashMap<&str, &str> = launches
        .iter()
        .map(Borrow::<Launch>::borrow)
        .map(|l| (l.id.as_str(), l.name.as_str()))
        .collect();
    let mut slipped: Vec<Slipped> = by_launch(entries)
        .into_iter()
        .filter_map(|(id, entries)| {
            let timeline = Timeline::new(id, &entries);
            let days = timeline.total_slip_days.filter(|d| *d > 0.0)?;
            Some(Slipped {
                launch_id: id.to_owned(),
                name: names.get(id).map_or(id, |n| n).to_owned(),
                net_moves: timeline.net_moves,
                total_slip_days: days,
            })
        })
        .collect();
    slipped.sort_by(|a, b| {
        b.total_slip_days
            .total_cmp(&a.total_slip_days)
            .then_with(|| a.launch_id.cmp(&b.launch_id))
    });
    slipped.truncate(limit);
    slipped
}

/// For every launch that has flown (success, failure or partial failure) and whose history
/// reaches back `days_before` days before it flew: its launch date minus the NET in effect then,
/// in days (positive: it flew later than announced).
pub fn announced_error_days<L: Borrow<Launch>>(
    entries: &[HistoryEntry],
    launches: &[L],
    days_before: i64,
) -> Vec<f64> {
    let grouped = by_launch(entries);
    let mut errors: Vec<f64> = launches
        .iter()
        .map(Borrow::<Launch>::borrow)
        .filter(|l| {
            matches!(
                l.status,
                LaunchStatus::Success | LaunchStatus::Failure | LaunchStatus::PartialFailure
            )
        })
        .filter_map(|launch| {
            let flew = launch.date()?;
            let then = format_date(flew - Duration::days(days_before));
            let timeline = Timeline::new(&launch.id, grouped.get(launch.id.as_str())?);
            let announced = timeline
                .nets
                .iter()
                .rfind(|step| step.observed_at <= then)?;
            days_between(&announced.net, &launch.date_utc)
        })
        .collect();
    errors.sort_by(f64::total_cmp);
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::entry::{FieldChange, HistoryField};

    fn net_entry(id: &str, seq: u32, at: &str, old: Option<&str>, new: &str) -> HistoryEntry {
        HistoryEntry {
            launch_id: id.into(),
            seq,
            observed_at: at.into(),
            observed_year: 2026,
            source: "ll2".into(),
            source_joined: false,
            changes: vec![FieldChange {
                field: HistoryField::Net,
                old: old.map(str::to_owned),
                new: new.to_owned(),
            }],
        }
    }

    fn history() -> Vec<HistoryEntry> {
        vec![
            net_entry(
                "a",
                1,
                "2026-01-05T00:00:00.000Z",
                None,
                "2026-03-01T00:00:00.000Z",
            ),
            net_entry(
                "a",
                2,
                "2026-02-10T00:00:00.000Z",
                Some("2026-03-01T00:00:00.000Z"),
                "2026-03-11T00:00:00.000Z",
            ),
            net_entry(
                "b",
                1,
                "2026-01-05T00:00:00.000Z",
                None,
                "2026-06-01T00:00:00.000Z",
            ),
            net_entry(
                "b",
                2,
                "2026-01-20T00:00:00.000Z",
                Some("2026-06-01T00:00:00.000Z"),
                "2026-05-01T00:00:00.000Z",
            ),
        ]
    }

    #[test]
    fn net_changes_are_counted_per_month_by_direction() {
        assert_eq!(
            slips_per_month(&history()),
            vec![
                MonthSlips {
                    month: "2026-01".into(),
                    later: 0,
                    earlier: 1
                },
                MonthSlips {
                    month: "2026-02".into(),
                    later: 1,
                    earlier: 0
                },
            ]
        );
    }

    #[test]
    fn only_launches_that_ended_later_count_as_slipped() {
        let slipped = most_slipped::<Launch>(&history(), &[], 10);
        assert_eq!(slipped.len(), 1);
        assert_eq!(slipped[0].launch_id, "a");
        assert_eq!(slipped[0].total_slip_days, 10.0);
    }

    #[test]
    fn the_error_is_against_the_net_known_that_many_days_before() {
        let flown = Launch {
            id: "a".into(),
            date_utc: "2026-03-12T00:00:00.000Z".into(),
            status: LaunchStatus::Success,
            ..Launch::default()
        };
        // 31 days before 12 March the NET was 1 March (the move to 11 March came a day later).
        assert_eq!(
            announced_error_days(&history(), std::slice::from_ref(&flown), 31),
            vec![11.0]
        );
        // 20 days before, the 11 March NET was known.
        assert_eq!(announced_error_days(&history(), &[flown], 20), vec![1.0]);
    }
}
