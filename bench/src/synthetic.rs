//! Launch data at any scale, made from the real snapshot: copies of its launches with fresh ids
//! and dates, so that every copy is a distinct launch in the table and in the charts.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use integration::spacex_server::Snapshot;
use serde_json::Value;

/// Each copy is dated this many days after the previous one.
const DAYS_BETWEEN_COPIES: i64 = 3;

/// `count` launches: the snapshot's own first, then as many shifted copies as needed.
pub fn scaled(snapshot: &Snapshot, count: usize) -> anyhow::Result<Snapshot> {
    let originals = &snapshot.launches;
    anyhow::ensure!(!originals.is_empty(), "the snapshot has no launches");
    let mut launches = Vec::with_capacity(count);
    for index in 0..count {
        let copy = index / originals.len();
        let mut launch = originals[index % originals.len()].clone();
        if copy > 0 {
            shift(&mut launch, index, copy)?;
        }
        launches.push(launch);
    }
    Ok(Snapshot {
        launches,
        ..snapshot.clone()
    })
}

/// The same data with the details of the first `count` launches edited: a source where exactly
/// those launches changed.
pub fn with_changes(snapshot: &Snapshot, count: usize, run: usize) -> Snapshot {
    let mut changed = snapshot.clone();
    for launch in changed.launches.iter_mut().take(count) {
        launch["details"] = Value::String(format!("edited for benchmark run {run}"));
    }
    changed
}

fn shift(launch: &mut Value, index: usize, copy: usize) -> anyhow::Result<()> {
    let days = DAYS_BETWEEN_COPIES * i64::try_from(copy)?;
    let date_utc = launch["date_utc"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("a snapshot launch without date_utc"))?;
    let date = DateTime::parse_from_rfc3339(date_utc)?.with_timezone(&Utc) + Duration::days(days);
    launch["id"] = Value::String(format!("5eb0000000000000{index:08x}"));
    launch["date_utc"] = Value::String(date.to_rfc3339_opts(SecondsFormat::Millis, true));
    launch["date_unix"] = Value::from(date.timestamp());
    launch["flight_number"] = Value::from(index + 1);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn copies_are_distinct_launches() {
        let snapshot = Snapshot::bundled().expect("the bundled snapshot");
        let scaled = scaled(&snapshot, 1000).expect("scales");
        assert_eq!(scaled.launches.len(), 1000);
        assert_eq!(scaled.launches[..205], snapshot.launches[..]);
        let ids: HashSet<&str> = scaled
            .launches
            .iter()
            .filter_map(|l| l["id"].as_str())
            .collect();
        assert_eq!(ids.len(), 1000, "every id is fresh");
        assert_ne!(
            scaled.launches[205]["date_utc"],
            snapshot.launches[0]["date_utc"]
        );
    }

    #[test]
    fn changes_touch_only_the_first_launches() {
        let snapshot = Snapshot::bundled().expect("the bundled snapshot");
        let changed = with_changes(&snapshot, 5, 1);
        let differing = changed
            .launches
            .iter()
            .zip(&snapshot.launches)
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(differing, 5);
    }
}
