//! What `main` does once per container: read the environment, build the sources and the store.
//! Here rather than in `main.rs` so that a test runs exactly the cold start the Lambda runs.

use std::sync::Arc;

use launches::aws::{secure_parameter, ParameterError};
use launches::config::{
    env_var, ENV_LL2_API_KEY, ENV_LL2_API_KEY_PARAMETER, ENV_LL2_API_URL, ENV_LL2_REQUEST_BUDGET,
    ENV_SPACEX_API_URL, ENV_TABLE,
};
use launches::ll2::{ApiKey, Ll2Config, Ll2Error, Ll2Source};
use launches::{
    DynamoStore, DynamoStoreConfig, LaunchSource, SourceError, SpacexClient, SpacexConfig,
};

use crate::Extractor;

/// The AWS clients, built once in `main` from the standard environment and passed in.
pub struct AwsClients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub ssm: aws_sdk_ssm::Client,
}

/// Why the function cannot start. None of these carries a secret.
#[derive(Debug, thiserror::Error)]
pub enum ColdStartError {
    #[error("{ENV_TABLE} is not set: the extractor needs the DynamoDB table name")]
    NoTable,
    #[error("{ENV_LL2_REQUEST_BUDGET} must be a whole number of requests, not `{0}`")]
    Budget(String),
    #[error("configuring the SpaceX API client: {0}")]
    Spacex(#[from] SourceError),
    #[error("configuring the Launch Library 2 client: {0}")]
    Ll2(#[from] Ll2Error),
    #[error("reading the Launch Library 2 API key: {0}")]
    ApiKey(#[from] ParameterError),
}

/// Builds the extractor from its environment ([`launches::config::EXTRACTOR_ENV`]).
///
/// The LL2 API key is read here, once per container, from the SSM parameter Terraform names
/// (or, in local runs, from `LL2_API_KEY`): a key that cannot be read stops the cold start
/// loudly rather than letting every run fall back to the anonymous rate limit unnoticed.
pub async fn configure(clients: AwsClients) -> Result<Extractor, ColdStartError> {
    let table = env_var(ENV_TABLE).ok_or(ColdStartError::NoTable)?;
    let mut spacex = SpacexConfig::default();
    if let Some(url) = env_var(ENV_SPACEX_API_URL) {
        spacex.base_url = url;
    }
    let mut sources: Vec<Arc<dyn LaunchSource>> = vec![Arc::new(SpacexClient::new(spacex)?)];
    // Terraform always sets the LL2 URL; a local run without it syncs the archive alone.
    if let Some(base_url) = env_var(ENV_LL2_API_URL) {
        let mut ll2 = Ll2Config {
            base_url,
            api_key: ll2_api_key(&clients.ssm).await?,
            ..Ll2Config::default()
        };
        if let Some(budget) = env_var(ENV_LL2_REQUEST_BUDGET) {
            ll2.request_budget = budget
                .trim()
                .parse()
                .map_err(|_| ColdStartError::Budget(budget))?;
        }
        sources.push(Arc::new(Ll2Source::new(ll2)?));
    }
    Ok(Extractor {
        sources,
        store: Arc::new(DynamoStore::new(
            clients.dynamodb,
            DynamoStoreConfig::new(table),
        )),
    })
}

/// The key from SSM when a parameter is named (Terraform always names one; the operator creates
/// it only to use a key), else from the local variable, else none. A missing parameter, or one
/// holding only blanks, means anonymous use; a parameter that exists but cannot be read stops
/// the cold start.
async fn ll2_api_key(ssm: &aws_sdk_ssm::Client) -> Result<Option<ApiKey>, ColdStartError> {
    let Some(name) = env_var(ENV_LL2_API_KEY_PARAMETER) else {
        return Ok(env_var(ENV_LL2_API_KEY).and_then(ApiKey::new));
    };
    let key = secure_parameter(ssm, &name).await?.and_then(ApiKey::new);
    if key.is_some() {
        tracing::info!(parameter = %name, "Launch Library 2 API key read");
    } else {
        tracing::info!(parameter = %name, "no Launch Library 2 API key: anonymous use, 15 requests an hour");
    }
    Ok(key)
}
