//! Rule examples are tests. The catalog meta-test, `rapport test` and the pack builder
//! all run them through this one function. So is a rule's breadth: one that flags the
//! words of any reply is refused by the same checks and by the extension's policy check.

use crate::catalog::{Lang, Rule};
use crate::engine::AnalyzeContext;
use crate::text::Lower;
use crate::{apply_rewrite, Engine, Report};

/// An example analysed as a reply in the rule's language: the examples test the rule, and
/// a two-word example is too short for the detector to name its language (the detector
/// has tests and figures of its own).
fn analyze_in(engine: &Engine, text: &str, lang: Lang) -> Report {
    let context = AnalyzeContext {
        lang: Some(lang.code().to_string()),
        ..Default::default()
    };
    engine.analyze(text, Some(&context))
}
use crate::word_lists::{self, List};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExampleKind {
    Flag,
    Allow,
}

/// One example of one rule and what went wrong with it (nothing when it passes).
#[derive(Debug, Clone, Serialize)]
pub struct ExampleOutcome {
    pub rule: String,
    pub kind: ExampleKind,
    pub text: String,
    pub problems: Vec<String>,
}

/// Each example of the rules named by `ids`, in order, with its problems. Each flag
/// example must fire its rule and yield at least one rewrite (unless the rule says why it
/// has none: `why_no_rewrite`); applying a rewrite must leave no finding of the rule and
/// none on the rewritten words; each allow example must fire nothing at all. A rule that
/// is not in force gives one outcome without example text.
pub fn run_examples<'a>(engine: &Engine, ids: impl IntoIterator<Item = &'a str>) -> Vec<ExampleOutcome> {
    let mut outcomes = Vec::new();
    for id in ids {
        let Some(rule) = engine.rule(id) else {
            outcomes.push(ExampleOutcome {
                rule: id.to_string(),
                kind: ExampleKind::Flag,
                text: String::new(),
                problems: vec![format!("{id}: not in force (disabled by an override?)")],
            });
            continue;
        };
        for example in &rule.examples.flag {
            outcomes.push(ExampleOutcome {
                rule: id.to_string(),
                kind: ExampleKind::Flag,
                text: example.clone(),
                problems: flag_problems(engine, id, rule, example),
            });
        }
        for example in &rule.examples.allow {
            let report = analyze_in(engine, example, rule.lang);
            outcomes.push(ExampleOutcome {
                rule: id.to_string(),
                kind: ExampleKind::Allow,
                text: example.clone(),
                problems: report
                    .findings
                    .iter()
                    .map(|f| format!("{id}: allow example “{example}” fires {} on “{}”", f.rule, f.text))
                    .collect(),
            });
        }
    }
    outcomes
}

/// Whether the finding holds every word of the text: deleting it would empty the reply,
/// which the engine never offers.
fn cold_words_alone(text: &str, finding: &crate::Finding) -> bool {
    let has_words = |s: &str| s.chars().any(char::is_alphanumeric);
    !has_words(&text[..finding.byte_start]) && !has_words(&text[finding.byte_end..])
}

fn flag_problems(engine: &Engine, id: &str, rule: &Rule, example: &str) -> Vec<String> {
    let (rule_id, lang) = (rule.id.as_str(), rule.lang);
    let mut problems = Vec::new();
    let report = analyze_in(engine, example, lang);
    let Some(finding) = report.findings.iter().find(|f| f.rule == rule_id) else {
        let others: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
        problems.push(format!(
            "{id}: flag example does not fire: “{example}” (fired: {})",
            if others.is_empty() {
                "nothing".to_string()
            } else {
                crate::text::join(&others, ", ")
            }
        ));
        return problems;
    };
    // a rule that says why it has no rewrite has none to fill, and a reply that is the cold
    // words alone is never emptied by one
    if finding.rewrites.is_empty() && rule.why_no_rewrite.is_none() && !cold_words_alone(example, finding) {
        problems.push(format!("{id}: no rewrite could be filled for “{example}”"));
    }
    for rewrite in &finding.rewrites {
        let fixed = apply_rewrite(example, rewrite);
        let new_end = rewrite.start + rewrite.text.encode_utf16().count();
        let after = analyze_in(engine, &fixed, lang);
        for f in &after.findings {
            if f.rule == rule_id || (f.start < new_end.max(rewrite.start + 1) && rewrite.start < f.end) {
                problems.push(format!(
                    "{id}: rewrite ({}) of “{example}” gives “{fixed}”, which still fires {} on “{}”",
                    rewrite.strategy, f.rule, f.text
                ));
            }
        }
    }
    problems
}

