//! What one benchmark run measures, and runs it from start to end.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use integration::emulator::Emulator;
use integration::spacex_server::{Snapshot, SpacexServer};
use integration::terraform::create_launches_table;

use crate::both_sources::both_sources;
use crate::first_view::first_view;
use crate::history_cost::history_cost;
use crate::load::{wrk, Dashboard};
use crate::proxy::{OperationCounter, Proxy};
use crate::report::{LoadSet, Results};
use crate::startup::StartupBench;
use crate::sync_runs::{SizeResult, SyncBench, SyncSummary, CHANGED};
use crate::synthetic::scaled;

/// The dashboard paths loaded by wrk.
pub const LOAD_PATHS: [&str; 3] = ["/", "/api/stats", "/api/launches"];

#[derive(Debug, Clone)]
pub struct Plan {
    /// Rounds of full sync / re-sync / changed re-sync on the real snapshot.
    pub snapshot_rounds: usize,
    /// Synthetic sizes and their rounds.
    pub scales: Vec<(usize, usize)>,
    pub startup_runs: usize,
    pub load_seconds: u64,
    pub browser_runs: usize,
}

impl Plan {
    pub fn full() -> Self {
        Plan {
            snapshot_rounds: 5,
            scales: vec![(2_000, 3), (20_000, 1)],
            startup_runs: 10,
            load_seconds: 10,
            browser_runs: 5,
        }
    }

    /// Tiny sizes, every part once: `make bench-smoke`, so the bench cannot silently rot.
    pub fn smoke() -> Self {
        Plan {
            snapshot_rounds: 1,
            scales: vec![(400, 1)],
            startup_runs: 2,
            load_seconds: 1,
            browser_runs: 1,
        }
    }
}

/// The release (or debug) binaries next to this one.
pub struct Binaries {
    pub bench: PathBuf,
    pub extractor: PathBuf,
    pub dashboard: PathBuf,
}

impl Binaries {
    pub fn beside_this_one() -> anyhow::Result<Self> {
        let bench = std::env::current_exe().context("locating the bench binary")?;
        let dir = bench.parent().map(Path::to_path_buf).unwrap_or_default();
        let binaries = Binaries {
            extractor: dir.join("extractor"),
            dashboard: dir.join("dashboard"),
            bench,
        };
        for binary in [&binaries.extractor, &binaries.dashboard] {
            anyhow::ensure!(
                binary.is_file(),
                "{} is missing: build it with the bench (`make bench` does: cargo build --release \
                 -p bench -p extractor -p dashboard)",
                binary.display()
            );
        }
        Ok(binaries)
    }
}

impl Plan {
    pub async fn run(&self, binaries: &Binaries, heading: String) -> anyhow::Result<Results> {
        let emulator = Emulator::start().await?;
        let admin = emulator.client();
        let counter = OperationCounter::default();
        let upstream = emulator.endpoint().trim_start_matches("http://").to_owned();
        let dynamodb = Proxy::start(upstream, counter.clone()).await?;
        let snapshot = Snapshot::bundled()?;
        let server = SpacexServer::start(&snapshot).await;
        let syncs = SyncBench {
            exe: &binaries.bench,
            emulator: &admin,
            dynamodb_url: dynamodb.url(),
            counter: &counter,
            server: &server,
        };

        eprintln!(
            "bench: syncs of the {}-launch snapshot",
            snapshot.launches.len()
        );
        let on_snapshot = syncs.rounds(&snapshot, self.snapshot_rounds).await?;
        check_syncs(&on_snapshot)?;
        eprintln!("bench: syncs of both sources (SpaceX API v4 and Launch Library 2)");
        let both = both_sources(&syncs, self.snapshot_rounds).await?;
        eprintln!("bench: history (the weekly LL2 snapshots replayed)");
        let history = history_cost(&admin, &dynamodb.url(), &counter, self.snapshot_rounds).await?;
        let mut scales = Vec::new();
        for &(launches, rounds) in &self.scales {
            eprintln!("bench: syncs of {launches} launches");
            let result = syncs.rounds(&scaled(&snapshot, launches)?, rounds).await?;
            check_syncs(&result)?;
            scales.push(result);
        }

        eprintln!("bench: extractor start-up");
        server.serve(&snapshot).await;
        create_launches_table(&admin, "bench-lambda").await?;
        let startup = StartupBench {
            extractor: &binaries.extractor,
            table: "bench-lambda",
            spacex_url: server.base_url(),
            dynamodb_url: emulator.endpoint().to_owned(),
        }
        .run(self.startup_runs)
        .await?;
        anyhow::ensure!(
            startup.written == snapshot.launches.len() as u64,
            "the Lambda's scheduled sync wrote {} launches, not {}",
            startup.written,
            snapshot.launches.len()
        );

        let mut loads = Vec::new();
        let largest = scales.iter().max_by_key(|s| s.launches);
        let mut first = None;
        for (size, browse) in
            std::iter::once((&on_snapshot, true)).chain(largest.map(|s| (s, false)))
        {
            eprintln!("bench: the dashboard on {} launches", size.launches);
            let dashboard = tokio::task::block_in_place(|| {
                Dashboard::start(&binaries.dashboard, &size.table, &dynamodb.url())
            })?;
            let mut set = LoadSet {
                launches: size.launches,
                ..LoadSet::default()
            };
            // Warm: the cache's first read of the table is done before anything is measured.
            tokio::task::block_in_place(|| dashboard.wait_until_ok("/", Duration::from_secs(180)))?;
            if browse {
                first = Some(first_view(&dashboard.url("/"), self.browser_runs).await?);
                set.rss_after_view_kb = Some(dashboard.memory_kb("VmRSS")?);
            }
            for path in LOAD_PATHS {
                tokio::task::block_in_place(|| {
                    dashboard.wait_until_ok(path, Duration::from_secs(180))
                })?;
                counter.take();
                let url = dashboard.url(path);
                let seconds = self.load_seconds;
                let mut run = tokio::task::spawn_blocking(move || wrk(&url, seconds)).await??;
                run.path = path.to_owned();
                run.dynamodb = counter.take();
                anyhow::ensure!(
                    run.errors == 0,
                    "{} errors under load on {path}",
                    run.errors
                );
                set.runs.push(run);
            }
            set.rss_after_load_kb = dashboard.memory_kb("VmRSS")?;
            loads.push(set);
        }

        Ok(Results {
            heading,
            snapshot: on_snapshot,
            both,
            history,
            scales,
            startup: Some(startup),
            loads,
            first_view: first.unwrap_or_default(),
            load_seconds: self.load_seconds,
        })
    }
}

/// What the syncs must have done, whatever their speed: all written, then none, then the
/// changed ones.
fn check_syncs(size: &SizeResult) -> anyhow::Result<()> {
    let full = SyncSummary::of(&size.full);
    let resync = SyncSummary::of(&size.resync);
    let changed = SyncSummary::of(&size.changed);
    anyhow::ensure!(
        full.written == size.launches && resync.written == 0 && changed.written == CHANGED,
        "{} launches: the syncs wrote {}, {} and {} items (expected {}, 0, {CHANGED})",
        size.launches,
        full.written,
        resync.written,
        changed.written,
        size.launches
    );
    Ok(())
}
