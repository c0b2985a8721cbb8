//! Top rewrites on realistic passages written for the purpose by the helpers who read
//! rules no blind review had read (tests/data/top-rewrites/*.jsonl: the rule, the passage
//! and the whole text after its top rewrite, or null where the rule must offer none). Each
//! line was judged by hand as the review guide says; a change to a rule or to the rewrite
//! mechanics that alters one must be judged again.

use rapport::{Engine, EngineOptions};

#[test]
fn judged_top_rewrites_are_reproduced_exactly() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/top-rewrites");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("jsonl") {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if line.trim().is_empty() {
                continue;
            }
            let case: serde_json::Value = serde_json::from_str(line).unwrap();
            let (rule, text) = (case["rule"].as_str().unwrap(), case["text"].as_str().unwrap());
            let want = case["top"].as_str();
            let report = engine.analyze(text, None);
            let finding = report.findings.iter().find(|f| f.rule == rule);
            if finding.is_none() {
                wrong.push(format!("{rule}: not flagged in {text}"));
                continue;
            }
            let got = finding
                .and_then(|f| f.rewrites.first())
                .map(|top| rapport::apply_rewrite(text, top));
            if got.as_deref() != want {
                wrong.push(format!(
                    "{rule}: {text}\n  want {}\n  got  {}",
                    want.unwrap_or("(no rewrite)"),
                    got.as_deref().unwrap_or("(no rewrite)")
                ));
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} judged passages");
    assert!(wrong.is_empty(), "{} changed:\n{}", wrong.len(), wrong.join("\n"));
}
