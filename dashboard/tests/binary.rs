//! The `dashboard` binary as the container runs it: it starts on the bundled snapshot when the
//! API is unreachable, `dashboard healthcheck` answers for it, and SIGTERM stops it cleanly.

use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use test_support::processes::{free_port, ChildGuard};

const BIN: &str = env!("CARGO_BIN_EXE_dashboard");

fn healthcheck(port: u16) -> ExitStatus {
    Command::new(BIN)
        .arg("healthcheck")
        .env("ROCKET_PORT", port.to_string())
        .stderr(Stdio::null())
        .status()
        .expect("healthcheck runs")
}

fn wait_exit(child: &mut Child, within: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn serves_answers_its_healthcheck_and_stops_on_sigterm() {
    let port = free_port().expect("a free port");
    assert!(!healthcheck(port).success(), "nothing listens yet");

    // Killed if the test fails before it stops.
    let mut server = ChildGuard(
        Command::new(BIN)
            .env_remove("LAUNCHES_TABLE")
            .env("SPACEX_API_URL", "http://127.0.0.1:9")
            .env("ROCKET_PORT", port.to_string())
            .env("ROCKET_ADDRESS", "127.0.0.1")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the dashboard starts"),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while !healthcheck(port).success() {
        assert!(Instant::now() < deadline, "healthy within 30 s");
        assert!(
            matches!(server.0.try_wait(), Ok(None)),
            "the server exited early"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let status = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let exit = wait_exit(&mut server.0, Duration::from_secs(20)).expect("stops within 20 s");
    assert!(exit.success(), "a clean exit after SIGTERM: {exit:?}");
    assert!(!healthcheck(port).success(), "no longer listening");
}

#[test]
fn unknown_commands_are_refused() {
    let status = Command::new(BIN)
        .arg("frobnicate")
        .stderr(Stdio::null())
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(2));
}
