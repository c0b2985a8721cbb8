//! The graded-word score of the customer reading (src/customer.rs), measured on the work
//! half of the customer bank and the calm messages written for it
//! (tests/data/probes/customer-lexicon-calm.jsonl): how well the score alone separates
//! angry or frustrated messages from calm ones (AUC), and for each pair of thresholds what
//! the patterns and the score together read. Never reads the sealed half; the thresholds in
//! src/customer.rs were picked from this table. `make customer-score`.

use rapport::{Engine, EngineOptions};

fn lines(path: &str) -> Vec<serde_json::Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

struct Line {
    text: String,
    want: Vec<String>,
    /// Signals the patterns read.
    patterns: Vec<String>,
    score: f32,
    accused: bool,
    mine: bool,
}

/// Share of (upset, calm) pairs the score orders rightly, ties counting half.
fn auc(upset: &[f32], calm: &[f32]) -> f64 {
    let mut sum = 0.0;
    for u in upset {
        for c in calm {
            sum += if u > c {
                1.0
            } else if u == c {
                0.5
            } else {
                0.0
            };
        }
    }
    sum / (upset.len() * calm.len()) as f64
}

fn main() {
    let engine = Engine::new(&EngineOptions::default()).expect("catalog loads");
    let mut all = Vec::new();
    for (path, mine) in [
        ("tests/data/customerbank/work.jsonl", false),
        ("tests/data/probes/customer-lexicon-calm.jsonl", true),
    ] {
        all.extend(read_lines(&engine, path, mine));
    }
    fresh(&engine);
    report(&all);
}

