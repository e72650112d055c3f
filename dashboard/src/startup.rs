//! Choosing and filling the store at start-up.
//!
//! With `LAUNCHES_TABLE` set, the dashboard reads that DynamoDB table. Without it, it runs on
//! the embedded store, filled once from both sources, the SpaceX API v4 and Launch Library 2,
//! as one set of rows: each source live when it answers quickly, else the snapshot baked into
//! the binary, and every page then says which data is a snapshot and how old it is. A local run
//! therefore works offline, and never waits more than a few seconds for an unreachable API.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use launches::http::HttpConfig;
use launches::ll2::Ll2Snapshot;
use launches::retry::Backoff;
use launches::source::Record;
use launches::{
    CollectedSource, DynamoStore, DynamoStoreConfig, Launch, LaunchSource, LaunchStore,
    MemoryStore, ObservedAt, SnapshotSource, SourceError, SpacexClient, SpacexConfig, SyncError,
    SyncOptions,
};

use crate::format;
use crate::settings::Settings;
use crate::state::{AppState, DataOrigin};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("filling the embedded store from the {source_name} failed: {error}")]
    Fallback {
        source_name: String,
        #[source]
        error: SourceError,
    },
    #[error("filling the embedded store failed: {0}")]
    Sync(#[from] SyncError),
}

/// How long start-up waits for the live API: short, since the snapshot is always there.
#[derive(Debug, Clone, Copy)]
pub struct LiveLimits {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub attempts: u32,
    /// The whole live read, all requests and retries included.
    pub overall: Duration,
}

impl Default for LiveLimits {
    fn default() -> Self {
        LiveLimits {
            connect_timeout: Duration::from_secs(3),
            request_timeout: Duration::from_secs(5),
            attempts: 2,
            overall: Duration::from_secs(12),
        }
    }
}

/// The SpaceX API client for the start-up fill.
pub fn live_source(base_url: &str, limits: LiveLimits) -> Result<SpacexClient, SourceError> {
    SpacexClient::new(SpacexConfig {
        base_url: base_url.to_owned(),
        http: HttpConfig {
            connect_timeout: limits.connect_timeout,
            timeout: limits.request_timeout,
            backoff: Backoff {
                max_attempts: limits.attempts,
                base: Duration::from_millis(250),
                max: Duration::from_secs(1),
            },
            max_retry_after: Duration::from_secs(1),
        },
    })
}

/// One source of the start-up fill: live when it answers, else its snapshot.
#[derive(Clone, Copy)]
pub struct StartupSource<'a> {
    pub live: Option<&'a dyn LaunchSource>,
    pub snapshot: &'a dyn LaunchSource,
}

/// The records one source gave, and whether they are its snapshot's.
struct Read {
    name: &'static str,
    records: Vec<Record>,
    described: String,
    /// Why the snapshot was used, when it was.
    not_live: Option<String>,
}

impl Read {
    fn launches(&self) -> impl Iterator<Item = &Launch> {
        self.records
            .iter()
            .filter_map(|record| record.as_ref().ok())
    }
}

/// Every record of `source`, rejections included (the sync reports them).
async fn collect(source: &dyn LaunchSource) -> Result<Vec<Record>, SourceError> {
    source.launches(None).await?.collect_all().await
}

/// The records of `source`: live if it answers within `overall` with at least one launch, else
/// from its snapshot.
async fn read(source: StartupSource<'_>, overall: Duration) -> Result<Read, StartupError> {
    let why_not_live = match source.live {
        None => "no live client".to_owned(),
        Some(live) => match tokio::time::timeout(overall, collect(live)).await {
            Ok(Ok(records)) if records.iter().any(Result::is_ok) => {
                tracing::info!(source = %live.describe(), records = records.len(), "read live");
                return Ok(Read {
                    name: live.name(),
                    records,
                    described: live.describe(),
                    not_live: None,
                });
            }
            Ok(Ok(_)) => format!("the {} returned no valid launch", live.describe()),
            Ok(Err(error)) => error.to_string(),
            Err(_) => format!(
                "the {} did not answer within {} s",
                live.describe(),
                overall.as_secs()
            ),
        },
    };
    let snapshot = source.snapshot;
    tracing::warn!(reason = %why_not_live, snapshot = %snapshot.describe(), "using the snapshot");
    let records = collect(snapshot)
        .await
        .map_err(|error| StartupError::Fallback {
            source_name: snapshot.describe(),
            error,
        })?;
    Ok(Read {
        name: snapshot.name(),
        records,
        described: snapshot.describe(),
        not_live: Some(why_not_live),
    })
}

