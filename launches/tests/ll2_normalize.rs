//! LL2 normalisation over every record of every LL2 fixture, checked against figures this test
//! derives from the raw JSON itself; then the known edge cases, one by one.

mod ll2_support;

use std::collections::{BTreeMap, BTreeSet};

use launches::ll2::{normalize_ll2_launch, Ll2Launch};
use launches::model::{NetPrecision, Source, StatusDetail};
use launches::{DatePrecision, Launch, LaunchStatus};
use ll2_support::{records, text, to_v2_3_0};
use serde_json::Value;

/// The coarse status of an LL2 status abbreviation, as docs/data-model.md states it.
fn coarse(abbrev: &str) -> LaunchStatus {
    match abbrev {
        "Success" => LaunchStatus::Success,
        "Failure" => LaunchStatus::Failure,
        "Partial Failure" => LaunchStatus::PartialFailure,
        "Go" | "TBD" | "TBC" | "Hold" => LaunchStatus::Upcoming,
        "In Flight" | "Deployed" => LaunchStatus::Unknown,
        other => panic!("status {other} not in the fixtures' documentation"),
    }
}

/// Whether a raw record is a SpaceX launch the normalisation must accept: SpaceX's provider,
/// a rocket and a pad (not `mode=list`).
fn expected_valid(record: &Value) -> bool {
    record["launch_service_provider"]["id"] == 121
        && record["rocket"].is_object()
        && record["pad"].is_object()
}

#[derive(Default, Debug, PartialEq)]
struct Figures {
    status: BTreeMap<String, usize>,
    coarse: BTreeMap<LaunchStatus, usize>,
    year: BTreeMap<i32, usize>,
    rocket: BTreeMap<String, usize>,
    crew: u32,
    landing_attempts: usize,
    webcasts: usize,
}

fn raw_figures(raws: &[&Value]) -> Figures {
    let mut f = Figures::default();
    for r in raws {
        let abbrev = r["status"]["abbrev"].as_str().expect("status abbrev");
        *f.status.entry(abbrev.to_owned()).or_default() += 1;
        *f.coarse.entry(coarse(abbrev)).or_default() += 1;
        let year: i32 = r["net"].as_str().expect("net")[..4].parse().expect("year");
        *f.year.entry(year).or_default() += 1;
        let rocket = r["rocket"]["configuration"]["name"]
            .as_str()
            .expect("rocket");
        *f.rocket.entry(rocket.to_owned()).or_default() += 1;
        let stages = |key: &str| -> Vec<Value> {
            match &r["rocket"][key] {
                Value::Array(list) => list.clone(),
                Value::Null => vec![],
                one => vec![one.clone()],
            }
        };
        f.crew += stages("spacecraft_stage")
            .iter()
            .map(|s| s["launch_crew"].as_array().map_or(0, Vec::len) as u32)
            .sum::<u32>();
        f.landing_attempts += stages("launcher_stage")
            .iter()
            .filter(|s| s["landing"]["attempt"] == true)
            .count();
        let videos = r.get("vidURLs").or_else(|| r.get("vid_urls"));
        f.webcasts += usize::from(
            videos
                .and_then(Value::as_array)
                .is_some_and(|v| v.iter().any(|video| video["url"].is_string())),
        );
    }
    f
}

fn launch_figures(launches: &[Launch]) -> Figures {
    let mut f = Figures::default();
    for l in launches {
        let detail = l.status_detail.expect("an LL2 launch keeps LL2's status");
        *f.status.entry(detail.label().to_owned()).or_default() += 1;
        *f.coarse.entry(l.status).or_default() += 1;
        *f.year.entry(l.year).or_default() += 1;
        *f.rocket.entry(l.rocket_name.clone()).or_default() += 1;
        f.crew += l.crew_count;
        f.landing_attempts += l
            .cores
            .iter()
            .filter(|c| c.landing_attempt == Some(true))
            .count();
        f.webcasts += usize::from(l.links.webcast.is_some());
    }
    f
}

