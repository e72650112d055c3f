//! The Terraform held to the AWS provider's real schema (hashicorp/aws 5.100.0, committed in
//! terraform/), offline: the project's files pass, and each kind of mistake the harness looks for
//! is reported at its line while the same snippet written correctly is not.

use std::path::PathBuf;

use integration::provider_schema::{ProviderSchema, AWS_PROVIDER_VERSION, REFRESH_COMMAND};
use integration::repo_root;
use integration::tf_harness::{check, check_dir, Project, Report};

fn schema() -> ProviderSchema {
    ProviderSchema::committed().expect("the committed provider schema")
}

/// Every `.tf` file under terraform/, read by the test itself.
fn tf_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![repo_root().join("terraform")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("terraform/").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "tf") {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn the_projects_terraform_holds_to_the_aws_provider_schema() {
    let report = check_dir(&repo_root().join("terraform"), &schema()).expect("terraform/");
    println!("{report}");
    assert!(report.findings.is_empty(), "{report}");

    // What was checked, counted from the files themselves.
    let files = tf_files();
    let typed_blocks = files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("a .tf file"))
        .flat_map(|text| {
            text.lines()
                .filter(|l| l.starts_with("resource \"") || l.starts_with("data \""))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .count();
    assert_eq!(report.stats.files, files.len(), "{report}");
    assert_eq!(report.stats.typed_blocks, typed_blocks, "{report}");
    assert!(report.stats.blocks > typed_blocks, "{report}");
    assert!(report.stats.references > typed_blocks, "{report}");
}

#[test]
fn the_schema_is_of_the_provider_version_the_environments_pin() {
    let schema = schema();
    assert_eq!(schema.version.as_deref(), Some(AWS_PROVIDER_VERSION));
    assert!(schema.file_name.contains(AWS_PROVIDER_VERSION));
    let (major_minor, _) = AWS_PROVIDER_VERSION
        .rsplit_once('.')
        .expect("major.minor.patch");
    for env in ["dev", "prod"] {
        let versions = std::fs::read_to_string(
            repo_root().join(format!("terraform/environments/{env}/versions.tf")),
        )
        .expect("versions.tf");
        assert!(
            versions.contains(&format!("version = \"~> {AWS_PROVIDER_VERSION}\"")),
            "{env} pins hashicorp/aws to ~> {AWS_PROVIDER_VERSION}"
        );
    }
    for module in std::fs::read_dir(repo_root().join("terraform/modules")).expect("modules") {
        let path = module.expect("a module").path().join("versions.tf");
        let versions = std::fs::read_to_string(&path).expect("versions.tf");
        assert!(
            versions.contains(&format!("version = \">= {major_minor}\"")),
            "{} states the minimum it was checked against, >= {major_minor}",
            path.display()
        );
    }
}

// --- the harness can fail ------------------------------------------------------------------------

/// A module `modules/web` that the snippets call.
const WEB_MODULE: [(&str, &str); 2] = [
    (
        "modules/web/variables.tf",
        r#"
variable "name" {
  type = string
}

variable "port" {
  type    = number
  default = 80
}
"#,
    ),
    (
        "modules/web/outputs.tf",
        r#"
output "url" {
  value = "http://${var.name}:${var.port}"
}
"#,
    ),
];

fn run(main_tf: &str) -> Report {
    let sources = WEB_MODULE
        .iter()
        .map(|(path, text)| (PathBuf::from(path), (*text).to_owned()))
        .chain([(PathBuf::from("env/main.tf"), main_tf.to_owned())]);
    check(&Project::from_sources(sources), &schema())
}

/// The mistake in `wrong` is reported once, at the line marked `# <-`, with `expected` in the
/// message; `right`, the same snippet without the mistake, is not reported at all.
fn assert_caught(kind: &str, right: &str, wrong: &str, expected: &str) {
    let report = run(right);
    assert!(
        report.findings.is_empty(),
        "{kind}: the correct snippet is reported:\n{report}"
    );
    let line = wrong
        .lines()
        .position(|l| l.contains("# <-"))
        .map(|i| i + 1)
        .expect("a line marked # <-");
    let report = run(wrong);
    match report.findings.as_slice() {
        [one] => {
            assert_eq!(one.file, "env/main.tf", "{kind}: {one}");
            assert_eq!(one.line, line, "{kind}: {one}");
            assert!(
                one.message.contains(expected),
                "{kind}: `{expected}` not in: {one}"
            );
        }
        other => panic!("{kind}: expected one finding at line {line}, got {other:#?}"),
    }
}

#[test]
fn an_unknown_argument_in_a_nested_block() {
    assert_caught(
        "unknown nested argument",
        r#"
resource "aws_lb_target_group" "this" {
  health_check {
    path = "/health"
  }
}
"#,
        r#"
resource "aws_lb_target_group" "this" {
  health_check {
    pathh = "/health" # <-
  }
}
"#,
        "did you mean `path`?",
    );
}

#[test]
fn an_unknown_argument_in_dynamic_block_content() {
    assert_caught(
        "unknown argument in dynamic content",
        r#"
resource "aws_lb" "this" {
  dynamic "access_logs" {
    for_each = ["bucket"]
    content {
      bucket = access_logs.value
    }
  }
}
"#,
        r#"
resource "aws_lb" "this" {
  dynamic "access_logs" {
    for_each = ["bucket"]
    content {
      bucket  = access_logs.value
      enabeld = true # <-
    }
  }
}
"#,
        "did you mean `enabled`?",
    );
}

#[test]
fn a_missing_required_argument() {
    assert_caught(
        "missing required argument",
        r#"
resource "aws_lb_listener" "http" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/x/1"
  default_action {
    type = "fixed-response"
  }
}
"#,
        r#"
resource "aws_lb_listener" "http" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/x/1"
  default_action { # <-
  }
}
"#,
        "misses the required argument `type`",
    );
}

