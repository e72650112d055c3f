//! Creates the launches table, as Terraform defines it, in a local DynamoDB emulator.
//!
//!     cargo run -p integration --bin create-table -- http://127.0.0.1:5000 spacex-launches-local

use anyhow::Context;
use aws_sdk_dynamodb::config::{Credentials, Region};
use integration::emulator::REGION;
use integration::terraform::create_launches_table;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let endpoint = args.next().context("usage: create-table ENDPOINT TABLE")?;
    let table = args.next().context("usage: create-table ENDPOINT TABLE")?;
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version_latest()
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new("test", "test", None, None, "emulator"))
        .endpoint_url(&endpoint)
        .build();
    let client = aws_sdk_dynamodb::Client::from_conf(config);
    let schema = create_launches_table(&client, &table).await?;
    println!(
        "created {table} at {endpoint}: key {}, indexes {:?}",
        schema.hash_key,
        schema.indexes.iter().map(|i| &i.name).collect::<Vec<_>>()
    );
    Ok(())
}
