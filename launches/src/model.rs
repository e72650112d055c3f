//! The normalised launch: what the table stores and the dashboard shows.

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The one date format written to the table. Fixed width, so that string order is time order:
/// the GSI's sort key (`date_utc`) is compared as a string by DynamoDB.
pub const DATE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

/// Formats a timestamp the way `date_utc` is stored.
pub fn format_date(date: DateTime<Utc>) -> String {
    date.format(DATE_FORMAT).to_string()
}

/// The coarse outcome of a launch, for charts and filters. From v4's `upcoming` and `success`
/// flags, or derived from the source's own status ([`StatusDetail`], kept beside it).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum LaunchStatus {
    Success,
    Failure,
    /// Neither a success nor a failure (LL2 "Partial Failure"): e.g. a payload left in the
    /// wrong orbit, or a test flight that met some of its objectives.
    PartialFailure,
    Upcoming,
    /// A launch whose outcome no source gives: a past launch with `success: null`, one still in
    /// flight, or one a stale source still lists as upcoming although its date has passed.
    #[default]
    Unknown,
}

impl LaunchStatus {
    pub const ALL: [LaunchStatus; 5] = [
        LaunchStatus::Success,
        LaunchStatus::Failure,
        LaunchStatus::PartialFailure,
        LaunchStatus::Upcoming,
        LaunchStatus::Unknown,
    ];

    pub fn from_flags(upcoming: bool, success: Option<bool>) -> Self {
        match (upcoming, success) {
            (true, _) => LaunchStatus::Upcoming,
            (false, Some(true)) => LaunchStatus::Success,
            (false, Some(false)) => LaunchStatus::Failure,
            (false, None) => LaunchStatus::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LaunchStatus::Success => "success",
            LaunchStatus::Failure => "failure",
            LaunchStatus::PartialFailure => "partial_failure",
            LaunchStatus::Upcoming => "upcoming",
            LaunchStatus::Unknown => "unknown",
        }
    }
}

impl std::str::FromStr for LaunchStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LaunchStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| {
                let expected: Vec<&str> = LaunchStatus::ALL.iter().map(|s| s.as_str()).collect();
                format!(
                    "unknown status `{s}` (expected one of {})",
                    expected.join(", ")
                )
            })
    }
}

impl std::fmt::Display for LaunchStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How precise `date_utc` is: an upcoming launch may only be known to the month or quarter.
/// v4's own scale; LL2's finer one is kept beside it as [`NetPrecision`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Half,
    Quarter,
    Year,
    Month,
    Day,
    #[default]
    Hour,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Half => "half",
            DatePrecision::Quarter => "quarter",
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
            DatePrecision::Hour => "hour",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub altitude: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Core {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flight: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reused: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landing_attempt: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landing_success: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landing_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Links {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webcast: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_small: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch_large: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikipedia: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

/// A normalised launch. Field names are the table's attribute names (see `docs/data-model.md`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Launch {
    /// The source's id: the table's partition key (`flight_number` is not unique).
    pub id: String,
    pub flight_number: u32,
    pub name: String,
    /// RFC 3339 in [`DATE_FORMAT`]; the GSI's sort key.
    pub date_utc: String,
    pub date_precision: DatePrecision,
    /// The GSI's partition key: one partition per year keeps date-range queries cheap.
    pub year: i32,
    pub month: u32,
    pub status: LaunchStatus,
    pub rocket_id: String,
    pub rocket_name: String,
    pub launchpad_id: String,
    pub launchpad_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launchpad_full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launchpad_locality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(default)]
    pub failures: Vec<Failure>,
    pub payload_count: u32,
    pub payload_mass_kg: f64,
    #[serde(default)]
    pub orbits: Vec<String>,
    pub crew_count: u32,
    #[serde(default)]
    pub cores: Vec<Core>,
    #[serde(default)]
    pub links: Links,
    // What Launch Library 2 adds. Every field below is left out of the item (and so of the
    // content hash) when absent, so that a launch known only to v4 is stored and hashed exactly
    // as before these fields existed.
    /// The source's own status (LL2's), of which `status` is the coarse form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_detail: Option<StatusDetail>,
    /// Why `status` is what it is, when that is not plain from the source: a past launch that
    /// a stale source still lists as upcoming (see `crate::merge`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_note: Option<String>,
    /// LL2's NET precision, of which `date_precision` is the coarse form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_precision: Option<NetPrecision>,
    /// Where the row's data came from; absent means the SpaceX API v4 alone.
    #[serde(default, skip_serializing_if = "Sources::is_spacex_only")]
    pub sources: Sources,
    /// The SpaceX API v4 id, on rows that LL2 contributed to (on v4-only rows it is `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spacex_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ll2_id: Option<String>,
    /// The launch's page in LL2's API (readable in a browser), without query parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ll2_url: Option<String>,
    /// LL2's `last_updated` of the record this row was built from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ll2_last_updated: Option<String>,
    /// The rocket's configuration, e.g. "Falcon 9 Block 5" (LL2 `full_name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rocket_full_name: Option<String>,
    /// e.g. "Communications", "Human Exploration" (LL2 `mission.type`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission_type: Option<String>,
    /// The launch service provider, set only when it is no longer SpaceX: LL2 moved the launch
    /// to another provider. The row is kept (nothing is deleted) but is not a SpaceX launch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// How many history entries this launch has ([`crate::history`]): the sequence number of
    /// its latest. Not content: left out of the hash, and of the item while 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub history_seq: u32,
    /// SHA-256 over every field above but `history_seq`: a sync rewrites a launch only when it
    /// changes.
    pub content_hash: String,
    /// When the sync that last wrote this launch ran.
    pub synced_at: String,
}

