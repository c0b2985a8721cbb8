//! Rule examples are tests. The catalog meta-test, `rapport test` and the pack builder
//! all run them through this one function.

use crate::{apply_rewrite, Engine};
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
/// example must fire its rule and yield at least one rewrite; applying a rewrite must
/// leave no finding of the rule and none on the rewritten words; each allow example must
/// fire nothing at all. A rule that is not in force gives one outcome without example text.
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
                problems: flag_problems(engine, id, &rule.id, example),
            });
        }
        for example in &rule.examples.allow {
            let report = engine.analyze(example, None);
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

fn flag_problems(engine: &Engine, id: &str, rule_id: &str, example: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let report = engine.analyze(example, None);
    let Some(finding) = report.findings.iter().find(|f| f.rule == rule_id) else {
        let others: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
        problems.push(format!(
            "{id}: flag example does not fire: “{example}” (fired: {})",
            if others.is_empty() {
                "nothing".to_string()
            } else {
                others.join(", ")
            }
        ));
        return problems;
    };
    if finding.rewrites.is_empty() {
        problems.push(format!("{id}: no rewrite could be filled for “{example}”"));
    }
    for rewrite in &finding.rewrites {
        let fixed = apply_rewrite(example, rewrite);
        let new_end = rewrite.start + rewrite.text.encode_utf16().count();
        let after = engine.analyze(&fixed, None);
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

/// Problems with the examples and rewrites of the rules named by `ids`; empty when all
/// pass (see `run_examples`).
pub fn check_rules<'a>(engine: &Engine, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    run_examples(engine, ids)
        .into_iter()
        .flat_map(|outcome| outcome.problems)
        .collect()
}
