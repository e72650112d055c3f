//! The extractor Lambda: thin. Clients are built once per container; every event goes to
//! [`extractor::handle`].

use std::sync::Arc;

use anyhow::Context;
use extractor::{handle, Extractor};
use lambda_http::{service_fn, Request};
use launches::config::{
    env_var, ENV_LL2_API_URL, ENV_LL2_REQUEST_BUDGET, ENV_SPACEX_API_URL, ENV_TABLE,
};
use launches::ll2::{Ll2Config, Ll2Source};
use launches::{DynamoStore, DynamoStoreConfig, LaunchSource, SpacexClient, SpacexConfig};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Lambda's logging controls: AWS_LAMBDA_LOG_FORMAT=JSON and AWS_LAMBDA_LOG_LEVEL come from
    // the function's logging_config; locally RUST_LOG filters and the lines are plain text.
    lambda_http::tracing::init_default_subscriber();

    let table = env_var(ENV_TABLE).with_context(|| {
        format!("{ENV_TABLE} is not set: the extractor needs the DynamoDB table name")
    })?;
    let mut spacex = SpacexConfig::default();
    if let Some(url) = env_var(ENV_SPACEX_API_URL) {
        spacex.base_url = url;
    }
    let mut sources: Vec<Arc<dyn LaunchSource>> = vec![Arc::new(
        SpacexClient::new(spacex).context("configuring the SpaceX API client")?,
    )];
    // Terraform always sets the LL2 URL; a local run without it syncs the archive alone.
    if let Some(base_url) = env_var(ENV_LL2_API_URL) {
        let mut ll2 = Ll2Config {
            base_url,
            ..Ll2Config::default()
        };
        if let Some(budget) = env_var(ENV_LL2_REQUEST_BUDGET) {
            ll2.request_budget = budget.trim().parse().with_context(|| {
                format!(
                    "{ENV_LL2_REQUEST_BUDGET} must be a whole number of requests, not `{budget}`"
                )
            })?;
        }
        sources.push(Arc::new(
            Ll2Source::new(ll2).context("configuring the Launch Library 2 client")?,
        ));
    }
    let client = launches::aws::dynamodb_client().await;
    let extractor = Extractor {
        sources,
        store: Arc::new(DynamoStore::new(client, DynamoStoreConfig::new(table))),
    };
    tracing::info!(store = %extractor.store.describe(), sources = ?extractor.describe_sources(), "extractor ready");

    lambda_http::run(service_fn(|request: Request| {
        let extractor = extractor.clone();
        async move { handle(&extractor, request).await }
    }))
    .await
    .map_err(|e| anyhow::anyhow!(e))
}
