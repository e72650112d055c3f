//! Launch Library 2 (The Space Devs): its launch records, and how they become [`crate::Launch`]s.
//!
//! - [`records`]: the raw records, read in both the 2.2.0 and the 2.3.0 shape;
//! - [`normalize`]: one record to a launch, or a [`crate::Rejection`] with its id and reason;
//! - [`client`]: the HTTP client (budgeted requests, 429 a clean stop, the API key kept
//!   secret); [`source`]: the live source, paging by keyset on `last_updated`, resumable;
//! - [`sites`]: the SpaceX API v4 names for the rockets and pads LL2 also knows, so that the
//!   two sources chart under one name;
//! - [`snapshot`]: saved LL2 launch lists (fixtures, or bundled into the binary) as a source.

pub mod client;
pub mod normalize;
pub mod records;
pub mod sites;
pub mod snapshot;
pub mod source;

pub use client::{ApiKey, Ll2Client, Ll2Config, Ll2Error, Providers};
pub use normalize::{normalize_ll2_launch, SPACEX_AGENCY_ID};
pub use records::Ll2Launch;
pub use snapshot::Ll2Snapshot;
pub use source::{Ll2End, Ll2Page, Ll2Pages, Ll2Source, Ll2Step, StopReason};
