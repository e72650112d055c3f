//! The results as Markdown: the reference figures of the older Python design next to ours, with
//! ratios and the targets, then the details. Written between two markers of docs/benchmarks.md,
//! so the hand-written analysis around them stays.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use crate::both_sources::{BothResult, BothSample, EDITED, LL2_BUDGET, LL2_HOURLY_QUOTA};
use crate::first_view::{FirstView, MILESTONES};
use crate::history_cost::HistoryCost;
use crate::load::LoadResult;
use crate::measure::{median, mib};
use crate::startup::StartupResult;
use crate::sync_runs::{SizeResult, SyncSummary, CHANGED};

pub const BEGIN: &str = "<!-- bench:begin (written by `make bench`; edit outside the markers) -->";
pub const END: &str = "<!-- bench:end -->";

/// The dashboard measured on one data set.
#[derive(Debug, Clone, Default)]
pub struct LoadSet {
    pub launches: usize,
    pub runs: Vec<LoadResult>,
    /// Server RSS after one browser view (measured on the snapshot only).
    pub rss_after_view_kb: Option<u64>,
    pub rss_after_load_kb: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    pub heading: String,
    pub snapshot: SizeResult,
    pub both: BothResult,
    pub history: HistoryCost,
    pub scales: Vec<SizeResult>,
    pub startup: Option<StartupResult>,
    pub loads: Vec<LoadSet>,
    pub first_view: FirstView,
    pub load_seconds: u64,
}

/// Where and when: machine, date, commit, build profile; for the benchmark, whose sources are
/// the emulator and a local SpaceX API server.
pub fn heading(profile: &str) -> String {
    format!(
        "{}; DynamoDB: the moto emulator in a container; SpaceX API: a local server with the \
         snapshot.",
        machine_heading(profile)
    )
}

/// Where and when, without the data sources: machine, date, commit, build profile.
pub fn machine_heading(profile: &str) -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or_else(|| "?".into(), |kb| format!("{:.0} GiB", mib(kb) / 1024.0));
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(integration::repo_root())
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let commit = git(&["rev-parse", "--short", "HEAD"]);
    let dirty = if git(&["status", "--porcelain"]).is_empty() {
        ""
    } else {
        " with uncommitted changes"
    };
    format!(
        "Measured on {} at commit {commit}{dirty}: {cores} cores ({cpu}), {memory} memory; \
         {profile} builds",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
    )
}

fn ms(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.2} ms")
    } else {
        format!("{value:.0} ms")
    }
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 * 1024.0 / 1e6)
}

fn requests(counts: &BTreeMap<String, u64>) -> String {
    let total: u64 = counts.values().sum();
    if total == 0 {
        return "0".into();
    }
    let parts: Vec<String> = counts.iter().map(|(op, n)| format!("{n} {op}")).collect();
    format!("{total} ({})", parts.join(", "))
}

/// `x` times better than the reference, for a figure where less is better.
fn less(reference: f64, ours: f64) -> String {
    if ours <= 0.0 {
        "–".into()
    } else {
        format!("{:.1}× less", reference / ours)
    }
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "**missed**"
    }
}