/// LL2's launch status (`status.id` 1 to 9), kept as the source says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusDetail {
    Go,
    Tbd,
    Success,
    Failure,
    Hold,
    InFlight,
    PartialFailure,
    Tbc,
    /// 2.3.0 only; 2.2.0 reports it as In Flight.
    PayloadDeployed,
}

impl StatusDetail {
    pub const ALL: [StatusDetail; 9] = [
        StatusDetail::Go,
        StatusDetail::Tbd,
        StatusDetail::Success,
        StatusDetail::Failure,
        StatusDetail::Hold,
        StatusDetail::InFlight,
        StatusDetail::PartialFailure,
        StatusDetail::Tbc,
        StatusDetail::PayloadDeployed,
    ];

    /// From LL2's `status.id`.
    pub fn from_ll2_id(id: u32) -> Option<Self> {
        let index = usize::try_from(id).ok()?.checked_sub(1)?;
        StatusDetail::ALL.get(index).copied()
    }

    pub fn ll2_id(self) -> u32 {
        match self {
            StatusDetail::Go => 1,
            StatusDetail::Tbd => 2,
            StatusDetail::Success => 3,
            StatusDetail::Failure => 4,
            StatusDetail::Hold => 5,
            StatusDetail::InFlight => 6,
            StatusDetail::PartialFailure => 7,
            StatusDetail::Tbc => 8,
            StatusDetail::PayloadDeployed => 9,
        }
    }

    /// LL2's `status.abbrev` (9's is "Deployed").
    pub fn label(self) -> &'static str {
        match self {
            StatusDetail::Go => "Go",
            StatusDetail::Tbd => "TBD",
            StatusDetail::Success => "Success",
            StatusDetail::Failure => "Failure",
            StatusDetail::Hold => "Hold",
            StatusDetail::InFlight => "In Flight",
            StatusDetail::PartialFailure => "Partial Failure",
            StatusDetail::Tbc => "TBC",
            StatusDetail::PayloadDeployed => "Deployed",
        }
    }

    /// The coarse status for charts. Go, TBD, TBC and Hold are still to fly; In Flight and
    /// Payload Deployed have flown without a final outcome yet.
    pub fn coarse(self) -> LaunchStatus {
        match self {
            StatusDetail::Success => LaunchStatus::Success,
            StatusDetail::Failure => LaunchStatus::Failure,
            StatusDetail::PartialFailure => LaunchStatus::PartialFailure,
            StatusDetail::Go | StatusDetail::Tbd | StatusDetail::Tbc | StatusDetail::Hold => {
                LaunchStatus::Upcoming
            }
            StatusDetail::InFlight | StatusDetail::PayloadDeployed => LaunchStatus::Unknown,
        }
    }
}

/// LL2's NET precision, finer than v4's [`DatePrecision`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetPrecision {
    Second,
    Minute,
    Hour,
    /// "AM": some time in the morning (local).
    Morning,
    /// "PM": some time in the afternoon (local).
    Afternoon,
    Day,
    Week,
    Month,
    Quarter1,
    Quarter2,
    Quarter3,
    Quarter4,
    Half1,
    Half2,
    Year,
    FiscalYear,
    Decade,
}

