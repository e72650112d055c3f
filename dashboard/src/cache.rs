//! The in-process cache of launches, so that most page views cost no store read.
//!
//! It holds every launch (one `launches_in_range(DateRange::ALL)`: on DynamoDB one Query per
//! year partition of the GSI) and every filter is applied in process: a few hundred launches
//! are a few hundred KB, and a date filter then costs no extra read either.
//!
//! - Fresh for `ttl` after a successful read.
//! - One refresh at a time, in a task of its own: the request that finds the data expired
//!   starts it and is served the previous data at once, like every request meanwhile. Only when
//!   there is no data yet do requests wait for the read, and at most `wait`; the read itself goes
//!   on (up to `read_limit`), so a large table on a slow store still loads.
//! - When the store fails, the last good data is served marked stale (the page shows a "stale
//!   since" banner), the failure is logged, and the store is retried after `retry_after`.
//! - A store that does not answer at all (a hung connection: no error for up to `read_limit`)
//!   is treated the same once a refresh has been in flight for `overdue`: the data is served
//!   marked stale at once, and `/health` says why.
//! - A refresh first asks the store when launches last changed (its change mark: one GetItem on
//!   DynamoDB). When that is the mark the data was read under, and the read started at least
//!   [`SETTLE`] after it, nothing changed since: the data is kept and no launch is read. A
//!   20,000-launch table is otherwise read whole (about 20 s, 20 MB) every `ttl`, for nothing
//!   most of the time: the extractor runs every 6 hours.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use launches::history::HistoryEntry;
use launches::{DateRange, Launch, LaunchStore};

use crate::errors::AppError;

#[derive(Debug)]
pub struct Loaded {
    pub launches: Vec<Launch>,
    /// Every launch's change history, read with the launches (empty when the store keeps none
    /// or it cannot be read: the launches are still served).
    pub history: Vec<HistoryEntry>,
    pub loaded_at: DateTime<Utc>,
}

/// Why the data served is not current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staleness {
    /// When the data served was read: it is stale since then.
    pub since: DateTime<Utc>,
    /// The first failed refresh after it.
    pub failing_since: DateTime<Utc>,
}

/// What a request gets: the data, and whether it is stale.
#[derive(Debug, Clone)]
pub struct CachedLaunches {
    pub data: Arc<Loaded>,
    pub stale: Option<Staleness>,
}

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("the launch store cannot be read and no earlier data is available")]
    Unavailable,
}

impl From<CacheError> for AppError {
    fn from(_: CacheError) -> Self {
        // The cause is logged where it happened; the answer only says the data is unavailable.
        AppError::Unavailable
    }
}

/// The cache's state, for `/health`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CacheStatus {
    /// `ok`, `stale` (serving old data after a failed read), `empty` (nothing read yet) or
    /// `failing` (nothing read, and the last read failed).
    pub state: &'static str,
    pub launches: Option<usize>,
    pub loaded_at: Option<DateTime<Utc>>,
    pub failing_since: Option<DateTime<Utc>>,
    /// Why the state is not `ok`, in a sentence (the last error, or a read with no answer yet).
    pub reason: Option<String>,
}

/// How long after a change mark a read must start to be taken as whole: the launches are read
/// through the date index, which DynamoDB updates a little after the table (usually within a
/// second), and a sync writes its batches over a few seconds, marking each.
pub const SETTLE: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
struct State {
    data: Option<Arc<Loaded>>,
    /// The store's change mark when `data` was read, and when (the wall clock) that read
    /// started; `None` when the store keeps no mark.
    read_under: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// When the store was last asked (successfully or not).
    checked_at: Option<Instant>,
    last_ok: bool,
    failing_since: Option<DateTime<Utc>>,
    /// The last failure, for `/health`.
    last_error: Option<String>,
    /// When the refresh in flight started.
    refreshing_since: Option<(Instant, DateTime<Utc>)>,
}

pub struct LaunchCache {
    shared: Arc<Shared>,
}

