//! The pages' templates (askama: compiled into the binary, HTML-escaped by default) and the
//! view models they render. Every string from the source reaches the HTML through askama's
//! escaping; the one `|safe` is the chart JSON, escaped for its `<script>` element by
//! [`crate::charts::script_json`].

mod error;
mod form;
mod launch;
mod launch_history;
mod layout;
mod overview;
mod table;

pub use error::ErrorPage;
pub use launch::LaunchPage;
pub use launch_history::HistoryView;
pub use layout::{render, Layout};
pub use overview::OverviewPage;
pub use table::TablePage;
