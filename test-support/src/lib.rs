//! What the tests and the benchmark share: child processes and ports, a plain HTTP GET, and
//! headless Chromium driven through chromedriver; proptest strategies for hostile input.

pub mod arbitrary;
pub mod browser;
pub mod http;
pub mod processes;
