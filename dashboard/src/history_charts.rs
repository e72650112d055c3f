//! The overview's charts that only history can draw: NET changes per month, and how far launches
//! flew from the NET announced some days before. Plotly figures, as in [`crate::charts`].

use launches::history::MonthSlips;
use serde_json::json;

use crate::charts::{layout, Chart};

/// The announced NET the error chart compares with: this many days before the launch.
pub const ANNOUNCED_DAYS_BEFORE: i64 = 30;

/// NET changes seen per month: moved later (slips) and moved earlier.
pub fn slips_per_month(months: &[MonthSlips]) -> Chart {
    let x: Vec<&str> = months.iter().map(|m| m.month.as_str()).collect();
    Chart {
        id: "slips-per-month",
        title: "NET changes per month observed",
        figure: json!({
            "data": [
                {
                    "type": "bar", "name": "moved later", "x": x,
                    "y": months.iter().map(|m| m.later).collect::<Vec<_>>(),
                    "xperiod": "M1", "xperiodalignment": "middle",
                    "marker": {"color": "#d62728"},
                    "hovertemplate": "%{x|%B %Y}: %{y} moved later<extra></extra>",
                },
                {
                    "type": "bar", "name": "moved earlier", "x": x,
                    "y": months.iter().map(|m| m.earlier).collect::<Vec<_>>(),
                    "xperiod": "M1", "xperiodalignment": "middle",
                    "marker": {"color": "#1f77b4"},
                    "hovertemplate": "%{x|%B %Y}: %{y} moved earlier<extra></extra>",
                },
            ],
            "layout": layout(json!({
                "barmode": "stack",
                "xaxis": {"type": "date"},
                "yaxis": {"title": {"text": "NET changes"}, "rangemode": "tozero"},
            })),
        }),
    }
}

/// The distribution of (launch date - NET announced [`ANNOUNCED_DAYS_BEFORE`] days before), in
/// days, over the launches that flew.
pub fn announced_error(errors_days: &[f64]) -> Chart {
    Chart {
        id: "announced-error",
        title: "Launch date minus the NET announced 30 days before (days)",
        figure: json!({
            "data": [{
                "type": "histogram",
                "x": errors_days,
                "xbins": {"size": 1},
                "marker": {"color": "#2ca02c"},
                "hovertemplate": "%{x} days: %{y} launches<extra></extra>",
            }],
            "layout": layout(json!({
                "xaxis": {"title": {"text": "days later than announced (negative: earlier)"}},
                "yaxis": {"title": {"text": "Launches"}, "rangemode": "tozero"},
            })),
        }),
    }
}
