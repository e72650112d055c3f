//! How figures and dates read on the page.

use chrono::{DateTime, Datelike, Utc};
use launches::model::NetPrecision;
use launches::{DatePrecision, Launch, LaunchStatus};

/// A launch date as precisely as the source knows it: an upcoming launch may only be known to
/// the month or the quarter, and showing "2022-10-01 00:00" for "some time in Q4" would lie.
pub fn launch_date(date_utc: &str, precision: DatePrecision) -> String {
    let Some(date) = DateTime::parse_from_rfc3339(date_utc)
        .ok()
        .map(|d| d.with_timezone(&Utc))
    else {
        return date_utc.to_owned();
    };
    match precision {
        DatePrecision::Hour => date.format("%Y-%m-%d %H:%M UTC").to_string(),
        DatePrecision::Day => date.format("%Y-%m-%d").to_string(),
        DatePrecision::Month => date.format("%B %Y").to_string(),
        DatePrecision::Quarter => format!("Q{} {}", (date.month() - 1) / 3 + 1, date.year()),
        DatePrecision::Half => format!("H{} {}", (date.month() - 1) / 6 + 1, date.year()),
        DatePrecision::Year => date.year().to_string(),
    }
}

/// A date as precisely as LL2 knows it (its NET precision), else as [`launch_date`] gives it.
/// An upcoming launch's date is a NET, "no earlier than": "NET November 2026", "NET Q4 2026",
/// "NET 2026-08-25 05:49 UTC".
pub fn net_date(
    date_utc: &str,
    date_precision: DatePrecision,
    net_precision: Option<NetPrecision>,
    status: LaunchStatus,
) -> String {
    let text = match (
        net_precision,
        DateTime::parse_from_rfc3339(date_utc).map(|d| d.with_timezone(&Utc)),
    ) {
        (Some(precision), Ok(date)) => fine_date(date, precision),
        _ => launch_date(date_utc, date_precision),
    };
    if status == LaunchStatus::Upcoming {
        format!("NET {text}")
    } else {
        text
    }
}

/// A launch's date, as [`net_date`] gives it.
pub fn date_of(launch: &Launch) -> String {
    net_date(
        &launch.date_utc,
        launch.date_precision,
        launch.net_precision,
        launch.status,
    )
}

fn fine_date(date: DateTime<Utc>, precision: NetPrecision) -> String {
    match precision {
        NetPrecision::Second => date.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        NetPrecision::Minute => date.format("%Y-%m-%d %H:%M UTC").to_string(),
        NetPrecision::Hour => date.format("%Y-%m-%d around %H:00 UTC").to_string(),
        NetPrecision::Morning => date.format("%Y-%m-%d (morning, local time)").to_string(),
        NetPrecision::Afternoon => date.format("%Y-%m-%d (afternoon, local time)").to_string(),
        NetPrecision::Day => date.format("%Y-%m-%d").to_string(),
        NetPrecision::Week => date.format("the week of %Y-%m-%d").to_string(),
        NetPrecision::Month => date.format("%B %Y").to_string(),
        NetPrecision::Quarter1 => format!("Q1 {}", date.year()),
        NetPrecision::Quarter2 => format!("Q2 {}", date.year()),
        NetPrecision::Quarter3 => format!("Q3 {}", date.year()),
        NetPrecision::Quarter4 => format!("Q4 {}", date.year()),
        NetPrecision::Half1 => format!("H1 {}", date.year()),
        NetPrecision::Half2 => format!("H2 {}", date.year()),
        NetPrecision::Year => date.year().to_string(),
        NetPrecision::FiscalYear => format!("fiscal year {}", date.year()),
        NetPrecision::Decade => format!("the {}s", date.year() / 10 * 10),
    }
}

/// The precision of a date in words: LL2's when it gave the date, else the coarse one.
pub fn precision_label(date_precision: DatePrecision, net: Option<NetPrecision>) -> &'static str {
    match net {
        None => date_precision.as_str(),
        Some(NetPrecision::Second) => "second",
        Some(NetPrecision::Minute) => "minute",
        Some(NetPrecision::Hour) => "hour",
        Some(NetPrecision::Morning) => "morning",
        Some(NetPrecision::Afternoon) => "afternoon",
        Some(NetPrecision::Day) => "day",
        Some(NetPrecision::Week) => "week",
        Some(NetPrecision::Month) => "month",
        Some(
            NetPrecision::Quarter1
            | NetPrecision::Quarter2
            | NetPrecision::Quarter3
            | NetPrecision::Quarter4,
        ) => "quarter",
        Some(NetPrecision::Half1 | NetPrecision::Half2) => "half year",
        Some(NetPrecision::Year) => "year",
        Some(NetPrecision::FiscalYear) => "fiscal year",
        Some(NetPrecision::Decade) => "decade",
    }
}