impl Results {
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = self.write(&mut out);
        out
    }

    fn load(&self, launches: usize, path: &str) -> Option<(&LoadSet, &LoadResult)> {
        let set = self.loads.iter().find(|s| s.launches == launches)?;
        Some((set, set.runs.iter().find(|r| r.path == path)?))
    }

    fn write(&self, out: &mut String) -> std::fmt::Result {
        writeln!(out, "{}\n", self.heading)?;
        let full = SyncSummary::of(&self.snapshot.full);
        let resync = SyncSummary::of(&self.snapshot.resync);
        let largest = self.scales.iter().max_by_key(|s| s.launches);

        writeln!(out, "### Against the reference (the older Python design)\n")?;
        writeln!(
            out,
            "| what | Python design | this design | ratio | target | |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        let n = self.snapshot.launches;
        writeln!(
            out,
            "| full sync of {n} launches into an empty table, in-process (median of {}) | 294 ms | {} | {} | ≤ 147 ms | {} |",
            full.runs,
            ms(full.sync_ms),
            less(294.0, full.sync_ms),
            verdict(full.sync_ms <= 147.0)
        )?;
        writeln!(
            out,
            "| sync again, nothing changed | 205 items rewritten, 290 ms | {} items written, {} | {} | 0 written, ≤ 29 ms | {} |",
            resync.written,
            ms(resync.sync_ms),
            less(290.0, resync.sync_ms),
            verdict(resync.written == 0 && resync.sync_ms <= 29.0)
        )?;
        writeln!(
            out,
            "| whole process, start to sync done | 880 ms, peak RSS 54 MB | {}, peak RSS {} | {} | | |",
            ms(full.process_ms),
            mb(full.peak_rss_kb),
            less(880.0, full.process_ms)
        )?;
        if let Some(startup) = &self.startup {
            let median_ms = median(&startup.samples_ms);
            writeln!(
                out,
                "| start-up before the first event can be handled (median of {}) | 350 ms | {} | {} | < 20 ms | {} |",
                startup.samples_ms.len(),
                ms(median_ms),
                less(350.0, median_ms),
                verdict(median_ms < 20.0)
            )?;
        }
        if let Some(scale) = largest {
            let summary = SyncSummary::of(&scale.full);
            writeln!(
                out,
                "| peak RSS during a {}-launch sync | | {} | | < 64 MB | {} |",
                scale.launches,
                mb(summary.peak_rss_kb),
                verdict((summary.peak_rss_kb as f64) * 1024.0 < 64e6)
            )?;
        }
        let drawn = median(&self.first_view.drawn_ms);
        writeln!(
            out,
            "| dashboard: page open until all charts drawn (median of {}, cache off) | ~7.5 s, including a required click | {} | {} | ≤ 1 s | {} |",
            self.first_view.drawn_ms.len(),
            ms(drawn),
            less(7500.0, drawn),
            verdict(drawn <= 1000.0)
        )?;
        let bytes = self.first_view.bytes as f64;
        writeln!(
            out,
            "| dashboard: bytes transferred for the first view | 9.5 MB in 123 requests | {:.2} MB in {} requests | {} | < 1 MB | {} |",
            bytes / 1e6,
            self.first_view.requests,
            less(9.5e6, bytes),
            verdict(bytes < 1e6)
        )?;
        if let Some(set) = self.loads.iter().find(|s| s.launches == n) {
            if let Some(view_kb) = set.rss_after_view_kb {
                writeln!(
                    out,
                    "| dashboard: server memory after one view | 210 MB | {} | {} | | |",
                    mb(view_kb),
                    less(210e6, view_kb as f64 * 1024.0)
                )?;
            }
            writeln!(
                out,
                "| dashboard: server RSS after the load | | {} | | < 40 MB | {} |",
                mb(set.rss_after_load_kb),
                verdict((set.rss_after_load_kb as f64) * 1024.0 < 40e6)
            )?;
        }
        if let Some((_, page)) = self.load(n, "/") {
            writeln!(
                out,
                "| dashboard: requests/s for its page (2 threads, 20 connections) | ~370, p99 60-180 ms | {:.0}, p99 {} | {:.1}× more | ≥ 7,400/s, p99 < 10 ms | {} |",
                page.requests_per_sec,
                ms(page.p99_ms),
                page.requests_per_sec / 370.0,
                verdict(page.requests_per_sec >= 7400.0 && page.p99_ms < 10.0 && page.errors == 0)
            )?;
        }
        if let Some(scale) = largest {
            if let Some((_, page)) = self.load(scale.launches, "/") {
                writeln!(
                    out,
                    "| dashboard `/` with {} launches | | {:.0}/s, p99 {} | | p99 < 50 ms | {} |",
                    scale.launches,
                    page.requests_per_sec,
                    ms(page.p99_ms),
                    verdict(page.p99_ms < 50.0 && page.errors == 0)
                )?;
            }
        }

        writeln!(out, "\n### Extractor: syncs\n")?;
        writeln!(
            out,
            "Each run is a new process; a round is a full sync into a new table, a re-sync with \
             nothing changed, a re-sync with {CHANGED} launches changed. Times are medians over \
             the rounds; requests and items are those of one round.\n"
        )?;
        writeln!(
            out,
            "| launches | sync | rounds | in-process | whole process | DynamoDB requests | items written | peak RSS |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|---|")?;
        for size in std::iter::once(&self.snapshot).chain(&self.scales) {
            for (kind, samples) in [
                ("full, empty table", &size.full),
                ("again, nothing changed", &size.resync),
                ("again, 5 changed", &size.changed),
            ] {
                let s = SyncSummary::of(samples);
                writeln!(
                    out,
                    "| {} | {kind} | {} | {} | {} | {} | {} | {} |",
                    size.launches,
                    s.runs,
                    ms(s.sync_ms),
                    ms(s.process_ms),
                    requests(&s.requests),
                    s.written,
                    mb(s.peak_rss_kb)
                )?;
            }
        }

        self.write_both(out)?;
        self.write_history(out)?;

        if let Some(startup) = &self.startup {
            let mut sorted = startup.samples_ms.clone();
            sorted.sort_by(f64::total_cmp);
            writeln!(out, "\n### Extractor: start-up\n")?;
            writeln!(
                out,
                "The extractor binary against `cargo lambda watch --only-lambda-apis`, from exec \
                 until its first `GET /runtime/invocation/next`: median {} over {} starts (min {}, \
                 max {}). Its peak RSS after handling one scheduled event (a full sync that wrote \
                 {} launches): {}.",
                ms(median(&startup.samples_ms)),
                sorted.len(),
                ms(sorted.first().copied().unwrap_or(0.0)),
                ms(sorted.last().copied().unwrap_or(0.0)),
                startup.written,
                mb(startup.peak_rss_after_sync_kb)
            )?;
        }

        writeln!(out, "\n### Dashboard: load\n")?;
        writeln!(
            out,
            "The dashboard binary on the DynamoDB store; `wrk -t2 -c20 -d{}s --latency`, one run \
             per path after one warm-up request; \"DynamoDB\" counts what the dashboard sent \
             during the run.\n",
            self.load_seconds
        )?;
        writeln!(
            out,
            "| launches | path | requests/s | p50 | p99 | errors | DynamoDB |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|")?;
        for set in &self.loads {
            for run in &set.runs {
                writeln!(
                    out,
                    "| {} | `{}` | {:.0} | {} | {} | {} | {} |",
                    set.launches,
                    run.path,
                    run.requests_per_sec,
                    ms(run.p50_ms),
                    ms(run.p99_ms),
                    run.errors,
                    requests(&run.dynamodb)
                )?;
            }
        }
        writeln!(out)?;
        for set in &self.loads {
            writeln!(
                out,
                "- {} launches: server RSS after the load {}.",
                set.launches,
                mb(set.rss_after_load_kb)
            )?;
        }

        let mut drawn = self.first_view.drawn_ms.clone();
        drawn.sort_by(f64::total_cmp);
        writeln!(out, "\n### Dashboard: first view in Chromium\n")?;
        writeln!(
            out,
            "Headless Chromium with an empty profile each time, on the {n}-launch table: all \
             charts drawn after {} (median of {}; samples {}); {} bytes in {} requests.\n",
            ms(median(&drawn)),
            drawn.len(),
            drawn.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(", "),
            self.first_view.bytes,
            self.first_view.requests,
        )?;
        writeln!(out, "| milestone (median, since navigation started) | |")?;
        writeln!(out, "|---|---|")?;
        for (label, mark) in MILESTONES {
            let values: Vec<f64> = self.first_view.marks.iter().map(mark).collect();
            writeln!(out, "| {label} | {} |", ms(median(&values)))?;
        }
        Ok(())
    }
}

