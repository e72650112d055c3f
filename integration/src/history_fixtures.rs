//! The weekly LL2 snapshots of `fixtures/ll2/history/` (gzipped), read raw: the replay tests
//! serve them and derive their expectations from them.

use std::io::Read;

use anyhow::{anyhow, Context};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use crate::repo_root;

/// One weekly snapshot: when it was taken (its file name) and its raw records.
pub struct WeeklySnapshot {
    pub file: String,
    pub taken_at: DateTime<Utc>,
    pub records: Vec<Value>,
}

/// The snapshots in time order.
pub fn weekly_snapshots() -> anyhow::Result<Vec<WeeklySnapshot>> {
    let dir = repo_root().join("fixtures/ll2/history/snapshots");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|path| path.to_string_lossy().ends_with(".json.gz"));
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            let stamp = file.trim_end_matches(".json.gz");
            let taken_at = NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H%M%SZ")
                .with_context(|| format!("{file}: the name is not a time"))?
                .and_utc();
            let mut body = String::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&path)?)
                .read_to_string(&mut body)
                .with_context(|| format!("gunzipping {file}"))?;
            let mut list: Value = serde_json::from_str(&body)?;
            let records = match list.get_mut("results").map(Value::take) {
                Some(Value::Array(records)) => records,
                _ => return Err(anyhow!("{file} has no `results` list")),
            };
            Ok(WeeklySnapshot {
                file,
                taken_at,
                records,
            })
        })
        .collect()
}
