//! Realistic replies written for this purpose (tests/data/replies/replies.jsonl: 164
//! replies, cold and warm, with the customer's message, the facts, the cold phrases and
//! the moves each reply needs, annotated by hand): where closing sentences go, which moves
//! are suggested, how many cold phrases are found and how many warm replies are flagged.

use rapport::{AnalyzeContext, Engine, EngineOptions};

struct Reply {
    id: String,
    customer: String,
    reply: String,
    warm: bool,
    needs: Vec<String>,
    cold: Vec<String>,
}

fn replies() -> Vec<Reply> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/replies/replies.jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let strings = |k: &str| -> Vec<String> {
                v[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap_or_default().to_string())
                    .collect()
            };
            Reply {
                id: v["id"].as_str().unwrap().into(),
                customer: v["customer"].as_str().unwrap().into(),
                reply: v["reply"].as_str().unwrap().into(),
                warm: v["tone"] == "warm",
                needs: strings("needs"),
                cold: v["cold"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["phrase"].as_str().unwrap().to_string())
                    .collect(),
            }
        })
        .collect()
}

fn engine() -> Engine {
    Engine::new(&EngineOptions::default()).unwrap()
}

fn analyze(engine: &Engine, r: &Reply) -> rapport::Report {
    let context = AnalyzeContext {
        customer_message: Some(r.customer.clone()),
        ..Default::default()
    };
    engine.analyze(&r.reply, Some(&context))
}

/// The sign-off block starts after the last line that ends a sentence ("Best,", "Thanks
/// for your patience,", a name, a title, a company).
#[test]
fn closing_sentences_go_before_the_sign_off_whatever_its_form() {
    let all = replies();
    assert!(all.len() >= 150);
    for r in &all {
        let (_, closing) = rapport::engine::insertion_points(&r.reply, &rapport::context::excluded_regions(&r.reply));
        let body_end = r
            .reply
            .lines()
            .rev()
            .find(|l| l.trim_end().ends_with(['.', '!', '?', ')']))
            .map(|l| l.as_ptr() as usize - r.reply.as_ptr() as usize + l.trim_end().len())
            .unwrap();
        assert_eq!(
            closing, body_end,
            "{}: a closing sentence would go at byte {closing}, the body ends at {body_end}:\n{}",
            r.id, r.reply
        );
    }
}

#[test]
fn at_most_two_moves_are_suggested_and_warm_replies_are_left_alone() {
    let engine = engine();
    let (mut agree, mut shown, mut wanted) = (0, 0, 0);
    let mut warm_shown = Vec::new();
    for r in replies() {
        let report = analyze(&engine, &r);
        let needed: Vec<&str> = report.moves.iter().filter(|m| m.needed).map(|m| &*m.id).collect();
        assert!(needed.len() <= 2, "{}: {} moves suggested", r.id, needed.len());
        for m in &report.moves {
            assert_eq!(
                m.suggestion.is_some(),
                m.needed,
                "{}: {} has a sentence exactly when needed",
                r.id,
                m.id
            );
        }
        agree += needed.iter().filter(|m| r.needs.iter().any(|n| n == *m)).count();
        shown += needed.len();
        wanted += r.needs.len();
        if r.warm {
            warm_shown.push(needed.len());
        }
    }
    let warm_mean = warm_shown.iter().sum::<usize>() as f64 / warm_shown.len() as f64;
    let precision = agree as f64 / shown as f64;
    let recall = agree as f64 / wanted as f64;
    println!("moves: warm replies get {warm_mean:.2} suggestions on average; suggestions agree with the annotation: precision {precision:.2}, recall {recall:.2}");
    assert!(
        warm_mean <= 0.5,
        "a warm, complete reply is nagged with {warm_mean:.2} moves on average"
    );
    assert!(
        precision >= 0.4 && recall >= 0.35,
        "moves chosen poorly: precision {precision:.2}, recall {recall:.2}"
    );
}

#[test]
fn cold_phrases_are_found_and_warm_replies_are_not_flagged() {
    let engine = engine();
    let (mut found, mut total, mut warm_flagged, mut warm) = (0, 0, 0, 0);
    for r in replies() {
        let report = analyze(&engine, &r);
        if r.warm {
            warm += 1;
            let cold: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.rule != "unacknowledged-upset")
                .collect();
            if !cold.is_empty() {
                warm_flagged += 1;
                println!(
                    "{}: warm reply flagged: {:?}",
                    r.id,
                    cold.iter().map(|f| (&f.rule, &f.text)).collect::<Vec<_>>()
                );
            }
        }
        for phrase in &r.cold {
            total += 1;
            let start = r.reply.find(phrase.as_str()).unwrap();
            let (s, e) = (
                rapport::text::byte_to_utf16(&r.reply, start),
                rapport::text::byte_to_utf16(&r.reply, start + phrase.len()),
            );
            if report.findings.iter().any(|f| f.start < e && s < f.end) {
                found += 1;
            }
        }
    }
    println!("replies: {found} of {total} annotated cold phrases found; {warm_flagged} of {warm} warm replies flagged");
    assert!(
        warm_flagged * 50 <= warm,
        "{warm_flagged} of {warm} warm replies flagged"
    );
    assert!(found * 100 >= total * 65, "only {found} of {total} cold phrases found");
}
