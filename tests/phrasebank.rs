//! The phrase banks' halves (tests/data/phrasebank/README.md, one bank per language): every
//! collected line sits in the half its source's seeded hash names, each cold line carries
//! the scope its two annotators gave it, and no sealed phrase has leaked into a rule's
//! examples.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

const SEED: &str = "rapport-bank-2026:";
const WRITTEN: &str = "written-for-rapport";

/// A language's bank: its folder under tests/data/ and how many pages each half must draw
/// on at least.
struct Bank {
    folder: &'static str,
    min_pages: usize,
}

const BANKS: &[Bank] = &[
    Bank {
        folder: "phrasebank",
        min_pages: 120,
    },
    Bank {
        folder: "phrasebank-es",
        min_pages: 30,
    },
    Bank {
        folder: "phrasebank-de",
        min_pages: 30,
    },
    Bank {
        folder: "phrasebank-fr",
        min_pages: 25,
    },
    Bank {
        folder: "phrasebank-pt",
        min_pages: 30,
    },
];

impl Bank {
    fn dir(&self) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(self.folder)
    }
}

fn jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1)))
        .collect()
}

fn fnv1a64(s: &str) -> u64 {
    s.bytes()
        .fold(0xcbf29ce484222325, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3))
}

fn files_in(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

/// Whether a collected line's page (or, for a line written for Rapport, the line itself)
/// belongs to the sealed half.
fn in_sealed_half(text: &str, source: &str) -> bool {
    let hashed = if source == WRITTEN { text } else { source };
    fnv1a64(&format!("{SEED}{hashed}")) & 1 == 1
}

fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The annotators' labels, one map per annotator, by lower-cased text.
fn annotators(bank: &Bank) -> Vec<(String, HashMap<String, String>)> {
    let dir = bank.dir().join("scope");
    if !dir.exists() {
        return Vec::new();
    }
    files_in(&dir, ".jsonl")
        .into_iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("annotator-"))
        .map(|p| {
            let labels = jsonl(&p)
                .iter()
                .map(|v| {
                    let scope = v["scope"].as_str().unwrap_or_default().to_string();
                    assert!(
                        ["reply", "context", "fine"].contains(&scope.as_str()),
                        "{}: scope {scope:?} for {}",
                        p.display(),
                        v["text"]
                    );
                    (key(v["text"].as_str().unwrap()), scope)
                })
                .collect();
            (p.display().to_string(), labels)
        })
        .collect()
}

/// What split.mjs must have written: (work, sealed), each line as a JSON value.
fn expected_halves(bank: &Bank) -> (Vec<Value>, Vec<Value>) {
    let labels = annotators(bank);
    let mut seen = BTreeSet::new();
    let (mut work, mut sealed) = (Vec::new(), Vec::new());
    for file in files_in(&bank.dir().join("collected"), ".jsonl") {
        for mut line in jsonl(&file) {
            let text = line["text"].as_str().expect("every line has a text").to_string();
            let source = line["source"].as_str().expect("every line has a source").to_string();
            let kind = line["kind"].as_str().unwrap_or_default().to_string();
            if !seen.insert(format!("{}\u{0}{kind}", key(&text))) {
                continue;
            }
            if !labels.is_empty() && kind == "cold" {
                let votes: Vec<_> = labels.iter().map(|(_, l)| l.get(&key(&text)).cloned()).collect();
                let scope = match votes.iter().cloned().collect::<Option<Vec<String>>>() {
                    None => "unannotated".to_string(),
                    Some(v) if v.iter().all(|x| *x == v[0]) => v[0].clone(),
                    Some(_) => "disputed".to_string(),
                };
                line["scope"] = Value::String(scope);
            }
            if in_sealed_half(&text, &source) {
                sealed.push(line);
            } else {
                work.push(line);
            }
        }
    }
    (work, sealed)
}

#[test]
fn every_line_sits_in_the_half_its_source_names() {
    for bank in BANKS {
        let folder = bank.folder;
        let (work, sealed) = expected_halves(bank);
        for (half, expected) in [("work", work), ("sealed", sealed)] {
            let written = jsonl(&bank.dir().join(format!("{half}.jsonl")));
            assert_eq!(
                written.len(),
                expected.len(),
                "{folder}/{half}.jsonl is stale: run `node tests/data/phrasebank/split.mjs {folder}`"
            );
            for (i, (w, e)) in written.iter().zip(&expected).enumerate() {
                assert_eq!(
                    w,
                    e,
                    "{folder}/{half}.jsonl line {}: run `node tests/data/phrasebank/split.mjs {folder}`",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn both_halves_draw_on_many_pages() {
    for bank in BANKS {
        both_halves_draw_on_pages(bank);
    }
}

fn both_halves_draw_on_pages(bank: &Bank) {
    let (work, sealed) = expected_halves(bank);
    let pages = |half: &[Value]| {
        half.iter()
            .filter(|l| l["source"] != WRITTEN)
            .map(|l| l["source"].as_str().unwrap().to_string())
            .collect::<BTreeSet<_>>()
    };
    let (w, s) = (pages(&work), pages(&sealed));
    assert!(
        w.len() >= bank.min_pages && s.len() >= bank.min_pages,
        "{}: pages: work {}, sealed {}",
        bank.folder,
        w.len(),
        s.len()
    );
    assert!(w.is_disjoint(&s), "a page's phrases must all land in one half");
}

#[test]
fn every_cold_line_has_both_annotators_labels() {
    // Only the English bank has been annotated for scope so far.
    let bank = &BANKS[0];
    let labels = annotators(bank);
    if labels.is_empty() {
        eprintln!("tests/data/phrasebank/scope/ holds no annotator files yet: no scope to check");
        return;
    }
    if labels.len() < 2 {
        eprintln!("one annotator's scope so far: agreement waits for a second");
    }
    let (work, sealed) = expected_halves(bank);
    let unlabelled: Vec<_> = work
        .iter()
        .chain(&sealed)
        .filter(|l| l["scope"] == "unannotated")
        .map(|l| l["text"].as_str().unwrap().to_string())
        .collect();
    assert!(unlabelled.is_empty(), "cold lines with no scope yet: {unlabelled:?}");
}

#[test]
fn no_sealed_phrase_is_a_rule_example() {
    // A phrase that a work page lists too was seen while writing rules, whichever half
    // the de-duplicated bank puts it in.
    let bare = |text: &str| key(text).trim_end_matches(['.', '!', '?', '…']).to_string();
    let mut on_work_pages = BTreeSet::new();
    let mut on_sealed_pages = BTreeSet::new();
    for file in BANKS
        .iter()
        .flat_map(|bank| files_in(&bank.dir().join("collected"), ".jsonl"))
    {
        for line in jsonl(&file) {
            let text = line["text"].as_str().unwrap();
            let source = line["source"].as_str().unwrap();
            let half = if in_sealed_half(text, source) {
                &mut on_sealed_pages
            } else {
                &mut on_work_pages
            };
            half.insert(bare(text));
        }
    }
    let sealed: BTreeSet<String> = on_sealed_pages
        .difference(&on_work_pages)
        .filter(|t| t.split_whitespace().count() >= 3)
        .cloned()
        .collect();
    let engine = rapport::Engine::new(&rapport::EngineOptions::default()).unwrap();
    let mut leaked = Vec::new();
    for rule in engine.rules() {
        for example in rule.examples.flag.iter().chain(&rule.examples.allow) {
            if sealed.contains(&bare(example)) {
                leaked.push(format!("{}: {example}", rule.id));
            }
        }
    }
    assert!(leaked.is_empty(), "sealed phrases used as rule examples: {leaked:?}");
}
