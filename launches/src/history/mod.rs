//! Launch change history: what each sync saw change in each launch, kept append-only beside
//! the launches (`docs/history.md`).
//!
//! - [`entry`]: a [`HistoryEntry`] (launch id, sequence number, when, from which source, each
//!   changed [`HistoryField`] with its old and new value) and how one is made from the stored
//!   row and the new one;
//! - [`timeline`]: one launch's entries read back as NETs, status changes and renames;
//! - [`slips`]: what only history shows across launches (slips per month, the error of the
//!   NET announced some days before, the most-slipped launches);
//! - [`replay`]: saved snapshots replayed in time order through the sync (`make run`).
//!
//! The sync writes a launch's entry *before* its row, keyed by (`launch_id`, `seq`), `seq` being
//! one more than the stored row's `history_seq`. A run that dies between the two writes left
//! the row as it was, so its retry computes the same change with the same `seq` and rewrites the
//! same item: nothing is lost and nothing is recorded twice.

pub mod entry;
pub mod replay;
pub mod slips;
pub mod timeline;

pub use entry::{diff, observe, FieldChange, HistoryEntry, HistoryField};
pub use slips::{announced_error_days, most_slipped, slips_per_month, MonthSlips, Slipped};
pub use timeline::{NetStep, Step, Timeline};
