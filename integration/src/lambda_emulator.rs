//! The Lambda Runtime API emulator of `cargo lambda watch --only-lambda-apis`, the environment
//! Lambda gives the extractor, and `cargo lambda invoke` with the extractor's event fixtures:
//! shared by the test of the shipped zip and the start-up benchmark.

use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::Context;
use launches::config::{ENV_DYNAMODB_ENDPOINT_URL, ENV_SPACEX_API_URL, ENV_TABLE};
use serde_json::Value;
use test_support::processes::{free_port, tool_command, wait_for_port, ChildGuard};

use crate::emulator::REGION;
use crate::repo_root;

/// `cargo lambda watch --only-lambda-apis` on a free port, stopped when dropped.
pub struct RuntimeEmulator {
    _watch: ChildGuard,
    port: u16,
}

impl RuntimeEmulator {
    pub fn start() -> anyhow::Result<Self> {
        let port = free_port()?;
        let watch = ChildGuard(
            tool_command("cargo")
                .args(["lambda", "watch", "--only-lambda-apis", "-A", "127.0.0.1"])
                .args(["-P", &port.to_string()])
                .current_dir(extractor_dir())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("starting `cargo lambda watch` (make setup installs cargo-lambda)")?,
        );
        anyhow::ensure!(
            wait_for_port(port, Duration::from_secs(60)),
            "cargo lambda watch never listened on {port}"
        );
        Ok(RuntimeEmulator {
            _watch: watch,
            port,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }
}

fn extractor_dir() -> std::path::PathBuf {
    repo_root().join("lambdas/extractor")
}

/// What the extractor process is told, the way Lambda and its Terraform tell it.
pub struct ExtractorEnv<'a> {
    /// `http://host:port` of the runtime API (the emulator, or a proxy in front of it).
    pub runtime_api: &'a str,
    pub table: &'a str,
    pub spacex_url: &'a str,
    pub dynamodb_url: &'a str,
}

impl ExtractorEnv<'_> {
    /// Replaces `command`'s environment with the function's.
    pub fn apply<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        command
            .env_clear()
            // Without the `/.rt` path, cargo lambda never hands the invocation over.
            .env(
                "AWS_LAMBDA_RUNTIME_API",
                format!("{}/.rt", self.runtime_api),
            )
            .env("AWS_LAMBDA_FUNCTION_NAME", "_")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            // What Terraform's logging_config makes Lambda set.
            .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
            .env("AWS_LAMBDA_LOG_LEVEL", "INFO")
            .env("AWS_REGION", REGION)
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env(ENV_TABLE, self.table)
            .env(ENV_SPACEX_API_URL, self.spacex_url)
            .env(ENV_DYNAMODB_ENDPOINT_URL, self.dynamodb_url)
    }
}

/// `cargo lambda invoke` of the emulator on `port` with the event fixture `fixture` of
/// `lambdas/extractor/events/`: the function's JSON answer. Blocks until it answers.
pub fn invoke(port: u16, fixture: &str) -> anyhow::Result<Value> {
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
        .arg(extractor_dir().join("events").join(fixture))
        .current_dir(extractor_dir())
        .output()
        .context("running cargo lambda invoke (make setup installs cargo-lambda)")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    anyhow::ensure!(
        output.status.success(),
        "invoke {fixture} failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(stdout.trim())
        .with_context(|| format!("invoke {fixture}: not JSON: {stdout}"))
}
