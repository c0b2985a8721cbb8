//! Compiles every file under src/data/rules/ (and its language folders, src/data/rules/es/, ...),
//! src/data/moves/, src/data/cues/, src/data/customer/ and src/data/classes/ into the binary, so that adding a
//! rule is adding one file: nothing else lists them.
//!
//! It also compiles the built-in catalog into the engine's trie, with the crate's own
//! loader and compiler (the modules below), and embeds the result (src/compiled.rs): a
//! browser tab then starts without parsing JSON or patterns.
use std::fmt::Write as _;
use std::path::Path;

// The crate's modules that load and compile a catalog, as the library has them; the parts
// the build does not call are dead code here.
#[allow(dead_code, unused_imports)]
#[path = "src/catalog.rs"]
mod catalog;
#[allow(dead_code)]
#[path = "src/coach.rs"]
mod coach;
#[allow(dead_code)]
#[path = "src/compiled.rs"]
mod compiled;
#[allow(dead_code)]
#[path = "src/context.rs"]
mod context;
#[allow(dead_code)]
#[path = "src/customer.rs"]
mod customer;
#[allow(dead_code, unused_imports)]
#[path = "src/engine/mod.rs"]
mod engine;
#[allow(dead_code, unused_imports)]
#[path = "src/json.rs"]
mod json;
#[allow(dead_code)]
#[path = "src/lang.rs"]
mod lang;
#[allow(dead_code)]
#[path = "src/pattern.rs"]
mod pattern;
#[allow(dead_code)]
#[path = "src/report.rs"]
mod report;
#[allow(dead_code)]
#[path = "src/rewrite.rs"]
mod rewrite;
#[allow(dead_code)]
#[path = "src/scorer.rs"]
mod scorer;
#[allow(dead_code)]
#[path = "src/sort.rs"]
mod sort;
#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;

// the lists the pack checks read (src/examples.rs, not built here) go unused
#[allow(dead_code)]
#[path = "src/word_lists.rs"]
mod word_lists;

/// The library's `embedded` as the build has it: the word classes, read from src/data/classes/
/// before compiling (patterns name them); nothing else is read through it here.
#[allow(dead_code)]
mod embedded {
    pub static RULE_FILES: &[(&str, &str)] = &[];
    pub static MOVE_FILES: &[(&str, &str)] = &[];
    pub static CUE_FILES: &[(&str, &str)] = &[];
    pub static CUSTOMER_FILES: &[(&str, &str)] = &[];
    pub static CLASS_FILES: &[(&str, &str)] = &[];
    pub static COMPILED_CATALOG: &[u8] = &[];
    pub static CATALOG_PARTS: &[&str] = &[];
    pub static CLASSES: std::sync::OnceLock<Vec<(&'static str, &'static str)>> = std::sync::OnceLock::new();

    pub fn class_files() -> Vec<(&'static str, &'static str)> {
        CLASSES.get().cloned().unwrap_or_default()
    }
}

/// The JSON files of `dir`, sorted, named as embedded: "calm-down.json", and with
/// `languages`, those of each language's folder after them ("es/calmese.json").
fn json_files(dir: &Path, languages: bool) -> Vec<(String, std::path::PathBuf)> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    let mut files: Vec<_> = entries
        .iter()
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p.clone()))
        .collect();
    files.sort();
    if languages {
        let mut folders: Vec<_> = entries.iter().filter(|p| p.is_dir()).collect();
        folders.sort();
        for folder in folders {
            let code = folder.file_name().unwrap().to_string_lossy().into_owned();
            files.extend(
                json_files(folder, false)
                    .into_iter()
                    .map(|(name, path)| (format!("{code}/{name}"), path)),
            );
        }
    }
    files
}

/// Embeds each JSON file of `dir` (and, with `languages`, of its language folders) and
/// returns the files as embedded (name, text).
fn embed_dir(
    out: &mut String,
    out_dir: &Path,
    const_name: &str,
    dir: &Path,
    wasm: bool,
    languages: bool,
) -> Vec<(String, String)> {
    let files = json_files(dir, languages);
    let mut embedded_files = Vec::new();
    // the wasm finds the word classes in the English part of the catalog beside it
    let in_binary = !(wasm && const_name == "CLASS_FILES");
    writeln!(out, "pub static {const_name}: &[(&str, &str)] = &[").unwrap();
    for (name, path) in files {
        println!("cargo:rerun-if-changed={}", path.display());
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
                        // A word class's description is for the people who edit it; the wasm
                        // reads only its words (the loader still wants the field filled).
                        if const_name == "CLASS_FILES" && obj.contains_key("about") {
                            obj.insert("about".into(), format!("see src/data/classes/{name}").into());
                        }
                    }
                }
                value.to_string()
            }
            Err(_) => source,
        };
        let copy = out_dir.join(format!("{const_name}-{}", name.replace('/', "-")));
        std::fs::write(&copy, &embedded).unwrap();
        if in_binary {
            writeln!(out, "    ({name:?}, include_str!({:?})),", copy.display().to_string()).unwrap();
        }
        embedded_files.push((name, embedded));
    }
    writeln!(out, "];").unwrap();
    embedded_files
}

fn refs(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files.iter().map(|(n, j)| (n.as_str(), j.as_str())).collect()
}