/// What the refresh task shares with the requests.
struct Shared {
    store: Arc<dyn LaunchStore>,
    ttl: Duration,
    retry_after: Duration,
    /// How long a request with nothing to serve waits for a read.
    wait: Duration,
    /// A store read that takes longer fails, so a hung connection cannot stop refreshes.
    read_limit: Duration,
    /// A refresh in flight for longer makes the data served stale (before `read_limit` ends it).
    overdue: Duration,
    state: RwLock<State>,
    /// Held by the refresh in flight.
    refresh: Arc<tokio::sync::Mutex<()>>,
}

impl LaunchCache {
    pub fn new(store: Arc<dyn LaunchStore>, ttl: Duration) -> Self {
        LaunchCache {
            shared: Arc::new(Shared {
                store,
                ttl,
                retry_after: ttl.min(Duration::from_secs(5)),
                wait: Duration::from_secs(10),
                read_limit: Duration::from_secs(120),
                overdue: Duration::from_secs(10),
                state: RwLock::new(State::default()),
                refresh: Arc::new(tokio::sync::Mutex::new(())),
            }),
        }
    }

    pub fn store(&self) -> &Arc<dyn LaunchStore> {
        &self.shared.store
    }

    /// The launches: the cached copy, with a refresh started in the background when it has
    /// expired. Waits for the store only when nothing was ever read.
    pub async fn launches(&self) -> Result<CachedLaunches, CacheError> {
        let shared = &self.shared;
        if !shared.checked_recently() {
            if let Ok(guard) = Arc::clone(&shared.refresh).try_lock_owned() {
                // Checked again under the lock: a refresh may have ended meanwhile.
                if !shared.checked_recently() {
                    let task_shared = Arc::clone(shared);
                    tokio::spawn(async move {
                        task_shared.refresh_now().await;
                        drop(guard);
                    });
                }
            }
        }
        if let Some(current) = shared.current() {
            return Ok(current);
        }
        if !shared.checked_recently() {
            // Nothing to serve yet: wait for the read in flight (it holds the lock), not forever.
            let _ = tokio::time::timeout(shared.wait, shared.refresh.lock()).await;
        }
        shared.current().ok_or(CacheError::Unavailable)
    }

    /// The cache's state, for `/health`. Never reads the store: the load balancer's checks
    /// must cost no DynamoDB read.
    pub fn status(&self) -> CacheStatus {
        let shared = &self.shared;
        let state = shared.read_state();
        let overdue = shared.overdue_since(&state);
        let state_name = match (&state.data, state.last_ok, state.checked_at) {
            (Some(_), true, _) if overdue.is_none() => "ok",
            (Some(_), _, _) => "stale",
            (None, _, None) => "empty",
            (None, _, Some(_)) => "failing",
        };
        let reason = match (overdue, &state.last_error) {
            _ if state_name == "ok" => None,
            // `/health` is public: a reason says what is wrong, never the store's error (an AWS
            // error can name the account, the role and the table); the logs have it.
            (Some(since), _) => Some(format!(
                "the launch data has not answered a read started at {} ({} s ago)",
                since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                (Utc::now() - since).num_seconds()
            )),
            (None, Some(_)) => Some(format!(
                "reading the launch data failed{}; the dashboard's log has the error",
                state
                    .failing_since
                    .map(|since| format!(
                        " (failing since {})",
                        since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    ))
                    .unwrap_or_default()
            )),
            (None, None) => Some("the launch data has not been read yet".to_owned()),
        };
        CacheStatus {
            state: state_name,
            launches: state.data.as_ref().map(|d| d.launches.len()),
            loaded_at: state.data.as_ref().map(|d| d.loaded_at),
            failing_since: state.failing_since.or(overdue),
            reason,
        }
    }
}

impl Shared {
    /// Whether the store was asked recently enough not to ask again: within `ttl` of a
    /// success, within `retry_after` of a failure.
    fn checked_recently(&self) -> bool {
        let state = self.read_state();
        let window = if state.last_ok {
            self.ttl
        } else {
            self.retry_after
        };
        state.checked_at.is_some_and(|at| at.elapsed() < window)
    }

    /// When the refresh in flight started, if it has been running longer than `overdue`.
    fn overdue_since(&self, state: &State) -> Option<DateTime<Utc>> {
        state
            .refreshing_since
            .filter(|(at, _)| at.elapsed() >= self.overdue)
            .map(|(_, since)| since)
    }

