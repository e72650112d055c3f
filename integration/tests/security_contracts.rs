//! The security posture of the Terraform and the deploy pipeline, held by reading the files
//! (docs/security.md lists what each test stands for): prod cannot go out without HTTPS, access
//! logs and alarm recipients; every route of the invoke API is signed; the task drops every
//! capability and runs an image by digest; the bootstrap's deploy roles trust one repository
//! environment and may create roles only with the boundary; the KMS key separates administrators
//! from users; every action of the workflows is pinned to a commit.

use std::collections::BTreeSet;

use hcl::{Block, Body, Expression};
use integration::hcl_query::{find_key, strings, walk};
use integration::repo_root;
use integration::terraform::{attr, attr_str, block, blocks, parse};
use regex::Regex;

const ENVIRONMENTS: [&str; 2] = ["dev", "prod"];

/// An expression as the text Terraform reads (string literals and templates without quotes).
fn text(expr: &Expression) -> String {
    match expr {
        Expression::String(s) => s.clone(),
        Expression::TemplateExpr(t) => t.to_string(),
        other => other.to_string(),
    }
}

fn texts(expr: Option<&Expression>) -> Vec<String> {
    match expr {
        Some(Expression::Array(items)) => items.iter().map(text).collect(),
        Some(other) => vec![text(other)],
        None => Vec::new(),
    }
}

/// The patterns of every `regex("...", ...)` call inside an expression.
fn regex_patterns(expr: &Expression) -> Vec<Regex> {
    let mut found = Vec::new();
    walk(expr, &mut |e| {
        if let Expression::FuncCall(call) = e {
            if call.name.to_string() == "regex" {
                if let Some(Expression::String(pattern)) = call.args.first() {
                    found.push(Regex::new(pattern).expect("a pattern Terraform's RE2 also reads"));
                }
            }
        }
    });
    found
}

fn variable<'a>(body: &'a Body, name: &str) -> &'a Body {
    block(body, "variable", &[name])
        .unwrap_or_else(|e| panic!("variable {name}: {e}"))
        .body()
}

fn validation_condition(variable: &Body) -> Expression {
    let validation = block(variable, "validation", &[]).expect("a validation block");
    attr(validation.body(), "condition")
        .cloned()
        .expect("a condition")
}

// ----------------------------------------------------------------------------------------------
// prod cannot be insecure
// ----------------------------------------------------------------------------------------------

#[test]
fn prods_certificate_log_bucket_and_alarm_recipients_are_required_and_validated() {
    let vars = parse("terraform/environments/prod/variables.tf").expect("prod variables");
    for name in ["certificate_arn", "alb_access_logs_bucket", "alarm_emails"] {
        let v = variable(&vars, name);
        assert!(attr(v, "default").is_none(), "prod: {name} has a default");
        assert_eq!(
            attr(v, "nullable"),
            Some(&Expression::Bool(false)),
            "prod: {name} may be null"
        );
        assert!(
            validation_condition(v)
                .to_string()
                .contains(&format!("var.{name}")),
            "prod: {name}'s validation checks it"
        );
    }

    // The patterns accept what AWS issues and refuse what is not.
    let certificate = regex_patterns(&validation_condition(variable(&vars, "certificate_arn")));
    assert_eq!(certificate.len(), 1);
    let good =
        "arn:aws:acm:us-east-1:222222222222:certificate/0e3b5f1c-8a57-4a9f-9a3e-2f0c6c1d9b11";
    assert!(certificate[0].is_match(good));
    for bad in [
        "",
        "none",
        "arn:aws:iam::222222222222:server-certificate/x",
        "arn:aws:acm:us-east-1:2222:certificate/x",
    ] {
        assert!(!certificate[0].is_match(bad), "certificate_arn `{bad}`");
    }
    let bucket = regex_patterns(&validation_condition(variable(
        &vars,
        "alb_access_logs_bucket",
    )));
    assert!(bucket[0].is_match("my-elb-access-logs"));
    assert!(!bucket[0].is_match("") && !bucket[0].is_match("Upper_Case"));
    let emails = validation_condition(variable(&vars, "alarm_emails"));
    assert!(
        emails.to_string().contains("length(var.alarm_emails) >= 1"),
        "at least one recipient: {emails}"
    );
    let email = regex_patterns(&emails);
    assert!(email[0].is_match("oncall@example.com"));
    assert!(!email[0].is_match("oncall") && !email[0].is_match("a b@example.com"));

    // prod's module calls take them from those variables.
    let main = parse("terraform/environments/prod/main.tf").expect("prod main.tf");
    let argument = |call: &str, name: &str| {
        let call = block(&main, "module", &[call]).expect("module call");
        attr(call.body(), name).map(text)
    };
    assert_eq!(
        argument("load_balancer", "certificate_arn").as_deref(),
        Some("var.certificate_arn")
    );
    assert_eq!(
        argument("load_balancer", "access_logs_bucket").as_deref(),
        Some("var.alb_access_logs_bucket")
    );
    assert_eq!(
        argument("monitoring", "alarm_emails").as_deref(),
        Some("var.alarm_emails")
    );
}

