//! The extractor's start-up: its release binary started against the Lambda Runtime API emulator
//! of `cargo lambda watch`, timed from exec until its first request for an event reaches the
//! emulator (a proxy in front of the emulator notes when). The first start also handles one
//! scheduled event (a full sync) and its peak RSS is read afterwards.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use integration::emulator::REGION;
use integration::repo_root;
use launches::config::{ENV_DYNAMODB_ENDPOINT, ENV_SPACEX_API_URL, ENV_TABLE};
use serde_json::Value;
use test_support::processes::{free_port, tool_command, wait_for_port, ChildGuard};

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
        let port = free_port()?;
        let _watch = ChildGuard(
            tool_command("cargo")
                .args(["lambda", "watch", "--only-lambda-apis", "-A", "127.0.0.1"])
                .args(["-P", &port.to_string()])
                .current_dir(repo_root().join("lambdas/extractor"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("starting `cargo lambda watch` (make setup installs cargo-lambda)")?,
        );
        anyhow::ensure!(
            wait_for_port(port, Duration::from_secs(60)),
            "cargo lambda watch never listened on {port}"
        );
        let first = FirstRequest::default();
        let proxy = Proxy::start(format!("127.0.0.1:{port}"), first.clone()).await?;

        let mut samples_ms = Vec::with_capacity(runs);
        let mut after_sync = None;
        for run in 0..runs.max(1) {
            first.reset();
            let started = Instant::now();
            let function = ChildGuard(
                self.command(&proxy.url())
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
                let response = tokio::task::spawn_blocking(move || invoke(port)).await??;
                let written = response["written"]
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

    fn command(&self, runtime_url: &str) -> Command {
        let mut command = Command::new(self.extractor);
        command
            .env_clear()
            .env("AWS_LAMBDA_RUNTIME_API", format!("{runtime_url}/.rt"))
            .env("AWS_LAMBDA_FUNCTION_NAME", "_")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            .env("AWS_REGION", REGION)
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env(ENV_TABLE, self.table)
            .env(ENV_SPACEX_API_URL, &self.spacex_url)
            .env(ENV_DYNAMODB_ENDPOINT, &self.dynamodb_url)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
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

/// `cargo lambda invoke` with the scheduled-event fixture; the function's JSON answer.
fn invoke(port: u16) -> anyhow::Result<Value> {
    let output = tool_command("cargo")
        .args([
            "lambda",
            "invoke",
            "_",
            "-A",
            "127.0.0.1",
            "-P",
            &port.to_string(),
        ])
        .arg("--data-file")
        .arg(repo_root().join("lambdas/extractor/events/scheduled.json"))
        .current_dir(repo_root().join("lambdas/extractor"))
        .output()
        .context("running cargo lambda invoke")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    anyhow::ensure!(
        output.status.success(),
        "cargo lambda invoke failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(stdout.trim()).with_context(|| format!("invoke answered `{stdout}`"))
}
