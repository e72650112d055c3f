//! The extractor's sync, measured: each run is a fresh process (`bench sync-once`) that makes the
//! Lambda's own cold start (`extractor::configure`, from the environment) and runs its sync of
//! the local servers into a table of the emulator, and reports its own sync time and peak RSS;
//! the parent times the whole process and counts the DynamoDB requests on the way (a counting
//! proxy, so the process measured carries no recorder).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use extractor::{configure, run_sync, AwsClients};
use integration::emulator::REGION;
use integration::spacex_server::{Snapshot, SpacexServer};
use integration::terraform::create_launches_table;
use launches::config::{
    ENV_DYNAMODB_ENDPOINT_URL, ENV_LL2_API_KEY, ENV_LL2_API_KEY_PARAMETER, ENV_LL2_API_URL,
    ENV_SPACEX_API_URL, ENV_TABLE,
};
use launches::SyncOptions;
use serde::{Deserialize, Serialize};

use crate::measure::{median, status_kb};
use crate::proxy::OperationCounter;
use crate::synthetic::with_changes;

/// The subcommand the benchmark runs itself as, for one sync in a process of its own.
pub const SYNC_ONCE: &str = "sync-once";

/// What the child process reports on stdout: totals over the sources, and each source's part.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChildReport {
    pub fetched: usize,
    pub written: usize,
    pub unchanged: usize,
    pub invalid: usize,
    pub sync_ms: f64,
    pub peak_rss_kb: u64,
    pub sources: Vec<SourceFigures>,
}

/// One source's part of a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceFigures {
    pub name: String,
    pub fetched: usize,
    pub written: usize,
    /// Why the source stopped early (throttled, budget spent), if it did.
    pub stopped: Option<String>,
}

/// One measured sync.
#[derive(Debug, Clone)]
pub struct SyncSample {
    pub report: ChildReport,
    /// From exec until the process exited.
    pub process_ms: f64,
    pub requests: BTreeMap<String, u64>,
}

/// The three syncs of one round, on a table of their own.
#[derive(Debug, Clone, Default)]
pub struct SizeResult {
    pub launches: usize,
    pub full: Vec<SyncSample>,
    pub resync: Vec<SyncSample>,
    pub changed: Vec<SyncSample>,
    /// The table the last round left (the dashboard is measured on it).
    pub table: String,
}

/// Changed launches in the "some changed" re-sync.
pub const CHANGED: usize = 5;

/// The child's side: the Lambda's cold start and one scheduled sync, configured from the
/// environment like the Lambda (the LL2 source only when `LL2_API_URL` is set).
pub async fn sync_once() -> anyhow::Result<ChildReport> {
    // The SDK reads the endpoint itself; required here so that a run never reaches AWS.
    std::env::var(ENV_DYNAMODB_ENDPOINT_URL)
        .with_context(|| format!("{ENV_DYNAMODB_ENDPOINT_URL} is not set"))?;
    let aws = launches::aws::sdk_config().await;
    let extractor = configure(AwsClients {
        dynamodb: aws_sdk_dynamodb::Client::new(&aws),
        ssm: aws_sdk_ssm::Client::new(&aws),
    })
    .await?;
    let started = Instant::now();
    let run = run_sync(&extractor, SyncOptions::default()).await?;
    let sync_ms = started.elapsed().as_secs_f64() * 1000.0;
    let total = |f: fn(&launches::SyncReport) -> usize| run.sources.iter().map(f).sum();
    Ok(ChildReport {
        fetched: total(|s| s.fetched),
        written: total(|s| s.written),
        unchanged: total(|s| s.unchanged),
        invalid: total(|s| s.invalid),
        sync_ms,
        peak_rss_kb: status_kb(None, "VmHWM").unwrap_or(0),
        sources: run
            .sources
            .iter()
            .map(|s| SourceFigures {
                name: s.source_name.clone(),
                fetched: s.fetched,
                written: s.written,
                stopped: s
                    .ending
                    .stopped
                    .as_ref()
                    .map(|stop| serde_json::to_string(stop).unwrap_or_default()),
            })
            .collect(),
    })
}

