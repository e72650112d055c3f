//! A raw TCP server that answers like the SpaceX API v4 but misbehaves on the launch list in
//! ways a mock server cannot (wiremock sends a whole body, at once, with its length): a
//! connection reset in the middle of the body, a body that trickles, a body that never ends.
//! The rockets, launchpads and payloads are served whole from the snapshot.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use launches::spacex::{LAUNCHES_PATH, LAUNCHPADS_PATH, PAYLOADS_PATH, ROCKETS_PATH};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::spacex_server::Snapshot;

/// How the launch list is answered.
#[derive(Debug, Clone)]
pub enum LaunchList {
    /// The first `times` requests: a `Content-Length` for the whole list, half of it, then a
    /// reset (RST). Later requests get the whole list.
    ResetMidBody { times: usize },
    /// The whole list with its `Content-Length`, one byte every `interval`.
    Trickle { interval: Duration },
    /// An array of the same record without end (no `Content-Length`), as fast as it is read.
    Endless,
    /// A 200 with this `Content-Type` and body.
    Body {
        content_type: &'static str,
        body: Vec<u8>,
    },
}

pub struct MisbehavingServer {
    address: std::net::SocketAddr,
    launch_requests: Arc<AtomicUsize>,
    accept: JoinHandle<()>,
}

struct Answers {
    launches: Vec<u8>,
    first_launch: Vec<u8>,
    rockets: Vec<u8>,
    launchpads: Vec<u8>,
    payloads: Vec<u8>,
    list: LaunchList,
}

impl MisbehavingServer {
    pub async fn start(snapshot: &Snapshot, list: LaunchList) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let answers = Arc::new(Answers {
            launches: serde_json::to_vec(&snapshot.launches)?,
            first_launch: serde_json::to_vec(
                snapshot
                    .launches
                    .first()
                    .unwrap_or(&serde_json::Value::Null),
            )?,
            rockets: serde_json::to_vec(&snapshot.rockets)?,
            launchpads: serde_json::to_vec(&snapshot.launchpads)?,
            payloads: serde_json::to_vec(&snapshot.payloads)?,
            list,
        });
        let launch_requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&launch_requests);
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let answers = Arc::clone(&answers);
                let counter = Arc::clone(&counter);
                // A client that hangs up mid-answer ends only its own connection.
                tokio::spawn(async move {
                    let _ = serve(stream, &answers, &counter).await;
                });
            }
        });
        Ok(MisbehavingServer {
            address,
            launch_requests,
            accept,
        })
    }

    /// The base URL to configure the client with.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Requests for the launch list received so far.
    pub fn launch_requests(&self) -> usize {
        self.launch_requests.load(Ordering::SeqCst)
    }
}

impl Drop for MisbehavingServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

fn head(content_type: &str, length: Option<usize>) -> Vec<u8> {
    let length = length.map_or_else(String::new, |n| format!("content-length: {n}\r\n"));
    format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\n{length}connection: close\r\n\r\n")
        .into_bytes()
}

const JSON: &str = "application/json; charset=utf-8";

async fn serve(
    stream: TcpStream,
    answers: &Answers,
    launch_requests: &AtomicUsize,
) -> std::io::Result<()> {
    let mut stream = BufReader::new(stream);
    let mut request_line = String::new();
    stream.read_line(&mut request_line).await?;
    // The rest of the head, up to the empty line (GETs have no body).
    let mut line = String::new();
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or_default();
    let whole = |body: &[u8]| [head(JSON, Some(body.len())), body.to_vec()].concat();
    let mut stream = stream.into_inner();
    let reference = match path {
        ROCKETS_PATH => Some(&answers.rockets),
        LAUNCHPADS_PATH => Some(&answers.launchpads),
        PAYLOADS_PATH => Some(&answers.payloads),
        _ => None,
    };
    if let Some(body) = reference {
        return stream.write_all(&whole(body)).await;
    }
    if path != LAUNCHES_PATH {
        return stream
            .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .await;
    }
    let request = launch_requests.fetch_add(1, Ordering::SeqCst);
    let body = &answers.launches;
    match &answers.list {
        LaunchList::ResetMidBody { times } if request < *times => {
            stream.write_all(&head(JSON, Some(body.len()))).await?;
            stream.write_all(&body[..body.len() / 2]).await?;
            stream.flush().await?;
            // Closing with a zero linger sends RST instead of FIN: a reset, not an end.
            stream.set_zero_linger()?;
            drop(stream);
            Ok(())
        }
        LaunchList::ResetMidBody { .. } => stream.write_all(&whole(body)).await,
        LaunchList::Trickle { interval } => {
            stream.write_all(&head(JSON, Some(body.len()))).await?;
            for byte in body {
                stream.write_all(std::slice::from_ref(byte)).await?;
                stream.flush().await?;
                tokio::time::sleep(*interval).await;
            }
            Ok(())
        }
        LaunchList::Endless => {
            stream.write_all(&head(JSON, None)).await?;
            stream.write_all(b"[").await?;
            let mut chunk = Vec::new();
            while chunk.len() < 64 * 1024 {
                chunk.extend_from_slice(&answers.first_launch);
                chunk.push(b',');
            }
            // Until the client hangs up.
            loop {
                stream.write_all(&chunk).await?;
            }
        }
        LaunchList::Body { content_type, body } => {
            stream
                .write_all(&head(content_type, Some(body.len())))
                .await?;
            stream.write_all(body).await
        }
    }
}
