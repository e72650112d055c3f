//! From the SpaceX API v4's JSON to [`Launch`], one record at a time.
//!
//! A record that is not a valid launch becomes a [`Rejection`] with its id (when it has one) and
//! the reason; it never stops the others and is never written.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::model::{Core, DatePrecision, Failure, Launch, LaunchStatus, Links};
use crate::source::{parse_record, Rejection};

#[derive(Debug, Clone, Deserialize)]
struct RawRocket {
    id: String,
    name: String,
}

#[derive(Debug, Clone, Deserialize)]
struct RawLaunchpad {
    id: String,
    name: String,
    #[serde(default)]
    full_name: Option<String>,
    #[serde(default)]
    locality: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct RawPayload {
    id: String,
    #[serde(default)]
    mass_kg: Option<f64>,
    #[serde(default)]
    orbit: Option<String>,
}

/// Names and figures that launches refer to by id: rockets, launchpads, payloads.
#[derive(Debug, Default, Clone)]
pub struct References {
    rockets: HashMap<String, String>,
    launchpads: HashMap<String, RawLaunchpad>,
    payloads: HashMap<String, RawPayload>,
}

impl References {
    /// Indexes the reference lists. A malformed reference record is skipped with a warning: it
    /// only costs a name or a mass, and the launches that use it are still kept.
    pub fn from_records(
        rockets: &[Box<RawValue>],
        launchpads: &[Box<RawValue>],
        payloads: &[Box<RawValue>],
    ) -> Self {
        fn index<T: for<'de> Deserialize<'de>>(what: &str, raw: &[Box<RawValue>]) -> Vec<T> {
            raw.iter()
                .filter_map(|record| match serde_json::from_str::<T>(record.get()) {
                    Ok(parsed) => Some(parsed),
                    Err(error) => {
                        tracing::warn!(%error, kind = what, "skipping malformed reference record");
                        None
                    }
                })
                .collect()
        }
        References {
            rockets: index::<RawRocket>("rocket", rockets)
                .into_iter()
                .map(|r| (r.id, r.name))
                .collect(),
            launchpads: index::<RawLaunchpad>("launchpad", launchpads)
                .into_iter()
                .map(|p| (p.id.clone(), p))
                .collect(),
            payloads: index::<RawPayload>("payload", payloads)
                .into_iter()
                .map(|p| (p.id.clone(), p))
                .collect(),
        }
    }
}

#[derive(Deserialize)]
struct RawLaunch {
    id: String,
    flight_number: u32,
    name: String,
    date_utc: String,
    date_precision: DatePrecision,
    upcoming: bool,
    success: Option<bool>,
    rocket: String,
    launchpad: String,
    #[serde(default)]
    details: Option<String>,
    #[serde(default)]
    failures: Vec<RawFailure>,
    #[serde(default)]
    payloads: Vec<String>,
    #[serde(default)]
    crew: Vec<RawCrew>,
    #[serde(default)]
    cores: Vec<RawCore>,
    #[serde(default)]
    links: Option<RawLinks>,
}

#[derive(Deserialize)]
struct RawFailure {
    #[serde(default)]
    time: Option<i64>,
    #[serde(default)]
    altitude: Option<i64>,
    #[serde(default)]
    reason: Option<String>,
}

/// v4 lists crew ids; v5 lists `{crew, role}` objects. Both count the same.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // the fields are matched on shape, only counted
enum RawCrew {
    Id(String),
    Member {
        crew: Option<String>,
        role: Option<String>,
    },
}

#[derive(Deserialize)]
struct RawCore {
    #[serde(default)]
    core: Option<String>,
    #[serde(default)]
    flight: Option<u32>,
    #[serde(default)]
    reused: Option<bool>,
    #[serde(default)]
    landing_attempt: Option<bool>,
    #[serde(default)]
    landing_success: Option<bool>,
    #[serde(default)]
    landing_type: Option<String>,
}

#[derive(Deserialize, Default)]
struct RawLinks {
    #[serde(default)]
    patch: Option<RawPatch>,
    #[serde(default)]
    webcast: Option<String>,
    #[serde(default)]
    article: Option<String>,
    #[serde(default)]
    wikipedia: Option<String>,
}

#[derive(Deserialize, Default)]
struct RawPatch {
    #[serde(default)]
    small: Option<String>,
    #[serde(default)]
    large: Option<String>,
}

/// Normalises one raw launch record (JSON text).
pub fn normalize_launch(raw: &str, refs: &References) -> Result<Launch, Rejection> {
    let parsed: RawLaunch = parse_record(raw)?;
    let reject = |reason: String| Rejection::invalid(Some(parsed.id.clone()), reason);
    if parsed.id.trim().is_empty() {
        return Err(Rejection::invalid(None, "id: empty"));
    }
    let date = DateTime::parse_from_rfc3339(&parsed.date_utc)
        .map_err(|e| {
            reject(format!(
                "date_utc: `{}` is not RFC 3339 ({e})",
                parsed.date_utc
            ))
        })?
        .with_timezone(&Utc);

    let launchpad = refs.launchpads.get(&parsed.launchpad);
    let payloads: Vec<&RawPayload> = parsed
        .payloads
        .iter()
        .filter_map(|id| refs.payloads.get(id))
        .collect();
    let mut orbits: Vec<String> = payloads.iter().filter_map(|p| p.orbit.clone()).collect();
    orbits.sort();
    orbits.dedup();
    let links = parsed.links.unwrap_or_default();
    let patch = links.patch.unwrap_or_default();

    let mut launch = Launch {
        flight_number: parsed.flight_number,
        name: parsed.name,
        date_utc: String::new(),
        date_precision: parsed.date_precision,
        year: 0,
        month: 0,
        status: LaunchStatus::from_flags(parsed.upcoming, parsed.success),
        rocket_name: refs
            .rockets
            .get(&parsed.rocket)
            .cloned()
            .unwrap_or_else(|| format!("Unknown rocket {}", parsed.rocket)),
        rocket_id: parsed.rocket,
        launchpad_name: launchpad
            .map(|p| p.name.clone())
            .unwrap_or_else(|| format!("Unknown site {}", parsed.launchpad)),
        launchpad_full_name: launchpad.and_then(|p| p.full_name.clone()),
        launchpad_locality: launchpad.and_then(|p| p.locality.clone()),
        launchpad_id: parsed.launchpad,
        details: parsed.details.filter(|d| !d.trim().is_empty()),
        failures: parsed
            .failures
            .into_iter()
            .map(|f| Failure {
                time: f.time,
                altitude: f.altitude,
                reason: f.reason,
            })
            .collect(),
        payload_count: count(parsed.payloads.len()),
        // A fold from +0.0: `Sum` of an empty f64 list is -0.0, which would print as "-0".
        payload_mass_kg: payloads
            .iter()
            .filter_map(|p| p.mass_kg)
            .fold(0.0, |a, m| a + m),
        orbits,
        crew_count: count(parsed.crew.len()),
        cores: parsed
            .cores
            .into_iter()
            .map(|c| Core {
                core_id: c.core,
                flight: c.flight,
                reused: c.reused,
                landing_attempt: c.landing_attempt,
                landing_success: c.landing_success,
                landing_type: c.landing_type,
            })
            .collect(),
        links: Links {
            webcast: links.webcast,
            patch_small: patch.small,
            patch_large: patch.large,
            wikipedia: links.wikipedia,
            article: links.article,
        },
        id: parsed.id,
        content_hash: String::new(),
        synced_at: String::new(),
        ..Launch::default()
    };
    launch.set_date(date);
    launch.content_hash = launch.compute_content_hash();
    Ok(launch)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