    /// Whether the data held was read whole after the store's last change (`mark`).
    fn unchanged_since_read(&self, mark: Option<DateTime<Utc>>) -> bool {
        let state = self.read_state();
        let settle = chrono::Duration::from_std(SETTLE).unwrap_or(chrono::Duration::MAX);
        match (mark, state.read_under, &state.data) {
            (Some(mark), Some((read_mark, read_at)), Some(_)) => {
                mark == read_mark && read_at >= mark + settle
            }
            _ => false,
        }
    }

    /// Reads the store now (unless its change mark says nothing changed) and records the
    /// outcome.
    async fn refresh_now(&self) {
        let started = Instant::now();
        let started_at = Utc::now();
        self.write_state().refreshing_since = Some((started, started_at));
        let result = tokio::time::timeout(self.read_limit, async {
            let mark = self.store.changed_at().await?;
            if self.unchanged_since_read(mark) {
                return Ok(None);
            }
            let (launches, history) = tokio::join!(
                self.store.launches_in_range(DateRange::ALL),
                self.store.history_in_range(DateRange::ALL)
            );
            launches.map(|launches| Some((launches, history, mark)))
        })
        .await;
        let now = Utc::now();
        let mut state = self.write_state();
        state.checked_at = Some(Instant::now());
        state.refreshing_since = None;
        match result {
            Ok(Ok(None)) => {
                tracing::debug!("launch store unchanged since the last read");
                state.last_ok = true;
                state.failing_since = None;
                state.last_error = None;
            }
            Ok(Ok(Some((mut launches, history, mark)))) => {
                // A launch LL2 moved to another provider is no SpaceX launch: no view counts it
                // (its own page still answers, through the store).
                launches.retain(|launch| launch.provider.is_none());
                let history = history.unwrap_or_else(|error| {
                    tracing::warn!(%error, store = %self.store.describe(), "reading the launch history failed; serving launches without it");
                    Vec::new()
                });
                tracing::debug!(
                    launches = launches.len(),
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "launch cache refreshed"
                );
                state.data = Some(Arc::new(Loaded {
                    launches,
                    history,
                    loaded_at: now,
                }));
                state.read_under = mark.map(|mark| (mark, started_at));
                state.last_ok = true;
                state.failing_since = None;
                state.last_error = None;
            }
            Ok(Err(error)) => {
                tracing::error!(%error, store = %self.store.describe(), "reading the launch store failed; serving the last good data");
                state.last_ok = false;
                state.failing_since.get_or_insert(now);
                state.last_error = Some(error.to_string());
            }
            Err(_) => {
                tracing::error!(timeout_s = self.read_limit.as_secs(), store = %self.store.describe(), "reading the launch store timed out; serving the last good data");
                state.last_ok = false;
                state.failing_since.get_or_insert(now);
                state.last_error =
                    Some(format!("no answer within {} s", self.read_limit.as_secs()));
            }
        }
    }

    /// The last good launches, marked stale when the last read failed.
    fn current(&self) -> Option<CachedLaunches> {
        let state = self.read_state();
        let data = state.data.clone()?;
        let stale = match (
            state.last_ok,
            state.failing_since,
            self.overdue_since(&state),
        ) {
            (false, Some(failing_since), _) => Some(Staleness {
                since: data.loaded_at,
                failing_since,
            }),
            (_, _, Some(failing_since)) => Some(Staleness {
                since: data.loaded_at,
                failing_since,
            }),
            _ => None,
        };
        Some(CachedLaunches { data, stale })
    }

