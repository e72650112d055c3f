//! The Terraform held to the code: module wiring, the schedule, the Lambda artefact, environment
//! variables, the table's keys, and least-privilege IAM. Each test parses the HCL (hcl-rs) and
//! compares it with what the Rust code uses, so a rename on either side turns a test red.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use hcl::Expression;
use integration::hcl_query::{find_key, object_keys, strings};
use integration::repo_root;
use integration::terraform::{
    attr, attr_str, block, blocks, launches_table_schema, parse, task_environment,
};
use launches::config::{EXTRACTOR_ENV, LOCAL_ONLY_ENV};
use launches::store::{
    launch_to_item, DATE_INDEX, INDEX_PARTITION_KEY, INDEX_SORT_KEY, PARTITION_KEY,
};

const ENVIRONMENTS: [&str; 2] = ["dev", "prod"];

fn module_dirs() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(repo_root().join("terraform/modules"))
        .expect("terraform/modules")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    dirs
}

/// `variable` blocks of a module: name -> required (no default).
fn module_variables(module: &str) -> BTreeMap<String, bool> {
    let body = parse(format!("terraform/modules/{module}/variables.tf")).expect("variables.tf");
    blocks(&body, "variable", &[])
        .into_iter()
        .map(|b| {
            (
                b.labels()[0].as_str().to_owned(),
                attr(b.body(), "default").is_none(),
            )
        })
        .collect()
}

fn module_outputs(module: &str) -> BTreeSet<String> {
    let body = parse(format!("terraform/modules/{module}/outputs.tf")).expect("outputs.tf");
    blocks(&body, "output", &[])
        .into_iter()
        .map(|b| b.labels()[0].as_str().to_owned())
        .collect()
}

fn env_file(env: &str, file: &str) -> String {
    std::fs::read_to_string(repo_root().join(format!("terraform/environments/{env}/{file}")))
        .unwrap_or_default()
}

/// Module calls of an environment: call name -> (module directory, arguments).
fn module_calls(env: &str) -> BTreeMap<String, (String, BTreeSet<String>)> {
    let body = parse(format!("terraform/environments/{env}/main.tf")).expect("main.tf");
    blocks(&body, "module", &[])
        .into_iter()
        .map(|b| {
            let source = attr_str(b.body(), "source").expect("module source");
            let dir = Path::new(&source)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let meta = [
                "source",
                "version",
                "providers",
                "depends_on",
                "count",
                "for_each",
            ];
            let args = b
                .body()
                .attributes()
                .map(|a| a.key().to_owned())
                .filter(|k| !meta.contains(&k.as_str()))
                .collect();
            (b.labels()[0].as_str().to_owned(), (dir, args))
        })
        .collect()
}

/// `module.<call>.<output>` references in a text.
fn module_references(text: &str) -> BTreeSet<(String, String)> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect()
    };
    text.match_indices("module.")
        .filter(|(i, _)| {
            *i == 0 || !text[..*i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        })
        .filter_map(|(i, _)| {
            let rest = &text[i + "module.".len()..];
            let call = ident(rest);
            let output = ident(rest.get(call.len() + 1..)?);
            (!call.is_empty() && !output.is_empty()).then_some((call, output))
        })
        .collect()
}

#[test]
fn every_module_call_passes_declared_variables_and_all_required_ones() {
    for env in ENVIRONMENTS {
        for (call, (dir, args)) in module_calls(env) {
            let variables = module_variables(&dir);
            for arg in &args {
                assert!(
                    variables.contains_key(arg),
                    "{env}: module.{call} passes `{arg}`, which modules/{dir} does not declare"
                );
            }
            for (name, required) in &variables {
                assert!(
                    !required || args.contains(name),
                    "{env}: module.{call} misses required `{name}` of modules/{dir}"
                );
            }
        }
    }
}

#[test]
fn every_referenced_module_output_exists() {
    for env in ENVIRONMENTS {
        let calls = module_calls(env);
        let text = env_file(env, "main.tf") + &env_file(env, "outputs.tf");
        let references = module_references(&text);
        assert!(
            !references.is_empty(),
            "{env}: no module outputs referenced at all?"
        );
        for (call, output) in references {
            let (dir, _) = calls
                .get(&call)
                .unwrap_or_else(|| panic!("{env}: module.{call} is referenced but not called"));
            assert!(
                module_outputs(dir).contains(&output),
                "{env}: module.{call}.{output} is not an output of modules/{dir}"
            );
        }
    }
}

