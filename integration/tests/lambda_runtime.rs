//! The shipped Lambda zip, run for real: the ARM64 `bootstrap` from `make lambda` under
//! qemu-aarch64, against the Lambda Runtime API emulator of `cargo lambda watch`, invoked with
//! `cargo lambda invoke` and the crate's event fixtures; the DynamoDB emulator and a local SpaceX
//! API behind it. This proves the artefact, not just the source, works.

use std::process::{Command, Stdio};
use std::time::Duration;

use integration::emulator::{Emulator, REGION};
use integration::repo_root;
use integration::spacex_server::{Snapshot, SpacexServer};
use integration::terraform::create_launches_table;
use launches::config::{ENV_DYNAMODB_ENDPOINT, ENV_SPACEX_API_URL, ENV_TABLE};
use launches::{DateRange, DynamoStore, DynamoStoreConfig, LaunchStore};
use serde_json::Value;
use test_support::processes::{free_port, tool_command, wait_for_port, ChildGuard};

const TABLE: &str = "spacex-launches-artifact";

fn invoke(port: u16, fixture: &str) -> Value {
    let output = tool_command("cargo")
        .args([
            "lambda",
            "invoke",
            "_",
            "-A",
            "127.0.0.1",
            "-P",
            &port.to_string(),
            "--data-file",
        ])
        .arg(repo_root().join("lambdas/extractor/events").join(fixture))
        .current_dir(repo_root().join("lambdas/extractor"))
        .output()
        .expect("cargo lambda invoke runs (make setup installs it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "invoke {fixture} failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("invoke {fixture}: not JSON ({e}): {stdout}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_arm64_zip_answers_scheduled_and_http_events_under_the_runtime_emulator() {
    let zip = repo_root().join("target/lambda/extractor/bootstrap.zip");
    assert!(
        zip.is_file(),
        "{} is missing: run `make lambda` first",
        zip.display()
    );
    let unpacked = repo_root().join("target/lambda/extractor/unpacked");
    std::fs::create_dir_all(&unpacked).expect("dir");
    let status = Command::new("unzip")
        .args(["-o", "-q"])
        .arg(&zip)
        .arg("-d")
        .arg(&unpacked)
        .status()
        .expect("unzip");
    assert!(status.success());

    let emulator = Emulator::start().await.expect("emulator");
    create_launches_table(&emulator.client(), TABLE)
        .await
        .expect("table");
    let server = SpacexServer::start(&Snapshot::bundled().expect("snapshot")).await;

    let port = free_port().expect("port");
    let _watch = ChildGuard(
        tool_command("cargo")
            .args([
                "lambda",
                "watch",
                "--only-lambda-apis",
                "-A",
                "127.0.0.1",
                "-P",
                &port.to_string(),
            ])
            .current_dir(repo_root().join("lambdas/extractor"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cargo lambda watch starts"),
    );
    assert!(
        wait_for_port(port, Duration::from_secs(60)),
        "the runtime emulator never listened on {port}"
    );

    let _function = ChildGuard(
        Command::new("qemu-aarch64-static")
            .args(["-L", "/usr/aarch64-linux-gnu"])
            .arg(unpacked.join("bootstrap"))
            .env_clear()
            .env(
                "AWS_LAMBDA_RUNTIME_API",
                format!("http://127.0.0.1:{port}/.rt"),
            )
            .env("AWS_LAMBDA_FUNCTION_NAME", "_")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            .env("AWS_REGION", REGION)
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env(ENV_TABLE, TABLE)
            .env(ENV_SPACEX_API_URL, server.base_url())
            .env(ENV_DYNAMODB_ENDPOINT, emulator.endpoint())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("qemu-aarch64-static runs the bootstrap (make setup installs it)"),
    );

    let report = tokio::task::spawn_blocking(move || {
        let health = invoke(port, "health.json");
        let scheduled = invoke(port, "scheduled.json");
        let window = invoke(port, "sync-window.json");
        let bad = invoke(port, "sync-bad-window.json");
        (health, scheduled, window, bad)
    })
    .await
    .expect("invocations");
    let (health, scheduled, window, bad) = report;
    assert_eq!(health["statusCode"], 200, "{health}");
    assert_eq!(scheduled["fetched"], 205, "{scheduled}");
    assert_eq!(scheduled["written"], 205, "{scheduled}");
    assert_eq!(window["statusCode"], 200, "{window}");
    let window_report: Value =
        serde_json::from_str(window["body"].as_str().unwrap_or_default()).expect("report");
    assert_eq!(
        window_report["written"], 0,
        "nothing changed since the scheduled run"
    );
    assert_eq!(bad["statusCode"], 400, "{bad}");

    let store = DynamoStore::new(emulator.client(), DynamoStoreConfig::new(TABLE));
    assert_eq!(
        store
            .launches_in_range(DateRange::ALL)
            .await
            .expect("read")
            .len(),
        205
    );
}
