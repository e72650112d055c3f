//! Inputs no one thought of (proptest): the normalisers of both sources on any JSON and on real
//! records with parts changed to anything, and the launch-list reader on any bytes. Nothing
//! panics; every rejection names its reason; whatever is accepted agrees with the raw data.
//!
//! 256 cases per property by default (seconds); `make fuzz` runs many more (`PROPTEST_CASES`).

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Utc};
use launches::json_stream::stream_array;
use launches::ll2::normalize_ll2_launch;
use launches::spacex::normalize::{normalize_launch, References};
use launches::{Launch, Rejection, SourceError};
use proptest::prelude::*;
use serde_json::value::RawValue;
use serde_json::Value;
use test_support::arbitrary::{json_array_bytes, json_object_with, json_value, mutated_record};

fn fixture(path: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn raw_list(path: &str) -> Vec<Box<RawValue>> {
    serde_json::from_slice(&fixture(path)).expect("a JSON array")
}

fn spacex_refs() -> &'static References {
    static REFS: OnceLock<References> = OnceLock::new();
    REFS.get_or_init(|| {
        References::from_records(
            &raw_list("spacex/v4/rockets.json"),
            &raw_list("spacex/v4/launchpads.json"),
            &raw_list("spacex/v4/payloads.json"),
        )
    })
}

fn spacex_records() -> Vec<Value> {
    serde_json::from_slice(&fixture("spacex/v4/launches.json")).expect("a JSON array")
}

fn ll2_records() -> Vec<Value> {
    let page: Value =
        serde_json::from_slice(&fixture("ll2/upcoming_2.2.0_detailed_2026-08-22.json"))
            .expect("JSON");
    let mut records = page["launches"].as_array().cloned().unwrap_or_default();
    let history: Value =
        serde_json::from_slice(&fixture("ll2/launches_2.2.0_spacex_2006-2022.json")).expect("JSON");
    records.extend(history["results"].as_array().cloned().unwrap_or_default());
    assert!(records.len() > 100, "the LL2 fixtures hold records");
    records
}

const SPACEX_FIELDS: &[&str] = &[
    "id",
    "flight_number",
    "name",
    "date_utc",
    "date_precision",
    "upcoming",
    "success",
    "rocket",
    "launchpad",
    "details",
    "failures",
    "payloads",
    "crew",
    "cores",
    "links",
];

const LL2_FIELDS: &[&str] = &[
    "id",
    "name",
    "net",
    "net_precision",
    "status",
    "launch_service_provider",
    "rocket",
    "pad",
    "mission",
    "failreason",
    "vidURLs",
    "mission_patches",
    "last_updated",
    "url",
    "agency_launch_attempt_count",
    "window_start",
    "window_end",
];

fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// What holds for any answer of a normaliser, judged against the raw record: an accepted launch
/// has the record's id and the instant of its date field; a rejection has a reason and, when it
/// names an id, the record's.
fn check_outcome(
    raw: &Value,
    date_field: &str,
    outcome: &Result<Launch, Rejection>,
) -> Result<(), TestCaseError> {
    let raw_id = raw.get("id").and_then(Value::as_str);
    match outcome {
        Ok(launch) => {
            prop_assert_eq!(Some(launch.id.as_str()), raw_id);
            prop_assert!(!launch.id.trim().is_empty());
            let expected = raw
                .get(date_field)
                .and_then(Value::as_str)
                .and_then(instant);
            prop_assert!(
                expected.is_some(),
                "accepted without a readable {}",
                date_field
            );
            prop_assert_eq!(launch.date(), expected);
            if let Some(date) = expected {
                prop_assert_eq!((launch.year, launch.month), (date.year(), date.month()));
            }
        }
        Err(rejection) => {
            prop_assert!(
                !rejection.reason.trim().is_empty(),
                "a rejection without a reason"
            );
            if let Some(id) = &rejection.id {
                prop_assert_eq!(Some(id.as_str()), raw_id, "the rejection names another id");
            }
        }
    }
    Ok(())
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

proptest! {
    #[test]
    fn spacex_normaliser_on_any_json(raw in prop_oneof![json_value(), json_object_with(SPACEX_FIELDS)]) {
        let outcome = normalize_launch(&raw.to_string(), spacex_refs());
        check_outcome(&raw, "date_utc", &outcome)?;
    }

    #[test]
    fn spacex_normaliser_on_changed_real_records(raw in mutated_record(spacex_records())) {
        let outcome = normalize_launch(&raw.to_string(), spacex_refs());
        check_outcome(&raw, "date_utc", &outcome)?;
    }

    #[test]
    fn spacex_normaliser_on_any_text(raw in ".*") {
        if let Err(rejection) = normalize_launch(&raw, spacex_refs()) {
            prop_assert!(!rejection.reason.trim().is_empty());
        }
    }

    #[test]
    fn ll2_normaliser_on_any_json(raw in prop_oneof![json_value(), json_object_with(LL2_FIELDS)]) {
        let outcome = normalize_ll2_launch(&raw.to_string());
        check_outcome(&raw, "net", &outcome)?;
    }

    #[test]
    fn ll2_normaliser_on_changed_real_records(raw in mutated_record(ll2_records())) {
        let outcome = normalize_ll2_launch(&raw.to_string());
        check_outcome(&raw, "net", &outcome)?;
        if outcome.is_ok() {
            // Only SpaceX's launches are kept.
            prop_assert_eq!(raw["launch_service_provider"]["id"].as_u64(), Some(121));
        }
    }

    /// The reader yields exactly the elements of a well-formed array (as serde_json reads the
    /// same bytes whole), and for anything else a decode error that names the list.
    #[test]
    fn launch_list_reader_on_any_bytes(bytes in json_array_bytes(), batch_size in 1usize..5) {
        let expected: Result<Vec<Box<RawValue>>, _> = serde_json::from_slice(&bytes);
        let reader = std::io::Cursor::new(bytes);
        let got = runtime().block_on(async {
            stream_array(reader, "the test list", batch_size, |raw| raw.get().to_owned())
                .collect_all()
                .await
        });
        match (expected, got) {
            (Ok(elements), Ok(items)) => {
                let elements: Vec<String> = elements.iter().map(|e| e.get().to_owned()).collect();
                prop_assert_eq!(items, elements);
            }
            (Err(_), Err(error)) => {
                let is_decode = matches!(error, SourceError::Decode { .. });
                prop_assert!(is_decode, "not a decode error: {error}");
                prop_assert!(error.to_string().starts_with("the test list is not a JSON array"), "{error}");
            }
            (Ok(elements), Err(error)) => {
                prop_assert!(false, "{} elements, but the reader failed: {error}", elements.len());
            }
            (Err(expected), Ok(items)) => {
                prop_assert!(false, "{} items read from bytes that are not an array ({expected})", items.len());
            }
        }
    }
}
