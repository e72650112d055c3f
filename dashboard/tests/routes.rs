//! Every route through Rocket's local client: pages, CSV, JSON, health, assets, errors,
//! escaping, headers, compression, and the stale-data banner.

mod common;

use std::io::Read;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Datelike, Utc};

use common::ll2_raw::{self, is_upcoming, mission_name, year};
use common::*;
use dashboard::AppState;
use launches::LaunchStatus;
use rocket::http::{ContentType, Header, Status};
use rocket::local::asynchronous::{Client, LocalResponse};
use serde_json::Value;

async fn get(client: &Client, uri: &str) -> (Status, Option<ContentType>, String) {
    let response = client.get(uri.to_owned()).dispatch().await;
    let status = response.status();
    let content_type = response.content_type();
    let body = response.into_string().await.unwrap_or_default();
    (status, content_type, body)
}

async fn get_json(client: &Client, uri: &str) -> (Status, Value) {
    let (status, content_type, body) = get(client, uri).await;
    assert_eq!(content_type, Some(ContentType::JSON), "{uri} answers JSON");
    let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}"));
    (status, json)
}

/// The text a browser would show for `html`'s character references (enough for these tests).
fn unescape_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|end| *end < 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn header(response: &LocalResponse<'_>, name: &str) -> String {
    response
        .headers()
        .get_one(name)
        .unwrap_or_default()
        .to_owned()
}

const CHART_IDS: [&str; 5] = [
    "per-month",
    "per-site",
    "timeline",
    "status-shares",
    "rocket-success",
];

