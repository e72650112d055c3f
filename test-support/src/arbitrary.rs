//! proptest strategies for inputs no one thought of: any JSON value, a real record with one part
//! changed to anything, and the bytes of a JSON array cut, flipped or padded with junk.

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Any JSON scalar, with the edges that break code: huge and negative numbers, fractions where
/// integers are expected, empty and non-ASCII strings, date-like text.
pub fn json_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::from(u64::MAX)),
        Just(Value::from(-1)),
        Just(Value::from(0.5)),
        ".*".prop_map(Value::String),
        Just(Value::String(String::new())),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2}))?"
            .prop_map(Value::String),
    ]
}

/// Any JSON value, nested a few levels.
pub fn json_value() -> impl Strategy<Value = Value> {
    json_scalar().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..8).prop_map(Value::Array),
            btree_map(".{0,12}", inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A JSON object whose keys are drawn mostly from `fields` (so the code under test reads them),
/// with any values.
pub fn json_object_with(fields: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        4 => proptest::sample::select(fields).prop_map(str::to_owned),
        1 => ".{0,12}",
    ];
    btree_map(key, json_value(), 0..fields.len().max(1) * 2)
        .prop_map(|map| Value::Object(map.into_iter().collect::<Map<_, _>>()))
}

/// What to do to one part of a record.
#[derive(Debug, Clone)]
pub enum Change {
    Remove,
    Replace(Value),
}

/// Every JSON pointer inside `value` (not the root), depth first.
pub fn pointers(value: &Value) -> Vec<String> {
    fn walk(value: &Value, at: &str, out: &mut Vec<String>) {
        let children: Vec<(String, &Value)> = match value {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => Vec::new(),
        };
        for (key, child) in children {
            let pointer = format!("{at}/{key}");
            out.push(pointer.clone());
            walk(child, &pointer, out);
        }
    }
    let mut out = Vec::new();
    walk(value, "", &mut out);
    out
}

/// `record` with `change` made at `pointer` (one of [`pointers`]).
pub fn changed(record: &Value, pointer: &str, change: &Change) -> Value {
    let mut record = record.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let key = key.replace("~1", "/").replace("~0", "~");
    match (record.pointer_mut(parent), change) {
        (Some(Value::Object(map)), Change::Remove) => {
            map.remove(&key);
        }
        (Some(Value::Object(map)), Change::Replace(value)) => {
            map.insert(key, value.clone());
        }
        (Some(Value::Array(items)), change) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    match change {
                        Change::Remove => {
                            items.remove(index);
                        }
                        Change::Replace(value) => items[index] = value.clone(),
                    }
                }
            }
        }
        _ => {}
    }
    record
}

/// One of `records`, with one to three of its parts removed or replaced by any JSON value.
pub fn mutated_record(records: Vec<Value>) -> impl Strategy<Value = Value> {
    let change = prop_oneof![
        1 => Just(Change::Remove),
        3 => json_value().prop_map(Change::Replace),
    ];
    (
        proptest::sample::select(records),
        vec((any::<proptest::sample::Index>(), change), 1..4),
    )
        .prop_map(|(record, changes)| {
            changes.iter().fold(record, |record, (index, change)| {
                let all = pointers(&record);
                if all.is_empty() {
                    return record;
                }
                changed(&record, &all[index.index(all.len())], change)
            })
        })
}

/// How the bytes of a JSON text are spoiled.
#[derive(Debug, Clone)]
pub enum Damage {
    None,
    /// Cut after this share of the bytes.
    Truncate(proptest::sample::Index),
    /// One byte replaced.
    Flip(proptest::sample::Index, u8),
    /// Bytes inserted.
    Insert(proptest::sample::Index, Vec<u8>),
}

/// `bytes` with `damage` done to them.
pub fn damaged(mut bytes: Vec<u8>, damage: &Damage) -> Vec<u8> {
    match damage {
        Damage::None => {}
        Damage::Truncate(at) => bytes.truncate(at.index(bytes.len() + 1)),
        Damage::Flip(at, byte) => {
            if !bytes.is_empty() {
                let at = at.index(bytes.len());
                bytes[at] = *byte;
            }
        }
        Damage::Insert(at, junk) => {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, junk.iter().copied());
        }
    }
    bytes
}

/// The bytes of a JSON array of any values, often damaged; or any bytes at all.
pub fn json_array_bytes() -> impl Strategy<Value = Vec<u8>> {
    let damage = prop_oneof![
        Just(Damage::None),
        any::<proptest::sample::Index>().prop_map(Damage::Truncate),
        (any::<proptest::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Damage::Flip(i, b)),
        (any::<proptest::sample::Index>(), vec(any::<u8>(), 1..8))
            .prop_map(|(i, junk)| Damage::Insert(i, junk)),
    ];
    prop_oneof![
        3 => (vec(json_value(), 0..6), damage).prop_map(|(items, damage)| {
            damaged(Value::Array(items).to_string().into_bytes(), &damage)
        }),
        1 => vec(any::<u8>(), 0..256),
    ]
}
