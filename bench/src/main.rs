//! `bench [--smoke] [--out FILE]`: runs the benchmark plan and writes its results between the
//! markers of FILE (default: docs/benchmarks.md; with --smoke, target/bench-smoke.md).
//! `bench sync-once` is the process each measured sync runs in.

use std::path::PathBuf;

use anyhow::Context;
use bench::plan::{Binaries, Plan};
use bench::report::{heading, write_between_markers};
use bench::sync_runs::{sync_once, SYNC_ONCE};

const USAGE: &str = "usage: bench [--smoke] [--out FILE] | bench sync-once";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(SYNC_ONCE) {
        let report = sync_once().await?;
        println!("{}", serde_json::to_string(&report)?);
        return Ok(());
    }
    let mut smoke = false;
    let mut out = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--smoke" => smoke = true,
            "--out" => out = Some(PathBuf::from(rest.next().context(USAGE)?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => anyhow::bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    let root = integration::repo_root();
    let out = out.unwrap_or_else(|| {
        if smoke {
            root.join("target/bench-smoke.md")
        } else {
            root.join("docs/benchmarks.md")
        }
    });
    let plan = if smoke { Plan::smoke() } else { Plan::full() };
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let binaries = Binaries::beside_this_one()?;
    let results = plan.run(&binaries, heading(profile)).await?;
    let markdown = results.markdown();
    write_between_markers(&out, &markdown)?;
    println!("{markdown}");
    eprintln!("bench: results written to {}", out.display());
    Ok(())
}
