//! The launch page's change history: the summary ("NET moved 6 times, 41 days later than first
//! announced") and each change, when it was seen.

use launches::history::{HistoryEntry, HistoryField, Timeline};

use crate::format;

#[derive(Debug, Clone)]
pub struct ChangeRow {
    /// When the sync saw it.
    pub observed: String,
    /// "First seen", "NET", "Status", ...
    pub what: &'static str,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone)]
pub struct HistoryView {
    pub summary: String,
    pub changes: Vec<ChangeRow>,
}

fn label(field: HistoryField) -> &'static str {
    match field {
        HistoryField::Net => "NET",
        HistoryField::NetPrecision => "NET precision",
        HistoryField::Status => "Status",
        HistoryField::Name => "Name",
        HistoryField::Rocket => "Rocket",
        HistoryField::LaunchSite => "Launch site",
        HistoryField::Provider => "Provider",
    }
}

fn value(field: HistoryField, text: &str) -> String {
    match field {
        HistoryField::Net => format::stored_timestamp(text),
        _ => text.to_owned(),
    }
}

impl HistoryView {
    /// None for a launch without history (a store that keeps none, or a row from before it).
    pub fn new(launch_id: &str, entries: &[HistoryEntry]) -> Option<Self> {
        let mut own: Vec<&HistoryEntry> = entries
            .iter()
            .filter(|e| e.launch_id == launch_id)
            .collect();
        if own.is_empty() {
            return None;
        }
        own.sort_by_key(|e| e.seq);
        let owned: Vec<HistoryEntry> = own.iter().map(|e| (*e).clone()).collect();
        let timeline = Timeline::new(launch_id, &owned);
        let mut changes = Vec::new();
        for entry in own {
            let observed = format::stored_timestamp(&entry.observed_at);
            for change in &entry.changes {
                // A first sighting lists what the launch was, under "First seen".
                let what = if change.old.is_none() && change.field == HistoryField::Net {
                    "First seen: NET"
                } else {
                    label(change.field)
                };
                changes.push(ChangeRow {
                    observed: observed.clone(),
                    what,
                    before: change
                        .old
                        .as_deref()
                        .map_or_else(|| "–".to_owned(), |old| value(change.field, old)),
                    after: value(change.field, &change.new),
                });
            }
        }
        Some(HistoryView {
            summary: timeline.summary(),
            changes,
        })
    }
}
