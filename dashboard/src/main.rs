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
use mimalloc::MiMalloc;

/// mimalloc, not the libc's allocator: the image's static musl build, under `make soak`'s load,
/// grew to 475 MiB in 5 minutes with musl's own allocator (a 512 MiB task) and kept growing;
/// mimalloc returns freed memory and is much faster than musl's. One allocator for every build,
/// so that the soak measures what the image runs.
#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

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
