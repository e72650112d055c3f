//! `/launches/<id>`: one launch.

use askama::Template;
use launches::Launch;

use super::layout::Layout;
use crate::charts::status_label;
use crate::format;

#[derive(Debug, Clone)]
pub struct CoreView {
    pub core: String,
    pub flight: String,
    pub reused: &'static str,
    pub landing_attempt: &'static str,
    pub landing_success: &'static str,
    pub landing_type: String,
}

#[derive(Debug, Clone)]
pub struct FailureView {
    pub time: String,
    pub altitude: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct LinkView {
    pub label: &'static str,
    pub url: String,
}

#[derive(Template)]
#[template(path = "launch.html")]
pub struct LaunchPage {
    pub layout: Layout,
    pub name: String,
    pub flight: u32,
    pub date: String,
    pub date_utc: String,
    pub precision: &'static str,
    pub status: &'static str,
    pub status_label: &'static str,
    pub rocket: String,
    pub rocket_url: String,
    pub site: String,
    pub site_full_name: Option<String>,
    pub site_locality: Option<String>,
    pub details: Option<String>,
    pub failures: Vec<FailureView>,
    pub payload_count: u32,
    pub payload_mass: String,
    pub orbits: String,
    pub crew_count: u32,
    pub cores: Vec<CoreView>,
    pub links: Vec<LinkView>,
    /// Only an http(s) URL ([`format::safe_url`]).
    pub patch: Option<String>,
    pub synced_at: String,
}

fn or_dash(value: Option<String>) -> String {
    value
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "–".to_owned())
}

impl LaunchPage {
    pub fn new(mut layout: Layout, launch: &Launch) -> Self {
        layout.title = launch.name.clone();
        let links = [
            ("Webcast", launch.links.webcast.as_deref()),
            ("Wikipedia", launch.links.wikipedia.as_deref()),
            ("Article", launch.links.article.as_deref()),
            ("Mission patch", launch.links.patch_large.as_deref()),
        ]
        .into_iter()
        .filter_map(|(label, url)| format::safe_url(url).map(|url| LinkView { label, url }))
        .collect();
        let rocket_query = form_urlencoded::Serializer::new(String::new())
            .append_pair("rocket", &launch.rocket_name)
            .finish();
        LaunchPage {
            layout,
            name: launch.name.clone(),
            flight: launch.flight_number,
            date: format::launch_date(&launch.date_utc, launch.date_precision),
            date_utc: launch.date_utc.clone(),
            precision: launch.date_precision.as_str(),
            status: launch.status.as_str(),
            status_label: status_label(launch.status),
            rocket: launch.rocket_name.clone(),
            rocket_url: format!("/launches?{rocket_query}"),
            site: launch.launchpad_name.clone(),
            site_full_name: launch.launchpad_full_name.clone(),
            site_locality: launch.launchpad_locality.clone(),
            details: launch.details.clone(),
            failures: launch
                .failures
                .iter()
                .map(|f| FailureView {
                    time: f
                        .time
                        .map(|t| format!("T+{t} s"))
                        .unwrap_or_else(|| "–".into()),
                    altitude: f
                        .altitude
                        .map(|a| format!("{a} km"))
                        .unwrap_or_else(|| "–".into()),
                    reason: or_dash(f.reason.clone()),
                })
                .collect(),
            payload_count: launch.payload_count,
            payload_mass: format::kilograms(launch.payload_mass_kg),
            orbits: or_dash(Some(launch.orbits.join(", "))),
            crew_count: launch.crew_count,
            cores: launch
                .cores
                .iter()
                .map(|c| CoreView {
                    core: or_dash(c.core_id.clone()),
                    flight: c
                        .flight
                        .map(|f| f.to_string())
                        .unwrap_or_else(|| "–".into()),
                    reused: format::yes_no(c.reused),
                    landing_attempt: format::yes_no(c.landing_attempt),
                    landing_success: format::yes_no(c.landing_success),
                    landing_type: or_dash(c.landing_type.clone()),
                })
                .collect(),
            links,
            patch: format::safe_url(
                launch
                    .links
                    .patch_small
                    .as_deref()
                    .or(launch.links.patch_large.as_deref()),
            ),
            synced_at: or_dash(Some(launch.synced_at.clone())),
        }
    }
}
