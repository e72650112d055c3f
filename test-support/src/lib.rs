//! What the tests and the benchmark share: child processes and ports, a plain HTTP GET, and
//! headless Chromium driven through chromedriver.

pub mod browser;
pub mod http;
pub mod processes;
