//! JSON logs on stdout (CloudWatch reads them as they are), filtered by `RUST_LOG`.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_env(launches::config::ENV_LOG)
        .unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(false)
        .try_init();
}
