//! Engine behaviour: context exclusion, negation, offsets, overlaps, rewrites, options
//! and packs. Uses a pack defined here, so these tests do not depend on catalog wording.

use rapport::catalog::{parse_pack, Severity};
use rapport::{apply_rewrite, AnalyzeContext, Engine, EngineOptions};

#[path = "common/one_rule.rs"]
mod one_rule;

const PACK: &str = r#"{
  "schema": "rapport-pack/1", "name": "test-pack", "version": "1.0.0",
  "rules": [
    {
      "id": "zorp-the-widget", "category": "team", "severity": "medium",
      "patterns": ["zorp+ the (widget|gadget)", "zorp+ it"],
      "message": "Test rule: zorping reads cold to customers.",
      "explanation": "A made-up phrase for tests, so that engine tests never depend on catalog wording.",
      "rewrites": [{"strategy": "cooperate", "text": "let's fix the widget"}, {"strategy": "solve", "scope": "sentence", "text": "Here is the fix."}],
      "examples": {"flag": ["Zorp the widget."], "allow": ["The widget is fine."]}
    },
    {
      "id": "zorp-the-widget-now", "category": "team", "severity": "high",
      "patterns": ["zorp the widget now"],
      "message": "Test rule: a longer overlapping phrase.",
      "explanation": "Overlaps the shorter rule, to check that the longest match wins.",
      "rewrites": [{"strategy": "solve", "text": "fix it"}],
      "examples": {"flag": ["Zorp the widget now."], "allow": ["Now the widget works."]}
    },
    {
      "id": "frobnicate-filler", "category": "team", "severity": "low",
      "patterns": ["frobnicately [,]"],
      "message": "Test rule: a filler word deleted by its rewrite.",
      "explanation": "Checks that an empty rewrite deletes the word, the space after it, and fixes the case.",
      "rewrites": [{"strategy": "simplify", "text": ""}],
      "examples": {"flag": ["Frobnicately, it works."], "allow": ["It works."]}
    },
    {
      "id": "gronk-slot", "category": "team", "severity": "low",
      "patterns": ["you gronked {what:4}"],
      "message": "Test rule: a slot filled into a rewrite with the gerund filter.",
      "explanation": "Checks slot capture, the gerund filter and sentence-start capitalisation.",
      "rewrites": [{"strategy": "solve", "scope": "sentence", "text": "{what|gerund} may help."}],
      "examples": {"flag": ["You gronked restarted the router."], "allow": ["Gronk."]}
    }
  ]
}"#;

fn engine() -> Engine {
    engine_with(PACK)
}

/// An engine with the built-in catalog and the test pack `json`.
fn engine_with(json: &str) -> Engine {
    let pack = parse_pack(json, "test").expect("test pack loads");
    Engine::with_packs(&EngineOptions::default(), vec![pack]).expect("engine builds")
}

/// The rules that fire: the learned second opinion, which reads what no rule flagged, has
/// tests of its own (tests/scorer.rs).
fn rules_fired(engine: &Engine, text: &str) -> Vec<String> {
    engine
        .analyze(text, None)
        .findings
        .into_iter()
        .map(|f| f.rule)
        .filter(|rule| rule != rapport::engine::SECOND_OPINION)
        .collect()
}

#[test]
fn matches_case_and_inflection_insensitively() {
    let e = engine();
    assert_eq!(rules_fired(&e, "ZORP the GADGET please"), ["zorp-the-widget"]);
    assert_eq!(rules_fired(&e, "I zorped it yesterday"), ["zorp-the-widget"]);
    assert!(
        rules_fired(&e, "I zorp, the widget").is_empty(),
        "punctuation breaks a phrase"
    );
}

#[test]
fn nothing_is_flagged_in_quotes_history_or_signature() {
    let e = engine();
    assert!(rules_fired(&e, "You wrote \"zorp the widget\" earlier.").is_empty());
    assert!(rules_fired(&e, "You wrote “zorp the widget” earlier.").is_empty());
    assert!(rules_fired(&e, "Thanks!\n> zorp the widget\n").is_empty());
    assert!(rules_fired(
        &e,
        "Thanks!\n\nOn Mon, 3 Jun 2024, Sam <sam@example.com> wrote:\nzorp the widget"
    )
    .is_empty());
    assert!(rules_fired(&e, "Thanks!\n-- \nAcme: zorp the widget").is_empty());
    assert_eq!(rules_fired(&e, "Zorp the widget.\n-- \nAcme"), ["zorp-the-widget"]);
}

#[test]
fn negation_shortly_before_flips_the_meaning() {
    let e = engine();
    assert!(rules_fired(&e, "I would never say zorp the widget.").is_empty());
    assert!(rules_fired(&e, "I'm not going to zorp it.").is_empty());
    assert_eq!(rules_fired(&e, "Not today, but zorp the widget."), ["zorp-the-widget"]);
}

#[test]
fn the_longest_overlapping_match_wins() {
    let e = engine();
    assert_eq!(rules_fired(&e, "Zorp the widget now."), ["zorp-the-widget-now"]);
}

#[test]
fn spans_are_utf16_code_units() {
    let e = engine();
    for prefix in ["😀😀 ", "你好。", "Cafe\u{301} ", "👩‍👩‍👧 ", ""] {
        let text = format!("{prefix}zorp the widget");
        let report = e.analyze(&text, None);
        let f = &report.findings[0];
        let expected_start = prefix.encode_utf16().count();
        assert_eq!(
            (f.start, f.end),
            (expected_start, expected_start + 15),
            "prefix {prefix:?}"
        );
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&units[f.start..f.end]).unwrap(), "zorp the widget");
        assert_eq!(&text[f.byte_start..f.byte_end], "zorp the widget");
    }
}

#[test]
fn rewrites_fill_slots_keep_case_and_delete_cleanly() {
    let e = engine();
    let text = "Hi. You gronked restarted the router.";
    let f = &e.analyze(text, None).findings[0];
    assert_eq!(
        apply_rewrite(text, &f.rewrites[0]),
        "Hi. Restarting the router may help."
    );

    let text = "Sure, zorp the gadget later.";
    let f = &e.analyze(text, None).findings[0];
    assert_eq!(apply_rewrite(text, &f.rewrites[0]), "Sure, let's fix the widget later.");
    // the whole-sentence "Here is the fix." would drop "the gadget later": not offered
    assert_eq!(f.rewrites.len(), 1, "{:?}", f.rewrites);
    let short = "Zorp the gadget.";
    let f = &e.analyze(short, None).findings[0];
    assert_eq!(f.rewrites[1].strategy, "solve");
    assert_eq!(apply_rewrite(short, &f.rewrites[1]), "Here is the fix.");

    let text = "Frobnicately, it works.";
    let f = &e.analyze(text, None).findings[0];
    assert_eq!(apply_rewrite(text, &f.rewrites[0]), "It works.");
}

