//! The `dashboard` binary.
//!
//! - `dashboard` (or `dashboard serve`): serves the dashboard (config from the environment,
//!   see `docs/dashboard.md`);
//! - `dashboard healthcheck`: the container's health check, exit 0 when `/health` answers 200.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use dashboard::settings::Settings;
use dashboard::{healthcheck, logging, startup};

/// mimalloc in the static musl build (the image's): under `make soak`'s load it grew to 475 MiB
/// in 5 minutes with musl's own allocator (a 512 MiB task) and kept growing; with mimalloc it
/// rises and falls with the load, and is faster. glibc's allocator held flat in the same soak
/// and keeps a smaller footprint at rest (about 20 MB against mimalloc's 48 MB in `make bench`),
/// so other builds keep it.
#[cfg(target_env = "musl")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let command = std::env::args().nth(1);
    match command.as_deref() {
        None | Some("serve") => match serve() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                tracing::error!(
                    error = format!("{error:#}"),
                    "the dashboard stopped on an error"
                );
                eprintln!("dashboard: {error:#}");
                ExitCode::FAILURE
            }
        },
        Some("healthcheck") => {
            let result = healthcheck::port_from_env()
                .and_then(|port| healthcheck::check(port, Duration::from_secs(3)));
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("healthcheck: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("-h" | "--help" | "help") => {
            println!("usage: dashboard [serve | healthcheck]");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("dashboard: unknown command `{other}` (expected serve or healthcheck)");
            ExitCode::from(2)
        }
    }
}

fn serve() -> anyhow::Result<()> {
    logging::init();
    let settings = Settings::from_env().context("reading the configuration")?;
    rocket::execute(async move {
        let state = startup::build_state(&settings)
            .await
            .context("preparing the launch store")?;
        // Warm the cache so the first visitor does not wait for the store; a failure here is
        // logged by the cache and retried by the first request, not fatal.
        let _ = state.cache.launches().await;
        dashboard::rocket(state)
            .launch()
            .await
            .context("running the web server")?;
        tracing::info!("dashboard stopped");
        Ok(())
    })
}
