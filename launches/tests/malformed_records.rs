//! Malformed records: each becomes a reported rejection, never a panic and never a write.

use launches::spacex::normalize::{normalize_launch, References};
use serde_json::{json, Value};

fn valid() -> Value {
    json!({
        "id": "5eb87cd9ffd86e000604b32a",
        "flight_number": 1,
        "name": "FalconSat",
        "date_utc": "2006-03-24T22:30:00.000Z",
        "date_precision": "hour",
        "upcoming": false,
        "success": false,
        "rocket": "5e9d0d95eda69955f709d1eb",
        "launchpad": "5e9e4502f5090995de566f86",
        "details": "Engine failure at 33 seconds",
        "failures": [{"time": 33, "altitude": null, "reason": "merlin engine failure"}],
        "payloads": [],
        "crew": [],
        "cores": [],
        "links": {"patch": {"small": null, "large": null}, "webcast": null}
    })
}

fn with(change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let mut record = valid();
    if let Value::Object(map) = &mut record {
        change(map);
    }
    record.to_string()
}

fn refs() -> References {
    References::default()
}

#[test]
fn each_malformed_record_is_rejected_with_its_id_and_reason() {
    let id = Some("5eb87cd9ffd86e000604b32a".to_owned());
    let cases: Vec<(&str, String, Option<String>, &str)> = vec![
        (
            "missing id",
            with(|m| {
                m.remove("id");
            }),
            None,
            "missing field `id`",
        ),
        (
            "numeric id",
            with(|m| {
                m.insert("id".into(), json!(42));
            }),
            None,
            "id: invalid type: integer `42`, expected a string",
        ),
        (
            "missing date",
            with(|m| {
                m.remove("date_utc");
            }),
            id.clone(),
            "missing field `date_utc`",
        ),
        (
            "unparsable date",
            with(|m| {
                m.insert("date_utc".into(), json!("last tuesday"));
            }),
            id.clone(),
            "date_utc: `last tuesday` is not RFC 3339",
        ),
        (
            "date of wrong type",
            with(|m| {
                m.insert("date_utc".into(), json!(1143239400));
            }),
            id.clone(),
            "date_utc: invalid type: integer",
        ),
        (
            "flight number as text",
            with(|m| {
                m.insert("flight_number".into(), json!("one"));
            }),
            id.clone(),
            "flight_number: invalid type: string \"one\"",
        ),
        (
            "null rocket",
            with(|m| {
                m.insert("rocket".into(), Value::Null);
            }),
            id.clone(),
            "rocket: invalid type: null, expected a string",
        ),
        (
            "success as text",
            with(|m| {
                m.insert("success".into(), json!("yes"));
            }),
            id.clone(),
            "success: invalid type: string",
        ),
        (
            "unknown date precision",
            with(|m| {
                m.insert("date_precision".into(), json!("fortnight"));
            }),
            id.clone(),
            "date_precision: unknown variant `fortnight`",
        ),
        (
            "payloads not a list",
            with(|m| {
                m.insert("payloads".into(), json!("abc"));
            }),
            id.clone(),
            "payloads: invalid type: string",
        ),
        (
            "not an object",
            "[1, 2]".to_owned(),
            None,
            "not a JSON object",
        ),
        (
            "truncated record",
            r#"{"id": "abc", "name": "Fal"#.to_owned(),
            None,
            "EOF while parsing",
        ),
    ];
    for (case, record, want_id, want_reason) in cases {
        let rejection = normalize_launch(&record, &refs()).expect_err(case);
        assert_eq!(rejection.id, want_id, "{case}: id");
        assert!(
            rejection.reason.contains(want_reason),
            "{case}: reason `{}` should contain `{want_reason}`",
            rejection.reason
        );
    }
}

#[test]
fn both_crew_shapes_count_the_same() {
    let v4 = with(|m| {
        m.insert("crew".into(), json!(["a", "b"]));
    });
    let v5 = with(|m| {
        m.insert(
            "crew".into(),
            json!([{"crew": "a", "role": "Commander"}, {"crew": "b", "role": "Pilot"}]),
        );
    });
    assert_eq!(normalize_launch(&v4, &refs()).expect("v4").crew_count, 2);
    assert_eq!(normalize_launch(&v5, &refs()).expect("v5").crew_count, 2);
}

#[test]
fn unresolved_references_keep_the_launch_with_a_readable_name() {
    let launch = normalize_launch(&valid().to_string(), &refs()).expect("valid");
    assert!(launch.rocket_name.contains("5e9d0d95eda69955f709d1eb"));
    assert_eq!(launch.status, launches::LaunchStatus::Failure);
}

#[test]
fn the_content_hash_changes_with_the_content_only() {
    let a = normalize_launch(&valid().to_string(), &refs()).expect("valid");
    let mut b = a.clone();
    b.synced_at = "2026-01-01T00:00:00.000Z".into();
    assert_eq!(a.compute_content_hash(), b.compute_content_hash());
    b.details = Some("changed".into());
    assert_ne!(a.compute_content_hash(), b.compute_content_hash());
}
