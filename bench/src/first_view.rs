//! The dashboard's first view in headless Chromium: time from navigation until every chart has
//! drawn (each chart notes `performance.now()` in `data-drawn-at` when Plotly is done), and the
//! bytes transferred for it. Every run is a new browser with an empty profile: nothing cached.

use anyhow::Context;
use test_support::browser::{wait_for_charts, Chromedriver, CHART_COUNT};

#[derive(Debug, Clone, Default)]
pub struct FirstView {
    /// Until every chart had drawn: the figure measured.
    pub drawn_ms: Vec<f64>,
    /// Where the time goes, per run (milliseconds since navigation started).
    pub marks: Vec<Marks>,
    /// Bytes on the wire (headers included), the page and every resource it loaded.
    pub bytes: u64,
    pub requests: u64,
}

/// Milestones of one page load.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Marks {
    /// The HTML has arrived.
    pub page_loaded: f64,
    /// The HTML is parsed (`domInteractive`).
    pub dom_parsed: f64,
    /// The last script (plotly.js) has arrived.
    pub scripts_loaded: f64,
    /// plotly.js has run and the page's script starts drawing.
    pub draw_start: f64,
    /// The first chart has drawn.
    pub first_chart: f64,
    pub last_chart: f64,
}

/// A milestone's label, and how to read it.
pub type Milestone = (&'static str, fn(&Marks) -> f64);

/// The milestones in the order they happen.
pub const MILESTONES: [Milestone; 6] = [
    ("the HTML has arrived", |m| m.page_loaded),
    ("the HTML is parsed", |m| m.dom_parsed),
    ("the scripts (plotly.js) have arrived", |m| m.scripts_loaded),
    ("plotly.js has run; drawing starts", |m| m.draw_start),
    ("the first chart has drawn", |m| m.first_chart),
    ("the last chart has drawn", |m| m.last_chart),
];

#[derive(serde::Deserialize)]
struct Measured {
    marks: Marks,
    bytes: u64,
    requests: u64,
}

const MEASURE: &str = "
const times = Array.from(document.querySelectorAll('[data-chart]'))
  .map(e => Number(e.dataset.drawnAt));
const page = performance.getEntriesByType('navigation')[0];
const resources = performance.getEntriesByType('resource');
const scripts = resources.filter(r => r.initiatorType === 'script').map(r => r.responseEnd);
return {
  marks: {
    page_loaded: page.responseEnd,
    dom_parsed: page.domInteractive,
    scripts_loaded: Math.max(0, ...scripts),
    draw_start: (performance.getEntriesByName('dashboard:draw-start')[0] || {startTime: 0}).startTime,
    first_chart: Math.min(...times),
    last_chart: Math.max(...times),
  },
  bytes: resources.reduce((sum, r) => sum + r.transferSize, page.transferSize),
  requests: 1 + resources.length,
};";

pub async fn first_view(url: &str, runs: usize) -> anyhow::Result<FirstView> {
    let mut view = FirstView::default();
    for _ in 0..runs.max(1) {
        let driver = Chromedriver::start();
        let browser = driver.connect().await;
        let measured = async {
            browser.goto(url).await?;
            // The table's syncs change no NET: the five charts, without history's two.
            wait_for_charts(&browser, CHART_COUNT)
                .await
                .map_err(anyhow::Error::msg)?;
            let answer = browser.execute(MEASURE, vec![]).await?;
            anyhow::Ok(answer)
        }
        .await;
        let _ = browser.close().await;
        let answer = measured.with_context(|| format!("measuring the first view of {url}"))?;
        let measured: Measured = serde_json::from_value(answer.clone())
            .with_context(|| format!("the page answered {answer}"))?;
        let drawn = measured.marks.last_chart;
        anyhow::ensure!(
            drawn.is_finite() && drawn > 0.0,
            "no chart noted when it drew: {answer}"
        );
        view.drawn_ms.push(drawn);
        view.marks.push(measured.marks);
        // The same page every run; the last run's bytes are reported.
        view.bytes = measured.bytes;
        view.requests = measured.requests;
    }
    Ok(view)
}