#[test]
fn dev_and_prod_both_wire_every_module() {
    let all: BTreeSet<String> = module_dirs().into_iter().collect();
    assert!(all.len() >= 8, "modules: {all:?}");
    for env in ENVIRONMENTS {
        let used: BTreeSet<String> = module_calls(env)
            .into_values()
            .map(|(dir, _)| dir)
            .collect();
        assert_eq!(used, all, "{env} must compose every module");
    }
}

#[test]
fn every_module_has_the_standard_files() {
    for module in module_dirs() {
        for file in [
            "main.tf",
            "variables.tf",
            "outputs.tf",
            "versions.tf",
            "README.md",
        ] {
            assert!(
                repo_root()
                    .join(format!("terraform/modules/{module}/{file}"))
                    .is_file(),
                "modules/{module}/{file}"
            );
        }
    }
}

/// The UTC hours and minutes at which an EventBridge `cron(...)` expression fires
/// (minute and hour fields of plain numbers and comma lists; anything else is rejected).
fn cron_fire_times(expression: &str) -> Result<BTreeSet<(u32, u32)>, String> {
    let inner = expression
        .strip_prefix("cron(")
        .and_then(|e| e.strip_suffix(')'))
        .ok_or_else(|| format!("not a cron expression: {expression}"))?;
    let fields: Vec<&str> = inner.split_whitespace().collect();
    let [minutes, hours, day_of_month, month, day_of_week, year] = fields.as_slice() else {
        return Err(format!("EventBridge cron has 6 fields: {expression}"));
    };
    if (*day_of_month, *month, *day_of_week, *year) != ("*", "*", "?", "*") {
        return Err(format!("not every day: {expression}"));
    }
    let list = |field: &str, max: u32| -> Result<Vec<u32>, String> {
        field
            .split(',')
            .map(|v| {
                v.parse::<u32>()
                    .ok()
                    .filter(|n| *n <= max)
                    .ok_or_else(|| format!("`{field}` is not a list of numbers"))
            })
            .collect()
    };
    let mut times = BTreeSet::new();
    for hour in list(hours, 23)? {
        for minute in list(minutes, 59)? {
            times.insert((hour, minute));
        }
    }
    Ok(times)
}

fn schedule_expression(env: &str) -> String {
    let body = parse(format!("terraform/environments/{env}/main.tf")).expect("main.tf");
    let call = block(&body, "module", &["schedule"]).expect("module schedule");
    match attr(call.body(), "schedule_expression") {
        Some(Expression::String(s)) => s.clone(),
        Some(Expression::Traversal(t)) => {
            let Expression::Variable(root) = &t.expr else {
                panic!("{env}: unexpected schedule expression")
            };
            assert_eq!(root.as_str(), "var");
            let name = match t.operators.first() {
                Some(hcl::expr::TraversalOperator::GetAttr(name)) => name.as_str().to_owned(),
                other => panic!("{env}: unexpected traversal {other:?}"),
            };
            let vars =
                parse(format!("terraform/environments/{env}/variables.tf")).expect("variables.tf");
            let variable = block(&vars, "variable", &[&name]).expect("the variable");
            attr_str(variable.body(), "default").expect("a default schedule")
        }
        None => {
            let vars = parse("terraform/modules/schedule/variables.tf").expect("variables.tf");
            let variable = block(&vars, "variable", &["schedule_expression"]).expect("variable");
            attr_str(variable.body(), "default").expect("a default schedule")
        }
        Some(other) => panic!("{env}: unexpected schedule expression {other:?}"),
    }
}

#[test]
fn the_schedule_fires_at_exactly_01_07_13_and_19_utc() {
    let want: BTreeSet<(u32, u32)> = [(1, 0), (7, 0), (13, 0), (19, 0)].into();
    for env in ENVIRONMENTS {
        assert_eq!(
            cron_fire_times(&schedule_expression(env)),
            Ok(want.clone()),
            "{env}"
        );
    }
    // The parser itself can tell a wrong schedule apart.
    assert_ne!(cron_fire_times("cron(0 */6 * * ? *)"), Ok(want.clone()));
    assert_ne!(cron_fire_times("cron(0 0,6,12,18 * * ? *)"), Ok(want));
}

