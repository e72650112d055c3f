//! The shipped dashboard image on DynamoDB: the container from `make image` on the same Docker
//! network as the emulator, configured with the environment variables the Fargate task
//! definition sets (names and fixed values read from the Terraform), run as ECS runs it
//! (non-root, read-only root filesystem). `/health`, `/` and `/api/stats` are checked from the
//! host. Needs `make image` first (`make test` builds it).

use std::process::Command;
use std::time::{Duration, Instant};

use integration::emulator::{Emulator, REGION};
use integration::hcl_query::strings;
use integration::terraform::task_environment;
use launches::config::ENV_DYNAMODB_ENDPOINT_URL;
use serde_json::Value;
use test_support::processes::free_port;

const TABLE: &str = "spacex-launches-image";

fn docker(args: &[&str]) -> std::process::Output {
    Command::new("docker")
        .args(args)
        .output()
        .expect("the docker client runs")
}

/// Removes a container or network when dropped, pass or fail.
struct Cleanup(&'static str, String);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = docker(&[self.0, "rm", "-f", &self.1]);
    }
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let output = Command::new("curl")
        .args([
            "-s",
            "-m",
            "5",
            "-w",
            "\n%{http_code}",
            &format!("http://127.0.0.1:{port}{path}"),
        ])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n')?;
    Some((code.trim().parse().ok()?, body.to_owned()))
}

#[tokio::test]
async fn the_image_serves_the_table_on_the_emulator_network() {
    let image =
        std::env::var("DASHBOARD_IMAGE").unwrap_or_else(|_| "spacex-dashboard:latest".into());
    assert!(
        docker(&["image", "inspect", &image]).status.success(),
        "{image} is missing: run `make image` first"
    );

    let network = format!("spacex-it-{}", std::process::id());
    assert!(docker(&["network", "create", &network]).status.success());
    let _network = Cleanup("network", network.clone());
    let emulator_name = format!("{network}-ddb");
    let emulator = Emulator::start_on_network(&network, &emulator_name)
        .await
        .expect("emulator");
    emulator
        .table_with_snapshot(TABLE)
        .await
        .expect("table with the snapshot");

    let port = free_port().expect("port");
    let name = format!("{network}-dashboard");
    let mut args: Vec<String> = [
        "run",
        "-d",
        "--name",
        &name,
        "--network",
        &network,
        "--user",
        "10001:10001",
        "--read-only",
        "--tmpfs",
        "/tmp",
    ]
    .map(String::from)
    .to_vec();
    args.extend(["-p".into(), format!("127.0.0.1:{port}:8501")]);
    let environment = task_environment().expect("task environment");
    assert!(!environment.is_empty());
    for (key, literal) in environment {
        let value = match key.as_str() {
            "LAUNCHES_TABLE" => TABLE.to_owned(),
            "AWS_REGION" => REGION.to_owned(),
            "RUST_LOG" => "info".to_owned(),
            _ => literal
                .as_ref()
                .and_then(|e| strings(e).into_iter().next())
                .unwrap_or_else(|| panic!("no test value for {key}")),
        };
        args.extend(["-e".into(), format!("{key}={value}")]);
    }
    // What only a local run needs: the emulator instead of AWS, and dummy credentials (ECS
    // gives the task role's).
    let endpoint = format!("http://{emulator_name}:{}", Emulator::container_port());
    for extra in [
        format!("{ENV_DYNAMODB_ENDPOINT_URL}={endpoint}"),
        "AWS_ACCESS_KEY_ID=test".into(),
        "AWS_SECRET_ACCESS_KEY=test".into(),
    ] {
        args.extend(["-e".into(), extra]);
    }
    args.push(image);
    let run = Command::new("docker")
        .args(&args)
        .output()
        .expect("docker run");
    assert!(
        run.status.success(),
        "docker run: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let _container = Cleanup("container", name.clone());

    let deadline = Instant::now() + Duration::from_secs(60);
    let health = loop {
        if let Some((200, body)) = get(port, "/health") {
            break body;
        }
        assert!(
            Instant::now() < deadline,
            "no /health: {}",
            String::from_utf8_lossy(&docker(&["logs", &name]).stderr)
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let health: Value = serde_json::from_str(&health).expect("JSON");
    assert_eq!(health["status"], "ok", "{health}");
    assert!(
        !health.to_string().contains(TABLE),
        "the public health body names no table: {health}"
    );

    let (status, page) = get(port, "/").expect("/");
    assert_eq!(status, 200);
    assert!(
        page.matches("data-chart").count() >= 5,
        "five charts on the page"
    );
    let (status, stats) = get(port, "/api/stats").expect("/api/stats");
    assert_eq!(status, 200);
    let stats: Value = serde_json::from_str(&stats).expect("JSON");
    // The table the extractor filled from the v4 snapshot: every launch, none still to come
    // (the 18 v4 still flags upcoming are dated 2022).
    assert_eq!(stats["stats"]["launches"], 205, "{stats}");
    assert_eq!(stats["stats"]["upcoming"], 0, "{stats}");
}