/// Normalises every record of `raws`; asserts that exactly the records the test expects to be
/// valid are, each under its own id, and returns the launches.
fn normalise_all(raws: &[Value]) -> Vec<Launch> {
    let mut launches = Vec::new();
    let mut rejected = BTreeSet::new();
    for raw in raws {
        match normalize_ll2_launch(&text(raw)) {
            Ok(launch) => {
                assert_eq!(Some(launch.id.as_str()), raw["id"].as_str());
                assert_eq!(launch.sources.as_slice(), [Source::Ll2]);
                assert_eq!(launch.content_hash, launch.compute_content_hash());
                launches.push(launch);
            }
            Err(rejection) => {
                assert_eq!(rejection.id.as_deref(), raw["id"].as_str());
                rejected.insert(rejection.id.unwrap_or_default());
            }
        }
    }
    let expected_rejected: BTreeSet<String> = raws
        .iter()
        .filter(|r| !expected_valid(r))
        .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(rejected, expected_rejected);
    launches
}

#[test]
fn every_fixture_record_normalises_and_the_figures_match_the_raw_json() {
    let mut total = 0;
    for name in ll2_support::ALL {
        let raws = records(name);
        let launches = normalise_all(&raws);
        let valid: Vec<&Value> = raws.iter().filter(|r| expected_valid(r)).collect();
        assert_eq!(launches.len(), valid.len(), "{name}");
        assert_eq!(launch_figures(&launches), raw_figures(&valid), "{name}");
        total += launches.len();
    }
    // 469 + 405 + 156 + 51 SpaceX of the upcoming list; the 2.3.0 list mode has no rocket.
    assert_eq!(total, 469 + 405 + 156 + 51);
}

#[test]
fn records_converted_to_2_3_0_normalise_as_their_2_2_0_originals() {
    let raws = records(ll2_support::DETAILED_2023_2025);
    let converted: Vec<Value> = raws.iter().map(to_v2_3_0).collect();
    let launches = normalise_all(&converted);
    assert_eq!(
        launch_figures(&launches),
        raw_figures(&converted.iter().collect::<Vec<_>>())
    );
    for (raw, mut launch) in raws.iter().zip(launches) {
        let original = normalize_ll2_launch(&text(raw)).expect("2.2.0 original valid");
        let url = launch.ll2_url.clone().unwrap_or_default();
        assert!(url.contains("/2.3.0/launches/"), "{url}");
        launch.ll2_url.clone_from(&original.ll2_url);
        launch.content_hash = launch.compute_content_hash();
        assert_eq!(launch, original);
    }
}

fn one(name: &str, id: &str) -> Launch {
    let raw = records(name)
        .into_iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {name}"));
    normalize_ll2_launch(&text(&raw)).expect("valid")
}

#[test]
fn a_partial_failure_is_neither_a_success_nor_a_failure() {
    // Falcon 9 v1.0 | SpX CRS-1: the secondary payload (Orbcomm-OG2) was left in a wrong orbit.
    let crs1 = records(ll2_support::LIST_2006_2022)
        .into_iter()
        .find(|r| r["name"] == "Falcon 9 v1.0 | SpX CRS-1")
        .expect("CRS-1 in the list");
    let launch = normalize_ll2_launch(&text(&crs1)).expect("valid");
    assert_eq!(launch.status, LaunchStatus::PartialFailure);
    assert_eq!(launch.status_detail, Some(StatusDetail::PartialFailure));
    assert_eq!(launch.name, "SpX CRS-1");
    assert_eq!(launch.rocket_name, "Falcon 9");
    assert_eq!(launch.rocket_full_name.as_deref(), Some("Falcon 9 v1.0"));
    let reason = crs1["failreason"].as_str().unwrap_or_default();
    assert_eq!(
        launch.failures.first().and_then(|f| f.reason.as_deref()),
        (!reason.is_empty()).then_some(reason)
    );
}

#[test]
fn an_in_flight_launch_has_flown_without_an_outcome_yet() {
    let echostar = records(ll2_support::SPACEX_2026)
        .into_iter()
        .find(|r| r["name"] == "Falcon 9 Block 5 | EchoStar 25")
        .expect("EchoStar 25");
    let launch = normalize_ll2_launch(&text(&echostar)).expect("valid");
    assert_eq!(echostar["status"]["abbrev"], "In Flight");
    assert_eq!(launch.status_detail, Some(StatusDetail::InFlight));
    assert_eq!(launch.status, LaunchStatus::Unknown);
}

