//! A TCP proxy on 127.0.0.1 through which the benchmark watches another process's requests
//! without changing that process: which DynamoDB operations it sends (the `X-Amz-Target` header
//! of each request), or when it first asks the Lambda Runtime API for an event.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Sees the bytes a client sends, chunk by chunk, on one connection.
pub type Observer = Box<dyn FnMut(&[u8]) + Send>;

/// Makes one [`Observer`] per connection.
pub trait Watch: Send + Sync + 'static {
    fn observer(&self) -> Observer;
}

pub struct Proxy {
    addr: SocketAddr,
    accept: JoinHandle<()>,
}

impl Proxy {
    /// Listens on a free port and forwards every connection to `upstream` (`host:port`).
    pub async fn start(upstream: String, watch: impl Watch) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let watch = Arc::new(watch);
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let observer = watch.observer();
                tokio::spawn(async move {
                    if let Err(error) = forward(client, &upstream, observer).await {
                        eprintln!("proxy to {upstream}: {error}");
                    }
                });
            }
        });
        Ok(Proxy { addr, accept })
    }

    /// `http://127.0.0.1:<port>`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn forward(client: TcpStream, upstream: &str, mut observe: Observer) -> std::io::Result<()> {
    client.set_nodelay(true)?;
    let server = TcpStream::connect(upstream).await?;
    server.set_nodelay(true)?;
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let requests = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = client_read.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            observe(&buf[..n]);
            server_write.write_all(&buf[..n]).await?;
        }
        server_write.shutdown().await
    };
    let responses = async move {
        tokio::io::copy(&mut server_read, &mut client_write).await?;
        client_write.shutdown().await
    };
    // A peer that closes early (a killed process) is the normal end of a connection here.
    let _ = tokio::join!(requests, responses);
    Ok(())
}

/// Counts DynamoDB requests by operation.
#[derive(Debug, Clone, Default)]
pub struct OperationCounter(Arc<Mutex<BTreeMap<String, u64>>>);

const TARGET_HEADER: &[u8] = b"x-amz-target:";

impl OperationCounter {
    /// The counts since the last call, and a fresh start.
    pub fn take(&self) -> BTreeMap<String, u64> {
        self.0
            .lock()
            .map(|mut counts| std::mem::take(&mut *counts))
            .unwrap_or_default()
    }

    fn add(&self, target: &[u8]) {
        let target = String::from_utf8_lossy(target);
        // `DynamoDB_20120810.BatchWriteItem` -> `BatchWriteItem`
        let operation = target
            .trim()
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_owned();
        if let Ok(mut counts) = self.0.lock() {
            *counts.entry(operation).or_default() += 1;
        }
    }
}

impl Watch for OperationCounter {
    fn observer(&self) -> Observer {
        let counter = self.clone();
        // Bytes that may hold the start of a header split across two reads.
        let mut carry: Vec<u8> = Vec::new();
        Box::new(move |chunk: &[u8]| {
            let mut data = std::mem::take(&mut carry);
            data.extend_from_slice(chunk);
            let lower = data.to_ascii_lowercase();
            let mut pos = 0;
            let mut keep_from = data.len().saturating_sub(TARGET_HEADER.len() - 1);
            while let Some(found) = find(&lower[pos..], TARGET_HEADER) {
                let start = pos + found;
                let value = start + TARGET_HEADER.len();
                match data[value..].iter().position(|&b| b == b'\r' || b == b'\n') {
                    Some(end) => {
                        counter.add(&data[value..value + end]);
                        pos = value + end;
                    }
                    None => {
                        keep_from = start;
                        break;
                    }
                }
            }
            carry = data[keep_from.max(pos).min(data.len())..].to_vec();
        })
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Records when the first byte of the first request arrived.
#[derive(Debug, Clone, Default)]
pub struct FirstRequest(Arc<Mutex<Option<Instant>>>);

impl FirstRequest {
    pub fn at(&self) -> Option<Instant> {
        self.0.lock().ok().and_then(|first| *first)
    }

    pub fn reset(&self) {
        if let Ok(mut first) = self.0.lock() {
            *first = None;
        }
    }
}

impl Watch for FirstRequest {
    fn observer(&self) -> Observer {
        let first = self.clone();
        Box::new(move |_chunk: &[u8]| {
            if let Ok(mut at) = first.0.lock() {
                at.get_or_insert_with(Instant::now);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUEST: &[u8] = b"POST / HTTP/1.1\r\nhost: x\r\nX-Amz-Target: DynamoDB_20120810.BatchWriteItem\r\ncontent-length: 2\r\n\r\n{}";

    #[test]
    fn counts_operations_whatever_the_chunking() {
        for size in 1..REQUEST.len() {
            let counter = OperationCounter::default();
            let mut observe = counter.observer();
            for _ in 0..3 {
                for chunk in REQUEST.chunks(size) {
                    observe(chunk);
                }
            }
            let counts = counter.take();
            assert_eq!(counts.get("BatchWriteItem"), Some(&3), "chunks of {size}");
            assert_eq!(counts.len(), 1, "chunks of {size}: {counts:?}");
        }
    }

    #[test]
    fn take_starts_afresh() {
        let counter = OperationCounter::default();
        counter.observer()(REQUEST);
        assert_eq!(counter.take().values().sum::<u64>(), 1);
        assert!(counter.take().is_empty());
    }
}
