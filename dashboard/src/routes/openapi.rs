//! `/api/openapi.json`: the OpenAPI document of the JSON API (`dashboard/api/openapi.json`,
//! baked into the binary). `tests/openapi.rs` holds it to the routes and their answers.

use rocket::fairing::AdHoc;
use rocket::http::ContentType;
use rocket::{get, routes};

pub const DOCUMENT: &str = include_str!("../../api/openapi.json");

pub fn stage() -> AdHoc {
    AdHoc::on_ignite("OpenAPI document", |rocket| async {
        rocket.mount("/api", routes![openapi])
    })
}

#[get("/openapi.json")]
fn openapi() -> (ContentType, &'static str) {
    (ContentType::JSON, DOCUMENT)
}
