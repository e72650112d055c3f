//! `/launches.csv`: exactly the rows of the table with the same filters (and order).

use launches::Launch;
use rocket::fairing::AdHoc;
use rocket::http::{ContentType, Header};
use rocket::{get, routes, Responder, State};

use super::pages::PageError;
use crate::answer::Answer;
use crate::errors::AppError;
use crate::filters::FilterParams;
use crate::repeated::SingleValued;
use crate::sort::Sort;
use crate::state::AppState;

/// Mounted beside the pages, whose catcher answers its errors.
pub fn stage() -> AdHoc {
    AdHoc::on_ignite("CSV", |rocket| async {
        rocket.mount("/", routes![launches_csv])
    })
}

const FILE_NAME: &str = "spacex-launches.csv";

const COLUMNS: [&str; 20] = [
    "id",
    "flight_number",
    "name",
    "date_utc",
    "date_precision",
    "status",
    "rocket",
    "launch_site",
    "launch_site_full_name",
    "payload_count",
    "payload_mass_kg",
    "orbits",
    "crew_count",
    "details",
    "status_detail",
    "net_precision",
    "sources",
    "spacex_id",
    "ll2_id",
    "ll2_url",
];

#[derive(Responder)]
struct CsvFile {
    body: Answer,
    disposition: Header<'static>,
}

/// A text cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) gets
/// a leading `'`: names and details come from the source, and a CSV is opened in spreadsheets.
fn text_cell(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    }
}

/// Kilograms as a plain number; `-0` (an empty sum) reads as `0`.
fn mass_cell(kg: f64) -> String {
    if kg == 0.0 {
        "0".to_owned()
    } else {
        kg.to_string()
    }
}

/// A value as its JSON string (the snake_case names the API uses), or empty.
fn name_cell(value: Option<impl serde::Serialize>) -> String {
    value
        .and_then(|v| serde_json::to_value(v).ok())
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn record(launch: &Launch) -> [String; 20] {
    [
        launch.id.clone(),
        launch.flight_number.to_string(),
        text_cell(&launch.name),
        launch.date_utc.clone(),
        launch.date_precision.as_str().to_owned(),
        launch.status.as_str().to_owned(),
        text_cell(&launch.rocket_name),
        text_cell(&launch.launchpad_name),
        text_cell(launch.launchpad_full_name.as_deref().unwrap_or_default()),
        launch.payload_count.to_string(),
        mass_cell(launch.payload_mass_kg),
        text_cell(&launch.orbits.join(" ")),
        launch.crew_count.to_string(),
        text_cell(launch.details.as_deref().unwrap_or_default()),
        name_cell(launch.status_detail),
        name_cell(launch.net_precision),
        launch
            .sources
            .as_slice()
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        text_cell(launch.spacex_id.as_deref().unwrap_or_default()),
        text_cell(launch.ll2_id.as_deref().unwrap_or_default()),
        text_cell(launch.ll2_url.as_deref().unwrap_or_default()),
    ]
}

/// The CSV text (RFC 4180 quoting by the `csv` crate).
fn to_csv(launches: &[Launch]) -> Result<String, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let internal = |error: csv::Error| {
        tracing::error!(%error, "writing CSV failed");
        AppError::Internal
    };
    writer.write_record(COLUMNS).map_err(internal)?;
    for launch in launches {
        writer.write_record(record(launch)).map_err(internal)?;
    }
    let bytes = writer.into_inner().map_err(|error| {
        tracing::error!(%error, "writing CSV failed");
        AppError::Internal
    })?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}

#[get("/launches.csv?<sort>&<filters..>")]
async fn launches_csv(
    state: &State<AppState>,
    sort: Option<&str>,
    once: SingleValued,
    filters: FilterParams,
) -> Result<CsvFile, PageError> {
    once.check()?;
    let sort = Sort::parse(sort)?;
    let key = sort.value();
    let extra = [("sort", key.as_str())];
    let answer = state.answer(
        &filters,
        ContentType::CSV,
        "/launches.csv",
        &extra,
        |selection| {
            let mut launches = selection.launches.clone();
            sort.apply(&mut launches);
            to_csv(&launches)
        },
    );
    Ok(CsvFile {
        body: answer.await?,
        disposition: Header::new(
            "Content-Disposition",
            format!("attachment; filename=\"{FILE_NAME}\""),
        ),
    })
}
