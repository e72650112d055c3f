//! The environment variables the binaries read. Terraform sets the same names (a contract test
//! in `integration/` holds the two together), so they are defined once, here.

/// The DynamoDB table. Required by the extractor; without it the dashboard uses the embedded
/// store.
pub const ENV_TABLE: &str = "LAUNCHES_TABLE";
/// The SpaceX API base URL (default [`crate::spacex::DEFAULT_BASE_URL`]).
pub const ENV_SPACEX_API_URL: &str = "SPACEX_API_URL";
/// The Launch Library 2 base URL (Terraform sets [`crate::ll2::client::DEFAULT_BASE_URL`]).
/// Without it (local runs, tests) the extractor syncs the SpaceX API alone.
pub const ENV_LL2_API_URL: &str = "LL2_API_URL";
/// Requests one run may send to Launch Library 2 (default 10; anonymous use allows 15 an hour).
pub const ENV_LL2_REQUEST_BUDGET: &str = "LL2_REQUEST_BUDGET";
/// The name of the SSM `SecureString` parameter holding the LL2 API key, read once at cold start
/// (Terraform passes the name, never the key). Empty: LL2 is used anonymously.
pub const ENV_LL2_API_KEY_PARAMETER: &str = "LL2_API_KEY_PARAMETER";
/// The LL2 API key itself, for local runs only (in AWS it comes from SSM).
pub const ENV_LL2_API_KEY: &str = "LL2_API_KEY";
/// The AWS SDK's own setting for a service endpoint (read by `aws-config`, not by our code):
/// points the DynamoDB client at an emulator. Local runs and tests only; never set in AWS.
pub const ENV_DYNAMODB_ENDPOINT_URL: &str = "AWS_ENDPOINT_URL_DYNAMODB";
/// Log filter (tracing-subscriber's `EnvFilter` syntax) of the dashboard, and of the extractor
/// in local runs (in AWS its level comes from Lambda's `AWS_LAMBDA_LOG_LEVEL`).
pub const ENV_LOG: &str = "RUST_LOG";

/// Reads an environment variable, treating an empty value as unset.
pub fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// What the extractor reads in AWS: Terraform's Lambda module sets exactly these. Its log format
/// and level come from the function's `logging_config` (`AWS_LAMBDA_LOG_FORMAT`,
/// `AWS_LAMBDA_LOG_LEVEL`, read by `lambda_runtime`), not from this list.
pub const EXTRACTOR_ENV: &[&str] = &[
    ENV_TABLE,
    ENV_SPACEX_API_URL,
    ENV_LL2_API_URL,
    ENV_LL2_REQUEST_BUDGET,
    ENV_LL2_API_KEY_PARAMETER,
];
/// The SDK's endpoint overrides: for local runs and tests only; Terraform never sets them.
/// The LL2 key itself is never put in the function's environment: it comes from SSM.
pub const LOCAL_ONLY_ENV: &[&str] = &[
    ENV_DYNAMODB_ENDPOINT_URL,
    "AWS_ENDPOINT_URL",
    ENV_LL2_API_KEY,
];
