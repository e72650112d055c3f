//! One LL2 launch record (2.2.0 or 2.3.0, `mode=normal` or `detailed`) to a [`Launch`].
//!
//! A record that is not a valid SpaceX launch becomes a [`Rejection`] with its id (when it has
//! one) and the reason; it never stops the others and is never written. That includes
//! `mode=list` records, which carry no rocket, pad or provider, and other providers' launches.

use chrono::{DateTime, Utc};

use super::records::{Ll2Launch, Ll2LauncherStage};
use super::sites::{spacex_rocket_id, spacex_site};
use crate::model::{
    Core, DatePrecision, Failure, Launch, Links, NetPrecision, Source, Sources, StatusDetail,
};
use crate::source::{parse_record, Rejection};

/// SpaceX's agency id in LL2 (`lsp__id=121`).
pub const SPACEX_AGENCY_ID: u32 = 121;

/// Normalises one raw LL2 launch record (JSON text).
pub fn normalize_ll2_launch(raw: &str) -> Result<Launch, Rejection> {
    let record: Ll2Launch = parse_record(raw)?;
    from_record(record)
}

/// Normalises one parsed LL2 launch record.
pub fn from_record(record: Ll2Launch) -> Result<Launch, Rejection> {
    if record.id.trim().is_empty() {
        return Err(Rejection::invalid(None, "id: empty"));
    }
    // Another provider's launch is that, whatever else its record holds: the sync must know it
    // as such to mark a row it holds under this id as moved away from SpaceX.
    if let Some(provider) = &record.launch_service_provider {
        if provider.id != SPACEX_AGENCY_ID {
            return Err(Rejection::other_provider(
                record.id.clone(),
                provider.name.as_deref().unwrap_or("unnamed"),
                provider.id,
            ));
        }
    }
    let reject = |reason: String| Rejection::invalid(Some(record.id.clone()), reason);
    let net = record
        .net
        .as_deref()
        .ok_or_else(|| reject("net: missing".into()))?;
    let date = DateTime::parse_from_rfc3339(net)
        .map_err(|e| reject(format!("net: `{net}` is not RFC 3339 ({e})")))?
        .with_timezone(&Utc);
    let status = StatusDetail::from_ll2_id(record.status.id).ok_or_else(|| {
        reject(format!(
            "status: unknown LL2 status {} ({})",
            record.status.id,
            record.status.name.as_deref().unwrap_or("no name")
        ))
    })?;
    let (Some(rocket), Some(pad)) = (record.rocket.as_ref(), record.pad.as_ref()) else {
        return Err(reject(format!(
            "no rocket or pad: a mode={} record (ask with mode=normal or mode=detailed)",
            record.response_mode.as_deref().unwrap_or("list")
        )));
    };
    if record.launch_service_provider.is_none() {
        return Err(reject("launch_service_provider: missing".into()));
    }

    let (date_precision, net_precision) = precision(&record);
    let configuration = &rocket.configuration;
    let site = spacex_site(pad.id, pad.location.as_ref().map(|l| l.id));
    let mission = record.mission.as_ref();
    let non_empty = |text: Option<&String>| {
        text.map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let patch = record
        .mission_patches
        .iter()
        .filter(|p| p.image_url.is_some())
        .min_by_key(|p| p.priority.unwrap_or(i64::MAX))
        .and_then(|p| p.image_url.clone());

    let mut launch = Launch {
        id: record.id.clone(),
        flight_number: record.agency_launch_attempt_count.unwrap_or(0),
        // LL2 names a launch "<rocket> | <mission>"; v4 names it by the mission alone.
        name: record
            .name
            .split_once(" | ")
            .map_or(record.name.as_str(), |(_, mission)| mission)
            .to_owned(),
        date_precision,
        status: status.coarse(),
        rocket_id: spacex_rocket_id(&configuration.name)
            .map_or_else(|| format!("ll2-config-{}", configuration.id), str::to_owned),
        rocket_name: configuration.name.clone(),
        launchpad_id: site.map_or_else(|| format!("ll2-pad-{}", pad.id), |s| s.id.to_owned()),
        launchpad_name: site.map_or_else(|| pad.name.clone(), |s| s.name.to_owned()),
        launchpad_full_name: Some(site.map_or_else(|| pad.name.clone(), |s| s.full_name.into())),
        launchpad_locality: site
            .map(|s| s.locality.to_owned())
            .or_else(|| pad.location.as_ref().and_then(|l| l.name.clone())),
        details: non_empty(mission.and_then(|m| m.description.as_ref())),
        failures: non_empty(record.failreason.as_ref())
            .map(|reason| Failure {
                time: None,
                altitude: None,
                reason: Some(reason),
            })
            .into_iter()
            .collect(),
        // LL2 launch records list no payload masses: these stay 0 on LL2-only rows.
        payload_count: 0,
        payload_mass_kg: 0.0,
        orbits: mission
            .and_then(|m| m.orbit.as_ref())
            .and_then(|o| o.abbrev.clone().or_else(|| o.name.clone()))
            .into_iter()
            .collect(),
        crew_count: rocket
            .spacecraft_stage
            .iter()
            .map(|stage| stage.launch_crew.len())
            .sum::<usize>()
            .try_into()
            .unwrap_or(u32::MAX),
        cores: rocket.launcher_stage.iter().map(core).collect(),
        links: Links {
            webcast: record
                .vid_urls
                .iter()
                .filter(|v| v.url.is_some())
                .min_by_key(|v| v.priority.unwrap_or(i64::MAX))
                .and_then(|v| v.url.clone()),
            patch_small: patch.clone(),
            patch_large: patch,
            wikipedia: None,
            article: None,
        },
        status_detail: Some(status),
        net_precision,
        sources: Sources::new([Source::Ll2]),
        spacex_id: non_empty(record.r_spacex_api_id.as_ref()),
        ll2_id: Some(record.id.clone()),
        ll2_url: record
            .url
            .as_deref()
            .map(|url| url.split('?').next().unwrap_or(url).to_owned()),
        ll2_last_updated: record.last_updated.clone(),
        rocket_full_name: configuration.full_name.clone(),
        mission_type: mission
            .and_then(|m| m.kind.as_ref())
            .map(|kind| kind.text().to_owned())
            .filter(|kind| !kind.trim().is_empty()),
        ..Launch::default()
    };
    launch.set_date(date);
    launch.content_hash = launch.compute_content_hash();
    Ok(launch)
}

/// The coarse and the fine precision of the NET. 2.2.0 normal records carry none: their past
/// launches are exact, so `hour` (v4's finest) with no fine value. A precision LL2 adds later is
/// read as a year, so that no NET is claimed finer than it is.
fn precision(record: &Ll2Launch) -> (DatePrecision, Option<NetPrecision>) {
    match &record.net_precision {
        None => (DatePrecision::Hour, None),
        Some(given) => match NetPrecision::from_ll2_abbrev(&given.abbrev) {
            Some(known) => (known.coarse(), Some(known)),
            None => {
                tracing::warn!(id = %record.id, abbrev = %given.abbrev, "unknown LL2 net_precision, read as a year");
                (DatePrecision::Year, None)
            }
        },
    }
}

fn core(stage: &Ll2LauncherStage) -> Core {
    let landing = stage.landing.as_ref();
    Core {
        core_id: stage
            .launcher
            .as_ref()
            .and_then(|l| l.serial_number.clone()),
        flight: stage.launcher_flight_number,
        reused: stage.reused,
        landing_attempt: landing.and_then(|l| l.attempt),
        landing_success: landing.and_then(|l| l.success),
        landing_type: landing
            .and_then(|l| l.kind.as_ref())
            .and_then(|k| k.abbrev.clone().or_else(|| k.name.clone())),
    }
}
