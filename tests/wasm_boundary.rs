//! The wasm boundary in headless Chromium (wasm-bindgen-test): the engine through its
//! JavaScript API.
#![cfg(target_arch = "wasm32")]

use rapport::wasm::{add_catalog, analysis_end, catalog_parts, check_pack, WasmEngine};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The English part of the catalog given to the instance, as the host gives it before the
/// first engine (the wasm carries no catalog); giving the same array again changes nothing.
fn english() {
    thread_local! {
        static ENGLISH: js_sys::Uint8Array =
            js_sys::Uint8Array::from(&include_bytes!(concat!(env!("OUT_DIR"), "/catalog-en.bin"))[..]);
    }
    ENGLISH.with(|bytes| add_catalog(bytes.clone()));
}

/// A pack of one rule written for these tests, as a manager's pack file holds it.
fn one_rule_pack(id: &str, pattern: &str, flag: &str, allow: &str) -> String {
    format!(
        r#"{{"schema": "rapport-pack/1", "name": "{id}", "version": "1", "rules": [{{"id": "{id}",
        "category": "team", "severity": "low", "patterns": ["{pattern}"], "message": "Written for this test.",
        "explanation": "Written for this test.", "rewrites": [{{"strategy": "simplify", "text": ""}}],
        "examples": {{"flag": ["{flag}"], "allow": ["{allow}"]}}}}]}}"#
    )
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn analyze_returns_plain_objects_with_utf16_spans() {
    english();
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let text = "😀 Did you plug it in?";
    let report = engine.analyze(text, JsValue::UNDEFINED).unwrap();
    let findings: js_sys::Array = get(&report, "findings").dyn_into().unwrap();
    assert_eq!(findings.length(), 1);
    let f = findings.get(0);
    assert_eq!(get(&f, "rule").as_string().unwrap(), "did-you-plug-it-in");
    assert_eq!(
        get(&f, "start").as_f64().unwrap(),
        3.0,
        "the emoji is two UTF-16 units plus a space"
    );
    assert!(
        f.is_object() && !js_sys::Reflect::has(&f, &"free".into()).unwrap(),
        "a plain object, no .free()"
    );
    let rules: js_sys::Array = engine.rules().unwrap().dyn_into().unwrap();
    assert!(rules.length() >= 2);
}

#[wasm_bindgen_test]
fn bad_input_becomes_an_error_with_a_message() {
    english();
    let options = js_sys::JSON::parse(r#"{"disabledRules": 3}"#).unwrap();
    let err = WasmEngine::new(options, None).err().expect("rejected");
    let err: JsValue = err.into();
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.contains("invalid engine options"), "{message}");
    let err: JsValue = WasmEngine::new(JsValue::UNDEFINED, Some(vec!["{\"schema\": 1}".into()]))
        .err()
        .unwrap()
        .into();
    assert!(get(&err, "message").as_string().unwrap().contains("pack #1"));
}

