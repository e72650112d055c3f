//! Building the DynamoDB client once per process.

use aws_sdk_dynamodb::Client;

/// A DynamoDB client from the standard AWS environment: region, credentials, and for local runs
/// the SDK's own endpoint override (`AWS_ENDPOINT_URL_DYNAMODB`, or `AWS_ENDPOINT_URL`).
pub async fn dynamodb_client() -> Client {
    Client::new(&aws_config::load_from_env().await)
}
