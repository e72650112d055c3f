//! Shared by the LL2 tests: the fixtures of `fixtures/ll2/`, read as raw JSON, and the
//! documented 2.2.0 → 2.3.0 conversion of a record (`fixtures/ll2/README.md`).
#![allow(dead_code)] // each test file uses part of it

use std::path::PathBuf;

use serde_json::{json, Map, Value};

pub const LIST_2006_2022: &str = "launches_2.2.0_spacex_2006-2022.json";
pub const DETAILED_2023_2025: &str = "launches_2.2.0_spacex_detailed_2023-2025.json";
pub const SPACEX_2026: &str = "spacex_2026_2.2.0_from_zenith_history.json";
pub const UPCOMING_2026_08_22: &str = "upcoming_2.2.0_detailed_2026-08-22.json";
pub const LIST_2_3_0: &str = "v2.3.0/upcoming_2.3.0_list_2026-08-31.json";

/// Every LL2 fixture with launch records.
pub const ALL: [&str; 5] = [
    LIST_2006_2022,
    DETAILED_2023_2025,
    SPACEX_2026,
    UPCOMING_2026_08_22,
    LIST_2_3_0,
];

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/ll2")
}

/// The launch records of a fixture: `results` of the LL2 envelope, or `launches` of the
/// zenith app's wrapper.
pub fn records(name: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(fixture_dir().join(name)).expect("fixture readable");
    let mut body: Value = serde_json::from_str(&text).expect("fixture is JSON");
    let key = if body.get("results").is_some() {
        "results"
    } else {
        "launches"
    };
    let list = body
        .get_mut(key)
        .map(Value::take)
        .expect("fixture has `results` or `launches`");
    match list {
        Value::Array(records) => records,
        other => panic!("records of {name} are not a list: {other}"),
    }
}

pub fn text(value: &Value) -> String {
    serde_json::to_string(value).expect("JSON serialises")
}

/// A 2.2.0 detailed record as 2.3.0 would send it, by the differences the changelog and the
/// 2.3.0 schema document (`fixtures/ll2/README.md`, "2.3.0 records in tests"). Values 2.2.0
/// does not carry (ids of the new objects) are null; status 6 stays 6, since 2.2.0 reports 2.3.0's
/// 9 "Payload Deployed" as 6 and the two cannot be told apart.
pub fn to_v2_3_0(record: &Value) -> Value {
    let mut r = record.clone();
    let o = r.as_object_mut().expect("a record is an object");
    if let Some(Value::String(url)) = o.get("url") {
        let url = url.replace("/2.2.0/launch/", "/2.3.0/launches/");
        let url = url.split('?').next().unwrap_or(&url).to_owned();
        o.insert("url".into(), json!(url));
    }
    o.insert("response_mode".into(), json!("detailed"));
    for removed in ["r_spacex_api_id", "holdreason"] {
        o.remove(removed);
    }
    rename(o, "infoURLs", "info_urls");
    rename(o, "vidURLs", "vid_urls");
    if let Some(Value::Array(videos)) = o.get_mut("vid_urls") {
        for video in videos.iter_mut().filter_map(Value::as_object_mut) {
            video.insert("live".into(), json!(false));
        }
    }
    if let Some(Value::String(url)) = o.get("image").cloned() {
        o.insert("image".into(), image(&url));
    }
    let designator = o
        .get_mut("mission")
        .and_then(Value::as_object_mut)
        .and_then(|m| m.remove("launch_designator"));
    o.insert(
        "launch_designator".into(),
        designator.unwrap_or(Value::Null),
    );
    if let Some(mission) = o.get_mut("mission").and_then(Value::as_object_mut) {
        if let Some(orbit) = mission.get_mut("orbit").and_then(Value::as_object_mut) {
            orbit.insert(
                "celestial_body".into(),
                json!({"response_mode": "list", "id": 1, "name": "Earth"}),
            );
        }
        rename(mission, "infoURLs", "info_urls");
        rename(mission, "vidURLs", "vid_urls");
    }
    if let Some(provider) = o
        .get_mut("launch_service_provider")
        .and_then(Value::as_object_mut)
    {
        if let Some(Value::String(kind)) = provider.get("type").cloned() {
            provider.insert("type".into(), json!({"id": null, "name": kind}));
        }
        provider.insert("response_mode".into(), json!("normal"));
    }
    if let Some(rocket) = o.get_mut("rocket").and_then(Value::as_object_mut) {
        if let Some(config) = rocket
            .get_mut("configuration")
            .and_then(Value::as_object_mut)
        {
            let family = config.remove("family").unwrap_or(Value::Null);
            let families = match family {
                Value::String(name) => {
                    json!([{"response_mode": "list", "id": null, "name": name}])
                }
                _ => json!([]),
            };
            config.insert("families".into(), families);
            config.insert("response_mode".into(), json!("normal"));
        }
        if let Some(Value::Array(stages)) = rocket.get_mut("launcher_stage") {
            for stage in stages.iter_mut().filter_map(Value::as_object_mut) {
                if let Some(Value::Number(days)) = stage.remove("turn_around_time_days") {
                    stage.insert("turn_around_time".into(), json!(format!("P{days}D")));
                }
                if let Some(landing) = stage.get_mut("landing").and_then(Value::as_object_mut) {
                    rename(landing, "location", "landing_location");
                }
            }
        }
        let spacecraft = rocket.remove("spacecraft_stage").unwrap_or(Value::Null);
        let spacecraft = match spacecraft {
            Value::Null => json!([]),
            one => json!([one]),
        };
        rocket.insert("spacecraft_stage".into(), spacecraft);
    }
    if let Some(pad) = o.get_mut("pad").and_then(Value::as_object_mut) {
        for coordinate in ["latitude", "longitude"] {
            if let Some(Value::String(number)) = pad.get(coordinate).cloned() {
                let parsed: f64 = number.parse().expect("2.2.0 coordinates are numbers");
                pad.insert(coordinate.into(), json!(parsed));
            }
        }
        pad.remove("agency_id");
        pad.insert("agencies".into(), json!([]));
        if let Some(Value::String(code)) = pad.remove("country_code") {
            pad.insert("country".into(), json!({"id": null, "alpha_3_code": code}));
        }
    }
    r
}

fn rename(object: &mut Map<String, Value>, from: &str, to: &str) {
    if let Some(value) = object.remove(from) {
        object.insert(to.into(), value);
    }
}

fn image(url: &str) -> Value {
    json!({
        "id": null, "name": null, "image_url": url, "thumbnail_url": url, "credit": null,
        "license": null, "single_use": false, "variants": []
    })
}

/// The v4 snapshot's launches, normalised by the v4 source (the side LL2 is merged with).
pub async fn v4_launches() -> Vec<launches::Launch> {
    use launches::LaunchSource;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/spacex/v4");
    launches::SnapshotSource::directory(dir)
        .launches(None)
        .await
        .expect("snapshot loads")
        .collect_all()
        .await
        .expect("records")
        .into_iter()
        .map(|record| record.expect("valid"))
        .collect()
}