/// The engine `Engine::new` would compile from these embedded files (the customer-signal
/// engine inside it), or None when a file does not load (the library then loads the JSON
/// and reports the problem, with the file's name, at start-up and in tests).
fn compile_engine(
    rules: &[(String, String)],
    moves: &[(String, String)],
    cues: &[(String, String)],
    signals: &[(String, String)],
    examples: bool,
) -> Option<engine::Engine> {
    let pack = catalog::builtin_pack_from(&refs(rules), examples);
    let moves = catalog::read_moves(&refs(moves), "builtin-moves", examples);
    let cues = catalog::read_cues(&refs(cues), "builtin-cues", examples);
    let signals = catalog::read_customer_signals(&refs(signals), "builtin-customer", examples);
    match (pack, moves, cues, signals) {
        (Ok(pack), Ok(moves), Ok(cues), Ok(signals)) => {
            let english = !signals.is_empty();
            let rules = catalog::merge(vec![pack]);
            let mut engine = engine::Engine::compile_catalog(rules, moves, cues, signals);
            // the learned second opinion reads English replies: the English catalog carries it
            if english && !engine.carry_model(engine::BUILT_IN_MODEL) {
                panic!("src/data/model/cold-sentence.bin is not a model file (make train-scorer writes it)");
            }
            Some(engine)
        }
        _ => None,
    }
}

/// The catalog in the parts the wasm build ships beside the wasm, stripped as it ships
/// them (`compiled::strip_for_wasm`): "en", the English rules with the moves, cues and
/// customer signals, then each other language's rules alone, by language code. A page
/// fetches "en" with the wasm and another language's only when a reply in it appears.
fn compile_parts(
    rules: &[(String, String)],
    moves: &[(String, String)],
    cues: &[(String, String)],
    signals: &[(String, String)],
    classes: &[(String, String)],
) -> Vec<(String, Vec<u8>)> {
    let mut codes: Vec<&str> = rules
        .iter()
        .filter_map(|(name, _)| name.split_once('/'))
        .map(|(c, _)| c)
        .collect();
    codes.dedup();
    let of = |code: Option<&str>| -> Vec<(String, String)> {
        rules
            .iter()
            .filter(|(name, _)| name.split_once('/').map(|(c, _)| c) == code)
            .cloned()
            .collect()
    };
    let mut parts = Vec::new();
    let Some(mut english) = compile_engine(&of(None), moves, cues, signals, false) else {
        return parts;
    };
    compiled::strip_for_wasm(&mut english);
    // and the language detector's and the engine's word lists, which the wasm reads from
    // there too
    let mut carried = classes.to_vec();
    carried.extend(lang::word_list_files());
    carried.extend(word_lists::files());
    parts.push((
        "en".to_string(),
        compiled::encode_with_classes(&english, &refs(&carried)),
    ));
    for code in codes {
        let Some(mut part) = compile_engine(&of(Some(code)), &[], &[], &[], false) else {
            return Vec::new();
        };
        // a language's part holds its rules only: the customer's message is read by the
        // English part's engine
        part.customer = None;
        compiled::strip_for_wasm(&mut part);
        parts.push((code.to_string(), compiled::encode(&part)));
    }
    parts
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=src/data/model/cold-sentence.bin");
    let wasm = std::env::var("TARGET").is_ok_and(|t| t.starts_with("wasm32"));
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut out = String::new();
    let rules = embed_dir(
        &mut out,
        &out_dir,
        "RULE_FILES",
        &root.join("src/data/rules"),
        wasm,
        true,
    );
    let moves = embed_dir(
        &mut out,
        &out_dir,
        "MOVE_FILES",
        &root.join("src/data/moves"),
        wasm,
        false,
    );
    let cues = embed_dir(
        &mut out,
        &out_dir,
        "CUE_FILES",
        &root.join("src/data/cues"),
        wasm,
        false,
    );
    let signals = embed_dir(
        &mut out,
        &out_dir,
        "CUSTOMER_FILES",
        &root.join("src/data/customer"),
        wasm,
        false,
    );
    let classes = embed_dir(
        &mut out,
        &out_dir,
        "CLASS_FILES",
        &root.join("src/data/classes"),
        wasm,
        false,
    );
    let dest = out_dir.join("catalog_files.rs");
    std::fs::write(dest, out).unwrap();
    // leaked: the word classes live as long as the build, as the library's are static
    let class_list = classes.clone();
    let classes = classes
        .into_iter()
        .map(|(n, j)| (&*Box::leak(n.into_boxed_str()), &*Box::leak(j.into_boxed_str())))
        .collect();
    embedded::CLASSES.set(classes).unwrap();
    // The wasm build's copies lack examples, and its engine does not require them. The
    // native build embeds the whole catalog compiled (catalog.bin); the wasm build embeds
    // none: its parts ship beside the wasm (catalog-en.bin, ...), without the pattern text,
    // which only the trie needs, and the explanations, which .ci/wasm.sh ships beside the
    // wasm too (rapport_text.json). Both builds write the parts (native tests compare
    // them with the sources).
    let whole = compile_engine(&rules, &moves, &cues, &signals, !wasm);
    let text = whole.as_ref().map(compiled::text_file).unwrap_or_default();
    let blob = match &whole {
        Some(engine) if !wasm => compiled::encode(engine),
        _ => Vec::new(),
    };
    std::fs::write(out_dir.join("catalog.bin"), blob).unwrap();
    std::fs::write(out_dir.join("rapport_text.json"), text).unwrap();
    let parts = compile_parts(&rules, &moves, &cues, &signals, &class_list);
    let mut list = String::from("/// The catalog's parts beside the wasm, by language code (\"en\" first).\n");
    list.push_str("pub static CATALOG_PARTS: &[&str] = &[");
    for (code, bytes) in &parts {
        std::fs::write(out_dir.join(format!("catalog-{code}.bin")), bytes).unwrap();
        write!(list, "{code:?}, ").unwrap();
    }
    list.push_str("];\n");
    std::fs::write(out_dir.join("catalog_parts.rs"), list).unwrap();
}
