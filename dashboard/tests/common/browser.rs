//! The browser helpers live in the `test-support` crate, shared with the benchmark.
#[allow(unused_imports)] // each test binary uses a part
pub use test_support::browser::*;