#[test]
fn prod_has_no_plain_http_forward() {
    let lb = parse("terraform/modules/load-balancer/main.tf").expect("load-balancer");
    let lb_vars = parse("terraform/modules/load-balancer/variables.tf").expect("variables");
    // Plain HTTP only when the caller allows it, and the module refuses a missing certificate
    // otherwise.
    assert_eq!(
        attr(variable(&lb_vars, "allow_plain_http"), "default"),
        Some(&Expression::Bool(false))
    );
    let forward = block(&lb, "resource", &["aws_lb_listener", "http_forward"])
        .expect("http_forward")
        .body();
    assert_eq!(
        attr(forward, "count").map(text).as_deref(),
        Some("local.plain_http_forward ? 1 : 0")
    );
    let locals: Vec<&Block> = blocks(&lb, "locals", &[]);
    let plain = locals
        .iter()
        .find_map(|l| attr(l.body(), "plain_http_forward"))
        .map(text);
    assert_eq!(
        plain.as_deref(),
        Some("!local.https_enabled && var.allow_plain_http")
    );
    let https = locals
        .iter()
        .find_map(|l| attr(l.body(), "https_enabled"))
        .map(text);
    assert_eq!(https.as_deref(), Some("var.certificate_arn != null"));
    let alb = block(&lb, "resource", &["aws_lb", "this"])
        .expect("aws_lb")
        .body();
    let lifecycle = block(alb, "lifecycle", &[]).expect("lifecycle").body();
    let precondition = block(lifecycle, "precondition", &[])
        .expect("precondition")
        .body();
    assert_eq!(
        attr(precondition, "condition").map(text).as_deref(),
        Some("local.https_enabled || var.allow_plain_http")
    );
    // With a certificate port 80 answers only a redirect to HTTPS.
    let redirect = block(&lb, "resource", &["aws_lb_listener", "http_redirect"])
        .expect("http_redirect")
        .body();
    assert_eq!(
        attr(redirect, "count").map(text).as_deref(),
        Some("local.https_enabled ? 1 : 0")
    );
    let action = block(redirect, "default_action", &[])
        .expect("action")
        .body();
    assert_eq!(attr_str(action, "type").ok().as_deref(), Some("redirect"));
    let target = block(action, "redirect", &[]).expect("redirect").body();
    assert_eq!(attr_str(target, "protocol").ok().as_deref(), Some("HTTPS"));

    // prod never allows it; dev says so where it does.
    for env in ENVIRONMENTS {
        let main = parse(format!("terraform/environments/{env}/main.tf")).expect("main.tf");
        let call = block(&main, "module", &["load_balancer"]).expect("load_balancer");
        let allowed = attr(call.body(), "allow_plain_http");
        match env {
            "prod" => assert!(
                allowed.is_none() || allowed == Some(&Expression::Bool(false)),
                "prod allows plain HTTP"
            ),
            _ => assert_eq!(allowed, Some(&Expression::Bool(true)), "{env}"),
        }
    }
}

/// AWS's ALB security policies whose TLS 1.2 suites are ECDHE with AES-GCM only, or that allow
/// TLS 1.3 only (the "Security policies for your Application Load Balancer" table).
const POLICIES_WITHOUT_CBC: [&str; 3] = [
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
];

