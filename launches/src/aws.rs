//! Building the DynamoDB client once per process, with an endpoint override for local runs.

use aws_sdk_dynamodb::Client;

/// A DynamoDB client from the standard AWS environment (region, credentials). `endpoint`
/// points it at an emulator instead of AWS.
pub async fn dynamodb_client(endpoint: Option<&str>) -> Client {
    let shared = aws_config::load_from_env().await;
    let mut config = aws_sdk_dynamodb::config::Builder::from(&shared);
    if let Some(endpoint) = endpoint {
        config = config.endpoint_url(endpoint);
    }
    Client::from_conf(config.build())
}
