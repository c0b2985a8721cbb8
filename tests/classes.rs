//! Word classes (src/data/classes/*.json): each loads, says what it holds, is used by a rule,
//! and a `<class>` in a pattern matches every entry, single words and phrases alike.

use rapport::catalog::{CLASS_FILES, CUE_FILES, CUSTOMER_FILES, MOVE_FILES, RULE_FILES};
use rapport::pattern::{load_class, parse, word_classes};
use rapport::text::tokenize;
use std::collections::HashSet;

#[path = "common/one_rule.rs"]
mod one_rule;

fn class_entries(json: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    value["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_class_loads_and_has_no_duplicate_entries() {
    assert!(CLASS_FILES.len() >= 5, "only {} word classes", CLASS_FILES.len());
    for (file, json) in CLASS_FILES {
        load_class(json).unwrap_or_else(|e| panic!("src/data/classes/{file}: {e}"));
        let mut seen = HashSet::new();
        for entry in class_entries(json) {
            let toks = tokenize(&entry, &[]);
            let norm: Vec<&str> = (0..toks.len()).map(|i| toks.norm(i)).collect();
            assert!(
                seen.insert(norm.join(" ")),
                "src/data/classes/{file}: '{entry}' is listed twice"
            );
        }
        let name = file.strip_suffix(".json").unwrap();
        assert!(
            word_classes().contains_key(name),
            "class {name} missing from the registry"
        );
    }
}

#[test]
fn every_class_is_used_by_the_catalog() {
    let all: Vec<&str> = [RULE_FILES, MOVE_FILES, CUE_FILES, CUSTOMER_FILES]
        .iter()
        .flat_map(|files| files.iter().map(|(_, json)| *json))
        .collect();
    for (file, _) in CLASS_FILES {
        let tag = format!("<{}>", file.strip_suffix(".json").unwrap());
        assert!(
            all.iter().any(|json| json.contains(&tag)),
            "no rule, move or cue uses {tag} (src/data/classes/{file})"
        );
    }
}

#[test]
fn a_class_file_with_a_problem_says_which_entry_and_why() {
    let cases = [
        (r#"{"words": ["a"]}"#, "'about' is required"),
        (r#"{"about": "x", "words": []}"#, "'words' is empty"),
        (
            r#"{"about": "x", "words": ["fine", "(a|b)"]}"#,
            "words[1] '(a|b)' must be plain words",
        ),
        (r#"{"about": "x", "words": ["fine", 3]}"#, "words[1] is not a string"),
        (
            r#"{"about": "x", "words": ["a"], "color": "red"}"#,
            "unknown field 'color'",
        ),
        ("[1, 2", "not JSON"),
    ];
    for (json, want) in cases {
        let err = load_class(json).expect_err(json);
        assert!(err.contains(want), "{json}: got {err:?}, want {want:?}");
    }
    let err = parse("no need to be <grumpiness>").unwrap_err();
    assert!(
        err.contains("unknown class <grumpiness> at character 15") && err.contains("<upset>"),
        "{err}"
    );
}

/// A team rule built on a class matches every entry of the class in running text, one word
/// or several, and nothing the class does not list; packs may use the built-in classes.
#[test]
fn a_class_in_a_pattern_matches_each_of_its_entries() {
    let engine = one_rule::engine_with_rule(
        "need-to-be-upset",
        "zorp need to be <upset>",
        "Zorp need to be livid.",
        "Zorp need to be early.",
    );
    let upset = CLASS_FILES
        .iter()
        .find(|(f, _)| *f == "upset.json")
        .expect("src/data/classes/upset.json")
        .1;
    let entries = class_entries(upset);
    assert!(
        entries.iter().any(|e| e.contains(' ')),
        "the test needs a phrase among the entries"
    );
    for entry in &entries {
        let text = format!("Honestly, zorp need to be {entry} about the parcel.");
        let report = engine.analyze(&text, None);
        assert!(
            report.findings.iter().any(|f| &*f.rule == "need-to-be-upset"),
            "'{entry}' is not matched in {text:?}"
        );
    }
    let report = engine.analyze("Zorp need to be early for the call.", None);
    assert!(report.findings.is_empty(), "a word outside the class matched");
}
