//! One history entry: what a sync saw change in one launch, and when.

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{format_date, Launch};

/// The provider of every launch the sources deliver, unless LL2 moved it ([`Launch::provider`]).
pub const SPACEX: &str = "SpaceX";

/// The fields history follows. What people ask of an upcoming launch ("when?", "is it go?",
/// "what is it called now?", "on which rocket, from where?", "is it still SpaceX's?"); the rest of a row (links,
/// descriptions, landing details, LL2's `last_updated`) changes often, says little, and is kept
/// whole in the row anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryField {
    /// The NET (`date_utc`).
    Net,
    /// LL2's `net_precision` abbreviation ("M", "Q3", "DAY"), or v4's precision on v4-only rows.
    NetPrecision,
    /// LL2's status ("TBD", "Go", "Success"), or the coarse status on v4-only rows.
    Status,
    Name,
    Rocket,
    LaunchSite,
    /// "SpaceX", or the provider LL2 moved the launch to.
    Provider,
}

impl HistoryField {
    pub const ALL: [HistoryField; 7] = [
        HistoryField::Net,
        HistoryField::NetPrecision,
        HistoryField::Status,
        HistoryField::Name,
        HistoryField::Rocket,
        HistoryField::LaunchSite,
        HistoryField::Provider,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HistoryField::Net => "net",
            HistoryField::NetPrecision => "net_precision",
            HistoryField::Status => "status",
            HistoryField::Name => "name",
            HistoryField::Rocket => "rocket",
            HistoryField::LaunchSite => "launch_site",
            HistoryField::Provider => "provider",
        }
    }

    /// The field's value in `launch`, as history keeps it.
    pub fn value(self, launch: &Launch) -> String {
        match self {
            HistoryField::Net => launch.date_utc.clone(),
            HistoryField::NetPrecision => launch.net_precision.map_or_else(
                || launch.date_precision.as_str().to_owned(),
                |p| p.ll2_abbrev().to_owned(),
            ),
            HistoryField::Status => launch.status_detail.map_or_else(
                || launch.status.as_str().to_owned(),
                |s| s.label().to_owned(),
            ),
            HistoryField::Name => launch.name.clone(),
            HistoryField::Rocket => launch.rocket_name.clone(),
            HistoryField::LaunchSite => launch.launchpad_name.clone(),
            HistoryField::Provider => launch.provider.clone().unwrap_or_else(|| SPACEX.to_owned()),
        }
    }
}

impl std::str::FromStr for HistoryField {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HistoryField::ALL
            .into_iter()
            .find(|field| field.as_str() == s)
            .ok_or_else(|| {
                let expected: Vec<&str> = HistoryField::ALL.iter().map(|f| f.as_str()).collect();
                format!(
                    "unknown field `{s}` (expected one of {})",
                    expected.join(", ")
                )
            })
    }
}

/// One field's change. `old` is absent on a launch's first entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: HistoryField,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    pub new: String,
}

/// What one sync saw change in one launch. Keyed by (`launch_id`, `seq`): `seq` counts the
/// launch's entries from 1 (its first sighting), so a retried run that sees the same change
/// writes the same key again instead of a second entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub launch_id: String,
    pub seq: u32,
    /// When the sync saw the change: its time ([`crate::SyncOptions::as_of`]), or the record's
    /// own update time ([`crate::ObservedAt`]), in the table's date format.
    pub observed_at: String,
    /// The year of `observed_at`: the partition of the index that reads history by time.
    pub observed_year: i32,
    /// The source whose record showed the change ([`crate::LaunchSource::name`]).
    pub source: String,
    /// In [`HistoryField`] order.
    pub changes: Vec<FieldChange>,
    /// The first record of this launch from `source`, on a row another source made (an LL2
    /// record meeting a v4 launch): its differences are the sources disagreeing (v4's
    /// 07:44:00 against LL2's 07:44:38), not the launch changing. Shown, but no NET move or slip.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub source_joined: bool,
}

impl HistoryEntry {
    /// The NET change that moved the launch: none on a first sighting, nor on an entry whose NET
    /// differs only because another source joined ([`Self::source_joined`]).
    pub fn net_move(&self) -> Option<&FieldChange> {
        if self.source_joined {
            return None;
        }
        self.change(HistoryField::Net).filter(|c| c.old.is_some())
    }

    /// The change of `field`, if this entry has one.
    pub fn change(&self, field: HistoryField) -> Option<&FieldChange> {
        self.changes.iter().find(|c| c.field == field)
    }

    pub fn is_first_sighting(&self) -> bool {
        self.seq == 1
    }

    pub fn observed(&self) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(&self.observed_at)
            .ok()
            .map(|d| d.with_timezone(&Utc))
    }
}

