//! Compiles every file under src/rules/, src/moves/, src/cues/, src/customer/ and
//! src/classes/ into the binary, so that adding a
//! rule is adding one file: nothing else lists them.
use std::fmt::Write as _;
use std::path::Path;

fn embed_dir(out: &mut String, out_dir: &Path, const_name: &str, dir: &Path, wasm: bool) {
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
        // Minified copies keep the wasm small; a file that does not parse is embedded as
        // written, so the loader reports it with the file's name at start-up and in tests.
        let source = std::fs::read_to_string(&path).unwrap();
        let embedded = match serde_json::from_str::<serde_json::Value>(&source) {
            Ok(mut value) => {
                // The wasm engine does not run examples (native tests do), and they are a
                // quarter of the catalog's bytes; the rule reference reads them from here.
                if wasm {
                    if let Some(obj) = value.as_object_mut() {
                        obj.remove("examples");
                    }
                }
                value.to_string()
            }
            Err(_) => source,
        };
        let copy = out_dir.join(format!("{const_name}-{name}"));
        std::fs::write(&copy, embedded).unwrap();
        writeln!(out, "    ({name:?}, include_str!({:?})),", copy.display().to_string()).unwrap();
    }
    writeln!(out, "];").unwrap();
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wasm = std::env::var("TARGET").is_ok_and(|t| t.starts_with("wasm32"));
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut out = String::new();
    embed_dir(&mut out, &out_dir, "RULE_FILES", &root.join("src/rules"), wasm);
    embed_dir(&mut out, &out_dir, "MOVE_FILES", &root.join("src/moves"), wasm);
    embed_dir(&mut out, &out_dir, "CUE_FILES", &root.join("src/cues"), wasm);
    embed_dir(&mut out, &out_dir, "CUSTOMER_FILES", &root.join("src/customer"), wasm);
    embed_dir(&mut out, &out_dir, "CLASS_FILES", &root.join("src/classes"), wasm);
    let dest = out_dir.join("catalog_files.rs");
    std::fs::write(dest, out).unwrap();
}
