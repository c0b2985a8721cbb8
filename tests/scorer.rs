//! The learned second opinion: its model file, and the findings it adds to a report.

use rapport::engine::SECOND_OPINION;
use rapport::scorer::{each_feature, to_bytes, Scorer};
use rapport::{Engine, EngineOptions, Severity};

const BITS: u8 = 16;

/// A model that reads exactly the n-grams of `cold` as cold: every other sentence scores
/// the bias alone.
fn model_for(cold: &[&str]) -> Scorer {
    let mut weights = vec![0i8; 1 << BITS];
    each_feature(cold, |h| weights[(h & ((1 << BITS) - 1)) as usize] = 127);
    // bias -4 alone reads warm; each of the n-grams adds 12.7; the threshold is a logit
    let bytes = to_bytes(BITS, 0.1, -4.0, 2.0, &weights);
    Scorer::from_bytes(Box::leak(bytes.into_boxed_slice())).expect("model reads back")
}

fn engine_with(scorer: Scorer, options: &EngineOptions) -> Engine {
    let mut engine = Engine::new(options).expect("catalog loads");
    engine.set_second_opinion(scorer, options);
    engine
}

const COLD: &[&str] = &["this", "was", "rubbish", "service", "frankly"];
const DRAFT: &str = "Hi Ana,\n\nThis was rubbish service frankly. Your refund of $40 went out on 3 May.\n\nBest,\nLee";

#[test]
fn a_malformed_model_is_refused() {
    let good = to_bytes(BITS, 0.1, 0.0, 0.5, &vec![0; 1 << BITS]);
    assert!(Scorer::from_bytes(Box::leak(good.clone().into_boxed_slice())).is_some());
    let short = &good[..good.len() - 1];
    assert!(Scorer::from_bytes(Box::leak(short.to_vec().into_boxed_slice())).is_none());
    let mut wrong_magic = good.clone();
    wrong_magic[0] = b'X';
    assert!(Scorer::from_bytes(Box::leak(wrong_magic.into_boxed_slice())).is_none());
}

#[test]
fn the_model_scores_what_it_learned_above_its_threshold_and_the_rest_below() {
    let scorer = model_for(COLD);
    assert!(scorer.reads_cold(COLD));
    assert!(!scorer.reads_cold(&["your", "refund", "went", "out", "today"]));
}

#[test]
fn a_cold_sentence_no_rule_names_gets_a_low_finding_without_a_rewrite() {
    let engine = engine_with(model_for(COLD), &EngineOptions::default());
    let report = engine.analyze(DRAFT, None);
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == SECOND_OPINION)
        .unwrap_or_else(|| panic!("no second opinion in {:?}", report.findings));
    assert_eq!(finding.text, "This was rubbish service frankly.");
    assert_eq!(finding.severity, Severity::Low);
    assert!(finding.rewrites.is_empty());
    assert_eq!(report.findings.iter().filter(|f| f.rule == SECOND_OPINION).count(), 1);
    assert!(
        report
            .score
            .breakdown
            .iter()
            .any(|p| p.reason.contains("rubbish service") && p.points < 0),
        "{:?}",
        report.score.breakdown
    );
}

#[test]
fn the_second_opinion_stays_off_text_a_rule_flagged_quoted_text_and_short_lines() {
    // "calm down" is the rules' own: the sentence keeps the rule's finding only
    let words = ["please", "calm", "down", "and", "wait"];
    let engine = engine_with(model_for(&words), &EngineOptions::default());
    let report = engine.analyze("Please calm down and wait.", None);
    assert!(!report.findings.is_empty(), "the rule should flag it");
    assert!(
        report.findings.iter().all(|f| f.rule != SECOND_OPINION),
        "{:?}",
        report.findings
    );

    let engine = engine_with(model_for(COLD), &EngineOptions::default());
    let quoted = "Thanks for your note.\n\n> This was rubbish service frankly.";
    assert!(engine
        .analyze(quoted, None)
        .findings
        .iter()
        .all(|f| f.rule != SECOND_OPINION));

    let engine = engine_with(model_for(&["rubbish", "service"]), &EngineOptions::default());
    assert!(engine.analyze("Rubbish service.", None).findings.is_empty());
}

