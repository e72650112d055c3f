//! Driving a real Chromium (headless, through chromedriver and fantoccini): shared by the
//! dashboard's browser and image tests and by the benchmark's first-view measurement.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::processes::{free_port, wait_for_port};

/// The overview's charts: five always, two more once history holds a NET change.
pub const CHART_COUNT: usize = 5;
pub const CHART_COUNT_WITH_HISTORY: usize = 7;

/// The first of `names` found on PATH.
pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// A browser tool: `$env` if set, else the first of `names` on PATH (Debian's chromium, or
/// the Chrome a CI runner brings).
pub fn tool(env: &str, names: &[&str]) -> PathBuf {
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
pub struct Chromedriver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Chromedriver {
    pub fn start() -> Self {
        let driver = tool("CHROMEDRIVER", &["chromedriver"]);
        let port = free_port().expect("a free port");
        let profile =
            std::env::temp_dir().join(format!("headless-chromium-{}-{port}", std::process::id()));
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
        assert!(
            wait_for_port(port, Duration::from_secs(20)),
            "chromedriver did not listen on {port}"
        );
        driver
    }

    pub async fn connect(&self) -> Client {
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

pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("target/screenshots");
    dir
}

/// The charts' `data-drawn` and `data-points`, once all `count` have drawn.
pub async fn wait_for_charts(browser: &Client, count: usize) -> Result<Vec<(String, u64)>, String> {
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
        if charts.len() != count {
            return Err(format!("expected {count} charts: {charts:?}"));
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

pub async fn text_of(browser: &Client, css: &str) -> String {
    match browser.find(Locator::Css(css)).await {
        Ok(element) => element.text().await.unwrap_or_default(),
        Err(error) => format!("<{css} not found: {error}>"),
    }
}

pub async fn save_screenshot(browser: &Client, name: &str) -> Result<PathBuf, String> {
    let png = browser.screenshot().await.map_err(|e| e.to_string())?;
    let path = screenshot_dir().join(name);
    std::fs::write(&path, png).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}
