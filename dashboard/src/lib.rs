//! The SpaceX launch dashboard: a Rocket app over the [`launches::LaunchStore`].
//!
//! [`rocket()`] builds the whole app from an [`AppState`]; the binary (`main.rs`) only chooses
//! the store, fills it when it is the embedded one, and launches. Tests build the same app with
//! a store of their own.

pub(crate) mod answer;
pub mod assets;
pub(crate) mod cache;
pub(crate) mod cache_control;
pub(crate) mod charts;
pub mod clock;
pub(crate) mod errors;
pub(crate) mod filters;
pub(crate) mod format;
pub mod healthcheck;
pub(crate) mod history_charts;
pub mod history_replay;
pub mod logging;
pub(crate) mod paging;
pub(crate) mod rendered;
pub(crate) mod repeated;
pub(crate) mod request_log;
pub(crate) mod routes;
pub(crate) mod security;
pub mod server;
pub mod settings;
pub(crate) mod sort;
pub mod startup;
pub(crate) mod state;
pub(crate) mod views;

pub use clock::Clock;
pub use server::rocket;
pub use state::{AppState, DataOrigin};
