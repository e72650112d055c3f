//! One launch, one row: the SpaceX API v4 and Launch Library 2 both know the 2006–2022
//! launches. This module recognises a launch known to both, builds its one row, and makes sure
//! no launch dated in the past is still shown as upcoming because a source is stale.
//!
//! `docs/data-model.md` states the rules and the evidence for them (the overlap test,
//! `launches/tests/merge_overlap.rs`). In short:
//!
//! 1. **v4 id**: an LL2 record that names the v4 id (`r_spacex_api_id`, 2.2.0 detailed) is
//!    that launch.
//! 2. **same UTC day, site and rocket family**, when both dates are known to the day or better
//!    and the key is unique among the launches still unmatched on each side.
//! 3. **same mission name and rocket family**, the LL2 date within 31 days before and two years
//!    after v4's (v4 kept the date planned in 2022; launches slip forward), unique both ways.
//!
//! The row keeps the v4 id (the table's key since the first deployment, so no duplicate row),
//! v4's archive fields (name, cores, payloads, crew, failures, details, links) and LL2's status
//! and NET; it lists both sources and LL2's id, page and `last_updated`.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{DatePrecision, Launch, LaunchStatus, Source, Sources};

/// How long after its NET period a launch may stay upcoming: LL2 keeps a launch in its
/// upcoming list for 24 hours after liftoff, so that long is not yet staleness.
const GRACE: Duration = Duration::hours(24);
/// Rule 3's window around v4's date.
pub(crate) const NAME_MATCH_BEFORE: Duration = Duration::days(31);
pub(crate) const NAME_MATCH_AFTER: Duration = Duration::days(731);

/// Which rule recognised a launch as known to both sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchRule {
    SpacexApiId,
    SameDaySiteFamily,
    SameNameFamily,
}

/// A launch known to both sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Match {
    pub spacex_id: String,
    pub ll2_id: String,
    pub rule: MatchRule,
}

/// The rows of a merge, and what it found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merged {
    /// One row per launch, in date order (then id).
    pub launches: Vec<Launch>,
    pub matches: Vec<Match>,
    /// v4 launches that LL2 did not give (their ids).
    pub spacex_only: Vec<String>,
    /// LL2 launches that v4 does not have (their ids).
    pub ll2_only: Vec<String>,
    /// Rows that a source listed as upcoming although their date is past: now `unknown`.
    pub stale_upcoming: Vec<String>,
}

/// Merges the launches of both sources into one row per launch, as of `now`.
///
/// LL2 records with the same id (pages overlap, snapshots repeat) count once: the one with the
/// latest `ll2_last_updated`, the later one on a tie.
pub fn merge(spacex: Vec<Launch>, ll2: Vec<Launch>, now: DateTime<Utc>) -> Merged {
    let ll2 = latest_by_id(ll2);
    let matches = match_launches(&spacex, &ll2);
    let ll2_of: HashMap<&str, &str> = matches
        .iter()
        .map(|m| (m.spacex_id.as_str(), m.ll2_id.as_str()))
        .collect();
    let matched_ll2: std::collections::HashSet<&str> =
        matches.iter().map(|m| m.ll2_id.as_str()).collect();
    let ll2_by_id: HashMap<&str, &Launch> = ll2.iter().map(|l| (l.id.as_str(), l)).collect();

    let mut merged = Merged::default();
    for v4 in &spacex {
        match ll2_of.get(v4.id.as_str()).and_then(|id| ll2_by_id.get(id)) {
            Some(other) => merged.launches.push(combine(v4, other)),
            None => {
                merged.spacex_only.push(v4.id.clone());
                merged.launches.push(v4.clone());
            }
        }
    }
    for launch in &ll2 {
        if !matched_ll2.contains(launch.id.as_str()) {
            merged.ll2_only.push(launch.id.clone());
            merged.launches.push(launch.clone());
        }
    }
    for launch in &mut merged.launches {
        if settle_past_upcoming(launch, now) {
            merged.stale_upcoming.push(launch.id.clone());
        }
    }
    merged
        .launches
        .sort_by(|a, b| a.date_utc.cmp(&b.date_utc).then_with(|| a.id.cmp(&b.id)));
    merged.matches = matches;
    merged
}

