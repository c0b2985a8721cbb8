//! Rule examples are tests. The catalog meta-test, `rapport test` and the pack builder
//! all run them through this one function.

use crate::{apply_rewrite, Engine};

/// Problems with the examples and rewrites of the rules named by `ids`; empty when all
/// pass. Each flag example must fire its rule and yield at least one rewrite; applying a
/// rewrite must leave no finding of the rule and none on the rewritten words; each allow
/// example must fire nothing at all.
pub fn check_rules<'a>(engine: &Engine, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut problems = Vec::new();
    for id in ids {
        let Some(rule) = engine.rule(id) else {
            problems.push(format!("{id}: not in force (disabled by an override?)"));
            continue;
        };
        for example in &rule.examples.flag {
            let report = engine.analyze(example, None);
            let Some(finding) = report.findings.iter().find(|f| f.rule == rule.id) else {
                let others: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
                problems.push(format!(
                    "{id}: flag example does not fire: “{example}” (fired: {})",
                    if others.is_empty() {
                        "nothing".to_string()
                    } else {
                        others.join(", ")
                    }
                ));
                continue;
            };
            if finding.rewrites.is_empty() {
                problems.push(format!("{id}: no rewrite could be filled for “{example}”"));
            }
            for rewrite in &finding.rewrites {
                let fixed = apply_rewrite(example, rewrite);
                let new_end = rewrite.start + rewrite.text.encode_utf16().count();
                let after = engine.analyze(&fixed, None);
                for f in &after.findings {
                    if f.rule == rule.id || (f.start < new_end.max(rewrite.start + 1) && rewrite.start < f.end) {
                        problems.push(format!(
                            "{id}: rewrite ({}) of “{example}” gives “{fixed}”, which still fires {} on “{}”",
                            rewrite.strategy, f.rule, f.text
                        ));
                    }
                }
            }
        }
        for example in &rule.examples.allow {
            let report = engine.analyze(example, None);
            for f in &report.findings {
                problems.push(format!(
                    "{id}: allow example “{example}” fires {} on “{}”",
                    f.rule, f.text
                ));
            }
        }
    }
    problems
}
