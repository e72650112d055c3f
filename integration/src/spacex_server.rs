//! A local HTTP server that answers like the SpaceX API v4 (`GET /v4/launches`, `/v4/rockets`,
//! `/v4/launchpads`, `/v4/payloads`), serving the bundled snapshot or data a test changed.

use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use launches::spacex::{LAUNCHES_PATH, LAUNCHPADS_PATH, PAYLOADS_PATH, ROCKETS_PATH};

use crate::snapshot_dir;

/// The four collections, as JSON.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub launches: Vec<Value>,
    pub rockets: Value,
    pub launchpads: Value,
    pub payloads: Value,
}

impl Snapshot {
    /// The bundled snapshot (`fixtures/spacex/v4`).
    pub fn bundled() -> anyhow::Result<Self> {
        let read = |name: &str| -> anyhow::Result<Value> {
            let path = snapshot_dir().join(name);
            Ok(serde_json::from_slice(&std::fs::read(&path)?)?)
        };
        let Value::Array(launches) = read("launches.json")? else {
            anyhow::bail!("launches.json is not an array");
        };
        Ok(Snapshot {
            launches,
            rockets: read("rockets.json")?,
            launchpads: read("launchpads.json")?,
            payloads: read("payloads.json")?,
        })
    }
}

pub struct SpacexServer {
    server: MockServer,
}

impl SpacexServer {
    pub async fn start(snapshot: &Snapshot) -> Self {
        let server = SpacexServer {
            server: MockServer::start().await,
        };
        server.serve(snapshot).await;
        server
    }

    /// Replaces what the server answers.
    pub async fn serve(&self, snapshot: &Snapshot) {
        self.server.reset().await;
        let launches = Value::Array(snapshot.launches.clone());
        for (route, body) in [
            (LAUNCHES_PATH, &launches),
            (ROCKETS_PATH, &snapshot.rockets),
            (LAUNCHPADS_PATH, &snapshot.launchpads),
            (PAYLOADS_PATH, &snapshot.payloads),
        ] {
            Mock::given(method("GET"))
                .and(path(route))
                .respond_with(ResponseTemplate::new(200).set_body_json(body))
                .mount(&self.server)
                .await;
        }
    }

    /// The base URL to configure the client with (`SPACEX_API_URL`).
    pub fn base_url(&self) -> String {
        self.server.uri()
    }

    /// Requests received so far.
    pub async fn request_count(&self) -> usize {
        self.server.received_requests().await.map_or(0, |r| r.len())
    }
}
