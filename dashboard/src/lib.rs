//! The SpaceX launch dashboard: a Rocket app over the [`launches::LaunchStore`].
//!
//! [`rocket`] builds the whole app from an [`AppState`]; the binary (`main.rs`) only chooses
//! the store, fills it when it is the embedded one, and launches. Tests build the same app with
//! a store of their own.

pub mod assets;
pub mod cache;
pub mod cache_control;
pub mod charts;
pub mod compression;
pub mod errors;
pub mod filters;
pub mod format;
pub mod healthcheck;
pub mod logging;
pub mod paging;
pub mod rendered;
pub mod request_log;
pub mod routes;
pub mod security;
pub mod server;
pub mod settings;
pub mod sort;
pub mod startup;
pub mod state;
pub mod view;
pub mod views;

pub use server::{figment, rocket};
pub use state::{AppState, DataOrigin};
