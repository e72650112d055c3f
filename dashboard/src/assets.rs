//! The browser assets baked into the binary by `build.rs` (plotly.js from the pinned npm
//! package, the app's own script, style sheet and icon), gzipped at build time and named by
//! versioned URLs (`/static/<content hash>/<name>`) so that browsers may keep them for a year.
//! `routes::assets` serves them.

use crate::answer::Body;

/// One embedded asset.
#[derive(Debug)]
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    /// A hash of the content: part of the URL, so a new build gets new URLs.
    pub version: &'static str,
    /// Made gzipped; decompressed (once) only for a client without gzip.
    pub body: Body,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plotly_is_embedded_and_versioned() {
        let plotly = find(PLOTLY_JS).expect("plotly.js is embedded");
        let plain = plotly.body.plain().expect("decompresses");
        assert!(plain.len() > 500_000, "the whole bundle, not a stub");
        assert!(plotly.body.len() < plain.len() / 2, "stored compressed");
        assert_eq!(plotly.version.len(), 12);
        assert!(url(PLOTLY_JS).starts_with("/static/"));
        assert!(!PLOTLY_VERSION.is_empty());
    }
}
