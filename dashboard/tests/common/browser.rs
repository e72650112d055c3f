//! The browser helpers live in the `headless` crate, shared with the benchmarks.
#[allow(unused_imports)] // each test binary uses a part
pub use headless::*;
