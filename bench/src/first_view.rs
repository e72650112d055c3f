//! The dashboard's first view in headless Chromium: time from navigation until every chart has
//! drawn (each chart notes `performance.now()` in `data-drawn-at` when Plotly is done), and the
//! bytes transferred for it. Every run is a new browser with an empty profile: nothing cached.

use anyhow::Context;
use headless::{wait_for_charts, Chromedriver};

#[derive(Debug, Clone, Default)]
pub struct FirstView {
    pub drawn_ms: Vec<f64>,
    /// Bytes on the wire (headers included), the page and every resource it loaded.
    pub bytes: u64,
    pub requests: u64,
}

const MEASURE: &str = "
const charts = Array.from(document.querySelectorAll('[data-chart]'));
const drawn = Math.max(...charts.map(e => Number(e.dataset.drawnAt)));
const page = performance.getEntriesByType('navigation')[0];
const resources = performance.getEntriesByType('resource');
const bytes = resources.reduce((sum, r) => sum + r.transferSize, page ? page.transferSize : 0);
return [drawn, bytes, 1 + resources.length];";

pub async fn first_view(url: &str, runs: usize) -> anyhow::Result<FirstView> {
    let mut view = FirstView::default();
    for _ in 0..runs.max(1) {
        let driver = Chromedriver::start();
        let browser = driver.connect().await;
        let measured = async {
            browser.goto(url).await?;
            wait_for_charts(&browser)
                .await
                .map_err(anyhow::Error::msg)?;
            let answer = browser.execute(MEASURE, vec![]).await?;
            anyhow::Ok(answer)
        }
        .await;
        let _ = browser.close().await;
        let answer = measured.with_context(|| format!("measuring the first view of {url}"))?;
        let (drawn, bytes, requests): (f64, u64, u64) = serde_json::from_value(answer.clone())
            .with_context(|| format!("the page answered {answer}"))?;
        anyhow::ensure!(
            drawn.is_finite() && drawn > 0.0,
            "no chart noted when it drew: {answer}"
        );
        view.drawn_ms.push(drawn);
        // The same page every run; the last run's bytes are reported.
        view.bytes = bytes;
        view.requests = requests;
    }
    Ok(view)
}