/// The parent's side of the sync runs.
pub struct SyncBench<'a> {
    /// This binary, run as `sync-once`.
    pub exe: &'a Path,
    pub emulator: &'a aws_sdk_dynamodb::Client,
    /// The counting proxy in front of the emulator, and its counter.
    pub dynamodb_url: String,
    pub counter: &'a OperationCounter,
    pub server: &'a SpacexServer,
}

impl SyncBench<'_> {
    /// `rounds` times: a full sync of `data` into a new table, a re-sync with nothing changed,
    /// a re-sync with [`CHANGED`] launches changed.
    pub async fn rounds(&self, data: &Snapshot, rounds: usize) -> anyhow::Result<SizeResult> {
        let mut result = SizeResult {
            launches: data.launches.len(),
            ..SizeResult::default()
        };
        for round in 0..rounds {
            let table = format!("bench-{}-{round}", data.launches.len());
            create_launches_table(self.emulator, &table).await?;
            self.server.serve(data).await;
            result.full.push(self.run(&table).await?);
            result.resync.push(self.run(&table).await?);
            self.server.serve(&with_changes(data, CHANGED, round)).await;
            result.changed.push(self.run(&table).await?);
            result.table = table;
        }
        Ok(result)
    }

    async fn run(&self, table: &str) -> anyhow::Result<SyncSample> {
        self.run_with(table, &[]).await
    }

    /// One sync process on `table`, with `extra` environment variables (the LL2 source's).
    pub async fn run_with(
        &self,
        table: &str,
        extra: &[(&str, String)],
    ) -> anyhow::Result<SyncSample> {
        self.counter.take();
        let started = Instant::now();
        let output = tokio::process::Command::new(self.exe)
            .arg(SYNC_ONCE)
            // Never the developer's own LL2 settings: a run reaches only the local servers.
            .env_remove(ENV_LL2_API_URL)
            .env_remove(ENV_LL2_API_KEY_PARAMETER)
            .env_remove(ENV_LL2_API_KEY)
            .envs(extra.iter().map(|(k, v)| (*k, v.as_str())))
            .env(ENV_TABLE, table)
            .env(ENV_DYNAMODB_ENDPOINT_URL, &self.dynamodb_url)
            .env(ENV_SPACEX_API_URL, self.server.base_url())
            .env("AWS_REGION", REGION)
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .output()
            .await
            .context("running the sync process")?;
        let process_ms = started.elapsed().as_secs_f64() * 1000.0;
        let stdout = String::from_utf8_lossy(&output.stdout);
        anyhow::ensure!(
            output.status.success(),
            "the sync of {table} failed: {}{stdout}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: ChildReport = serde_json::from_str(stdout.trim())
            .with_context(|| format!("the sync process printed `{stdout}`"))?;
        Ok(SyncSample {
            report,
            process_ms,
            requests: self.counter.take(),
        })
    }
}

/// Medians over the runs of one kind.
#[derive(Debug, Clone, Default)]
pub struct SyncSummary {
    pub runs: usize,
    pub sync_ms: f64,
    pub process_ms: f64,
    pub peak_rss_kb: u64,
    pub written: usize,
    pub requests: BTreeMap<String, u64>,
}

impl SyncSummary {
    pub fn of(samples: &[SyncSample]) -> Self {
        let pick = |f: fn(&SyncSample) -> f64| median(&samples.iter().map(f).collect::<Vec<_>>());
        // Requests and items written are the same in every run; the first run's are shown.
        let first = samples.first();
        SyncSummary {
            runs: samples.len(),
            sync_ms: pick(|s| s.report.sync_ms),
            process_ms: pick(|s| s.process_ms),
            peak_rss_kb: pick(|s| s.report.peak_rss_kb as f64) as u64,
            written: first.map_or(0, |s| s.report.written),
            requests: first.map(|s| s.requests.clone()).unwrap_or_default(),
        }
    }
}
