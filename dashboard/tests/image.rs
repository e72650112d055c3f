//! The container image, run the way ECS runs it: as 10001:10001 with a read-only root
//! filesystem and a writable /tmp only. `/health` answers 200, `/` serves the page with its
//! charts and plotly.js, Docker's HEALTHCHECK (the binary checking itself, no shell) turns
//! healthy, and `docker stop` (SIGTERM) ends it with exit code 0.
//!
//! Needs the image: `scripts/build-image.sh` first, then
//! `cargo test -p dashboard --test image -- --ignored` (DASHBOARD_IMAGE overrides the image,
//! default `spacex-dashboard:latest`).

mod common;

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use test_support::http::get;
use test_support::processes::free_port;

/// For each plain GET to the container.
const TIMEOUT: Duration = Duration::from_secs(5);

fn image() -> String {
    std::env::var("DASHBOARD_IMAGE").unwrap_or_else(|_| "spacex-dashboard:latest".into())
}

fn docker(args: &[&str]) -> Output {
    Command::new("docker")
        .args(args)
        .output()
        .expect("the docker client runs")
}

fn docker_ok(args: &[&str]) -> String {
    let output = docker(args);
    assert!(
        output.status.success(),
        "docker {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// The container, removed when dropped (also when the test fails).
struct Container(String);

impl Drop for Container {
    fn drop(&mut self) {
        let _ = docker(&["rm", "-f", &self.0]);
    }
}

#[test]
#[ignore = "needs the image: scripts/build-image.sh, then cargo test -p dashboard --test image -- --ignored"]
fn the_image_serves_the_dashboard_like_ecs_runs_it() {
    let image = image();
    let inspect = docker(&["image", "inspect", &image]);
    assert!(
        inspect.status.success(),
        "image {image} not found: build it with scripts/build-image.sh"
    );
    let config = docker_ok(&[
        "image",
        "inspect",
        &image,
        "--format",
        "{{.Config.User}}|{{json .Config.Entrypoint}}|{{json .Config.Healthcheck.Test}}|{{.Size}}",
    ]);
    let parts: Vec<&str> = config.split('|').collect();
    assert_eq!(parts[0], "10001:10001", "non-root");
    assert_eq!(parts[1], r#"["/dashboard"]"#);
    assert_eq!(parts[2], r#"["CMD","/dashboard","healthcheck"]"#);
    let size: u64 = parts[3].parse().unwrap_or(u64::MAX);
    assert!(size < 60_000_000, "a small image: {size} bytes");

    let port = free_port().expect("a free port");
    let name = format!("dashboard-image-test-{}-{port}", std::process::id());
    let publish = format!("127.0.0.1:{port}:8501");
    let id = docker_ok(&[
        "run",
        "-d",
        "--name",
        &name,
        "--read-only",
        "--tmpfs",
        "/tmp",
        "--user",
        "10001:10001",
        "--cap-drop",
        "ALL",
        "--security-opt",
        "no-new-privileges",
        "-p",
        &publish,
        // No network to the SpaceX API here: the bundled snapshot is used (and announced).
        "-e",
        "SPACEX_API_URL=http://127.0.0.1:9",
        "-e",
        "RUST_LOG=info",
        "--health-interval",
        "1s",
        "--health-start-period",
        "1s",
        &image,
    ]);
    let container = Container(id);

    let deadline = Instant::now() + Duration::from_secs(60);
    let health = loop {
        match get(port, "/health", TIMEOUT) {
            Ok((200, body)) => break body,
            _ if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(250)),
            other => panic!(
                "/health not 200 within 60 s: {other:?}\n{}",
                docker_ok(&["logs", &container.0])
            ),
        }
    };
    assert!(health.contains(r#""status":"ok""#), "{health}");

    let (status, page) = get(port, "/", TIMEOUT).expect("GET /");
    assert_eq!(status, 200);
    for chart in [
        "per-month",
        "per-site",
        "timeline",
        "status-shares",
        "rocket-success",
    ] {
        assert!(
            page.contains(&format!(r#"data-chart="{chart}""#)),
            "chart {chart}"
        );
    }
    // The bundled data: the v4 archive's 205 launches and every LL2 launch after it (which no
    // v4 launch can be), counted from the raw files; the LL2 launches of the archive's years
    // join v4 rows or add their own.
    let after_archive = common::ll2_raw::latest()
        .values()
        .filter(|record| common::ll2_raw::year(record) >= 2023)
        .count();
    let launches: usize = page
        .split(r#"id="figure-launches">"#)
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .and_then(|n| n.parse().ok())
        .expect("the launch count");
    assert!(
        launches >= 205 + after_archive,
        "{launches} launches, fewer than 205 + {after_archive}"
    );
    assert!(page.contains("could not be used at start-up"), "the banner");
    let plotly = page
        .split('"')
        .find(|s| s.starts_with("/static/") && s.ends_with("/plotly-basic.min.js"))
        .expect("plotly.js URL");
    let (status, js) = get(port, plotly, TIMEOUT).expect("GET plotly.js");
    assert_eq!(status, 200);
    assert!(js.len() > 1_000_000, "the whole bundle");

    // In a real browser every chart draws, with the container's own plotly.js.
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let drawn = runtime.block_on(async {
        let driver = common::browser::Chromedriver::start();
        let browser = driver.connect().await;
        let result = async {
            browser
                .goto(&format!("http://127.0.0.1:{port}/"))
                .await
                .map_err(|e| e.to_string())?;
            let charts = common::browser::wait_for_charts(
                &browser,
                // The embedded store replays the weekly snapshots: history's two charts too.
                common::browser::CHART_COUNT_WITH_HISTORY,
            )
            .await?;
            common::browser::save_screenshot(&browser, "image.png").await?;
            Ok::<_, String>(charts)
        }
        .await;
        let _ = browser.close().await;
        result
    });
    let charts = drawn.unwrap_or_else(|message| panic!("{message}"));
    assert!(charts.iter().all(|(_, points)| *points > 0), "{charts:?}");

    // Docker's own health check runs `/dashboard healthcheck` inside the container.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let state = docker_ok(&[
            "inspect",
            "--format",
            "{{.State.Health.Status}}",
            &container.0,
        ]);
        if state == "healthy" {
            break;
        }
        assert!(Instant::now() < deadline, "container health: {state}");
        std::thread::sleep(Duration::from_millis(500));
    }

    // SIGTERM drains and exits cleanly (PID 1 in the container is the binary itself).
    docker_ok(&["stop", "--time", "25", &container.0]);
    let exit = docker_ok(&["inspect", "--format", "{{.State.ExitCode}}", &container.0]);
    assert_eq!(exit, "0", "{}", docker_ok(&["logs", &container.0]));
}