/// Puts `section` between the markers of `path`, keeping the text around them; a file without
/// them gets them appended.
impl Results {
    fn write_both(&self, out: &mut String) -> std::fmt::Result {
        let both = &self.both;
        writeln!(out, "\n### Extractor: both sources\n")?;
        writeln!(
            out,
            "The Lambda's own cold start and scheduled sync, a new process each run: the SpaceX \
             API v4 snapshot, then Launch Library 2 serving its {} SpaceX fixture records with \
             the anonymous quota ({LL2_HOURLY_QUOTA} requests an hour, counted at the server) and \
             the run's budget at Terraform's default ({LL2_BUDGET}). A round: the first run into \
             an empty table (no cursor yet: LL2's full backfill), a run with nothing changed, a \
             run after {EDITED} launches were edited on LL2. Medians over the rounds.\n",
            both.ll2_records
        )?;
        writeln!(
            out,
            "| run | rounds | in-process | whole process | LL2 pages (quota) | LL2 requests (all) | items written (LL2) | DynamoDB requests | peak RSS |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|---|---|")?;
        for (kind, runs) in [
            ("backfill, empty table", &both.backfill),
            ("scheduled, nothing changed", &both.nothing_changed),
            ("scheduled, 5 edited on LL2", &both.edited),
        ] {
            let samples: Vec<_> = runs.iter().map(|r| r.sample.clone()).collect();
            let s = SyncSummary::of(&samples);
            let first = runs.first();
            writeln!(
                out,
                "| {kind} | {} | {} | {} | {} | {} | {} ({}) | {} | {} |",
                s.runs,
                ms(s.sync_ms),
                ms(s.process_ms),
                first.map_or(0, |r| r.ll2_pages),
                first.map_or(0, |r| r.ll2_requests),
                s.written,
                first.map_or(0, |r| r.ll2().0),
                requests(&s.requests),
                mb(s.peak_rss_kb)
            )?;
        }
        let pages = |runs: &[BothSample]| runs.iter().map(|r| r.ll2_pages).max().unwrap_or(0);
        let (backfill, idle) = (pages(&both.backfill), pages(&both.nothing_changed));
        writeln!(
            out,
            "\nTargets: a run with nothing changed sends at most 2 requests to LL2: {} \
             ({} in all, `/api-throttle/` included) — {}; the backfill and a scheduled run fit in \
             one hour's {LL2_HOURLY_QUOTA}: {backfill} + {idle} — {}.",
            idle,
            both.nothing_changed.first().map_or(0, |r| r.ll2_requests),
            verdict(both.nothing_changed.iter().all(|r| r.ll2_requests <= 2)),
            verdict(backfill + idle <= LL2_HOURLY_QUOTA as usize)
        )
    }
}

