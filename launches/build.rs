//! The Launch Library 2 files of the bundled snapshot (`launches::ll2::Ll2Snapshot::Bundled`):
//! their list, always, and with the `bundled-snapshot` feature the files themselves, gzipped
//! here once (about 1.3 MB instead of 15 MB in the binary).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

/// Every SpaceX launch from 2006 to the end of 2026, upcoming ones included. The upcoming list
/// of 2026-08-22 is left out: each SpaceX record in it is also in the 2026 file, in the same
/// version.
const BUNDLED_FILES: [&str; 3] = [
    "launches_2.2.0_spacex_2006-2022.json",
    "launches_2.2.0_spacex_detailed_2023-2025.json",
    "spacex_2026_2.2.0_from_zenith_history.json",
];

/// The weekly snapshots of the upcoming list (`fixtures/ll2/history/snapshots`), already
/// gzipped: replayed in order to build real change history (`launches::history::replay`).
const WEEKLY_DIR: &str = "history/snapshots";

fn main() {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env("OUT_DIR"));
    let fixtures = manifest_dir.join("../fixtures/ll2");
    println!("cargo:rerun-if-changed=build.rs");
    let weekly_dir = fixtures.join(WEEKLY_DIR);
    println!("cargo:rerun-if-changed={}", weekly_dir.display());
    let mut weekly: Vec<String> = std::fs::read_dir(&weekly_dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", weekly_dir.display()))
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json.gz"))
        .collect();
    weekly.sort();

    let list = format!(
        "/// The fixture files (`fixtures/ll2/`) of the bundled snapshot, listed in \
         `launches/build.rs`: every SpaceX launch from 2006 to the end of 2026, upcoming ones \
         included.\npub const BUNDLED_FILES: [&str; {}] = {BUNDLED_FILES:?};\n",
        BUNDLED_FILES.len()
    );
    write(&out_dir.join("ll2_bundled_files.rs"), list.as_bytes());
    let weekly_list = format!(
        "/// The weekly snapshots (`fixtures/ll2/history/snapshots/`), in time order; each name is \
         the time it was taken.\npub const WEEKLY_FILES: [&str; {}] = {weekly:?};\n",
        weekly.len()
    );
    write(&out_dir.join("ll2_weekly_files.rs"), weekly_list.as_bytes());

    if std::env::var_os("CARGO_FEATURE_BUNDLED_SNAPSHOT").is_none() {
        return;
    }
    let mut table = format!(
        "/// Each bundled file's name and gzipped bytes.\n\
         static GZIPPED: [(&str, &[u8]); {}] = [\n",
        BUNDLED_FILES.len()
    );
    for name in BUNDLED_FILES {
        let path = fixtures.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let body =
            std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder
            .write_all(&body)
            .and_then(|()| encoder.flush())
            .unwrap_or_else(|e| panic!("gzipping {}: {e}", path.display()));
        let gzipped = encoder
            .finish()
            .unwrap_or_else(|e| panic!("gzipping {}: {e}", path.display()));
        let target = out_dir.join(format!("{name}.gz"));
        write(&target, &gzipped);
        let _ = writeln!(table, "    ({name:?}, include_bytes!({:?})),", target);
    }
    table.push_str("];\n");
    let _ = writeln!(
        table,
        "/// Each weekly snapshot's name and gzipped bytes, as stored.\n\
         static WEEKLY_GZIPPED: [(&str, &[u8]); {}] = [",
        weekly.len()
    );
    for name in &weekly {
        let path = weekly_dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(table, "    ({name:?}, include_bytes!({:?})),", path);
    }
    table.push_str("];\n");
    write(&out_dir.join("ll2_bundled.rs"), table.as_bytes());
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("cargo sets {name}"))
}

fn write(path: &std::path::Path, bytes: &[u8]) {
    std::fs::File::create(path)
        .and_then(|mut file| file.write_all(bytes))
        .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}
