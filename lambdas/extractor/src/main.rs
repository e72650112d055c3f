//! The extractor Lambda: thin. Clients are built once per container; every event goes to
//! [`extractor::handle`].

use std::sync::Arc;

use anyhow::Context;
use extractor::{handle, Extractor};
use lambda_runtime::{service_fn, LambdaEvent};
use launches::config::{env_var, ENV_DYNAMODB_ENDPOINT, ENV_LOG, ENV_SPACEX_API_URL, ENV_TABLE};
use launches::{DynamoStore, DynamoStoreConfig, SpacexClient, SpacexConfig};
use serde_json::Value;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            EnvFilter::try_from_env(ENV_LOG).unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_current_span(false)
        .with_target(false)
        .init();

    let table = env_var(ENV_TABLE).with_context(|| {
        format!("{ENV_TABLE} is not set: the extractor needs the DynamoDB table name")
    })?;
    let mut spacex = SpacexConfig::default();
    if let Some(url) = env_var(ENV_SPACEX_API_URL) {
        spacex.base_url = url;
    }
    let source = SpacexClient::new(spacex).context("configuring the SpaceX API client")?;
    let endpoint = env_var(ENV_DYNAMODB_ENDPOINT);
    let client = launches::aws::dynamodb_client(endpoint.as_deref()).await;
    let extractor = Extractor {
        source: Arc::new(source),
        store: Arc::new(DynamoStore::new(client, DynamoStoreConfig::new(table))),
    };
    tracing::info!(store = %extractor.store.describe(), source = %extractor.source.describe(), "extractor ready");

    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let extractor = extractor.clone();
        async move { handle(&extractor, event.payload).await }
    }))
    .await
    .map_err(|e| anyhow::anyhow!(e))
}
