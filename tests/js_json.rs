//! The wasm boundary writes its results as JSON text by hand (`rapport::js_json`); the
//! command line writes them with serde_json from the derives. The two must give the same
//! text for every result the boundary returns: reports (with and without a customer's
//! message, in every language), rules, moves, a pack's checked examples and audits.

use rapport::catalog::parse_pack;
use rapport::js_json::{to_json, Audit, Checked};
use rapport::{AnalyzeContext, Engine, EngineOptions};

fn data(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Each line's string field `field` (JSON lines).
fn lines(path: &str, field: &str) -> Vec<String> {
    data(path)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            serde_json::from_str::<serde_json::Value>(l).ok()?[field]
                .as_str()
                .map(String::from)
        })
        .collect()
}

fn same<T: serde::Serialize + rapport::js_json::Json + ?Sized>(value: &T) {
    let theirs = serde_json::to_string(value).unwrap();
    assert_eq!(to_json(value), theirs);
}

#[test]
fn reports_are_written_as_serde_json_writes_them() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let mut replies = Vec::new();
    for bank in [
        "phrasebank",
        "phrasebank-es",
        "phrasebank-de",
        "phrasebank-fr",
        "phrasebank-pt",
    ] {
        replies.extend(lines(&format!("tests/data/{bank}/work.jsonl"), "text"));
    }
    replies.extend(lines("tests/data/replies/replies.jsonl", "reply"));
    for rule in engine.rules() {
        replies.extend(rule.examples.flag.iter().cloned());
    }
    // escapes: quotes, backslashes, control characters, characters outside the BMP
    replies.push("Calm down.\t\"Per our policy\" \\ no.\u{1}\u{8}\u{c}\r\n\u{7f} 😀 \u{2028}".into());
    replies.push(String::new());
    let mut customers = lines("tests/data/customerbank/work.jsonl", "text");
    customers.extend(lines("tests/data/replies/replies.jsonl", "customer"));
    let mut findings = 0;
    for (i, reply) in replies.iter().enumerate() {
        same(&engine.analyze(reply, None));
        let context = AnalyzeContext {
            customer_message: Some(customers[i % customers.len()].clone()),
            agent_name: Some("Alex".into()),
            channel: None,
            lang: None,
        };
        let report = engine.analyze(reply, Some(&context));
        findings += report.findings.len();
        same(&report);
    }
    assert!(findings > 1000, "{findings} findings");
}

#[test]
fn rules_moves_checked_packs_and_audits_are_written_as_serde_json_writes_them() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    same(engine.rules());
    same(engine.moves());
    // a pack whose flag example does not fire and whose allow example does
    let failing = r#"{"schema": "rapport-pack/1", "name": "failing", "version": "1", "rules": [{"id": "failing",
        "category": "team", "severity": "low", "patterns": ["calm down"], "message": "Written for this test.",
        "explanation": "Written for this test.", "rewrites": [{"strategy": "simplify", "text": ""}],
        "examples": {"flag": ["Please relax."], "allow": ["Calm down, we'll fix it."]}}]}"#;
    for (name, text) in [
        ("acme-support", data("www/packs/examples/acme-support.json")),
        ("billing-team", data("www/packs/examples/billing-team.json")),
        ("failing", failing.to_string()),
    ] {
        let pack = parse_pack(&text, name).unwrap();
        let ids: Vec<String> = pack.rules.iter().map(|r| r.id.clone()).collect();
        let engine = Engine::with_packs(&EngineOptions::default(), vec![pack]).unwrap();
        same(engine.rules());
        let examples = rapport::examples::run_examples(&engine, ids.iter().map(String::as_str));
        same(&Checked {
            errors: vec!["one \"error\"".into()],
            problems: examples.iter().flat_map(|o| o.problems.iter().cloned()).collect(),
            examples,
            broad: rapport::examples::broad_rules(&engine, ids.iter().map(String::as_str)),
        });
    }
    for file in ["zendesk_macros.json", "freshdesk_canned.csv", "plain_macros.csv"] {
        let export = rapport::audit::parse(&data(&format!("tests/data/{file}"))).unwrap();
        same(&Audit {
            format: export.format,
            macros: rapport::audit::audit(&engine, &export),
        });
    }
}