#[test]
fn the_https_listener_offers_no_cbc_suites() {
    let vars = parse("terraform/modules/load-balancer/variables.tf").expect("variables");
    let policy = variable(&vars, "ssl_policy");
    let default = attr_str(policy, "default").expect("a default policy");
    assert!(
        POLICIES_WITHOUT_CBC.contains(&default.as_str()),
        "{default}"
    );
    // Every policy the validation accepts is one of them.
    let condition = validation_condition(policy);
    let mut accepted = Vec::new();
    walk(&condition, &mut |e| {
        if let Expression::FuncCall(call) = e {
            if call.name.to_string() == "contains" {
                accepted.extend(call.args.first().map(strings).unwrap_or_default());
            }
        }
    });
    assert!(!accepted.is_empty(), "{condition}");
    for name in &accepted {
        assert!(POLICIES_WITHOUT_CBC.contains(&name.as_str()), "{name}");
    }
    let lb = parse("terraform/modules/load-balancer/main.tf").expect("load-balancer");
    let https = block(&lb, "resource", &["aws_lb_listener", "https"])
        .expect("https")
        .body();
    assert_eq!(
        attr(https, "ssl_policy").map(text).as_deref(),
        Some("var.ssl_policy")
    );
}

// ----------------------------------------------------------------------------------------------
// The invoke API and the task
// ----------------------------------------------------------------------------------------------

#[test]
fn every_route_of_the_invoke_api_is_signed() {
    let body = parse("terraform/modules/invoke-api/main.tf").expect("invoke-api");
    let routes = blocks(&body, "resource", &["aws_apigatewayv2_route"]);
    let keys: BTreeSet<String> = routes
        .iter()
        .map(|r| attr_str(r.body(), "route_key").expect("route_key"))
        .collect();
    // The routes the extractor answers, read from its source.
    let source = std::fs::read_to_string(repo_root().join("lambdas/extractor/src/routes.rs"))
        .expect("routes.rs");
    for (method, path) in [("GET", "/health"), ("POST", "/sync")] {
        assert!(
            source.contains(&format!("(&Method::{method}, \"{path}\")")),
            "the extractor answers {method} {path}"
        );
        assert!(keys.contains(&format!("{method} {path}")), "{keys:?}");
    }
    for route in routes {
        assert_eq!(
            attr_str(route.body(), "authorization_type").ok().as_deref(),
            Some("AWS_IAM"),
            "{}",
            route.labels()[1].as_str()
        );
    }
}

fn container_definitions() -> Expression {
    let body = parse("terraform/modules/dashboard-service/main.tf").expect("dashboard-service");
    let task =
        block(&body, "resource", &["aws_ecs_task_definition", "this"]).expect("task definition");
    attr(task.body(), "container_definitions")
        .cloned()
        .expect("container_definitions")
}

#[test]
fn the_task_drops_every_linux_capability() {
    let definitions = container_definitions();
    let drops: Vec<Vec<String>> = find_key(&definitions, "drop")
        .into_iter()
        .map(strings)
        .collect();
    assert_eq!(drops, vec![vec!["ALL".to_owned()]]);
    assert!(
        find_key(&definitions, "add").is_empty(),
        "nothing added back"
    );
    assert!(find_key(&definitions, "privileged").is_empty());
}

#[test]
fn the_dashboard_image_is_deployed_by_digest() {
    let vars = parse("terraform/modules/dashboard-service/variables.tf").expect("variables");
    let patterns = regex_patterns(&validation_condition(variable(&vars, "image")));
    assert_eq!(patterns.len(), 1);
    let repository = "222222222222.dkr.ecr.us-east-1.amazonaws.com/spacex-launches-prod-dashboard";
    let digest = format!("sha256:{}", "0123456789abcdef".repeat(4));
    assert!(patterns[0].is_match(&format!("{repository}@{digest}")));
    for tagged in [
        format!("{repository}:0123abc"),
        format!("{repository}:latest"),
        repository.to_owned(),
    ] {
        assert!(!patterns[0].is_match(&tagged), "{tagged}");
    }
    for env in ENVIRONMENTS {
        let main = parse(format!("terraform/environments/{env}/main.tf")).expect("main.tf");
        let image = blocks(&main, "locals", &[])
            .iter()
            .find_map(|l| attr(l.body(), "dashboard_image"))
            .map(text)
            .expect("local.dashboard_image");
        assert_eq!(
            image, "${module.registry.repository_url}@${data.aws_ecr_image.dashboard.image_digest}",
            "{env}"
        );
        let lookup = block(&main, "data", &["aws_ecr_image", "dashboard"])
            .expect("the digest lookup")
            .body();
        assert_eq!(
            attr(lookup, "image_tag").map(text).as_deref(),
            Some("var.dashboard_image_tag")
        );
    }
}

