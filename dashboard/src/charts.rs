//! The charts as Plotly figures (`{data, layout}`), built on the server: `static/dashboard.js`
//! only hands each one to `Plotly.newPlot`, so what a chart shows is decided and tested here.
//!
//! Text from the source goes into the figures entity-escaped: Plotly renders a subset of HTML
//! in labels and hover text (`<b>`, `<a href>`...), and decodes entities back to characters,
//! so a launch named `<b>x</b>` shows exactly that, as text.

use launches::stats::{GroupCount, LaunchStats, StatusCounts};
use launches::{Launch, LaunchStatus};
use serde::Serialize;
use serde_json::{json, Value};

/// One chart of the overview page.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// The element id suffix and the key in the page's chart data.
    pub id: &'static str,
    pub title: &'static str,
    #[serde(skip)]
    pub figure: Value,
}

pub fn status_label(status: LaunchStatus) -> &'static str {
    match status {
        LaunchStatus::Success => "Success",
        LaunchStatus::Failure => "Failure",
        LaunchStatus::PartialFailure => "Partial failure",
        LaunchStatus::Upcoming => "Upcoming",
        LaunchStatus::Unknown => "Unknown",
    }
}

pub fn status_color(status: LaunchStatus) -> &'static str {
    match status {
        LaunchStatus::Success => "#2e7d32",
        LaunchStatus::Failure => "#c62828",
        LaunchStatus::PartialFailure => "#ef6c00",
        LaunchStatus::Upcoming => "#1565c0",
        LaunchStatus::Unknown => "#9e9e9e",
    }
}

/// Escapes text for Plotly's label renderer.
pub fn plotly_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The figure layout every chart shares, with `extra` on top.
pub(crate) fn layout(extra: Value) -> Value {
    let mut base = json!({
        "autosize": true,
        "margin": {"t": 10, "r": 10, "b": 60, "l": 50},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12},
        "legend": {"orientation": "h", "y": -0.2},
    });
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
    base
}

/// Statuses that occur in `counts`, so that a view without failures has no empty legend entry.
fn present(counts: &StatusCounts) -> impl Iterator<Item = LaunchStatus> + '_ {
    LaunchStatus::ALL.into_iter().filter(|s| counts.get(*s) > 0)
}

pub fn per_month(stats: &LaunchStats) -> Chart {
    let months: Vec<&str> = stats.per_month.iter().map(|m| m.month.as_str()).collect();
    let data: Vec<Value> = present(&stats.status_counts)
        .map(|status| {
            json!({
                "type": "bar",
                "name": status_label(status),
                "x": months,
                "y": stats.per_month.iter().map(|m| m.counts.get(status)).collect::<Vec<_>>(),
                "xperiod": "M1",
                "xperiodalignment": "middle",
                "marker": {"color": status_color(status)},
                "hovertemplate": format!("%{{x|%B %Y}}: %{{y}} {}<extra></extra>", status.as_str()),
            })
        })
        .collect();
    Chart {
        id: "per-month",
        title: "Launches per month, by outcome",
        figure: json!({
            "data": data,
            "layout": layout(json!({
                "barmode": "stack",
                "xaxis": {"type": "date"},
                "yaxis": {"title": {"text": "Launches"}, "rangemode": "tozero"},
            })),
        }),
    }
}

pub fn per_site(stats: &LaunchStats, launches: &[&Launch]) -> Chart {
    let names: Vec<String> = stats
        .per_site
        .iter()
        .map(|s| plotly_text(&s.name))
        .collect();
    // The full name ("Kennedy Space Center Historic Launch Complex 39A") goes in the hover.
    let full_names: Vec<String> = stats
        .per_site
        .iter()
        .map(|site| {
            launches
                .iter()
                .find(|l| l.launchpad_name == site.name)
                .and_then(|l| l.launchpad_full_name.as_deref())
                .map(plotly_text)
                .unwrap_or_else(|| plotly_text(&site.name))
        })
        .collect();
    let data: Vec<Value> = present(&stats.status_counts)
        .map(|status| {
            json!({
                "type": "bar",
                "name": status_label(status),
                "x": names,
                "y": stats.per_site.iter().map(|s| s.counts.get(status)).collect::<Vec<_>>(),
                "customdata": full_names,
                "marker": {"color": status_color(status)},
                "hovertemplate": format!("%{{customdata}}<br>%{{y}} {}<extra></extra>", status.as_str()),
            })
        })
        .collect();
    Chart {
        id: "per-site",
        title: "Launches per launch site",
        figure: json!({
            "data": data,
            "layout": layout(json!({
                "barmode": "stack",
                "xaxis": {"type": "category"},
                "yaxis": {"title": {"text": "Launches"}, "rangemode": "tozero"},
            })),
        }),
    }
}