/// How old a snapshot's data is, from the newest LL2 `last_updated` in it (v4 launches carry
/// none: its description dates it).
fn age<'a>(launches: impl Iterator<Item = &'a Launch>, now: DateTime<Utc>) -> String {
    let newest = launches
        .filter_map(|l| l.ll2_last_updated.as_deref())
        .max()
        .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
        .map(|date| date.with_timezone(&Utc));
    match newest {
        Some(date) => format!(
            ", data as of {} ({} days old)",
            format::timestamp(date),
            (now - date).num_days()
        ),
        None => String::new(),
    }
}

/// Fills `store` from both sources as one set of rows, as of `now`: what each gave (live or its
/// snapshot) goes through the extractor's own sync, archive first, so the rows are the ones the
/// table would hold. Returns where the data came from.
pub async fn fill_embedded(
    store: &MemoryStore,
    spacex: StartupSource<'_>,
    ll2: StartupSource<'_>,
    overall: Duration,
    now: DateTime<Utc>,
) -> Result<DataOrigin, StartupError> {
    let (spacex, ll2) = tokio::join!(read(spacex, overall), read(ll2, overall));
    let (spacex, ll2) = (spacex?, ll2?);
    let snapshots: Vec<String> = [&spacex, &ll2]
        .into_iter()
        .filter(|read| read.not_live.is_some())
        .map(|read| format!("the {}{}", read.described, age(read.launches(), now)))
        .collect();
    let described = format!("{} and the {}", spacex.described, ll2.described);
    let sources =
        [spacex, ll2].map(|read| CollectedSource::new(read.name, read.described, read.records));
    let sources: Vec<&dyn LaunchSource> = sources.iter().map(|s| s as &dyn LaunchSource).collect();
    let options = SyncOptions {
        as_of: Some(now),
        // The snapshots' changes since the replayed weekly ones happened when their records
        // say, not at start-up: observed "now", they would all crowd into the current month.
        observed: ObservedAt::RecordUpdate,
        ..SyncOptions::default()
    };
    let report = launches::sync_all(&sources, store, options).await?;
    for section in &report.sources {
        tracing::info!(
            source = %section.source,
            written = section.written,
            invalid = section.invalid,
            other_providers = section.other_providers,
            history_entries = section.history_entries,
            "embedded store filled"
        );
    }
    Ok(DataOrigin {
        description: format!(
            "embedded store, filled at {} from the {described}",
            format::timestamp(now)
        ),
        notice: (!snapshots.is_empty()).then(|| {
            let plural = if snapshots.len() > 1 { "s" } else { "" };
            format!(
                "Not live data: showing {}. The live source{plural} could not be used at start-up.",
                snapshots.join(" and ")
            )
        }),
    })
}

