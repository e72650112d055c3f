//! The extractor's start-up: its release binary started against the Lambda Runtime API emulator
//! of `cargo lambda watch`, timed from exec until its first request for an event reaches the
//! emulator (a proxy in front of the emulator notes when). The first start also handles one
//! scheduled event (a full sync) and its peak RSS is read afterwards.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use integration::lambda_emulator::{invoke, ExtractorEnv, RuntimeEmulator};
use test_support::processes::ChildGuard;

use crate::measure::status_kb;
use crate::proxy::{FirstRequest, Proxy};

#[derive(Debug, Clone)]
pub struct StartupResult {
    pub samples_ms: Vec<f64>,
    /// Peak RSS of the process after it handled one scheduled event.
    pub peak_rss_after_sync_kb: u64,
    /// Launches that sync wrote.
    pub written: u64,
}

pub struct StartupBench<'a> {
    pub extractor: &'a Path,
    pub table: &'a str,
    pub spacex_url: String,
    pub dynamodb_url: String,
}

impl StartupBench<'_> {
    pub async fn run(&self, runs: usize) -> anyhow::Result<StartupResult> {
        let runtime = tokio::task::block_in_place(RuntimeEmulator::start)?;
        let port = runtime.port();
        let first = FirstRequest::default();
        let proxy = Proxy::start(format!("127.0.0.1:{port}"), first.clone()).await?;
        let proxy_url = proxy.url();
        let env = ExtractorEnv {
            runtime_api: &proxy_url,
            table: self.table,
            spacex_url: &self.spacex_url,
            dynamodb_url: &self.dynamodb_url,
        };

        let mut samples_ms = Vec::with_capacity(runs);
        let mut after_sync = None;
        for run in 0..runs.max(1) {
            first.reset();
            let started = Instant::now();
            let function = ChildGuard(
                env.apply(&mut Command::new(self.extractor))
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .with_context(|| format!("starting {}", self.extractor.display()))?,
            );
            let asked = wait_for(&first, Duration::from_secs(20))
                .await
                .context("the extractor never asked the runtime API for an event")?;
            samples_ms.push(asked.duration_since(started).as_secs_f64() * 1000.0);
            if run == 0 {
                // The first start, and only it, handles an event: a start killed while it waits
                // leaves the emulator a dead waiter that must not be handed an invocation.
                let response =
                    tokio::task::spawn_blocking(move || invoke(port, "scheduled.json")).await??;
                let written = response["sources"][0]["written"]
                    .as_u64()
                    .with_context(|| format!("the scheduled event answered {response}"))?;
                let peak = status_kb(Some(function.0.id()), "VmHWM")
                    .context("reading the extractor's peak RSS")?;
                after_sync = Some((peak, written));
            }
        }
        let (peak_rss_after_sync_kb, written) = after_sync.unwrap_or_default();
        Ok(StartupResult {
            samples_ms,
            peak_rss_after_sync_kb,
            written,
        })
    }
}

async fn wait_for(first: &FirstRequest, timeout: Duration) -> Option<Instant> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Some(at) = first.at() {
            return Some(at);
        }
        tokio::time::sleep(Duration::from_micros(200)).await;
    }
    None
}