#[test]
fn options_disable_rules_and_override_severity() {
    let pack = parse_pack(PACK, "test").unwrap();
    let mut options = EngineOptions::default();
    options.disabled_rules.push("zorp-the-widget".into());
    options.severity_overrides.insert("gronk-slot".into(), Severity::High);
    let e = Engine::with_packs(&options, vec![pack]).unwrap();
    assert!(rules_fired(&e, "zorp the widget").is_empty());
    assert_eq!(e.analyze("you gronked it", None).findings[0].severity, Severity::High);
}

#[test]
fn the_formal_register_option_leaves_out_the_rules_written_for_that_register() {
    let formal = EngineOptions {
        formal_register: true,
        ..Default::default()
    };
    let (plain, team) = (engine_with(PACK), Engine::new(&formal).unwrap());
    let notice = "Dear Mr Pillai, kindly note that your monthly pass expires on 31 August.";
    assert_eq!(rules_fired(&plain, notice), ["kindly-request"]);
    assert!(rules_fired(&team, notice).is_empty());
    // every rule the option leaves out is marked as the register's own in its file, and the
    // rules that are cold in any register stay
    assert!(team.rules().iter().all(|r| !r.formal_register));
    assert!(plain.rules().iter().filter(|r| r.formal_register).count() >= 20);
    assert_eq!(rules_fired(&team, "Please calm down, sir."), ["calm-down"]);
}

#[test]
fn pack_overrides_change_or_remove_earlier_rules() {
    let base = parse_pack(PACK, "test").unwrap();
    let team = parse_pack(
        r#"{"schema":"rapport-pack/1","name":"team","version":"2","overrides":[
            {"rule":"zorp-the-widget","enabled":false},{"rule":"gronk-slot","severity":"high"}]}"#,
        "team",
    )
    .unwrap();
    let e = Engine::with_packs(&EngineOptions::default(), vec![base, team]).unwrap();
    assert!(rules_fired(&e, "zorp the widget").is_empty());
    assert_eq!(e.analyze("you gronked it", None).findings[0].severity, Severity::High);
}

#[test]
fn invalid_packs_are_rejected_with_pack_rule_field_and_reason() {
    let bad = r#"{"schema":"rapport-pack/1","name":"acme","version":"1","rules":[
        {"id":"cold-thing","category":"team","severity":"urgent","patterns":["(a|b"],"message":"m is here",
         "explanation":"e","rewrites":[{"strategy":"hug","text":"x"}],"examples":{"flag":["a"],"allow":["c"]},"colour":1}]}"#;
    let errors = parse_pack(bad, "acme.json").unwrap_err();
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let has = |needle: &str| text.iter().any(|t| t.contains(needle));
    assert!(
        has("pack 'acme', rule 'cold-thing', field 'severity': must be low, medium or high, got 'urgent'"),
        "{text:#?}"
    );
    assert!(has("field 'patterns[0]'") && has("missing ')'"), "{text:#?}");
    assert!(has("field 'rewrites[0].strategy': unknown strategy 'hug'"), "{text:#?}");
    assert!(has("field 'colour': unknown field"), "{text:#?}");
    let nested = r#"{"schema":"rapport-pack/1","name":"acme","version":"1","rules":[
        {"id":"cold-thing","category":"team","severity":"low","patterns":["blorp"],"message":"Blorp reads cold here.",
         "explanation":"e","rewrites":[{"strategy":"solve","text":"x"}],"examples":{"flag":[],"alow":["c"]}}]}"#;
    let text: Vec<String> = parse_pack(nested, "acme.json")
        .unwrap_err()
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert!(
        text.iter()
            .any(|t| t.contains("field 'examples.flag': needs at least 1")),
        "{text:#?}"
    );
    assert!(
        text.iter().any(|t| t.contains("field 'examples.alow': unknown field")),
        "{text:#?}"
    );
    assert!(parse_pack("{not json", "broken.json").unwrap_err()[0]
        .to_string()
        .contains("pack 'broken.json'"));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse_pack(&deep, "deep.json").is_err());
    let huge = format!("{{\"x\":\"{}\"}}", "a".repeat(2 << 20));
    assert!(parse_pack(&huge, "huge.json").unwrap_err()[0]
        .reason
        .contains("at most"));
}

#[test]
fn context_is_optional_and_does_not_change_plain_analysis() {
    let e = engine();
    let text = "Zorp the widget.";
    let ctx = AnalyzeContext {
        customer_message: None,
        agent_name: Some("Jo".into()),
        channel: Some("email".into()),
        lang: None,
    };
    assert_eq!(e.analyze(text, None), e.analyze(text, Some(&ctx)));
    let with_customer = AnalyzeContext {
        customer_message: Some("It broke again!".into()),
        ..ctx
    };
    let coached = e.analyze(text, Some(&with_customer));
    assert!(coached.customer.is_some(), "a customer message is read");
    assert_eq!(
        coached.findings[0],
        e.analyze(text, None).findings[0],
        "the reply's own findings stay"
    );
}

#[test]
fn empty_and_whitespace_text_give_an_empty_report() {
    let e = engine();
    for text in ["", "   ", "\n\n", "😀"] {
        let report = e.analyze(text, None);
        assert!(report.findings.is_empty());
        assert!(
            report.moves.iter().all(|m| m.suggestion.is_none()),
            "nothing to insert into {text:?}"
        );
    }
}

#[test]
fn needed_moves_come_with_a_sentence_and_a_place() {
    let e = engine();
    // an upset customer who reports a problem: acknowledge first, after the greeting,
    // and apologise
    let text = "Hi Sam,\nWe looked at the account.\nBest,\nJo";
    let context = AnalyzeContext {
        customer_message: Some("This is ridiculous, I was charged twice and nobody answers!".into()),
        ..Default::default()
    };
    let report = e.analyze(text, Some(&context));
    let needed: Vec<&str> = report.moves.iter().filter(|m| m.needed).map(|m| &*m.id).collect();
    assert_eq!(needed, ["acknowledge", "apologize"], "{:?}", report.moves);
    let ack = report.moves.iter().find(|m| &*m.id == "acknowledge").unwrap();
    assert_eq!(ack.suggestion.as_ref().unwrap().at, "Hi Sam,\n".len());
    for m in report.moves.iter().filter(|m| !m.needed) {
        assert!(m.suggestion.is_none(), "{} is not needed but offers a sentence", m.id);
    }
    // the same reply to a calm question needs nothing
    let calm = AnalyzeContext {
        customer_message: Some("Could you check my account status?".into()),
        ..Default::default()
    };
    let report = e.analyze(text, Some(&calm));
    assert!(report.moves.iter().all(|m| !m.needed), "{:?}", report.moves);
    // a problem without a solution: a sentence with a placeholder, before the sign-off
    let report = e.analyze("Hi Sam,\nThe refund failed.\nThanks for your patience,\nJo", None);
    let offer = report.moves.iter().find(|m| &*m.id == "offer-solution").unwrap();
    let s = offer.suggestion.as_ref().expect("offer-solution needed");
    assert!(s.text.contains("[option]"), "{}", s.text);
    assert_eq!(s.at, "Hi Sam,\nThe refund failed.".len());
}

