//! Replies in other languages: each paragraph is read with the rules of its language, the
//! agent can set the language, and packs say which language a rule reads.

use rapport::engine::AnalyzeContext;
use rapport::{Engine, EngineOptions};

fn engine() -> Engine {
    Engine::new(&EngineOptions::default()).unwrap()
}

fn rules_fired(engine: &Engine, text: &str, lang: Option<&str>) -> Vec<String> {
    let context = AnalyzeContext {
        lang: lang.map(str::to_string),
        ..Default::default()
    };
    engine
        .analyze(text, Some(&context))
        .findings
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

#[test]
fn a_spanish_reply_is_read_with_the_spanish_rules() {
    let e = engine();
    let text = "Hola Ana,\n\nComo ya le dije, el reembolso tarda cinco días y no podemos hacer nada más.\n\nSaludos";
    let report = e.analyze(text, None);
    let fired: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(fired.contains(&"es-como-ya-le-dije"), "{fired:?}");
    assert!(fired.iter().all(|r| r.starts_with("es-")), "{fired:?}");
    assert_eq!(report.lang, Some("es"));
    // the empathy moves and their sentences are English: none is suggested here
    assert!(report.moves.iter().all(|m| !m.needed && m.suggestion.is_none()));
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("\"lang\":\"es\""), "{json}");
}

#[test]
fn each_paragraph_in_its_own_language() {
    let e = engine();
    let text = "Lamentamos el retraso. Como ya le dije, el pedido salió el lunes y llegará pronto.\n\n\
                As I already said, the refund was sent on Monday and you will see it soon.";
    let fired = rules_fired(&e, text, None);
    assert!(fired.contains(&"es-como-ya-le-dije".to_string()), "{fired:?}");
    assert!(fired.contains(&"as-i-already-said".to_string()), "{fired:?}");
}

#[test]
fn english_replies_report_no_language_and_never_meet_spanish_rules() {
    let e = engine();
    let report = e.analyze("As I already said, the refund was sent on Monday.", None);
    assert_eq!(report.lang, None);
    assert!(report.findings.iter().all(|f| !f.rule.starts_with("es-")));
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("\"lang\""), "{json}");
}

#[test]
fn the_agent_can_set_the_language() {
    let e = engine();
    // one word: too little for the detector, which reads it as English
    assert!(rules_fired(&e, "Tranquilo.", None).is_empty());
    assert_eq!(rules_fired(&e, "Tranquilo.", Some("es")), ["es-calmese"]);
    // set to English, a Spanish paragraph meets no Spanish rule
    let spanish = "Como ya le dije, el reembolso tarda cinco días y no podemos hacer nada más.";
    assert!(rules_fired(&e, spanish, Some("en")).is_empty());
    assert!(!rules_fired(&e, spanish, Some("auto")).is_empty());
}

#[test]
fn a_context_names_only_known_languages() {
    let ok = AnalyzeContext::from_json(&serde_json::json!({"lang": "es"})).unwrap();
    assert_eq!(ok.lang.as_deref(), Some("es"));
    assert!(AnalyzeContext::from_json(&serde_json::json!({"lang": "auto"})).is_ok());
    let err = AnalyzeContext::from_json(&serde_json::json!({"lang": "xx"})).unwrap_err();
    assert!(err.contains("lang") && err.contains("es"), "{err}");
}

fn pack_with(rule: serde_json::Value) -> Result<rapport::Pack, Vec<rapport::catalog::LoadError>> {
    let pack = serde_json::json!({"schema": "rapport-pack/1", "name": "acme", "version": "1", "rules": [rule]});
    rapport::catalog::parse_pack(&pack.to_string(), "acme")
}

fn rule(lang: &str, pattern: &str) -> serde_json::Value {
    serde_json::json!({
        "id": "acme-ticket", "lang": lang, "category": "robotic", "severity": "low",
        "patterns": [pattern], "message": "Suena a formulario.", "explanation": "Suena a formulario.",
        "rewrites": [{"text": "he cerrado su caso", "strategy": "ownership"}],
        "examples": {"flag": ["Su caso ha sido cerrado."], "allow": ["He cerrado su caso."]}
    })
}

#[test]
fn a_pack_rule_reads_the_language_it_names() {
    let pack = pack_with(rule("es", "su caso ha sido cerrado")).unwrap();
    assert_eq!(pack.rules[0].lang.code(), "es");
    let e = Engine::with_packs(&EngineOptions::default(), vec![pack]).unwrap();
    assert_eq!(rules_fired(&e, "Su caso ha sido cerrado.", Some("es")), ["acme-ticket"]);
    assert!(rules_fired(&e, "Su caso ha sido cerrado.", Some("en")).is_empty());
    let errors = pack_with(rule("xx", "su caso ha sido cerrado")).unwrap_err();
    assert!(errors.iter().any(|e| e.field == "lang"), "{errors:?}");
    // word+ makes English inflections: a Spanish rule lists its forms
    let errors = pack_with(rule("es", "su caso ha sido cerrar+")).unwrap_err();
    assert!(errors.iter().any(|e| e.field == "patterns[0]"), "{errors:?}");
}
