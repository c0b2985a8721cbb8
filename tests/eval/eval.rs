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

/// The options: RAPPORT_EVAL_RULES_ONLY=1 turns the learned second opinion off, to
/// measure what the rules alone find.
fn options() -> EngineOptions {
    if std::env::var_os("RAPPORT_EVAL_RULES_ONLY").is_some() {
        EngineOptions {
            disabled_rules: vec![rapport::engine::SECOND_OPINION.to_string()],
            ..Default::default()
        }
    } else {
        EngineOptions::default()
    }
}

/// The built-in catalog, plus the rule files named in RAPPORT_EVAL_RULES (space-separated
/// paths), so a rule can be measured before it is compiled into the catalog.
fn engine() -> Engine {
    let extra: Vec<serde_json::Value> = std::env::var("RAPPORT_EVAL_RULES")
        .unwrap_or_default()
        .split_whitespace()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .collect();
    if extra.is_empty() {
        return Engine::new(&options()).expect("catalog loads");
    }
    println!("with {} rule file(s) from RAPPORT_EVAL_RULES", extra.len());
    let pack = serde_json::json!({"schema": rapport::catalog::PACK_SCHEMA, "name": "eval-extra", "version": "0", "rules": extra});
    let pack = rapport::catalog::read_pack(&pack, "eval-extra").unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )
    });
    Engine::with_packs(&options(), vec![pack]).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )
    })
}

fn main() {
    let engine = engine();
    let only_banks = std::env::args().any(|a| a == "--banks");
    // RAPPORT_EVAL_OUT: another folder for the review files (several people measuring at once)
    let out_dir = std::env::var_os("RAPPORT_EVAL_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/eval"));
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut summary: BTreeMap<&str, f64> = BTreeMap::new();
    println!("corpora: {}", corpus::corpora_dir().display());
    println!(
        "learned second opinion: {}",
        if std::env::var_os("RAPPORT_EVAL_RULES_ONLY").is_some() {
            "off (RAPPORT_EVAL_RULES_ONLY: the rules alone)"
        } else {
            "on, as shipped (RAPPORT_EVAL_RULES_ONLY=1 measures the rules alone)"
        }
    );

    for (key, file, review) in if only_banks {
        vec![]
    } else {
        vec![
            ("sgd_flag_rate", "sgd_agent_turns.jsonl", "flagged_sgd.jsonl"),
            ("cs_flag_rate", "cs_agent_turns_small.jsonl", "flagged_cs.jsonl"),
        ]
    } {
        let Some(items) = corpus::load(file) else {
            println!("{file}: absent, skipped");
            continue;
        };
        let mut flagged = std::fs::File::create(out_dir.join(review)).unwrap();
        let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
        let mut n = 0;
        let mut moves_shown = 0;
        // turns the learned second opinion flags, by split: it trained on SGD's train split
        let mut second_opinion: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for item in &items {
            let report = engine.analyze(&item.text, None);
            moves_shown += report.moves.iter().filter(|m| m.needed).count();
            let split = second_opinion.entry(item.split.as_str()).or_default();
            split.1 += 1;
            if report
                .findings
                .iter()
                .any(|f| f.rule == rapport::engine::SECOND_OPINION)
            {
                split.0 += 1;
            }
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
            "{file}: {:.2} missing moves suggested per turn on average (at most 2 each)",
            moves_shown as f64 / items.len() as f64
        );
        println!(
            "{file}: {n} of {} turns flagged ({:.3}%); review target/eval/{review}",
            items.len(),
            rate * 100.0
        );
        if let Some((hits, all)) = second_opinion.get("test") {
            println!(
                "{file}: the learned second opinion flags {hits} of the {all} turns of the test split it never saw ({:.3}%)",
                100.0 * *hits as f64 / *all as f64
            );
            summary.insert("sgd_test_second_opinion_rate", *hits as f64 / *all as f64);
        }
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
    for &(key, file, source, bad_label, good_label) in if only_banks {
        &separations[..0]
    } else {
        &separations[..]
    } {
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
    phrase_bank(&engine, &out_dir, &mut summary);
    for bank in LANGUAGE_BANKS {
        language_bank(&engine, bank, &out_dir, &mut summary);
    }
    language_detector(&mut summary);
    probes(&engine, &out_dir, &mut summary);
    customer_bank(&engine, &out_dir, &mut summary);
    customer_languages(&engine, &out_dir, &mut summary);
    std::fs::write(
        out_dir.join("summary.json"),
        serde_json::to_string_pretty(&summary).unwrap(),
    )
    .unwrap();
    println!("wrote {}", out_dir.join("summary.json").display());
}

fn bank_lines(bank: &str, half: &str) -> Vec<serde_json::Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/{bank}/{half}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1)))
        .collect()
}

