//! `dashboard healthcheck`: the container's health check. The image has no shell and no curl,
//! so the binary asks itself: GET http://127.0.0.1:$ROCKET_PORT/health, exit 0 on 200.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use crate::server::DEFAULT_PORT;

#[derive(Debug, thiserror::Error)]
pub enum HealthcheckError {
    #[error("ROCKET_PORT `{0}` is not a port number")]
    Port(String),
    #[error("cannot reach {addr}: {source}")]
    Connect {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("no answer from {addr}: {source}")]
    Io {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("/health answered `{0}`")]
    Status(String),
}

/// The port the server listens on, as the server reads it.
pub fn port_from_env() -> Result<u16, HealthcheckError> {
    match std::env::var("ROCKET_PORT") {
        Ok(value) if !value.trim().is_empty() => value
            .trim()
            .parse()
            .map_err(|_| HealthcheckError::Port(value)),
        _ => Ok(DEFAULT_PORT),
    }
}

pub fn check(port: u16, timeout: Duration) -> Result<(), HealthcheckError> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, timeout)
        .map_err(|source| HealthcheckError::Connect { addr, source })?;
    let io = |source| HealthcheckError::Io { addr, source };
    stream.set_read_timeout(Some(timeout)).map_err(io)?;
    stream.set_write_timeout(Some(timeout)).map_err(io)?;
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .map_err(io)?;
    // The status line is all that matters; read a little more than it.
    let mut head = [0u8; 64];
    let mut read = 0;
    while read < 12 {
        match stream.read(&mut head[read..]).map_err(io)? {
            0 => break,
            n => read += n,
        }
    }
    let head = String::from_utf8_lossy(&head[..read]);
    let status_line = head.lines().next().unwrap_or_default().to_owned();
    if status_line.starts_with("HTTP/1.1 200") || status_line.starts_with("HTTP/1.0 200") {
        Ok(())
    } else {
        Err(HealthcheckError::Status(status_line))
    }
}
