//! History in the real browser (headless Chromium through chromedriver): on the embedded store
//! filled by replaying the weekly LL2 snapshots (as `make run` does), the overview draws its two
//! history charts beside the others and lists the most-slipped launches, and a launch page shows
//! its timeline. Screenshots go to `target/screenshots/history-*.png`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use dashboard::{AppState, Clock, DataOrigin};
use fantoccini::{Client, Locator};
use launches::history::replay::{replay, snapshots_in};
use launches::MemoryStore;
use test_support::browser::{save_screenshot, text_of, Chromedriver};
use test_support::processes::{free_port, wait_for_port};

const RIVADA_10: &str = "511a3ef8-799e-4723-9293-b954d9d2eb83";
/// The overview's five charts and the two only history can draw.
const CHARTS: [&str; 7] = [
    "per-month",
    "per-site",
    "timeline",
    "status-shares",
    "rocket-success",
    "slips-per-month",
    "announced-error",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeline_and_the_history_charts_show_in_chromium() {
    let store = MemoryStore::new();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/ll2/history/snapshots");
    replay(&snapshots_in(&dir).expect("snapshots"), &store)
        .await
        .expect("replay");
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-08-23T00:00:00Z")
        .expect("time")
        .with_timezone(&Utc);
    let origin = DataOrigin {
        description: "replayed weekly snapshots".into(),
        notice: None,
    };
    let state = AppState::new(Arc::new(store), Duration::from_secs(30), origin)
        .with_clock(Clock::Fixed(now));
    let port = free_port().expect("a free port");
    let app = dashboard::rocket(state);
    let figment = app
        .figment()
        .clone()
        .merge(("port", port))
        .merge(("address", "127.0.0.1"));
    let app = app.configure(figment).ignite().await.expect("ignites");
    let shutdown = app.shutdown();
    let server = tokio::spawn(app.launch());
    assert!(wait_for_port(port, Duration::from_secs(20)));
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

/// Each chart's id, once every chart has drawn its SVG.
async fn drawn_charts(browser: &Client) -> Result<Vec<String>, String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let state = browser
            .execute(
                "return Array.from(document.querySelectorAll('[data-chart]')).map(e => \
                 [e.dataset.chart, e.dataset.drawn, e.querySelectorAll('svg.main-svg').length]);",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        let charts: Vec<(String, String, u64)> =
            serde_json::from_value(state).map_err(|e| e.to_string())?;
        if charts.iter().any(|c| c.1 == "error") {
            return Err(format!("a chart failed to draw: {charts:?}"));
        }
        if !charts.is_empty() && charts.iter().all(|c| c.1 == "true" && c.2 > 0) {
            return Ok(charts.into_iter().map(|c| c.0).collect());
        }
        if Instant::now() > deadline {
            return Err(format!("charts not drawn after 30 s: {charts:?}"));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn run(browser: &Client, base: &str) -> Result<(), String> {
    browser
        .goto(&format!("{base}/"))
        .await
        .map_err(|e| e.to_string())?;
    let charts = drawn_charts(browser).await?;
    if charts != CHARTS {
        return Err(format!("the overview's charts: {charts:?}"));
    }
    let slipped = text_of(browser, "#most-slipped tbody").await;
    if !slipped.contains("Rivada 10") {
        return Err(format!("the most-slipped launches: {slipped}"));
    }
    let shot = save_screenshot(browser, "history-overview.png").await?;
    println!("screenshot: {}", shot.display());

    browser
        .goto(&format!("{base}/launches/{RIVADA_10}"))
        .await
        .map_err(|e| e.to_string())?;
    let summary = text_of(browser, "#history-summary").await;
    // Rivada 10: first seen with NET 30 June 2026, next seen with NET 31 December 2026.
    if summary != "NET moved once, 184 days later than first announced" {
        return Err(format!("the launch's timeline: {summary}"));
    }
    let rows = browser
        .find_all(Locator::Css("#history tbody tr"))
        .await
        .map_err(|e| e.to_string())?;
    if rows.is_empty() {
        return Err("the timeline lists the changes".into());
    }
    save_screenshot(browser, "history-launch.png").await?;
    Ok(())
}