fn read_lines(engine: &Engine, path: &str, mine: bool) -> Vec<Line> {
    let mut all = Vec::new();
    {
        for v in lines(path) {
            let text = v["text"].as_str().unwrap_or_default();
            let reading = engine.read_customer(text);
            all.push(Line {
                want: v["signals"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect(),
                patterns: reading
                    .signals
                    .iter()
                    .filter(|s| !s.graded)
                    .map(|s| s.id.clone())
                    .collect(),
                score: rapport::customer::graded(text).score,
                accused: rapport::customer::graded(text).accused,
                text: text.to_string(),
                mine,
            });
        }
    }
    all
}

fn is_upset(l: &Line) -> bool {
    l.want.iter().any(|w| w == "angry" || w == "frustrated")
}

fn has(v: &[String], s: &str) -> bool {
    v.iter().any(|x| x == s)
}

/// The round-7b probes (written after the last pattern round, never used to pick anything
/// here): the score alone as a separator there, and what it reads that the patterns miss.
fn fresh(engine: &Engine) {
    let lines = read_lines(engine, "tests/data/probes/customer-round7b.jsonl", false);
    let upset: Vec<f32> = lines.iter().filter(|l| is_upset(l)).map(|l| l.score).collect();
    let calm: Vec<f32> = lines.iter().filter(|l| l.want.is_empty()).map(|l| l.score).collect();
    println!(
        "round-7b probes, for measurement only: score alone, angry or frustrated ({}) vs calm ({}): AUC {:.3}",
        upset.len(),
        calm.len(),
        auc(&upset, &calm)
    );
    for l in lines.iter().filter(|l| {
        (is_upset(l) && !["angry", "frustrated"].iter().any(|s| has(&l.patterns, s)))
            || (l.score >= rapport::customer::FRUSTRATED_SCORE && !is_upset(l))
    }) {
        println!(
            "    {:.2} {:?} patterns {:?} graded {:?}: {}",
            l.score,
            l.want,
            l.patterns,
            rapport::customer::graded_signal(&l.text),
            l.text
        );
    }
}

fn report(all: &[Line]) {
    let scores = |f: &dyn Fn(&Line) -> bool| all.iter().filter(|l| f(l)).map(|l| l.score).collect::<Vec<_>>();
    let upset = scores(&|l| !l.mine && is_upset(l));
    let calm_work = scores(&|l| !l.mine && l.want.is_empty());
    let calm_mine = scores(&|l| l.mine);
    let calm_all: Vec<f32> = calm_work.iter().chain(&calm_mine).copied().collect();
    println!(
        "score alone, angry or frustrated ({}) vs calm: AUC {:.3} against the work half's calm ({}), {:.3} with the written calm messages too ({})",
        upset.len(),
        auc(&upset, &calm_work),
        calm_work.len(),
        auc(&upset, &calm_all),
        calm_all.len()
    );
    let worried = scores(&|l| !l.mine && l.want.iter().any(|w| w == "worried") && !is_upset(l));
    let urgent = scores(&|l| !l.mine && l.want.iter().any(|w| w == "urgent") && !is_upset(l));
    println!(
        "    worried ({}) vs calm: AUC {:.3}; urgent ({}) vs calm: AUC {:.3}",
        worried.len(),
        auc(&worried, &calm_work),
        urgent.len(),
        auc(&urgent, &calm_work)
    );
    let count = |f: &dyn Fn(&Line) -> bool| all.iter().filter(|l| f(l)).count();
    println!("\npatterns alone and with the score (work half; calm: work / written):");
    println!(
        "{:>6} {:>6} {:>14} {:>14} {:>10} {:>8} {:>10}",
        "frust", "angry", "frustrated", "angry", "calm work", "written", "unlabelled"
    );
    let total = |s: &str| count(&|l| !l.mine && has(&l.want, s));
    let mut rows = vec![(f32::MAX, f32::MAX)];
    for t in [1.5f32, 2.0, 2.5, 3.0, 3.5, 4.0] {
        for a in [2.5f32, 3.0, 4.0, 5.0, f32::MAX] {
            if a >= t {
                rows.push((t, a));
            }
        }
    }
    for (t, a) in rows {
        // as src/engine/listen.rs reads it: the score fills in only where the patterns read neither
        let read = |l: &Line, s: &str| {
            if has(&l.patterns, s) {
                return true;
            }
            if has(&l.patterns, "angry") || has(&l.patterns, "frustrated") || l.score < t {
                return false;
            }
            let angry = l.score >= a || l.accused;
            s == if angry { "angry" } else { "frustrated" }
        };
        let found = |s: &str| count(&|l| !l.mine && has(&l.want, s) && read(l, s));
        let any = |l: &Line| !l.patterns.is_empty() || read(l, "frustrated") || read(l, "angry");
        let calm_work = count(&|l| !l.mine && l.want.is_empty() && any(l));
        let calm_mine = count(&|l| l.mine && any(l));
        // a graded signal on a labelled message whose labels do not carry it
        let unlabelled = count(&|l| {
            !l.mine
                && !l.want.is_empty()
                && ["frustrated", "angry"]
                    .iter()
                    .any(|s| read(l, s) && !has(&l.patterns, s) && !has(&l.want, s))
        });
        let show = |x: f32| {
            if x == f32::MAX {
                "-".to_string()
            } else {
                format!("{x:.1}")
            }
        };
        println!(
            "{:>6} {:>6} {:>7}/{:<6} {:>7}/{:<6} {:>6}/{:<3} {:>4}/{:<3} {:>10}",
            show(t),
            show(a),
            found("frustrated"),
            total("frustrated"),
            found("angry"),
            total("angry"),
            calm_work,
            count(&|l| !l.mine && l.want.is_empty()),
            calm_mine,
            count(&|l| l.mine),
            unlabelled
        );
    }
    if std::env::var_os("SHOW_UNLABELLED").is_some() {
        for l in all.iter().filter(|l| l.mine && !l.patterns.is_empty()) {
            println!("    written calm read by the patterns {:?}: {}", l.patterns, l.text);
        }
    }
    // which of the two the score alone would name, on the work half's upset messages it reads
    println!(
        "\nthe score alone naming angry or frustrated (work half, messages at or above the frustrated threshold):"
    );
    for a in [3.0f32, 4.0, 5.0, f32::MAX] {
        for use_accused in [false, true] {
            let mut cells = [[0usize; 2]; 2];
            for l in all
                .iter()
                .filter(|l| !l.mine && is_upset(l) && l.score >= rapport::customer::FRUSTRATED_SCORE)
            {
                let says_angry = l.score >= a || (use_accused && l.accused);
                let is_angry = has(&l.want, "angry");
                cells[is_angry as usize][says_angry as usize] += 1;
            }
            println!(
                "    angry at {:>4}{}: labelled frustrated read as frustrated {} / angry {}; labelled angry read as frustrated {} / angry {}",
                if a == f32::MAX { "-".into() } else { format!("{a:.1}") },
                if use_accused { " or accused" } else { "            " },
                cells[0][0], cells[0][1], cells[1][0], cells[1][1]
            );
        }
    }
    println!("\ncalm messages the score reads at the shipped thresholds:");
    for l in all
        .iter()
        .filter(|l| l.want.is_empty() && l.score >= rapport::customer::FRUSTRATED_SCORE)
    {
        println!("    {:.2} {}", l.score, l.text);
    }
    println!("\nangry or frustrated messages on the work half the patterns miss, with their score:");
    for l in all.iter().filter(|l| {
        !l.mine
            && ["angry", "frustrated"]
                .iter()
                .any(|s| has(&l.want, s) && !has(&l.patterns, s))
    }) {
        println!("    {:.2} {:?} {}", l.score, l.want, l.text);
    }
}