/// The fields that differ between `before` (the stored row; none for a new launch: every field
/// is new) and `after`.
pub fn diff(before: Option<&Launch>, after: &Launch) -> Vec<FieldChange> {
    HistoryField::ALL
        .into_iter()
        .filter_map(|field| {
            let new = field.value(after);
            let old = before.map(|b| field.value(b));
            (old.as_ref() != Some(&new)).then_some(FieldChange { field, old, new })
        })
        .collect()
}

/// The entry for `after` replacing `before` (the stored row, with its `history_seq`), observed
/// at `at` from `source`; none when no followed field changed.
pub fn observe(
    before: Option<&Launch>,
    after: &Launch,
    at: DateTime<Utc>,
    source: &str,
) -> Option<HistoryEntry> {
    let changes = diff(before, after);
    if changes.is_empty() {
        return None;
    }
    let source_joined = before.is_some_and(|before| {
        after
            .sources
            .as_slice()
            .iter()
            .any(|s| !before.sources.contains(*s))
    });
    Some(HistoryEntry {
        launch_id: after.id.clone(),
        seq: before.map_or(0, |b| b.history_seq) + 1,
        observed_at: format_date(at),
        observed_year: at.year(),
        source: source.to_owned(),
        changes,
        source_joined,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NetPrecision, StatusDetail};
    use chrono::TimeZone;

    fn launch() -> Launch {
        Launch {
            id: "a".into(),
            name: "Rivada 10".into(),
            date_utc: "2026-06-30T00:00:00.000Z".into(),
            net_precision: Some(NetPrecision::Month),
            status_detail: Some(StatusDetail::Tbd),
            rocket_name: "Falcon 9".into(),
            launchpad_name: "CCSFS SLC 40".into(),
            ..Launch::default()
        }
    }

    #[test]
    fn an_entry_says_when_another_source_joined_the_row() {
        use crate::model::{Source, Sources};
        let at = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
        let mut v4_row = launch();
        v4_row.sources = Sources::new([Source::SpacexV4]);
        let mut merged = launch();
        merged.sources = Sources::new([Source::SpacexV4, Source::Ll2]);
        merged.date_utc = "2026-06-30T00:00:38.000Z".into();
        let joined = observe(Some(&v4_row), &merged, at, "ll2").expect("an entry");
        assert!(joined.source_joined);
        assert_eq!(joined.net_move(), None);
        assert!(joined.change(HistoryField::Net).is_some());
        let mut later = merged.clone();
        later.date_utc = "2026-07-30T00:00:00.000Z".into();
        let moved = observe(Some(&merged), &later, at, "ll2").expect("an entry");
        assert!(!moved.source_joined);
        assert!(moved.net_move().is_some());
        assert!(
            !observe(None, &merged, at, "ll2")
                .expect("first")
                .source_joined
        );
    }

    #[test]
    fn a_first_sighting_records_every_field_as_new() {
        let at = Utc.with_ymd_and_hms(2026, 5, 4, 0, 42, 49).unwrap();
        let entry = observe(None, &launch(), at, "ll2").expect("an entry");
        assert_eq!(entry.seq, 1);
        assert_eq!(entry.observed_at, "2026-05-04T00:42:49.000Z");
        assert_eq!(entry.observed_year, 2026);
        let fields: Vec<HistoryField> = entry.changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, HistoryField::ALL.to_vec());
        assert!(entry.changes.iter().all(|c| c.old.is_none()));
        assert_eq!(
            entry
                .change(HistoryField::NetPrecision)
                .map(|c| c.new.as_str()),
            Some("M")
        );
        assert_eq!(
            entry.change(HistoryField::Status).map(|c| c.new.as_str()),
            Some("TBD")
        );
    }

    #[test]
    fn a_later_entry_holds_only_what_changed_and_counts_on() {
        let mut before = launch();
        before.history_seq = 4;
        let mut after = launch();
        after.date_utc = "2026-12-31T00:00:00.000Z".into();
        after.links.webcast = Some("https://example.com".into());
        let at = Utc.with_ymd_and_hms(2026, 6, 22, 0, 0, 0).unwrap();
        let entry = observe(Some(&before), &after, at, "ll2").expect("an entry");
        assert_eq!(entry.seq, 5);
        assert_eq!(
            entry.changes,
            vec![FieldChange {
                field: HistoryField::Net,
                old: Some("2026-06-30T00:00:00.000Z".into()),
                new: "2026-12-31T00:00:00.000Z".into(),
            }]
        );
    }

    #[test]
    fn a_change_outside_the_followed_fields_makes_no_entry() {
        let before = launch();
        let mut after = launch();
        after.details = Some("new text".into());
        let at = Utc.with_ymd_and_hms(2026, 6, 22, 0, 0, 0).unwrap();
        assert_eq!(observe(Some(&before), &after, at, "ll2"), None);
    }

    #[test]
    fn field_names_read_back() {
        for field in HistoryField::ALL {
            assert_eq!(field.as_str().parse::<HistoryField>(), Ok(field));
        }
        assert!("nett".parse::<HistoryField>().is_err());
    }
}