/// The app's state for `settings`: the DynamoDB table, or the filled embedded store.
pub async fn build_state(settings: &Settings) -> Result<AppState, StartupError> {
    let (store, origin): (Arc<dyn LaunchStore>, DataOrigin) = match &settings.table {
        Some(table) => {
            let client = launches::aws::dynamodb_client().await;
            let store = DynamoStore::new(client, DynamoStoreConfig::new(table.clone()));
            let description = format!("DynamoDB table {table}");
            (
                Arc::new(store),
                DataOrigin {
                    description,
                    notice: None,
                },
            )
        }
        None => {
            let store = MemoryStore::new();
            crate::history_replay::replay_bundled_history(&store).await;
            let limits = LiveLimits::default();
            let live = match live_source(&settings.spacex_api_url, limits) {
                Ok(client) => Some(client),
                Err(error) => {
                    tracing::warn!(%error, "cannot build the SpaceX API client");
                    None
                }
            };
            let origin = fill_embedded(
                &store,
                StartupSource {
                    live: live.as_ref().map(|c| c as &dyn LaunchSource),
                    snapshot: &SnapshotSource::Bundled,
                },
                // Always LL2's bundled snapshot: a full live read is about 8 of the 15 requests
                // an hour LL2 allows an IP without a key, so a few local restarts would lock the
                // developer (and the extractor, if it shares the IP) out for the hour. The page
                // says how old the snapshot is.
                StartupSource {
                    live: None,
                    snapshot: &Ll2Snapshot::Bundled,
                },
                limits.overall,
                Utc::now(),
            )
            .await?;
            (Arc::new(store), origin)
        }
    };
    tracing::info!(store = %store.describe(), origin = %origin.description, "store ready");
    Ok(AppState::new(store, settings.cache_ttl, origin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use launches::model::{format_date, Source};

    fn v4_fixtures() -> SnapshotSource {
        SnapshotSource::directory(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fixtures/spacex/v4"
        ))
    }

    fn bundled() -> (StartupSource<'static>, StartupSource<'static>) {
        (
            StartupSource {
                live: None,
                snapshot: &SnapshotSource::Bundled,
            },
            StartupSource {
                live: None,
                snapshot: &Ll2Snapshot::Bundled,
            },
        )
    }

    #[tokio::test]
    async fn an_unreachable_api_falls_back_to_the_snapshots_quickly_and_says_so() {
        let store = MemoryStore::new();
        // Port 9 (discard) is closed here: the connection is refused at once.
        let live = live_source("http://127.0.0.1:9", LiveLimits::default()).expect("client");
        let (mut spacex, ll2) = bundled();
        spacex.live = Some(&live);
        let now = Utc::now();
        let started = std::time::Instant::now();
        let origin = fill_embedded(&store, spacex, ll2, Duration::from_secs(12), now)
            .await
            .expect("the bundled snapshots fill the store");
        assert!(started.elapsed() < Duration::from_secs(10));
        let rows = store
            .launches_in_range(launches::DateRange::ALL)
            .await
            .expect("rows");
        // One set of rows: launches of both sources, some known to both.
        assert!(rows
            .iter()
            .any(|l| l.sources.contains(Source::SpacexV4) && l.sources.contains(Source::Ll2)));
        assert!(rows.iter().any(|l| l.year == 2026));
        assert!(rows.iter().all(|l| l.synced_at == format_date(now)));
        let notice = origin.notice.expect("a banner");
        assert!(notice.contains("Not live data"), "{notice}");
        assert!(notice.contains("SpaceX API (October 2022)"), "{notice}");
        assert!(notice.contains("Launch Library 2"), "{notice}");
        assert!(notice.contains("data as of 2026-08-22"), "{notice}");
        assert!(notice.contains("days old"), "{notice}");
    }

    /// The newest `last_updated` of the SpaceX records in the LL2 fixture files, read raw.
    fn newest_ll2_update() -> DateTime<Utc> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ll2");
        let mut newest = None;
        for entry in std::fs::read_dir(dir).expect("the LL2 fixtures") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let body: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("JSON");
            let records = ["results", "launches"]
                .iter()
                .find_map(|key| body.get(*key).and_then(|v| v.as_array()));
            for record in records.into_iter().flatten() {
                if record["launch_service_provider"]["id"] != 121 {
                    continue;
                }
                let updated = record["last_updated"]
                    .as_str()
                    .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| t.with_timezone(&Utc));
                newest = newest.max(updated);
            }
        }
        newest.expect("records with last_updated")
    }

    #[tokio::test]
    async fn the_fill_after_the_weekly_replay_dates_changes_by_their_records_not_by_start_up() {
        let store = MemoryStore::new();
        crate::history_replay::replay_bundled_history(&store).await;
        let replayed = store
            .history_in_range(launches::DateRange::ALL)
            .await
            .expect("history")
            .len();
        let now = DateTime::parse_from_rfc3339("2026-11-29T12:00:00Z")
            .expect("date")
            .with_timezone(&Utc);
        let (spacex, ll2) = bundled();
        fill_embedded(&store, spacex, ll2, Duration::from_secs(12), now)
            .await
            .expect("filled");
        let history = store
            .history_in_range(launches::DateRange::ALL)
            .await
            .expect("history");
        assert!(history.len() > replayed, "the fill records changes too");
        // The data is as of its newest record, or of the last weekly snapshot (its file name).
        let snapshots = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fixtures/ll2/history/snapshots"
        );
        let last_weekly = std::fs::read_dir(snapshots)
            .expect("the weekly snapshots")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|name| {
                chrono::NaiveDateTime::parse_from_str(name.get(..17)?, "%Y-%m-%dT%H%M%S").ok()
            })
            .max()
            .expect("dated snapshot files")
            .and_utc();
        let data_time = newest_ll2_update().max(last_weekly);
        let moved_later: Vec<&str> = history
            .iter()
            .filter(|e| e.net_move().is_some() && e.observed().is_some_and(|o| o > data_time))
            .map(|e| e.launch_id.as_str())
            .collect();
        // The files say nothing of what happened after their time; past NETs settled at
        // start-up change the status, not the NET.
        assert_eq!(moved_later, Vec::<&str>::new());
        let data_month = data_time.format("%Y-%m").to_string();
        assert!(launches::history::slips_per_month(&history)
            .iter()
            .all(|m| m.month <= data_month));
        // Each launch's history stays in order of observation.
        let mut by_launch: std::collections::BTreeMap<&str, Vec<_>> = Default::default();
        for entry in &history {
            by_launch
                .entry(&entry.launch_id)
                .or_default()
                .push((entry.seq, entry.observed()));
        }
        for (id, mut entries) in by_launch {
            entries.sort();
            assert!(
                entries.windows(2).all(|w| w[0].1 <= w[1].1),
                "{id}: {entries:?}"
            );
        }
    }

    #[tokio::test]
    async fn live_sources_need_no_banner() {
        let store = MemoryStore::new();
        let v4 = v4_fixtures();
        let ll2 = Ll2Snapshot::directory(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ll2"));
        let origin = fill_embedded(
            &store,
            StartupSource {
                live: Some(&v4),
                snapshot: &SnapshotSource::Bundled,
            },
            StartupSource {
                live: Some(&ll2),
                snapshot: &Ll2Snapshot::Bundled,
            },
            Duration::from_secs(12),
            Utc::now(),
        )
        .await
        .expect("filled");
        assert_eq!(origin.notice, None);
        assert!(
            origin.description.contains("fixtures/ll2"),
            "{}",
            origin.description
        );
        assert!(store.len().await > 205);
    }

    #[tokio::test]
    async fn a_live_read_that_hangs_is_abandoned_at_the_deadline() {
        struct Hanging;
        #[async_trait::async_trait]
        impl LaunchSource for Hanging {
            async fn launches(
                &self,
                _resume: Option<&str>,
            ) -> Result<launches::LaunchBatches, SourceError> {
                std::future::pending().await
            }
            fn name(&self) -> &'static str {
                "hanging"
            }
            fn describe(&self) -> String {
                "hanging source".into()
            }
        }
        let store = MemoryStore::new();
        let (mut spacex, ll2) = bundled();
        spacex.live = Some(&Hanging);
        let origin = fill_embedded(&store, spacex, ll2, Duration::from_millis(100), Utc::now())
            .await
            .expect("filled from the snapshots");
        let notice = origin.notice.expect("a banner");
        assert!(notice.contains("sources could not be used"), "{notice}");
        assert!(store.len().await > 205);
    }
}
