//! The bundled LL2 fixture files read as raw JSON, and figures derived from them here, never
//! from the code under test: each SpaceX launch once, in its latest version.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

/// The files the dashboard bundles (`launches/build.rs`), named again here.
pub const BUNDLED: [&str; 3] = [
    "launches_2.2.0_spacex_2006-2022.json",
    "launches_2.2.0_spacex_detailed_2023-2025.json",
    "spacex_2026_2.2.0_from_zenith_history.json",
];

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/ll2")
}

/// Each SpaceX launch of the bundled files by id: the record with the latest `last_updated`
/// (the later file on a tie).
pub fn latest() -> BTreeMap<String, Value> {
    let mut latest: BTreeMap<String, Value> = BTreeMap::new();
    for name in BUNDLED {
        let text = std::fs::read_to_string(dir().join(name)).expect("fixture readable");
        let body: Value = serde_json::from_str(&text).expect("fixture is JSON");
        let list = body
            .get("results")
            .or_else(|| body.get("launches"))
            .and_then(Value::as_array)
            .cloned()
            .expect("a launch list");
        for record in list {
            if record["launch_service_provider"]["id"] != 121 {
                continue;
            }
            let id = record["id"].as_str().expect("id").to_owned();
            let newer = latest.get(&id).is_none_or(|kept| {
                kept["last_updated"].as_str() <= record["last_updated"].as_str()
            });
            if newer {
                latest.insert(id, record);
            }
        }
    }
    latest
}

pub fn year(record: &Value) -> i32 {
    record["net"].as_str().expect("net")[..4]
        .parse()
        .expect("year")
}

/// LL2 status ids of launches still to fly: Go, TBD, Hold, TBC.
pub fn is_upcoming(record: &Value) -> bool {
    [1, 2, 5, 8].contains(&record["status"]["id"].as_u64().unwrap_or(0))
}

/// The mission name as the dashboard shows it: the part after "<rocket> | ".
pub fn mission_name(record: &Value) -> String {
    let name = record["name"].as_str().expect("name");
    name.split_once(" | ").map_or(name, |(_, m)| m).to_owned()
}
