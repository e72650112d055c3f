//! The AWS emulator (DynamoDB, and SSM for the LL2 API key): moto's server in a container started by testcontainers, removed when
//! the [`Emulator`] is dropped (also when a test fails).
//!
//! The image is built locally by `scripts/setup.sh` (no registry is needed). Set
//! `DYNAMODB_EMULATOR_IMAGE` (and `DYNAMODB_EMULATOR_PORT`) to use another DynamoDB-compatible
//! image.

use std::time::Duration;

use anyhow::Context;
use aws_sdk_dynamodb::config::{Credentials, Intercept, Region};
use aws_sdk_dynamodb::Client;
use testcontainers::core::IntoContainerPort;
use testcontainers::runners::AsyncRunner;
use testcontainers::{ContainerAsync, GenericImage, ImageExt};

pub const DEFAULT_IMAGE: &str = "local/moto-aws:5.1";
pub const DEFAULT_PORT: u16 = 5000;
pub const REGION: &str = "us-east-1";

pub struct Emulator {
    container: ContainerAsync<GenericImage>,
    endpoint: String,
}

impl Emulator {
    /// Starts the emulator and waits until it answers DynamoDB requests.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with(None).await
    }

    /// Starts the emulator on a Docker network, where other containers reach it as
    /// `http://<name>:<port>`.
    pub async fn start_on_network(network: &str, name: &str) -> anyhow::Result<Self> {
        Self::start_with(Some((network, name))).await
    }

    /// The port the emulator listens on inside its container.
    pub fn container_port() -> u16 {
        std::env::var("DYNAMODB_EMULATOR_PORT")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(DEFAULT_PORT)
    }

    async fn start_with(network: Option<(&str, &str)>) -> anyhow::Result<Self> {
        let image =
            std::env::var("DYNAMODB_EMULATOR_IMAGE").unwrap_or_else(|_| DEFAULT_IMAGE.into());
        let port = Self::container_port();
        let (name, tag) = image.rsplit_once(':').unwrap_or((image.as_str(), "latest"));
        let generic = GenericImage::new(name, tag).with_exposed_port(port.tcp());
        let started = match network {
            Some((network, container_name)) => {
                generic
                    .with_network(network)
                    .with_container_name(container_name)
                    .start()
                    .await
            }
            None => generic.start().await,
        };
        let container = started.with_context(|| {
            format!("starting the DynamoDB emulator image {image} (built by scripts/setup.sh)")
        })?;
        let host_port = container.get_host_port_ipv4(port.tcp()).await?;
        let emulator = Emulator {
            container,
            endpoint: format!("http://127.0.0.1:{host_port}"),
        };
        emulator.wait_until_ready().await?;
        Ok(emulator)
    }

    async fn wait_until_ready(&self) -> anyhow::Result<()> {
        let client = self.client();
        let mut last_error = String::new();
        for _ in 0..120 {
            match client.list_tables().send().await {
                Ok(_) => return Ok(()),
                Err(e) => last_error = aws_sdk_dynamodb::error::DisplayErrorContext(e).to_string(),
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        anyhow::bail!(
            "the DynamoDB emulator at {} never answered: {last_error}",
            self.endpoint
        )
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    pub fn container_id(&self) -> &str {
        self.container.id()
    }

    /// Freezes the emulator (`docker pause`): connections are accepted, nothing is answered.
    pub async fn pause(&self) -> anyhow::Result<()> {
        Ok(self.container.pause().await?)
    }

    /// Resumes a paused emulator, and waits until it answers again.
    pub async fn unpause(&self) -> anyhow::Result<()> {
        self.container.unpause().await?;
        self.wait_until_ready().await
    }

    /// A client for the emulator, with dummy credentials.
    pub fn client(&self) -> Client {
        Client::from_conf(client_config(&self.endpoint).build())
    }

    /// A client whose requests pass through `interceptors` (to record or alter them).
    pub fn client_with<I: Intercept + 'static>(&self, interceptors: Vec<I>) -> Client {
        let mut config = client_config(&self.endpoint);
        for interceptor in interceptors {
            config = config.interceptor(interceptor);
        }
        Client::from_conf(config.build())
    }
}

impl Emulator {
    /// An SSM client for the emulator (same endpoint: moto serves every service on one port),
    /// its requests passing through `interceptors`.
    pub fn ssm_client_with<I: Intercept + 'static>(
        &self,
        interceptors: Vec<I>,
    ) -> aws_sdk_ssm::Client {
        let mut config = aws_sdk_ssm::Config::builder()
            .behavior_version_latest()
            .region(Region::new(REGION))
            .credentials_provider(Credentials::new("test", "test", None, None, "emulator"))
            .endpoint_url(&self.endpoint);
        for interceptor in interceptors {
            config = config.interceptor(interceptor);
        }
        aws_sdk_ssm::Client::from_conf(config.build())
    }
}

/// The configuration of a client for an emulator at `endpoint`: fixed region, dummy credentials.
pub fn client_config(endpoint: &str) -> aws_sdk_dynamodb::config::Builder {
    aws_sdk_dynamodb::Config::builder()
        .behavior_version_latest()
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new("test", "test", None, None, "emulator"))
        .endpoint_url(endpoint)
}

impl Emulator {
    /// Creates `table` from its Terraform definition and fills it with the bundled snapshot by
    /// the extractor's sync: the state the dashboard reads in AWS.
    pub async fn table_with_snapshot(&self, table: &str) -> anyhow::Result<launches::DynamoStore> {
        crate::terraform::create_launches_table(&self.client(), table).await?;
        let store =
            launches::DynamoStore::new(self.client(), launches::DynamoStoreConfig::new(table));
        let source = launches::SnapshotSource::directory(crate::snapshot_dir());
        launches::sync(&source, &store, launches::DateRange::ALL).await?;
        Ok(store)
    }
}
