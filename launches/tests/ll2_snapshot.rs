//! The LL2 snapshot source over the fixture files: every record read and normalised, each
//! launch once in its latest version, checked against what this test derives from the raw JSON.

mod ll2_support;

use std::collections::BTreeMap;

use launches::ll2::snapshot::BUNDLED_FILES;
use launches::ll2::Ll2Snapshot;
use launches::source::Record;
use launches::{Launch, LaunchSource, SourceError};
use ll2_support::{fixture_dir, records};
use serde_json::Value;

async fn read(source: &Ll2Snapshot) -> Result<(Vec<Launch>, usize), SourceError> {
    let records: Vec<Record> = source.launches(None).await?.collect_all().await?;
    let rejected = records.iter().filter(|record| record.is_err()).count();
    let launches = records.into_iter().filter_map(Result::ok).collect();
    Ok((launches, rejected))
}

/// A SpaceX launch the normalisation accepts: SpaceX's provider, a rocket and a pad.
fn is_spacex_launch(record: &Value) -> bool {
    record["launch_service_provider"]["id"] == 121
        && record["rocket"].is_object()
        && record["pad"].is_object()
}

/// The raw files' launches by id, each the record with the latest `last_updated` (the later
/// file on a tie), and the count of records that are not SpaceX launches.
fn expected(files: &[&str]) -> (BTreeMap<String, Value>, usize) {
    let mut latest: BTreeMap<String, Value> = BTreeMap::new();
    let mut others = 0;
    for file in files {
        for record in records(file) {
            if !is_spacex_launch(&record) {
                others += 1;
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
    (latest, others)
}

fn check(launches: &[Launch], want: &BTreeMap<String, Value>) {
    let mut seen = BTreeMap::new();
    for launch in launches {
        assert!(
            seen.insert(launch.id.clone(), ()).is_none(),
            "{} twice",
            launch.id
        );
        let raw = want
            .get(&launch.id)
            .unwrap_or_else(|| panic!("{} is not a SpaceX launch of the files", launch.id));
        assert_eq!(
            launch.ll2_last_updated.as_deref(),
            raw["last_updated"].as_str(),
            "{}: the latest version",
            launch.id
        );
        assert_eq!(
            launch.status_detail.map(|s| s.ll2_id()),
            raw["status"]["id"].as_u64().map(|id| id as u32),
            "{}",
            launch.id
        );
    }
    assert_eq!(seen.len(), want.len());
}

fn per_year(want: &BTreeMap<String, Value>) -> BTreeMap<i32, usize> {
    let mut years = BTreeMap::new();
    for record in want.values() {
        let year = record["net"].as_str().expect("net")[..4]
            .parse()
            .expect("year");
        *years.entry(year).or_default() += 1;
    }
    years
}

#[tokio::test]
async fn a_directory_gives_every_launch_of_its_lists_once_in_its_latest_version() {
    let lists = [
        ll2_support::LIST_2006_2022,
        ll2_support::DETAILED_2023_2025,
        ll2_support::SPACEX_2026,
        ll2_support::UPCOMING_2026_08_22,
    ];
    let (want, others) = expected(&lists);
    let (launches, rejected) = read(&Ll2Snapshot::directory(fixture_dir()))
        .await
        .expect("the fixtures read");
    check(&launches, &want);
    // Other providers' launches are rejected, each record once.
    assert_eq!(rejected, others);
    assert!(
        others > 0,
        "the upcoming list holds other providers' launches"
    );
    // The 2006–2022 list repeats its past launches: fewer launches than records.
    let records: usize = lists.iter().map(|f| records(f).len()).sum();
    assert!(launches.len() + rejected < records);
}

#[tokio::test]
async fn the_bundled_files_run_through_2026_with_upcoming_launches() {
    let (want, _) = expected(&BUNDLED_FILES);
    let source = Ll2Snapshot::files(BUNDLED_FILES.map(|name| fixture_dir().join(name)));
    let (launches, rejected) = read(&source).await.expect("the files read");
    check(&launches, &want);
    assert_eq!(rejected, 0, "the bundled files hold SpaceX launches only");
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for launch in &launches {
        *years.entry(launch.year).or_default() += 1;
    }
    assert_eq!(years, per_year(&want));
    assert!(years.get(&2026).copied().unwrap_or(0) > 100);
    let upcoming = want
        .values()
        .filter(|r| [1, 2, 5, 8].contains(&r["status"]["id"].as_u64().unwrap_or(0)))
        .count();
    assert!(upcoming > 0);
    assert_eq!(
        launches
            .iter()
            .filter(|l| l.status == launches::LaunchStatus::Upcoming)
            .count(),
        upcoming
    );
}

#[tokio::test]
async fn a_missing_or_broken_file_fails_naming_it() {
    let missing = fixture_dir().join("no-such-file.json");
    let error = read(&Ll2Snapshot::files([&missing]))
        .await
        .expect_err("missing");
    assert!(error.to_string().contains("no-such-file.json"), "{error}");
    let notes = fixture_dir().join("spacex_2026_2.2.0_from_zenith_history.provenance.json");
    let error = read(&Ll2Snapshot::files([&notes]))
        .await
        .expect_err("not a launch list");
    assert!(
        error
            .to_string()
            .contains("provenance.json is not a JSON array"),
        "{error}"
    );
    let error = read(&Ll2Snapshot::directory(fixture_dir().join("nowhere")))
        .await
        .expect_err("no directory");
    assert!(error.to_string().contains("nowhere"), "{error}");
}