/// Problems with the examples and rewrites of the rules named by `ids`, and with rules so
/// broad they would flag every reply; empty when all pass (see `run_examples` and
/// `broad_rules`).
pub fn check_rules<'a>(engine: &Engine, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let ids: Vec<&str> = ids.into_iter().collect();
    let mut problems: Vec<String> = run_examples(engine, ids.iter().copied())
        .into_iter()
        .flat_map(|outcome| outcome.problems)
        .collect();
    for &id in &ids {
        if engine.rule(id).is_some() {
            problems.extend(fact_problems(engine, id));
        }
    }
    problems.extend(broad_rules(engine, ids));
    problems
}

/// How often a rule may fire on the ordinary reply (`List::OrdinaryReply`) before it counts
/// as broad.
pub const BROAD_FINDINGS: usize = 3;

/// The rules named by `ids` that flag the ordinary reply `BROAD_FINDINGS` times or more, in
/// the order they first fire there: one problem each, naming up to five of the words it
/// flags. A pack with such a rule is refused, so it never paints every reply.
pub fn broad_rules<'a>(engine: &Engine, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let ids: Vec<&str> = ids.into_iter().collect();
    let report = engine.analyze(word_lists::words(List::OrdinaryReply), None);
    let mut fired: Vec<(&str, Vec<&str>)> = Vec::new();
    for f in report.findings.iter().filter(|f| ids.contains(&f.rule.as_str())) {
        match fired.iter_mut().find(|(id, _)| *id == f.rule) {
            Some((_, words)) => words.push(&f.text),
            None => fired.push((&f.rule, vec![&f.text])),
        }
    }
    fired
        .into_iter()
        .filter(|(_, words)| words.len() >= BROAD_FINDINGS)
        .map(|(id, words)| {
            let shown = crate::text::join(&words.iter().take(5).copied().collect::<Vec<&str>>(), "”, “");
            format!("rule '{id}': flags an ordinary reply (“{shown}”); a pattern this broad would flag every reply")
        })
        .collect()
}

/// Clauses of facts added to each flag example (before its final punctuation) to check that
/// rewrites keep what the agent wrote: numbers, dates, amounts, phone numbers, e-mail
/// addresses, URLs, hyphenated terms and product names.
const FACT_CLAUSES: &[&str] = &[
    " for order #4412 by 14 March",
    ", and the 30-day rate-limit on the AirFlow 2 Pro stays at $42.10",
    " (call +44 20 7946 0958 or write to help@acme.com)",
    " as described on https://acme.com/help/returns",
];

/// Words an agent adds after a cold phrase in English: a name, a time, a topic, the
/// template's own words. A rewrite must meet them cleanly, or not be offered.
const SEAM_TAILS: &[&str] = &[", Dan", " today", " about the refund", " again, I'm afraid"];

/// The same facts in the words of a Spanish reply.
const FACT_CLAUSES_ES: &[&str] = &[
    " para el pedido #4412 antes del 14 de marzo",
    ", y el rate-limit de 30 días del AirFlow 2 Pro sigue en $42.10",
    " (llame al +44 20 7946 0958 o escriba a help@acme.com)",
    " como se explica en https://acme.com/help/returns",
];

/// The same facts in the words of a German reply (a date with dots is one token: "14. März"
/// would end the sentence before a capital).
pub const FACT_CLAUSES_DE: &[&str] = &[
    " für die Bestellung #4412 bis zum 14.03.2026",
    ", und das 30-Tage-Limit des AirFlow 2 Pro bleibt bei 42,10 €",
    " (Telefon +44 20 7946 0958 oder help@acme.com)",
    " wie unter https://acme.com/help/returns beschrieben",
];

/// The same facts in the words of a French reply.
pub const FACT_CLAUSES_FR: &[&str] = &[
    " pour la commande #4412 avant le 14 mars",
    ", et la limite de 30 jours de l’AirFlow 2 Pro reste à 42,10 €",
    " (appelez le +44 20 7946 0958 ou écrivez à help@acme.com)",
    " comme expliqué sur https://acme.com/help/returns",
];

