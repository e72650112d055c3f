//! The artefact we ship to Lambda: `make lambda`'s zip holds one aarch64 ELF named `bootstrap`.
//! (`make test` builds the zip before the tests run.)

use std::process::Command;

use integration::repo_root;

#[test]
fn the_lambda_zip_holds_an_aarch64_bootstrap() {
    let zip = repo_root().join("target/lambda/extractor/bootstrap.zip");
    assert!(
        zip.is_file(),
        "{} is missing: run `make lambda` first",
        zip.display()
    );
    let listing = Command::new("unzip")
        .arg("-Z1")
        .arg(&zip)
        .output()
        .expect("unzip is installed (make setup)");
    assert!(listing.status.success());
    let names: Vec<String> = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(names, vec!["bootstrap".to_owned()]);

    let binary = Command::new("unzip")
        .arg("-p")
        .arg(&zip)
        .arg("bootstrap")
        .output()
        .expect("unzip");
    let elf = binary.stdout;
    assert!(
        elf.len() > 64 && elf.starts_with(b"\x7fELF"),
        "bootstrap is not an ELF file"
    );
    assert_eq!(elf[4], 2, "64-bit");
    // e_machine at offset 18, little-endian: 183 (0xB7) is EM_AARCH64.
    assert_eq!(
        u16::from_le_bytes([elf[18], elf[19]]),
        183,
        "bootstrap is not built for aarch64"
    );
}
