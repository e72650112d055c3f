//! The extractor's cold start with a Launch Library 2 API key in SSM, as in AWS: the parameter is
//! a SecureString in the emulator, `extractor::configure` reads it from the name in
//! `LL2_API_KEY_PARAMETER`, every LL2 request carries it, and no log or report shows it. The SSM
//! operations sent are exactly those Terraform grants the role.
//!
//! One test in this binary: it sets the process's environment, as the Lambda's cold start reads it.

use std::collections::BTreeSet;

use aws_sdk_ssm::types::ParameterType;
use extractor::{configure, handle, AwsClients};
use integration::emulator::Emulator;
use integration::ll2_server::{fixture_records, Ll2Server};
use integration::log_capture::captured_logs;
use integration::recorder::RequestLog;
use integration::repo_root;
use integration::spacex_server::{Snapshot, SpacexServer};
use integration::terraform::{create_launches_table, granted_actions};
use launches::config::{
    ENV_LL2_API_KEY, ENV_LL2_API_KEY_PARAMETER, ENV_LL2_API_URL, ENV_LL2_REQUEST_BUDGET,
    ENV_SPACEX_API_URL, ENV_TABLE,
};

const TABLE: &str = "spacex-launches-key";
/// What Terraform names it: `/<function name>/ll2-api-key`.
const PARAMETER: &str = "/spacex-launches-test-extractor/ll2-api-key";
const KEY: &str = "ll2-key-0c41e7-never-shown";

fn scheduled_event() -> lambda_http::Request {
    let path = repo_root().join("lambdas/extractor/events/scheduled.json");
    lambda_http::request::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON")
}

#[tokio::test]
async fn the_cold_start_reads_the_key_from_ssm_and_every_ll2_request_carries_it() {
    let logs = captured_logs();
    let emulator = Emulator::start().await.expect("emulator");
    create_launches_table(&emulator.client(), TABLE)
        .await
        .expect("table");
    let spacex = SpacexServer::start(&Snapshot::bundled().expect("snapshot")).await;
    let ll2 = Ll2Server::start(
        fixture_records("upcoming_2.2.0_detailed_2026-08-22.json").expect("LL2 fixture"),
        100,
    )
    .await;
    for (name, value) in [
        (ENV_TABLE, TABLE.to_owned()),
        (ENV_SPACEX_API_URL, spacex.base_url()),
        (ENV_LL2_API_URL, ll2.base_url()),
        (ENV_LL2_REQUEST_BUDGET, "5".to_owned()),
        (ENV_LL2_API_KEY_PARAMETER, PARAMETER.to_owned()),
    ] {
        std::env::set_var(name, value);
    }
    std::env::remove_var(ENV_LL2_API_KEY);
    let ssm_log = RequestLog::new();
    let clients = || AwsClients {
        dynamodb: emulator.client(),
        ssm: emulator.ssm_client_with(vec![ssm_log.clone()]),
    };

    // Without the parameter (the operator has not created it): anonymous use.
    let anonymous = configure(clients())
        .await
        .expect("cold start without a key");
    let response = handle(&anonymous, scheduled_event()).await.expect("run");
    assert_eq!(response.status(), 200);
    let sent = ll2.authorizations();
    assert!(
        !sent.is_empty() && sent.iter().all(Option::is_none),
        "{sent:?}"
    );

    // With it: the operator's `aws ssm put-parameter --type SecureString`.
    emulator
        .ssm_client_with(Vec::<RequestLog>::new())
        .put_parameter()
        .name(PARAMETER)
        .r#type(ParameterType::SecureString)
        .value(KEY)
        .send()
        .await
        .expect("put-parameter");
    let keyed = configure(clients()).await.expect("cold start with a key");
    let response = handle(&keyed, scheduled_event()).await.expect("run");
    assert_eq!(response.status(), 200);
    let report = String::from_utf8_lossy(response.body()).into_owned();
    let with_key = &ll2.authorizations()[sent.len()..];
    assert!(!with_key.is_empty(), "the keyed run asked LL2");
    assert!(
        with_key
            .iter()
            .all(|a| a.as_deref() == Some(&format!("Token {KEY}")[..])),
        "{} requests, not all with the key",
        with_key.len()
    );

    // The key is in no log line (TRACE, the SDKs' and HTTP clients' included) and no report.
    let shown = logs.text();
    assert!(
        shown.contains("Launch Library 2 API key read"),
        "logs were captured"
    );
    assert!(shown.contains("no Launch Library 2 API key"));
    for text in [shown, report] {
        assert!(!text.contains(KEY), "the key is shown");
    }

    // What the cold starts sent to SSM is what the role is granted, and nothing else.
    let called: BTreeSet<String> = ssm_log
        .all()
        .iter()
        .map(|r| format!("ssm:{}", r.operation))
        .collect();
    assert_eq!(
        granted_actions("extractor", "ssm").expect("policy"),
        called,
        "the role grants exactly the SSM calls the extractor makes"
    );
    assert!(ssm_log
        .all()
        .iter()
        .all(|r| r.body["Name"] == PARAMETER && r.body["WithDecryption"] == true));
}