/// Each id once, in the order ids first appear: the launch with the latest
/// `ll2_last_updated`, the later one on a tie.
pub fn latest_by_id(launches: Vec<Launch>) -> Vec<Launch> {
    let mut order: Vec<String> = Vec::new();
    let mut latest: HashMap<String, Launch> = HashMap::new();
    for launch in launches {
        match latest.get(&launch.id) {
            Some(kept) if kept.ll2_last_updated > launch.ll2_last_updated => {}
            Some(_) => {
                latest.insert(launch.id.clone(), launch);
            }
            None => {
                order.push(launch.id.clone());
                latest.insert(launch.id.clone(), launch);
            }
        }
    }
    order
        .into_iter()
        .filter_map(|id| latest.remove(&id))
        .collect()
}

/// The launches known to both sources, by the three rules in order; each launch is in at most
/// one match.
pub fn match_launches(spacex: &[Launch], ll2: &[Launch]) -> Vec<Match> {
    let mut matches = Vec::new();
    let mut v4_free: Vec<bool> = vec![true; spacex.len()];
    let mut ll2_free: Vec<bool> = vec![true; ll2.len()];
    let mut take =
        |i: usize, j: usize, rule: MatchRule, v4_free: &mut [bool], ll2_free: &mut [bool]| {
            v4_free[i] = false;
            ll2_free[j] = false;
            matches.push(Match {
                spacex_id: spacex[i].id.clone(),
                ll2_id: ll2[j].id.clone(),
                rule,
            });
        };

    // 1. The v4 id, where LL2 gives it.
    let v4_index: HashMap<&str, usize> = spacex
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    for (j, launch) in ll2.iter().enumerate() {
        if let Some(&i) = launch.spacex_id.as_deref().and_then(|id| v4_index.get(id)) {
            if v4_free[i] {
                take(i, j, MatchRule::SpacexApiId, &mut v4_free, &mut ll2_free);
            }
        }
    }

    // 2. Same UTC day, site and rocket family, unique on both sides.
    let day_key = |l: &Launch| -> Option<(String, String, String)> {
        matches!(l.date_precision, DatePrecision::Hour | DatePrecision::Day).then(|| {
            (
                l.date_utc.get(..10).unwrap_or_default().to_owned(),
                l.launchpad_id.clone(),
                rocket_family(&l.rocket_name).to_owned(),
            )
        })
    };
    for (i, j) in unique_pairs(spacex, ll2, &v4_free, &ll2_free, |a, b| {
        day_key(a).is_some() && day_key(a) == day_key(b)
    }) {
        take(
            i,
            j,
            MatchRule::SameDaySiteFamily,
            &mut v4_free,
            &mut ll2_free,
        );
    }

    // 3. Same mission name and rocket family, LL2's date in v4's window.
    for (i, j) in unique_pairs(spacex, ll2, &v4_free, &ll2_free, |a, b| {
        let (Some(da), Some(db)) = (a.date(), b.date()) else {
            return false;
        };
        rocket_family(&a.rocket_name) == rocket_family(&b.rocket_name)
            && db >= da - NAME_MATCH_BEFORE
            && db <= da + name_match_after(a)
            && !name_key(&a.name).is_empty()
            && name_key(&a.name) == name_key(&b.name)
    }) {
        take(i, j, MatchRule::SameNameFamily, &mut v4_free, &mut ll2_free);
    }
    matches
}

/// How much later than v4's date rule 3 looks. A launch v4 lists as flown has a known date, so
/// LL2's must be near it (else "Starlink-24 (v1.0)" of 2021 would match "Starlink Group 2-4" of
/// 2023: both are "starlink24"); one v4 still lists as upcoming (or that was settled as stale)
/// may have flown up to two years after the date v4 gives.
fn name_match_after(spacex: &Launch) -> Duration {
    let listed_upcoming = spacex.status == LaunchStatus::Upcoming
        || (spacex.status == LaunchStatus::Unknown && spacex.status_note.is_some());
    if listed_upcoming {
        NAME_MATCH_AFTER
    } else {
        NAME_MATCH_BEFORE
    }
}

