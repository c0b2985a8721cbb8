//! Property tests: `analyze` on arbitrary Unicode never panics, and every offset a report
//! holds is in bounds, on a character boundary and consistent (spans sorted and disjoint,
//! `text` equal to its span, rewrites changing only their span, insertion points inside
//! the text). Byte <-> UTF-16 conversions round-trip.
//!
//! Deterministic: a fixed seed (override with PROPTEST_RNG_SEED to explore) and 256
//! cases (PROPTEST_CASES). A failure found here becomes a named test in edge_inputs.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{check_conversions, check_report, engine, AWKWARD, COLD_PHRASES};
use proptest::prelude::*;
use rapport::catalog::parse_pack;
use rapport::{AnalyzeContext, Engine, EngineOptions};
use std::sync::OnceLock;

#[path = "common/proptest_config.rs"]
mod proptest_config;

const SEED: u64 = 0x5241_5050_4f52_5421;

/// A pack exercising what the catalog uses least: deletion rewrites that capitalise the
/// next character, slots with filters, classes, anchors, clause ends, gaps and
/// exceptions.
const PACK: &str = r#"{
  "schema": "rapport-pack/1", "name": "prop-pack", "version": "1",
  "rules": [
    {"id": "frobnicate-filler", "category": "team", "severity": "low",
     "patterns": ["frobnicately [,]", "^ zut alors $"],
     "message": "m", "explanation": "e",
     "rewrites": [{"strategy": "simplify", "text": ""}],
     "examples": {"flag": ["Frobnicately, it works."], "allow": ["It works."]}},
    {"id": "gronk-slot", "category": "team", "severity": "medium",
     "patterns": ["you gronked {what:4}", "gronk *3 {thing:2} now"],
     "except": ["gronk it now"],
     "message": "m", "explanation": "e",
     "rewrites": [{"strategy": "solve", "scope": "sentence", "text": "{what|gerund} may help."},
                  {"strategy": "solve", "text": "{thing|lower}"}],
     "examples": {"flag": ["You gronked restarted the router."], "allow": ["Gronk."]}},
    {"id": "caps-number", "category": "shouting", "severity": "high",
     "patterns": ["<caps> <num> <caps>", "é+ (ü|ß) '"],
     "message": "m", "explanation": "e",
     "rewrites": [{"strategy": "clarify", "text": "ok"}],
     "examples": {"flag": ["ABC 12 DEF"], "allow": ["abc"]}}
  ]
}"#;

const PACK_PHRASES: &[&str] = &[
    "Frobnicately, ",
    "frobnicately ",
    "Zut alors",
    "you gronked restarted it",
    "You gronked ",
    "gronk the big red thing now",
    "ABC 12 DEF",
    "é ß '",
];

fn pack_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let pack = parse_pack(PACK, "prop").expect("test pack loads");
        Engine::with_packs(&EngineOptions::default(), vec![pack]).expect("engine builds")
    })
}

fn variant_case(s: &str, variant: u8) -> String {
    match variant {
        0 => s.to_string(),
        1 => s.to_uppercase(),
        2 => s.to_lowercase(),
        _ => s.replace('\'', "’"),
    }
}

/// Random text from fragments: any characters, cold phrases in varied case, awkward
/// pieces (emoji, combining marks, RTL, NUL, U+FFFD, quotes, history, signatures) and
/// plain ASCII words.
fn text_from(phrases: &'static [&'static str]) -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        3 => proptest::collection::vec(any::<char>(), 0..12).prop_map(|v| v.into_iter().collect::<String>()),
        4 => (proptest::sample::select(phrases), 0u8..4).prop_map(|(p, v)| variant_case(p, v)),
        4 => proptest::sample::select(AWKWARD).prop_map(str::to_string),
        3 => "[a-zA-Z' ,.!?]{0,16}",
    ];
    proptest::collection::vec(fragment, 0..32).prop_map(|parts| parts.concat())
}

fn cold_text() -> impl Strategy<Value = String> {
    text_from(COLD_PHRASES)
}

/// Arbitrary Unicode strings with no structure at all.
fn any_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..200).prop_map(|v| v.into_iter().collect())
}

/// UTF-16 from JavaScript may hold lone surrogates; the boundary converts them to
/// U+FFFD, which is what reaches the engine.
fn js_text() -> impl Strategy<Value = String> {
    let unit = prop_oneof![
        3 => any::<u16>(),
        1 => 0xD800u16..0xE000,
        2 => proptest::sample::select(&[0x0041u16, 0x0020, 0x000A, 0x0022, 0x003E][..]),
    ];
    (proptest::collection::vec(unit, 0..120), cold_text()).prop_map(|(units, cold)| {
        let mut s = String::from_utf16_lossy(&units);
        s.push_str(&cold);
        s
    })
}

fn check_everything(engine: &Engine, text: &str) {
    let report = engine.analyze(text, None);
    check_report(text, &report);
    serde_json::to_string(&report).expect("report serialises");
    let context = AnalyzeContext {
        customer_message: Some(text.to_string()),
        agent_name: Some("\u{202E}Sam\0".into()),
        channel: Some(String::new()),
        lang: None,
    };
    let with_context = engine.analyze(text, Some(&context));
    check_report(text, &with_context);
    assert_eq!(
        engine.analyze(text, Some(&context)),
        with_context,
        "analysis is deterministic"
    );
    // The agent applies a rewrite and keeps typing: the new text must analyse as well.
    for f in &report.findings {
        for r in &f.rewrites {
            let rewritten = rapport::apply_rewrite(text, r);
            check_report(&rewritten, &engine.analyze(&rewritten, None));
        }
    }
}

proptest! {
    #![proptest_config(proptest_config::config(256, SEED))]

    #[test]
    fn analyze_keeps_span_invariants_on_cold_text(text in cold_text()) {
        check_everything(engine(), &text);
    }

    #[test]
    fn analyze_keeps_span_invariants_on_arbitrary_unicode(text in any_text()) {
        check_everything(engine(), &text);
    }

    #[test]
    fn analyze_keeps_span_invariants_on_js_strings(text in js_text()) {
        check_everything(engine(), &text);
    }

    #[test]
    fn pack_rules_keep_span_invariants(text in text_from(PACK_PHRASES), cold in cold_text()) {
        check_everything(pack_engine(), &format!("{text}{cold}{text}"));
    }

    #[test]
    fn conversions_round_trip(text in prop_oneof![cold_text(), any_text(), js_text()]) {
        check_conversions(&text);
    }

    #[test]
    fn cold_phrase_in_random_surroundings_keeps_its_span(
        before in proptest::collection::vec(proptest::sample::select(AWKWARD), 0..6),
        after in proptest::collection::vec(proptest::sample::select(AWKWARD), 0..6),
    ) {
        // A cold phrase on a line of its own is found at its exact UTF-16 position,
        // unless a signature or history marker before it excludes the rest of the text.
        let before = before.concat();
        let after = after.concat();
        let text = format!("{before}\n\nPlease calm down.\n\n{after}");
        let report = engine().analyze(&text, None);
        check_report(&text, &report);
        let start = text.find("calm down").unwrap();
        let excluded = rapport::context::excluded_regions(&text).iter().any(|&(a, b)| a <= start && start < b);
        if !excluded {
            let f = report.findings.iter().find(|f| f.rule == "calm-down");
            let f = f.unwrap_or_else(|| panic!("calm-down not found in {text:?}"));
            prop_assert_eq!(f.start, text[..start].encode_utf16().count());
            prop_assert_eq!(&f.text, "calm down");
        }
    }
}
