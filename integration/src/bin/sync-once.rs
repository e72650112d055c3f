//! One sync of the SpaceX API into a DynamoDB table, with the extractor's clients, in a process
//! of its own: the fault tests kill it half-way, as the Lambda's timeout would. The endpoint
//! override is required, so that it never writes to a real account:
//!
//!     AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:5000 AWS_REGION=us-east-1 \
//!       AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test LAUNCHES_TABLE=launches \
//!       SPACEX_API_URL=http://127.0.0.1:8080 SYNC_AS_OF=2026-11-29T00:00:00Z sync-once

use anyhow::Context;
use chrono::{DateTime, Utc};
use launches::config::{env_var, ENV_DYNAMODB_ENDPOINT_URL, ENV_SPACEX_API_URL, ENV_TABLE};
use launches::{
    sync_all, DynamoStore, DynamoStoreConfig, LaunchSource, SpacexClient, SpacexConfig, SyncOptions,
};

/// The run's time (RFC 3339), so that runs in different processes write the same rows.
const ENV_AS_OF: &str = "SYNC_AS_OF";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let required = |name: &str| env_var(name).with_context(|| format!("{name} is not set"));
    required(ENV_DYNAMODB_ENDPOINT_URL)?;
    let as_of: DateTime<Utc> = required(ENV_AS_OF)?
        .parse()
        .with_context(|| format!("{ENV_AS_OF} is not an RFC 3339 time"))?;
    let store = DynamoStore::new(
        launches::aws::dynamodb_client().await,
        DynamoStoreConfig::new(required(ENV_TABLE)?),
    );
    let source = SpacexClient::new(SpacexConfig {
        base_url: required(ENV_SPACEX_API_URL)?,
        ..SpacexConfig::default()
    })?;
    let options = SyncOptions {
        as_of: Some(as_of),
        ..SyncOptions::default()
    };
    let report = sync_all(&[&source as &dyn LaunchSource], &store, options).await?;
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
