//! The merge on the real overlap: the SpaceX API v4 snapshot (fixtures/spacex/v4) and the LL2
//! 2.2.0 list of 2006–2022 (fixtures/ll2). The expected rows are derived here from the raw JSON
//! by the rule of docs/data-model.md, written again independently of `launches::merge`.

mod ll2_support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use launches::ll2::normalize_ll2_launch;
use launches::merge::{merge, MatchRule};
use launches::model::Source;
use launches::{Launch, LaunchStatus};
use serde_json::Value;

/// "Now" for these tests: the latest capture among the fixtures (2026-08-31).
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-08-31T12:28:05Z")
        .expect("date")
        .with_timezone(&Utc)
}

fn v4_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/spacex/v4")
}

fn v4_raw(name: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(v4_dir().join(name)).expect("fixture");
    serde_json::from_str(&text).expect("JSON array")
}

fn ll2_launches(names: &[&str]) -> Vec<Launch> {
    names
        .iter()
        .flat_map(|name| ll2_support::records(name))
        .filter_map(|raw| normalize_ll2_launch(&ll2_support::text(&raw)).ok())
        .collect()
}

/// One side of the overlap, as the test reads it from the raw JSON.
#[derive(Debug, Clone)]
struct Side {
    id: String,
    year: i32,
    date: DateTime<Utc>,
    day_precise: bool,
    site: String,
    family: String,
    name_key: String,
    upcoming: bool,
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

fn family(rocket: &str) -> String {
    if rocket.starts_with("Falcon") {
        "Falcon".into()
    } else if rocket.starts_with("Starship") {
        "Starship".into()
    } else {
        rocket.into()
    }
}

/// Lower case, no "(...)", no word "group", letters and digits only.
fn key(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in name.chars() {
        if c == '(' {
            depth += 1;
        } else if c == ')' {
            depth -= 1;
        } else if depth == 0 {
            out.push(c);
        }
    }
    out.to_lowercase()
        .split_whitespace()
        .filter(|w| *w != "group")
        .collect::<String>()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn v4_sides() -> Vec<Side> {
    let rockets: HashMap<String, String> = v4_raw("rockets.json")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().into(),
                r["name"].as_str().unwrap_or_default().into(),
            )
        })
        .collect();
    v4_raw("launches.json")
        .iter()
        .map(|l| {
            let date = at(l["date_utc"].as_str().expect("date"));
            Side {
                id: l["id"].as_str().expect("id").into(),
                year: date.format("%Y").to_string().parse().expect("year"),
                date,
                day_precise: matches!(l["date_precision"].as_str(), Some("hour" | "day")),
                site: l["launchpad"].as_str().expect("pad").into(),
                family: family(&rockets[l["rocket"].as_str().expect("rocket")]),
                name_key: key(l["name"].as_str().expect("name")),
                upcoming: l["upcoming"] == true,
            }
        })
        .collect()
}

/// LL2 pads as v4 sites, as docs/data-model.md lists them.
fn ll2_site(pad: &Value) -> String {
    match (pad["id"].as_u64(), pad["location"]["id"].as_u64()) {
        (Some(80), _) => "5e9e4501f509094ba4566f84".into(),
        (Some(87), _) => "5e9e4502f509094188566f88".into(),
        (Some(16), _) => "5e9e4502f509092b78566f87".into(),
        (Some(107), _) => "5e9e4502f5090995de566f86".into(),
        (_, Some(143)) => "5e9e4502f5090927f8566f85".into(),
        (id, _) => format!("ll2-pad-{}", id.unwrap_or_default()),
    }
}

fn ll2_sides(raws: &[Value]) -> Vec<Side> {
    let mut seen = BTreeSet::new();
    raws.iter()
        .filter(|r| seen.insert(r["id"].as_str().unwrap_or_default().to_owned()))
        .map(|r| {
            let date = at(r["net"].as_str().expect("net"));
            let name = r["name"].as_str().expect("name");
            Side {
                id: r["id"].as_str().expect("id").into(),
                year: date.format("%Y").to_string().parse().expect("year"),
                date,
                day_precise: matches!(
                    r["net_precision"]["abbrev"].as_str(),
                    None | Some("SEC" | "MIN" | "HR" | "AM" | "PM" | "DAY")
                ),
                site: ll2_site(&r["pad"]),
                family: family(
                    r["rocket"]["configuration"]["name"]
                        .as_str()
                        .expect("rocket"),
                ),
                name_key: key(name.split_once(" | ").map_or(name, |(_, m)| m)),
                upcoming: matches!(r["status"]["id"].as_u64(), Some(1 | 2 | 5 | 8)),
            }
        })
        .collect()
}