#[test]
fn score_rewards_moves_and_penalises_findings() {
    let e = engine();
    let cold = e.analyze("Zorp the widget now.", None).score;
    let plain = e.analyze("Your order shipped.", None).score;
    let warm = e.analyze("I'm so sorry about this. I understand how frustrating it is. Let me look into it and I'll keep you posted. Thank you!", None).score;
    assert!(
        cold.value < plain.value && plain.value < warm.value,
        "{} {} {}",
        cold.value,
        plain.value,
        warm.value
    );
    let sum: i32 = warm.breakdown.iter().map(|p| p.points).sum();
    assert_eq!(
        sum.clamp(0, 100),
        warm.value as i32,
        "the breakdown adds up to the score"
    );
}

/// Regression: the matcher's word lists are interned once; a list whose memory was
/// reused by another once made a bare "that" fire a blame rule.
#[test]
fn common_words_alone_never_fire() {
    let e = Engine::new(&EngineOptions::default()).unwrap();
    for text in [
        "that",
        "that you",
        "Please note that you can reset your password from the login page.",
        "It is on the way and this is the tracking number.",
        "We can help you with that today.",
        "You are booked for 7 pm at the restaurant.",
    ] {
        let fired: Vec<String> = e.analyze(text, None).findings.into_iter().map(|f| f.rule).collect();
        assert!(fired.is_empty(), "{text:?} fired {fired:?}");
    }
}

