//! Child processes for tests: killed when dropped, so a failing test leaves nothing behind.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// A running child process, killed (and reaped) on drop.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Waits until something accepts connections on `port`.
pub fn wait_for_port(port: u16, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// The tool venv of `scripts/setup.sh` (cargo-lambda, zig, terraform, checkov).
pub fn tools_bin() -> PathBuf {
    let dir = std::env::var("SPACEX_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/spacex-dashboard")
        });
    dir.join("venv/bin")
}

/// `PATH` with the tool venv first.
pub fn path_with_tools() -> String {
    format!(
        "{}:{}",
        tools_bin().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A command with the tool venv on its `PATH`.
pub fn tool_command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.env("PATH", path_with_tools());
    command
}
