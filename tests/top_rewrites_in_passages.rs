//! The top rewrite of realistic passages, applied: each line of tests/data/rewrites/*.jsonl
//! is a passage written for this test (a reply in which an agent uses a rule's phrasing,
//! at the start of a sentence or mid-sentence after a name or a conjunction), the rule it
//! exercises, and the whole text as the top rewrite must leave it, or null where the rule
//! must offer no rewrite there because every template it has would damage the reply. Each
//! line was read and judged by hand before it was written down; a change that alters one
//! must be judged again.

use rapport::{apply_rewrite, Engine, EngineOptions};

#[test]
fn top_rewrites_of_written_passages_are_as_judged() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rewrites");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for file in files {
        for line in std::fs::read_to_string(&file)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let case: serde_json::Value = serde_json::from_str(line).unwrap();
            let (rule, text) = (case["rule"].as_str().unwrap(), case["text"].as_str().unwrap());
            let want = case["top"].as_str();
            let report = engine.analyze(text, None);
            let Some(finding) = report.findings.iter().find(|f| f.rule == rule) else {
                wrong.push(format!("{rule}: not flagged: {text}"));
                continue;
            };
            let got = finding.rewrites.first().map(|top| apply_rewrite(text, top));
            if got.as_deref() != want {
                wrong.push(format!("{rule}: {text}\n  want {want:?}\n  got  {got:?}"));
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} passages");
    assert!(
        wrong.is_empty(),
        "{} passage(s) changed:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