// The wasm boundary reads options and context with these instead of serde's derive; they
// must accept and refuse exactly what the derive does.
#[test]
fn options_and_context_from_json_agree_with_the_serde_derive() {
    let accepted = [
        r#"{}"#,
        r#"{"disabledRules": ["calm-down"]}"#,
        r#"{"severityOverrides": {"calm-down": "low", "per-my-last-email": "high"}}"#,
        r#"{"disabledRules": [], "severityOverrides": {}}"#,
        r#"{"formalRegister": true}"#,
        r#"{"formalRegister": false, "disabledRules": ["calm-down"]}"#,
    ];
    for json in accepted {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let ours = EngineOptions::from_json(&value).unwrap_or_else(|e| panic!("{json}: {e}"));
        let derived: EngineOptions = serde_json::from_str(json).unwrap();
        assert_eq!(ours.disabled_rules, derived.disabled_rules, "{json}");
        assert_eq!(ours.formal_register, derived.formal_register, "{json}");
        assert_eq!(
            format!("{:?}", sorted(&ours)),
            format!("{:?}", sorted(&derived)),
            "{json}"
        );
    }
    let refused = [
        (r#"{"disabledRules": 3}"#, "disabledRules"),
        (r#"{"disabledRules": ["a", 2]}"#, "disabledRules"),
        (
            r#"{"severityOverrides": {"calm-down": "loud"}}"#,
            "severityOverrides.calm-down",
        ),
        (r#"{"severityOverrides": []}"#, "severityOverrides"),
        (r#"{"disabledRule": []}"#, "unknown field 'disabledRule'"),
        (r#"{"formalRegister": "yes"}"#, "formalRegister"),
    ];
    for (json, says) in refused {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let error = EngineOptions::from_json(&value).expect_err(json);
        assert!(error.contains(says), "{json}: {error}");
        assert!(
            serde_json::from_str::<EngineOptions>(json).is_err(),
            "the derive accepts {json}"
        );
    }

    // (the derive also takes a struct as an array of its fields; options never come that way)
    let error = EngineOptions::from_json(&serde_json::json!([])).unwrap_err();
    assert!(error.contains("must be an object"), "{error}");

    let value = serde_json::json!({"customerMessage": "Where is my order?", "agentName": null});
    let context = AnalyzeContext::from_json(&value).unwrap();
    // a field it does not know (a misspelled "customer") is named, never ignored
    let error = AnalyzeContext::from_json(&serde_json::json!({"customer": "Where?"})).unwrap_err();
    assert!(error.contains("\"customer\""), "{error}");
    assert!(serde_json::from_str::<AnalyzeContext>(r#"{"customer": "Where?"}"#).is_err());
    assert_eq!(context.customer_message.as_deref(), Some("Where is my order?"));
    assert_eq!(context.agent_name, None);
    let error = AnalyzeContext::from_json(&serde_json::json!({"channel": 5})).unwrap_err();
    assert!(error.contains("channel must be a string"), "{error}");
    assert!(AnalyzeContext::from_json(&serde_json::json!("text")).is_err());
}

fn sorted(options: &EngineOptions) -> Vec<(String, Severity)> {
    let mut pairs: Vec<_> = options
        .severity_overrides
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
}

/// `$$` ends a reply that is this one sentence: "Zorped." as the whole answer is curt, the
/// same word before the answer itself is not.
#[test]
fn a_fragment_pattern_flags_only_a_reply_that_is_the_fragment() {
    let e = one_rule::engine_with_rule(
        "zorped-alone",
        "^ zorped [.] $$",
        "Zorped.",
        "Zorped. The parcel ships on Monday.",
    );
    let fired = |text: &str| {
        e.analyze(text, None)
            .findings
            .iter()
            .any(|f| &*f.rule == "zorped-alone")
    };
    assert!(fired("Zorped."));
    assert!(fired("Zorped"));
    assert!(!fired("Zorped. The parcel ships on Monday."));
    assert!(!fired("The parcel ships on Monday. Zorped."));
    assert!(!fired("Zorped, and the parcel ships on Monday."));
}

/// A stiff sentence shows two robotic findings, the second counting the rest; the next
/// sentence keeps its own, and the score still counts every one.
#[test]
fn a_crowded_stiff_sentence_shows_two_findings_and_counts_the_rest() {
    let e = Engine::new(&EngineOptions::default()).unwrap();
    let stiff = "Please be advised that, pursuant to the aforementioned policy and prior to the commencement of the remittance, we shall endeavour to utilize the form.";
    let report = e.analyze(stiff, None);
    let robotic: Vec<_> = report.findings.iter().filter(|f| f.category == "robotic").collect();
    assert_eq!(
        robotic.len(),
        2,
        "{:?}",
        report.findings.iter().map(|f| &f.rule).collect::<Vec<_>>()
    );
    assert!(robotic[1].folded >= 3, "folded {}", robotic[1].folded);
    assert_eq!(robotic[0].folded, 0);
    let with_next = e.analyze(&format!("{stiff} Prior to Monday, please utilize the form."), None);
    let second: Vec<_> = with_next.findings.iter().filter(|f| f.start > stiff.len()).collect();
    assert_eq!(second.len(), 2, "the next sentence keeps its own findings");
    assert!(second.iter().all(|f| f.folded == 0));
    let counted = report
        .score
        .breakdown
        .iter()
        .filter(|p| p.reason.contains("sounds robotic"))
        .count();
    assert_eq!(
        counted,
        2 + robotic[1].folded as usize,
        "the folded findings still count in the score"
    );
}

/// A pack's name that is there but wrong says what is wrong with it, not that it is missing.
#[test]
fn a_wrong_pack_name_is_told_from_a_missing_one() {
    let pack = |name: &str| {
        let fields = if name.is_empty() {
            String::new()
        } else {
            format!(r#""name": {name},"#)
        };
        format!(r#"{{"schema": "rapport-pack/1", {fields} "version": "1.0.0", "rules": []}}"#)
    };
    let error = |json: String| {
        parse_pack(&json, "p")
            .expect_err("the pack is refused")
            .iter()
            .find(|e| e.field == "name")
            .map(|e| e.reason.clone())
            .expect("an error names the field")
    };
    let reason = error(pack(r#""Team Pack!""#));
    assert!(
        reason.contains("must be kebab-case") && reason.contains("Team Pack!"),
        "{reason}"
    );
    assert!(error(pack("42")).contains("got a number"));
    assert!(error(pack("")).contains("is required"));
}

/// A slot that starts inside a contraction keeps the contraction as written: "at least
/// you {rest}" on "you've got the receipt" must not give "you you've got".
#[test]
fn a_slot_inside_a_contraction_keeps_it_whole() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    for (text, want) in [
        ("At least you've got the receipt.", "glad you've got the receipt"),
        (
            "At least you’re not paying for the part.",
            "glad you’re not paying for the part",
        ),
        ("At least it arrived in the end.", "glad it arrived in the end"),
    ] {
        let report = engine.analyze(text, None);
        let top = &report.findings[0].rewrites[0].text;
        assert!(top.contains(want), "{text} -> {top}");
    }
}

/// A slot keeps a percentage whole: "20%" is one term, so a template that sets the slot
/// inside its own words does not leave the sign behind.
#[test]
fn a_slot_takes_a_percentage_whole() {
    let pack = serde_json::json!({
        "schema": "rapport-pack/1", "name": "test", "version": "1.0.0",
        "rules": [{
            "id": "zorble-the-code", "category": "team", "severity": "low",
            "patterns": ["zorble the {code:3} code"],
            "message": "Test rule made for one test.",
            "explanation": "A made-up word, so the test does not depend on catalog wording.",
            "rewrites": [{"strategy": "solve", "scope": "match", "text": "apply the {code} code for you"}],
            "examples": {"flag": ["Please zorble the 20% code."], "allow": ["Please apply the code."]}
        }]
    });
    let pack = rapport::catalog::read_pack(&pack, "test").unwrap_or_else(|e| panic!("{e:?}"));
    let engine = Engine::with_packs(&EngineOptions::default(), vec![pack]).expect("engine builds");
    let report = engine.analyze("Please zorble the 20% code now.", None);
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == "zorble-the-code")
        .expect("fires");
    assert_eq!(finding.text, "zorble the 20% code");
    assert_eq!(finding.rewrites[0].text, "apply the 20% code for you");
}

/// An intensifier the pattern does not name is stepped over inside a match, never at its
/// edges, and a rule that names it wins over one that stepped over it.
#[test]
fn a_pattern_steps_over_intensifiers_it_does_not_name() {
    let pack = parse_pack(
        r#"{"schema": "rapport-pack/1", "name": "test-pack", "version": "1.0.0", "rules": [
        {"id": "zorp-cannot-be-done", "category": "team", "severity": "high",
         "patterns": ["that can't be zorped"],
         "message": "Test rule: a frame that intensifiers may interrupt.",
         "explanation": "Checks that words of emphasis inside the frame do not hide it.",
         "rewrites": [{"strategy": "solve", "text": "that isn't zorpable yet"}],
         "examples": {"flag": ["That can't be zorped."], "allow": ["That can be zorped."]}},
        {"id": "zorp-simply-named", "category": "team", "severity": "low",
         "patterns": ["that simply can't be zorped"],
         "message": "Test rule: a shorter pattern that names the intensifier.",
         "explanation": "Checks that naming the word beats stepping over it.",
         "rewrites": [{"strategy": "solve", "text": "that can't"}],
         "examples": {"flag": ["That simply can't be zorped."], "allow": ["That can."]}}
        ]}"#,
        "test",
    )
    .expect("test pack loads");
    let e = Engine::with_packs(&EngineOptions::default(), vec![pack]).expect("engine builds");
    let found = |text: &str| -> Vec<(String, String)> {
        e.analyze(text, None)
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("zorp"))
            .map(|f| {
                let units: Vec<u16> = text.encode_utf16().collect();
                (f.rule.to_string(), String::from_utf16(&units[f.start..f.end]).unwrap())
            })
            .collect()
    };
    assert_eq!(
        found("Sorry, that really can't be zorped today."),
        [(
            "zorp-cannot-be-done".to_string(),
            "that really can't be zorped".to_string()
        )]
    );
    assert_eq!(
        found("That honestly just can't be zorped."),
        [(
            "zorp-cannot-be-done".to_string(),
            "That honestly just can't be zorped".to_string()
        )]
    );
    // a match neither starts nor ends on a word it stepped over
    assert_eq!(
        found("Really, that can't be zorped, honestly."),
        [("zorp-cannot-be-done".to_string(), "that can't be zorped".to_string())]
    );
    // a word of meaning is not stepped over
    assert!(found("That still can't be zorped.").is_empty());
    // over the same words, the rule that names "simply" beats the more severe one that
    // stepped over it
    assert_eq!(
        found("That simply can't be zorped."),
        [(
            "zorp-simply-named".to_string(),
            "That simply can't be zorped".to_string()
        )]
    );
}

#[test]
fn a_titles_stop_ends_no_clause_inside_a_match() {
    let engine = engine();
    for name in ["Mr. Larsen", "Dr. Okafor", "Mrs. Daly"] {
        let text = format!("I'm sorry if you were offended, {name}, but the fee stays.");
        let report = engine.analyze(&text, None);
        let finding = report
            .findings
            .iter()
            .find(|f| f.rule == "sorry-if-you-were-offended")
            .unwrap_or_else(|| panic!("{text}: not flagged"));
        assert!(
            !finding.text.contains("Mr") && !finding.text.contains("Dr") && !finding.text.contains("Mrs"),
            "{}",
            finding.text
        );
        let top = &finding.rewrites[0];
        let applied = format!(
            "{}{}{}",
            String::from_utf16(&text.encode_utf16().take(top.start).collect::<Vec<_>>()).unwrap(),
            top.text,
            String::from_utf16(&text.encode_utf16().skip(top.end).collect::<Vec<_>>()).unwrap()
        );
        assert!(applied.contains(&format!(", {name}, but the fee stays.")), "{applied}");
    }
}

/// A template that goes on from the agent's words before the cold phrase is not offered
/// where those words wait for a verb ("so can you" + "I hear your concerns"); the rule's
/// template that replaces only the phrase still is.
#[test]
fn a_sentence_template_is_not_offered_after_words_that_wait_for_a_verb() {
    let e = one_rule::engine_with_rule_rewriting(
        "blorf-complaining",
        "stop blorfing",
        "Stop blorfing.",
        "Blorf.",
        serde_json::json!([
            {"strategy": "validate", "scope": "sentence", "text": "{before} I hear your concerns {after}{end}"},
            {"strategy": "cooperate", "text": "bear with me"}
        ]),
    );
    let top = |text: &str| {
        let report = e.analyze(text, None);
        let f = report
            .findings
            .iter()
            .find(|f| f.rule == "blorf-complaining")
            .expect("flagged");
        f.rewrites.iter().map(|r| r.text.clone()).collect::<Vec<_>>()
    };
    let waiting = top("I'm checking booking QX7712, Natalie, so can you stop blorfing for a minute?");
    assert!(!waiting.iter().any(|t| t.contains("can you I hear")), "{waiting:?}");
    assert!(waiting.iter().any(|t| t == "bear with me"), "{waiting:?}");
    let complete = top("I'm checking booking QX7712, Natalie, and stop blorfing for a minute.");
    assert!(
        complete.iter().any(|t| t.contains("I hear your concerns")),
        "{complete:?}"
    );
}

/// Each rewrite the rule's finding offers, applied to the text.
fn applied_rewrites(e: &Engine, rule: &str, text: &str) -> Vec<String> {
    let report = e.analyze(text, None);
    let f = report.findings.iter().find(|f| f.rule == rule).expect("flagged");
    f.rewrites.iter().map(|r| rapport::apply_rewrite(text, r)).collect()
}

/// A replacement of the matched words only is not offered where the match starts or ends
/// inside a contraction: "is not blorfy" of "It's not blorfy" would replace "It's" whole.
#[test]
fn a_match_replacement_never_overwrites_half_a_contraction() {
    let e = one_rule::engine_with_rule_rewriting(
        "blorfy-verdict",
        "is not blorfy",
        "The sofa isn't blorfy.",
        "Blorfy.",
        serde_json::json!([{"strategy": "validate", "scope": "match", "text": "is still a hassle"}]),
    );
    let rewrites = |text: &str| applied_rewrites(&e, "blorfy-verdict", text);
    assert_eq!(rewrites("The sofa isn't blorfy."), ["The sofa is still a hassle."]);
    assert!(rewrites("It's not blorfy.").is_empty());
}

/// A clause end after a chat's tag ("blorfing bro", "blorfing man") is the clause end of
/// the words before it, and the tag goes with the match.
#[test]
fn a_chats_tag_does_not_hide_the_end_of_a_clause() {
    let e = one_rule::engine_with_rule("blorf-shrug", "no blorfing $", "No blorfing.", "No blorfing today.");
    let span = |text: &str| {
        let report = e.analyze(text, None);
        report
            .findings
            .iter()
            .find(|f| f.rule == "blorf-shrug")
            .map(|f| text.encode_utf16().collect::<Vec<_>>()[f.start..f.end].to_vec())
            .map(|u| String::from_utf16(&u).unwrap())
    };
    assert_eq!(span("no blorfing man").as_deref(), Some("no blorfing man"));
    assert_eq!(
        span("no blorfing bro. I will check.").as_deref(),
        Some("no blorfing bro")
    );
    assert_eq!(span("no blorfing today"), None);
    assert_eq!(span("no blorfing the man"), None);
}

/// Deleting the cold words is offered where other words remain, never where the reply is
/// nothing else: the agent would be left with an empty box.
#[test]
fn a_rewrite_never_empties_the_reply() {
    let e = one_rule::engine_with_rule_rewriting(
        "blorf-jibe",
        "what a blorf",
        "What a blorf.",
        "Blorf.",
        serde_json::json!([{"strategy": "simplify", "scope": "match", "text": ""}]),
    );
    let rewrites = |text: &str| applied_rewrites(&e, "blorf-jibe", text);
    assert_eq!(
        rewrites("Your refund left today. What a blorf."),
        ["Your refund left today."]
    );
    assert!(rewrites("What a blorf.").is_empty());
}

/// The top rewrite of a realistic passage, applied (passages written for this test).
fn top_rewrite_applied(text: &str, rule: &str) -> Option<String> {
    let e = Engine::new(&EngineOptions::default()).unwrap();
    let report = e.analyze(text, None);
    let finding = report.findings.iter().find(|f| f.rule == rule).expect("flagged");
    Some(rapport::apply_rewrite(text, finding.rewrites.first()?))
}

/// An empathy clause hung on the agent's "so" makes the feeling a consequence of the
/// facts ("sent a £20 voucher, so I know this isn't the outcome you wanted"); the rule's
/// plainer template is offered instead, or none.
#[test]
fn no_top_rewrite_hangs_an_empathy_clause_on_so() {
    let gale = "We've already refunded the delivery fee and sent a £20 voucher for order 64110, Mrs Gale, so we have already gone above and beyond for you on this one.";
    assert_eq!(
        top_rewrite_applied(gale, "you-will-have-to-accept-it").as_deref(),
        Some("We've already refunded the delivery fee and sent a £20 voucher for order 64110, Mrs Gale, so we have already done everything possible for you on this one.")
    );
    let priya = "Priya, we've truly gone the extra mile on this one, so the 3 March refund of £42 is final.";
    assert_eq!(
        top_rewrite_applied(priya, "you-will-have-to-accept-it").as_deref(),
        Some(
            "Priya, we have truly done everything possible for you on this one, so the 3 March refund of £42 is final."
        )
    );
    for text in [
        gale,
        "I'm pulling up ticket 44021 now, Kyle, so why don't you relax a little and let me check where the £59 order got to.",
        "I've looked at order 4471, Sam, so you'll just have to accept it.",
    ] {
        let e = Engine::new(&EngineOptions::default()).unwrap();
        for finding in e.analyze(text, None).findings {
            if let Some(top) = finding.rewrites.first() {
                let fixed = rapport::apply_rewrite(text, top);
                for empathy in ["so I know", "so I can hear", "so I understand", "so I can see"] {
                    assert!(!fixed.contains(empathy), "{}: {fixed}", finding.rule);
                }
            }
        }
    }
}

/// A template's apology beside the agent's own (in the rest of the sentence or the
/// sentence before) would say sorry twice; the template written for that reply, with
/// `{apologised}`, is offered only there. A refusal to apologise is no apology. (Written
/// for the round-10 fixes: "I'm so sorry about your father. I'm so sorry for your loss".)
#[test]
fn an_apology_template_is_not_offered_beside_the_agents_own_apology() {
    let e = one_rule::engine_with_rule_rewriting(
        "zorp-the-plan",
        "zorp the plan",
        "Zorp the plan.",
        "The plan.",
        serde_json::json!([
            {"strategy": "acknowledge", "text": "I'm sorry about the plan"},
            {"strategy": "acknowledge", "text": "{apologised}the plan as it stands"}
        ]),
    );
    let rewrites = |text: &str| {
        let report = e.analyze(text, None);
        let f = report
            .findings
            .iter()
            .find(|f| f.rule == "zorp-the-plan")
            .expect("flagged");
        f.rewrites
            .iter()
            .map(|r| rapport::apply_rewrite(text, r))
            .collect::<Vec<_>>()
    };
    assert_eq!(rewrites("Zorp the plan, Sam."), ["I'm sorry about the plan, Sam."]);
    assert_eq!(
        rewrites("Sorry for the wait on order 4410. Zorp the plan, Sam."),
        ["Sorry for the wait on order 4410. The plan as it stands, Sam."]
    );
    assert_eq!(
        rewrites("Sam, I apologise, zorp the plan."),
        ["Sam, I apologise, the plan as it stands."]
    );
    // an apology two sentences back is not beside it
    assert_eq!(
        rewrites("Sorry for the wait. It arrived. Zorp the plan."),
        ["Sorry for the wait. It arrived. I'm sorry about the plan."]
    );
    assert_eq!(
        rewrites("We won't be apologising for the fee. Zorp the plan."),
        ["We won't be apologising for the fee. I'm sorry about the plan."]
    );
}

/// Words deleted after "but" or "and" take the comma and the conjunction that joined them
/// to the clause before, and at a sentence start the conjunction that joined the rest to
/// them ("Mark, but this too shall pass, and claim ..." -> "Mark, and claim ..."; written
/// for the round-10 fixes).
#[test]
fn a_deletion_takes_the_conjunction_that_joined_the_words() {
    let e = one_rule::engine_with_rule_rewriting(
        "zorp-the-plan",
        "zorp the plan",
        "Zorp the plan.",
        "The plan.",
        serde_json::json!([{"strategy": "simplify", "text": ""}]),
    );
    let top = |text: &str| {
        let report = e.analyze(text, None);
        let f = report
            .findings
            .iter()
            .find(|f| f.rule == "zorp-the-plan")
            .expect("flagged");
        rapport::apply_rewrite(text, &f.rewrites[0])
    };
    assert_eq!(
        top("The repair moved to 9 June, Mark, but zorp the plan, and claim HC-40119 stays open."),
        "The repair moved to 9 June, Mark, and claim HC-40119 stays open."
    );
    assert_eq!(
        top("The repair moved to 9 June, Mark, but zorp the plan."),
        "The repair moved to 9 June, Mark."
    );
    // a match that takes its sentence's mark leaves the mark
    let e = one_rule::engine_with_rule_rewriting(
        "zorp-the-plan",
        "zorp the plan [.]",
        "Zorp the plan.",
        "The plan.",
        serde_json::json!([{"strategy": "simplify", "text": ""}]),
    );
    let report = e.analyze(
        "The trip to Rome on 22 May was cancelled, Giulia, but zorp the plan.",
        None,
    );
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "zorp-the-plan")
        .expect("flagged");
    assert_eq!(
        rapport::apply_rewrite(
            "The trip to Rome on 22 May was cancelled, Giulia, but zorp the plan.",
            &f.rewrites[0]
        ),
        "The trip to Rome on 22 May was cancelled, Giulia."
    );
    assert_eq!(
        top("Sorry, Ana. Zorp the plan, and your £240 refund is on its way."),
        "Sorry, Ana. Your £240 refund is on its way."
    );
}

/// The top rewrite of `rule` on `text`, applied, from an engine holding `rule` alone.
fn applied_top(e: &Engine, text: &str, rule: &str) -> Option<String> {
    let report = e.analyze(text, None);
    let finding = report.findings.iter().find(|f| f.rule == rule)?;
    Some(apply_rewrite(text, finding.rewrites.first()?))
}

/// A name or address term set off by commas inside a frame is stepped over, and the
/// rewrite that replaces the frame puts the name back at its first pause.
#[test]
fn a_name_inside_a_frame_is_stepped_over_and_kept_by_the_rewrite() {
    let e = one_rule::engine_with_rule_rewriting(
        "i-zorped-but",
        "i zorped [,] but",
        "I zorped, but it broke.",
        "I zorped and it works.",
        serde_json::json!([{"strategy": "cooperate", "text": "I zorped gladly, and"}]),
    );
    for (text, want) in [
        (
            "I zorped, Mrs Patel, but the fee stays.",
            "I zorped gladly, Mrs Patel, and the fee stays.",
        ),
        (
            "I zorped, sir, but the fee stays.",
            "I zorped gladly, sir, and the fee stays.",
        ),
        (
            "I zorped, Dr. Okafor, but it broke.",
            "I zorped gladly, Dr. Okafor, and it broke.",
        ),
    ] {
        let report = e.analyze(text, None);
        let finding = report.findings.iter().find(|f| f.rule == "i-zorped-but");
        assert!(
            finding.is_some_and(|f| f.text.ends_with("but")),
            "{text}: {:?}",
            report.findings
        );
        assert_eq!(applied_top(&e, text, "i-zorped-but").as_deref(), Some(want));
    }
    // a capital that is no name, or words that are not set off, are not stepped over
    for text in [
        "I zorped, Monday, but it broke.",
        "I zorped, UPS, but it broke.",
        "I zorped the box but it broke.",
    ] {
        let report = e.analyze(text, None);
        assert!(report.findings.iter().all(|f| f.rule != "i-zorped-but"), "{text}");
    }
}

/// `^` also starts after the greeting or name a sentence opens with, and the rewrite of
/// the sentence keeps that greeting; `^^` keeps to the first word; `^+` also starts after
/// "and", "so" or a comma inside the sentence, where the words before stay as written.
#[test]
fn sentence_starts_after_a_greeting_and_clause_starts_for_the_patterns_that_ask() {
    let rewrites = serde_json::json!([{"strategy": "apologize", "scope": "sentence", "text": "I'm sorry the zorble broke{sequel|onward}"}]);
    let anchored = one_rule::engine_with_rule_rewriting(
        "zorbles-happen",
        "^ zorbles happen $",
        "Zorbles happen.",
        "When zorbles happen we fix them.",
        rewrites.clone(),
    );
    let first_word = one_rule::engine_with_rule_rewriting(
        "zorbles-happen",
        "^^ zorbles happen $",
        "Zorbles happen.",
        "When zorbles happen we fix them.",
        rewrites.clone(),
    );
    let clause = one_rule::engine_with_rule_rewriting(
        "zorbles-happen",
        "^+ zorbles happen $",
        "Zorbles happen.",
        "When zorbles happen we fix them.",
        rewrites,
    );
    let rule = "zorbles-happen";
    for greeted in [
        "Hi Tom, zorbles happen.",
        "Dear Mrs Patel, zorbles happen.",
        "Sir, zorbles happen.",
    ] {
        let (hello, _) = greeted.split_once(',').unwrap();
        assert_eq!(
            applied_top(&anchored, greeted, rule),
            Some(format!("{hello}, I'm sorry the zorble broke.")),
            "{greeted}"
        );
        assert!(applied_top(&first_word, greeted, rule).is_none(), "{greeted}");
    }
    // after "and" or a comma only a `^+` pattern starts
    let inside = "I checked the logs and zorbles happen.";
    assert!(applied_top(&anchored, inside, rule).is_none());
    assert_eq!(
        applied_top(&clause, inside, rule).as_deref(),
        Some("I checked the logs and I'm sorry the zorble broke.")
    );
    // deleting all a greeted sentence holds ends the greeting instead of leaving its comma
    let deleting = one_rule::engine_with_rule_rewriting(
        "zorp-noted",
        "^ zorped [.] $$",
        "Zorped.",
        "It was zorped on Monday.",
        serde_json::json!([{"strategy": "simplify", "text": ""}]),
    );
    assert_eq!(
        applied_top(&deleting, "Hello Maria, zorped.", "zorp-noted").as_deref(),
        Some("Hello Maria.")
    );
}

#[test]
fn a_branch_whose_next_word_is_missing_still_steps_over_an_intensifier() {
    // the walk skips branches whose next word is not in the text; an intensifier between
    // the words must not make it skip
    let e = one_rule::engine_with_rule(
        "zorble-frame",
        "zibber zorble daily",
        "Zibber zorble daily.",
        "Zibber rarely.",
    );
    for text in ["Zibber zorble daily.", "Zibber truly zorble daily."] {
        let report = e.analyze(text, None);
        assert!(
            report.findings.iter().any(|f| f.rule == "zorble-frame"),
            "{text}: {:?}",
            report.findings.iter().map(|f| &f.rule).collect::<Vec<_>>()
        );
    }
    let report = e.analyze("Zibber often zorble daily.", None);
    assert!(report.findings.iter().all(|f| f.rule != "zorble-frame"));
}

#[test]
fn a_branch_is_skipped_only_where_its_sentence_lacks_the_word_it_needs() {
    // the walk skips a branch when its sentence has none of the words it needs further on;
    // a word after a slot is still found, and one in the next
    // sentence is not the sentence's
    let e = one_rule::engine_with_rule(
        "zorble-after-slot",
        "zibber {what:4} zorble",
        "Zibber the red box zorble.",
        "Zibber the box. Zorble.",
    );
    let fires = |text: &str| {
        e.analyze(text, None)
            .findings
            .iter()
            .any(|f| f.rule == "zorble-after-slot")
    };
    for text in [
        "Zibber the red box zorble.",
        "Well, zibber it zorble now.",
        "Zibber it zorble, Anna.",
    ] {
        assert!(fires(text), "{text}");
    }
    for text in ["Zibber the box. Zorble.", "Zibber the box, and more."] {
        assert!(!fires(text), "{text}");
    }
}

#[test]
fn a_rule_after_empathy_fires_only_after_it_and_the_empathy_it_takes_back_is_not_counted() {
    let engine = engine_with(
        r#"{
      "schema": "rapport-pack/1", "name": "after-empathy", "version": "1.0.0",
      "rules": [{
        "id": "zorpingly-after-empathy", "category": "team", "severity": "medium",
        "patterns": ["^ zorpingly ,"], "after_empathy": true,
        "message": "Test rule: an opener that takes back the empathy before it.",
        "explanation": "A made-up opener, so the test does not depend on catalog wording.",
        "rewrites": [{"strategy": "acknowledge", "text": ""}],
        "examples": {"flag": ["I understand how frustrating this is. Zorpingly, the fee applies."],
                     "allow": ["Zorpingly, the fee applies."]}
      }]
    }"#,
    );
    let acknowledged = |text: &str| {
        let report = engine.analyze(text, None);
        let present = report.moves.iter().any(|m| &*m.id == "acknowledge" && m.present);
        let fired = report.findings.iter().any(|f| &*f.rule == "zorpingly-after-empathy");
        (fired, present)
    };
    assert_eq!(
        acknowledged("I understand how frustrating this is. Zorpingly, the fee applies."),
        (true, false),
        "after empathy it fires, and the empathy is not counted as made"
    );
    assert_eq!(
        acknowledged("Zorpingly, the fee applies."),
        (false, false),
        "with no empathy before it, it does not fire"
    );
    assert_eq!(
        acknowledged("I understand how frustrating this is. The fee applies."),
        (false, true),
        "empathy nothing takes back counts"
    );
    assert_eq!(
        acknowledged("I understand how frustrating this is. Our team checked it. Zorpingly, the fee applies."),
        (false, true),
        "empathy two sentences back is not 'just before'"
    );
}

#[test]
fn a_closing_line_rule_fires_only_on_the_last_sentence_and_not_in_a_warm_reply() {
    let engine = engine_with(
        r#"{
      "schema": "rapport-pack/1", "name": "closing-line", "version": "1.0.0",
      "rules": [{
        "id": "zorp-closing-line", "category": "abrupt", "severity": "medium",
        "patterns": ["^ zorp [.] $last"], "unless_warm": true,
        "message": "Test rule: a made-up curt closing word.",
        "explanation": "A made-up word, so the test does not depend on catalog wording.",
        "rewrites": [{"strategy": "follow-up", "scope": "sentence", "text": "Is there anything else you need?"}],
        "examples": {"flag": ["Refund sent. Zorp."], "allow": ["Zorp.", "Refund sent. Have a great day. Zorp."]}
      }]
    }"#,
    );
    let fired = |text: &str| {
        engine
            .analyze(text, None)
            .findings
            .iter()
            .any(|f| &*f.rule == "zorp-closing-line")
    };
    assert!(fired("Refund sent. Zorp."));
    assert!(
        fired("refund sent. zorp"),
        "a chat's lower-case sentence after a stop is a sentence"
    );
    assert!(!fired("Zorp. Refund sent."), "only the last sentence closes the reply");
    assert!(
        !fired("Zorp."),
        "a reply that is only the closing word has nothing before it to close"
    );
    assert!(
        !fired("Refund sent. Have a great day. Zorp."),
        "a warm reply's last word is a sign-off"
    );
    assert!(
        !fired("Thanks for waiting, refund sent. Zorp."),
        "thanks make the reply warm"
    );
    assert!(
        fired("Thanks for waiting. No, you're wrong. Zorp."),
        "thanks do not make a reply warm where other cold wording fires"
    );
}

const MARKER_PACK: &str = r#"{
  "schema": "rapport-pack/1", "name": "marker-pack", "version": "1.0.0",
  "rules": [
    {
      "id": "plonk-marked", "category": "team", "severity": "low",
      "patterns": ["^ plonk {alone:0} (.|!) $$", "plonk"],
      "message": "Test rule: a marker picks the template.",
      "explanation": "The pattern that sets the marker gets one template and the other pattern the other, so a rule can fit its wording to how it matched.",
      "rewrites": [{"strategy": "solve", "text": "plink alone{alone|drop}"}, {"strategy": "solve", "text": "plink along{alone|absent}"}],
      "examples": {"flag": ["Plonk.", "We plonk today."], "allow": ["Plink."]}
    },
    {
      "id": "zorp-choice", "category": "team", "severity": "low",
      "patterns": ["you blorp {how:(zorp|zap it)} {what:3} $", "^+ {thing:(blip|blop)} is elsewhere"],
      "message": "Test rule: a choice slot keeps the word the agent chose.",
      "explanation": "A choice slot takes the words of the alternative that matched, so a template says the agent's own word instead of one it picked for them; it may open a pattern.",
      "rewrites": [{"strategy": "solve", "text": "please {how} {what}"}, {"strategy": "solve", "text": "{thing|first} is with another team"}],
      "examples": {"flag": ["You blorp zap it the box.", "Blop is elsewhere."], "allow": ["You blorp."]}
    },
    {
      "id": "qux-slot", "category": "team", "severity": "low",
      "patterns": ["qux {c:3} now"],
      "message": "Test rule: a slot a template leaves out must not lose its words.",
      "explanation": "A template that names only a slot whose name starts like this one's ({clause}) does not carry this slot's words, so it is not offered.",
      "rewrites": [{"strategy": "solve", "text": "qux soon{clause|drop}"}, {"strategy": "solve", "text": "qux {c} soon"}],
      "examples": {"flag": ["Qux the red box now."], "allow": ["Qux."]}
    }
  ]
}"#;

fn rewrites_of(engine: &Engine, text: &str, rule: &str) -> Vec<String> {
    let report = engine.analyze(text, None);
    let finding = report.findings.iter().find(|f| f.rule == rule).expect("the rule fires");
    finding.rewrites.iter().map(|r| r.text.clone()).collect()
}

#[test]
fn a_marker_offers_a_template_for_the_patterns_that_set_it_only() {
    let e = engine_with(MARKER_PACK);
    assert_eq!(rewrites_of(&e, "Plonk.", "plonk-marked"), ["Plink alone."]);
    assert_eq!(rewrites_of(&e, "We plonk today.", "plonk-marked"), ["plink along"]);
}

#[test]
fn a_choice_slot_keeps_the_alternative_the_agent_wrote() {
    let e = engine_with(MARKER_PACK);
    for (reply, want) in [
        ("You blorp zorp the box.", "Please zorp the box"),
        ("You blorp zap it the box.", "Please zap it the box"),
        ("Well, blip is elsewhere.", "blip is with another team"),
        ("Blop is elsewhere.", "Blop is with another team"),
    ] {
        assert_eq!(rewrites_of(&e, reply, "zorp-choice"), [want], "{reply}");
    }
}

#[test]
fn a_choice_slot_needs_a_name_and_its_closing_brace() {
    for (pattern, error) in [
        ("you must {:(zorp|zap)} now", "needs a name"),
        ("you must {how:(zorp|zap) now", "not closed"),
        ("you must {how:(zorp|zap)", "not closed"),
        ("{how:(*2 zorp)} now", "must start with a word"),
    ] {
        let problem = rapport::pattern::parse(pattern).expect_err(pattern);
        assert!(problem.contains(error), "{pattern}: {problem}");
    }
    assert!(rapport::pattern::parse("^+ {how:(zorp|zap)} now").is_ok());
}

#[test]
fn a_slot_is_carried_only_by_a_template_that_names_it_whole() {
    let e = engine_with(MARKER_PACK);
    assert_eq!(
        rewrites_of(&e, "Qux the red box now.", "qux-slot"),
        ["Qux the red box soon"]
    );
}

/// "No, we're not ..." refuses with most verbs, but with some it answers a worry: the
/// subscription is not being cancelled, the charge not taken twice. Those stay clean, and a
/// refusal still flags.
#[test]
fn a_negated_worry_is_not_a_bare_refusal() {
    let e = engine();
    for reassurance in [
        "No, we're not cancelling your subscription, it stays active until June.",
        "No, we're not processing it twice, you were only charged once.",
    ] {
        assert!(
            !rules_fired(&e, reassurance).contains(&"not-going-to-do-it".to_string()),
            "{reassurance}"
        );
    }
    assert!(rules_fired(&e, "No, we're not waiving the £25 fee.").contains(&"not-going-to-do-it".to_string()));
}
