//! The launch history's Terraform (`terraform/modules/launch-history`) held to the code: keys
//! and index, the table's name, its protections as the launches table has them, and the wiring
//! in both environments. (The granted actions are compared with the calls each binary sends in
//! `extractor_flow.rs` and `dashboard_stats.rs`.)

use hcl::Expression;
use integration::terraform::{attr, attr_str, block, blocks, history_table_schema, parse};
use launches::history::{observe, HistoryEntry};
use launches::store::{
    history_item, HISTORY_INDEX, HISTORY_INDEX_PARTITION_KEY, HISTORY_INDEX_SORT_KEY,
    HISTORY_PARTITION_KEY, HISTORY_SORT_KEY, HISTORY_TABLE_SUFFIX,
};

const MODULE: &str = "terraform/modules/launch-history/main.tf";

fn text(expr: Option<&Expression>) -> String {
    match expr {
        Some(Expression::String(s)) => s.clone(),
        Some(other) => hcl::format::to_string(other).unwrap_or_default(),
        None => String::new(),
    }
}

#[test]
fn the_history_keys_index_and_name_match_the_code() {
    let schema = history_table_schema().expect("schema");
    assert_eq!(schema.hash_key, HISTORY_PARTITION_KEY);
    assert_eq!(schema.range_key.as_deref(), Some(HISTORY_SORT_KEY));
    let index = schema
        .indexes
        .iter()
        .find(|i| i.name == HISTORY_INDEX)
        .expect("the index that reads history by time");
    assert_eq!(index.hash_key, HISTORY_INDEX_PARTITION_KEY);
    assert_eq!(index.range_key.as_deref(), Some(HISTORY_INDEX_SORT_KEY));
    assert_eq!(index.projection_type, "ALL");

    // The declared attribute types are the types the code writes.
    let launch = launches::Launch {
        id: "x".into(),
        date_utc: "2026-01-01T00:00:00.000Z".into(),
        ..launches::Launch::default()
    };
    let at = chrono::DateTime::parse_from_rfc3339("2026-01-13T14:03:39Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    let entry: HistoryEntry = observe(None, &launch, at, "ll2").expect("an entry");
    let item = history_item(&entry).expect("item");
    for (name, kind) in &schema.attributes {
        let written = match item.get(name) {
            Some(aws_sdk_dynamodb::types::AttributeValue::S(_)) => "S",
            Some(aws_sdk_dynamodb::types::AttributeValue::N(_)) => "N",
            other => panic!("attribute {name} is written as {other:?}"),
        };
        assert_eq!(written, kind, "type of attribute {name}");
    }

    // The code finds the table by the launches table's name plus the suffix.
    let body = parse(MODULE).expect("module");
    let table = block(&body, "resource", &["aws_dynamodb_table", "this"]).expect("table");
    assert_eq!(
        text(attr(table.body(), "name")),
        format!("\"${{var.launches_table_name}}{HISTORY_TABLE_SUFFIX}\"")
    );
}

#[test]
fn the_history_table_is_protected_like_the_launches_table() {
    let body = parse(MODULE).expect("module");
    let table = block(&body, "resource", &["aws_dynamodb_table", "this"])
        .expect("table")
        .body();
    let pitr = block(table, "point_in_time_recovery", &[]).expect("PITR");
    assert_eq!(attr(pitr.body(), "enabled"), Some(&Expression::Bool(true)));
    let sse = block(table, "server_side_encryption", &[]).expect("encryption");
    assert_eq!(attr(sse.body(), "enabled"), Some(&Expression::Bool(true)));
    assert_eq!(text(attr(sse.body(), "kms_key_arn")), "var.kms_key_arn");
    assert_eq!(
        text(attr(table, "deletion_protection_enabled")),
        "var.deletion_protection_enabled"
    );
    // Least privilege: one action per role, on this table (and its indexes) only.
    for (document, actions, resources) in [
        ("writer", vec!["dynamodb:BatchWriteItem"], 1),
        ("reader", vec!["dynamodb:Query"], 2),
    ] {
        let doc = block(&body, "data", &["aws_iam_policy_document", document]).expect(document);
        let statements = blocks(doc.body(), "statement", &[]);
        assert_eq!(statements.len(), 1, "{document}");
        let statement = statements[0].body();
        assert!(attr_str(statement, "effect").map_or(true, |e| e == "Allow"));
        let granted: Vec<String> = match attr(statement, "actions") {
            Some(Expression::Array(items)) => items.iter().map(|a| text(Some(a))).collect(),
            other => panic!("{document}: actions {other:?}"),
        };
        assert_eq!(granted, actions, "{document}");
        let Some(Expression::Array(on)) = attr(statement, "resources") else {
            panic!("{document}: no resources");
        };
        assert_eq!(on.len(), resources, "{document}");
        assert!(
            on.iter()
                .all(|r| text(Some(r)).contains("aws_dynamodb_table.this.arn")),
            "{document}: only this table"
        );
    }
}

#[test]
fn both_environments_wire_the_history_with_the_project_key_and_both_roles() {
    for (env, protected) in [("dev", false), ("prod", true)] {
        let main = parse(format!("terraform/environments/{env}/main.tf")).expect("main.tf");
        let call = block(&main, "module", &["launch_history"]).expect("module call");
        let argument = |name: &str| text(attr(call.body(), name));
        assert_eq!(argument("source"), "../../modules/launch-history", "{env}");
        assert_eq!(
            argument("kms_key_arn"),
            "module.encryption.key_arn",
            "{env}"
        );
        assert_eq!(
            argument("launches_table_name"),
            "module.launches_table.table_name",
            "{env}"
        );
        assert_eq!(
            argument("writer_role_arn"),
            "module.extractor.role_arn",
            "{env}"
        );
        assert_eq!(
            argument("reader_role_arn"),
            "module.dashboard_service.task_role_arn",
            "{env}"
        );
        // A literal, not a variable a tfvars file could turn off.
        assert_eq!(
            attr(call.body(), "deletion_protection_enabled"),
            Some(&Expression::Bool(protected)),
            "{env}"
        );
    }
}
