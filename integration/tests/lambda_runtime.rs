//! The shipped Lambda zip, run for real: the ARM64 `bootstrap` from `make lambda` under
//! qemu-aarch64, against the Lambda Runtime API emulator of `cargo lambda watch`, invoked with
//! `cargo lambda invoke` and the crate's event fixtures; the DynamoDB emulator and a local SpaceX
//! API behind it. This proves the artefact, not just the source, works.

use std::process::{Command, Stdio};

use integration::emulator::Emulator;
use integration::lambda_emulator::{invoke, ExtractorEnv, RuntimeEmulator};
use integration::repo_root;
use integration::spacex_server::{Snapshot, SpacexServer};
use integration::terraform::create_launches_table;
use launches::{DateRange, DynamoStore, DynamoStoreConfig, LaunchStore};
use serde_json::Value;
use test_support::processes::ChildGuard;

const TABLE: &str = "spacex-launches-artifact";

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
    let snapshot = Snapshot::bundled().expect("snapshot");
    let launches = snapshot.launches.len();
    let server = SpacexServer::start(&snapshot).await;

    let runtime = RuntimeEmulator::start().expect("cargo lambda watch starts");
    let log_path = unpacked.join("stdout.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let port = runtime.port();
    let runtime_api = format!("http://127.0.0.1:{port}");
    let _function = ChildGuard(
        ExtractorEnv {
            runtime_api: &runtime_api,
            table: TABLE,
            spacex_url: &server.base_url(),
            dynamodb_url: emulator.endpoint(),
        }
        .apply(
            Command::new("qemu-aarch64-static")
                .args(["-L", "/usr/aarch64-linux-gnu"])
                .arg(unpacked.join("bootstrap")),
        )
        .stdout(log)
        .stderr(Stdio::null())
        .spawn()
        .expect("qemu-aarch64-static runs the bootstrap (make setup installs it)"),
    );

    let report = tokio::task::spawn_blocking(move || {
        let invoke = |fixture: &str| invoke(port, fixture).expect("invoked");
        let health = invoke("health.json");
        let scheduled = invoke("scheduled.json");
        let window = invoke("sync-window.json");
        let bad = invoke("sync-bad-window.json");
        (health, scheduled, window, bad)
    })
    .await
    .expect("invocations");
    let (health, scheduled, window, bad) = report;
    assert_eq!(health["statusCode"], 200, "{health}");
    // Without LL2_API_URL the zip syncs the SpaceX API alone: one section.
    assert_eq!(scheduled["sources"][0]["fetched"], launches, "{scheduled}");
    assert_eq!(scheduled["sources"][0]["written"], launches, "{scheduled}");
    assert_eq!(window["statusCode"], 200, "{window}");
    let window_report: Value =
        serde_json::from_str(window["body"].as_str().unwrap_or_default()).expect("report");
    assert_eq!(
        window_report["sources"][0]["written"], 0,
        "nothing changed since the scheduled run"
    );
    assert_eq!(bad["statusCode"], 400, "{bad}");
    let bad_body: Value =
        serde_json::from_str(bad["body"].as_str().unwrap_or_default()).expect("error body");
    assert!(
        bad_body["error"]
            .as_str()
            .is_some_and(|e| e.contains("is after `to`")),
        "{bad}"
    );

    // Logged as JSON lines (AWS_LAMBDA_LOG_FORMAT=JSON): the report of the scheduled run first.
    let logged = std::fs::read_to_string(&log_path).expect("log");
    let reports: Vec<Value> = logged
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["fields"]["message"] == "sync finished")
        .collect();
    assert_eq!(reports.len(), 2, "{logged}");
    assert_eq!(reports[0]["level"], "INFO", "{logged}");
    assert_eq!(reports[0]["fields"]["written"], launches, "{logged}");

    let store = DynamoStore::new(emulator.client(), DynamoStoreConfig::new(TABLE));
    assert_eq!(
        store
            .launches_in_range(DateRange::ALL)
            .await
            .expect("read")
            .len(),
        launches
    );
}
