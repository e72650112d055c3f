//! The dashboard's own settings, read once from the environment. Rocket's server settings
//! (address, port, shutdown) come from `ROCKET_*` variables instead (see [`crate::server`]).

use std::time::Duration;

use launches::config::{env_var, ENV_SPACEX_API_URL, ENV_TABLE};

/// How long the cache serves launches before it reads the store again (seconds).
pub const ENV_CACHE_TTL: &str = "DASHBOARD_CACHE_TTL_SECS";

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{name} must be a whole number of seconds between 1 and 3600, not `{value}`")]
    CacheTtl { name: &'static str, value: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The DynamoDB table; `None` runs on the embedded store.
    pub table: Option<String>,
    /// The SpaceX API the embedded store is filled from at start-up.
    pub spacex_api_url: String,
    pub cache_ttl: Duration,
}

impl Settings {
    pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(30);

    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(env_var)
    }

    /// Settings from any lookup function, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let cache_ttl = match lookup(ENV_CACHE_TTL) {
            None => Self::DEFAULT_CACHE_TTL,
            Some(value) => match value.trim().parse::<u64>() {
                Ok(secs @ 1..=3600) => Duration::from_secs(secs),
                _ => {
                    return Err(SettingsError::CacheTtl {
                        name: ENV_CACHE_TTL,
                        value,
                    })
                }
            },
        };
        Ok(Settings {
            table: lookup(ENV_TABLE),
            spacex_api_url: lookup(ENV_SPACEX_API_URL)
                .unwrap_or_else(|| launches::spacex::DEFAULT_BASE_URL.to_owned()),
            cache_ttl,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn defaults_run_on_the_embedded_store() {
        let settings = Settings::from_lookup(lookup(&[])).expect("defaults are valid");
        assert_eq!(settings.table, None);
        assert_eq!(settings.cache_ttl, Duration::from_secs(30));
        assert_eq!(settings.spacex_api_url, launches::spacex::DEFAULT_BASE_URL);
    }

    #[test]
    fn reads_the_shared_variable_names() {
        let settings = Settings::from_lookup(lookup(&[
            ("LAUNCHES_TABLE", "spacex-launches-dev"),
            ("DASHBOARD_CACHE_TTL_SECS", "5"),
        ]))
        .expect("valid");
        assert_eq!(settings.table.as_deref(), Some("spacex-launches-dev"));
        assert_eq!(settings.cache_ttl, Duration::from_secs(5));
    }

    #[test]
    fn rejects_a_bad_ttl_naming_the_variable() {
        let error = Settings::from_lookup(lookup(&[("DASHBOARD_CACHE_TTL_SECS", "0")]))
            .expect_err("0 is out of range");
        assert!(error.to_string().contains("DASHBOARD_CACHE_TTL_SECS"));
    }
}
