//! JSON logs on stdout (CloudWatch reads them as they are), filtered by `RUST_LOG`.
//!
//! Rocket's own log (through the `log` crate) is held at `warn` unless `RUST_LOG` names it:
//! at `info` it writes four lines per request, and `request_log` already writes one.

use tracing_subscriber::EnvFilter;

/// The filter for a `RUST_LOG` value (`None`: unset).
pub fn filter_directives(rust_log: Option<&str>) -> String {
    let base = rust_log
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .unwrap_or("info");
    if base.contains("rocket") {
        base.to_owned()
    } else {
        format!("{base},rocket=warn")
    }
}

pub fn init() {
    let rust_log = launches::config::env_var(launches::config::ENV_LOG);
    let directives = filter_directives(rust_log.as_deref());
    let filter = EnvFilter::try_new(&directives).unwrap_or_else(|error| {
        eprintln!("invalid RUST_LOG `{directives}` ({error}); logging at info");
        EnvFilter::new("info,rocket=warn")
    });
    // A second init (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(false)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rocket_is_quiet_unless_asked_for() {
        assert_eq!(filter_directives(None), "info,rocket=warn");
        assert_eq!(filter_directives(Some("debug")), "debug,rocket=warn");
        assert_eq!(
            filter_directives(Some("info,rocket=info")),
            "info,rocket=info"
        );
    }
}
