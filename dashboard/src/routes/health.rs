//! `/health` for the load balancer and the container's health check: 200 and `"ok"` while the
//! process serves, with the version and the cache's state. It never reads the store (a failing
//! DynamoDB must not make the load balancer drain tasks that can still serve cached data), and it
//! names no table or source: the path is public.

use rocket::fairing::AdHoc;
use rocket::serde::json::Json;
use rocket::{get, routes, State};
use serde::Serialize;

use crate::cache::CacheStatus;
use crate::state::AppState;

pub fn stage() -> AdHoc {
    AdHoc::on_ignite("health", |rocket| async {
        rocket.mount("/", routes![health])
    })
}

/// Small and never cached: answered as it is, not through [`crate::answer::Answer`].
#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub cache: CacheStatus,
}

#[get("/health")]
fn health(state: &State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        cache: state.cache.status(),
    })
}