/// The pairs of still-unmatched launches that `same` accepts, where neither launch has another
/// candidate: an ambiguous launch is left unmatched rather than guessed.
fn unique_pairs(
    spacex: &[Launch],
    ll2: &[Launch],
    v4_free: &[bool],
    ll2_free: &[bool],
    same: impl Fn(&Launch, &Launch) -> bool,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut per_v4: HashMap<usize, usize> = HashMap::new();
    let mut per_ll2: HashMap<usize, usize> = HashMap::new();
    for (i, a) in spacex.iter().enumerate().filter(|(i, _)| v4_free[*i]) {
        for (j, b) in ll2.iter().enumerate().filter(|(j, _)| ll2_free[*j]) {
            if same(a, b) {
                pairs.push((i, j));
                *per_v4.entry(i).or_default() += 1;
                *per_ll2.entry(j).or_default() += 1;
            }
        }
    }
    pairs.retain(|(i, j)| per_v4[i] == 1 && per_ll2[j] == 1);
    pairs
}

/// "Falcon" for Falcon 1, 9 and Heavy; "Starship" for Starship and its prototypes.
pub fn rocket_family(rocket_name: &str) -> &str {
    ["Falcon", "Starship"]
        .into_iter()
        .find(|family| rocket_name.starts_with(family))
        .unwrap_or(rocket_name)
}

/// A mission name reduced to what both sources agree on: lower case, without parenthesised
/// parts ("(v1.5)", "(Failure before launch)"), the word "group" and anything but letters and
/// digits. "Starlink 4-3 (v1.5)" and "Starlink Group 4-3" are both "starlink43".
pub fn name_key(name: &str) -> String {
    let mut depth = 0usize;
    let mut kept = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.extend(c.to_lowercase()),
            _ => {}
        }
    }
    kept.split_whitespace()
        .filter(|word| *word != "group")
        .flat_map(|word| word.chars().filter(|c| c.is_alphanumeric()))
        .collect()
}

/// The one row of a launch known to both: v4's id and archive, LL2's status and NET.
pub fn combine(spacex: &Launch, ll2: &Launch) -> Launch {
    let mut row = spacex.clone();
    row.date_precision = ll2.date_precision;
    row.net_precision = ll2.net_precision;
    if let Some(date) = ll2.date() {
        row.set_date(date);
    }
    row.status = ll2.status;
    row.status_detail = ll2.status_detail;
    row.status_note = None;
    if row.details.is_none() {
        row.details.clone_from(&ll2.details);
    }
    if row.failures.is_empty() {
        row.failures.clone_from(&ll2.failures);
    }
    if row.orbits.is_empty() {
        row.orbits.clone_from(&ll2.orbits);
    }
    if row.crew_count == 0 {
        row.crew_count = ll2.crew_count;
    }
    if row.cores.is_empty() {
        row.cores.clone_from(&ll2.cores);
    }
    let links = &mut row.links;
    for (mine, theirs) in [
        (&mut links.webcast, &ll2.links.webcast),
        (&mut links.patch_small, &ll2.links.patch_small),
        (&mut links.patch_large, &ll2.links.patch_large),
        (&mut links.wikipedia, &ll2.links.wikipedia),
        (&mut links.article, &ll2.links.article),
    ] {
        if mine.is_none() {
            mine.clone_from(theirs);
        }
    }
    row.sources = Sources::new([Source::SpacexV4, Source::Ll2]);
    row.spacex_id = Some(spacex.id.clone());
    row.ll2_id = ll2.ll2_id.clone().or_else(|| Some(ll2.id.clone()));
    row.ll2_url.clone_from(&ll2.ll2_url);
    row.ll2_last_updated.clone_from(&ll2.ll2_last_updated);
    row.rocket_full_name.clone_from(&ll2.rocket_full_name);
    row.mission_type.clone_from(&ll2.mission_type);
    row.content_hash = row.compute_content_hash();
    row
}

/// Turns an upcoming launch whose NET period ended more than a day before `now` into
/// `unknown`, saying why in `status_note`; the source's own status stays in `status_detail`.
/// Returns whether it did.
pub fn settle_past_upcoming(launch: &mut Launch, now: DateTime<Utc>) -> bool {
    if launch.status != LaunchStatus::Upcoming {
        return false;
    }
    let Some(end) = launch
        .date()
        .and_then(|date| period_end(date, launch.date_precision))
    else {
        return false;
    };
    if end + GRACE > now {
        return false;
    }
    launch.status = LaunchStatus::Unknown;
    launch.status_note = Some(if launch.sources.contains(Source::Ll2) {
        let said = launch
            .status_detail
            .map_or("upcoming", |status| status.label());
        format!(
            "Outcome unknown: Launch Library 2 last listed this launch as {said} for a date now past."
        )
    } else {
        "Outcome unknown: the SpaceX API v4 (frozen since 2022) still lists this launch as \
         upcoming, for a date now past, and Launch Library 2 gives no record of it."
            .to_owned()
    });
    launch.content_hash = launch.compute_content_hash();
    true
}

