//! `make soak`: the dashboard's release binary on a table of 20,000 launches (the emulator),
//! loaded for minutes by wrk with a random URL per request (every page, the CSV and the API,
//! with random combinations of every filter, so the rendered-answer cache churns), while many
//! keep-alive connections stay open and ask `/health` now and then. The figures: errors (must be
//! 0), latency percentiles, and the RSS sampled every 10 s (which must stay flat).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use integration::emulator::Emulator;
use integration::spacex_server::Snapshot;
use integration::terraform::create_launches_table;
use launches::{sync, DateRange, DynamoStore, DynamoStoreConfig, SnapshotSource};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::load::{Dashboard, LoadResult};
use crate::measure::mib;
use crate::synthetic::scaled;

pub struct SoakPlan {
    pub launches: usize,
    pub seconds: u64,
    /// Keep-alive connections held open beside wrk's.
    pub idle_connections: usize,
    /// wrk's connections.
    pub connections: usize,
}

pub struct SoakResult {
    pub plan_launches: usize,
    pub seconds: u64,
    pub connections: usize,
    pub idle_connections: usize,
    pub load: LoadResult,
    pub p90_ms: f64,
    /// (seconds since the load started, RSS in kB).
    pub rss: Vec<(u64, u64)>,
    pub idle_answers: u64,
    pub idle_errors: u64,
}

/// The peak RSS of the second half of the run may not exceed the first half's by more than this.
/// Single samples swing by tens of MiB with the load (pages, CSV chunks and rendered answers
/// come and go), so "flat" is judged on the peaks: the caches are bounded (all launches once,
/// read again only when the table's change mark moves; rendered answers at most 8 MB), and a
/// leak or an allocator that keeps what is freed shows as a later peak above the earlier ones.
pub const RSS_GROWTH_BOUND_MIB: f64 = 32.0;

impl SoakPlan {
    pub async fn run(&self, dashboard_exe: &Path) -> anyhow::Result<SoakResult> {
        let emulator = Emulator::start().await?;
        let table = "soak-launches";
        create_launches_table(&emulator.client(), table).await?;
        let data = scaled(&Snapshot::bundled()?, self.launches)?;
        let ids: Vec<String> = data
            .launches
            .iter()
            .step_by(997)
            .filter_map(|l| l["id"].as_str().map(str::to_owned))
            .collect();
        eprintln!("soak: writing {} launches to the emulator", self.launches);
        let dir = tempfile::tempdir()?;
        for (name, value) in [
            (
                "launches.json",
                serde_json::Value::Array(data.launches.clone()),
            ),
            ("rockets.json", data.rockets.clone()),
            ("launchpads.json", data.launchpads.clone()),
            ("payloads.json", data.payloads.clone()),
        ] {
            std::fs::write(dir.path().join(name), serde_json::to_vec(&value)?)?;
        }
        let store = DynamoStore::new(emulator.client(), DynamoStoreConfig::new(table));
        let report = sync(
            &SnapshotSource::directory(dir.path()),
            &store,
            DateRange::ALL,
        )
        .await?;
        anyhow::ensure!(
            report.written == self.launches,
            "wrote {} launches, not {}",
            report.written,
            self.launches
        );

        let dashboard = tokio::task::block_in_place(|| {
            Dashboard::start(dashboard_exe, table, emulator.endpoint())
        })?;
        tokio::task::block_in_place(|| dashboard.wait_until_ok("/", Duration::from_secs(300)))?;
        let port: u16 = dashboard
            .url("")
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .context("the dashboard's port")?;

        let script = tempfile::Builder::new().suffix(".lua").tempfile()?;
        std::fs::write(script.path(), lua_script(&ids))?;
        eprintln!(
            "soak: {} s of wrk ({} connections) with {} idle keep-alive connections",
            self.seconds, self.connections, self.idle_connections
        );
        let deadline = Instant::now() + Duration::from_secs(self.seconds + 5);
        let idle: Vec<_> = (0..self.idle_connections)
            .map(|_| tokio::spawn(hold_open(port, deadline)))
            .collect();
        let url = dashboard.url("/");
        let (seconds, connections) = (self.seconds, self.connections);
        let script_path = script.path().to_owned();
        let mut wrk = tokio::task::spawn_blocking(move || {
            crate::load::wrk_with(&url, seconds, connections, Some(&script_path))
        });
        let started = Instant::now();
        let mut rss = Vec::new();
        let load = loop {
            tokio::select! {
                done = &mut wrk => break done??,
                () = tokio::time::sleep(Duration::from_secs(10)) => {
                    rss.push((started.elapsed().as_secs(), dashboard.memory_kb("VmRSS")?));
                }
            }
        };
        rss.push((started.elapsed().as_secs(), dashboard.memory_kb("VmRSS")?));
        let (mut idle_answers, mut idle_errors) = (0, 0);
        for task in idle {
            let (answers, errors) = task.await?;
            idle_answers += answers;
            idle_errors += errors;
        }
        Ok(SoakResult {
            plan_launches: self.launches,
            seconds: self.seconds,
            connections: self.connections,
            idle_connections: self.idle_connections,
            p90_ms: load.p90_ms,
            load,
            rss,
            idle_answers,
            idle_errors,
        })
    }
}

