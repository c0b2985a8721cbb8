//! Top rewrites on passages written for this test (tests/data/rewrites/passages.jsonl):
//! for each rule whose top rewrite a blind review judged harmful, its review passage and
//! sibling passages that put the cold words at the start of a reply, after "and", "so" or
//! "but", after the name addressed and before ", so <decision>", with numbers, dates and
//! names to keep. Each line names the rule and the whole text after its top rewrite is
//! applied, or `null` where the rule must offer no rewrite: a change that alters one of
//! them fails here and has to be read again.

use rapport::{Engine, EngineOptions};

struct Passage {
    rule: String,
    text: String,
    top: Option<String>,
}

fn passages() -> Vec<Passage> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rewrites/passages.jsonl");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            Passage {
                rule: v["rule"].as_str().unwrap().to_string(),
                text: v["text"].as_str().unwrap().to_string(),
                top: v["top"].as_str().map(str::to_string),
            }
        })
        .collect()
}

#[test]
fn top_rewrites_on_written_passages_read_as_approved() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let all = passages();
    assert!(all.len() >= 40, "only {} passages", all.len());
    let mut wrong = Vec::new();
    for p in &all {
        let report = engine.analyze(&p.text, None);
        let Some(finding) = report.findings.iter().find(|f| f.rule == p.rule) else {
            wrong.push(format!("{}: not flagged in {}", p.rule, p.text));
            continue;
        };
        let got = finding.rewrites.first().map(|r| rapport::apply_rewrite(&p.text, r));
        if got != p.top {
            wrong.push(format!("{}: {}\n  want {:?}\n  got  {:?}", p.rule, p.text, p.top, got));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} passages changed:\n{}",
        wrong.len(),
        all.len(),
        wrong.join("\n")
    );
}
