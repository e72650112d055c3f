//! Gzip for dynamic responses (pages, JSON, CSV) when the client accepts it. The embedded assets
//! are compressed at build time and pass through untouched (they already carry
//! `Content-Encoding`).

use std::io::{Cursor, Write};

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{Header, Method};
use rocket::{Request, Response};

/// Below this, gzip's header and the CPU cost more than they save.
pub const MIN_SIZE: usize = 1024;

/// `body`, gzipped. Level 5: most of the gain at a fraction of level 9's CPU.
pub fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 4),
        flate2::Compression::new(5),
    );
    encoder.write_all(body)?;
    encoder.finish()
}

/// Whether the request's `Accept-Encoding` allows gzip (a `q=0` refuses it).
pub fn accepts_gzip(request: &Request<'_>) -> bool {
    request
        .headers()
        .get("Accept-Encoding")
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

fn compressible(response: &Response<'_>) -> bool {
    response.content_type().is_some_and(|ct| {
        ct.is_html()
            || ct.is_json()
            || ct.is_csv()
            || ct.is_javascript()
            || ct.is_css()
            || ct.is_svg()
            || ct.is_text()
    })
}

pub struct Gzip;

#[rocket::async_trait]
impl Fairing for Gzip {
    fn info(&self) -> Info {
        Info {
            name: "gzip responses",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        if request.method() == Method::Head
            || response.headers().contains("Content-Encoding")
            || !compressible(response)
        {
            return;
        }
        response.adjoin_header(Header::new("Vary", "Accept-Encoding"));
        if !accepts_gzip(request) {
            return;
        }
        let body = match response.body_mut().to_bytes().await {
            Ok(body) => body,
            Err(error) => {
                tracing::warn!(%error, "cannot read a response body to compress it");
                return;
            }
        };
        if body.len() < MIN_SIZE {
            response.set_sized_body(body.len(), Cursor::new(body));
            return;
        }
        match gzip(&body) {
            Ok(compressed) => {
                response.set_header(Header::new("Content-Encoding", "gzip"));
                response.set_sized_body(compressed.len(), Cursor::new(compressed));
            }
            Err(error) => {
                tracing::warn!(%error, "gzip failed; sending the body uncompressed");
                response.set_sized_body(body.len(), Cursor::new(body));
            }
        }
    }
}
