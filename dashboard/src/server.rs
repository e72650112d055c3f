//! The Rocket app: its configuration, its fairings and the routes' stages, so a test gets
//! exactly what the binary serves.

use rocket::fairing::AdHoc;
use rocket::figment::providers::{Env, Format, Serialized, Toml};
use rocket::figment::{Figment, Profile};
use rocket::{Build, Config, Rocket};
use serde::Serialize;

use crate::cache_control::NoCacheByDefault;
use crate::request_log::RequestLog;
use crate::routes::{api, assets, csv, health, history, openapi, pages};
use crate::security;
use crate::state::AppState;

/// The port the container listens on (Terraform's target group and ECS task use it too).
pub const DEFAULT_PORT: u16 = 8501;

/// Defaults that differ from Rocket's own.
#[derive(Serialize)]
struct Defaults {
    port: u16,
    /// Rocket's own request log is multi-line and coloured: [`RequestLog`] writes one JSON
    /// line per request instead, and Rocket only reports what is critical.
    log_level: &'static str,
    cli_colors: bool,
    /// No `Server: Rocket` header.
    ident: bool,
    shutdown: Shutdown,
}

/// SIGTERM (ECS stopping a task) drains: no new connections, `grace` seconds for requests in
/// flight, then `mercy` seconds for connections to close. 10 + 5 stays inside the task's
/// 30 s `stopTimeout`, and the load balancer's deregistration delay covers the rest.
#[derive(Serialize)]
struct Shutdown {
    ctrlc: bool,
    signals: Vec<&'static str>,
    grace: u32,
    mercy: u32,
}

/// Rocket's configuration: Rocket's defaults, then ours, then `Rocket.toml` (or the file
/// `ROCKET_CONFIG` names) when there is one, then `ROCKET_*` variables (the ECS task sets
/// `ROCKET_ADDRESS` and `ROCKET_PORT`).
pub fn figment() -> Figment {
    Figment::from(Config::default())
        .merge(Serialized::defaults(Defaults {
            port: DEFAULT_PORT,
            log_level: "critical",
            cli_colors: false,
            ident: false,
            shutdown: Shutdown {
                ctrlc: true,
                signals: vec!["term", "hup"],
                grace: 10,
                mercy: 5,
            },
        }))
        .merge(Toml::file(Env::var_or("ROCKET_CONFIG", "Rocket.toml")).nested())
        .merge(Env::prefixed("ROCKET_").ignore(&["PROFILE"]).global())
        .select(Profile::from_env_or(
            "ROCKET_PROFILE",
            Config::DEFAULT_PROFILE,
        ))
}

/// The whole app, on `state`'s store.
pub fn rocket(state: AppState) -> Rocket<Build> {
    rocket::custom(figment())
        .manage(state)
        .attach(RequestLog)
        .attach(security::shield())
        .attach(NoCacheByDefault)
        .attach(pages::stage())
        .attach(csv::stage())
        .attach(api::stage())
        .attach(history::stage())
        .attach(openapi::stage())
        .attach(health::stage())
        .attach(assets::stage())
        .attach(AdHoc::on_liftoff("listening", |rocket| {
            Box::pin(async move {
                let config = rocket.config();
                tracing::info!(address = %config.address, port = config.port, "dashboard listening");
            })
        }))
        .attach(AdHoc::on_shutdown("shutdown log", |_| {
            Box::pin(async {
                tracing::info!("shutdown requested: draining requests in flight");
            })
        }))
}
