//! The counts README.md states, against what the repository holds: a rule, a move or a
//! written reply added without updating the README fails here.

use rapport::lang::Lang;
use rapport::{Engine, EngineOptions};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

/// The number README.md states in `phrase`, where "{}" stands for it ("Spanish has {}
/// rules"): digits, or a word up to twelve.
fn stated(readme: &str, phrase: &str) -> usize {
    let (before, after) = phrase.split_once("{}").unwrap();
    let missing = || panic!("README.md no longer says \"{phrase}\": update this test");
    let is_number = |c: char| c.is_alphanumeric() || c == ',';
    // each place `after` is written, with the number just before it and `before` before that
    let word = readme
        .match_indices(after)
        .map(|(end, _)| {
            let start = readme[..end].rfind(|c: char| !is_number(c)).map_or(0, |i| i + 1);
            (start, &readme[start..end])
        })
        .find(|&(start, word)| !word.is_empty() && readme[..start].ends_with(before))
        .map(|(_, word)| word)
        .unwrap_or_else(missing);
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    ];
    word.replace(',', "")
        .parse()
        .ok()
        .or_else(|| WORDS.iter().position(|w| word.eq_ignore_ascii_case(w)))
        .unwrap_or_else(|| panic!("README.md: {word:?} in \"{phrase}\" is not a number"))
}

#[test]
fn the_spanish_rule_count_is_the_catalogs() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let spanish = engine.rules().iter().filter(|r| r.lang == Lang::Es).count();
    assert!(spanish > 0);
    assert_eq!(stated(&readme(), "Spanish has {} rules"), spanish);
}

#[test]
fn the_german_rule_count_is_the_catalogs() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let german = engine.rules().iter().filter(|r| r.lang == Lang::De).count();
    assert!(german > 0);
    assert_eq!(stated(&readme(), "German has {} rules"), german);
}

#[test]
fn the_french_rule_count_is_the_catalogs() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let french = engine.rules().iter().filter(|r| r.lang == Lang::Fr).count();
    assert!(french > 0);
    assert_eq!(stated(&readme(), "French has {} rules"), french);
}

#[test]
fn the_portuguese_rule_count_is_the_catalogs() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let portuguese = engine.rules().iter().filter(|r| r.lang == Lang::Pt).count();
    assert!(portuguese > 0);
    assert_eq!(stated(&readme(), "Portuguese has {} rules"), portuguese);
}

#[test]
fn the_written_reply_count_is_the_banks() {
    let replies = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/replies/replies.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(stated(&readme(), "{} replies written for the purpose"), replies);
}

/// "`moves` lists the empathy moves (acknowledge, validate, ...)": one name for each move
/// of the catalog, by its id or the start of its label.
#[test]
fn the_report_section_names_every_empathy_move() {
    let readme = readme();
    let start = readme
        .find("lists the empathy moves (")
        .expect("README.md lists the moves")
        + 25;
    let end = start + readme[start..].find(')').unwrap();
    let named: Vec<String> = readme[start..end]
        .split(',')
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let moves = rapport::catalog::builtin_moves().unwrap();
    assert_eq!(named.len(), moves.len(), "README.md names {named:?}");
    for m in &moves {
        let label = m.label.to_lowercase();
        assert!(
            named
                .iter()
                .any(|n| *n == m.id.replace('-', " ") || label.starts_with(n.as_str())),
            "README.md's list of moves lacks {} ({named:?})",
            m.id
        );
    }
}

/// "(seven rich-text editors" in the test command's comment: the compatibility table's rows.
#[test]
fn the_editor_count_is_the_tables() {
    let readme = readme();
    let table = &readme[readme.find("<!-- compat:start -->").unwrap()..readme.find("<!-- compat:end -->").unwrap()];
    let rows = table.lines().filter(|l| l.starts_with("| ")).count() - 1;
    assert!(rows > 0);
    assert_eq!(stated(&readme, "({} rich-text editors"), rows);
}