    // A poisoned lock only means a panic elsewhere while holding it; the state is still whole
    // (every write replaces fields), so keep serving.
    fn read_state(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write_state(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use launches::{MemoryStore, StoreError};

    use super::*;

    /// A store that counts reads and can be told to fail.
    #[derive(Default)]
    struct FlakyStore {
        inner: MemoryStore,
        reads: AtomicUsize,
        failing: AtomicBool,
        /// While set, reads do not return.
        held: AtomicBool,
        /// The change mark it reports; `None`: it keeps none.
        mark: std::sync::Mutex<Option<DateTime<Utc>>>,
    }

    impl FlakyStore {
        fn set_mark(&self, at: Option<DateTime<Utc>>) {
            *self.mark.lock().expect("mark") = at;
        }
    }

    #[async_trait::async_trait]
    impl LaunchStore for FlakyStore {
        async fn stored_launches(
            &self,
            ids: &[&str],
        ) -> Result<HashMap<String, Launch>, StoreError> {
            self.inner.stored_launches(ids).await
        }
        async fn cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
            self.inner.cursor(source).await
        }
        async fn save_cursor(&self, source: &str, cursor: &str) -> Result<(), StoreError> {
            self.inner.save_cursor(source, cursor).await
        }
        async fn put_launches(&self, launches: &[Launch]) -> Result<(), StoreError> {
            self.inner.put_launches(launches).await
        }
        async fn launches_in_range(&self, range: DateRange) -> Result<Vec<Launch>, StoreError> {
            self.reads.fetch_add(1, Ordering::SeqCst);
            // Long enough for concurrent requests to pile up behind the refresh.
            tokio::time::sleep(Duration::from_millis(50)).await;
            while self.held.load(Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            if self.failing.load(Ordering::SeqCst) {
                return Err(StoreError::Dynamo {
                    operation: "Query",
                    message: "injected failure".into(),
                });
            }
            self.inner.launches_in_range(range).await
        }
        async fn get_launch(&self, id: &str) -> Result<Option<Launch>, StoreError> {
            self.inner.get_launch(id).await
        }
        async fn changed_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
            Ok(*self.mark.lock().expect("mark"))
        }
        fn describe(&self) -> String {
            "flaky test store".into()
        }
    }

    impl LaunchCache {
        /// Waits for the refresh in flight, if any.
        async fn refresh_done(&self) {
            drop(self.shared.refresh.lock().await);
        }
    }

    #[tokio::test]
    async fn an_expired_copy_is_served_at_once_while_the_store_is_read() {
        let store = Arc::new(FlakyStore::default());
        let cache = cache(&store, Duration::from_millis(1));
        cache.launches().await.expect("first read");
        tokio::time::sleep(Duration::from_millis(5)).await;
        // The read now hangs until released: an answer proves the request did not wait for it.
        store.held.store(true, Ordering::SeqCst);
        let answer = tokio::time::timeout(Duration::from_secs(30), cache.launches()).await;
        assert!(matches!(answer, Ok(Ok(_))), "served the old copy at once");
        store.held.store(false, Ordering::SeqCst);
        cache.refresh_done().await;
        assert_eq!(store.reads.load(Ordering::SeqCst), 2, "the refresh ran");
    }

    #[tokio::test]
    async fn a_read_slower_than_the_wait_still_fills_the_cache() {
        let store = Arc::new(FlakyStore::default());
        let mut cache = cache(&store, Duration::from_secs(30));
        if let Some(shared) = Arc::get_mut(&mut cache.shared) {
            shared.wait = Duration::from_millis(10);
        }
        assert!(
            cache.launches().await.is_err(),
            "nothing yet after the wait"
        );
        cache.refresh_done().await;
        assert!(
            cache.launches().await.is_ok(),
            "the read went on and filled it"
        );
        assert_eq!(store.reads.load(Ordering::SeqCst), 1);
    }

    fn cache(store: &Arc<FlakyStore>, ttl: Duration) -> LaunchCache {
        let store: Arc<dyn LaunchStore> = store.clone();
        LaunchCache::new(store, ttl)
    }

    #[tokio::test]
    async fn concurrent_requests_share_one_read() {
        let store = Arc::new(FlakyStore::default());
        let cache = Arc::new(cache(&store, Duration::from_secs(30)));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.launches().await.is_ok() })
            })
            .collect();
        for task in tasks {
            assert!(task.await.unwrap_or(false));
        }
        assert_eq!(store.reads.load(Ordering::SeqCst), 1);
        // Still fresh: no further read.
        assert!(cache.launches().await.is_ok());
        assert_eq!(store.reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failing_store_serves_the_last_good_data_as_stale() {
        let store = Arc::new(FlakyStore::default());
        let cache = cache(&store, Duration::from_millis(1));
        let first = cache.launches().await.expect("first read works");
        assert!(first.stale.is_none());
        assert_eq!(cache.status().state, "ok");

        store.failing.store(true, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(5)).await;
        let during = cache
            .launches()
            .await
            .expect("old data while the refresh runs");
        assert!(during.stale.is_none(), "not stale before the refresh fails");
        cache.refresh_done().await;
        let second = cache.launches().await.expect("old data is still served");
        let stale = second.stale.expect("marked stale");
        assert_eq!(stale.since, first.data.loaded_at);
        assert_eq!(cache.status().state, "stale");

        store.failing.store(false, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(5)).await;
        cache
            .launches()
            .await
            .expect("stale data while the refresh runs");
        cache.refresh_done().await;
        let third = cache.launches().await.expect("recovered");
        assert!(third.stale.is_none());
    }

    #[tokio::test]
    async fn a_store_that_does_not_answer_makes_the_data_stale_once_overdue() {
        let store = Arc::new(FlakyStore::default());
        let mut cache = cache(&store, Duration::from_millis(1));
        if let Some(shared) = Arc::get_mut(&mut cache.shared) {
            shared.overdue = Duration::from_millis(100);
        }
        let first = cache.launches().await.expect("first read");
        tokio::time::sleep(Duration::from_millis(5)).await;
        store.held.store(true, Ordering::SeqCst);
        let during = cache.launches().await.expect("old data at once");
        assert!(
            during.stale.is_none(),
            "not stale before the read is overdue"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        let overdue = cache.launches().await.expect("old data still");
        let stale = overdue.stale.expect("stale once overdue");
        assert_eq!(stale.since, first.data.loaded_at);
        let status = cache.status();
        assert_eq!(status.state, "stale");
        let reason = status.reason.unwrap_or_default();
        assert!(reason.contains("has not answered"), "{reason}");

        store.held.store(false, Ordering::SeqCst);
        cache.refresh_done().await;
        let recovered = cache.launches().await.expect("recovered");
        assert!(recovered.stale.is_none());
        assert_eq!((cache.status().state, cache.status().reason), ("ok", None));
    }

    #[tokio::test]
    async fn no_data_and_a_failing_store_is_an_error() {
        let store = Arc::new(FlakyStore::default());
        store.failing.store(true, Ordering::SeqCst);
        let cache = cache(&store, Duration::from_secs(30));
        assert!(cache.launches().await.is_err());
        assert_eq!(cache.status().state, "failing");
        let reason = cache.status().reason.unwrap_or_default();
        assert!(reason.contains("failed"), "{reason}");
        assert!(
            !reason.contains("injected failure"),
            "the store's error stays in the log"
        );
        // Within the retry window the store is not asked again.
        assert!(cache.launches().await.is_err());
        assert_eq!(store.reads.load(Ordering::SeqCst), 1);
    }

    /// Waits out `ttl` (20 ms), asks, and waits for the refresh that started.
    async fn refreshed(cache: &LaunchCache) {
        tokio::time::sleep(Duration::from_millis(30)).await;
        cache.launches().await.expect("launches");
        cache.refresh_done().await;
    }

    #[tokio::test]
    async fn an_unchanged_store_is_not_read_again_and_a_changed_one_is() {
        let store = Arc::new(FlakyStore::default());
        let settled = Utc::now() - chrono::Duration::minutes(2);
        store.set_mark(Some(settled));
        let cache = cache(&store, Duration::from_millis(20));
        cache.launches().await.expect("first read");
        assert_eq!(store.reads.load(Ordering::SeqCst), 1);
        refreshed(&cache).await;
        refreshed(&cache).await;
        assert_eq!(
            store.reads.load(Ordering::SeqCst),
            1,
            "the same settled mark: nothing read"
        );
        assert_eq!(cache.status().state, "ok");

        // A write just now: read again, and again while the index may still be catching up.
        store.set_mark(Some(Utc::now()));
        refreshed(&cache).await;
        refreshed(&cache).await;
        assert_eq!(store.reads.load(Ordering::SeqCst), 3);
        // Another mark, long settled when read: one read, then none.
        store.set_mark(Some(settled + chrono::Duration::seconds(1)));
        refreshed(&cache).await;
        refreshed(&cache).await;
        assert_eq!(store.reads.load(Ordering::SeqCst), 4);
        // A store that keeps no mark is read every time.
        store.set_mark(None);
        refreshed(&cache).await;
        refreshed(&cache).await;
        assert_eq!(store.reads.load(Ordering::SeqCst), 6);
    }
}
