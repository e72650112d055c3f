//! The LL2 fields must not change a launch known only to v4: not its stored item, not its
//! content hash (else every existing row would be rewritten, and its history would show a
//! change that did not happen).

mod ll2_support;

use std::collections::BTreeSet;

use launches::Launch;
use sha2::{Digest, Sha256};

/// SHA-256 of the sorted lines "<id> <content_hash>" of the 205 v4 launches, as computed by the
/// code before the LL2 fields existed (commit a43a33f, `normalize_launch` over
/// fixtures/spacex/v4). Pinned here so that it does not depend on the code under test.
const V4_HASHES_BEFORE_LL2: &str =
    "7398734c2178b06c9674c99146d2606d9a82b91c3186c9b3932157f70af49e8d";

/// The attributes a v4 launch could have before LL2 (the struct's fields at a43a33f).
const V4_ATTRIBUTES: [&str; 24] = [
    "id",
    "flight_number",
    "name",
    "date_utc",
    "date_precision",
    "year",
    "month",
    "status",
    "rocket_id",
    "rocket_name",
    "launchpad_id",
    "launchpad_name",
    "launchpad_full_name",
    "launchpad_locality",
    "details",
    "failures",
    "payload_count",
    "payload_mass_kg",
    "orbits",
    "crew_count",
    "cores",
    "links",
    "content_hash",
    "synced_at",
];

#[tokio::test]
async fn a_v4_launch_hashes_as_before_the_ll2_fields() {
    let launches = ll2_support::v4_launches().await;
    let mut lines: Vec<String> = launches
        .iter()
        .map(|l| format!("{} {}", l.id, l.content_hash))
        .collect();
    lines.sort();
    assert_eq!(lines.len(), 205);
    let digest = hex::encode(Sha256::digest(lines.join("\n").as_bytes()));
    assert_eq!(digest, V4_HASHES_BEFORE_LL2);
}

#[tokio::test]
async fn a_v4_launch_is_stored_with_the_attributes_it_had_and_reads_back_as_v4_only() {
    let allowed: BTreeSet<&str> = V4_ATTRIBUTES.into_iter().collect();
    for launch in ll2_support::v4_launches().await {
        let item = launches::store::launch_to_item(&launch).expect("item");
        let extra: Vec<&String> = item
            .keys()
            .filter(|k| !allowed.contains(k.as_str()))
            .collect();
        assert!(extra.is_empty(), "{}: {extra:?}", launch.id);
        let json = serde_json::to_value(&launch).expect("JSON");
        let read: Launch = serde_json::from_value(json).expect("reads back");
        assert!(read.sources.is_spacex_only());
        assert_eq!(read, launch);
    }
}