type SameLaunch = Box<dyn Fn(&Side, &Side) -> bool>;

/// The documented rule: 1. v4 id (none in this list), 2. same UTC day, site and family, both
/// precise to the day, 3. same name key and family, LL2 within [v4 − 31 d, v4 + 31 d], or + 731 d for a launch
/// v4 lists as upcoming; each
/// rule on the launches still free, a pair only when unique both ways.
fn expected_matches(v4: &[Side], ll2: &[Side]) -> Vec<(usize, usize, MatchRule)> {
    let mut out = Vec::new();
    let mut v4_free = vec![true; v4.len()];
    let mut ll2_free = vec![true; ll2.len()];
    let rules: [(MatchRule, SameLaunch); 2] = [
        (
            MatchRule::SameDaySiteFamily,
            Box::new(|a: &Side, b: &Side| {
                a.day_precise
                    && b.day_precise
                    && a.date.date_naive() == b.date.date_naive()
                    && a.site == b.site
                    && a.family == b.family
            }),
        ),
        (
            MatchRule::SameNameFamily,
            Box::new(|a: &Side, b: &Side| {
                a.family == b.family
                    && !a.name_key.is_empty()
                    && a.name_key == b.name_key
                    && b.date >= a.date - Duration::days(31)
                    && b.date <= a.date + Duration::days(if a.upcoming { 731 } else { 31 })
            }),
        ),
    ];
    for (rule, same) in rules {
        let pairs: Vec<(usize, usize)> = (0..v4.len())
            .filter(|i| v4_free[*i])
            .flat_map(|i| (0..ll2.len()).map(move |j| (i, j)))
            .filter(|(i, j)| ll2_free[*j] && same(&v4[*i], &ll2[*j]))
            .collect();
        for &(i, j) in &pairs {
            let unique = pairs.iter().filter(|(a, _)| *a == i).count() == 1
                && pairs.iter().filter(|(_, b)| *b == j).count() == 1;
            if unique {
                out.push((i, j, rule));
            }
        }
        for &(i, j, _) in &out {
            v4_free[i] = false;
            ll2_free[j] = false;
        }
    }
    out
}

#[tokio::test]
async fn each_launch_of_the_overlap_is_stored_once_with_the_counts_the_rule_gives() {
    let ll2_raw = ll2_support::records(ll2_support::LIST_2006_2022);
    let v4 = v4_sides();
    let ll2 = ll2_sides(&ll2_raw);
    let expected = expected_matches(&v4, &ll2);

    let merged = merge(
        ll2_support::v4_launches().await,
        ll2_launches(&[ll2_support::LIST_2006_2022]),
        now(),
    );

    // The same pairs, by the same rules.
    let got: BTreeSet<(String, String, MatchRule)> = merged
        .matches
        .iter()
        .map(|m| (m.spacex_id.clone(), m.ll2_id.clone(), m.rule))
        .collect();
    let want: BTreeSet<(String, String, MatchRule)> = expected
        .iter()
        .map(|(i, j, rule)| (v4[*i].id.clone(), ll2[*j].id.clone(), *rule))
        .collect();
    assert_eq!(got, want);

    // Rows per year: a match counts once, in LL2's year; the rest in their own source's.
    let matched_v4: BTreeSet<usize> = expected.iter().map(|m| m.0).collect();
    let matched_ll2: BTreeSet<usize> = expected.iter().map(|m| m.1).collect();
    let mut want_years: BTreeMap<i32, usize> = BTreeMap::new();
    for (_, j, _) in &expected {
        *want_years.entry(ll2[*j].year).or_default() += 1;
    }
    for (_, side) in v4
        .iter()
        .enumerate()
        .filter(|(i, _)| !matched_v4.contains(i))
    {
        *want_years.entry(side.year).or_default() += 1;
    }
    for (_, side) in ll2
        .iter()
        .enumerate()
        .filter(|(j, _)| !matched_ll2.contains(j))
    {
        *want_years.entry(side.year).or_default() += 1;
    }
    let mut got_years: BTreeMap<i32, usize> = BTreeMap::new();
    for launch in &merged.launches {
        *got_years.entry(launch.year).or_default() += 1;
    }
    assert_eq!(got_years, want_years);
    assert_eq!(merged.launches.len(), v4.len() + ll2.len() - expected.len());

    // Each real launch once: every v4 id is a row id once; every LL2 id is in one row.
    let ids: BTreeSet<&str> = merged.launches.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids.len(), merged.launches.len());
    for side in &v4 {
        assert!(ids.contains(side.id.as_str()), "{}", side.id);
    }
    let ll2_ids: Vec<&str> = merged
        .launches
        .iter()
        .filter_map(|l| l.ll2_id.as_deref())
        .collect();
    assert_eq!(ll2_ids.len(), ll2.len());
    assert_eq!(ll2_ids.iter().collect::<BTreeSet<_>>().len(), ll2.len());

    // A merged row says so.
    for launch in merged.launches.iter().filter(|l| l.spacex_id.is_some()) {
        assert_eq!(launch.sources.as_slice(), [Source::SpacexV4, Source::Ll2]);
        assert_eq!(launch.spacex_id.as_deref(), Some(launch.id.as_str()));
        assert_eq!(launch.content_hash, launch.compute_content_hash());
    }

    // Unmatched on each side, with names, for the record in docs/data-model.md.
    let v4_names: HashMap<String, String> = v4_raw("launches.json")
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap_or_default().into(),
                format!("{} {}", l["date_utc"], l["name"]),
            )
        })
        .collect();
    let ll2_names: HashMap<String, String> = ll2_raw
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap_or_default().into(),
                format!("{} {} {}", l["net"], l["name"], l["status"]["abbrev"]),
            )
        })
        .collect();
    for id in &merged.spacex_only {
        eprintln!("v4 only: {}", v4_names[id]);
    }
    for id in &merged.ll2_only {
        eprintln!("LL2 only: {}", ll2_names[id]);
    }
    let by_rule = |rule| merged.matches.iter().filter(|m| m.rule == rule).count();
    eprintln!(
        "matches: {} by day/site/family, {} by name/family",
        by_rule(MatchRule::SameDaySiteFamily),
        by_rule(MatchRule::SameNameFamily)
    );
}