#[test]
fn a_month_precision_net_keeps_its_precision() {
    let monthly: Vec<Value> = records(ll2_support::SPACEX_2026)
        .into_iter()
        .filter(|r| r["net_precision"]["abbrev"] == "M")
        .collect();
    assert!(!monthly.is_empty());
    for raw in monthly {
        let launch = normalize_ll2_launch(&text(&raw)).expect("valid");
        assert_eq!(launch.net_precision, Some(NetPrecision::Month));
        assert_eq!(launch.date_precision, DatePrecision::Month);
        assert_eq!(launch.status_detail, Some(StatusDetail::Tbd));
        assert_eq!(launch.status, LaunchStatus::Upcoming);
    }
    // The other precisions of the fixtures, each to its coarse form.
    let mut seen = BTreeMap::new();
    for name in ll2_support::ALL {
        for raw in records(name).iter().filter(|r| expected_valid(r)) {
            let launch = normalize_ll2_launch(&text(raw)).expect("valid");
            let abbrev = raw["net_precision"]["abbrev"].as_str().unwrap_or("none");
            seen.insert(abbrev.to_owned(), launch.date_precision);
        }
    }
    let expected: BTreeMap<String, DatePrecision> = [
        ("none", DatePrecision::Hour),
        ("SEC", DatePrecision::Hour),
        ("MIN", DatePrecision::Hour),
        ("HR", DatePrecision::Hour),
        ("DAY", DatePrecision::Day),
        ("M", DatePrecision::Month),
        ("Q1", DatePrecision::Quarter),
        ("Q2", DatePrecision::Quarter),
        ("Q3", DatePrecision::Quarter),
        ("Q4", DatePrecision::Quarter),
        ("H1", DatePrecision::Half),
        ("H2", DatePrecision::Half),
        ("Y", DatePrecision::Year),
    ]
    .into_iter()
    .filter(|(abbrev, _)| seen.contains_key(*abbrev))
    .map(|(a, p)| (a.to_owned(), p))
    .collect();
    assert_eq!(seen, expected);
}

#[test]
fn a_record_without_a_mission_still_normalises() {
    let launch = one(
        ll2_support::LIST_2006_2022,
        "b8741d6a-bf47-44eb-b740-f091b5fd3c62",
    );
    assert_eq!(launch.name, "FalconSAT-2");
    assert_eq!(launch.details, None);
    assert!(launch.orbits.is_empty());
    assert_eq!(launch.mission_type, None);
    assert_eq!(launch.status, LaunchStatus::Failure);
    assert_eq!(launch.net_precision, None);
    assert_eq!(launch.launchpad_name, "Kwajalein Atoll");
    assert_eq!(launch.rocket_id, "5e9d0d95eda69955f709d1eb");
    assert_eq!(
        launch.ll2_url.as_deref(),
        Some("https://ll.thespacedevs.com/2.2.0/launch/b8741d6a-bf47-44eb-b740-f091b5fd3c62/")
    );
    assert_eq!(
        launch.failures.first().and_then(|f| f.reason.as_deref()),
        Some("Engine failure at T+33 seconds")
    );
}

#[test]
fn a_detailed_record_gives_landings_webcast_patch_and_mission() {
    let launch = one(
        ll2_support::DETAILED_2023_2025,
        "ce5f4f47-c54d-4014-84f2-17a556892420",
    );
    assert_eq!(launch.name, "Starlink Group 6-7");
    assert_eq!(launch.net_precision, Some(NetPrecision::Second));
    let core = launch.cores.first().expect("one core");
    assert_eq!(core.core_id.as_deref(), Some("B1062"));
    assert_eq!(core.flight, Some(15));
    assert_eq!(core.reused, Some(true));
    assert_eq!(
        (core.landing_attempt, core.landing_success),
        (Some(true), Some(true))
    );
    assert_eq!(core.landing_type.as_deref(), Some("ASDS"));
    assert_eq!(
        launch.links.webcast.as_deref(),
        Some("https://www.youtube.com/watch?v=gdSHi5Js104")
    );
    assert!(launch
        .links
        .patch_small
        .as_deref()
        .is_some_and(|url| url.contains("mission_patch_images")));
    assert_eq!(launch.orbits, ["LEO"]);
    assert_eq!(launch.mission_type.as_deref(), Some("Communications"));
    assert_eq!(launch.launchpad_name, "CCSFS SLC 40");
    assert_eq!(launch.spacex_id, None);
}

