//! How figures and dates read on the page.

use chrono::{DateTime, Datelike, Utc};
use launches::DatePrecision;

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
