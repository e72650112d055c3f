//! `/launches/<id>`: one launch.

use askama::Template;
use launches::model::Source;
use launches::Launch;

use super::launch_history::HistoryView;
use super::layout::Layout;
use super::overview::{encode_segment, source_label};
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
    /// The source's own status (LL2's), e.g. "Partial Failure", "TBD", "In Flight".
    pub status_detail: Option<&'static str>,
    /// Why the status is what it is, when that is not plain (a stale source's past launch).
    pub status_note: Option<String>,
    /// e.g. "SpaceX API v4 and Launch Library 2".
    pub sources: String,
    /// LL2's record (only an http(s) URL).
    pub ll2_url: Option<String>,
    pub ll2_id: Option<String>,
    pub ll2_last_updated: Option<String>,
    /// The SpaceX API v4 id and that launch in the v4 API.
    pub spacex_id: Option<String>,
    pub spacex_url: Option<String>,
    pub mission_type: Option<String>,
    pub rocket: String,
    pub rocket_full_name: Option<String>,
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
    /// Its change history, when the store keeps one.
    pub history: Option<HistoryView>,
    /// The provider LL2 moved the launch to, when it is no longer SpaceX's.
    pub moved_to: Option<String>,
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
        // A row written before LL2 says nothing of its sources: its id is the v4 id.
        let spacex_id = launch.spacex_id.clone().or_else(|| {
            (launch.sources.contains(Source::SpacexV4) && !launch.sources.contains(Source::Ll2))
                .then(|| launch.id.clone())
        });
        let rocket_query = form_urlencoded::Serializer::new(String::new())
            .append_pair("rocket", &launch.rocket_name)
            .finish();
        LaunchPage {
            layout,
            name: launch.name.clone(),
            flight: launch.flight_number,
            date: format::date_of(launch),
            date_utc: launch.date_utc.clone(),
            precision: format::precision_label(launch.date_precision, launch.net_precision),
            status: launch.status.as_str(),
            status_label: status_label(launch.status),
            status_detail: launch.status_detail.map(|s| s.label()),
            status_note: launch.status_note.clone(),
            sources: launch
                .sources
                .as_slice()
                .iter()
                .map(|s| source_label(*s))
                .collect::<Vec<_>>()
                .join(" and "),
            ll2_url: format::safe_url(launch.ll2_url.as_deref()),
            ll2_id: launch.ll2_id.clone(),
            ll2_last_updated: launch
                .ll2_last_updated
                .as_deref()
                .map(format::stored_timestamp),
            spacex_url: spacex_id.as_deref().map(|id| {
                format!(
                    "{}/v4/launches/{}",
                    launches::spacex::DEFAULT_BASE_URL,
                    encode_segment(id)
                )
            }),
            spacex_id,
            mission_type: launch.mission_type.clone(),
            rocket: launch.rocket_name.clone(),
            rocket_full_name: launch.rocket_full_name.clone(),
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
            history: None,
            moved_to: launch.provider.clone(),
        }
    }
}
