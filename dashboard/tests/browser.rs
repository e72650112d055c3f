//! The real browser: Debian's Chromium, headless, driven through chromedriver (WebDriver) by
//! fantoccini, against the app served on a free port by this test. It waits until every chart
//! has drawn, applies a filter through the form, sees the charts change, and saves screenshots
//! under `target/screenshots/`.
//!
//! Needs a Chromium or Chrome and its chromedriver on PATH (scripts/setup.sh installs Debian's
//! `chromium` and `chromium-driver`); `CHROMIUM` and `CHROMEDRIVER` override them.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::browser::{save_screenshot, text_of, wait_for_charts, Chromedriver, CHART_COUNT};
use dashboard::AppState;
use fantoccini::{Client, Locator};
use serde_json::Value;
use test_support::processes::{free_port, wait_for_port};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charts_draw_and_follow_the_filters_in_chromium() {
    // The app, on the real snapshot, on a free port.
    let store = Arc::new(common::snapshot_store().await);
    let state = AppState::new(store, Duration::from_secs(30), common::origin());
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
    assert!(
        wait_for_port(port, Duration::from_secs(20)),
        "the dashboard did not listen on {port}"
    );
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
    let before = wait_for_charts(browser, CHART_COUNT).await?;
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
    let after = wait_for_charts(browser, CHART_COUNT).await?;
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
