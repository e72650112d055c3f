//! Reading the Terraform (HCL) so that tests hold the code and the infrastructure to the same
//! names, and build the emulator's table from the one definition that is deployed.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{anyhow, Context};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType,
};
use aws_sdk_dynamodb::Client;
use hcl::{Block, Body, Expression};

use crate::hcl_query::{find_key, strings};
use crate::repo_root;

/// Parses one `.tf` file of the repository (path relative to the root).
pub fn parse(relative: impl AsRef<Path>) -> anyhow::Result<Body> {
    let path = repo_root().join(relative);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    hcl::parse(&text).with_context(|| format!("parsing {}", path.display()))
}

/// The blocks `identifier` (with labels starting with `labels`) in `body`.
pub fn blocks<'a>(body: &'a Body, identifier: &str, labels: &[&str]) -> Vec<&'a Block> {
    body.blocks()
        .filter(|b| b.identifier() == identifier)
        .filter(|b| {
            labels
                .iter()
                .zip(b.labels())
                .all(|(want, have)| *want == have.as_str())
                && b.labels().len() >= labels.len()
        })
        .collect()
}

/// The one block `identifier "labels..."`, or an error naming it.
pub fn block<'a>(body: &'a Body, identifier: &str, labels: &[&str]) -> anyhow::Result<&'a Block> {
    match blocks(body, identifier, labels).as_slice() {
        [one] => Ok(*one),
        found => Err(anyhow!(
            "expected one `{identifier} {labels:?}` block, found {}",
            found.len()
        )),
    }
}

/// The expression of attribute `key` in `body`.
pub fn attr<'a>(body: &'a Body, key: &str) -> Option<&'a Expression> {
    body.attributes().find(|a| a.key() == key).map(|a| a.expr())
}

/// The literal string value of attribute `key`, or an error naming it.
pub fn attr_str(body: &Body, key: &str) -> anyhow::Result<String> {
    match attr(body, key) {
        Some(Expression::String(s)) => Ok(s.clone()),
        Some(other) => Err(anyhow!("`{key}` is not a string literal: {other:?}")),
        None => Err(anyhow!("no attribute `{key}`")),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub name: String,
    pub hash_key: String,
    pub range_key: Option<String>,
    pub projection_type: String,
}

/// A table as its Terraform module defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSchema {
    pub hash_key: String,
    pub range_key: Option<String>,
    /// (name, type) of every declared attribute.
    pub attributes: Vec<(String, String)>,
    pub indexes: Vec<Index>,
}

pub const LAUNCHES_TABLE_TF: &str = "terraform/modules/launches-table/main.tf";

/// The launch history table's module: its name is the launches table's plus
/// [`launches::store::HISTORY_TABLE_SUFFIX`].
pub const HISTORY_TABLE_TF: &str = "terraform/modules/launch-history/main.tf";

pub fn launches_table_schema() -> anyhow::Result<TableSchema> {
    table_schema(LAUNCHES_TABLE_TF)
}

pub fn history_table_schema() -> anyhow::Result<TableSchema> {
    table_schema(HISTORY_TABLE_TF)
}

