//! A one-rule team pack for tests that need a rule of their own.

use rapport::catalog::read_pack;
use rapport::{Engine, EngineOptions};

/// An engine with the built-in catalog and one team rule made for a test: a made-up word
/// in `pattern` keeps the catalog's own rules out of the way.
pub fn engine_with_rule(id: &str, pattern: &str, flag: &str, allow: &str) -> Engine {
    let rewrites =
        serde_json::json!([{"strategy": "solve", "scope": "sentence", "text": "Here is what happens next."}]);
    engine_with_rule_rewriting(id, pattern, flag, allow, rewrites)
}

/// The same, with the rule's own rewrites (a JSON list, as a pack writes them).
#[allow(dead_code)] // not every test file that includes this module rewrites
pub fn engine_with_rule_rewriting(
    id: &str,
    pattern: &str,
    flag: &str,
    allow: &str,
    rewrites: serde_json::Value,
) -> Engine {
    let pack = serde_json::json!({
        "schema": "rapport-pack/1", "name": "test", "version": "1.0.0",
        "rules": [{
            "id": id, "category": "team", "severity": "low",
            "patterns": [pattern],
            "message": "Test rule made for one test.",
            "explanation": "A made-up phrase, so the test does not depend on catalog wording.",
            "rewrites": rewrites,
            "examples": {"flag": [flag], "allow": [allow]}
        }]
    });
    let pack = read_pack(&pack, "test").unwrap_or_else(|e| panic!("{e:?}"));
    Engine::with_packs(&EngineOptions::default(), vec![pack]).expect("engine builds")
}
