//! `make bench-smoke`: the whole benchmark at tiny sizes (a minute at most), so that it cannot
//! silently rot. It checks that every part ran and reported, never how fast: the machines are
//! shared and noisy, timings belong to `make bench`.

use std::process::Command;

use bench::plan::LOAD_PATHS;
use bench::report::{BEGIN, END};

#[test]
fn the_benchmark_runs_every_part_at_tiny_sizes() {
    let out = integration::repo_root().join("target/bench-smoke.md");
    let _ = std::fs::remove_file(&out);
    let output = Command::new(env!("CARGO_BIN_EXE_bench"))
        .args(["--smoke", "--out"])
        .arg(&out)
        .output()
        .expect("the bench binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "bench --smoke failed:\n{stderr}");

    let report = std::fs::read_to_string(&out).expect("the smoke report is written");
    assert!(report.contains(BEGIN) && report.contains(END), "{report}");
    for section in [
        "### Against the reference",
        "### Extractor: syncs",
        "### Extractor: both sources",
        "### Extractor: the cost of history",
        "### Extractor: start-up",
        "### Dashboard: load",
        "### Dashboard: first view in Chromium",
    ] {
        assert!(report.contains(section), "no `{section}` in:\n{report}");
    }
    for run in [
        "| backfill, empty table | 1 |",
        "| scheduled, nothing changed | 1 |",
        "| scheduled, 5 edited on LL2 | 1 |",
        "| with history, new table |",
        "| with history, last snapshot again (nothing new) |",
        "| without history, new table |",
    ] {
        assert!(report.contains(run), "no `{run}` in:\n{report}");
    }
    for launches in [205, 400] {
        for path in LOAD_PATHS {
            let row = format!("| {launches} | `{path}` |");
            assert!(report.contains(&row), "no `{row}` in:\n{report}");
        }
        for sync in [
            "full, empty table",
            "again, nothing changed",
            "again, 5 changed",
        ] {
            let row = format!("| {launches} | {sync} |");
            assert!(report.contains(&row), "no `{row}` in:\n{report}");
        }
    }
}
