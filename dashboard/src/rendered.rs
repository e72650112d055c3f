//! Answers rendered once per data load: the same filters on the same launches give the same
//! bytes, so a page or API answer is rendered on its first request and served from memory until
//! the launch cache loads new data (or its staleness changes). A view then costs a lookup instead
//! of filtering, computing the figures and rendering; its gzip form is made once too, on the
//! first request that accepts it (see [`crate::answer`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use launches::Launch;

use crate::answer::Body;
use crate::cache::{CachedLaunches, Loaded};
use crate::filters::Filters;

/// Rendered bytes kept at most, over all answers: an unusual filter mix cannot grow memory.
const MAX_BYTES: usize = 8 * 1024 * 1024;

/// What an answer is rendered from: the launches a request's filters select, and the data they
/// were selected from.
pub struct Selection<'a> {
    pub cached: &'a CachedLaunches,
    pub filters: Filters,
    /// The launches in the view, in date order: references into `cached`, not copies (a view
    /// of 20,000 launches costs 160 KB).
    pub launches: Vec<&'a Launch>,
}

impl Selection<'_> {
    /// All launches, unfiltered (for the form's choices).
    pub fn all(&self) -> &[Launch] {
        &self.cached.data.launches
    }
}

#[derive(Debug, Default)]
pub struct RenderedCache {
    inner: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    /// The data the entries were rendered from; held so that its address cannot be reused by
    /// newer data while entries refer to it.
    data: Option<Arc<Loaded>>,
    answers: HashMap<String, Arc<Body>>,
    bytes: usize,
}

impl RenderedCache {
    /// The answer for `key` (the route and its canonical query) on `cached`: from memory, or
    /// rendered by `render` and kept.
    pub fn get_or_render<E>(
        &self,
        cached: &CachedLaunches,
        key: &str,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<Body>, E> {
        // A stale answer carries a banner with dates: its key says so.
        let key = match &cached.stale {
            Some(stale) => format!("{key}#stale:{}:{}", stale.since, stale.failing_since),
            None => key.to_owned(),
        };
        if let Some(answer) = self.lookup(&cached.data, &key) {
            return Ok(answer);
        }
        let answer = Arc::new(Body::new(render()?));
        self.keep(&cached.data, key, Arc::clone(&answer));
        Ok(answer)
    }

    fn lookup(&self, data: &Arc<Loaded>, key: &str) -> Option<Arc<Body>> {
        let entries = self.inner.lock().ok()?;
        let same_data = entries.data.as_ref().is_some_and(|d| Arc::ptr_eq(d, data));
        same_data
            .then(|| entries.answers.get(key).cloned())
            .flatten()
    }

    fn keep(&self, data: &Arc<Loaded>, key: String, answer: Arc<Body>) {
        let Ok(mut entries) = self.inner.lock() else {
            return;
        };
        let same_data = entries.data.as_ref().is_some_and(|d| Arc::ptr_eq(d, data));
        if !same_data || entries.bytes + answer.len() > MAX_BYTES {
            *entries = Entries {
                data: Some(Arc::clone(data)),
                ..Entries::default()
            };
        }
        if answer.len() <= MAX_BYTES {
            entries.bytes += answer.len();
            if let Some(old) = entries.answers.insert(key, answer) {
                entries.bytes -= old.len();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Staleness;
    use chrono::Utc;

    fn cached(stale: bool) -> CachedLaunches {
        let now = Utc::now();
        CachedLaunches {
            data: Arc::new(Loaded {
                launches: vec![],
                history: vec![],
                loaded_at: now,
            }),
            stale: stale.then_some(Staleness {
                since: now,
                failing_since: now,
            }),
        }
    }

    fn render(
        cache: &RenderedCache,
        data: &CachedLaunches,
        key: &str,
        text: &str,
    ) -> (String, bool) {
        let mut rendered = false;
        let answer = cache
            .get_or_render::<()>(data, key, || {
                rendered = true;
                Ok(text.to_owned())
            })
            .expect("renders");
        (
            String::from_utf8_lossy(&answer.plain().unwrap_or_default()).into_owned(),
            rendered,
        )
    }

    #[test]
    fn renders_once_per_data_and_key() {
        let cache = RenderedCache::default();
        let data = cached(false);
        assert_eq!(render(&cache, &data, "/", "one"), ("one".into(), true));
        assert_eq!(render(&cache, &data, "/", "two"), ("one".into(), false));
        assert!(render(&cache, &data, "/?rocket=x", "three").1);

        let newer = cached(false);
        assert_eq!(render(&cache, &newer, "/", "four"), ("four".into(), true));
    }

    #[test]
    fn stale_answers_are_kept_apart() {
        let cache = RenderedCache::default();
        let fresh = cached(false);
        let stale = CachedLaunches {
            stale: cached(true).stale,
            ..fresh.clone()
        };
        render(&cache, &fresh, "/", "fresh");
        assert_eq!(render(&cache, &stale, "/", "stale"), ("stale".into(), true));
    }

    #[test]
    fn errors_are_not_kept() {
        let cache = RenderedCache::default();
        let data = cached(false);
        assert!(cache.get_or_render(&data, "/", || Err("boom")).is_err());
        assert_eq!(render(&cache, &data, "/", "ok"), ("ok".into(), true));
    }

    #[test]
    fn memory_is_bounded() {
        let cache = RenderedCache::default();
        let data = cached(false);
        let big = "x".repeat(MAX_BYTES / 2 + 1);
        render(&cache, &data, "/a", &big);
        render(&cache, &data, "/b", &big);
        let bytes = cache.inner.lock().expect("lock").bytes;
        assert!(bytes <= MAX_BYTES, "{bytes}");
        assert!(!render(&cache, &data, "/b", "new").1, "the newest is kept");
    }
}