#[test]
fn the_real_2_3_0_record_is_read_and_its_list_mode_is_rejected_with_the_reason() {
    let raws = records(ll2_support::LIST_2_3_0);
    let starlink = raws
        .iter()
        .find(|r| r["id"] == "63181269-b125-4c36-951c-c9bd9bbc4b55")
        .expect("the SpaceX record");
    let record: Ll2Launch = serde_json::from_value(starlink.clone()).expect("2.3.0 shape reads");
    assert_eq!(record.response_mode.as_deref(), Some("list"));
    assert_eq!(
        StatusDetail::from_ll2_id(record.status.id),
        Some(StatusDetail::Go)
    );
    assert_eq!(
        record
            .net_precision
            .as_ref()
            .and_then(|p| NetPrecision::from_ll2_abbrev(&p.abbrev)),
        Some(NetPrecision::Minute)
    );
    for raw in &raws {
        let rejection = normalize_ll2_launch(&text(raw)).expect_err("list mode has no rocket");
        assert_eq!(rejection.id.as_deref(), raw["id"].as_str());
        assert!(
            rejection.reason.contains("mode=list"),
            "{}",
            rejection.reason
        );
    }
}

#[test]
fn another_providers_launch_is_rejected_with_the_provider() {
    let raws = records(ll2_support::UPCOMING_2026_08_22);
    let other = raws
        .iter()
        .find(|r| r["launch_service_provider"]["id"] != 121)
        .expect("the upcoming list has other providers");
    let rejection = normalize_ll2_launch(&text(other)).expect_err("not SpaceX");
    assert!(
        rejection.reason.starts_with("not a SpaceX launch"),
        "{}",
        rejection.reason
    );
    let provider = other["launch_service_provider"]["name"].as_str();
    assert_eq!(rejection.other_provider.as_deref(), provider);
    assert_eq!(rejection.id.as_deref(), other["id"].as_str());
}

#[test]
fn another_providers_launch_is_known_as_such_even_when_its_record_is_odd() {
    let raws = records(ll2_support::UPCOMING_2026_08_22);
    let mut other = raws
        .iter()
        .find(|r| r["launch_service_provider"]["id"] != 121)
        .expect("the upcoming list has other providers")
        .clone();
    other["net"] = serde_json::Value::Null;
    let rejection = normalize_ll2_launch(&text(&other)).expect_err("not SpaceX");
    assert_eq!(
        rejection.other_provider.as_deref(),
        other["launch_service_provider"]["name"].as_str()
    );
    let mut spacex = raws
        .iter()
        .find(|r| r["launch_service_provider"]["id"] == 121)
        .expect("the upcoming list has SpaceX launches")
        .clone();
    spacex["net"] = serde_json::Value::Null;
    let broken = normalize_ll2_launch(&text(&spacex)).expect_err("no net");
    assert_eq!(broken.other_provider, None);
}

#[test]
fn malformed_records_are_rejected_with_id_and_reason() {
    let mut base = records(ll2_support::LIST_2006_2022).remove(0);
    let id = base["id"].as_str().expect("id").to_owned();
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut no_net = base.clone();
    no_net["net"] = Value::Null;
    cases.push((no_net, "net: missing"));
    let mut bad_net = base.clone();
    bad_net["net"] = "tomorrow".into();
    cases.push((bad_net, "net: `tomorrow` is not RFC 3339"));
    let mut status = base.clone();
    status["status"]["id"] = 42.into();
    cases.push((status, "status: unknown LL2 status 42"));
    base["rocket"]["configuration"]["name"] = 9.into();
    cases.push((base, "rocket.configuration.name: invalid type"));
    for (record, reason) in cases {
        let rejection = normalize_ll2_launch(&text(&record)).expect_err(reason);
        assert_eq!(rejection.id.as_deref(), Some(id.as_str()));
        assert!(rejection.reason.starts_with(reason), "{}", rejection.reason);
    }
    let array = normalize_ll2_launch("[1, 2]").expect_err("an array");
    assert_eq!(array.id, None);
}