#[test]
fn the_second_opinions_findings_interleave_with_the_rules_in_order_with_utf16_spans() {
    // characters outside the basic plane before each sentence move the UTF-16 offsets away
    // from the characters' count; rule findings sit between the model's
    let unit = "😀 This was rubbish service frankly. Please calm down and wait. Ça va 🎉 très bien. ";
    let draft = unit.repeat(40);
    let engine = engine_with(model_for(COLD), &EngineOptions::default());
    let report = engine.analyze(&draft, None);
    let utf16: Vec<u16> = draft.encode_utf16().collect();
    let model = report.findings.iter().filter(|f| f.rule == SECOND_OPINION).count();
    assert_eq!(model, 40, "{:?}", report.findings);
    assert!(report.findings.len() > model, "the rules' findings are there too");
    for finding in &report.findings {
        let spanned = String::from_utf16(&utf16[finding.start..finding.end]).unwrap();
        assert_eq!(spanned, finding.text, "{finding:?}");
    }
    assert!(
        report.findings.windows(2).all(|w| w[0].start <= w[1].start),
        "findings in order"
    );
}

#[test]
fn options_turn_the_second_opinion_off_or_change_its_severity() {
    let off: EngineOptions = serde_json::from_value(serde_json::json!({"disabledRules": [SECOND_OPINION]})).unwrap();
    let report = engine_with(model_for(COLD), &off).analyze(DRAFT, None);
    assert!(report.findings.iter().all(|f| f.rule != SECOND_OPINION));

    let medium: EngineOptions =
        serde_json::from_value(serde_json::json!({"severityOverrides": {SECOND_OPINION: "medium"}})).unwrap();
    let report = engine_with(model_for(COLD), &medium).analyze(DRAFT, None);
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == SECOND_OPINION)
        .expect("still flagged");
    assert_eq!(finding.severity, Severity::Medium);
}

#[test]
fn a_paragraph_in_another_language_is_not_read_by_the_english_model() {
    let spanish = ["esto", "fue", "un", "servicio", "malo"];
    let engine = engine_with(model_for(&spanish), &EngineOptions::default());
    let text = "Hola Ana,\n\nEsto fue un servicio malo. El reembolso de 40 euros salió el 3 de mayo y llegará pronto a su cuenta.";
    let context = rapport::AnalyzeContext {
        lang: Some("es".into()),
        ..Default::default()
    };
    let report = engine.analyze(text, Some(&context));
    assert!(
        report.findings.iter().all(|f| f.rule != SECOND_OPINION),
        "{:?}",
        report.findings
    );
    // the same words in an English reply are read
    let english = "Hi Ana,\n\nEsto fue un servicio malo. Your refund of $40 went out on 3 May and should reach your account soon.";
    let context = rapport::AnalyzeContext {
        lang: Some("en".into()),
        ..Default::default()
    };
    assert!(engine
        .analyze(english, Some(&context))
        .findings
        .iter()
        .any(|f| f.rule == SECOND_OPINION));
}

#[test]
fn the_built_in_catalog_carries_the_trained_model() {
    let file = include_bytes!("../src/data/model/cold-sentence.bin");
    let scorer = Scorer::from_bytes(file).expect("src/data/model/cold-sentence.bin is a model file");
    // the engine built from the compiled catalog reads with it: a draft holding a sentence
    // the model reads as cold and no rule names gets its finding, and turned off, none
    let engine = Engine::new(&EngineOptions::default()).expect("catalog loads");
    let off: EngineOptions = serde_json::from_value(serde_json::json!({"disabledRules": [SECOND_OPINION]})).unwrap();
    let without = Engine::new(&off).expect("catalog loads");
    let probes = [
        "Honestly that is just how it goes with couriers these days and nobody here can change it.",
        "You will have to take that up with whoever sold it to you because it has nothing to do with us.",
        "We have nothing more to add on the matter and consider it closed.",
        "Whatever you think happened, the system shows the parcel was delivered.",
    ];
    let mut read = 0;
    for probe in probes {
        let words: Vec<&str> = probe
            .trim_end_matches('.')
            .split(' ')
            .map(|w| w.trim_end_matches(','))
            .collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        let rules_alone = without.analyze(probe, None).findings.is_empty();
        if rules_alone && scorer.reads_cold(&lower) {
            read += 1;
            assert!(engine
                .analyze(probe, None)
                .findings
                .iter()
                .any(|f| f.rule == SECOND_OPINION));
        }
    }
    assert!(
        read > 0,
        "none of the probes is read as cold by the model alone: pick others"
    );
}
