//! Bakes the browser assets into the binary: plotly.js from the pinned npm package in
//! `node_modules/` and the app's own files from `static/`. Each is gzipped here, once, so the
//! server never compresses them per request, and named by a hash of its content, so its URL
//! changes whenever it does and browsers may cache it for a year.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

const PLOTLY_PACKAGE: &str = "plotly.js-basic-dist-min";
const PLOTLY_FILE: &str = "plotly-basic.min.js";

struct Source {
    /// The name in the asset's URL.
    name: &'static str,
    path: PathBuf,
    content_type: &'static str,
}

fn main() {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env("OUT_DIR"));
    let plotly_version = check_plotly(&manifest_dir);

    let sources = [
        Source {
            name: PLOTLY_FILE,
            path: manifest_dir
                .join("node_modules")
                .join(PLOTLY_PACKAGE)
                .join(PLOTLY_FILE),
            content_type: "text/javascript; charset=utf-8",
        },
        Source {
            name: "dashboard.js",
            path: manifest_dir.join("static/dashboard.js"),
            content_type: "text/javascript; charset=utf-8",
        },
        Source {
            name: "dashboard.css",
            path: manifest_dir.join("static/dashboard.css"),
            content_type: "text/css; charset=utf-8",
        },
        Source {
            name: "favicon.svg",
            path: manifest_dir.join("static/favicon.svg"),
            content_type: "image/svg+xml",
        },
    ];

    let mut generated = String::new();
    let _ = writeln!(
        generated,
        "/// The pinned version of `{PLOTLY_PACKAGE}` (dashboard/package.json).\n\
         pub const PLOTLY_VERSION: &str = {plotly_version:?};\n\
         pub static ASSETS: [Asset; {}] = [",
        sources.len()
    );
    for source in &sources {
        println!("cargo:rerun-if-changed={}", source.path.display());
        let raw = std::fs::read(&source.path)
            .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", source.path.display())));
        let version = hex::encode(&Sha256::digest(&raw)[..6]);
        let gz_path = out_dir.join(format!("{}.gz", source.name));
        std::fs::write(&gz_path, gzip(&raw))
            .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", gz_path.display())));
        let _ = writeln!(
            generated,
            "    Asset {{ name: {:?}, content_type: {:?}, version: {:?}, body: Body::gzipped(include_bytes!({:?})) }},",
            source.name,
            source.content_type,
            version,
            gz_path.display().to_string(),
        );
    }
    generated.push_str("];\n");
    let target = out_dir.join("assets.rs");
    std::fs::write(&target, generated)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", target.display())));
}

/// Checks that `node_modules` holds exactly the version `package.json` pins, running
/// `npm ci` once when it does not (a fresh clone), and returns the version.
fn check_plotly(manifest_dir: &Path) -> String {
    let manifest = manifest_dir.join("package.json");
    let lock = manifest_dir.join("package-lock.json");
    let installed = manifest_dir
        .join("node_modules")
        .join(PLOTLY_PACKAGE)
        .join("package.json");
    println!("cargo:rerun-if-changed={}", manifest.display());
    println!("cargo:rerun-if-changed={}", lock.display());
    println!("cargo:rerun-if-changed={}", installed.display());
    let wanted = json_field(&manifest, &["dependencies", PLOTLY_PACKAGE]);
    let found = || {
        installed
            .exists()
            .then(|| json_field(&installed, &["version"]))
    };
    if found().as_deref() != Some(wanted.as_str()) {
        npm_ci(manifest_dir);
    }
    match found() {
        Some(version) if version == wanted => wanted,
        Some(version) => fail(&format!(
            "dashboard/node_modules has {PLOTLY_PACKAGE} {version} but package.json pins {wanted}: \
             run `npm ci --prefix dashboard`"
        )),
        None => fail(&format!(
            "{PLOTLY_PACKAGE} is not installed in dashboard/node_modules: run `npm ci --prefix dashboard`"
        )),
    }
}

/// `npm ci`: installs exactly what package-lock.json pins (and checks its integrity hashes).
fn npm_ci(manifest_dir: &Path) {
    println!(
        "cargo:warning=installing {PLOTLY_PACKAGE} with `npm ci --prefix dashboard` (pinned in dashboard/package-lock.json)"
    );
    let status = std::process::Command::new("npm")
        .arg("ci")
        .arg("--prefix")
        .arg(manifest_dir)
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => println!("cargo:warning=`npm ci --prefix dashboard` failed ({status})"),
        Err(error) => println!("cargo:warning=cannot run npm ({error}): install Node.js and npm"),
    }
}

fn json_field(path: &Path, keys: &[&str]) -> String {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
    let value: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| fail(&format!("{} is not JSON: {e}", path.display())));
    keys.iter()
        .try_fold(&value, |v, key| v.get(key))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| fail(&format!("{} has no {}", path.display(), keys.join("."))))
}

fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(raw)
        .and_then(|()| encoder.finish())
        .unwrap_or_else(|e| fail(&format!("gzip failed: {e}")))
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| fail(&format!("{name} is not set")))
}

fn fail(message: &str) -> ! {
    // `cargo:warning` puts the message in front of the user even when cargo trims the panic.
    println!("cargo:warning={message}");
    panic!("{message}");
}
