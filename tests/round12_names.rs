//! The probes of round 12 (tests/data/probes/round12-names.jsonl, written for the purpose):
//! cold passages with a name, a greeting or a clause opener between the reply's start and
//! its cold frame, each with the rule that must flag it, and warm passages with names and
//! openers that must stay clean.

use rapport::{Engine, EngineOptions};

#[test]
fn names_and_openers_in_the_way_neither_hide_a_cold_frame_nor_make_one() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/probes/round12-names.jsonl");
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let mut problems = Vec::new();
    let (mut cold, mut warm) = (0, 0);
    for line in std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let probe: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = probe["text"].as_str().unwrap();
        let report = engine.analyze(text, None);
        let fired: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
        match probe["kind"].as_str() {
            Some("cold") => {
                cold += 1;
                let rule = probe["rule"].as_str().expect("a cold probe names its rule");
                let finding = report.findings.iter().find(|f| f.rule == rule);
                match finding {
                    None => problems.push(format!("{text}: {rule} does not fire (fired: {fired:?})")),
                    Some(f) if f.rewrites.is_empty() => problems.push(format!("{text}: {rule} offers no rewrite")),
                    Some(_) => {}
                }
            }
            _ => {
                warm += 1;
                if !fired.is_empty() {
                    problems.push(format!("{text}: warm, but fires {fired:?}"));
                }
            }
        }
    }
    assert_eq!(
        (cold, warm),
        (40, 40),
        "the probe file holds 40 cold and 40 warm passages"
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
