//! Building the DynamoDB client once per process, with timeouts.

use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::Client;

/// How long a DynamoDB call may take. The SDK sets no operation or attempt timeout by default:
/// a store that accepts the connection and never answers (a paused emulator, a network
/// black hole) would hold a sync until the Lambda's own timeout kills it, with no report. With
/// these, every call fails within `operation` and the run fails naming what it did not write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DynamoTimeouts {
    /// Opening the TCP (and TLS) connection.
    pub connect: Duration,
    /// One attempt, from sending the request to reading the whole answer. A BatchWriteItem of
    /// 25 launches or a BatchGetItem of 100 takes tens of milliseconds in DynamoDB; a 1 MB Query
    /// page well under a second.
    pub attempt: Duration,
    /// One call, the SDK's own retries (3 attempts, with backoff) included.
    pub operation: Duration,
}

impl Default for DynamoTimeouts {
    /// Well inside the extractor's Lambda timeout (120 s in dev, 300 s in prod): a call stuck on
    /// a dead connection gives up after 30 s, leaving the run time to report.
    fn default() -> Self {
        DynamoTimeouts {
            connect: Duration::from_secs(3),
            attempt: Duration::from_secs(10),
            operation: Duration::from_secs(30),
        }
    }
}

impl DynamoTimeouts {
    /// The SDK's form of these timeouts.
    pub fn config(&self) -> TimeoutConfig {
        TimeoutConfig::builder()
            .connect_timeout(self.connect)
            .operation_attempt_timeout(self.attempt)
            .operation_timeout(self.operation)
            .build()
    }
}

/// A DynamoDB client from the standard AWS environment: region, credentials, and for local runs
/// the SDK's own endpoint override (`AWS_ENDPOINT_URL_DYNAMODB`, or `AWS_ENDPOINT_URL`), with
/// the default [`DynamoTimeouts`].
pub async fn dynamodb_client() -> Client {
    let config = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(DynamoTimeouts::default().config())
        .load()
        .await;
    Client::new(&config)
}