/// The clauses of facts for a rule's language.
fn fact_clauses(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Es => FACT_CLAUSES_ES,
        Lang::De => FACT_CLAUSES_DE,
        Lang::Fr => FACT_CLAUSES_FR,
        _ => FACT_CLAUSES,
    }
}

/// Each flag example, and each one with a clause of facts added, through each of the rule's
/// rewrites: the facts and most content words outside the cold frame survive, and the result
/// reads as clean text (no doubled word or space, no sentence starting with punctuation or a
/// lower-case letter).
pub fn fact_problems(engine: &Engine, rule_id: &str) -> Vec<String> {
    let Some(rule) = engine.rule(rule_id) else {
        return vec![format!("{rule_id}: not in force")];
    };
    let mut problems = Vec::new();
    // a rule whose template drops the rest of the sentence with the jibe ("the bright side
    // is ...") keeps the facts there but not its other words
    let drops_after = rule.rewrites.iter().any(|t| t.drops_rest());
    for example in &rule.examples.flag {
        let body = example.trim_end_matches(['.', '!', '?']);
        let mark = &example[body.len()..];
        let tails: &[&str] = if rule.lang == Lang::En { SEAM_TAILS } else { &[] };
        // (text, whether a rewrite must be offered): after a seam's tail none need be
        let variants = std::iter::once((example.clone(), true))
            .chain(
                fact_clauses(rule.lang)
                    .iter()
                    .map(|clause| (format!("{body}{clause}{mark}"), true)),
            )
            .chain(tails.iter().map(|tail| (format!("{body}{tail}{mark}"), false)));
        for (text, must_rewrite) in variants {
            let report = analyze_in(engine, &text, rule.lang);
            let Some(finding) = report.findings.iter().find(|f| f.rule == rule.id) else {
                continue; // the clause changed what the pattern sees; the plain example covers it
            };
            if finding.rewrites.is_empty()
                && must_rewrite
                && rule.why_no_rewrite.is_none()
                && !cold_words_alone(&text, finding)
            {
                problems.push(format!("{rule_id}: no rewrite keeps the facts of “{text}”"));
            }
            for rewrite in &finding.rewrites {
                let fixed = crate::apply_rewrite(&text, rewrite);
                let outside = format!("{} {}", &text[..finding.byte_start], &text[finding.byte_end..]);
                let already = form_problems(&text);
                for problem in lost_or_broken(&outside, &fixed, drops_after)
                    .into_iter()
                    .chain(seam_problems(&text, &fixed))
                    .filter(|p| !already.contains(p))
                {
                    problems.push(format!(
                        "{rule_id}: rewrite ({}) of “{text}” gives “{fixed}”: {problem}",
                        rewrite.strategy
                    ));
                }
            }
        }
    }
    problems
}

/// Where a rewrite meets the agent's words badly: the sentence lost its final mark, or a
/// template's capital follows a comma ("Honestly, Let's ...").
fn seam_problems(text: &str, fixed: &str) -> Vec<String> {
    let mut out = Vec::new();
    let marks = ['.', '!', '?', '\u{2026}'];
    let fixed_end = fixed.trim_end();
    if text.trim_end().ends_with(marks)
        && !fixed_end.is_empty()
        && !fixed_end.ends_with(marks)
        && !fixed_end.ends_with(':')
    {
        out.push("the sentence lost its final mark".into());
    }
    for (at, _) in fixed.match_indices(", ") {
        let word: String = fixed[at + 2..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '\'')
            .collect();
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if capital && !crate::rewrite::keeps_capital(&word) && !text.contains(&format!(", {word}")) {
            out.push(format!("a capital after a comma (“, {word}”)"));
        }
    }
    out
}

/// What a rewrite lost of `kept` (the text outside the cold frame) or broke in `fixed`;
/// `facts_only` where the rule may drop the other words with the jibe.
fn lost_or_broken(kept: &str, fixed: &str, facts_only: bool) -> Vec<String> {
    let mut out: Vec<String> = crate::rewrite::lost_facts(kept, fixed)
        .into_iter()
        .map(|term| format!("lost “{term}”"))
        .collect();
    let (kept_count, total) = crate::rewrite::content_words_kept(kept, fixed);
    if !facts_only && total >= 2 && kept_count * 10 < total * 8 {
        out.push(format!(
            "kept only {kept_count} of {total} content words outside the cold phrase"
        ));
    }
    out.extend(form_problems(fixed));
    out
}