/// Recall on the cold phrasings of each half, by family, and the false-alarm rate on the
/// warm alternatives. The work half's misses are written for rule writing; the sealed
/// half's never are.
/// Hits and items, per half (work, sealed).
type Halves = [(usize, usize); 2];

fn pct((hits, all): (usize, usize)) -> f64 {
    if all == 0 {
        f64::NAN
    } else {
        100.0 * hits as f64 / all as f64
    }
}

/// One row of a work/sealed table.
fn print_row(label: &str, cells: &Halves) {
    println!(
        "    {:<20} {:>6.1}% {:>4}/{:<4} {:>6.1}% {:>4}/{:<4}",
        label,
        pct(cells[0]),
        cells[0].0,
        cells[0].1,
        pct(cells[1]),
        cells[1].0,
        cells[1].1
    );
}

/// The rate of both halves, for one line of prose.
fn rates(cells: &Halves) -> String {
    format!(
        "work {:.1}% ({}/{}), sealed {:.1}% ({}/{})",
        pct(cells[0]),
        cells[0].0,
        cells[0].1,
        pct(cells[1]),
        cells[1].0,
        cells[1].1
    )
}

/// The halves to measure: RAPPORT_EVAL_WORK_ONLY=1 hides the sealed half's figures while
/// rules are being written.
fn halves() -> &'static [&'static str] {
    if std::env::var_os("RAPPORT_EVAL_WORK_ONLY").is_some() {
        &["work"]
    } else {
        &["work", "sealed"]
    }
}

fn phrase_bank(engine: &Engine, out_dir: &std::path::Path, summary: &mut BTreeMap<&str, f64>) {
    println!("\nphrase bank (tests/data/phrasebank): recall on cold phrasings, false alarms on warm ones");
    let mut table: BTreeMap<String, Halves> = BTreeMap::new();
    // Cold lines by the scope two annotators agreed on, blind to the engine: "reply" is
    // cold in any written support reply; "context" only in a setting the phrase does not
    // carry; "fine" is ordinary in a reply (tests/data/phrasebank/scope/README.md).
    let mut by_scope: BTreeMap<String, Halves> = BTreeMap::new();
    let mut warm: Halves = [(0, 0); 2];
    // the same without the learned second opinion: what the rules alone find
    let mut rules_alone: Halves = [(0, 0); 2];
    let mut rules_alone_warm: Halves = [(0, 0); 2];
    let by_rules = |report: &rapport::Report| {
        report
            .findings
            .iter()
            .any(|f| f.rule != rapport::engine::SECOND_OPINION)
    };
    for (h, half) in halves().iter().copied().enumerate() {
        let mut misses = (h == 0).then(|| std::fs::File::create(out_dir.join("bank_misses_work.jsonl")).unwrap());
        let mut alarms = (h == 0).then(|| std::fs::File::create(out_dir.join("bank_warm_flagged_work.jsonl")).unwrap());
        for line in bank_lines("phrasebank", half) {
            let text = line["text"].as_str().unwrap_or_default();
            let family = line["family"].as_str().unwrap_or("?").to_string();
            let report = engine.analyze(text, None);
            let flagged = !report.findings.is_empty();
            let tally = if line["kind"] == "warm" {
                &mut rules_alone_warm
            } else {
                &mut rules_alone
            };
            tally[h].1 += 1;
            tally[h].0 += by_rules(&report) as usize;
            if line["kind"] == "warm" {
                warm[h].1 += 1;
                if flagged {
                    warm[h].0 += 1;
                    if let Some(f) = alarms.as_mut() {
                        let rules: Vec<_> = report.findings.iter().map(|f| f.rule.as_str()).collect();
                        writeln!(
                            f,
                            "{}",
                            serde_json::json!({"text": text, "family": family, "rules": rules})
                        )
                        .unwrap();
                    }
                }
                continue;
            }
            let scope = line["scope"].as_str().unwrap_or("unannotated").to_string();
            let scoped = &mut by_scope.entry(scope.clone()).or_default()[h];
            scoped.1 += 1;
            scoped.0 += flagged as usize;
            let cell = &mut table.entry(family.clone()).or_default()[h];
            cell.1 += 1;
            if flagged {
                cell.0 += 1;
            } else if let Some(f) = misses.as_mut() {
                writeln!(
                    f,
                    "{}",
                    serde_json::json!({"text": text, "family": family, "scope": scope})
                )
                .unwrap();
            }
        }
    }
    let totals = print_family_table(&table);
    print_row("all", &totals);
    print_row("rules alone", &rules_alone);
    println!("    by scope (the label the annotators agree on; tests/data/phrasebank/scope):");
    for (scope, cells) in &by_scope {
        print_row(&format!("  {scope}"), cells);
    }
    println!("    warm flagged by rules alone: {}", rates(&rules_alone_warm));
    println!(
        "    warm alternatives flagged: {}; review target/eval/bank_warm_flagged_work.jsonl, misses target/eval/bank_misses_work.jsonl",
        rates(&warm)
    );
    summary.insert("bank_recall_work", pct(totals[0]) / 100.0);
    summary.insert("bank_recall_sealed", pct(totals[1]) / 100.0);
    if let Some(reply) = by_scope.get("reply") {
        summary.insert("bank_recall_reply_scope_work", pct(reply[0]) / 100.0);
        summary.insert("bank_recall_reply_scope_sealed", pct(reply[1]) / 100.0);
    }
    summary.insert("bank_recall_rules_alone_work", pct(rules_alone[0]) / 100.0);
    summary.insert("bank_recall_rules_alone_sealed", pct(rules_alone[1]) / 100.0);
    summary.insert("bank_warm_flag_rate_work", pct(warm[0]) / 100.0);
    summary.insert("bank_warm_flag_rate_sealed", pct(warm[1]) / 100.0);
}

