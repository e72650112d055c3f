//! Faults of the store, placed exactly: [`HoldWrite`] holds the n-th BatchWriteItem request
//! before it is sent until the test has broken something (paused the emulator), so that the
//! fault lands on a write every time instead of whenever a timer fires.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use aws_sdk_dynamodb::config::Intercept;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use tokio::sync::Notify;

/// The longest a write is held: a test that never releases it fails instead of hanging.
const HOLD_AT_MOST: Duration = Duration::from_secs(30);

#[derive(Debug, Default)]
struct Hold {
    seen: usize,
    released: bool,
}

/// Holds the `nth` BatchWriteItem request (1-based, retries counted) until [`Self::release`].
/// The hold blocks the thread that sends it: use a multi-threaded runtime (a current-thread
/// runtime panics in `block_in_place`).
#[derive(Debug, Clone)]
pub struct HoldWrite {
    nth: usize,
    hold: Arc<(Mutex<Hold>, Condvar)>,
    reached: Arc<Notify>,
}

impl HoldWrite {
    pub fn new(nth: usize) -> Self {
        HoldWrite {
            nth,
            hold: Arc::new((Mutex::new(Hold::default()), Condvar::new())),
            reached: Arc::new(Notify::new()),
        }
    }

    /// Returns once the `nth` write is being held.
    pub async fn reached(&self) {
        self.reached.notified().await;
    }

    /// Lets the held write (and every later one) go.
    pub fn release(&self) {
        let (hold, released) = &*self.hold;
        hold.lock().unwrap_or_else(PoisonError::into_inner).released = true;
        released.notify_all();
    }
}

impl Intercept for HoldWrite {
    fn name(&self) -> &'static str {
        "HoldWrite"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let target = context.request().headers().get("x-amz-target");
        if !target.is_some_and(|t| t.ends_with(".BatchWriteItem")) {
            return Ok(());
        }
        let (hold, released) = &*self.hold;
        let mut state = hold.lock().unwrap_or_else(PoisonError::into_inner);
        state.seen += 1;
        if state.seen != self.nth {
            return Ok(());
        }
        self.reached.notify_one();
        // `block_in_place` hands this worker's queue to another thread: the test's task, just
        // woken here, must run elsewhere while this thread waits for it.
        let timed_out = tokio::task::block_in_place(|| {
            released
                .wait_timeout_while(state, HOLD_AT_MOST, |s| !s.released)
                .unwrap_or_else(PoisonError::into_inner)
                .1
                .timed_out()
        });
        if timed_out {
            return Err("the held write was never released".into());
        }
        Ok(())
    }
}

/// The `X-Amz-Target` of a BatchWriteItem request, as it appears in the request head.
const BATCH_WRITE_TARGET: &[u8] = b"DynamoDB_20120810.BatchWriteItem";

/// A TCP proxy in front of the emulator for a client in another process: it forwards the first
/// `writes` BatchWriteItem requests, then stalls every connection that starts another one (the
/// request is never delivered; the connection stays open). A test that kills the client once
/// [`Self::stalled`] returns kills it after exactly those writes, not at a moment a timer picks.
pub struct StallingProxy {
    address: std::net::SocketAddr,
    stalled: Arc<Notify>,
    accept: tokio::task::JoinHandle<()>,
}

impl StallingProxy {
    /// A proxy to `upstream` (`host:port`).
    pub async fn start(upstream: String, writes: usize) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let stalled = Arc::new(Notify::new());
        let seen = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let accept = {
            let stalled = Arc::clone(&stalled);
            tokio::spawn(async move {
                while let Ok((client, _)) = listener.accept().await {
                    let Ok(server) = tokio::net::TcpStream::connect(&upstream).await else {
                        continue;
                    };
                    let (stalled, seen) = (Arc::clone(&stalled), Arc::clone(&seen));
                    tokio::spawn(async move {
                        let _ = relay(client, server, writes, &seen, &stalled).await;
                    });
                }
            })
        };
        Ok(StallingProxy {
            address,
            stalled,
            accept,
        })
    }

    /// The endpoint to give the client.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Returns once a write past the first `writes` has been stopped.
    pub async fn stalled(&self) {
        self.stalled.notified().await;
    }
}

impl Drop for StallingProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn relay(
    client: tokio::net::TcpStream,
    server: tokio::net::TcpStream,
    writes: usize,
    seen: &std::sync::atomic::AtomicUsize,
    stalled: &Notify,
) -> std::io::Result<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let answers = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
    });
    let mut buffer = vec![0u8; 64 * 1024];
    // The end of the previous read, so that a target split between two reads is still found.
    let mut tail: Vec<u8> = Vec::new();
    loop {
        let read = client_read.read(&mut buffer).await?;
        if read == 0 {
            break;
        }
        let chunk = &buffer[..read];
        let mut window = std::mem::take(&mut tail);
        window.extend_from_slice(chunk);
        let targets = window
            .windows(BATCH_WRITE_TARGET.len())
            .filter(|w| *w == BATCH_WRITE_TARGET)
            .count();
        let before = seen.fetch_add(targets, std::sync::atomic::Ordering::SeqCst);
        if before + targets > writes {
            // This connection starts a write past the limit: nothing more of it is delivered.
            stalled.notify_one();
            std::future::pending::<()>().await;
        }
        server_write.write_all(chunk).await?;
        let keep = window.len().min(BATCH_WRITE_TARGET.len() - 1);
        tail = window[window.len() - keep..].to_vec();
    }
    answers.abort();
    Ok(())
}
