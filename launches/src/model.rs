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

/// Outcome of a launch, derived from the source's `upcoming` and `success` flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LaunchStatus {
    Success,
    Failure,
    Upcoming,
    /// A past launch whose outcome the source does not give (`success: null`).
    Unknown,
}

impl LaunchStatus {
    pub const ALL: [LaunchStatus; 4] = [
        LaunchStatus::Success,
        LaunchStatus::Failure,
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
                format!("unknown status `{s}` (expected success, failure, upcoming or unknown)")
            })
    }
}

impl std::fmt::Display for LaunchStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How precise `date_utc` is: an upcoming launch may only be known to the month or quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Half,
    Quarter,
    Year,
    Month,
    Day,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// SHA-256 over every field above: a sync rewrites a launch only when it changes.
    pub content_hash: String,
    /// When the sync that last wrote this launch ran.
    pub synced_at: String,
}

impl Launch {
    /// The launch date, parsed back from `date_utc`.
    pub fn date(&self) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(&self.date_utc)
            .ok()
            .map(|date| date.with_timezone(&Utc))
    }

    /// Hex SHA-256 of the launch's content, i.e. everything but `content_hash` and `synced_at`.
    pub fn compute_content_hash(&self) -> String {
        let mut content = self.clone();
        content.content_hash = String::new();
        content.synced_at = String::new();
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