pub fn timeline(launches: &[&Launch]) -> Chart {
    let data: Vec<Value> = LaunchStatus::ALL
        .into_iter()
        .filter_map(|status| {
            let points: Vec<&Launch> = launches
                .iter()
                .copied()
                .filter(|l| l.status == status)
                .collect();
            (!points.is_empty()).then(|| {
                json!({
                    "type": "scatter",
                    "mode": "markers",
                    "name": status_label(status),
                    "x": points.iter().map(|l| l.date_utc.as_str()).collect::<Vec<_>>(),
                    "y": points.iter().map(|l| plotly_text(&l.rocket_name)).collect::<Vec<_>>(),
                    "text": points.iter().map(|l| plotly_text(&l.name)).collect::<Vec<_>>(),
                    // The launch id: a click on a point opens its page.
                    "customdata": points.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
                    "marker": {"color": status_color(status), "size": 9, "opacity": 0.8},
                    "hovertemplate": "%{text}<br>%{x|%Y-%m-%d}<br>%{y}<extra></extra>",
                })
            })
        })
        .collect();
    Chart {
        id: "timeline",
        title: "Timeline (click a launch to open it)",
        figure: json!({
            "data": data,
            "layout": layout(json!({
                "hovermode": "closest",
                "xaxis": {"type": "date"},
                "yaxis": {"type": "category", "automargin": true},
            })),
        }),
    }
}

pub fn status_shares(stats: &LaunchStats) -> Chart {
    let statuses: Vec<LaunchStatus> = present(&stats.status_counts).collect();
    Chart {
        id: "status-shares",
        title: "Mission status shares",
        figure: json!({
            "data": [{
                "type": "pie",
                "hole": 0.45,
                "sort": false,
                "labels": statuses.iter().map(|s| status_label(*s)).collect::<Vec<_>>(),
                "values": statuses.iter().map(|s| stats.status_counts.get(*s)).collect::<Vec<_>>(),
                "marker": {"colors": statuses.iter().map(|s| status_color(*s)).collect::<Vec<_>>()},
                "textinfo": "label+percent",
                "hovertemplate": "%{label}: %{value} launches (%{percent})<extra></extra>",
            }],
            "layout": layout(json!({"showlegend": false})),
        }),
    }
}

pub fn rocket_success(stats: &LaunchStats) -> Chart {
    // A rocket with no decided outcome yet has no rate: it is left out rather than shown as 0 %.
    let rated: Vec<&GroupCount> = stats
        .per_rocket
        .iter()
        .filter(|r| r.success_rate.is_some())
        .collect();
    Chart {
        id: "rocket-success",
        title: "Success rate by rocket",
        figure: json!({
            "data": [{
                "type": "bar",
                "x": rated.iter().map(|r| plotly_text(&r.name)).collect::<Vec<_>>(),
                "y": rated.iter().map(|r| r.success_rate.map(|v| (v * 1000.0).round() / 10.0)).collect::<Vec<_>>(),
                "text": rated.iter().map(|r| format!("{} of {}", r.counts.success, r.counts.decided())).collect::<Vec<_>>(),
                "textposition": "auto",
                "marker": {"color": "#37474f"},
                "hovertemplate": "%{x}: %{y:.1f} % (%{text})<extra></extra>",
            }],
            "layout": layout(json!({
                "xaxis": {"type": "category"},
                "yaxis": {"title": {"text": "Success rate"}, "range": [0, 100], "ticksuffix": " %"},
            })),
        }),
    }
}

/// The overview's charts, in page order.
pub fn overview(stats: &LaunchStats, launches: &[&Launch]) -> Vec<Chart> {
    vec![
        per_month(stats),
        per_site(stats, launches),
        timeline(launches),
        status_shares(stats),
        rocket_success(stats),
    ]
}

/// The figures as one JSON object keyed by chart id, safe to place inside a
/// `<script type="application/json">` element: `<`, `>` and `&` are written as `\u003c`...,
/// which JSON reads back as the same characters, so no data can close the element.
pub fn script_json(charts: &[Chart]) -> String {
    let figures: serde_json::Map<String, Value> = charts
        .iter()
        .map(|c| (c.id.to_owned(), c.figure.clone()))
        .collect();
    escape_script_json(&Value::Object(figures).to_string())
}

pub fn escape_script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_element() {
        let json = serde_json::to_string(&json!({"name": "</script><script>alert(1)</script>"}))
            .unwrap_or_default();
        let escaped = escape_script_json(&json);
        assert!(!escaped.contains('<'));
        let back: Value = serde_json::from_str(&escaped).unwrap_or_default();
        assert_eq!(back["name"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn plotly_text_is_entity_escaped() {
        assert_eq!(plotly_text("<b>A & B</b>"), "&lt;b&gt;A &amp; B&lt;/b&gt;");
    }
}