#[wasm_bindgen_test]
fn options_turn_rules_off() {
    english();
    let options = js_sys::JSON::parse(r#"{"disabledRules": ["did-you-plug-it-in"]}"#).unwrap();
    let engine = WasmEngine::new(options, None).unwrap();
    let report = engine.analyze("Did you plug it in?", JsValue::UNDEFINED).unwrap();
    let findings: js_sys::Array = get(&report, "findings").dyn_into().unwrap();
    assert_eq!(findings.length(), 0);
}

#[wasm_bindgen_test]
fn the_analysis_end_is_in_utf16_units() {
    english();
    assert_eq!(analysis_end("😀 Thanks!\n-- \nAcme"), 11, "the emoji is two units");
    assert_eq!(analysis_end("Thanks!"), 7);
}

#[wasm_bindgen_test]
fn a_broad_pack_rule_is_named_by_check_pack_and_by_its_engine() {
    english();
    let pack = one_rule_pack(
        "every-word",
        "(the|you|to|and|a|i|we|it|is)",
        "Parcel the box",
        "Hello.",
    );
    let pack = pack.as_str();
    let checked = check_pack(pack).unwrap();
    let broad: js_sys::Array = get(&checked, "broad").dyn_into().unwrap();
    assert_eq!(broad.length(), 1);
    let problem = broad.get(0).as_string().unwrap();
    assert!(
        problem.starts_with("rule 'every-word': flags an ordinary reply"),
        "{problem}"
    );
    let engine = WasmEngine::new(JsValue::UNDEFINED, Some(vec![pack.into()])).unwrap();
    assert_eq!(engine.broad_rules(), vec![problem]);
    assert!(WasmEngine::new(JsValue::UNDEFINED, None)
        .unwrap()
        .broad_rules()
        .is_empty());
}

/// The wasm carries no word classes: a pack's pattern that names one finds it in the
/// English part of the catalog.
#[wasm_bindgen_test]
fn a_pack_pattern_names_a_word_class_the_english_part_carries() {
    english();
    let pack = one_rule_pack(
        "zebra-day",
        "zebra <weekday>",
        "The zebra Monday sale.",
        "The zebra sale.",
    );
    let engine = WasmEngine::new(JsValue::UNDEFINED, Some(vec![pack])).unwrap();
    let report = engine
        .analyze("Our zebra Friday sale starts soon.", JsValue::UNDEFINED)
        .unwrap();
    let findings: js_sys::Array = get(&report, "findings").dyn_into().unwrap();
    let rules: Vec<String> = findings.iter().map(|f| get(&f, "rule").as_string().unwrap()).collect();
    assert!(rules.contains(&"zebra-day".to_string()), "{rules:?}");
}

#[cfg(feature = "macro-audit")]
#[wasm_bindgen_test]
fn audit_exports_through_the_engine() {
    english();
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let csv = "Title,Content\nPlug,\"Did you plug it in?\"\n";
    let audit = engine.audit_export(csv).unwrap();
    assert_eq!(get(&audit, "format").as_string().unwrap(), "csv");
    let macros: js_sys::Array = get(&audit, "macros").dyn_into().unwrap();
    let suggested = get(&macros.get(0), "suggested").as_string().unwrap();
    assert!(!suggested.contains("Did you plug it in"), "{suggested}");
    let fixed = engine.write_fixed_export(csv, vec![suggested.clone()]).unwrap();
    assert!(fixed.contains(&suggested[..20]), "{fixed}");
    let err: JsValue = engine.audit_export("Title,Content\nA,\"open\n").err().unwrap().into();
    assert!(get(&err, "message").as_string().unwrap().contains("row 2, column 2"));
}

/// The wasm carries no catalog: with the English part alone, a reply in Spanish is reported
/// with the part it needs named, and with the Spanish part given, flagged by its rules.
#[wasm_bindgen_test]
fn a_language_part_is_named_until_it_is_given() {
    english();
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let spanish = "Cálmese, por favor, así puedo ayudarle.";
    let report = engine.analyze(spanish, JsValue::UNDEFINED).unwrap();
    let needs: js_sys::Array = get(&report, "needs").dyn_into().unwrap();
    assert_eq!(needs.get(0).as_string().unwrap(), "es");
    assert_eq!(catalog_parts(), vec!["en", "de", "es", "fr", "pt"]);
    add_catalog(js_sys::Uint8Array::from(
        &include_bytes!(concat!(env!("OUT_DIR"), "/catalog-es.bin"))[..],
    ));
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let report = engine.analyze(spanish, JsValue::UNDEFINED).unwrap();
    assert!(get(&report, "needs").is_undefined());
    let findings: js_sys::Array = get(&report, "findings").dyn_into().unwrap();
    assert!(get(&findings.get(0), "rule").as_string().unwrap().starts_with("es-"));
}

fn rules_of(report: &JsValue) -> Vec<String> {
    let findings: js_sys::Array = get(report, "findings").dyn_into().unwrap();
    findings.iter().map(|f| get(&f, "rule").as_string().unwrap()).collect()
}

/// The engine's word lists travel in the English part, not in the wasm: read from there, a
/// filler inside a rule's phrase is stepped over ("are you actually kidding me").
#[wasm_bindgen_test]
fn the_engines_word_lists_arrive_with_the_english_part() {
    english();
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let report = engine
        .analyze(
            "Are you actually kidding me? £45 to change a name on a ticket?",
            JsValue::UNDEFINED,
        )
        .unwrap();
    assert!(
        rules_of(&report).contains(&"you-must-be-kidding".to_string()),
        "{:?}",
        rules_of(&report)
    );
}

/// The wasm's stack is small (.cargo/config.toml): the deepest pattern a pack may hold, its
/// 500 characters all nesting, is parsed, checked and compiled within it, and matches.
#[wasm_bindgen_test]
fn the_deepest_pattern_a_pack_may_hold_fits_the_stack() {
    english();
    let depth = 246;
    let pattern = format!("{}zorpfee{}", "(".repeat(depth), ")".repeat(depth));
    assert!((490..=500).contains(&pattern.len()), "{}", pattern.len());
    let pack = one_rule_pack("deep-zorpfee", &pattern, "The zorpfee applies.", "Hello.");
    let checked = check_pack(&pack).unwrap();
    let errors: js_sys::Array = get(&checked, "errors").dyn_into().unwrap();
    assert_eq!(errors.length(), 0, "{:?}", errors.get(0).as_string());
    let engine = WasmEngine::new(JsValue::UNDEFINED, Some(vec![pack])).unwrap();
    let report = engine.analyze("The zorpfee applies.", JsValue::UNDEFINED).unwrap();
    assert_eq!(rules_of(&report), vec!["deep-zorpfee".to_string()]);
}