#[rocket::async_test]
async fn overview_shows_headline_figures_and_every_chart() {
    let client = snapshot_client().await;
    let (status, content_type, body) = get(&client, "/").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(content_type, Some(ContentType::HTML));
    assert!(body.contains(r#"<span class="value" id="figure-launches">205</span>"#));
    // v4 still flags 18 launches upcoming, all dated 2022: past, so none is shown as upcoming
    // (docs/data-model.md).
    assert!(body.contains(r#"id="figure-upcoming">0</span>"#));
    // 181 successes of 186 decided.
    assert!(body.contains("97.3 %"), "success rate");
    assert!(body.contains("181 of 186"));
    // No launch of the archive is still to come: no next launch.
    assert!(body.contains("no upcoming launch in view"));
    for id in CHART_IDS {
        assert!(
            body.contains(&format!(r#"data-chart="{id}" data-drawn="false""#)),
            "chart {id}"
        );
    }
    // The figures ride along as JSON data, and every script is the app's own file.
    let data_start = body
        .find(r#"<script type="application/json" id="chart-data">"#)
        .expect("chart data element");
    let json_text = &body[data_start..]
        .split_once('>')
        .map(|(_, rest)| rest)
        .and_then(|rest| rest.split_once("</script>"))
        .map(|(json, _)| json)
        .expect("closed element");
    let figures: Value = serde_json::from_str(json_text).expect("chart data is JSON");
    for id in CHART_IDS {
        assert!(figures[id]["data"].is_array(), "figure {id}");
    }
    let timeline_points: usize = figures["timeline"]["data"]
        .as_array()
        .map(|traces| {
            traces
                .iter()
                .map(|t| t["x"].as_array().map_or(0, Vec::len))
                .sum()
        })
        .unwrap_or(0);
    assert_eq!(timeline_points, 205);
    for script in body.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap_or_default();
        assert!(
            tag.contains(r#"src="/static/"#) || tag.contains(r#"type="application/json""#),
            "no inline script: <script{tag}>"
        );
    }
    assert!(body.contains("plotly-basic.min.js"));
    assert!(!body.contains("cdn"), "no CDN");
}

#[rocket::async_test]
async fn filters_narrow_every_figure() {
    let client = snapshot_client().await;
    let (status, _, body) = get(&client, "/?rocket=Falcon+1").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains(r#"id="figure-launches">5</span>"#));
    assert!(body.contains(r#"<option value="Falcon 1" selected>"#));
    let (_, _, body) = get(&client, "/?from=2020-01-01&to=2020-12-31&status=success").await;
    assert!(body.contains(r#"id="figure-launches">26</span>"#));
    assert!(body.contains(r#"value="2020-01-01""#));
    // Unknown query parameters are ignored, not errors.
    let (status, _, _) = get(&client, "/?utm_source=mail").await;
    assert_eq!(status, Status::Ok);
    // A rocket nobody flew is an empty view, not an error.
    let (status, _, body) = get(&client, "/?rocket=Saturn+V").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains(r#"id="figure-launches">0</span>"#));
}

#[rocket::async_test]
async fn bad_parameters_are_400_naming_the_parameter() {
    let client = snapshot_client().await;
    let cases = [
        ("from=2020-02-30", "from"),
        ("to=yesterday", "to"),
        ("from=2021-01-01&to=2020-01-01", "from"),
        ("status=exploded", "status"),
    ];
    for (query, param) in cases {
        for page in ["/", "/launches", "/launches.csv"] {
            let uri = format!("{page}?{query}");
            let (status, content_type, body) = get(&client, &uri).await;
            assert_eq!(status, Status::BadRequest, "{uri}");
            assert_eq!(content_type, Some(ContentType::HTML), "{uri}");
            assert!(
                body.contains(&format!("invalid `{param}`")),
                "{uri}: {body}"
            );
        }
        for api in ["/api/launches", "/api/stats"] {
            let uri = format!("{api}?{query}");
            let (status, json) = get_json(&client, &uri).await;
            assert_eq!(status, Status::BadRequest, "{uri}");
            assert_eq!(json["error"]["param"], param, "{uri}");
            assert_eq!(json["error"]["status"], 400);
        }
    }
    let (status, _, body) = get(&client, "/launches?sort=payload").await;
    assert_eq!(status, Status::BadRequest);
    assert!(body.contains("invalid `sort`"));
}

#[rocket::async_test]
async fn the_launch_list_comes_in_pages() {
    let client = snapshot_client().await;
    let (status, first) = get_json(&client, "/api/launches?rocket=Falcon+9").await;
    assert_eq!(status, Status::Ok);
    let total = first["count"].as_u64().expect("count") as usize;
    assert!(total > 100, "{total} Falcon 9 launches");
    assert_eq!(first["launches"].as_array().expect("page").len(), 100);
    assert_eq!(first["offset"], 0);
    assert_eq!(
        first["next"],
        "/api/launches?rocket=Falcon+9&limit=100&offset=100"
    );

    // Following `next` to the end gives every launch of the view once, in date order.
    let mut ids = Vec::new();
    let mut page = first;
    loop {
        for launch in page["launches"].as_array().expect("page") {
            ids.push(launch["id"].as_str().expect("id").to_owned());
        }
        let Some(next) = page["next"].as_str().map(str::to_owned) else {
            break;
        };
        page = get_json(&client, &next).await.1;
    }
    assert_eq!(ids.len(), total);
    let (_, all) = get_json(&client, "/api/launches?rocket=Falcon+9&limit=1000").await;
    let all_ids: Vec<&str> = all["launches"]
        .as_array()
        .expect("all")
        .iter()
        .filter_map(|l| l["id"].as_str())
        .collect();
    assert_eq!(ids, all_ids);
    assert_eq!(all["next"], Value::Null);

    for (query, param) in [
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=many", "limit"),
        ("offset=-1", "offset"),
    ] {
        let (status, json) = get_json(&client, &format!("/api/launches?{query}")).await;
        assert_eq!(status, Status::BadRequest, "{query}");
        assert_eq!(json["error"]["param"], param, "{query}");
    }
}

#[rocket::async_test]
async fn unknown_launches_and_paths_are_404() {
    let client = snapshot_client().await;
    let (status, content_type, body) = get(&client, "/launches/no-such-launch").await;
    assert_eq!(status, Status::NotFound);
    assert_eq!(content_type, Some(ContentType::HTML));
    assert!(body.contains("there is no launch with id `no-such-launch`"));
    let (status, content_type, _) = get(&client, "/nowhere").await;
    assert_eq!(status, Status::NotFound);
    assert_eq!(content_type, Some(ContentType::HTML));
    let (status, json) = get_json(&client, "/api/nowhere").await;
    assert_eq!(status, Status::NotFound);
    assert_eq!(json["error"]["status"], 404);
}

#[rocket::async_test]
async fn the_table_sorts_and_links_each_launch() {
    let client = snapshot_client().await;
    let (status, _, body) = get(&client, "/launches?rocket=Falcon+1&sort=-name").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains(r#"<span id="launch-count">Launches 1–5 of 5</span>"#));
    let order: Vec<usize> = ["Trailblazer", "RazakSat", "RatSat", "FalconSat", "DemoSat"]
        .iter()
        .map(|name| body.find(&format!(">{name}</a>")).expect(name))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "sorted by name, descending"
    );
    assert!(body.contains(r#"<a href="/launches/5eb87cd9ffd86e000604b32a">FalconSat</a>"#));
    assert!(body.contains(r#"aria-sort="descending""#));
    // The header links keep the filters; the CSV link carries the same view.
    let text = unescape_html(&body);
    assert!(text.contains(r#"href="/launches?rocket=Falcon+1&sort=name""#));
    assert!(text.contains(r#"href="/launches.csv?rocket=Falcon+1&sort=-name""#));
}

/// The snapshot's launch ids in the table's default order (date, then id), from the raw file.
fn raw_ids_in_date_order() -> Vec<String> {
    let text = std::fs::read_to_string(fixtures_dir().join("launches.json")).expect("snapshot");
    let raw: Vec<Value> = serde_json::from_str(&text).expect("JSON");
    let mut launches: Vec<(String, String)> = raw
        .iter()
        .map(|l| {
            let field = |name: &str| l[name].as_str().expect(name).to_owned();
            (field("date_utc"), field("id"))
        })
        .collect();
    launches.sort();
    launches.into_iter().map(|(_, id)| id).collect()
}

/// The launch ids a table page links to, in order.
fn table_ids(page: &str) -> Vec<String> {
    let body = page
        .split("<tbody>")
        .nth(1)
        .and_then(|rest| rest.split("</tbody>").next())
        .expect("a table body");
    body.split(r#"<a href="/launches/"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// The URL of a page's link with `rel`, as a browser would follow it.
fn rel_link(page: &str, rel: &str) -> Option<String> {
    let marker = format!(r#"rel="{rel}" href=""#);
    let rest = page.split(marker.as_str()).nth(1)?;
    Some(unescape_html(rest.split('"').next()?))
}

#[rocket::async_test]
async fn the_table_comes_in_pages() {
    let client = snapshot_client().await;
    let expected = raw_ids_in_date_order();
    let total = expected.len();

    // The default page: the first 100 launches.
    let (status, _, first) = get(&client, "/launches").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(table_ids(&first), expected[..100]);
    assert!(first.contains(&format!(
        r#"<span id="launch-count">Launches 1–100 of {total}</span>"#
    )));
    assert_eq!(rel_link(&first, "prev"), None);
    assert_eq!(
        rel_link(&first, "next").as_deref(),
        Some("/launches?offset=100")
    );

    // Following "next" with a page size of 60 gives every launch once, in order; each page
    // names its range, and "previous" leads back.
    let mut url = "/launches?limit=60".to_owned();
    let mut seen = Vec::new();
    let mut pages = Vec::new();
    loop {
        let (status, _, page) = get(&client, &url).await;
        assert_eq!(status, Status::Ok, "{url}");
        let ids = table_ids(&page);
        let from = seen.len();
        assert!(
            page.contains(&format!(
                r#"<span id="launch-count">Launches {}–{} of {total}</span>"#,
                from + 1,
                from + ids.len()
            )),
            "{url}"
        );
        assert_eq!(rel_link(&page, "prev"), pages.last().cloned(), "{url}");
        seen.extend(ids);
        pages.push(url);
        match rel_link(&page, "next") {
            Some(next) => url = next,
            None => break,
        }
    }
    assert_eq!(seen, expected);
    assert_eq!(pages.len(), total.div_ceil(60));
    assert!(
        pages.iter().skip(1).all(|p| p.contains("limit=60")),
        "{pages:?}"
    );

    // Filters and order are kept by the page links, and the page size by the header links.
    let (_, _, sorted) = get(&client, "/launches?rocket=Falcon+9&sort=-date&limit=10").await;
    let text = unescape_html(&sorted);
    assert_eq!(
        rel_link(&sorted, "next").as_deref(),
        Some("/launches?rocket=Falcon+9&sort=-date&limit=10&offset=10")
    );
    assert!(text.contains(r#"href="/launches?rocket=Falcon+9&sort=date&limit=10""#));
    assert!(text.contains(r#"<input type="hidden" name="limit" value="10">"#));

    // Beyond the end: an empty page that says so, and leads back to the last page.
    let (status, _, beyond) = get(&client, "/launches?offset=1000").await;
    assert_eq!(status, Status::Ok);
    assert!(table_ids(&beyond).is_empty());
    assert!(beyond.contains("No launches on this page."));
    let last = (total - 1) / 100 * 100;
    assert_eq!(
        rel_link(&beyond, "prev"),
        Some(format!("/launches?offset={last}"))
    );
    let (status, _, far) = get(&client, &format!("/launches?offset={}", usize::MAX)).await;
    assert_eq!(status, Status::Ok, "the largest offset a URL can carry");
    assert!(far.contains("No launches on this page."));

    for (query, param) in [
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=all", "limit"),
        ("offset=-1", "offset"),
    ] {
        let (status, content_type, body) = get(&client, &format!("/launches?{query}")).await;
        assert_eq!(status, Status::BadRequest, "{query}");
        assert_eq!(content_type, Some(ContentType::HTML), "{query}");
        assert!(
            body.contains(&format!("invalid `{param}`")),
            "{query}: {body}"
        );
    }
}

#[rocket::async_test]
async fn the_csv_is_every_launch_of_the_view_not_a_page() {
    let client = snapshot_client().await;
    let expected = raw_ids_in_date_order();
    let response = client.get("/launches.csv").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.content_type(), Some(ContentType::CSV));
    assert_eq!(header(&response, "Cache-Control"), "no-cache");
    assert_eq!(header(&response, "Vary"), "Accept-Encoding");
    let body = response.into_string().await.unwrap_or_default();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.expect("valid CSV")[0].to_owned())
        .collect();
    assert_eq!(ids, expected);
}

#[rocket::async_test]
async fn the_csv_holds_exactly_the_filtered_rows() {
    let client = snapshot_client().await;
    let query = "from=2019-01-01&to=2020-06-30&rocket=Falcon+9";
    let response = client
        .get(format!("/launches.csv?{query}"))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.content_type(), Some(ContentType::CSV));
    assert_eq!(
        header(&response, "Content-Disposition"),
        r#"attachment; filename="spacex-launches.csv""#
    );
    let body = response.into_string().await.unwrap_or_default();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers = reader.headers().expect("header row").clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("valid CSV")).collect();
    let (_, api) = get_json(&client, &format!("/api/launches?{query}")).await;
    let api_ids: Vec<&str> = api["launches"]
        .as_array()
        .expect("launches")
        .iter()
        .filter_map(|l| l["id"].as_str())
        .collect();
    let csv_ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(csv_ids, api_ids);
    assert!(!csv_ids.is_empty());
    assert!(rows.iter().all(|r| &r[6] == "Falcon 9"));
    assert!(rows
        .iter()
        .all(|r| r[3] >= *"2019-01-01" && r[3] < *"2020-07-01"));
}

#[rocket::async_test]
async fn csv_quoting_and_formula_cells() {
    let client = client_with(vec![hostile_launch()]).await;
    let (status, _, body) = get(&client, "/launches.csv").await;
    assert_eq!(status, Status::Ok);
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let row = reader
        .records()
        .next()
        .expect("one row")
        .expect("valid CSV");
    // Commas, quotes and newlines survive the round trip.
    assert_eq!(&row[2], HOSTILE_NAME);
    assert_eq!(&row[13], HOSTILE_DETAILS);
    // A cell a spreadsheet would run as a formula is prefixed.
    assert_eq!(&row[7], "'=HYPERLINK(\"http://evil\")");
}

#[rocket::async_test]
async fn a_launch_page_shows_everything_about_the_launch() {
    let client = snapshot_client().await;
    // CRS-1 (2012): a Falcon 9 launch with details, cores, links and a patch.
    let (_, api) = get_json(&client, "/api/launches?rocket=Falcon+9&to=2012-12-31").await;
    let launch = &api["launches"][1];
    let id = launch["id"].as_str().expect("id");
    let (status, _, body) = get(&client, &format!("/launches/{id}")).await;
    assert_eq!(status, Status::Ok);
    let name = launch["name"].as_str().expect("name");
    assert!(body.contains(&format!("<h1>{name}</h1>")));
    assert!(body.contains("Falcon 9"));
    assert!(body.contains(launch["launchpad_name"].as_str().expect("site")));
    assert!(body.contains("(date precision: hour)"));
    assert!(body.contains("Cores and landings"));
    assert!(body.contains(r#"<img class="patch" src="https://"#));
    assert!(body.contains(">Wikipedia</a>"));
    assert!(body.contains("Crew</dt><dd>0</dd>"));
}

#[rocket::async_test]
async fn the_json_api_applies_the_same_filters() {
    let client = snapshot_client().await;
    // The launches v4 flags upcoming (all dated 2022) and the past ones it gives no outcome.
    let (status, json) = get_json(&client, "/api/launches?status=unknown").await;
    assert_eq!(status, Status::Ok);
    let raw: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(fixtures_dir().join("launches.json")).expect("snapshot"),
    )
    .expect("JSON");
    let unknown = raw
        .iter()
        .filter(|l| l["upcoming"] == true || l["success"].is_null())
        .count();
    assert_eq!(json["count"], unknown);
    assert!(json["launches"]
        .as_array()
        .expect("list")
        .iter()
        .all(|l| l["status"] == "unknown"));
    assert_eq!(json["filters"]["status"], "unknown");
    assert_eq!(json["data"]["stale_since"], Value::Null);
    let (status, json) = get_json(&client, "/api/stats?site=KSC+LC+39A").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(json["stats"]["per_site"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["stats"]["per_site"][0]["name"], "KSC LC 39A");
}

#[rocket::async_test]
async fn health_says_ok_and_names_no_store() {
    let client = snapshot_client().await;
    let (status, json) = get_json(&client, "/health").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(json["status"], "ok");
    assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
    // The path is public: no table, store or source names in the body.
    let fields: std::collections::BTreeSet<&str> = json
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["cache", "status", "version"].into(), "{json}");
    let text = json.to_string();
    assert!(!text.contains("store") && !text.contains("table"), "{text}");
    // Nothing was read yet: health never reads the store itself.
    assert_eq!(json["cache"]["state"], "empty");
    get(&client, "/").await;
    let (_, json) = get_json(&client, "/health").await;
    assert_eq!(json["cache"]["state"], "ok");
    assert_eq!(json["cache"]["launches"], 205);
}

#[rocket::async_test]
async fn source_text_is_escaped_everywhere() {
    let client = client_with(vec![hostile_launch()]).await;
    for uri in ["/", "/launches", "/launches/hostile-1"] {
        let (status, _, body) = get(&client, uri).await;
        assert_eq!(status, Status::Ok, "{uri}");
        assert!(!body.contains("<script>alert"), "{uri}: raw script");
        assert!(!body.contains("<img src=x"), "{uri}: raw img");
        assert!(!body.contains("<b>Rocket</b>"), "{uri}: raw markup");
        assert!(!body.contains("javascript:"), "{uri}: javascript: link");
        // Shown, as text: the rocket in the form's choices, the name in the table and page.
        let text = unescape_html(&body);
        assert!(text.contains("<b>Rocket</b>"), "{uri}: rocket");
        if uri != "/" {
            assert!(text.contains(HOSTILE_NAME), "{uri}: the name");
        }
    }
    let (_, _, page) = get(&client, "/launches/hostile-1").await;
    assert!(
        unescape_html(&page).contains(HOSTILE_DETAILS),
        "details shown as text"
    );
    assert!(
        unescape_html(&page).contains(HOSTILE_NOTE),
        "the status note shown as text"
    );
    assert!(!page.contains("data:text/html"), "only http(s) links");
    assert!(
        page.contains(">Wikipedia</a>"),
        "an https link stays, attribute-escaped"
    );
    assert!(!page.contains("\"onmouseover"), "no attribute break-out");
    // In the chart data, nothing closes the element and labels are entity-escaped for Plotly.
    let (_, _, overview) = get(&client, "/").await;
    let data = overview
        .split(r#"id="chart-data">"#)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("chart data");
    assert!(!data.contains('<'));
    let figures: Value = serde_json::from_str(data).expect("JSON");
    assert_eq!(
        figures["timeline"]["data"][0]["text"][0],
        "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;, &quot;Quoted&quot; &amp; Co"
    );
}

#[rocket::async_test]
async fn security_headers_on_every_response() {
    let client = snapshot_client().await;
    let asset = dashboard::assets::url(dashboard::assets::DASHBOARD_JS);
    for uri in [
        "/",
        "/launches",
        "/api/stats",
        "/health",
        "/nowhere",
        asset.as_str(),
    ] {
        let response = client.get(uri).dispatch().await;
        let csp = header(&response, "Content-Security-Policy");
        assert!(csp.contains("script-src 'self'"), "{uri}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}");
        assert!(!csp.contains("unsafe-eval"), "{uri}");
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{uri}");
        assert_eq!(
            header(&response, "X-Content-Type-Options"),
            "nosniff",
            "{uri}"
        );
        assert_eq!(header(&response, "Referrer-Policy"), "no-referrer", "{uri}");
        assert_eq!(header(&response, "X-Frame-Options"), "DENY", "{uri}");
        assert_eq!(header(&response, "Server"), "", "{uri}: no server banner");
    }
}

#[rocket::async_test]
async fn hsts_is_sent_on_every_response() {
    let client = snapshot_client().await;
    let year_in_seconds = 365 * 24 * 60 * 60;
    let asset = dashboard::assets::url(dashboard::assets::DASHBOARD_JS);
    for uri in [
        "/",
        "/launches",
        "/api/stats",
        "/health",
        "/nowhere",
        asset.as_str(),
    ] {
        let response = client.get(uri).dispatch().await;
        let hsts = header(&response, "Strict-Transport-Security");
        let max_age: Option<u64> = hsts
            .split(';')
            .find_map(|d| d.trim().strip_prefix("max-age="))
            .and_then(|v| v.parse().ok());
        assert!(
            max_age.is_some_and(|age| age >= year_in_seconds),
            "{uri}: Strict-Transport-Security `{hsts}`"
        );
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

#[rocket::async_test]
async fn responses_are_compressed_and_assets_cacheable() {
    let client = snapshot_client().await;
    let (_, json) = get_json(&client, "/api/launches?limit=1").await;
    let id = json["launches"][0]["id"].as_str().expect("a launch id");
    // Every kind of answer: pages, one launch, CSV, JSON, error pages (made large by quoting a
    // long bad value: small bodies are not worth compressing).
    let long = "x".repeat(2000);
    for uri in [
        "/".to_owned(),
        "/launches?sort=-name".to_owned(),
        format!("/launches/{id}"),
        "/launches.csv".to_owned(),
        "/api/launches".to_owned(),
        format!("/launches?from={long}"),
        format!("/api/stats?to={long}"),
        format!("/{long}"),
    ] {
        let response = client.get(uri.clone()).dispatch().await;
        let status = response.status();
        assert_eq!(header(&response, "Content-Encoding"), "", "{uri}");
        assert_eq!(header(&response, "Vary"), "Accept-Encoding", "{uri}");
        let plain = response.into_bytes().await.unwrap_or_default();
        let response = client
            .get(uri.clone())
            .header(Header::new("Accept-Encoding", "gzip, deflate, br"))
            .dispatch()
            .await;
        assert_eq!(response.status(), status, "{uri}");
        assert_eq!(header(&response, "Content-Encoding"), "gzip", "{uri}");
        assert_eq!(header(&response, "Cache-Control"), "no-cache", "{uri}");
        let compressed = response.into_bytes().await.unwrap_or_default();
        assert!(compressed.len() < plain.len(), "{uri}");
        assert_eq!(gunzip(&compressed), plain, "{uri}");
    }
    let (_, _, overview) = get(&client, "/").await;
    let response = client
        .get("/")
        .header(Header::new("Accept-Encoding", "gzip"))
        .dispatch()
        .await;
    let compressed = response.into_bytes().await.unwrap_or_default();
    assert!(compressed.len() * 3 < overview.len());
    // A refused gzip (`q=0`) is not sent.
    let response = client
        .get("/")
        .header(Header::new("Accept-Encoding", "gzip;q=0, br"))
        .dispatch()
        .await;
    assert_eq!(header(&response, "Content-Encoding"), "");

    let plotly = dashboard::assets::url(dashboard::assets::PLOTLY_JS);
    let response = client
        .get(plotly.clone())
        .header(Header::new("Accept-Encoding", "gzip"))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(header(&response, "Content-Encoding"), "gzip");
    assert_eq!(
        header(&response, "Cache-Control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.content_type(), Some(ContentType::JavaScript));
    let gz = response.into_bytes().await.unwrap_or_default();
    let js = gunzip(&gz);
    assert!(js.len() > 1_000_000 && gz.len() < 500_000);
    assert!(String::from_utf8_lossy(&js[..200]).contains("plotly.js"));

    // A client without gzip gets the same bytes, uncompressed.
    let response = client.get(plotly).dispatch().await;
    assert_eq!(header(&response, "Content-Encoding"), "");
    assert_eq!(response.into_bytes().await.unwrap_or_default(), js);

    // An old version still serves the current file, but not for caching.
    let response = client
        .get("/static/000000000000/dashboard.js")
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(header(&response, "Cache-Control"), "no-cache");
    let (status, _, _) = get(&client, "/static/000000000000/secrets.txt").await;
    assert_eq!(status, Status::NotFound);
}

#[rocket::async_test]
async fn a_failing_store_serves_the_last_good_data_with_a_banner() {
    let launches = vec![
        launch(
            "a",
            "First",
            "2020-01-01T00:00:00.000Z",
            LaunchStatus::Success,
        ),
        launch(
            "b",
            "Second",
            "2020-02-01T00:00:00.000Z",
            LaunchStatus::Failure,
        ),
    ];
    let store = Arc::new(FailingStore::new(&launches, false).await);
    let state = AppState::new(store.clone(), Duration::from_millis(1), origin());
    let client = Client::tracked(dashboard::rocket(state))
        .await
        .expect("ignites");
    let (status, _, body) = get(&client, "/").await;
    assert_eq!(status, Status::Ok);
    assert!(!body.contains("stale since"));

    store.failing.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(5)).await;
    // The first request after the copy expired starts a refresh in the background; once it has
    // failed, pages say so.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let (status, body) = loop {
        let (status, _, body) = get(&client, "/").await;
        if body.contains("stale since") || std::time::Instant::now() > deadline {
            break (status, body);
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(status, Status::Ok, "old data rather than an error page");
    assert!(body.contains(r#"class="banner banner-warning""#));
    assert!(body.contains("stale since"));
    assert!(body.contains(r#"id="figure-launches">2</span>"#));
    let (_, json) = get_json(&client, "/api/launches").await;
    assert!(json["data"]["stale_since"].is_string());
    let (status, json) = get_json(&client, "/health").await;
    assert_eq!(status, Status::Ok, "the process still serves");
    assert_eq!(json["cache"]["state"], "stale");
}

#[rocket::async_test]
async fn no_data_at_all_is_503_but_health_stays_up() {
    let store = Arc::new(FailingStore::new(&[], true).await);
    let client = client_for(store).await;
    let (status, _, body) = get(&client, "/").await;
    assert_eq!(status, Status::ServiceUnavailable);
    assert!(body.contains("cannot be read right now"));
    let (status, json) = get_json(&client, "/api/stats").await;
    assert_eq!(status, Status::ServiceUnavailable);
    assert_eq!(json["error"]["status"], 503);
    let (status, json) = get_json(&client, "/health").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(json["cache"]["state"], "failing");
}

#[rocket::async_test]
async fn the_bundled_snapshot_is_announced() {
    let store = Arc::new(snapshot_store().await);
    let state = AppState::new(
        store,
        Duration::from_secs(30),
        dashboard::DataOrigin {
            description: "embedded store".into(),
            notice: Some("The SpaceX API could not be reached at start-up.".into()),
        },
    );
    let client = Client::tracked(dashboard::rocket(state))
        .await
        .expect("ignites");
    for uri in ["/", "/launches"] {
        let (_, _, body) = get(&client, uri).await;
        assert!(body.contains(r#"<div class="banner banner-info" role="status">The SpaceX API could not be reached at start-up.</div>"#), "{uri}");
    }
}

/// When an LL2 record's NET period ends, by its precision: to the hour or finer an hour after
/// it; a day, morning or afternoon at the next midnight; a week or month at the next month; a
/// quarter, half or year at its calendar end (LL2 dates these by their last day).
fn period_end(record: &Value) -> DateTime<Utc> {
    let net = at(record["net"].as_str().expect("net"));
    let first_of = |year: i32, month: u32| {
        let (year, month) = if month > 12 {
            (year + 1, month - 12)
        } else {
            (year, month)
        };
        at(&format!("{year:04}-{month:02}-01T00:00:00Z"))
    };
    let (y, m) = (net.year(), net.month());
    match record["net_precision"]["abbrev"].as_str() {
        None | Some("SEC" | "MIN" | "HR") => net + chrono::Duration::hours(1),
        Some("DAY" | "AM" | "PM") => {
            at(&format!("{}T00:00:00Z", net.format("%Y-%m-%d"))) + chrono::Duration::days(1)
        }
        Some("W" | "M") => first_of(y, m + 1),
        Some("Q1" | "Q2" | "Q3" | "Q4") => first_of(y, (m - 1) / 3 * 3 + 4),
        Some("H1" | "H2") => first_of(y, (m - 1) / 6 * 6 + 7),
        Some(_) => first_of(y + 1, 1),
    }
}

/// The date text of an upcoming LL2 record, by its precision.
fn net_text(record: &Value) -> String {
    let net = at(record["net"].as_str().expect("net"));
    let text = match record["net_precision"]["abbrev"].as_str() {
        Some("SEC") => net.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        Some("MIN") => net.format("%Y-%m-%d %H:%M UTC").to_string(),
        Some("M") => net.format("%B %Y").to_string(),
        Some(q @ ("Q1" | "Q2" | "Q3" | "Q4" | "H1" | "H2")) => format!("{q} {}", net.year()),
        Some("Y") => net.year().to_string(),
        other => panic!("no expected text written for precision {other:?}"),
    };
    format!("NET {text}")
}

/// The next launch of the raw bundled records at `now`: the earliest upcoming one whose NET
/// period has not ended.
fn raw_next(raw: &std::collections::BTreeMap<String, Value>, now: DateTime<Utc>) -> Option<&Value> {
    raw.values()
        .filter(|r| is_upcoming(r) && period_end(r) > now)
        .min_by(|a, b| {
            (at(a["net"].as_str().unwrap_or_default()), a["id"].as_str())
                .cmp(&(at(b["net"].as_str().unwrap_or_default()), b["id"].as_str()))
        })
}

#[rocket::async_test]
async fn the_bundled_data_runs_through_2026_and_shows_the_next_launch() {
    let raw = ll2_raw::latest();
    let want_2026 = raw.values().filter(|r| year(r) == 2026).count();
    assert!(want_2026 > 100, "{want_2026}");
    for now in [bundled_now(), Utc::now()] {
        let client = bundled_client(now).await;
        let (status, json) = get_json(&client, "/api/stats").await;
        assert_eq!(status, Status::Ok);
        let in_2026: u64 = json["stats"]["per_month"]
            .as_array()
            .expect("months")
            .iter()
            .filter(|m| m["month"].as_str().is_some_and(|m| m.starts_with("2026-")))
            .map(|m| m["launches"].as_u64().expect("count"))
            .sum();
        assert_eq!(in_2026 as usize, want_2026, "launches in 2026 (now {now})");
        let (_, year_view) = get_json(&client, "/api/stats?from=2026-01-01&to=2026-12-31").await;
        assert_eq!(year_view["stats"]["launches"], want_2026);
        // Both sources, and when the data was synced.
        let sources = &json["data"]["provenance"]["sources"];
        assert_eq!(sources[0]["source"], "spacex_v4");
        assert_eq!(sources[1]["source"], "ll2");

        let (_, _, overview) = get(&client, "/").await;
        let text = unescape_html(&overview);
        assert!(text.contains("Data last synced "), "provenance");
        assert!(text.contains("SpaceX API v4 ("), "provenance");
        assert!(text.contains("Launch Library 2 ("), "provenance");
        match raw_next(&raw, now) {
            Some(next) => {
                let want = format!("next launch: {}", net_text(next));
                assert!(text.contains(&want), "{want} (now {now})");
                assert!(text.contains(&mission_name(next)), "{}", mission_name(next));
                assert_eq!(
                    json["stats"]["next_launch"]["date_utc"]
                        .as_str()
                        .map(|d| &d[..16]),
                    next["net"].as_str().map(|d| &d[..16])
                );
            }
            None => {
                assert!(text.contains("no upcoming launch in view"), "now {now}");
                assert_eq!(json["stats"]["next_launch"], Value::Null);
            }
        }
    }
    // At the capture date, the next launch is known to the minute.
    let next = raw_next(&raw, bundled_now()).expect("a next launch on 2026-08-22");
    assert_eq!(next["net_precision"]["abbrev"], "MIN");
}

#[rocket::async_test]
async fn partial_failures_are_a_status_of_their_own_everywhere() {
    let raw = ll2_raw::latest();
    let partial: Vec<&Value> = raw.values().filter(|r| r["status"]["id"] == 7).collect();
    assert!(partial.len() >= 4, "CRS-1, SN8, SN9, IFT-2");
    let client = bundled_client(bundled_now()).await;

    let (status, json) = get_json(&client, "/api/launches?status=partial_failure&limit=1000").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(json["count"], partial.len());
    let rows = json["launches"].as_array().expect("launches");
    let mut got: Vec<&str> = rows.iter().filter_map(|l| l["ll2_id"].as_str()).collect();
    let mut want: Vec<&str> = partial.iter().filter_map(|r| r["id"].as_str()).collect();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    assert!(rows
        .iter()
        .all(|l| l["status"] == "partial_failure" && l["status_detail"] == "partial_failure"));

    let (_, stats) = get_json(&client, "/api/stats").await;
    assert_eq!(
        stats["stats"]["status_counts"]["partial_failure"],
        partial.len()
    );
    let (_, _, overview) = get(&client, "/?status=partial_failure").await;
    assert!(overview.contains(&format!(r#"id="figure-launches">{}</span>"#, partial.len())));
    assert!(
        overview.contains(r#"<option value="partial_failure" selected>Partial failure</option>"#)
    );
    assert!(
        overview.contains("<th scope=\"col\">Partial failure</th>"),
        "the counts tables"
    );
    let (_, _, table) = get(&client, "/launches?status=partial_failure").await;
    assert!(table.contains(&format!(
        r#"<span id="launch-count">Launches 1–{0} of {0}</span>"#,
        partial.len()
    )));

    let (_, _, csv_text) = get(&client, "/launches.csv?status=partial_failure").await;
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().expect("header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), partial.len());
    assert!(records
        .iter()
        .all(|r| &r[column("status")] == "partial_failure"
            && &r[column("status_detail")] == "partial_failure"
            && r[column("sources")].contains("ll2")));

    // The newest one's page: its own status, its sources, LL2's page.
    let newest = partial
        .iter()
        .max_by_key(|r| r["net"].as_str())
        .expect("a partial failure");
    let row = rows
        .iter()
        .find(|l| l["ll2_id"] == newest["id"])
        .expect("its row");
    let (status, _, page) = get(
        &client,
        &format!("/launches/{}", row["id"].as_str().expect("id")),
    )
    .await;
    assert_eq!(status, Status::Ok);
    let text = unescape_html(&page);
    assert!(
        text.contains(&format!("<h1>{}</h1>", mission_name(newest))),
        "{}",
        mission_name(newest)
    );
    assert!(text.contains(r#"<span class="status status-partial_failure">Partial failure</span>"#));
    assert!(text.contains("(Launch Library 2: Partial Failure)"));
    let url = newest["url"].as_str().expect("url");
    let url = url.split('?').next().unwrap_or(url);
    assert!(
        text.contains(&format!(r#"<a class="ll2-link" href="{url}""#)),
        "{url}"
    );
    assert!(text.contains("Launch Library 2"));

    // A launch known to both: both sources and the v4 id, linked to the v4 API.
    let (_, both) = get_json(
        &client,
        "/api/launches?status=partial_failure&to=2012-12-31",
    )
    .await;
    let crs1 = &both["launches"][0];
    let v4_id = crs1["spacex_id"].as_str().expect("CRS-1 is known to v4");
    let (_, _, page) = get(
        &client,
        &format!("/launches/{}", crs1["id"].as_str().expect("id")),
    )
    .await;
    assert!(page.contains("SpaceX API v4 and Launch Library 2"));
    assert!(page.contains(&format!("https://api.spacexdata.com/v4/launches/{v4_id}")));

    // An unknown status is still a 400 naming the parameter, listing the new one.
    let (status, json) = get_json(&client, "/api/launches?status=partial").await;
    assert_eq!(status, Status::BadRequest);
    assert_eq!(json["error"]["param"], "status");
    assert!(json["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("partial_failure")));
}

#[rocket::async_test]
async fn a_stale_upcoming_launch_says_why_its_outcome_is_unknown() {
    let client = bundled_client(bundled_now()).await;
    let (_, json) = get_json(&client, "/api/launches?status=unknown&limit=1000").await;
    let noted = json["launches"]
        .as_array()
        .expect("launches")
        .iter()
        .find(|l| l["status_note"].is_string())
        .expect("a launch a stale source lists as upcoming");
    let (_, _, page) = get(
        &client,
        &format!("/launches/{}", noted["id"].as_str().expect("id")),
    )
    .await;
    assert!(unescape_html(&page).contains(&format!(
        r#"<p class="status-note">{}</p>"#,
        noted["status_note"].as_str().expect("note")
    )));
}
