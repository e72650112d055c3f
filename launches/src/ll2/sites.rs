//! The rockets and launch sites that both sources know, under the SpaceX API v4's ids and
//! names, so that a chart or a filter shows one "Falcon 9" and one "CCSFS SLC 40" for 2006 to
//! today. v4 is frozen, so the table is complete; anything else keeps LL2's own id and name.

/// A launch site as the SpaceX API v4 names it (`fixtures/spacex/v4/launchpads.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpacexSite {
    pub id: &'static str,
    pub name: &'static str,
    pub full_name: &'static str,
    pub locality: &'static str,
}

const SLC_40: SpacexSite = SpacexSite {
    id: "5e9e4501f509094ba4566f84",
    name: "CCSFS SLC 40",
    full_name: "Cape Canaveral Space Force Station Space Launch Complex 40",
    locality: "Cape Canaveral",
};
const LC_39A: SpacexSite = SpacexSite {
    id: "5e9e4502f509094188566f88",
    name: "KSC LC 39A",
    full_name: "Kennedy Space Center Historic Launch Complex 39A",
    locality: "Cape Canaveral",
};
const SLC_4E: SpacexSite = SpacexSite {
    id: "5e9e4502f509092b78566f87",
    name: "VAFB SLC 4E",
    full_name: "Vandenberg Space Force Base Space Launch Complex 4E",
    locality: "Vandenberg Space Force Base",
};
const KWAJALEIN: SpacexSite = SpacexSite {
    id: "5e9e4502f5090995de566f86",
    name: "Kwajalein Atoll",
    full_name: "Kwajalein Atoll Omelek Island",
    locality: "Omelek Island",
};
const STLS: SpacexSite = SpacexSite {
    id: "5e9e4502f5090927f8566f85",
    name: "STLS",
    full_name: "SpaceX South Texas Launch Site",
    locality: "Boca Chica Village",
};

/// LL2 pad ids with a v4 launchpad of their own.
const PADS: [(u32, SpacexSite); 4] = [(80, SLC_40), (87, LC_39A), (16, SLC_4E), (107, KWAJALEIN)];

/// LL2's location "SpaceX Starbase / Space Launch Facility, TX": every pad there (Launch Pad
/// A and B, Orbital Launch Pads 1 and 2) is v4's one site STLS.
const STARBASE_LOCATION: u32 = 143;

/// The v4 site of an LL2 pad, if v4 has one. LC-39A's separate Starship pad (203) has none.
pub fn spacex_site(pad_id: u32, location_id: Option<u32>) -> Option<SpacexSite> {
    PADS.iter()
        .find(|(id, _)| *id == pad_id)
        .map(|(_, site)| *site)
        .or_else(|| (location_id == Some(STARBASE_LOCATION)).then_some(STLS))
}

/// The v4 rocket id of an LL2 rocket configuration name; v4 names its rockets exactly as LL2
/// names the configurations ("Starship Prototype", the hoppers, has no v4 rocket).
pub fn spacex_rocket_id(configuration_name: &str) -> Option<&'static str> {
    match configuration_name {
        "Falcon 1" => Some("5e9d0d95eda69955f709d1eb"),
        "Falcon 9" => Some("5e9d0d95eda69973a809d1ec"),
        "Falcon Heavy" => Some("5e9d0d95eda69974db09d1ed"),
        "Starship" => Some("5e9d0d96eda699382d09d1ee"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table against the real v4 snapshot, so that a typo cannot hide.
    #[test]
    fn the_table_matches_the_v4_snapshot() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/spacex/v4");
        let read = |name: &str| -> Vec<serde_json::Value> {
            let text = std::fs::read_to_string(dir.join(name)).expect("fixture readable");
            serde_json::from_str(&text).expect("fixture is JSON")
        };
        let pads = read("launchpads.json");
        for site in [SLC_40, LC_39A, SLC_4E, KWAJALEIN, STLS] {
            let pad = pads
                .iter()
                .find(|p| p["id"] == site.id)
                .expect("site is a v4 launchpad");
            assert_eq!(pad["name"], site.name);
            assert_eq!(pad["full_name"], site.full_name);
            assert_eq!(pad["locality"], site.locality);
        }
        for rocket in read("rockets.json") {
            let name = rocket["name"].as_str().expect("rocket name");
            assert_eq!(spacex_rocket_id(name), rocket["id"].as_str(), "{name}");
        }
    }
}
