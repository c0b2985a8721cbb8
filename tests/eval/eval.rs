//! `make eval`: how often Rapport flags real agent turns (false alarms), and how well the
//! warmth score separates the datasets' own classes (ROC AUC, bad class vs good class).
//! Writes target/eval/summary.json and the flagged turns for review.

#[path = "corpus.rs"]
mod corpus;

use rapport::{Engine, EngineOptions};
use std::collections::BTreeMap;
use std::io::Write;

/// Probability that a good item scores higher than a bad one (ties count half).
fn auc(bad: &[f64], good: &[f64]) -> f64 {
    let mut all: Vec<(f64, bool)> = bad
        .iter()
        .map(|&s| (s, false))
        .chain(good.iter().map(|&s| (s, true)))
        .collect();
    all.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    let mut rank_sum_good = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j].0 == all[i].0 {
            j += 1;
        }
        let avg_rank = (i + j + 1) as f64 / 2.0;
        rank_sum_good += avg_rank * all[i..j].iter().filter(|x| x.1).count() as f64;
        i = j;
    }
    let (ng, nb) = (good.len() as f64, bad.len() as f64);
    (rank_sum_good - ng * (ng + 1.0) / 2.0) / (ng * nb)
}

fn main() {
    let engine = Engine::new(&EngineOptions::default()).expect("catalog loads");
    let out_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/eval");
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut summary: BTreeMap<&str, f64> = BTreeMap::new();
    println!("corpora: {}", corpus::corpora_dir().display());

    for (key, file, review) in [
        ("sgd_flag_rate", "sgd_agent_turns.jsonl", "flagged_sgd.jsonl"),
        ("cs_flag_rate", "cs_agent_turns_small.jsonl", "flagged_cs.jsonl"),
    ] {
        let Some(items) = corpus::load(file) else {
            println!("{file}: absent, skipped");
            continue;
        };
        let mut flagged = std::fs::File::create(out_dir.join(review)).unwrap();
        let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
        let mut n = 0;
        for item in &items {
            let report = engine.analyze(&item.text, None);
            if report.findings.is_empty() {
                continue;
            }
            n += 1;
            for f in &report.findings {
                *per_rule.entry(f.rule.clone()).or_default() += 1;
            }
            let hits: Vec<_> = report
                .findings
                .iter()
                .map(|f| serde_json::json!({"rule": f.rule, "text": f.text}))
                .collect();
            writeln!(flagged, "{}", serde_json::json!({"text": item.text, "findings": hits})).unwrap();
        }
        let rate = n as f64 / items.len() as f64;
        summary.insert(key, rate);
        println!(
            "{file}: {n} of {} turns flagged ({:.3}%); review target/eval/{review}",
            items.len(),
            rate * 100.0
        );
        let mut top: Vec<_> = per_rule.into_iter().collect();
        top.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        for (rule, count) in top.iter().take(8) {
            println!("    {rule}: {count}");
        }
    }

    let separations: [(&str, &str, &str, &str, &str); 5] = [
        (
            "auc_stanford_wiki",
            "stanford_politeness_quartiles.jsonl",
            "stanford_politeness/wikipedia",
            "impolite",
            "polite",
        ),
        (
            "auc_stanford_se",
            "stanford_politeness_quartiles.jsonl",
            "stanford_politeness/stackexchange",
            "impolite",
            "polite",
        ),
        ("auc_holistic", "holistic_politeness_en.jsonl", "", "impolite", "polite"),
        (
            "auc_receptiveness",
            "receptiveness_and_warmth.jsonl",
            "yeomans_receptiveness",
            "low_receptive",
            "high_receptive",
        ),
        (
            "auc_epitome",
            "epitome_empathy.jsonl",
            "",
            "low_empathy",
            "high_empathy",
        ),
    ];
    for (key, file, source, bad_label, good_label) in separations {
        let Some(items) = corpus::load(file) else {
            println!("{file}: absent, skipped");
            continue;
        };
        let (mut bad, mut good) = (Vec::new(), Vec::new());
        for item in items.iter().filter(|i| source.is_empty() || i.source == source) {
            let score = engine.analyze(&item.text, None).score.value as f64;
            if item.label == bad_label {
                bad.push(score);
            } else if item.label == good_label {
                good.push(score);
            }
        }
        if bad.is_empty() || good.is_empty() {
            println!("{key}: no items with labels {bad_label}/{good_label}, skipped");
            continue;
        }
        let value = auc(&bad, &good);
        summary.insert(key, value);
        println!(
            "{key}: AUC {value:.3} ({} {bad_label} vs {} {good_label})",
            bad.len(),
            good.len()
        );
    }
    std::fs::write(
        out_dir.join("summary.json"),
        serde_json::to_string_pretty(&summary).unwrap(),
    )
    .unwrap();
    println!("wrote target/eval/summary.json");
}
