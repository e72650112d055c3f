//! The environment variables the binaries read. Terraform sets the same names (a contract test
//! in `integration/` holds the two together), so they are defined once, here.

/// The DynamoDB table. Required by the extractor; without it the dashboard uses the embedded
/// store.
pub const ENV_TABLE: &str = "LAUNCHES_TABLE";
/// The SpaceX API base URL (default [`crate::spacex::DEFAULT_BASE_URL`]).
pub const ENV_SPACEX_API_URL: &str = "SPACEX_API_URL";
/// Points the DynamoDB client at an emulator. Local runs and tests only; never set in AWS.
pub const ENV_DYNAMODB_ENDPOINT: &str = "DYNAMODB_ENDPOINT";
/// Log filter (tracing-subscriber's `EnvFilter` syntax).
pub const ENV_LOG: &str = "RUST_LOG";

/// Reads an environment variable, treating an empty value as unset.
pub fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// What the extractor reads in AWS: Terraform's Lambda module sets exactly these.
pub const EXTRACTOR_ENV: &[&str] = &[ENV_TABLE, ENV_SPACEX_API_URL, ENV_LOG];
/// Read by the binaries only in local runs and tests; Terraform never sets them.
pub const LOCAL_ONLY_ENV: &[&str] = &[ENV_DYNAMODB_ENDPOINT];
