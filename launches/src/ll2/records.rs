//! LL2 launch records as the API sends them, in the 2.2.0 and the 2.3.0 shape
//! (`fixtures/ll2/README.md` lists the differences). Only what the normalisation uses is read;
//! everything else is ignored, so new upstream fields cost nothing.

use serde::{Deserialize, Deserializer};

/// One launch record, `mode=normal` or `mode=detailed` (or `list`, which lacks the rocket, pad
/// and provider).
#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Launch {
    pub id: String,
    #[serde(default)]
    pub url: Option<String>,
    pub name: String,
    /// "list", "normal" or "detailed"; 2.3.0 only.
    #[serde(default)]
    pub response_mode: Option<String>,
    pub status: Ll2Status,
    #[serde(default)]
    pub last_updated: Option<String>,
    pub net: Option<String>,
    /// Absent from 2.2.0 normal-mode records.
    #[serde(default)]
    pub net_precision: Option<Ll2NetPrecision>,
    #[serde(default)]
    pub failreason: Option<String>,
    #[serde(default)]
    pub launch_service_provider: Option<Ll2Agency>,
    #[serde(default)]
    pub rocket: Option<Ll2Rocket>,
    #[serde(default)]
    pub mission: Option<Ll2Mission>,
    #[serde(default)]
    pub pad: Option<Ll2Pad>,
    /// The SpaceX API v4 id; 2.2.0 detailed only (removed in 2.3.0), and often null.
    #[serde(default)]
    pub r_spacex_api_id: Option<String>,
    /// SpaceX's how-many-th launch attempt this is.
    #[serde(default)]
    pub agency_launch_attempt_count: Option<u32>,
    /// `vidURLs` in 2.2.0, `vid_urls` in 2.3.0; detailed mode only.
    #[serde(default, alias = "vidURLs", deserialize_with = "null_as_empty")]
    pub vid_urls: Vec<Ll2Link>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub mission_patches: Vec<Ll2Patch>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Status {
    pub id: u32,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub abbrev: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2NetPrecision {
    #[serde(default)]
    pub id: Option<u32>,
    #[serde(default)]
    pub name: Option<String>,
    pub abbrev: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Agency {
    pub id: u32,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Rocket {
    pub configuration: Ll2RocketConfiguration,
    /// Detailed mode only: the first stages (boosters, cores) and their landings.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub launcher_stage: Vec<Ll2LauncherStage>,
    /// An object or null in 2.2.0, a list in 2.3.0.
    #[serde(default, deserialize_with = "one_or_many")]
    pub spacecraft_stage: Vec<Ll2SpacecraftStage>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2RocketConfiguration {
    pub id: u32,
    pub name: String,
    #[serde(default)]
    pub full_name: Option<String>,
    /// 2.2.0: a string; 2.3.0 has `families` instead.
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub families: Vec<Ll2Named>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Named {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2LauncherStage {
    #[serde(default)]
    pub reused: Option<bool>,
    #[serde(default)]
    pub launcher_flight_number: Option<u32>,
    #[serde(default)]
    pub launcher: Option<Ll2Launcher>,
    #[serde(default)]
    pub landing: Option<Ll2Landing>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Launcher {
    #[serde(default)]
    pub serial_number: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Landing {
    #[serde(default)]
    pub attempt: Option<bool>,
    #[serde(default)]
    pub success: Option<bool>,
    #[serde(default, rename = "type")]
    pub kind: Option<Ll2Abbreviated>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Abbreviated {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub abbrev: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2SpacecraftStage {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub launch_crew: Vec<serde::de::IgnoredAny>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Mission {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// A string in both versions; read as an object's `name` too, should it become one.
    #[serde(default, rename = "type")]
    pub kind: Option<TextOrNamed>,
    #[serde(default)]
    pub orbit: Option<Ll2Abbreviated>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TextOrNamed {
    Text(String),
    Named(Ll2Named),
}

impl TextOrNamed {
    pub fn text(&self) -> &str {
        match self {
            TextOrNamed::Text(text) => text,
            TextOrNamed::Named(named) => &named.name,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Pad {
    pub id: u32,
    pub name: String,
    #[serde(default)]
    pub location: Option<Ll2Location>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Location {
    pub id: u32,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Link {
    #[serde(default)]
    pub priority: Option<i64>,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Ll2Patch {
    #[serde(default)]
    pub priority: Option<i64>,
    #[serde(default)]
    pub image_url: Option<String>,
}

/// A list that the API may also send as `null`.
fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// One object (2.2.0), a list of them (2.3.0), or null.
fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
    }
    Ok(match Option::<OneOrMany<T>>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(OneOrMany::Many(list)) => list,
        Some(OneOrMany::One(one)) => vec![one],
    })
}