impl NetPrecision {
    /// LL2's `net_precision.abbrev` for it (the inverse of [`Self::from_ll2_abbrev`]).
    pub fn ll2_abbrev(self) -> &'static str {
        match self {
            NetPrecision::Second => "SEC",
            NetPrecision::Minute => "MIN",
            NetPrecision::Hour => "HR",
            NetPrecision::Morning => "AM",
            NetPrecision::Afternoon => "PM",
            NetPrecision::Day => "DAY",
            NetPrecision::Week => "W",
            NetPrecision::Month => "M",
            NetPrecision::Quarter1 => "Q1",
            NetPrecision::Quarter2 => "Q2",
            NetPrecision::Quarter3 => "Q3",
            NetPrecision::Quarter4 => "Q4",
            NetPrecision::Half1 => "H1",
            NetPrecision::Half2 => "H2",
            NetPrecision::Year => "Y",
            NetPrecision::FiscalYear => "FY",
            NetPrecision::Decade => "DEC",
        }
    }

    /// From LL2's `net_precision.abbrev` (the ids are not documented; the abbreviations are
    /// what the records show).
    pub fn from_ll2_abbrev(abbrev: &str) -> Option<Self> {
        Some(match abbrev {
            "SEC" => NetPrecision::Second,
            "MIN" => NetPrecision::Minute,
            "HR" => NetPrecision::Hour,
            "AM" => NetPrecision::Morning,
            "PM" => NetPrecision::Afternoon,
            "DAY" => NetPrecision::Day,
            "W" => NetPrecision::Week,
            "M" => NetPrecision::Month,
            "Q1" => NetPrecision::Quarter1,
            "Q2" => NetPrecision::Quarter2,
            "Q3" => NetPrecision::Quarter3,
            "Q4" => NetPrecision::Quarter4,
            "H1" => NetPrecision::Half1,
            "H2" => NetPrecision::Half2,
            "Y" => NetPrecision::Year,
            "FY" => NetPrecision::FiscalYear,
            "DEC" => NetPrecision::Decade,
            _ => return None,
        })
    }

    /// The coarse precision: never finer than the NET is known. A week is coarsened to the
    /// month, a fiscal year or decade to the year.
    pub fn coarse(self) -> DatePrecision {
        match self {
            NetPrecision::Second | NetPrecision::Minute | NetPrecision::Hour => DatePrecision::Hour,
            NetPrecision::Morning | NetPrecision::Afternoon | NetPrecision::Day => {
                DatePrecision::Day
            }
            NetPrecision::Week | NetPrecision::Month => DatePrecision::Month,
            NetPrecision::Quarter1
            | NetPrecision::Quarter2
            | NetPrecision::Quarter3
            | NetPrecision::Quarter4 => DatePrecision::Quarter,
            NetPrecision::Half1 | NetPrecision::Half2 => DatePrecision::Half,
            NetPrecision::Year | NetPrecision::FiscalYear | NetPrecision::Decade => {
                DatePrecision::Year
            }
        }
    }
}

/// A source of launch data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Source {
    /// The SpaceX API v4 (frozen since late 2022).
    #[serde(rename = "spacex_v4")]
    SpacexV4,
    /// Launch Library 2 (The Space Devs).
    #[serde(rename = "ll2")]
    Ll2,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::SpacexV4 => "spacex_v4",
            Source::Ll2 => "ll2",
        }
    }
}

/// The sources of a row, in [`Source`] order without repeats. The default, which is what a row
/// that does not say means (every row written before LL2), is the SpaceX API v4 alone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sources(Vec<Source>);

impl Default for Sources {
    fn default() -> Self {
        Sources(vec![Source::SpacexV4])
    }
}

impl Sources {
    pub fn new(sources: impl IntoIterator<Item = Source>) -> Self {
        let mut list: Vec<Source> = sources.into_iter().collect();
        list.sort();
        list.dedup();
        Sources(list)
    }

    pub fn as_slice(&self) -> &[Source] {
        &self.0
    }

    pub fn contains(&self, source: Source) -> bool {
        self.0.contains(&source)
    }

    pub fn is_spacex_only(&self) -> bool {
        self.0 == [Source::SpacexV4]
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Launch {
    /// The launch date, parsed back from `date_utc`.
    pub fn date(&self) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(&self.date_utc)
            .ok()
            .map(|date| date.with_timezone(&Utc))
    }

    /// Hex SHA-256 of the launch's content, i.e. everything but `content_hash`, `synced_at` and
    /// `history_seq`.
    pub fn compute_content_hash(&self) -> String {
        let mut content = self.clone();
        content.content_hash = String::new();
        content.synced_at = String::new();
        content.history_seq = 0;
        // Serialising a plain struct of strings, numbers and vectors cannot fail.
        let bytes = serde_json::to_vec(&content).unwrap_or_default();
        hex::encode(Sha256::digest(bytes))
    }

    /// Sets `year`/`month` from a date; kept next to `date_utc` so the two never disagree.
    pub(crate) fn set_date(&mut self, date: DateTime<Utc>) {
        self.date_utc = format_date(date);
        self.year = date.year();
        self.month = date.month();
    }
}