impl Results {
    fn write_history(&self, out: &mut String) -> std::fmt::Result {
        let cost = &self.history;
        let Some(first) = cost.with_history.first() else {
            return Ok(());
        };
        writeln!(out, "\n### Extractor: the cost of history\n")?;
        writeln!(
            out,
            "The {} weekly LL2 snapshots replayed in time order through the sync (one sync each, \
             in-process) into a new table; the last snapshot's sync once more (nothing new); and \
             the replay into another new table through a store that keeps no history (the sync \
             as it was before history). Medians over {} round(s).\n",
            cost.snapshots,
            cost.with_history.len()
        )?;
        writeln!(
            out,
            "| replay | time | rows written | history entries | DynamoDB requests |"
        )?;
        writeln!(out, "|---|---|---|---|---|")?;
        let without = cost.without_history.first().cloned().unwrap_or_default();
        let again = cost.again.first().cloned().unwrap_or_default();
        for (kind, samples, entries) in [
            (
                "with history, new table",
                &cost.with_history,
                first.history_entries,
            ),
            (
                "with history, last snapshot again (nothing new)",
                &cost.again,
                again.history_entries,
            ),
            ("without history, new table", &cost.without_history, 0),
        ] {
            let sample = samples.first().cloned().unwrap_or_default();
            writeln!(
                out,
                "| {kind} | {} | {} | {entries} | {} |",
                ms(HistoryCost::median_ms(samples)),
                sample.written,
                requests(&sample.requests)
            )?;
        }
        let syncs = cost.snapshots.max(1) as f64;
        let extra = first
            .total_requests()
            .saturating_sub(without.total_requests());
        let (with_ms, without_ms) = (
            HistoryCost::median_ms(&cost.with_history),
            HistoryCost::median_ms(&cost.without_history),
        );
        writeln!(
            out,
            "\nPer sync: {:.1} history entries and {:.1} more DynamoDB requests ({} in all, \
             {:+.0}% on the sync's own); replay time {:.2}× the replay without history.",
            first.history_entries as f64 / syncs,
            extra as f64 / syncs,
            extra,
            if without.total_requests() == 0 {
                0.0
            } else {
                extra as f64 * 100.0 / without.total_requests() as f64
            },
            if without_ms > 0.0 {
                with_ms / without_ms
            } else {
                0.0
            }
        )
    }
}

pub fn write_between_markers(path: &Path, section: &str) -> anyhow::Result<()> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let block = format!("{BEGIN}\n{section}{END}");
    let new = match (old.find(BEGIN), old.find(END)) {
        (Some(begin), Some(end)) if end > begin => {
            format!("{}{block}{}", &old[..begin], &old[end + END.len()..])
        }
        _ => format!("{old}{}{block}\n", if old.is_empty() { "" } else { "\n" }),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, new)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_text_around_the_markers() {
        let dir = std::env::temp_dir().join(format!("bench-report-{}", std::process::id()));
        let path = dir.join("benchmarks.md");
        write_between_markers(&path, "first\n").expect("writes");
        let with_text = std::fs::read_to_string(&path)
            .expect("reads")
            .replace(END, &format!("{END}\n\nHand-written analysis."));
        std::fs::write(&path, format!("# Title\n\n{with_text}")).expect("writes");
        write_between_markers(&path, "second\n").expect("writes");
        let text = std::fs::read_to_string(&path).expect("reads");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(text.starts_with("# Title\n\n"), "{text}");
        assert!(
            text.contains("second\n") && !text.contains("first"),
            "{text}"
        );
        assert!(text.ends_with("Hand-written analysis.\n"), "{text}");
    }
}
