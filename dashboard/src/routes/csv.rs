//! `/launches.csv`: exactly the rows of the table with the same filters (and order), all of
//! them (not a page), streamed: a request holds the view's order (an index per launch) and one
//! chunk of CSV text at a time, not the whole file.
//!
//! Not kept in the rendered-answer cache: the CSV of a large view is megabytes (20,000 launches:
//! 8.7 MB, more than the cache's 8 MB), so keeping it would push out the pages that the cache is
//! for; and a CSV costs little to make again (filter, sort, format; no template).

use std::sync::Arc;

use bytes::Bytes;
use launches::Launch;
use rocket::fairing::AdHoc;
use rocket::http::{ContentType, Header};
use rocket::{get, routes, Responder, State};

use super::pages::PageError;
use crate::answer::Streamed;
use crate::cache::Loaded;
use crate::filters::{FilterParams, Filters};
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

/// CSV text handed to the connection at a time (rows are written until a chunk is this big).
const CHUNK: usize = 64 * 1024;

#[derive(Responder)]
struct CsvFile {
    body: Streamed<CsvChunks>,
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

/// The CSV text of some launches, a chunk at a time (RFC 4180 quoting by the `csv` crate).
struct CsvChunks {
    data: Arc<Loaded>,
    /// Indexes into `data.launches`, in the view's order.
    order: Vec<usize>,
    /// The next row to write; `None` before the header row.
    next: Option<usize>,
}

impl CsvChunks {
    /// The header row and the rows of the launches `filters` select from `data`, in `sort`'s
    /// order.
    fn new(data: Arc<Loaded>, filters: &Filters, sort: Sort) -> Self {
        let all = &data.launches;
        let mut order: Vec<usize> = (0..all.len())
            .filter(|&i| filters.matches(&all[i]))
            .collect();
        order.sort_by(|&a, &b| sort.compare(&all[a], &all[b]));
        CsvChunks {
            data,
            order,
            next: None,
        }
    }

    /// The next chunk: rows until it holds about `CHUNK` bytes. A writer per chunk: a record's
    /// text does not depend on the records before it, so the chunks join to the one file.
    fn chunk(&mut self) -> csv::Result<Option<Vec<u8>>> {
        let mut writer = csv::Writer::from_writer(Vec::with_capacity(CHUNK + 8 * 1024));
        let mut next = match self.next {
            Some(next) if next >= self.order.len() => return Ok(None),
            Some(next) => next,
            None => {
                writer.write_record(COLUMNS)?;
                0
            }
        };
        // The writer's own buffer holds up to 8 KB more than the Vec shows: chunks are about
        // CHUNK, give or take a row and that buffer.
        while writer.get_ref().len() < CHUNK {
            let Some(&index) = self.order.get(next) else {
                break;
            };
            writer.write_record(record(&self.data.launches[index]))?;
            next += 1;
        }
        self.next = Some(next);
        writer
            .into_inner()
            .map(Some)
            .map_err(|error| error.into_error().into())
    }
}

impl Iterator for CsvChunks {
    type Item = Bytes;

    fn next(&mut self) -> Option<Bytes> {
        match self.chunk() {
            Ok(chunk) => chunk.map(Bytes::from),
            Err(error) => {
                // Writing to memory does not fail; if it did, the file would end here.
                tracing::error!(%error, "writing CSV failed");
                self.next = Some(self.order.len());
                None
            }
        }
    }
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
    // The filters are checked before the store is asked: a bad parameter is a 400 even while
    // the data is unavailable.
    let filters = Filters::parse(&filters)?;
    let cached = state.cache.launches().await?;
    Ok(CsvFile {
        body: Streamed {
            content_type: ContentType::CSV,
            chunks: CsvChunks::new(cached.data, &filters, sort),
        },
        disposition: Header::new(
            "Content-Disposition",
            format!("attachment; filename=\"{FILE_NAME}\""),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    /// The whole file at once, as the route made it before it streamed: the reference.
    fn whole(launches: &[&Launch]) -> Vec<u8> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(COLUMNS).expect("header");
        for launch in launches {
            writer.write_record(record(launch)).expect("row");
        }
        writer.into_inner().expect("flushed")
    }

    #[test]
    fn chunks_are_the_whole_file_cut_in_pieces() {
        // Enough rows for several chunks, with text that needs quoting and a formula cell.
        let all: Vec<Launch> = (0..3000)
            .map(|i| Launch {
                id: format!("launch-{i:05}"),
                flight_number: i,
                name: format!("Mission {}, \"the {i}th\"", i % 97),
                date_utc: format!("20{:02}-01-01T00:00:00.000Z", i % 50),
                rocket_name: "Falcon 9".into(),
                launchpad_name: "=cmd".into(),
                details: (i % 3 == 0).then(|| format!("line one\nline {i}")),
                orbits: vec!["LEO".into(), "ISS".into()],
                payload_mass_kg: f64::from(i) * 1.5,
                ..Launch::default()
            })
            .collect();
        let data = Arc::new(Loaded {
            launches: all,
            history: vec![],
            loaded_at: Utc::now(),
        });
        let sort = Sort::parse(Some("-name")).expect("a sort");
        let chunks: Vec<Bytes> =
            CsvChunks::new(Arc::clone(&data), &Filters::default(), sort).collect();
        assert!(chunks.len() > 2, "{} chunks", chunks.len());
        assert!(chunks.iter().all(|c| c.len() <= CHUNK + 16 * 1024));
        let streamed: Vec<u8> = chunks.iter().flat_map(|c| c.iter().copied()).collect();
        let mut expected: Vec<&Launch> = data.launches.iter().collect();
        sort.apply(&mut expected);
        assert_eq!(streamed, whole(&expected));

        let none = Filters::default();
        let empty = Arc::new(Loaded {
            launches: vec![],
            history: vec![],
            loaded_at: Utc::now(),
        });
        let only_header: Vec<u8> = CsvChunks::new(empty, &none, Sort::default())
            .flat_map(|c| c.to_vec())
            .collect();
        assert_eq!(only_header, whole(&[]));
    }
}