#[test]
fn the_lambda_matches_what_make_lambda_builds() {
    let body = parse("terraform/modules/extractor/main.tf").expect("extractor");
    let function = block(&body, "resource", &["aws_lambda_function", "this"])
        .expect("function")
        .body();
    assert_eq!(
        attr_str(function, "runtime").ok().as_deref(),
        Some("provided.al2023")
    );
    assert_eq!(
        attr_str(function, "handler").ok().as_deref(),
        Some("bootstrap")
    );
    assert_eq!(
        attr(function, "architectures").map(strings),
        Some(vec!["arm64".to_owned()])
    );
    assert!(
        attr(function, "source_code_hash").is_some(),
        "a new build must deploy"
    );

    let makefile = std::fs::read_to_string(repo_root().join("Makefile")).expect("Makefile");
    let zip = makefile
        .lines()
        .find_map(|l| {
            l.strip_prefix("LAMBDA_ZIP")
                .and_then(|r| r.split(":=").nth(1))
        })
        .map(str::trim)
        .expect("LAMBDA_ZIP in the Makefile");
    assert!(makefile
        .contains("cargo lambda build --release --arm64 --output-format zip --bin extractor"));
    for env in ENVIRONMENTS {
        let main = env_file(env, "main.tf");
        assert!(
            main.contains(&format!("${{path.root}}/../../../{zip}\"")),
            "{env} deploys {zip}"
        );
    }
}

/// Names of `ENV_*` constants of `launches::config` used in a directory of Rust sources, by value.
fn env_read_by(dir: &str) -> BTreeSet<String> {
    let config =
        std::fs::read_to_string(repo_root().join("launches/src/config.rs")).expect("config.rs");
    let constants: BTreeMap<String, String> = config
        .lines()
        .filter_map(|l| l.strip_prefix("pub const ENV_"))
        .filter_map(|l| {
            let (name, rest) = l.split_once(':')?;
            let value = rest.split('"').nth(1)?;
            Some((format!("ENV_{name}"), value.to_owned()))
        })
        .collect();
    let mut read = BTreeSet::new();
    let mut files = vec![repo_root().join(dir)];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(
                std::fs::read_dir(&path)
                    .expect("sources")
                    .filter_map(|e| e.ok().map(|e| e.path())),
            );
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // Variables are read through launches::config, except Rocket's own (`ROCKET_*`).
        for (at, _) in text.match_indices("env::var(\"") {
            let name: String = text[at + "env::var(\"".len()..]
                .chars()
                .take_while(|c| *c != '"')
                .collect();
            assert!(
                name.starts_with("ROCKET_"),
                "{dir}: read {name} through launches::config"
            );
            read.insert(name);
        }
        for (name, value) in &constants {
            if text.contains(name.as_str()) {
                read.insert(value.clone());
            }
        }
    }
    read
}

#[test]
fn the_lambda_environment_is_exactly_what_the_extractor_reads() {
    let body = parse("terraform/modules/extractor/main.tf").expect("extractor");
    let function = block(&body, "resource", &["aws_lambda_function", "this"])
        .expect("function")
        .body();
    let environment = block(function, "environment", &[]).expect("environment block");
    let set: BTreeSet<String> = attr(environment.body(), "variables")
        .map(object_keys)
        .unwrap_or_default()
        .into_iter()
        .collect();
    let declared: BTreeSet<String> = EXTRACTOR_ENV.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        set, declared,
        "Terraform sets exactly what the extractor reads in AWS"
    );
    let local: BTreeSet<String> = LOCAL_ONLY_ENV.iter().map(|s| (*s).to_owned()).collect();
    assert!(
        set.is_disjoint(&local),
        "the SDK's endpoint overrides are for local runs only"
    );
    let read = env_read_by("lambdas/extractor/src");
    assert_eq!(
        read.difference(&local).cloned().collect::<BTreeSet<_>>(),
        declared,
        "the extractor reads only declared variables (and local-only ones)"
    );
}

#[test]
fn the_lambda_logs_json_at_its_log_level_through_the_runtime_subscriber() {
    let body = parse("terraform/modules/extractor/main.tf").expect("extractor");
    let function = block(&body, "resource", &["aws_lambda_function", "this"])
        .expect("function")
        .body();
    let logging = block(function, "logging_config", &[])
        .expect("logging_config block")
        .body();
    assert_eq!(attr_str(logging, "log_format").expect("log_format"), "JSON");
    let level = attr(logging, "application_log_level")
        .map(ToString::to_string)
        .unwrap_or_default();
    assert_eq!(
        level, "upper(var.log_level)",
        "Lambda's levels are upper case"
    );
    // Lambda passes them as AWS_LAMBDA_LOG_FORMAT and AWS_LAMBDA_LOG_LEVEL, which only the
    // runtime's own subscriber reads.
    let main = std::fs::read_to_string(repo_root().join("lambdas/extractor/src/main.rs"))
        .expect("main.rs");
    assert!(main.contains("lambda_http::tracing::init_default_subscriber()"));
}

