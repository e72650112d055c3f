//! The body of `POST /sync` on inputs no one thought of (proptest): any bytes, any JSON, objects
//! with the real fields holding anything. Nothing panics; a rejection is a sentence that says
//! what is wrong; what is accepted is what the body says.

use chrono::{DateTime, Utc};
use extractor::SyncWindowBody;
use proptest::prelude::*;
use serde_json::Value;
use test_support::arbitrary::{json_object_with, json_value};

const FIELDS: &[&str] = &["from", "to", "backfill"];

/// A rejection says which part is wrong: the JSON, a named field, or the window's order.
fn check_rejection(message: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        message.starts_with("invalid JSON body: ")
            || message.starts_with("invalid `")
            || message.contains("is after `to`"),
        "unclear rejection: {message}"
    );
    Ok(())
}

/// The date a field holds, read the way the API documents it (RFC 3339), or why not.
fn date_field(
    body: &serde_json::Map<String, Value>,
    key: &str,
) -> Result<Option<DateTime<Utc>>, ()> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => DateTime::parse_from_rfc3339(text)
            .map(|d| Some(d.with_timezone(&Utc)))
            .map_err(|_| ()),
        Some(_) => Err(()),
    }
}

proptest! {
    #[test]
    fn any_bytes(body in proptest::collection::vec(any::<u8>(), 0..128)) {
        if let Err(message) = SyncWindowBody::parse(&body) {
            check_rejection(&message)?;
        }
    }

    #[test]
    fn any_json(body in json_value()) {
        let outcome = SyncWindowBody::parse(body.to_string().as_bytes());
        match (&body, outcome) {
            (Value::Object(map), Ok(_)) => {
                prop_assert!(map.keys().all(|k| FIELDS.contains(&k.as_str())), "unknown field accepted: {body}");
            }
            (_, Ok(_)) => prop_assert!(false, "a body that is not an object was accepted: {body}"),
            (_, Err(message)) => check_rejection(&message)?,
        }
    }

    /// Objects of the real fields with any values: accepted exactly when every field holds what
    /// the API documents, and then the window is the one the body gives.
    #[test]
    fn the_real_fields_holding_anything(body in json_object_with(FIELDS)) {
        let Value::Object(map) = &body else { unreachable!("an object strategy") };
        let outcome = SyncWindowBody::parse(body.to_string().as_bytes());
        let from = date_field(map, "from");
        let to = date_field(map, "to");
        let backfill = match map.get("backfill") {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(()),
        };
        let only_known = map.keys().all(|k| FIELDS.contains(&k.as_str()));
        match (from, to, backfill, outcome) {
            (Ok(from), Ok(to), Ok(backfill), Ok(options)) => {
                prop_assert!(only_known);
                prop_assert_eq!(options.window.from, from);
                prop_assert_eq!(options.window.to, to);
                prop_assert_eq!(options.backfill, backfill);
                if let (Some(from), Some(to)) = (from, to) {
                    prop_assert!(from <= to);
                }
            }
            (Ok(Some(from)), Ok(Some(to)), Ok(_), Err(message)) if only_known && from > to => {
                prop_assert!(message.contains("is after `to`"), "{message}");
            }
            (Ok(_), Ok(_), Ok(_), Err(message)) => {
                prop_assert!(!only_known, "a valid body was rejected: {body} ({message})");
                check_rejection(&message)?;
            }
            (_, _, _, Ok(options)) => {
                prop_assert!(false, "an invalid body was accepted: {body} as {options:?}");
            }
            (_, _, _, Err(message)) => check_rejection(&message)?,
        }
    }
}

/// Found by `any_json`: serde read an array positionally as the body's struct.
#[test]
fn an_array_is_not_a_body() {
    for body in [
        "[]",
        "[null, null]",
        " [null, null, false]",
        "null",
        "\"x\"",
    ] {
        let message = SyncWindowBody::parse(body.as_bytes()).expect_err(body);
        assert!(
            message.starts_with("invalid JSON body: "),
            "{body}: {message}"
        );
    }
}