fn table_schema(tf: &str) -> anyhow::Result<TableSchema> {
    let body = parse(tf)?;
    let table = block(&body, "resource", &["aws_dynamodb_table", "this"])?.body();
    let attributes = blocks(table, "attribute", &[])
        .into_iter()
        .map(|a| Ok((attr_str(a.body(), "name")?, attr_str(a.body(), "type")?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let indexes = blocks(table, "global_secondary_index", &[])
        .into_iter()
        .map(|g| {
            Ok(Index {
                name: attr_str(g.body(), "name")?,
                hash_key: attr_str(g.body(), "hash_key")?,
                range_key: attr_str(g.body(), "range_key").ok(),
                projection_type: attr_str(g.body(), "projection_type")?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(TableSchema {
        hash_key: attr_str(table, "hash_key")?,
        range_key: attr_str(table, "range_key").ok(),
        attributes,
        indexes,
    })
}

fn key(name: &str, key_type: KeyType) -> anyhow::Result<KeySchemaElement> {
    Ok(KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(key_type)
        .build()?)
}

fn key_schema(hash: &str, range: Option<&str>) -> anyhow::Result<Vec<KeySchemaElement>> {
    let mut schema = vec![key(hash, KeyType::Hash)?];
    if let Some(range) = range {
        schema.push(key(range, KeyType::Range)?);
    }
    Ok(schema)
}

/// Creates table `name` in the emulator with the keys, attribute types and GSIs of the
/// Terraform definition (not a second copy of the schema), and beside it its history table
/// (`name` + `-history`, from `modules/launch-history`), which every sync writes.
pub async fn create_launches_table(client: &Client, name: &str) -> anyhow::Result<TableSchema> {
    let schema = launches_table_schema()?;
    create_table(client, name, &schema, LAUNCHES_TABLE_TF).await?;
    let history = format!("{name}{}", launches::store::HISTORY_TABLE_SUFFIX);
    create_table(client, &history, &history_table_schema()?, HISTORY_TABLE_TF).await?;
    Ok(schema)
}

async fn create_table(
    client: &Client,
    name: &str,
    schema: &TableSchema,
    tf: &str,
) -> anyhow::Result<()> {
    let mut request = client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .set_key_schema(Some(key_schema(
            &schema.hash_key,
            schema.range_key.as_deref(),
        )?));
    for (attribute, kind) in &schema.attributes {
        request = request.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(attribute)
                .attribute_type(ScalarAttributeType::from(kind.as_str()))
                .build()?,
        );
    }
    for index in &schema.indexes {
        request = request.global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(&index.name)
                .set_key_schema(Some(key_schema(
                    &index.hash_key,
                    index.range_key.as_deref(),
                )?))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::from(index.projection_type.as_str()))
                        .build(),
                )
                .build()?,
        );
    }
    request
        .send()
        .await
        .map_err(|e| anyhow!(aws_sdk_dynamodb::error::DisplayErrorContext(e).to_string()))
        .with_context(|| format!("creating table {name} from {tf}"))?;
    Ok(())
}

/// DynamoDB actions granted in a module's IAM policy documents.
pub fn dynamodb_actions(module: &str) -> anyhow::Result<BTreeSet<String>> {
    policy_actions(module, &[], "dynamodb")
}

/// Actions of one service (`dynamodb`, `ssm`, ...) granted in a module's IAM policies.
pub fn granted_actions(module: &str, service: &str) -> anyhow::Result<BTreeSet<String>> {
    policy_actions(module, &[], service)
}

/// DynamoDB actions granted by the policy document `data.aws_iam_policy_document.<document>`
/// of `module` (e.g. the history module's `writer` and `reader`).
pub fn dynamodb_actions_of(module: &str, document: &str) -> anyhow::Result<BTreeSet<String>> {
    policy_actions(module, &[document], "dynamodb")
}

fn policy_actions(
    module: &str,
    documents: &[&str],
    service: &str,
) -> anyhow::Result<BTreeSet<String>> {
    let prefix = format!("{service}:");
    let body: Body = parse(format!("terraform/modules/{module}/main.tf"))?;
    let mut actions = BTreeSet::new();
    let mut labels = vec!["aws_iam_policy_document"];
    labels.extend(documents);
    for document in blocks(&body, "data", &labels) {
        for statement in blocks(document.body(), "statement", &[]) {
            let effect = attr_str(statement.body(), "effect").unwrap_or_else(|_| "Allow".into());
            if effect != "Allow" {
                continue;
            }
            for action in attr(statement.body(), "actions")
                .map(strings)
                .unwrap_or_default()
            {
                if action.starts_with(&prefix) {
                    actions.insert(action);
                }
            }
        }
    }
    if !documents.is_empty() {
        return Ok(actions);
    }
    for policy in blocks(&body, "resource", &["aws_iam_role_policy"]) {
        for action in attr(policy.body(), "policy")
            .map(|p| find_key(p, "Action"))
            .unwrap_or_default()
        {
            actions.extend(
                strings(action)
                    .into_iter()
                    .filter(|a| a.starts_with(&prefix)),
            );
        }
    }
    Ok(actions)
}

/// The dashboard container's environment in the ECS task definition (inside `jsonencode`):
/// each variable's name and value expression, in order.
pub fn task_environment() -> anyhow::Result<Vec<(String, Option<Expression>)>> {
    let body = parse("terraform/modules/dashboard-service/main.tf")?;
    let task = block(&body, "resource", &["aws_ecs_task_definition", "this"])?;
    let definitions = attr(task.body(), "container_definitions")
        .ok_or_else(|| anyhow!("no container_definitions"))?;
    let mut environment = Vec::new();
    for list in find_key(definitions, "environment") {
        if let Expression::Array(entries) = list {
            for entry in entries {
                let name = find_key(entry, "name")
                    .into_iter()
                    .flat_map(strings)
                    .next()
                    .ok_or_else(|| anyhow!("an environment entry without a name"))?;
                environment.push((name, find_key(entry, "value").into_iter().next().cloned()));
            }
        }
    }
    Ok(environment)
}
