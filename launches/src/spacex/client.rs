//! The live SpaceX API v4: four GETs, the launch list spooled to a temporary file.

use async_trait::async_trait;

use super::collections::{
    normalised_launches, reference_records, LAUNCHES_PATH, LAUNCHPADS_PATH, PAYLOADS_PATH,
    ROCKETS_PATH, SOURCE_NAME,
};
use super::normalize::References;
use crate::http::{HttpClient, HttpConfig};
use crate::source::{LaunchBatches, LaunchSource, SourceError};

pub const DEFAULT_BASE_URL: &str = "https://api.spacexdata.com";

/// Where the API is and how it is asked.
#[derive(Debug, Clone)]
pub struct SpacexConfig {
    pub base_url: String,
    pub http: HttpConfig,
}

impl Default for SpacexConfig {
    fn default() -> Self {
        SpacexConfig {
            base_url: DEFAULT_BASE_URL.into(),
            http: HttpConfig::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SpacexClient {
    http: HttpClient,
}

impl SpacexClient {
    pub fn new(config: SpacexConfig) -> Result<Self, SourceError> {
        Ok(SpacexClient {
            http: HttpClient::new(&config.base_url, config.http)?,
        })
    }

    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    async fn reference_list(
        &self,
        path: &str,
    ) -> Result<Vec<Box<serde_json::value::RawValue>>, SourceError> {
        let body = self.http.get(path).await?;
        reference_records(self.http.url(path), &body)
    }
}

#[async_trait]
impl LaunchSource for SpacexClient {
    async fn launches(&self, _resume: Option<&str>) -> Result<LaunchBatches, SourceError> {
        let (launches, rockets, launchpads, payloads) = tokio::try_join!(
            self.http.download(LAUNCHES_PATH),
            self.reference_list(ROCKETS_PATH),
            self.reference_list(LAUNCHPADS_PATH),
            self.reference_list(PAYLOADS_PATH),
        )?;
        let refs = References::from_records(&rockets, &launchpads, &payloads);
        Ok(normalised_launches(
            launches,
            self.http.url(LAUNCHES_PATH),
            refs,
        ))
    }

    fn name(&self) -> &'static str {
        SOURCE_NAME
    }

    fn describe(&self) -> String {
        format!("SpaceX API at {}", self.http.base_url())
    }
}
