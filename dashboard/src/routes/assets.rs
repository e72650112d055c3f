//! `/static/<version>/<name>`: the embedded assets, as they were gzipped at build time.

use rocket::fairing::AdHoc;
use rocket::http::{ContentType, Header};
use rocket::{get, routes, Responder};

use crate::answer::{Answer, Body};
use crate::assets;

pub fn stage() -> AdHoc {
    AdHoc::on_ignite("assets", |rocket| async {
        rocket.mount("/", routes![asset])
    })
}

#[derive(Responder)]
struct AssetResponse {
    body: Answer<&'static Body>,
    cache_control: Header<'static>,
}

#[get("/static/<version>/<name>")]
fn asset(version: &str, name: &str) -> Option<AssetResponse> {
    let asset = assets::find(name)?;
    let cache_control = if version == asset.version {
        // The URL names the current version: the content behind it never changes.
        "public, max-age=31536000, immutable"
    } else {
        // An old or unknown version (e.g. a page from before a deploy): serve the current
        // content, but do not let it be cached under that URL.
        "no-cache"
    };
    Some(AssetResponse {
        body: Answer {
            content_type: ContentType::parse_flexible(asset.content_type)
                .unwrap_or(ContentType::Binary),
            body: &asset.body,
        },
        cache_control: Header::new("Cache-Control", cache_control),
    })
}
