//! `soak [--seconds N] [--launches N] [--out FILE] [--dashboard EXE]`: the dashboard's release
//! binary (`--dashboard`, default: the `dashboard` beside this one) under minutes of mixed load on a large table; writes its figures between the soak markers
//! of FILE (default docs/benchmarks.md) and fails when there were errors or the RSS grew.

use std::path::PathBuf;

use anyhow::Context;
use bench::report::machine_heading;
use bench::soak::{write_soak_section, SoakPlan};

const USAGE: &str = "usage: soak [--seconds N] [--launches N] [--out FILE] [--dashboard EXE]";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut plan = SoakPlan {
        launches: 20_000,
        seconds: 300,
        idle_connections: 200,
        connections: 20,
    };
    let mut out = integration::repo_root().join("docs/benchmarks.md");
    let mut dashboard = std::env::current_exe()?.with_file_name("dashboard");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().context(USAGE);
        match arg.as_str() {
            "--seconds" => plan.seconds = value()?.parse().context(USAGE)?,
            "--launches" => plan.launches = value()?.parse().context(USAGE)?,
            "--out" => out = PathBuf::from(value()?),
            "--dashboard" => dashboard = PathBuf::from(value()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => anyhow::bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    anyhow::ensure!(
        dashboard.exists(),
        "{} is missing: cargo build --release -p dashboard",
        dashboard.display()
    );
    let result = plan.run(&dashboard).await?;
    // No source API in the soak: the table is filled by a sync from synthetic snapshot files.
    let section = result.markdown(&format!(
        "{}; DynamoDB: the moto emulator in a container, filled beforehand with {} synthetic \
         launches (copies of the snapshot's, by a sync from files; no source API runs).",
        machine_heading("the image's (static musl, mimalloc) release"),
        plan.launches
    ));
    println!("{section}");
    write_soak_section(&out, &section)?;
    result.check()
}
