//! AWS clients, built once per process, and the one SSM read the extractor makes at cold start.

use aws_config::SdkConfig;
use aws_sdk_ssm::error::DisplayErrorContext;

/// The AWS settings from the standard environment: region, credentials, and for local runs the
/// SDK's own endpoint overrides (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SSM`, or
/// `AWS_ENDPOINT_URL`). Load it once and build every client from it.
pub async fn sdk_config() -> SdkConfig {
    aws_config::load_from_env().await
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