/// A stored timestamp (RFC 3339) as [`timestamp`] writes it; other text as it is.
pub fn stored_timestamp(text: &str) -> String {
    DateTime::parse_from_rfc3339(text)
        .map(|date| timestamp(date.with_timezone(&Utc)))
        .unwrap_or_else(|_| text.to_owned())
}

/// A rate in `[0, 1]` as a percentage with one decimal, or a dash when there is none.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".to_owned(), |r| format!("{:.1} %", r * 100.0))
}

/// A timestamp for banners and the footer.
pub fn timestamp(date: DateTime<Utc>) -> String {
    date.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// `url` if it is an absolute http(s) URL, else `None`: escaping stops markup, not a
/// `javascript:` link, so links from the source are only ever rendered with these schemes.
pub fn safe_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.to_owned())
}

/// A mass in kilograms, grouped by thousands.
pub fn kilograms(kg: f64) -> String {
    if kg <= 0.0 {
        return "–".to_owned();
    }
    let whole = kg.round() as u64;
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    format!("{grouped} kg")
}

/// Optional booleans of the source (`reused`, `landing_success`, ...).
pub fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "–",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_respect_their_precision() {
        let date = "2022-11-15T16:30:00.000Z";
        assert_eq!(
            launch_date(date, DatePrecision::Hour),
            "2022-11-15 16:30 UTC"
        );
        assert_eq!(launch_date(date, DatePrecision::Day), "2022-11-15");
        assert_eq!(launch_date(date, DatePrecision::Month), "November 2022");
        assert_eq!(launch_date(date, DatePrecision::Quarter), "Q4 2022");
        assert_eq!(launch_date(date, DatePrecision::Half), "H2 2022");
        assert_eq!(launch_date(date, DatePrecision::Year), "2022");
        assert_eq!(launch_date("soon", DatePrecision::Day), "soon");
    }

    #[test]
    fn net_dates_say_as_much_as_ll2_knows() {
        let net = |date: &str, precision, status| {
            net_date(date, DatePrecision::Hour, Some(precision), status)
        };
        use LaunchStatus::{Success, Upcoming};
        assert_eq!(
            net("2026-08-25T05:49:00.000Z", NetPrecision::Minute, Upcoming),
            "NET 2026-08-25 05:49 UTC"
        );
        assert_eq!(
            net("2026-08-25T05:49:07.000Z", NetPrecision::Second, Success),
            "2026-08-25 05:49:07 UTC"
        );
        // LL2 dates a month, quarter or year by its last day.
        assert_eq!(
            net("2026-11-30T00:00:00.000Z", NetPrecision::Month, Upcoming),
            "NET November 2026"
        );
        assert_eq!(
            net("2026-12-31T00:00:00.000Z", NetPrecision::Quarter4, Upcoming),
            "NET Q4 2026"
        );
        assert_eq!(
            net("2026-12-31T00:00:00.000Z", NetPrecision::Half2, Upcoming),
            "NET H2 2026"
        );
        assert_eq!(
            net("2026-12-31T00:00:00.000Z", NetPrecision::Year, Upcoming),
            "NET 2026"
        );
        // Without LL2's precision, v4's.
        assert_eq!(
            net_date(
                "2022-11-01T00:00:00.000Z",
                DatePrecision::Month,
                None,
                Upcoming
            ),
            "NET November 2022"
        );
        assert_eq!(
            precision_label(DatePrecision::Quarter, Some(NetPrecision::Quarter4)),
            "quarter"
        );
        assert_eq!(precision_label(DatePrecision::Day, None), "day");
    }

    #[test]
    fn only_http_links_are_kept() {
        assert_eq!(
            safe_url(Some("https://youtu.be/x")),
            Some("https://youtu.be/x".into())
        );
        assert_eq!(safe_url(Some("javascript:alert(1)")), None);
        assert_eq!(safe_url(Some(" JavaScript:alert(1)")), None);
        assert_eq!(safe_url(Some("data:text/html,x")), None);
        assert_eq!(safe_url(None), None);
    }

    #[test]
    fn figures() {
        assert_eq!(percent(Some(0.9733)), "97.3 %");
        assert_eq!(percent(None), "–");
        assert_eq!(kilograms(15600.0), "15\u{202f}600 kg");
        assert_eq!(kilograms(0.0), "–");
    }
}