#[test]
fn the_invoke_api_has_only_the_default_stage() {
    // lambda_http puts a named stage in front of the request path; the extractor routes on the
    // bare path (`/sync`, `/health`), which only the `$default` stage gives.
    let body = parse("terraform/modules/invoke-api/main.tf").expect("invoke-api");
    let stages = blocks(&body, "resource", &["aws_apigatewayv2_stage"]);
    let names: Vec<String> = stages
        .iter()
        .map(|stage| attr_str(stage.body(), "name").expect("stage name"))
        .collect();
    assert_eq!(names, ["$default"]);
}

#[test]
fn the_table_keys_and_index_match_what_the_code_reads_and_writes() {
    let schema = launches_table_schema().expect("schema");
    assert_eq!(schema.hash_key, PARTITION_KEY);
    assert_eq!(schema.range_key, None);
    let index = schema
        .indexes
        .iter()
        .find(|i| i.name == DATE_INDEX)
        .expect("the GSI the dashboard queries");
    assert_eq!(index.hash_key, INDEX_PARTITION_KEY);
    assert_eq!(index.range_key.as_deref(), Some(INDEX_SORT_KEY));
    assert_eq!(
        index.projection_type, "ALL",
        "the dashboard reads whole launches from the index"
    );
    // The declared attribute types are the types the code writes.
    let sample: launches::Launch = serde_json::from_value(serde_json::json!({
        "id": "x", "flight_number": 1, "name": "n", "date_utc": "2020-01-01T00:00:00.000Z",
        "date_precision": "hour", "year": 2020, "month": 1, "status": "success",
        "rocket_id": "r", "rocket_name": "Falcon 9", "launchpad_id": "p", "launchpad_name": "SLC 40",
        "payload_count": 0, "payload_mass_kg": 0.0, "crew_count": 0, "content_hash": "h", "synced_at": "s"
    }))
    .expect("a launch");
    let item = launch_to_item(&sample).expect("item");
    for (name, kind) in &schema.attributes {
        let written = match item.get(name) {
            Some(aws_sdk_dynamodb::types::AttributeValue::S(_)) => "S",
            Some(aws_sdk_dynamodb::types::AttributeValue::N(_)) => "N",
            Some(aws_sdk_dynamodb::types::AttributeValue::B(_)) => "B",
            other => panic!("attribute {name} is written as {other:?}"),
        };
        assert_eq!(written, kind, "type of attribute {name}");
    }
}

// The IAM grants are compared with the operations each binary really sends, recorded against
// the emulator: see `extractor_flow.rs`.

/// The dashboard-service module's ECS container definition (inside `jsonencode(...)`).
fn container_definitions() -> Expression {
    let body = parse("terraform/modules/dashboard-service/main.tf").expect("dashboard-service");
    let task =
        block(&body, "resource", &["aws_ecs_task_definition", "this"]).expect("task definition");
    attr(task.body(), "container_definitions")
        .cloned()
        .expect("container_definitions")
}

fn number(expr: &Expression) -> Option<u64> {
    match expr {
        Expression::Number(n) => n.as_u64(),
        Expression::String(s) => s.parse().ok(),
        _ => None,
    }
}