/// One keep-alive connection that asks `/health` every 3 s (Rocket closes a connection idle
/// for 5 s) until `deadline`: (answers, errors).
async fn hold_open(port: u16, deadline: Instant) -> (u64, u64) {
    let (mut answers, mut errors) = (0, 0);
    let Ok(stream) = TcpStream::connect(("127.0.0.1", port)).await else {
        return (0, 1);
    };
    let mut stream = BufReader::new(stream);
    while Instant::now() < deadline {
        match health(&mut stream).await {
            Ok(200) => answers += 1,
            Ok(_) | Err(_) => {
                errors += 1;
                break;
            }
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    (answers, errors)
}

async fn health(stream: &mut BufReader<TcpStream>) -> std::io::Result<u16> {
    stream
        .get_mut()
        .write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await?;
    let mut status = 0;
    let mut length = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some(rest) = trimmed.strip_prefix("HTTP/1.1 ") {
            status = rest.get(..3).and_then(|s| s.parse().ok()).unwrap_or(0);
        } else if let Some((name, value)) = trimmed.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await?;
    Ok(status)
}

/// wrk's Lua: a random URL per request over every route and every filter.
fn lua_script(ids: &[String]) -> String {
    let ids: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
    format!(
        r#"math.randomseed(os.time())
local paths = {{"/", "/launches", "/launches.csv", "/api/launches", "/api/stats", "/launch"}}
local ids = {{{ids}}}
local rockets = {{"Falcon+9", "Falcon+Heavy", "Falcon+1", "5e9d0d95eda69973a809d1ec"}}
local sites = {{"KSC+LC+39A", "CCSFS+SLC+40", "VAFB+SLC+4E", "Kwajalein+Atoll"}}
local statuses = {{"success", "failure", "upcoming", "unknown", "partial_failure"}}
local sorts = {{"date", "-date", "name", "-flight", "rocket", "site", "-status"}}
local function pick(list) return list[math.random(#list)] end
request = function()
  local path = pick(paths)
  if path == "/launch" then return wrk.format("GET", "/launches/" .. pick(ids)) end
  local q = {{}}
  if math.random() < 0.5 then
    local year = math.random(2006, 2090)
    q[#q + 1] = "from=" .. year .. "-" .. string.format("%02d", math.random(1, 12)) .. "-01"
    if math.random() < 0.6 then q[#q + 1] = "to=" .. (year + math.random(0, 30)) .. "-12-31" end
  end
  if math.random() < 0.4 then q[#q + 1] = "rocket=" .. pick(rockets) end
  if math.random() < 0.4 then q[#q + 1] = "site=" .. pick(sites) end
  if math.random() < 0.4 then q[#q + 1] = "status=" .. pick(statuses) end
  if (path == "/launches" or path == "/launches.csv") and math.random() < 0.5 then
    q[#q + 1] = "sort=" .. pick(sorts)
  end
  if (path == "/api/launches" or path == "/launches") and math.random() < 0.5 then
    q[#q + 1] = "limit=" .. math.random(1, 1000) .. "&offset=" .. math.random(0, 20000)
  end
  local url = path
  if #q > 0 then url = url .. "?" .. table.concat(q, "&") end
  return wrk.format("GET", url)
end
"#,
        ids = ids.join(", ")
    )
}

impl SoakResult {
    /// Whether the run meets its promises: no error, flat RSS.
    pub fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.load.errors == 0,
            "{} errors under load",
            self.load.errors
        );
        anyhow::ensure!(
            self.idle_errors == 0,
            "{} keep-alive connections failed",
            self.idle_errors
        );
        let growth = self.rss_growth_mib();
        anyhow::ensure!(
            growth <= RSS_GROWTH_BOUND_MIB,
            "RSS grew by {growth:.1} MiB (bound {RSS_GROWTH_BOUND_MIB} MiB)"
        );
        Ok(())
    }

    /// The peak RSS of the second half of the samples minus that of the first half.
    pub fn rss_growth_mib(&self) -> f64 {
        let (first, second) = self.rss.split_at(self.rss.len() / 2);
        let peak = |samples: &[(u64, u64)]| samples.iter().map(|(_, kb)| *kb).max().unwrap_or(0);
        mib(peak(second).saturating_sub(peak(first)))
    }

    pub fn rss_peak_mib(&self) -> f64 {
        mib(self.rss.iter().map(|(_, kb)| *kb).max().unwrap_or(0))
    }

    pub fn markdown(&self, heading: &str) -> String {
        let mut out = String::new();
        let load = &self.load;
        let _ = writeln!(
            out,
            "### Soak: {} s of load on {} launches\n",
            self.seconds, self.plan_launches
        );
        let _ = writeln!(out, "{heading}\n");
        let _ = writeln!(
            out,
            "wrk: {} connections, a random URL per request (every page, the CSV, the API, a launch page; random combinations of every filter, sort and page); beside it {} keep-alive connections asking `/health` every 3 s.\n",
            self.connections, self.idle_connections
        );
        let _ = writeln!(out, "| requests | req/s | p50 | p90 | p99 | errors | keep-alive answers | keep-alive errors |");
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
        let _ = writeln!(
            out,
            "| {} | {:.0} | {:.1} ms | {:.1} ms | {:.1} ms | {} | {} | {} |\n",
            load.requests,
            load.requests_per_sec,
            load.p50_ms,
            self.p90_ms,
            load.p99_ms,
            load.errors,
            self.idle_answers,
            self.idle_errors
        );
        let samples: Vec<String> = self
            .rss
            .iter()
            .map(|(s, kb)| format!("{s} s: {:.1}", mib(*kb)))
            .collect();
        let _ = writeln!(
            out,
            "RSS (MiB) every 10 s: {}.\nPeak {:.1} MiB; the second half's peak above the first half's: {:.1} MiB (bound: {RSS_GROWTH_BOUND_MIB} MiB).",
            samples.join(", "),
            self.rss_peak_mib(),
            self.rss_growth_mib()
        );
        out
    }
}

const BEGIN: &str = "<!-- soak:begin (written by `make soak`; edit outside the markers) -->";
const END: &str = "<!-- soak:end -->";

/// Puts `section` between the soak markers of `path` (appended when they are missing).
pub fn write_soak_section(path: &Path, section: &str) -> anyhow::Result<()> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let block = format!("{BEGIN}\n{section}{END}");
    let new = match (old.find(BEGIN), old.find(END)) {
        (Some(begin), Some(end)) if end > begin => {
            format!("{}{block}{}", &old[..begin], &old[end + END.len()..])
        }
        _ => format!("{old}\n{block}\n"),
    };
    std::fs::write(path, new)?;
    Ok(())
}
