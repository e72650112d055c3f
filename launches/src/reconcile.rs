//! Where a source's launch goes in the table: one row per launch, whichever sources know it.
//!
//! The SpaceX API v4 is the archive (2006–2022, frozen): the launches it knows keep their v4 ids
//! as row ids, so an existing table gets no second row. A Launch Library 2 launch goes to
//! 1. its own row (row id = its LL2 id), once it has one;
//! 2. else the archive row that already holds its LL2 id (joined by an earlier run), so that a
//!    later correction of its date or name cannot make it a second row;
//! 3. else the archive row that [`merge::match_launches`] recognises it in, among the stored
//!    archive rows dated near it that hold no LL2 id yet (the rules of `docs/data-model.md`);
//! 4. else a new row of its own.
//!
//! A v4 launch whose row LL2 has joined keeps LL2's part ([`merge::combine`]). Combining gives
//! the same row for the same inputs, so a run over unchanged data finds every row unchanged.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, TimeZone, Utc};

use crate::merge::{self, NAME_MATCH_AFTER, NAME_MATCH_BEFORE};
use crate::model::{Launch, Source};
use crate::store::{DateRange, LaunchStore, StoreError};

/// A row to store, and the stored row it replaces (none for a new row): its content hash says
/// whether anything changed, its fields what did (history).
#[derive(Debug)]
pub(crate) struct Row {
    pub launch: Launch,
    pub stored: Option<Launch>,
}

/// Resolves launches to rows for one run; reads the archive rows of a year at most once.
pub(crate) struct Reconciler<'a> {
    store: &'a dyn LaunchStore,
    now: DateTime<Utc>,
    /// Archive rows by year, as stored or as this run has changed them.
    archive: HashMap<i32, Vec<Launch>>,
}

impl<'a> Reconciler<'a> {
    pub fn new(store: &'a dyn LaunchStore, now: DateTime<Utc>) -> Self {
        Reconciler {
            store,
            now,
            archive: HashMap::new(),
        }
    }

    /// The rows for `candidates` (valid launches of one batch, distinct ids).
    pub async fn rows(&mut self, candidates: Vec<Launch>) -> Result<Vec<Row>, StoreError> {
        let (archive, others): (Vec<Launch>, Vec<Launch>) = candidates
            .into_iter()
            .partition(|launch| launch.sources.contains(Source::SpacexV4));
        let mut rows = Vec::with_capacity(archive.len() + others.len());
        let ids: Vec<&str> = archive
            .iter()
            .chain(&others)
            .map(|l| l.id.as_str())
            .collect();
        let stored = self.store.stored_launches(&ids).await?;

        for launch in archive {
            let before = stored.get(&launch.id);
            let row = match before {
                Some(row) if row.sources.contains(Source::Ll2) => merge::combine(&launch, row),
                _ => launch,
            };
            rows.push(self.finish(row, before.cloned()));
        }

        let mut unmatched = Vec::new();
        for launch in others {
            if let Some(before) = stored.get(&launch.id) {
                rows.push(self.finish(launch, Some(before.clone())));
                continue;
            }
            self.load_years_near(&launch).await?;
            let ll2_id = launch.ll2_id.clone().unwrap_or_else(|| launch.id.clone());
            match self.archive_row(|row| row.ll2_id.as_deref() == Some(ll2_id.as_str())) {
                Some(row) => rows.push(self.join(row, &launch)),
                None => unmatched.push(launch),
            }
        }
        if unmatched.is_empty() {
            return Ok(rows);
        }
        // Rule 3 over the stored archive rows near the unmatched launches, still without LL2.
        let pool: Vec<Launch> = self
            .archive
            .values()
            .flatten()
            .filter(|row| row.ll2_id.is_none())
            .cloned()
            .collect();
        let pairs: HashMap<String, String> = merge::match_launches(&pool, &unmatched)
            .into_iter()
            .map(|m| (m.ll2_id, m.spacex_id))
            .collect();
        for launch in unmatched {
            let archive_row = pairs
                .get(&launch.id)
                .and_then(|spacex_id| self.archive_row(|row| &row.id == spacex_id));
            match archive_row {
                Some(row) => rows.push(self.join(row, &launch)),
                None => rows.push(self.finish(launch, None)),
            }
        }
        Ok(rows)
    }

    /// The archive row `row` with `launch` joined to it; the cached copy follows, so that the
    /// same run neither joins it twice nor compares against its old hash.
    fn join(&mut self, row: Launch, launch: &Launch) -> Row {
        let joined = self.finish(merge::combine(&row, launch), Some(row.clone()));
        if let Some(cached) = self
            .archive
            .values_mut()
            .flatten()
            .find(|cached| cached.id == row.id)
        {
            cached.clone_from(&joined.launch);
        }
        joined
    }

    fn finish(&self, mut launch: Launch, stored: Option<Launch>) -> Row {
        merge::settle_past_upcoming(&mut launch, self.now);
        Row { launch, stored }
    }

    fn archive_row(&self, wanted: impl Fn(&Launch) -> bool) -> Option<Launch> {
        self.archive
            .values()
            .flatten()
            .find(|row| wanted(row))
            .cloned()
    }

    /// Reads the archive rows of every year an archive launch matching `launch` could be dated
    /// in (rule 3's window), unless read already.
    async fn load_years_near(&mut self, launch: &Launch) -> Result<(), StoreError> {
        let Some(date) = launch.date() else {
            return Ok(());
        };
        let first = (date - NAME_MATCH_AFTER).year();
        let last = (date + NAME_MATCH_BEFORE).year();
        for year in first..=last {
            if self.archive.contains_key(&year) {
                continue;
            }
            let rows = self
                .store
                .launches_in_range(year_range(year))
                .await?
                .into_iter()
                .filter(|row| row.sources.contains(Source::SpacexV4))
                .collect();
            self.archive.insert(year, rows);
        }
        Ok(())
    }
}

fn year_range(year: i32) -> DateRange {
    let start = |y: i32| Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).single();
    DateRange {
        from: start(year),
        to: start(year + 1).map(|next| next - chrono::Duration::milliseconds(1)),
    }
}