#[test]
fn the_container_port_target_group_and_health_check_match_the_dashboard() {
    let port = u64::from(dashboard::server::DEFAULT_PORT);
    let definitions = container_definitions();
    for key in ["containerPort", "hostPort"] {
        let ports: Vec<Option<u64>> = find_key(&definitions, key)
            .into_iter()
            .map(number)
            .collect();
        assert_eq!(ports, vec![Some(port)], "{key}");
    }
    let body = parse("terraform/modules/load-balancer/main.tf").expect("load-balancer");
    let target_group = block(&body, "resource", &["aws_lb_target_group", "this"])
        .expect("target group")
        .body();
    assert_eq!(
        attr(target_group, "port").and_then(number),
        Some(port),
        "target group port"
    );
    let health = block(target_group, "health_check", &[])
        .expect("health_check")
        .body();
    let path = attr_str(health, "path").expect("health check path");
    // The path the load balancer probes answers 200 in the real app.
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let status = runtime.block_on(async {
        let store: std::sync::Arc<dyn launches::LaunchStore> =
            std::sync::Arc::new(launches::MemoryStore::new());
        let origin = dashboard::DataOrigin {
            description: "contract".into(),
            notice: None,
        };
        let state = dashboard::AppState::new(store, std::time::Duration::from_secs(30), origin);
        let client = rocket::local::asynchronous::Client::tracked(dashboard::rocket(state))
            .await
            .expect("app");
        let status = client.get(path.clone()).dispatch().await.status();
        status
    });
    assert_eq!(status, rocket::http::Status::Ok, "GET {path}");
    // The container's health check runs the binary itself, where the Dockerfile puts it.
    let command: Vec<String> = find_key(&definitions, "command")
        .into_iter()
        .flat_map(strings)
        .collect();
    assert_eq!(command, ["CMD", "/dashboard", "healthcheck"]);
    let dockerfile =
        std::fs::read_to_string(repo_root().join("dashboard/Dockerfile")).expect("Dockerfile");
    assert!(dockerfile.contains("COPY dashboard /dashboard"));
    assert!(dockerfile.contains(r#"CMD ["/dashboard", "healthcheck"]"#));
}

#[test]
fn the_container_environment_is_what_the_dashboard_reads() {
    let set: BTreeMap<String, Option<Expression>> = task_environment()
        .expect("task environment")
        .into_iter()
        .collect();
    let names: BTreeSet<String> = set.keys().cloned().collect();
    // Read through launches::config by the dashboard's own code...
    let mut read = env_read_by("dashboard/src");
    // ...by Rocket's figment (ROCKET_ prefix, keys `address` and `port`)...
    let server =
        std::fs::read_to_string(repo_root().join("dashboard/src/server.rs")).expect("server.rs");
    assert!(server.contains(r#"Env::prefixed("ROCKET_")"#));
    read.extend(["ROCKET_ADDRESS".to_owned(), "ROCKET_PORT".to_owned()]);
    // ...and by the AWS SDK's standard configuration.
    read.insert("AWS_REGION".to_owned());
    let local: BTreeSet<String> = LOCAL_ONLY_ENV.iter().map(|s| (*s).to_owned()).collect();
    for name in &names {
        assert!(
            read.contains(name),
            "Terraform sets {name}, which the dashboard does not read"
        );
        assert!(!local.contains(name), "{name} is for local runs only");
    }
    for needed in [
        launches::config::ENV_TABLE,
        launches::config::ENV_LOG,
        "ROCKET_ADDRESS",
        "ROCKET_PORT",
        "AWS_REGION",
    ] {
        assert!(names.contains(needed), "the task must set {needed}");
    }
    let port = set
        .get("ROCKET_PORT")
        .cloned()
        .flatten()
        .and_then(|e| number(&e));
    assert_eq!(port, Some(u64::from(dashboard::server::DEFAULT_PORT)));
    assert_eq!(
        set.get("ROCKET_ADDRESS").cloned().flatten(),
        Some(Expression::String("0.0.0.0".into()))
    );
}

/// `a.b.c` of a traversal expression, as text.
fn traversal_text(expr: Option<&Expression>) -> Option<String> {
    let Some(Expression::Traversal(t)) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let mut text = root.as_str().to_owned();
    for op in &t.operators {
        match op {
            hcl::expr::TraversalOperator::GetAttr(name) => {
                text.push('.');
                text.push_str(name.as_str());
            }
            _ => return None,
        }
    }
    Some(text)
}

#[test]
fn only_the_load_balancer_reaches_the_tasks_on_the_dashboard_port() {
    let body = parse("terraform/modules/dashboard-service/main.tf").expect("dashboard-service");
    let port = Some(u64::from(dashboard::server::DEFAULT_PORT));
    let rule = block(
        &body,
        "resource",
        &["aws_vpc_security_group_ingress_rule", "tasks_from_alb"],
    )
    .expect("ingress rule")
    .body();
    assert_eq!(attr(rule, "from_port").and_then(number), port);
    assert_eq!(attr(rule, "to_port").and_then(number), port);
    assert_eq!(
        traversal_text(attr(rule, "referenced_security_group_id")).as_deref(),
        Some("var.alb_security_group_id"),
        "from the load balancer's security group, not a CIDR"
    );
    assert!(attr(rule, "cidr_ipv4").is_none());
    // The only ingress rule of the tasks' group.
    let task_rules: Vec<_> = blocks(&body, "resource", &["aws_vpc_security_group_ingress_rule"])
        .into_iter()
        .filter(|r| {
            traversal_text(attr(r.body(), "security_group_id")).as_deref()
                == Some("aws_security_group.tasks.id")
        })
        .collect();
    assert_eq!(task_rules.len(), 1);
    // The load balancer's group may send to the tasks' port, to the tasks only.
    let egress = block(
        &body,
        "resource",
        &["aws_vpc_security_group_egress_rule", "alb_to_tasks"],
    )
    .expect("egress rule")
    .body();
    assert_eq!(attr(egress, "from_port").and_then(number), port);
    assert_eq!(
        traversal_text(attr(egress, "referenced_security_group_id")).as_deref(),
        Some("aws_security_group.tasks.id")
    );

    // That variable is the load balancer's own group, in both environments.
    let lb = parse("terraform/modules/load-balancer/main.tf").expect("load-balancer");
    let alb = block(&lb, "resource", &["aws_lb", "this"])
        .expect("aws_lb")
        .body();
    let groups: Vec<String> = match attr(alb, "security_groups") {
        Some(Expression::Array(items)) => items
            .iter()
            .filter_map(|e| traversal_text(Some(e)))
            .collect(),
        other => panic!("security_groups: {other:?}"),
    };
    assert_eq!(groups, ["aws_security_group.alb.id"]);
    let outputs = parse("terraform/modules/load-balancer/outputs.tf").expect("outputs.tf");
    let output = block(&outputs, "output", &["security_group_id"]).expect("output");
    assert_eq!(
        traversal_text(attr(output.body(), "value")).as_deref(),
        Some("aws_security_group.alb.id")
    );
    for env in ENVIRONMENTS {
        let main = parse(format!("terraform/environments/{env}/main.tf")).expect("main.tf");
        let call = block(&main, "module", &["dashboard_service"]).expect("dashboard_service");
        assert_eq!(
            traversal_text(attr(call.body(), "alb_security_group_id")).as_deref(),
            Some("module.load_balancer.security_group_id"),
            "{env}"
        );
        assert_eq!(
            traversal_text(attr(call.body(), "target_group_arn")).as_deref(),
            Some("module.load_balancer.target_group_arn"),
            "{env}"
        );
    }
}

/// A literal boolean argument of a module call in an environment.
fn call_bool(env: &str, call: &str, argument: &str) -> Option<bool> {
    let main = parse(format!("terraform/environments/{env}/main.tf")).expect("main.tf");
    let call = block(&main, "module", &[call]).expect("module call");
    match attr(call.body(), argument) {
        Some(Expression::Bool(b)) => Some(*b),
        _ => None,
    }
}

#[test]
fn prod_keeps_its_protections_whatever_dev_saves() {
    // Set in prod's main.tf as literals, not variables a tfvars file could turn off.
    assert_eq!(
        call_bool("prod", "load_balancer", "waf_enabled"),
        Some(true)
    );
    assert_eq!(
        call_bool("prod", "load_balancer", "alb_deletion_protection"),
        Some(true)
    );
    assert_eq!(
        call_bool("prod", "launches_table", "deletion_protection_enabled"),
        Some(true)
    );
    assert_eq!(
        call_bool("prod", "dashboard_service", "assign_public_ip"),
        Some(false)
    );
    assert_eq!(
        call_bool("prod", "dashboard_service", "fargate_spot"),
        Some(false)
    );
    let main = parse("terraform/environments/prod/main.tf").expect("main.tf");
    let argument = |call: &str, name: &str| {
        let call = block(&main, "module", &[call]).expect("module call");
        attr(call.body(), name).cloned()
    };
    assert_eq!(
        argument("network", "nat_gateway_mode"),
        Some(Expression::String("per_az".into()))
    );
    // The extractor and the tasks in the private subnets, behind the NAT gateways.
    for (call, name) in [
        ("extractor", "subnet_ids"),
        ("dashboard_service", "subnet_ids"),
    ] {
        assert_eq!(
            traversal_text(argument(call, name).as_ref()).as_deref(),
            Some("module.network.private_subnet_ids"),
            "prod: module.{call}.{name}"
        );
    }
    // The WAF the switch turns on is the one in front of the load balancer.
    let lb = parse("terraform/modules/load-balancer/main.tf").expect("load-balancer");
    let association = block(&lb, "resource", &["aws_wafv2_web_acl_association", "this"])
        .expect("association")
        .body();
    assert_eq!(
        traversal_text(attr(association, "resource_arn")).as_deref(),
        Some("aws_lb.this.arn")
    );
}
