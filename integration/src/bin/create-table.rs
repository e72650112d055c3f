//! Creates the launches table and its history table (`<TABLE>-history`), as Terraform defines
//! them, in a local DynamoDB emulator. The client
//! is configured like the binaries' (the AWS SDK's environment), and the endpoint override is
//! required so that it never creates a table in a real account:
//!
//!     AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:5000 AWS_REGION=us-east-1 \
//!       AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
//!       cargo run -p integration --bin create-table -- spacex-launches-local

use anyhow::Context;
use integration::terraform::create_launches_table;
use launches::config::{env_var, ENV_DYNAMODB_ENDPOINT_URL};

const USAGE: &str = "usage: AWS_ENDPOINT_URL_DYNAMODB=URL create-table TABLE";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let table = std::env::args().nth(1).context(USAGE)?;
    let endpoint = env_var(ENV_DYNAMODB_ENDPOINT_URL).with_context(|| {
        format!("{ENV_DYNAMODB_ENDPOINT_URL} is not set (an emulator only)\n{USAGE}")
    })?;
    let client = launches::aws::dynamodb_client().await;
    let schema = create_launches_table(&client, &table).await?;
    println!(
        "created {table} at {endpoint}: key {}, indexes {:?}",
        schema.hash_key,
        schema.indexes.iter().map(|i| &i.name).collect::<Vec<_>>()
    );
    Ok(())
}
