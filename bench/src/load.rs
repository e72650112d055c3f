//! The dashboard under load: its release binary on the DynamoDB store (through the counting
//! proxy, so the requests it sends to DynamoDB are counted), loaded by wrk (2 threads, 20
//! connections, like the reference figures).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use integration::emulator::REGION;
use launches::config::{ENV_DYNAMODB_ENDPOINT_URL, ENV_TABLE};
use test_support::processes::{free_port, ChildGuard};

use crate::measure::status_kb;

/// The dashboard, running.
pub struct Dashboard {
    process: ChildGuard,
    port: u16,
}

impl Dashboard {
    /// Starts `exe` on `table`, and waits until `/health` answers 200.
    pub fn start(exe: &Path, table: &str, dynamodb_url: &str) -> anyhow::Result<Self> {
        let port = free_port()?;
        let process = Command::new(exe)
            .env_clear()
            .env("ROCKET_ADDRESS", "127.0.0.1")
            .env("ROCKET_PORT", port.to_string())
            .env(ENV_TABLE, table)
            .env(ENV_DYNAMODB_ENDPOINT_URL, dynamodb_url)
            .env("AWS_REGION", REGION)
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", exe.display()))?;
        let dashboard = Dashboard {
            process: ChildGuard(process),
            port,
        };
        dashboard.wait_until_ok("/health", Duration::from_secs(60))?;
        Ok(dashboard)
    }

    /// Polls `path` until it answers 200: the first page view waits for the launch cache's
    /// first read, which takes the emulator seconds for a large table.
    pub fn wait_until_ok(&self, path: &str, timeout: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            let status = self.get(path);
            if matches!(status, Ok(200)) {
                return Ok(());
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "GET {path} did not answer 200 within {timeout:?}: {status:?}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The status of a plain GET.
    pub fn get(&self, path: &str) -> std::io::Result<u16> {
        test_support::http::get(self.port, path, Duration::from_secs(60)).map(|(status, _)| status)
    }

    /// `VmRSS` (current) or `VmHWM` (peak) of the server process.
    pub fn memory_kb(&self, field: &str) -> anyhow::Result<u64> {
        status_kb(Some(self.process.0.id()), field).context("reading the dashboard's memory")
    }
}

/// One wrk run.
#[derive(Debug, Clone, Default)]
pub struct LoadResult {
    pub path: String,
    pub requests_per_sec: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub requests: u64,
    /// Non-2xx/3xx answers plus socket errors.
    pub errors: u64,
    /// DynamoDB requests the dashboard sent during the run, by operation.
    pub dynamodb: BTreeMap<String, u64>,
}

/// `wrk -t2 -c20 -d<seconds>s --latency <url>`
pub fn wrk(url: &str, seconds: u64) -> anyhow::Result<LoadResult> {
    wrk_with(url, seconds, 20, None)
}

/// `wrk -t2 -c<connections> -d<seconds>s --latency [--timeout 10s -s <script>] <url>`: with a
/// script (the soak's mix, with its large pages), a request counts as an error after 10 s, not 2.
pub fn wrk_with(
    url: &str,
    seconds: u64,
    connections: usize,
    script: Option<&Path>,
) -> anyhow::Result<LoadResult> {
    let mut command = Command::new("wrk");
    command.args([
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
    ]);
    if let Some(script) = script {
        command.args(["--timeout", "10s", "-s"]).arg(script);
    }
    let output = command
        .arg(url)
        .output()
        .context("running wrk (make setup installs Debian's wrk)")?;
    let text = String::from_utf8_lossy(&output.stdout);
    anyhow::ensure!(
        output.status.success(),
        "wrk failed: {text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    parse_wrk(&text).with_context(|| format!("reading wrk's report:\n{text}"))
}

fn parse_wrk(text: &str) -> anyhow::Result<LoadResult> {
    let mut result = LoadResult::default();
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["50%", value] => result.p50_ms = duration_ms(value)?,
            ["90%", value] => result.p90_ms = duration_ms(value)?,
            ["99%", value] => result.p99_ms = duration_ms(value)?,
            ["Requests/sec:", value] => result.requests_per_sec = value.parse()?,
            [count, "requests", "in", ..] => result.requests = count.parse()?,
            ["Non-2xx", "or", "3xx", "responses:", count] => {
                result.errors += count.parse::<u64>()?
            }
            ["Socket", "errors:", rest @ ..] => {
                result.errors += rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok())
                    .sum::<u64>();
            }
            _ => {}
        }
    }
    anyhow::ensure!(result.requests > 0, "no requests completed");
    Ok(result)
}

/// wrk's `812.00us`, `1.23ms`, `2.01s`.
fn duration_ms(value: &str) -> anyhow::Result<f64> {
    let split = value
        .find(|c: char| c.is_ascii_alphabetic())
        .with_context(|| format!("no unit in `{value}`"))?;
    let (number, unit) = value.split_at(split);
    let number: f64 = number.parse()?;
    Ok(match unit {
        "us" => number / 1000.0,
        "ms" => number,
        "s" => number * 1000.0,
        "m" => number * 60_000.0,
        other => anyhow::bail!("unknown unit `{other}` in `{value}`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 10s test @ http://127.0.0.1:8000/
  2 threads and 20 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.20ms  300.00us   9.00ms   80.00%
    Req/Sec     8.00k   500.00     9.00k    70.00%
  Latency Distribution
     50%  812.00us
     75%    1.30ms
     90%    1.80ms
     99%    2.01s
  160000 requests in 10.00s, 1.00GB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  16000.50
Transfer/sec:    100.00MB
";

    #[test]
    fn reads_wrk_reports() {
        let result = parse_wrk(REPORT).expect("parses");
        assert_eq!(result.p50_ms, 0.812);
        assert!((result.p99_ms - 2010.0).abs() < 1e-9, "{}", result.p99_ms);
        assert_eq!(result.requests_per_sec, 16000.5);
        assert_eq!(result.requests, 160_000);
        assert_eq!(result.errors, 7);
    }

    #[test]
    fn an_empty_report_is_an_error() {
        assert!(parse_wrk("Running 1s test\n").is_err());
    }
}