#[test]
fn a_missing_required_block() {
    assert_caught(
        "missing required block",
        r#"
resource "aws_lb_listener" "http" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/x/1"
  default_action {
    type = "fixed-response"
  }
}
"#,
        r#"
resource "aws_lb_listener" "http" { # <-
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/x/1"
}
"#,
        "misses the required block `default_action`",
    );
}

#[test]
fn a_block_given_twice_where_one_is_allowed() {
    assert_caught(
        "block given twice",
        r#"
resource "aws_lb_target_group" "this" {
  health_check {
    path = "/health"
  }
}
"#,
        r#"
resource "aws_lb_target_group" "this" {
  health_check {
    path = "/health"
  }
  health_check { # <-
    path = "/"
  }
}
"#,
        "at most 1",
    );
}

#[test]
fn an_argument_written_as_a_block_and_a_block_as_an_argument() {
    assert_caught(
        "argument as block",
        r#"
resource "aws_lb" "this" {
  tags = { Name = "x" }
}
"#,
        r#"
resource "aws_lb" "this" {
  tags { # <-
    Name = "x"
  }
}
"#,
        "is an argument",
    );
    assert_caught(
        "block as argument",
        r#"
resource "aws_lb_target_group" "this" {
  health_check {
    path = "/health"
  }
}
"#,
        r#"
resource "aws_lb_target_group" "this" {
  health_check = { path = "/health" } # <-
}
"#,
        "is a block",
    );
}

#[test]
fn a_read_only_attribute_set_as_an_argument() {
    assert_caught(
        "read-only attribute",
        r#"
resource "aws_lb" "this" {
  name = "x"
}
"#,
        r#"
resource "aws_lb" "this" {
  name     = "x"
  dns_name = "x.example.com" # <-
}
"#,
        "read-only",
    );
}

#[test]
fn an_unknown_resource_type_names_the_command_that_refreshes_the_schema() {
    assert_caught(
        "unknown type",
        r#"
resource "aws_lb" "this" {}
"#,
        r#"
resource "aws_lbb" "this" {} # <-
"#,
        REFRESH_COMMAND,
    );
}

#[test]
fn a_reference_to_an_attribute_the_type_does_not_have() {
    assert_caught(
        "wrong attribute",
        r#"
resource "aws_lb" "this" {}
output "dns" {
  value = aws_lb.this.dns_name
}
"#,
        r#"
resource "aws_lb" "this" {}
output "dns" {
  value = aws_lb.this.dns # <-
}
"#,
        "has no attribute `dns`",
    );
    assert_caught(
        "wrong nested attribute",
        r#"
resource "aws_lb" "this" {}
output "bucket" {
  value = aws_lb.this.access_logs[0].bucket
}
"#,
        r#"
resource "aws_lb" "this" {}
output "bucket" {
  value = aws_lb.this.access_logs[0].buckets # <-
}
"#,
        "did you mean `bucket`?",
    );
    assert_caught(
        "wrong data source attribute",
        r#"
data "aws_region" "current" {}
output "region" {
  value = data.aws_region.current.name
}
"#,
        r#"
data "aws_region" "current" {}
output "region" {
  value = "${data.aws_region.current.nmae}-x" # <-
}
"#,
        "did you mean `name`?",
    );
}