/// The end of the period a date stands for at a precision ("November 2022" ends on
/// 1 December). Calendar periods, whether the source dates them by their first day (v4) or
/// their last (LL2).
pub fn period_end(date: DateTime<Utc>, precision: DatePrecision) -> Option<DateTime<Utc>> {
    let first_of = |year: i32, month: u32| -> Option<DateTime<Utc>> {
        let (year, month) = if month > 12 {
            (year + 1, month - 12)
        } else {
            (year, month)
        };
        NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|start| Utc.from_utc_datetime(&start))
    };
    let (year, month) = (date.year(), date.month());
    match precision {
        DatePrecision::Hour => Some(date + Duration::hours(1)),
        DatePrecision::Day => date
            .date_naive()
            .succ_opt()
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|start| Utc.from_utc_datetime(&start)),
        DatePrecision::Month => first_of(year, month + 1),
        DatePrecision::Quarter => first_of(year, (month - 1) / 3 * 3 + 4),
        DatePrecision::Half => first_of(year, (month - 1) / 6 * 6 + 7),
        DatePrecision::Year => first_of(year + 1, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn name_keys_agree_across_the_two_sources_spellings() {
        assert_eq!(name_key("Starlink 4-3 (v1.5)"), "starlink43");
        assert_eq!(name_key("Starlink Group 4-3"), "starlink43");
        assert_eq!(
            name_key("Amos 6 (Failure before launch)"),
            name_key("Amos-6")
        );
        assert_eq!(name_key("O3b mPower 1,2"), name_key("O3b mPower 1 & 2"));
        assert_ne!(name_key("Starlink 4-3"), name_key("Starlink 4-34"));
        assert_eq!(name_key("(only brackets)"), "");
    }

    #[test]
    fn periods_end_at_the_end_of_their_calendar_unit() {
        let nov = at("2022-11-01T00:00:00Z");
        assert_eq!(
            period_end(nov, DatePrecision::Month),
            Some(at("2022-12-01T00:00:00Z"))
        );
        let dec = at("2022-12-31T00:00:00Z");
        assert_eq!(
            period_end(dec, DatePrecision::Month),
            Some(at("2023-01-01T00:00:00Z"))
        );
        assert_eq!(
            period_end(at("2026-09-30T00:00:00Z"), DatePrecision::Quarter),
            Some(at("2026-10-01T00:00:00Z"))
        );
        assert_eq!(
            period_end(at("2026-12-31T00:00:00Z"), DatePrecision::Half),
            Some(at("2027-01-01T00:00:00Z"))
        );
        assert_eq!(
            period_end(at("2026-03-31T00:00:00Z"), DatePrecision::Year),
            Some(at("2027-01-01T00:00:00Z"))
        );
        assert_eq!(
            period_end(at("2022-11-08T00:00:00Z"), DatePrecision::Day),
            Some(at("2022-11-09T00:00:00Z"))
        );
    }

    #[test]
    fn an_upcoming_launch_stays_upcoming_until_its_period_and_a_day_have_passed() {
        let mut launch = Launch {
            id: "x".into(),
            status: LaunchStatus::Upcoming,
            date_precision: DatePrecision::Month,
            ..Launch::default()
        };
        launch.set_date(at("2026-10-31T00:00:00Z"));
        assert!(!settle_past_upcoming(
            &mut launch,
            at("2026-11-01T12:00:00Z")
        ));
        assert_eq!(launch.status, LaunchStatus::Upcoming);
        assert!(settle_past_upcoming(
            &mut launch,
            at("2026-11-02T00:00:00Z")
        ));
        assert_eq!(launch.status, LaunchStatus::Unknown);
        assert!(launch
            .status_note
            .as_deref()
            .is_some_and(|note| note.starts_with("Outcome unknown: the SpaceX API v4")));
    }
}
