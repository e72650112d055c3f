//! The extractor Lambda: thin. Clients are built once per container and passed to
//! [`extractor::configure`]; every event goes to [`extractor::handle`].

use anyhow::Context;
use extractor::{configure, handle, AwsClients};
use lambda_http::{service_fn, Request};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Lambda's logging controls: AWS_LAMBDA_LOG_FORMAT=JSON and AWS_LAMBDA_LOG_LEVEL come from
    // the function's logging_config; locally RUST_LOG filters and the lines are plain text.
    lambda_http::tracing::init_default_subscriber();

    let aws = launches::aws::sdk_config().await;
    let extractor = configure(AwsClients {
        dynamodb: aws_sdk_dynamodb::Client::new(&aws),
        ssm: aws_sdk_ssm::Client::new(&aws),
    })
    .await
    .context("the extractor cannot start")?;
    tracing::info!(store = %extractor.store.describe(), sources = ?extractor.describe_sources(), "extractor ready");

    lambda_http::run(service_fn(|request: Request| {
        let extractor = extractor.clone();
        async move { handle(&extractor, request).await }
    }))
    .await
    .map_err(|e| anyhow::anyhow!(e))
}
