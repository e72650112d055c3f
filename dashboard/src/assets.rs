//! The browser assets baked into the binary by `build.rs` (plotly.js from the pinned npm
//! package, the app's own script, style sheet and icon), served gzipped under versioned URLs
//! (`/static/<content hash>/<name>`) so that browsers may keep them for a year.

use std::io::{Cursor, Read};

use rocket::http::{ContentType, Header, Status};
use rocket::response::{self, Responder, Response};
use rocket::{get, Request};

use crate::compression::accepts_gzip;

/// One embedded asset, stored gzipped.
#[derive(Debug)]
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    /// A hash of the content: part of the URL, so a new build gets new URLs.
    pub version: &'static str,
    /// Uncompressed length.
    pub len: usize,
    pub gzip: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

pub const PLOTLY_JS: &str = "plotly-basic.min.js";
pub const DASHBOARD_JS: &str = "dashboard.js";
pub const DASHBOARD_CSS: &str = "dashboard.css";
pub const FAVICON: &str = "favicon.svg";

pub fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

/// The versioned URL of an asset.
pub fn url(name: &str) -> String {
    match find(name) {
        Some(asset) => format!("/static/{}/{}", asset.version, asset.name),
        None => format!("/static/missing/{name}"),
    }
}

/// The asset URLs a page links to.
#[derive(Debug, Clone)]
pub struct AssetUrls {
    pub plotly: String,
    pub script: String,
    pub css: String,
    pub favicon: String,
}

impl AssetUrls {
    pub fn get() -> Self {
        AssetUrls {
            plotly: url(PLOTLY_JS),
            script: url(DASHBOARD_JS),
            css: url(DASHBOARD_CSS),
            favicon: url(FAVICON),
        }
    }
}

pub struct AssetResponse {
    asset: &'static Asset,
    /// The URL named the current version: the content behind it never changes.
    immutable: bool,
}

impl<'r> Responder<'r, 'static> for AssetResponse {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let content_type =
            ContentType::parse_flexible(self.asset.content_type).unwrap_or(ContentType::Binary);
        let cache_control = if self.immutable {
            "public, max-age=31536000, immutable"
        } else {
            // An old or unknown version (e.g. a page from before a deploy): serve the current
            // content, but do not let it be cached under that URL.
            "no-cache"
        };
        let mut response = Response::build();
        response
            .header(content_type)
            .header(Header::new("Cache-Control", cache_control))
            .header(Header::new("Vary", "Accept-Encoding"));
        if accepts_gzip(request) {
            response
                .header(Header::new("Content-Encoding", "gzip"))
                .sized_body(self.asset.gzip.len(), Cursor::new(self.asset.gzip));
        } else {
            // Every browser accepts gzip; decompressing for the rare client that does not keeps
            // one copy in the binary instead of two.
            let mut raw = Vec::with_capacity(self.asset.len);
            flate2::read::GzDecoder::new(self.asset.gzip)
                .read_to_end(&mut raw)
                .map_err(|error| {
                    tracing::error!(%error, asset = self.asset.name, "embedded asset is corrupt");
                    Status::InternalServerError
                })?;
            response.sized_body(raw.len(), Cursor::new(raw));
        }
        Ok(response.finalize())
    }
}

#[get("/static/<version>/<name>")]
pub fn asset(version: &str, name: &str) -> Option<AssetResponse> {
    let asset = find(name)?;
    Some(AssetResponse {
        asset,
        immutable: version == asset.version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plotly_is_embedded_and_versioned() {
        let plotly = find(PLOTLY_JS).expect("plotly.js is embedded");
        assert!(plotly.len > 500_000, "the whole bundle, not a stub");
        assert!(plotly.gzip.len() < plotly.len / 2, "stored compressed");
        assert_eq!(plotly.version.len(), 12);
        assert!(url(PLOTLY_JS).starts_with("/static/"));
        assert!(!PLOTLY_VERSION.is_empty());
    }
}
