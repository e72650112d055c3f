//! The real browser: Debian's Chromium, headless, driven through chromedriver (WebDriver) by
//! fantoccini, against the app served on a free port by this test. It waits until every chart
//! has drawn, applies a filter through the form, sees the charts change, and saves screenshots
//! under `target/screenshots/`.
//!
//! Needs a Chromium or Chrome and its chromedriver on PATH (scripts/setup.sh installs Debian's
//! `chromium` and `chromium-driver`); `CHROMIUM` and `CHROMEDRIVER` override them.

mod common;

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dashboard::AppState;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

const CHART_COUNT: usize = 5;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The first of `names` found on PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// A browser tool: `$env` if set, else the first of `names` on PATH (Debian's chromium, or
/// the Chrome a CI runner brings).
fn tool(env: &str, names: &[&str]) -> PathBuf {
    match std::env::var_os(env) {
        Some(path) => PathBuf::from(path),
        None => on_path(names).unwrap_or_else(|| {
            panic!(
                "none of {names:?} on PATH: install Debian's chromium and chromium-driver \
                 (scripts/setup.sh) or set {env}"
            )
        }),
    }
}

/// chromedriver on a free port, killed (and its profile removed) when dropped, even when the
/// test fails.
struct Chromedriver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Chromedriver {
    fn start() -> Self {
        let driver = tool("CHROMEDRIVER", &["chromedriver"]);
        let port = free_port();
        let profile = std::env::temp_dir().join(format!(
            "dashboard-browser-test-{}-{port}",
            std::process::id()
        ));
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            // Its own process group: dropping it ends chromedriver and the Chromium it started.
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Chromedriver {
            child,
            port,
            profile,
        };
        wait_for_port(port, "chromedriver");
        driver
    }

    async fn connect(&self) -> Client {
        let chromium = tool(
            "CHROMIUM",
            &[
                "chromium",
                "chromium-browser",
                "google-chrome",
                "google-chrome-stable",
            ],
        );
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--hide-scrollbars",
                    "--window-size=1400,2300",
                    format!("--user-data-dir={}", self.profile.display()),
                ],
            }),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session")
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // The group's id is chromedriver's pid (`process_group(0)`); it is not reaped yet, so
        // the id still names this group. `--`: without it procps' kill reads `-<pid>` as an
        // option and signals nothing.
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("target/screenshots");
    dir
}

/// The charts' `data-drawn` and `data-points`, once all have drawn.
async fn wait_for_charts(browser: &Client) -> Result<Vec<(String, u64)>, String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let state = browser
            .execute(
                "return Array.from(document.querySelectorAll('[data-chart]')).map(e => \
                 [e.dataset.chart, e.dataset.drawn, Number(e.dataset.points || 0), \
                  e.querySelectorAll('svg.main-svg').length]);",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        let charts: Vec<(String, String, u64, u64)> =
            serde_json::from_value(state).map_err(|e| e.to_string())?;
        if charts.len() != CHART_COUNT {
            return Err(format!("expected {CHART_COUNT} charts: {charts:?}"));
        }
        if charts.iter().any(|c| c.1 == "error") {
            return Err(format!("a chart failed to draw: {charts:?}"));
        }
        if charts.iter().all(|c| c.1 == "true") {
            // Plotly really drew: each chart has its SVG.
            if charts.iter().any(|c| c.3 == 0) {
                return Err(format!("a chart has no SVG: {charts:?}"));
            }
            return Ok(charts.into_iter().map(|c| (c.0, c.2)).collect());
        }
        if Instant::now() > deadline {
            return Err(format!("charts not drawn after 30 s: {charts:?}"));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn text_of(browser: &Client, css: &str) -> String {
    match browser.find(Locator::Css(css)).await {
        Ok(element) => element.text().await.unwrap_or_default(),
        Err(error) => format!("<{css} not found: {error}>"),
    }
}

async fn save_screenshot(browser: &Client, name: &str) -> Result<PathBuf, String> {
    let png = browser.screenshot().await.map_err(|e| e.to_string())?;
    let path = screenshot_dir().join(name);
    std::fs::write(&path, png).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charts_draw_and_follow_the_filters_in_chromium() {
    // The app, on the real snapshot, on a free port.
    let store = Arc::new(common::snapshot_store().await);
    let state = AppState::new(store, Duration::from_secs(30), common::origin());
    let port = free_port();
    let app = dashboard::rocket(state);
    let figment = app
        .figment()
        .clone()
        .merge(("port", port))
        .merge(("address", "127.0.0.1"));
    let app = app.configure(figment).ignite().await.expect("ignites");
    let shutdown = app.shutdown();
    let server = tokio::spawn(app.launch());
    wait_for_port(port, "the dashboard");
    let base = format!("http://127.0.0.1:{port}");

    let driver = Chromedriver::start();
    let browser = driver.connect().await;
    let result = run(&browser, &base).await;
    let _ = browser.close().await;
    drop(driver);
    shutdown.notify();
    let _ = server.await;
    if let Err(message) = result {
        panic!("{message}");
    }
}

/// The browser part; errors are returned so the session is closed before the test fails.
async fn run(browser: &Client, base: &str) -> Result<(), String> {
    browser
        .goto(&format!("{base}/"))
        .await
        .map_err(|e| e.to_string())?;
    let before = wait_for_charts(browser).await?;
    let points =
        |charts: &[(String, u64)], id: &str| charts.iter().find(|c| c.0 == id).map_or(0, |c| c.1);
    if points(&before, "timeline") != 205 {
        return Err(format!("the timeline has every launch: {before:?}"));
    }
    if text_of(browser, "#figure-launches").await != "205" {
        return Err("headline before filtering".into());
    }
    let shot = save_screenshot(browser, "dashboard.png").await?;
    println!("screenshot: {}", shot.display());

    // Filter through the form, as a user would: pick a rocket, a start date, submit.
    browser
        .find(Locator::Css("select[name=rocket] option[value='Falcon 1']"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    // Typing into a date input depends on the browser's locale; set its value as a date picker would.
    browser
        .execute(
            "document.querySelector('input[name=from]').value = arguments[0];",
            vec![Value::String("2008-01-01".into())],
        )
        .await
        .map_err(|e| e.to_string())?;
    browser
        .find(Locator::Css("form.filters button[type=submit]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while !browser
        .current_url()
        .await
        .map_err(|e| e.to_string())?
        .as_str()
        .contains("rocket=Falcon+1")
    {
        if Instant::now() > deadline {
            return Err("the form did not navigate".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let url = browser.current_url().await.map_err(|e| e.to_string())?;
    if !url.as_str().contains("from=2008-01-01") {
        return Err(format!("the filter is in the URL: {url}"));
    }
    let after = wait_for_charts(browser).await?;
    // Falcon 1 from 2008: Trailblazer, RatSat, RazakSat.
    if points(&after, "timeline") != 3 || text_of(browser, "#figure-launches").await != "3" {
        return Err(format!("the charts follow the filter: {after:?}"));
    }
    if before == after {
        return Err("the charts changed".into());
    }
    save_screenshot(browser, "dashboard-filtered.png").await?;

    // The table and a launch page, from the same view.
    browser
        .goto(&format!("{base}/launches?rocket=Falcon+1&sort=-date"))
        .await
        .map_err(|e| e.to_string())?;
    save_screenshot(browser, "launches.png").await?;
    browser
        .find(Locator::Css("table.launches tbody a"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let heading = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("article.launch h1"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    if heading != "RazakSat" {
        return Err(format!("the newest Falcon 1 launch opens: {heading}"));
    }
    save_screenshot(browser, "launch.png").await?;
    Ok(())
}
