//! Creates the launches table, as Terraform defines it, in a local DynamoDB emulator.
//!
//!     cargo run -p integration --bin create-table -- http://127.0.0.1:5000 spacex-launches-local

use anyhow::Context;
use integration::emulator::client_config;
use integration::terraform::create_launches_table;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let endpoint = args.next().context("usage: create-table ENDPOINT TABLE")?;
    let table = args.next().context("usage: create-table ENDPOINT TABLE")?;
    let client = aws_sdk_dynamodb::Client::from_conf(client_config(&endpoint).build());
    let schema = create_launches_table(&client, &table).await?;
    println!(
        "created {table} at {endpoint}: key {}, indexes {:?}",
        schema.hash_key,
        schema.indexes.iter().map(|i| &i.name).collect::<Vec<_>>()
    );
    Ok(())
}