#[tokio::test]
async fn no_past_launch_is_upcoming_and_the_stale_v4_upcoming_ones_say_so() {
    // Every LL2 fixture with launch records, so that 2023 launches can settle 2022 plans too.
    let merged = merge(
        ll2_support::v4_launches().await,
        ll2_launches(&ll2_support::ALL),
        now(),
    );
    for launch in &merged.launches {
        if launch.status == LaunchStatus::Upcoming {
            let date = launch.date().expect("date");
            // Even a year-precision NET is dated within its year: the launch is not past
            // while its year (and a day) has not ended.
            assert!(
                date + Duration::days(367) > now(),
                "{} {} still upcoming",
                launch.id,
                launch.date_utc
            );
        }
    }
    let stale_v4: Vec<Side> = v4_sides().into_iter().filter(|s| s.upcoming).collect();
    assert_eq!(stale_v4.len(), 18);
    let rows: HashMap<&str, &Launch> = merged.launches.iter().map(|l| (l.id.as_str(), l)).collect();
    for side in &stale_v4 {
        let row = rows[side.id.as_str()];
        if row.sources.contains(Source::Ll2) {
            assert_eq!(Some(row.status), row.status_detail.map(|s| s.coarse()));
            assert_ne!(row.status, LaunchStatus::Upcoming);
            eprintln!(
                "stale v4 upcoming {} -> LL2 {:?} {}",
                row.name, row.status_detail, row.date_utc
            );
        } else {
            assert_eq!(row.status, LaunchStatus::Unknown, "{}", row.name);
            assert!(row
                .status_note
                .as_deref()
                .is_some_and(|note| note.starts_with("Outcome unknown")));
            eprintln!("stale v4 upcoming {} -> outcome unknown", row.name);
        }
    }
    // A row per id, v4 and LL2 counted once across all fixtures.
    let ids: BTreeSet<&str> = merged.launches.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids.len(), merged.launches.len());
    let ll2_ids: Vec<&str> = merged
        .launches
        .iter()
        .filter_map(|l| l.ll2_id.as_deref())
        .collect();
    assert_eq!(ll2_ids.len(), ll2_ids.iter().collect::<BTreeSet<_>>().len());
    eprintln!(
        "all fixtures: {} rows, {} matches, {} v4 only, {} LL2 only, {} stale upcoming settled",
        merged.launches.len(),
        merged.matches.len(),
        merged.spacex_only.len(),
        merged.ll2_only.len(),
        merged.stale_upcoming.len()
    );
}
