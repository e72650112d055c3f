//! The shipped dashboard image on DynamoDB: the container from `make image` on the same Docker
//! network as the emulator, configured with the environment variables the Fargate task
//! definition sets (names and fixed values read from the Terraform), run as ECS runs it
//! (non-root, read-only root filesystem). `/health`, `/` and `/api/stats` are checked from the
//! host. Needs `make image` first (`make test` builds it).

use std::process::Command;
use std::time::{Duration, Instant};

use hcl::Expression;
use integration::emulator::{Emulator, REGION};
use integration::hcl_query::{find_key, strings};
use integration::processes::free_port;
use integration::snapshot_dir;
use integration::terraform::{attr, block, create_launches_table, parse};
use launches::config::ENV_DYNAMODB_ENDPOINT;
use launches::{sync, DateRange, DynamoStore, DynamoStoreConfig, SnapshotSource};
use serde_json::Value;

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

/// The container environment of the ECS task definition: name -> literal value, if literal.
fn task_environment() -> Vec<(String, Option<String>)> {
    let body = parse("terraform/modules/dashboard-service/main.tf").expect("dashboard-service");
    let task =
        block(&body, "resource", &["aws_ecs_task_definition", "this"]).expect("task definition");
    let definitions = attr(task.body(), "container_definitions").expect("container_definitions");
    let mut environment = Vec::new();
    for list in find_key(definitions, "environment") {
        if let Expression::Array(entries) = list {
            for entry in entries {
                let name = find_key(entry, "name")
                    .into_iter()
                    .flat_map(strings)
                    .next()
                    .expect("name");
                let value = find_key(entry, "value")
                    .into_iter()
                    .flat_map(strings)
                    .next();
                environment.push((name, value));
            }
        }
    }
    environment
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
    create_launches_table(&emulator.client(), TABLE)
        .await
        .expect("table");
    let writer = DynamoStore::new(emulator.client(), DynamoStoreConfig::new(TABLE));
    sync(
        &SnapshotSource::directory(snapshot_dir()),
        &writer,
        DateRange::ALL,
    )
    .await
    .expect("sync");

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
    let environment = task_environment();
    assert!(!environment.is_empty());
    for (key, literal) in environment {
        let value = match key.as_str() {
            "LAUNCHES_TABLE" => TABLE.to_owned(),
            "AWS_REGION" => REGION.to_owned(),
            "RUST_LOG" => "info".to_owned(),
            _ => literal.unwrap_or_else(|| panic!("no test value for {key}")),
        };
        args.extend(["-e".into(), format!("{key}={value}")]);
    }
    // What only a local run needs: the emulator instead of AWS, and dummy credentials (ECS
    // gives the task role's).
    let endpoint = format!("http://{emulator_name}:{}", Emulator::container_port());
    for extra in [
        format!("{ENV_DYNAMODB_ENDPOINT}={endpoint}"),
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
    assert_eq!(
        health["store"],
        format!("DynamoDB table {TABLE}"),
        "{health}"
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
    assert_eq!(stats["stats"]["launches"], 205, "{stats}");
    assert_eq!(stats["stats"]["upcoming"], 18);
}
