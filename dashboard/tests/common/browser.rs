//! The browser helpers live in the `headless` crate, shared with the benchmarks.
pub use headless::*;