/// Prints a bank's recall per family, work and sealed, and returns the totals.
fn print_family_table(table: &BTreeMap<String, Halves>) -> Halves {
    println!("    {:<20} {:>16} {:>16}", "family", "work", "sealed");
    let mut totals: Halves = [(0, 0); 2];
    for (family, cells) in table {
        print_row(family, cells);
        for h in 0..2 {
            totals[h].0 += cells[h].0;
            totals[h].1 += cells[h].1;
        }
    }
    totals
}

/// A phrase bank in another language than English, and the names its figures go under.
struct LanguageBank {
    code: &'static str,
    name: &'static str,
    folder: &'static str,
    /// Summary keys: recall (work, sealed), recall with the language detected (work,
    /// sealed), warm false alarms (work, sealed), and the detector's share of the work half.
    keys: [&'static str; 7],
}

const LANGUAGE_BANKS: &[LanguageBank] = &[
    LanguageBank {
        code: "es",
        name: "Spanish",
        folder: "phrasebank-es",
        keys: [
            "es_bank_recall_work",
            "es_bank_recall_sealed",
            "es_bank_recall_detected_work",
            "es_bank_recall_detected_sealed",
            "es_bank_warm_flag_rate_work",
            "es_bank_warm_flag_rate_sealed",
            "lang_es_bank_spanish_work",
        ],
    },
    LanguageBank {
        code: "de",
        name: "German",
        folder: "phrasebank-de",
        keys: [
            "de_bank_recall_work",
            "de_bank_recall_sealed",
            "de_bank_recall_detected_work",
            "de_bank_recall_detected_sealed",
            "de_bank_warm_flag_rate_work",
            "de_bank_warm_flag_rate_sealed",
            "lang_de_bank_german_work",
        ],
    },
    LanguageBank {
        code: "fr",
        name: "French",
        folder: "phrasebank-fr",
        keys: [
            "fr_bank_recall_work",
            "fr_bank_recall_sealed",
            "fr_bank_recall_detected_work",
            "fr_bank_recall_detected_sealed",
            "fr_bank_warm_flag_rate_work",
            "fr_bank_warm_flag_rate_sealed",
            "lang_fr_bank_french_work",
        ],
    },
    LanguageBank {
        code: "pt",
        name: "Portuguese",
        folder: "phrasebank-pt",
        keys: [
            "pt_bank_recall_work",
            "pt_bank_recall_sealed",
            "pt_bank_recall_detected_work",
            "pt_bank_recall_detected_sealed",
            "pt_bank_warm_flag_rate_work",
            "pt_bank_warm_flag_rate_sealed",
            "lang_pt_bank_portuguese_work",
        ],
    },
];

/// A bank in another language (tests/data/phrasebank-es, -de, -fr, -pt): recall on the cold lines
/// and false alarms on the warm ones, each line read twice: as a reply whose language the
/// agent has set (`lang: "es"`), and with the language detected from the line alone (a
/// bank line is a fragment of a few words; a whole reply gives the detector more to go on).
fn language_bank(engine: &Engine, bank: &LanguageBank, out_dir: &std::path::Path, summary: &mut BTreeMap<&str, f64>) {
    let (code, name, folder) = (bank.code, bank.name, bank.folder);
    println!("\n{name} phrase bank (tests/data/{folder}): recall on cold phrasings, false alarms on warm ones");
    let set = rapport::engine::AnalyzeContext {
        lang: Some(code.into()),
        ..Default::default()
    };
    let mut table: BTreeMap<String, Halves> = BTreeMap::new();
    let (mut detected, mut warm, mut warm_detected): (Halves, Halves, Halves) = Default::default();
    let misses_file = format!("{code}_bank_misses_work.jsonl");
    let alarms_file = format!("{code}_bank_warm_flagged_work.jsonl");
    for (h, half) in halves().iter().copied().enumerate() {
        let mut misses = (h == 0).then(|| std::fs::File::create(out_dir.join(&misses_file)).unwrap());
        let mut alarms = (h == 0).then(|| std::fs::File::create(out_dir.join(&alarms_file)).unwrap());
        for line in bank_lines(folder, half) {
            let text = line["text"].as_str().unwrap_or_default();
            let family = line["family"].as_str().unwrap_or("?").to_string();
            let report = engine.analyze(text, Some(&set));
            let flagged = !report.findings.is_empty();
            let flagged_detected = !engine.analyze(text, None).findings.is_empty();
            if line["kind"] == "warm" {
                warm[h].1 += 1;
                warm[h].0 += flagged as usize;
                warm_detected[h].1 += 1;
                warm_detected[h].0 += flagged_detected as usize;
                if let (true, Some(f)) = (flagged, alarms.as_mut()) {
                    let rules: Vec<_> = report.findings.iter().map(|f| f.rule.as_str()).collect();
                    writeln!(
                        f,
                        "{}",
                        serde_json::json!({"text": text, "family": family, "rules": rules})
                    )
                    .unwrap();
                }
                continue;
            }
            detected[h].1 += 1;
            detected[h].0 += flagged_detected as usize;
            let cell = &mut table.entry(family.clone()).or_default()[h];
            cell.1 += 1;
            if flagged {
                cell.0 += 1;
            } else if let Some(f) = misses.as_mut() {
                writeln!(f, "{}", serde_json::json!({"text": text, "family": family})).unwrap();
            }
        }
    }
    let totals = print_family_table(&table);
    print_row("all (lang set)", &totals);
    print_row("all (detected)", &detected);
    println!("    warm alternatives flagged (lang set): {}", rates(&warm));
    println!("    warm alternatives flagged (detected): {}", rates(&warm_detected));
    println!(
        "    no real {name} agent turns are on this machine: no {name} false-alarm rate on real replies; \
         review target/eval/{alarms_file}, misses target/eval/{misses_file}"
    );
    let [recall_work, recall_sealed, detected_work, detected_sealed, warm_work, warm_sealed, _] = bank.keys;
    summary.insert(recall_work, pct(totals[0]) / 100.0);
    summary.insert(recall_sealed, pct(totals[1]) / 100.0);
    summary.insert(detected_work, pct(detected[0]) / 100.0);
    summary.insert(detected_sealed, pct(detected[1]) / 100.0);
    summary.insert(warm_work, pct(warm[0]) / 100.0);
    summary.insert(warm_sealed, pct(warm[1]) / 100.0);
}

/// How often the language detector names the language a text is in: English on the English
/// bank's work half and on the SGD agent turns (an English reply read as another language
/// would lose the English rules), each other bank's language on its lines.
fn language_detector(summary: &mut BTreeMap<&str, f64>) {
    use rapport::lang::{detect, Lang};
    println!("\nlanguage detector (each text as one reply)");
    let share = |texts: &[String], lang: Lang| {
        let hits = texts.iter().filter(|t| detect(t) == lang).count();
        (hits, texts.len())
    };
    let texts = |bank: &str, half: &str| -> Vec<String> {
        bank_lines(bank, half)
            .iter()
            .filter_map(|l| l["text"].as_str().map(str::to_string))
            .collect()
    };
    let en_bank = share(&texts("phrasebank", "work"), Lang::En);
    println!(
        "    English bank (work) read as English: {:.2}% ({}/{})",
        pct(en_bank),
        en_bank.0,
        en_bank.1
    );
    if let Some(items) = corpus::load("sgd_agent_turns.jsonl") {
        let sgd: Vec<String> = items.into_iter().map(|i| i.text).collect();
        let en = share(&sgd, Lang::En);
        println!(
            "    SGD agent turns read as English: {:.3}% ({}/{})",
            pct(en),
            en.0,
            en.1
        );
        summary.insert("lang_sgd_english", pct(en) / 100.0);
    }
    for bank in LANGUAGE_BANKS {
        let lang = Lang::parse(bank.code).expect("a bank names a known language");
        let mut read: Halves = [(0, 0); 2];
        for (h, half) in halves().iter().copied().enumerate() {
            read[h] = share(&texts(bank.folder, half), lang);
        }
        println!("    {} bank lines read as {}: {}", bank.name, bank.name, rates(&read));
        summary.insert(bank.keys[6], pct(read[0]) / 100.0);
    }
}

/// The probes written for the purpose (tests/data/probes): recall per set, and how many of
/// the lines marked fine are flagged.
fn probes(engine: &Engine, out_dir: &std::path::Path, summary: &mut BTreeMap<&str, f64>) {
    println!("\nprobes written for the purpose (tests/data/probes): recall per set");
    summary.insert("probe_recall", probe_set(engine, "round4") / 100.0);
    // rounds 6 and 7: new phrasings of the weakest families on the sealed half, one set per family
    for file in [
        "round6",
        "round6b",
        "round6c",
        "round6d",
        "round6e",
        "round7",
        "round7b",
        "round8",
        "round8b",
        "round8c",
        "round9",
        "round12-names",
        "round15",
        "round15b",
        "round16",
        "round16b",
        // session 17: four blind sittings; rules were written from a and b only, c and d
        // are held out and counted
        "round17a",
        "round17b",
        "round17c",
        "round17d",
        // session 18: four more blind sittings (insurance claims, energy billing, food
        // delivery chat, subscriptions); rules from a and b only, c and d held out
        "round18a",
        "round18b",
        "round18c",
        "round18d",
        // session 19: four more blind sittings; round18c and d became work sets, round19c
        // and d are held out and counted
        "round19a",
        "round19b",
        "round19c",
        "round19d",
        // session 20: four more blind sittings (pet pharmacy, car rental, game store chat,
        // clinic bookings); round19c and d became work sets, round20c and d are held
        "round20a",
        "round20b",
        "round20c",
        "round20d",
        // session 21: four more blind sittings (insurance claims, furniture delivery,
        // trading-app chat, payroll software support); round20c and d became work sets,
        // round21c and d are held
        "round21a",
        "round21b",
        "round21c",
        "round21d",
        // session 21, second round: four more blind sittings (holiday rentals, a
        // university's student services, an airline loyalty chat, a city council helpline);
        // round21c and d became work sets, round22c and d are held
        "round22a",
        "round22b",
        "round22c",
        "round22d",
        // session 22: four more blind sittings (a mobile carrier's e-mail, cloud accounting
        // tickets, a food-delivery chat, a private clinic's helpline); round22c and d became
        // work sets, round23c and d are held
        "round23a",
        "round23b",
        "round23c",
        "round23d",
        // session 22, second round: four more blind sittings (an electronics retailer's
        // e-mail, a gym chain's member services, a game publisher's player chat, a water and
        // power utility); round23c and d became work sets, round24c and d are held
        "round24a",
        "round24b",
        "round24c",
        "round24d",
        // session 22, at its end: four more blind sittings (car rental, an online bank's
        // secure messages, a ride-hailing chat, a furniture store), all four held
        "round25a",
        "round25b",
        "round25c",
        "round25d",
        // session 22, third round: four more blind sittings (a home insurance broker, a
        // meal-kit subscription, a mobile-money app's chat, a ticketing site); round24c and d
        // became work sets, round26c and d are held
        "round26a",
        "round26b",
        "round26c",
        "round26d",
        // session 23: four more blind sittings (a broadband provider, a hospital's outpatient
        // line, a budget airline's baggage team, a property manager); a and b trained the
        // learned second opinion's last run, c and d are held
        "round27a",
        "round27b",
        "round27c",
        "round27d",
        "round28a",
        "round28b",
        "round28c",
        "round28d",
        "round29a",
        "round29b",
        "round29c",
        "round29d",
        // session 26: a pet-supplies shop, a bank's card disputes team, a mobile game's
        // player support, a flat-pack furniture retailer; c and d are held
        "round30a",
        "round30b",
        "round30c",
        "round30d",
        // session 26, after the round30 fixes: a hotel chain's reservations desk, a ticket
        // resale marketplace; read (their top rewrites) and trained on
        "round31a",
        "round31b",
        // session 26, after the round31 fixes: a mobile network's prepaid support, an
        // e-scooter rental app; read (their top rewrites)
        "round32a",
        "round32b",
        // session 26, after the round32 fixes and the widening: a home insurer's claims
        // line, a language-learning app's billing support; read (their top rewrites)
        "round33a",
        "round33b",
        // session 27: a vets' group's appointments and billing desk, a parcel courier's
        // customer line; c and d (a dental insurance plan's member services, a city council's
        // contact centre) are held
        "round34a",
        "round34b",
        "round34c",
        "round34d",
        // session 27, after the round34 fixes: a car insurer's claims chat, an electronics
        // retailer's returns desk; read (their top rewrites)
        "round35a",
        "round35b",
        // session 28, after the round35 fixes: a home-appliance repair company's callout
        // desk, a visa application centre's enquiries desk; read (their top rewrites)
        "round36a",
        "round36b",
        // session 28, after the round36 fixes: a letting agency's tenant desk, an online
        // pharmacy's patient chat; read (their top rewrites)
        "round37a",
        "round37b",
        // session 29, after the round36/37 fixes: an airline's lost-baggage desk, a payroll
        // software company's support desk; read (their top rewrites)
        "round38a",
        "round38b",
        // session 29, after the round38 fixes: a gym chain's membership desk, a home internet
        // provider's support chat; read (their top rewrites)
        "round39a",
        "round39b",
        // session 30, after the round39 fixes: a telehealth service's patient support, a
        // university's student accommodation and fees office; read (their top rewrites)
        "round40a",
        "round40b",
        // session 30, after the round40 fixes: a car rental company's post-rental support, a
        // food delivery app's support chat; read (their top rewrites)
        "round41a",
        "round41b",
        // session 30, after the round41 fixes: an energy supplier's billing desk, a
        // marketplace's seller support; read (their top rewrites)
        "round42a",
        "round42b",
        "round43a",
        "round43b",
        "round44a",
        "round44b",
        "round45a",
        "round45b",
        "round46a",
        "round46b",
    ] {
        println!("\n{file} probes (tests/data/probes/{file}.jsonl): recall per family");
        probe_set(engine, file);
    }

    warm_probes(engine, out_dir);

    for set in [
        "customer-round4",
        "customer-round5",
        "customer-round7",
        "customer-round7b",
        "customer-round8",
    ] {
        customer_probes(engine, set);
    }
}

/// One probe file: recall per set (or family) and overall, and how many fine lines are
/// flagged. Returns the overall recall in percent.
fn probe_set(engine: &Engine, file: &str) -> f64 {
    let mut sets: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut fine = (0, 0);
    for line in bank_lines("probes", file) {
        let text = line["text"].as_str().unwrap_or_default();
        let flagged = !engine.analyze(text, None).findings.is_empty();
        if line["kind"] == "fine" {
            fine.1 += 1;
            fine.0 += flagged as usize;
            continue;
        }
        let set = sets.entry(line["set"].as_str().unwrap_or("?").to_string()).or_default();
        set.1 += 1;
        set.0 += flagged as usize;
    }
    let mut all = (0, 0);
    for (set, cell) in &sets {
        println!("    {:<20} {:>6.1}% {:>4}/{:<4}", set, pct(*cell), cell.0, cell.1);
        all.0 += cell.0;
        all.1 += cell.1;
    }
    println!("    {:<20} {:>6.1}% {:>4}/{:<4}", "all", pct(all), all.0, all.1);
    println!("    fine lines flagged: {}/{}", fine.0, fine.1);
    pct(all)
}

/// The warm and neutral replies of the warm sittings (tests/data/probes/warm*.jsonl): how many
/// each file flags. Only the work halves' flagged lines are written out; the held-out halves
/// (`-held`) and the sittings that set the learned second opinion's threshold
/// (`-threshold`) are counts, so that no rule is written from the lines that judge it.
fn warm_probes(engine: &Engine, out_dir: &std::path::Path) {
    // the same catalog for a team that writes in the formal register
    let formal = Engine::new(&EngineOptions {
        formal_register: true,
        ..options()
    })
    .expect("catalog loads");
    println!("\nwarm sittings (tests/data/probes/warm*.jsonl): warm and neutral replies flagged");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/probes");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter_map(|name| Some(name.strip_suffix(".jsonl")?.to_string()))
                .filter(|name| name.starts_with("warm"))
                .collect()
        })
        .unwrap_or_default();
    // by sitting number, each work half before its held half
    files.sort_by_key(|name| {
        let number: u32 = name[4..].split('-').next().and_then(|n| n.parse().ok()).unwrap_or(0);
        (number, name.clone())
    });
    for file in &files {
        let counted_only = file.contains("-held") || file.contains("-threshold");
        let review = (!counted_only).then(|| format!("{file}_flagged.jsonl"));
        let mut alarms = review.as_ref().map(|r| std::fs::File::create(out_dir.join(r)).unwrap());
        let (mut flagged, mut all, mut by_model, mut formally) = (0, 0, 0, 0);
        for line in bank_lines("probes", file) {
            let text = line["text"].as_str().unwrap_or_default();
            let report = engine.analyze(text, None);
            all += 1;
            formally += !formal.analyze(text, None).findings.is_empty() as usize;
            if report.findings.is_empty() {
                continue;
            }
            flagged += 1;
            if report
                .findings
                .iter()
                .all(|f| f.rule == rapport::engine::SECOND_OPINION)
            {
                by_model += 1;
            }
            if let Some(f) = alarms.as_mut() {
                let rules: Vec<_> = report.findings.iter().map(|f| f.rule.as_str()).collect();
                writeln!(
                    f,
                    "{}",
                    serde_json::json!({"text": text, "set": line["set"], "rules": rules})
                )
                .unwrap();
            }
        }
        let note = review
            .map(|r| format!("; review {}", out_dir.join(r).display()))
            .unwrap_or_default();
        println!(
            "    {file:<20} {:>6.1}% {flagged:>4}/{all:<4} ({by_model} by the learned second opinion alone; {formally} with the formal register on){note}",
            pct((flagged, all))
        );
    }
}

