//! The sync with both sources, as the Lambda runs it: the SpaceX API v4 snapshot and every LL2
//! fixture record, served locally (LL2 with its anonymous quota of 15 requests an hour, counted
//! at the server). A round: the first run into an empty table (LL2 has no cursor yet: the full
//! backfill), a scheduled run with nothing changed, a run after [`EDITED`] launches were edited
//! on LL2. The targets of issue 11: the backfill fits the hour's 15 requests with room for a
//! scheduled run; a run with nothing changed sends at most 2.

use chrono::{SecondsFormat, Utc};
use integration::ll2_server::{all_fixture_records, spacex_fixture_records, Ll2Server};
use integration::terraform::create_launches_table;
use launches::config::{ENV_LL2_API_URL, ENV_LL2_REQUEST_BUDGET};
use serde_json::json;

use crate::sync_runs::{SyncBench, SyncSample};

/// LL2's anonymous quota: requests an hour per IP.
pub const LL2_HOURLY_QUOTA: u32 = 15;
/// The budget Terraform gives a run by default (`ll2_request_budget`).
pub const LL2_BUDGET: u32 = 10;
/// Launches edited on LL2 before the third run of a round.
pub const EDITED: usize = 5;

/// One run, with what LL2 received.
#[derive(Debug, Clone)]
pub struct BothSample {
    pub sample: SyncSample,
    /// Launch-list pages asked for (they count against the quota).
    pub ll2_pages: usize,
    /// Every request LL2 received (`/api-throttle/`, which does not count, included).
    pub ll2_requests: usize,
}

impl BothSample {
    /// What the LL2 source wrote, and why it stopped early if it did.
    pub fn ll2(&self) -> (usize, Option<&str>) {
        self.sample
            .report
            .sources
            .iter()
            .find(|s| s.name == "ll2")
            .map_or((0, None), |s| (s.written, s.stopped.as_deref()))
    }
}

#[derive(Debug, Clone, Default)]
pub struct BothResult {
    /// SpaceX records LL2 serves.
    pub ll2_records: usize,
    pub backfill: Vec<BothSample>,
    pub nothing_changed: Vec<BothSample>,
    pub edited: Vec<BothSample>,
}

/// `rounds` rounds, each on a new table with LL2's quota whole again.
pub async fn both_sources(syncs: &SyncBench<'_>, rounds: usize) -> anyhow::Result<BothResult> {
    let spacex = spacex_fixture_records()?;
    let ll2 = Ll2Server::start(all_fixture_records()?, LL2_HOURLY_QUOTA).await;
    let env = [
        (ENV_LL2_API_URL, ll2.base_url()),
        (ENV_LL2_REQUEST_BUDGET, LL2_BUDGET.to_string()),
    ];
    let mut result = BothResult {
        ll2_records: spacex.len(),
        ..BothResult::default()
    };
    for round in 0..rounds {
        let table = format!("bench-both-{round}");
        create_launches_table(syncs.emulator, &table).await?;
        ll2.reset_quota();
        let measured = |sample: SyncSample, before: (usize, usize)| BothSample {
            sample,
            ll2_pages: ll2.page_requests() - before.0,
            ll2_requests: ll2.authorizations().len() - before.1,
        };
        let counts = || (ll2.page_requests(), ll2.authorizations().len());

        let before = counts();
        result
            .backfill
            .push(measured(syncs.run_with(&table, &env).await?, before));
        let before = counts();
        result
            .nothing_changed
            .push(measured(syncs.run_with(&table, &env).await?, before));
        let edited_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        for record in spacex
            .iter()
            .rev()
            .filter(|r| r["mission"].is_object())
            .take(EDITED)
        {
            let mut edited = record.clone();
            edited["mission"]["description"] = json!(format!("edited for benchmark round {round}"));
            edited["last_updated"] = json!(edited_at);
            ll2.upsert(edited);
        }
        let before = counts();
        result
            .edited
            .push(measured(syncs.run_with(&table, &env).await?, before));
    }
    check(&result)?;
    Ok(result)
}

/// What the runs must have done, whatever their speed.
fn check(result: &BothResult) -> anyhow::Result<()> {
    for backfill in &result.backfill {
        let (written, stopped) = backfill.ll2();
        anyhow::ensure!(
            stopped.is_none() && written > 0,
            "the backfill did not complete: wrote {written}, stopped {stopped:?}"
        );
        anyhow::ensure!(backfill.ll2_pages <= LL2_BUDGET as usize, "over budget");
    }
    for run in &result.nothing_changed {
        anyhow::ensure!(
            run.sample.report.written == 0,
            "a run with nothing changed wrote {}",
            run.sample.report.written
        );
    }
    for run in &result.edited {
        anyhow::ensure!(
            run.ll2().0 == EDITED,
            "after {EDITED} edits on LL2 the run wrote {}",
            run.ll2().0
        );
    }
    Ok(())
}
