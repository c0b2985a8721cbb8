//! Compiles every file under src/rules/ and src/moves/ into the binary, so that adding a
//! rule is adding one file: nothing else lists them.
use std::fmt::Write as _;
use std::path::Path;

fn embed_dir(out: &mut String, const_name: &str, dir: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    writeln!(out, "pub static {const_name}: &[(&str, &str)] = &[").unwrap();
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let abs = std::fs::canonicalize(&path).unwrap();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = String::new();
    embed_dir(&mut out, "RULE_FILES", &root.join("src/rules"));
    embed_dir(&mut out, "MOVE_FILES", &root.join("src/moves"));
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog_files.rs");
    std::fs::write(dest, out).unwrap();
}
