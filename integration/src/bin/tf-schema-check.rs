//! The provider-testing harness on a directory of Terraform (default: the repository's
//! terraform/), against the committed AWS provider schema or another schema file in the layout
//! of `terraform providers schema -json`. Exits 1 when it finds anything.
//!
//!     cargo run -p integration --bin tf-schema-check -- [DIR] [SCHEMA.json]

use std::path::PathBuf;
use std::process::ExitCode;

use integration::provider_schema::{committed_schema_path, ProviderSchema};
use integration::repo_root;
use integration::tf_harness::check_dir;

fn main() -> anyhow::Result<ExitCode> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("terraform"));
    let schema = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(committed_schema_path);
    let report = check_dir(&dir, &ProviderSchema::load(&schema)?)?;
    print!("{report}");
    Ok(if report.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
