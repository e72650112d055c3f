//! One launch's history read back: each NET it was given and when, its status changes and
//! renames, and how far the NET moved in all.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::entry::{HistoryEntry, HistoryField};

/// A value a field took, and when the sync saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub observed_at: String,
    /// None on the first sighting.
    pub old: Option<String>,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub launch_id: String,
    /// Every NET the launch was given (the first sighting's included), with its precision then.
    pub nets: Vec<NetStep>,
    pub statuses: Vec<Step>,
    pub names: Vec<Step>,
    pub rockets: Vec<Step>,
    pub launch_sites: Vec<Step>,
    /// How often the NET changed after it was first seen.
    pub net_moves: usize,
    /// Last NET minus first NET, in days (negative: earlier than first announced).
    pub total_slip_days: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetStep {
    pub observed_at: String,
    pub net: String,
    pub precision: Option<String>,
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// Days from `a` to `b`, when both are dates.
pub fn days_between(a: &str, b: &str) -> Option<f64> {
    let (a, b) = (parse(a)?, parse(b)?);
    // Whole seconds over a day: exact for the NETs LL2 gives.
    Some((b - a).num_seconds() as f64 / 86_400.0)
}

impl Timeline {
    /// From a launch's entries (any order; read by `seq`).
    pub fn new(launch_id: &str, entries: &[HistoryEntry]) -> Self {
        let mut ordered: Vec<&HistoryEntry> = entries
            .iter()
            .filter(|e| e.launch_id == launch_id)
            .collect();
        ordered.sort_by_key(|e| e.seq);
        let steps = |field: HistoryField| -> Vec<Step> {
            ordered
                .iter()
                .filter_map(|e| {
                    e.change(field).map(|c| Step {
                        observed_at: e.observed_at.clone(),
                        old: c.old.clone(),
                        new: c.new.clone(),
                    })
                })
                .collect()
        };
        let mut precision = None;
        let mut nets: Vec<NetStep> = Vec::new();
        for entry in &ordered {
            if let Some(p) = entry.change(HistoryField::NetPrecision) {
                precision = Some(p.new.clone());
            }
            let Some(net) = entry.change(HistoryField::Net) else {
                continue;
            };
            match nets.last_mut() {
                // Another source's first word on the NET corrects the one known, moves nothing.
                Some(last) if entry.net_move().is_none() => {
                    last.net.clone_from(&net.new);
                    last.precision.clone_from(&precision);
                }
                _ => nets.push(NetStep {
                    observed_at: entry.observed_at.clone(),
                    net: net.new.clone(),
                    precision: precision.clone(),
                }),
            }
        }
        let total_slip_days = match (nets.first(), nets.last()) {
            (Some(first), Some(last)) if nets.len() > 1 => days_between(&first.net, &last.net),
            _ => None,
        };
        Timeline {
            launch_id: launch_id.to_owned(),
            net_moves: nets.len().saturating_sub(1),
            total_slip_days,
            statuses: steps(HistoryField::Status),
            names: steps(HistoryField::Name),
            rockets: steps(HistoryField::Rocket),
            launch_sites: steps(HistoryField::LaunchSite),
            nets,
        }
    }

    /// e.g. "NET moved 6 times, 41 days later than first announced".
    pub fn summary(&self) -> String {
        let times = match self.net_moves {
            0 => return "NET never moved".to_owned(),
            1 => "once".to_owned(),
            n => format!("{n} times"),
        };
        match self.total_slip_days {
            Some(days) if days.abs() < 0.5 => {
                format!("NET moved {times}, back to the date first announced")
            }
            Some(days) => {
                let rounded = days.abs().round();
                let unit = if rounded == 1.0 { "day" } else { "days" };
                let direction = if days > 0.0 { "later" } else { "earlier" };
                format!("NET moved {times}, {rounded} {unit} {direction} than first announced")
            }
            None => format!("NET moved {times}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::entry::FieldChange;

    fn entry(seq: u32, at: &str, changes: Vec<(HistoryField, Option<&str>, &str)>) -> HistoryEntry {
        HistoryEntry {
            launch_id: "a".into(),
            seq,
            observed_at: at.into(),
            observed_year: 2026,
            source: "ll2".into(),
            source_joined: false,
            changes: changes
                .into_iter()
                .map(|(field, old, new)| FieldChange {
                    field,
                    old: old.map(str::to_owned),
                    new: new.to_owned(),
                })
                .collect(),
        }
    }

    #[test]
    fn nets_statuses_and_the_total_slip() {
        let entries = vec![
            entry(
                2,
                "2026-02-01T00:00:00.000Z",
                vec![(
                    HistoryField::Net,
                    Some("2026-03-01T00:00:00.000Z"),
                    "2026-04-11T00:00:00.000Z",
                )],
            ),
            entry(
                1,
                "2026-01-01T00:00:00.000Z",
                vec![
                    (HistoryField::Net, None, "2026-03-01T00:00:00.000Z"),
                    (HistoryField::NetPrecision, None, "M"),
                    (HistoryField::Status, None, "TBD"),
                ],
            ),
            entry(
                3,
                "2026-03-01T00:00:00.000Z",
                vec![(HistoryField::Status, Some("TBD"), "Go")],
            ),
        ];
        let timeline = Timeline::new("a", &entries);
        assert_eq!(timeline.nets.len(), 2);
        assert_eq!(timeline.nets[0].precision.as_deref(), Some("M"));
        assert_eq!(timeline.net_moves, 1);
        assert_eq!(timeline.total_slip_days, Some(41.0));
        assert_eq!(timeline.statuses.len(), 2);
        assert_eq!(
            timeline.summary(),
            "NET moved once, 41 days later than first announced"
        );
    }

    #[test]
    fn a_launch_seen_once_never_moved() {
        let entries = vec![entry(
            1,
            "2026-01-01T00:00:00.000Z",
            vec![(HistoryField::Net, None, "2026-03-01T00:00:00.000Z")],
        )];
        let timeline = Timeline::new("a", &entries);
        assert_eq!(timeline.total_slip_days, None);
        assert_eq!(timeline.summary(), "NET never moved");
    }

    #[test]
    fn another_sources_first_net_corrects_the_known_one_and_moves_nothing() {
        let mut joined = entry(
            2,
            "2026-11-29T12:00:00.000Z",
            vec![(
                HistoryField::Net,
                Some("2012-05-22T07:44:00.000Z"),
                "2012-05-22T07:44:38.000Z",
            )],
        );
        joined.source_joined = true;
        let first = entry(
            1,
            "2026-11-29T12:00:00.000Z",
            vec![(HistoryField::Net, None, "2012-05-22T07:44:00.000Z")],
        );
        let timeline = Timeline::new("a", &[first, joined.clone()]);
        assert_eq!(timeline.nets.len(), 1);
        assert_eq!(timeline.nets[0].net, "2012-05-22T07:44:38.000Z");
        assert_eq!(timeline.net_moves, 0);
        assert_eq!(timeline.summary(), "NET never moved");
        assert_eq!(crate::history::slips_per_month(&[joined]), vec![]);
    }
}