/// Whether a signal read answers a label: the banks' `leaving` covers a customer who
/// threatens to leave and one who simply asks to cancel, which the engine reads apart
/// (`leaving`, `cancelling`) because only the first is upset.
fn carries(read: &str, label: &str) -> bool {
    read == label || (label == "leaving" && read == "cancelling")
}

fn customer_probes(engine: &Engine, set: &str) {
    let (mut found, mut wanted, mut calm_read, mut calm, mut unlabelled) = (0, 0, 0, 0, 0);
    let mut by_signal: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in bank_lines("probes", set) {
        let message = line["text"].as_str().unwrap_or_default();
        let context = rapport::AnalyzeContext {
            customer_message: Some(message.to_string()),
            ..Default::default()
        };
        let report = engine.analyze("Hi", Some(&context));
        let read: Vec<String> = report
            .customer
            .map(|c| c.signals.iter().map(|s| s.id.to_string()).collect())
            .unwrap_or_default();
        let want: Vec<&str> = line["signals"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
            .collect();
        if want.is_empty() {
            calm += 1;
            calm_read += !read.is_empty() as usize;
        }
        // a signal read on a labelled message that its label does not carry is as wrong
        // as one read on a calm message, and the calm count alone would not show it
        unlabelled += read.iter().filter(|r| !want.iter().any(|w| carries(r, w))).count();
        wanted += want.len();
        for w in &want {
            let cell = by_signal.entry(w.to_string()).or_default();
            cell.1 += 1;
            if read.iter().any(|r| carries(r, w)) {
                cell.0 += 1;
                found += 1;
            }
        }
    }
    println!(
        "    {set}: signals read {found}/{wanted} ({:.1}%), calm messages with a signal {calm_read}/{calm}, signals read that the labels do not carry {unlabelled}",
        pct((found, wanted))
    );
    for (signal, cell) in &by_signal {
        println!(
            "        {:<16} {:>6.1}% {:>4}/{:<4}",
            signal,
            pct(*cell),
            cell.0,
            cell.1
        );
    }
}

/// A customer bank line's labelled signals and the signals the engine reads in its text.
fn labelled_and_read<'a>(engine: &Engine, line: &'a serde_json::Value) -> (Vec<&'a str>, Vec<String>) {
    let want = line["signals"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let got = engine
        .read_customer(line["text"].as_str().unwrap_or_default())
        .signals
        .into_iter()
        .map(|s| s.id.to_string())
        .collect();
    (want, got)
}

/// Per signal: recall on the messages that carry it; and the share of calm messages
/// (no signal) that raise any signal.
fn customer_bank(engine: &Engine, out_dir: &std::path::Path, summary: &mut BTreeMap<&str, f64>) {
    println!("\ncustomer-message bank (tests/data/customerbank): recall per signal, false signals on calm messages");
    let mut table: BTreeMap<String, Halves> = BTreeMap::new();
    let mut calm: Halves = [(0, 0); 2];
    for (h, half) in halves().iter().copied().enumerate() {
        let mut review = (h == 0).then(|| std::fs::File::create(out_dir.join("customer_misses_work.jsonl")).unwrap());
        for line in bank_lines("customerbank", half) {
            let text = line["text"].as_str().unwrap_or_default();
            let (want, got) = labelled_and_read(engine, &line);
            if want.is_empty() {
                calm[h].1 += 1;
                if !got.is_empty() {
                    calm[h].0 += 1;
                    if let Some(f) = review.as_mut() {
                        writeln!(f, "{}", serde_json::json!({"text": text, "want": want, "got": got})).unwrap();
                    }
                }
            }
            for w in &want {
                let cell = &mut table.entry(w.to_string()).or_default()[h];
                cell.1 += 1;
                if got.iter().any(|g| carries(g, w)) {
                    cell.0 += 1;
                } else if let Some(f) = review.as_mut() {
                    writeln!(f, "{}", serde_json::json!({"text": text, "want": want, "got": got})).unwrap();
                }
            }
        }
    }
    println!("    {:<20} {:>16} {:>16}", "signal", "work", "sealed");
    for (signal, cells) in &table {
        print_row(signal, cells);
    }
    println!(
        "    calm messages with a false signal: {}; review target/eval/customer_misses_work.jsonl",
        rates(&calm)
    );
    summary.insert("customer_false_signal_work", pct(calm[0]) / 100.0);
    summary.insert("customer_false_signal_sealed", pct(calm[1]) / 100.0);
}

/// The customer messages written in Spanish, German, French and Portuguese
/// (tests/data/probes/customer-es-de.jsonl and customer-fr-pt.jsonl, the lines with a
/// `half`): per language, recall per signal and the calm messages that raise a signal other
/// than thanks, on the work part patterns are written from and the held part they are not
/// (hidden by RAPPORT_EVAL_WORK_ONLY=1, like the sealed halves). The work part's misses and
/// false signals go to target/eval/customer_languages_work.jsonl.
fn customer_languages(engine: &Engine, out_dir: &std::path::Path, summary: &mut BTreeMap<&str, f64>) {
    let parts: &[&str] = if std::env::var_os("RAPPORT_EVAL_WORK_ONLY").is_some() {
        &["work"]
    } else {
        &["work", "held"]
    };
    println!("\ncustomer messages in es, de, fr, pt (tests/data/probes/customer-*.jsonl): recall per signal, calm messages with a signal");
    let mut review = std::fs::File::create(out_dir.join("customer_languages_work.jsonl")).unwrap();
    let mut tables: BTreeMap<String, BTreeMap<String, Halves>> = BTreeMap::new();
    let mut calm: BTreeMap<String, Halves> = BTreeMap::new();
    for file in ["customer-es-de", "customer-fr-pt"] {
        for line in bank_lines("probes", file) {
            let Some(h) = parts.iter().position(|p| line["half"] == *p) else {
                continue;
            };
            let lang = line["lang"].as_str().unwrap_or("?").to_string();
            let text = line["text"].as_str().unwrap_or_default();
            let (want, got) = labelled_and_read(engine, &line);
            let mut wrong = false;
            if want.is_empty() {
                let cell = &mut calm.entry(lang.clone()).or_default()[h];
                cell.1 += 1;
                if got.iter().any(|g| g != "thankful") {
                    cell.0 += 1;
                    wrong = true;
                }
            }
            for w in &want {
                let cell = &mut tables
                    .entry(lang.clone())
                    .or_default()
                    .entry(w.to_string())
                    .or_default()[h];
                cell.1 += 1;
                if got.iter().any(|g| carries(g, w)) {
                    cell.0 += 1;
                } else {
                    wrong = true;
                }
            }
            if wrong && h == 0 {
                writeln!(
                    review,
                    "{}",
                    serde_json::json!({"lang": lang, "text": text, "want": want, "got": got})
                )
                .unwrap();
            }
        }
    }
    for (lang, table) in &tables {
        println!("  {lang}");
        println!("    {:<20} {:>16} {:>16}", "signal", "work", "held");
        let mut all: Halves = [(0, 0); 2];
        for (signal, cells) in table {
            print_row(signal, cells);
            for h in 0..2 {
                all[h].0 += cells[h].0;
                all[h].1 += cells[h].1;
            }
        }
        print_row("all signals", &all);
        let calm = calm.get(lang).copied().unwrap_or_default();
        print_row("calm with a signal", &calm);
        let keys: [(&str, &str, &str, &str); 4] = [
            (
                "es",
                "es_customer_recall_work",
                "es_customer_recall_held",
                "es_customer_calm_false_work",
            ),
            (
                "de",
                "de_customer_recall_work",
                "de_customer_recall_held",
                "de_customer_calm_false_work",
            ),
            (
                "fr",
                "fr_customer_recall_work",
                "fr_customer_recall_held",
                "fr_customer_calm_false_work",
            ),
            (
                "pt",
                "pt_customer_recall_work",
                "pt_customer_recall_held",
                "pt_customer_calm_false_work",
            ),
        ];
        if let Some((_, work, held, false_work)) = keys.iter().find(|k| k.0 == lang) {
            summary.insert(work, pct(all[0]) / 100.0);
            if parts.len() > 1 {
                summary.insert(held, pct(all[1]) / 100.0);
            }
            summary.insert(false_work, pct(calm[0]) / 100.0);
        }
    }
    println!("    review {}", out_dir.join("customer_languages_work.jsonl").display());
}
