//! Small measuring helpers: medians, and a process's memory as Linux reports it.

/// The median of `values` (the mean of the middle two for an even count); 0 for none.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// A `kB` field of `/proc/<pid>/status` (`VmRSS`, `VmHWM`: the peak RSS), `None` for this
/// process.
pub fn status_kb(pid: Option<u32>, field: &str) -> Option<u64> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/status"),
        None => "/proc/self/status".to_owned(),
    };
    let status = std::fs::read_to_string(path).ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

/// Kibibytes as mebibytes.
pub fn mib(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn reads_this_process_memory() {
        let rss = status_kb(None, "VmRSS").expect("Linux reports VmRSS");
        let peak = status_kb(None, "VmHWM").expect("Linux reports VmHWM");
        assert!(rss > 0 && peak >= rss, "rss {rss} kB, peak {peak} kB");
        assert_eq!(status_kb(None, "NoSuchField"), None);
    }
}