#[test]
fn a_reference_to_an_undeclared_resource() {
    assert_caught(
        "undeclared resource",
        r#"
resource "aws_lb" "this" {}
output "arn" {
  value = aws_lb.this.arn
}
"#,
        r#"
resource "aws_lb" "this" {}
output "arn" {
  value = aws_lb.main.arn # <-
}
"#,
        "does not declare",
    );
}

#[test]
fn a_count_resource_referenced_without_an_index() {
    assert_caught(
        "count without index",
        r#"
resource "aws_subnet" "public" {
  count  = 2
  vpc_id = "vpc-1"
}
output "first" {
  value = aws_subnet.public[0].id
}
"#,
        r#"
resource "aws_subnet" "public" {
  count  = 2
  vpc_id = "vpc-1"
}
output "first" {
  value = aws_subnet.public.id # <-
}
"#,
        "has count",
    );
}

#[test]
fn an_ignore_changes_name_the_type_does_not_have() {
    assert_caught(
        "ignore_changes",
        r#"
resource "aws_lb" "this" {
  lifecycle {
    ignore_changes = [tags]
  }
}
"#,
        r#"
resource "aws_lb" "this" {
  lifecycle {
    ignore_changes = [tag] # <-
  }
}
"#,
        "`tag`",
    );
}

#[test]
fn a_module_call_with_an_unknown_variable_a_missing_one_or_an_unknown_output() {
    assert_caught(
        "unknown module variable",
        r#"
module "web" {
  source = "../modules/web"
  name   = "x"
}
"#,
        r#"
module "web" {
  source = "../modules/web"
  name   = "x"
  prot   = 8080 # <-
}
"#,
        "did you mean `port`?",
    );
    assert_caught(
        "missing module variable",
        r#"
module "web" {
  source = "../modules/web"
  name   = "x"
}
"#,
        r#"
module "web" { # <-
  source = "../modules/web"
}
"#,
        "misses `name`",
    );
    assert_caught(
        "unknown module output",
        r#"
module "web" {
  source = "../modules/web"
  name   = "x"
}
output "url" {
  value = module.web.url
}
"#,
        r#"
module "web" {
  source = "../modules/web"
  name   = "x"
}
output "url" {
  value = module.web.address # <-
}
"#,
        "is not an output",
    );
}

#[test]
fn a_moved_block_to_an_address_that_is_not_declared() {
    assert_caught(
        "moved",
        r#"
resource "aws_lb" "main" {}
moved {
  from = aws_lb.this
  to   = aws_lb.main
}
"#,
        r#"
resource "aws_lb" "main" {}
moved {
  from = aws_lb.this
  to   = aws_lb.mian # <-
}
"#,
        "is not declared",
    );
    // A resource that gained `count`: the move goes to its instance [0].
    assert_caught(
        "moved into an instance",
        r#"
resource "aws_lb" "this" {
  count = 1
}
moved {
  from = aws_lb.this
  to   = aws_lb.this[0]
}
"#,
        r#"
resource "aws_lb" "this" {
  count = 1
}
moved {
  from = aws_lb.this[0] # <-
  to   = aws_lb.this[0]
}
"#,
        "still declared",
    );
}

#[test]
fn an_undeclared_variable_or_local() {
    assert_caught(
        "undeclared variable",
        r#"
variable "name" {
  type = string
}
resource "aws_lb" "this" {
  name = var.name
}
"#,
        r#"
variable "name" {
  type = string
}
resource "aws_lb" "this" {
  name = var.nme # <-
}
"#,
        "did you mean `name`?",
    );
}

/// hcl-edit refuses it while parsing; the harness reports the parse error with its line.
#[test]
fn an_argument_given_twice() {
    assert_caught(
        "argument twice",
        r#"
resource "aws_lb" "this" {
  name     = "x"
  internal = false
}
"#,
        r#"
resource "aws_lb" "this" {
  name     = "x"
  internal = false
  name     = "y" # <-
}
"#,
        "redefined attribute",
    );
}