// ----------------------------------------------------------------------------------------------
// IAM policy documents
// ----------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Statement {
    sid: String,
    allow: bool,
    actions: Vec<String>,
    resources: Vec<String>,
    /// (test, variable, values)
    conditions: Vec<(String, String, Vec<String>)>,
    principals: Vec<(String, Vec<String>)>,
}

fn statements(file: &str, document: &str) -> Vec<Statement> {
    let body = parse(file).expect("a .tf file");
    let data = block(&body, "data", &["aws_iam_policy_document", document])
        .unwrap_or_else(|e| panic!("{file}: {document}: {e}"));
    blocks(data.body(), "statement", &[])
        .into_iter()
        .map(|s| {
            let b = s.body();
            Statement {
                sid: attr_str(b, "sid").unwrap_or_default(),
                allow: attr_str(b, "effect").map_or(true, |e| e == "Allow"),
                actions: texts(attr(b, "actions")),
                resources: texts(attr(b, "resources")),
                conditions: blocks(b, "condition", &[])
                    .into_iter()
                    .map(|c| {
                        (
                            attr(c.body(), "test").map(text).unwrap_or_default(),
                            attr(c.body(), "variable").map(text).unwrap_or_default(),
                            texts(attr(c.body(), "values")),
                        )
                    })
                    .collect(),
                principals: blocks(b, "principals", &[])
                    .into_iter()
                    .map(|p| {
                        (
                            attr(p.body(), "type").map(text).unwrap_or_default(),
                            texts(attr(p.body(), "identifiers")),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A `locals` value of a file, as text.
fn local(file: &str, name: &str) -> String {
    let body = parse(file).expect("a .tf file");
    blocks(&body, "locals", &[])
        .iter()
        .find_map(|l| attr(l.body(), name))
        .map(text)
        .unwrap_or_else(|| panic!("{file}: local.{name}"))
}

const BOOTSTRAP_MAIN: &str = "terraform/bootstrap/main.tf";
const DEPLOY_ROLES: &str = "terraform/bootstrap/deploy_roles.tf";
const DEPLOY_POLICY: &str = "terraform/bootstrap/deploy_policy.tf";

#[test]
fn the_deploy_roles_trust_only_the_repositorys_environment_and_stss_audience() {
    let host = local(BOOTSTRAP_MAIN, "github_oidc_host");
    let audience = local(BOOTSTRAP_MAIN, "oidc_audience");
    assert_eq!(host, "token.actions.githubusercontent.com");
    assert_eq!(audience, "sts.amazonaws.com");

    let main = parse(BOOTSTRAP_MAIN).expect("bootstrap");
    let provider = block(
        &main,
        "resource",
        &["aws_iam_openid_connect_provider", "github"],
    )
    .expect("the OIDC provider")
    .body();
    assert_eq!(
        attr(provider, "url").map(text).as_deref(),
        Some("https://${local.github_oidc_host}")
    );
    assert_eq!(
        texts(attr(provider, "client_id_list")),
        ["local.oidc_audience"]
    );

    let trust = statements(DEPLOY_ROLES, "deploy_trust");
    assert_eq!(trust.len(), 1, "{trust:?}");
    let statement = &trust[0];
    assert!(statement.allow);
    assert_eq!(statement.actions, ["sts:AssumeRoleWithWebIdentity"]);
    assert_eq!(
        statement.principals,
        [(
            "Federated".to_owned(),
            vec!["aws_iam_openid_connect_provider.github.arn".to_owned()]
        )]
    );
    let condition = |claim: &str| {
        statement
            .conditions
            .iter()
            .find(|(_, variable, _)| variable == &format!("${{local.github_oidc_host}}:{claim}"))
            .map(|(test, _, values)| (test.clone(), values.clone()))
    };
    assert_eq!(
        condition("aud"),
        Some((
            "StringEquals".to_owned(),
            vec!["local.oidc_audience".to_owned()]
        ))
    );
    // Exactly one subject, with no wildcard: the repository and the role's own environment.
    assert_eq!(
        condition("sub"),
        Some((
            "StringEquals".to_owned(),
            vec!["repo:${var.github_repository}:environment:${each.key}".to_owned()]
        ))
    );
    let roles = parse(DEPLOY_ROLES).expect("deploy roles");
    let role = block(&roles, "resource", &["aws_iam_role", "deploy"])
        .expect("the deploy role")
        .body();
    assert_eq!(
        attr(role, "assume_role_policy").map(text).as_deref(),
        Some("data.aws_iam_policy_document.deploy_trust[each.key].json")
    );
    assert_eq!(
        attr(role, "for_each").map(text).as_deref(),
        Some("var.environments")
    );
}

/// Read-only verbs: allowed on "*" where AWS offers no resource to scope them by.
fn is_read(action: &str) -> bool {
    let verb = action.split(':').nth(1).unwrap_or_default();
    ["Describe", "List", "Get"]
        .iter()
        .any(|prefix| verb.starts_with(prefix))
}

/// Writes AWS offers no resource to scope by: ECR's login token, ECS task definitions (their
/// family is the environment's name either way) and WAF's log delivery to CloudWatch Logs.
const UNSCOPABLE_WRITES: [&str; 7] = [
    "ecr:GetAuthorizationToken",
    "ecs:RegisterTaskDefinition",
    "ecs:DeregisterTaskDefinition",
    "logs:CreateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:PutResourcePolicy",
    "logs:UpdateLogDelivery",
];

#[test]
fn the_deploy_roles_may_change_only_their_environments_resources() {
    // The prefix is the environments' own name.
    let prefix = local(DEPLOY_ROLES, "prefix");
    assert!(
        prefix.contains("\"${local.project}-${env}\"") && prefix.contains("var.environments"),
        "{prefix}"
    );
    let project = local(BOOTSTRAP_MAIN, "project");
    for env in ENVIRONMENTS {
        let name = local(&format!("terraform/environments/{env}/main.tf"), "name");
        assert_eq!(name, format!("{project}-${{local.environment}}"), "{env}");
        assert_eq!(
            local(
                &format!("terraform/environments/{env}/main.tf"),
                "environment"
            ),
            env
        );
    }

    let scoped_by_name = "${local.prefix[each.key]}";
    let environment_tag = |s: &Statement| {
        s.conditions.iter().any(|(test, variable, values)| {
            test == "StringEquals"
                && (variable == "aws:RequestTag/environment"
                    || variable == "aws:ResourceTag/environment")
                && values == &["each.key".to_owned()]
        })
    };
    let statements = statements(DEPLOY_POLICY, "deploy");
    assert!(statements.len() >= 10, "{statements:?}");
    for s in statements.iter().filter(|s| s.allow) {
        let only_reads = s
            .actions
            .iter()
            .all(|a| is_read(a) || UNSCOPABLE_WRITES.contains(&a.as_str()));
        let by_name = s.resources.iter().all(|r| {
            r.contains(scoped_by_name)
                // The state store: the environment's key prefix, lock entries, the state key.
                || r.starts_with("${aws_s3_bucket.state.arn}/${local.project}/${each.key}/")
                || r == "aws_dynamodb_table.lock.arn"
                || r == "aws_kms_key.state.arn"
        });
        let state_listing = s.resources == ["aws_s3_bucket.state.arn"]
            && s.conditions
                == [(
                    "StringLike".to_owned(),
                    "s3:prefix".to_owned(),
                    vec!["${local.project}/${each.key}/*".to_owned()],
                )];
        // A web ACL refers to AWS's managed rule groups (theirs, read-only to everyone).
        let managed_rules = s
            .resources
            .iter()
            .all(|r| r.ends_with(":regional/managedruleset/*"))
            && s.actions.iter().all(|a| {
                ["wafv2:CreateWebACL", "wafv2:UpdateWebACL"].contains(&a.as_str()) || is_read(a)
            });
        let service_linked = s.actions == ["iam:CreateServiceLinkedRole"]
            && s.conditions
                .iter()
                .any(|(_, v, _)| v == "iam:AWSServiceName");
        assert!(
            only_reads
                || by_name
                || environment_tag(s)
                || state_listing
                || service_linked
                || managed_rules,
            "statement {} reaches beyond the environment: {s:?}",
            s.sid
        );
        // The lock table is shared: only the environment's lock entries.
        if s.resources
            .iter()
            .any(|r| r == "aws_dynamodb_table.lock.arn")
        {
            assert!(
                s.conditions
                    .iter()
                    .any(|(_, v, values)| v == "dynamodb:LeadingKeys"
                        && values.iter().all(|k| k.contains("/${each.key}/"))),
                "{s:?}"
            );
        }
    }
    // Nothing outside a statement's scope is reached through a wildcard service grant.
    for s in statements
        .iter()
        .filter(|s| s.allow && s.resources.iter().any(|r| r == "*"))
    {
        assert!(
            s.actions.iter().all(|a| !a.ends_with(":*")),
            "{}: a whole service on *",
            s.sid
        );
    }
}

#[test]
fn the_deploy_roles_create_roles_only_with_the_bootstraps_boundary() {
    let role_writes = [
        "iam:CreateRole",
        "iam:PutRolePolicy",
        "iam:AttachRolePolicy",
        "iam:PutRolePermissionsBoundary",
    ];
    let boundary = "aws_iam_policy.boundary[each.key].arn";
    let statements = statements(DEPLOY_POLICY, "deploy");
    let granting: Vec<&Statement> = statements
        .iter()
        .filter(|s| {
            s.allow
                && s.actions
                    .iter()
                    .any(|a| role_writes.contains(&a.as_str()) || a == "iam:*")
        })
        .collect();
    assert!(!granting.is_empty(), "the deploy role creates roles");
    for s in &granting {
        assert!(
            s.conditions.contains(&(
                "StringEquals".to_owned(),
                "iam:PermissionsBoundary".to_owned(),
                vec![boundary.to_owned()]
            )),
            "{} grants role writes without the boundary condition",
            s.sid
        );
    }
    // No role may lose its boundary, and the boundary itself is out of reach.
    assert!(statements.iter().any(|s| !s.allow
        && s.actions
            .contains(&"iam:DeleteRolePermissionsBoundary".to_owned())));
    assert!(statements.iter().any(|s| !s.allow
        && s.resources.contains(&boundary.to_owned())
        && s.actions.contains(&"iam:CreatePolicyVersion".to_owned())));

    // Every role the environments create carries the boundary the bootstrap names.
    let boundary_name = parse("terraform/bootstrap/boundary.tf").expect("boundary.tf");
    let policy = block(&boundary_name, "resource", &["aws_iam_policy", "boundary"])
        .expect("the boundary policy")
        .body();
    let name_pattern = attr(policy, "name").map(text).expect("name");
    assert_eq!(name_pattern, "${local.project}-boundary-${each.key}");
    let project = local(BOOTSTRAP_MAIN, "project");
    for env in ENVIRONMENTS {
        let vars = parse(format!("terraform/environments/{env}/variables.tf")).expect("vars");
        assert_eq!(
            attr_str(variable(&vars, "permissions_boundary_name"), "default").ok(),
            Some(format!("{project}-boundary-{env}")),
            "{env}"
        );
    }
    let mut roles = 0;
    for module in std::fs::read_dir(repo_root().join("terraform/modules")).expect("modules") {
        let dir = module.expect("a module").path();
        let file = dir.join("main.tf");
        let relative = file.strip_prefix(repo_root()).expect("in the repository");
        let body = parse(relative).expect("main.tf");
        for role in blocks(&body, "resource", &["aws_iam_role"]) {
            roles += 1;
            assert_eq!(
                attr(role.body(), "permissions_boundary")
                    .map(text)
                    .as_deref(),
                Some("var.permissions_boundary_arn"),
                "{}: aws_iam_role.{}",
                dir.display(),
                role.labels()[1].as_str()
            );
        }
    }
    assert!(roles >= 4, "{roles} roles");
}

// ----------------------------------------------------------------------------------------------
// Keys and network interfaces
// ----------------------------------------------------------------------------------------------

/// The key policy's statements (inside `jsonencode(...)`): Sid -> the statement object.
fn key_policy_statements() -> Vec<Expression> {
    let body = parse("terraform/modules/encryption/main.tf").expect("encryption");
    let key = block(&body, "resource", &["aws_kms_key", "this"])
        .expect("the key")
        .body();
    let policy = attr(key, "policy").cloned().expect("a key policy");
    match find_key(&policy, "Statement").first() {
        Some(Expression::Array(items)) => items.clone(),
        other => panic!("Statement: {other:?}"),
    }
}

fn field(statement: &Expression, key: &str) -> Vec<String> {
    find_key(statement, key)
        .first()
        .map(|e| texts(Some(e)))
        .unwrap_or_default()
}

#[test]
fn the_key_policy_separates_administrators_from_users_and_conditions_services() {
    let crypto = [
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt",
        "kms:GenerateDataKey",
    ];
    let statements = key_policy_statements();
    let by_sid = |sid: &str| {
        statements
            .iter()
            .find(|s| field(s, "Sid") == [sid])
            .unwrap_or_else(|| panic!("statement {sid}"))
    };
    let admins = by_sid("KeyAdministrators");
    assert_eq!(field(admins, "AWS"), ["var.administrator_arns"]);
    for action in field(admins, "Action") {
        assert!(
            !crypto.iter().any(|c| action.starts_with(c)) && action != "kms:*",
            "administrators may not {action}"
        );
    }
    assert!(field(admins, "Action").contains(&"kms:ScheduleKeyDeletion".to_owned()));
    // The account (its IAM policies) gets use, never administration.
    for statement in &statements {
        let principal = field(statement, "AWS");
        if principal.iter().any(|p| p.ends_with(":root")) {
            for action in field(statement, "Action") {
                assert!(
                    crypto.iter().any(|c| action.starts_with(c))
                        || [
                            "kms:DescribeKey",
                            "kms:CreateGrant",
                            "kms:ListGrants",
                            "kms:RevokeGrant"
                        ]
                        .contains(&action.as_str()),
                    "the account root may {action}"
                );
            }
        }
        // Services act only for this account's resources.
        if !field(statement, "Service").is_empty() {
            let conditions = find_key(statement, "Condition");
            let condition = conditions
                .first()
                .map(|c| c.to_string())
                .unwrap_or_default();
            assert!(
                condition.contains("kms:EncryptionContext:aws:logs:arn")
                    || (condition.contains("aws:SourceAccount")
                        && condition.contains("aws:SourceArn")),
                "{:?} without the documented conditions",
                field(statement, "Sid")
            );
            assert!(condition.contains("local.account_id"), "{condition}");
        }
    }
    for env in ENVIRONMENTS {
        let main = parse(format!("terraform/environments/{env}/main.tf")).expect("main.tf");
        let call = block(&main, "module", &["encryption"]).expect("encryption");
        let admins = attr(call.body(), "administrator_arns")
            .map(text)
            .unwrap_or_default();
        assert!(admins.contains("local.deploy_role_arn"), "{env}: {admins}");
    }
}

#[test]
fn the_extractors_network_interface_permissions_are_scoped() {
    let body = parse("terraform/modules/extractor/main.tf").expect("extractor");
    assert!(
        blocks(&body, "resource", &["aws_iam_role_policy_attachment"]).is_empty(),
        "no managed policy (AWSLambdaENIManagementAccess allows everything on *)"
    );
    let statements = statements("terraform/modules/extractor/main.tf", "vpc_access");
    for s in &statements {
        if s.resources.iter().any(|r| r == "*") {
            // The Lambda guide: these two work only on "*".
            for action in &s.actions {
                assert!(
                    ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]
                        .contains(&action.as_str()),
                    "{action} on *"
                );
            }
        }
    }
    let create = statements
        .iter()
        .find(|s| s.actions.contains(&"ec2:CreateNetworkInterface".to_owned()))
        .expect("CreateNetworkInterface");
    let resources = create.resources.join(" ");
    assert!(
        resources.contains("aws_security_group.this[0].arn"),
        "{resources}"
    );
    assert!(resources.contains(":subnet/${id}"), "{resources}");
}

// ----------------------------------------------------------------------------------------------
// The pipeline
// ----------------------------------------------------------------------------------------------

fn workflows() -> Vec<(String, String)> {
    let dir = repo_root().join(".github/workflows");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect(".github/workflows")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .map(|p| {
            (
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read_to_string(&p).expect("a workflow"),
            )
        })
        .collect();
    files.sort();
    files
}

/// `owner/repo[/path]@<40 hex> # <tag>`: pinned to a commit, the tag for the reader.
fn pinned(uses: &str) -> bool {
    let Some((action, rest)) = uses.split_once('@') else {
        return false;
    };
    let mut parts = rest.splitn(2, char::is_whitespace);
    let sha = parts.next().unwrap_or_default();
    let comment = parts.next().unwrap_or_default().trim();
    action.split('/').count() >= 2
        && sha.len() == 40
        && sha
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        && comment.starts_with("# v")
}

#[test]
fn every_action_is_pinned_to_a_commit_sha() {
    // The check itself tells pinned from unpinned.
    assert!(pinned(
        "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"
    ));
    for unpinned in [
        "actions/checkout@v4",
        "actions/checkout@main",
        "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
        "actions/checkout@3d3c42e5 # v7",
        "docker://alpine:3",
    ] {
        assert!(!pinned(unpinned), "{unpinned}");
    }
    let mut seen = 0;
    for (name, text) in workflows() {
        for line in text.lines() {
            let trimmed = line.trim_start().trim_start_matches("- ");
            if let Some(uses) = trimmed.strip_prefix("uses:") {
                seen += 1;
                assert!(
                    pinned(uses.trim()),
                    "{name}: `{}` is not pinned",
                    uses.trim()
                );
                assert!(
                    !uses.contains("setup-qemu"),
                    "{name}: no emulation is needed"
                );
            }
        }
    }
    assert!(seen >= 8, "{seen} `uses:` lines");
}

/// The lines of one job (from `  <job>:` to the next line indented by exactly two spaces).
fn job(workflow: &str, name: &str) -> String {
    let header = format!("  {name}:");
    let mut lines = workflow.lines().skip_while(|l| *l != header);
    let first = lines.next().unwrap_or_else(|| panic!("job {name}"));
    let body: Vec<&str> = lines
        .take_while(|l| {
            let indent = l.len() - l.trim_start().len();
            l.trim().is_empty() || indent > 2 || l.trim_start().starts_with('#')
        })
        .collect();
    format!("{first}\n{}", body.join("\n"))
}

#[test]
fn the_deploy_builds_without_credentials_and_applies_the_reviewed_plan_from_main() {
    let (_, deploy) = workflows()
        .into_iter()
        .find(|(name, _)| name == "deploy.yml")
        .expect("deploy.yml");
    let (build, plan, apply) = (
        job(&deploy, "build"),
        job(&deploy, "plan"),
        job(&deploy, "apply"),
    );
    assert!(
        !build.contains("id-token"),
        "build holds no cloud credentials"
    );
    assert!(!build.contains("configure-aws-credentials"));
    assert!(!build.contains("environment:"));
    assert!(build.contains("make lambda") && build.contains("make image ARCH=arm64"));
    for (name, job) in [("plan", &plan), ("apply", &apply)] {
        assert!(
            job.contains("environment: ${{ inputs.environment }}"),
            "{name}"
        );
        assert!(job.contains("id-token: write"), "{name}");
    }
    for (name, job) in [("build", &build), ("plan", &plan), ("apply", &apply)] {
        assert!(
            job.contains("if: github.ref == 'refs/heads/main'"),
            "{name} runs from main only"
        );
    }
    assert!(plan.contains("make push") && plan.contains("make plan"));
    assert!(apply.contains("needs: plan") && apply.contains("name: plan"));
    assert!(apply.contains("make deploy") && !apply.contains("make plan"));
    // The workflow-wide permissions hold no token.
    let header = &deploy[..deploy.find("\njobs:").expect("jobs")];
    assert!(!header.contains("id-token"));

    // make deploy applies the saved plan and nothing else.
    let makefile = std::fs::read_to_string(repo_root().join("Makefile")).expect("Makefile");
    let recipe = |target: &str| -> String {
        let start = makefile
            .find(&format!("\n{target}:"))
            .unwrap_or_else(|| panic!("make {target}"));
        makefile[start + 1..]
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with('\t'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let plan_recipe = recipe("plan");
    assert!(
        plan_recipe.contains("plan -input=false -out=$(PLAN_FILE)"),
        "{plan_recipe}"
    );
    let deploy_recipe = recipe("deploy");
    let applies: Vec<&str> = deploy_recipe
        .lines()
        .filter(|l| l.contains(" apply "))
        .collect();
    assert_eq!(
        applies,
        ["\t$(TERRAFORM) -chdir=$(TF_DIR) apply -input=false $(PLAN_FILE)"],
        "{deploy_recipe}"
    );
    assert!(!deploy_recipe.contains("plan -"), "no second plan");
    assert!(recipe("push").contains("scripts/image-scan-gate.sh"));
}