/// How a text reads badly: doubled spaces or words, a sentence starting with punctuation
/// or a lower-case letter, a space before a comma, doubled marks.
fn form_problems(fixed: &str) -> Vec<String> {
    let mut out = Vec::new();
    if fixed.contains("  ") {
        out.push("a double space".into());
    }
    let words: Vec<String> = fixed
        .split_whitespace()
        .map(|w| w.to_lower().trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .collect();
    if let Some(pair) = words
        .windows(2)
        .find(|p| !p[0].is_empty() && p[0] == p[1] && p[0] != "that" && p[0] != "had")
    {
        out.push(format!("the word “{}” twice in a row", pair[0]));
    }
    let trimmed = fixed.trim_start();
    if trimmed.starts_with(|c: char| c.is_ascii_punctuation() && !"\"'(#$+".contains(c)) {
        out.push("starts with punctuation".into());
    }
    let mut chars = fixed.char_indices().peekable();
    let mut at_start = true;
    while let Some((_, c)) = chars.next() {
        if at_start && c.is_alphabetic() {
            if c.is_lowercase() {
                out.push("a sentence starts with a lower-case letter".into());
                break;
            }
            at_start = false;
        } else if c == '(' {
            at_start = false; // "(call us ...)" is an aside, not a sentence
        } else if ".!?".contains(c) && chars.peek().is_some_and(|(_, n)| *n == ' ') {
            at_start = true;
        } else if c.is_alphanumeric() {
            at_start = false;
        }
    }
    for bad in [" ,", " .", ",,", ",.", ".,", "?.", ". .", " ?"] {
        if fixed.contains(bad) {
            out.push(format!("“{bad}” in the text"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::parse_pack;
    use crate::EngineOptions;

    fn with_rule(id: &str, pattern: &str, flag: &str) -> Engine {
        let json = format!(
            r#"{{"schema": "rapport-pack/1", "name": "breadth", "version": "1", "rules": [{{"id": "{id}", "category": "team",
            "severity": "low", "patterns": ["{pattern}"], "message": "Written for this test.", "explanation": "Written for this test.",
            "rewrites": [{{"strategy": "personalize", "scope": "sentence", "text": "Thanks for the details on your order."}}],
            "examples": {{"flag": ["{flag}"], "allow": ["Noted, 42."]}}}}]}}"#
        );
        let pack = parse_pack(&json, "pack").unwrap_or_else(|e| panic!("{e:?}"));
        Engine::with_packs(&EngineOptions::default(), vec![pack]).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_rule_that_flags_the_words_of_any_reply_is_broad() {
        let engine = with_rule("every-word", "(the|you|to|and|a|i|we|it|is)", "Hello the");
        let problems = broad_rules(&engine, ["every-word"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("rule 'every-word': flags an ordinary reply (“")
                && problems[0].ends_with("); a pattern this broad would flag every reply")
                && problems[0].matches('“').count() == 5,
            "{}",
            problems[0]
        );
        assert!(check_rules(&engine, ["every-word"]).contains(&problems[0]));
    }

    #[test]
    fn a_rule_that_flags_one_phrase_of_a_reply_is_not_broad() {
        let engine = with_rule(
            "thanks-for-getting-in-touch",
            "thanks for getting in touch",
            "Thanks for getting in touch.",
        );
        assert_eq!(
            engine
                .analyze(word_lists::words(List::OrdinaryReply), None)
                .findings
                .len(),
            1
        );
        assert!(broad_rules(&engine, ["thanks-for-getting-in-touch"]).is_empty());
        // and the built-in rules are never broad
        let builtin = Engine::new(&EngineOptions::default()).unwrap_or_else(|e| panic!("{e:?}"));
        let ids: Vec<String> = builtin.rules().iter().map(|r| r.id.clone()).collect();
        assert!(broad_rules(&builtin, ids.iter().map(String::as_str)).is_empty());
    }
}
