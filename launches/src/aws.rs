//! AWS clients, built once per process with timeouts, and the one SSM read the extractor makes
//! at cold start.

use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::BehaviorVersion;
use aws_config::SdkConfig;
use aws_sdk_ssm::error::DisplayErrorContext;

/// How long an AWS call (DynamoDB; SSM at cold start) may take. The SDK sets no operation or attempt timeout by default:
/// a store that accepts the connection and never answers (a paused emulator, a network
/// black hole) would hold a sync until the Lambda's own timeout kills it, with no report. With
/// these, every call fails within `operation` and the run fails naming what it did not write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwsTimeouts {
    /// Opening the TCP (and TLS) connection.
    pub connect: Duration,
    /// One attempt, from sending the request to reading the whole answer. A BatchWriteItem of
    /// 25 launches or a BatchGetItem of 100 takes tens of milliseconds in DynamoDB; a 1 MB Query
    /// page well under a second.
    pub attempt: Duration,
    /// One call, the SDK's own retries (3 attempts, with backoff) included.
    pub operation: Duration,
}

impl Default for AwsTimeouts {
    /// Well inside the extractor's Lambda timeout (120 s in dev, 300 s in prod): a call stuck on
    /// a dead connection gives up after 30 s, leaving the run time to report.
    fn default() -> Self {
        AwsTimeouts {
            connect: Duration::from_secs(3),
            attempt: Duration::from_secs(10),
            operation: Duration::from_secs(30),
        }
    }
}

impl AwsTimeouts {
    /// The SDK's form of these timeouts.
    pub fn config(&self) -> TimeoutConfig {
        TimeoutConfig::builder()
            .connect_timeout(self.connect)
            .operation_attempt_timeout(self.attempt)
            .operation_timeout(self.operation)
            .build()
    }
}

/// The AWS settings from the standard environment: region, credentials, and for local runs the
/// SDK's own endpoint overrides (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SSM`, or
/// `AWS_ENDPOINT_URL`), with the default [`AwsTimeouts`]. Load it once and build every client
/// from it.
pub async fn sdk_config() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(AwsTimeouts::default().config())
        .load()
        .await
}

/// A DynamoDB client from the standard AWS environment.
pub async fn dynamodb_client() -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(&sdk_config().await)
}

/// Why a secret parameter could not be read. It names the parameter, never its value.
#[derive(Debug, thiserror::Error)]
pub enum ParameterError {
    #[error("SSM parameter `{name}` could not be read: {reason}")]
    Unreadable { name: String, reason: String },
    #[error("SSM parameter `{name}` has no value")]
    Empty { name: String },
}

/// Reads an SSM parameter by name, decrypted (a `SecureString` is decrypted with its KMS key,
/// which the caller's role must be allowed to use through SSM). `None` when no parameter has
/// that name; any other failure (access denied, the key refused, SSM unreachable) is an error.
pub async fn secure_parameter(
    client: &aws_sdk_ssm::Client,
    name: &str,
) -> Result<Option<String>, ParameterError> {
    let output = match client
        .get_parameter()
        .name(name)
        .with_decryption(true)
        .send()
        .await
    {
        Ok(output) => output,
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_parameter_not_found()) =>
        {
            return Ok(None)
        }
        Err(e) => {
            return Err(ParameterError::Unreadable {
                name: name.to_owned(),
                // The SDK's error context names the service's error code and message (e.g.
                // AccessDeniedException); neither the request nor the answer carries the value.
                reason: DisplayErrorContext(&e).to_string(),
            });
        }
    };
    match output.parameter.and_then(|p| p.value) {
        Some(value) => Ok(Some(value)),
        None => Err(ParameterError::Empty {
            name: name.to_owned(),
        }),
    }
}
