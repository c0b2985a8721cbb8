//! `make bench` (native part): chars/s and per-message latency percentiles on 1 MB of
//! real agent turns, analysed one message at a time, as an agent's keystrokes would be.
//! Prints figures and merges them into target/bench/summary.json; asserts nothing.

#[path = "../eval/corpus.rs"]
#[allow(dead_code)] // the benchmark reads only the text of each item
mod corpus;

use rapport::{Engine, EngineOptions};
use std::time::Instant;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// The cold phrases tests/bench/browser/run.mjs puts in its replies.
const COLD: [&str; 5] = [
    "As I already said,",
    "Did you plug it in?",
    "That's our policy.",
    "Calm down.",
    "You should have read the manual.",
];

/// The 2,000-character replies tests/bench/browser/run.mjs times the wasm engine on, built
/// the same way (its `buildReplies(2000, 20)`): consecutive SGD turns from the same place, a
/// cold phrase every fourth piece, cut at a word boundary, lengths in UTF-16 units.
fn replies_2k() -> Option<Vec<String>> {
    let text = std::fs::read_to_string(corpus::corpora_dir().join("sgd_agent_turns.jsonl")).ok()?;
    let turns: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["text"].as_str().unwrap_or("").to_string()
        })
        .collect();
    let chars = 2_000usize;
    let mut cursor = 50_000 + chars;
    let mut replies = Vec::new();
    for r in 0..20 {
        let mut text: Vec<u16> = Vec::new();
        let mut n = 0;
        while text.len() < chars {
            let piece = if n % 4 == 1 {
                COLD[(r + n) % COLD.len()].to_string()
            } else {
                cursor += 1;
                turns[(cursor - 1) % turns.len()].clone()
            };
            if !text.is_empty() {
                text.push(b' ' as u16);
            }
            text.extend(piece.encode_utf16());
            n += 1;
        }
        // String.prototype.lastIndexOf(' ', chars)
        let from = chars.min(text.len() - 1);
        let mut cut = (0..=from)
            .rev()
            .find(|&i| text[i] == b' ' as u16)
            .map_or(-1, |i| i as i64);
        if (cut as f64) < chars as f64 * 0.9 {
            cut = chars as i64;
        }
        let mut reply: Vec<u16> = text[..cut as usize].to_vec();
        while reply.len() < chars {
            reply.push(b'.' as u16);
        }
        replies.push(String::from_utf16_lossy(&reply));
    }
    Some(replies)
}

fn main() {
    // `cargo test --all-targets` runs this binary too, without --bench: measure only
    // under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let start = Instant::now();
    let engine = Engine::new(&EngineOptions::default()).expect("catalog loads");
    let engine_start_ms = start.elapsed().as_secs_f64() * 1e3;
    let Some(items) = corpus::load("sgd_agent_turns.jsonl") else {
        println!(
            "sgd_agent_turns.jsonl absent in {}: native throughput skipped",
            corpus::corpora_dir().display()
        );
        return;
    };
    let mut messages = Vec::new();
    let mut chars = 0usize;
    for item in items {
        if chars >= 1_000_000 {
            break;
        }
        chars += item.text.chars().count();
        messages.push(item.text);
    }
    // Warm-up pass so that allocation and caches settle before measuring.
    for m in messages.iter().take(2000) {
        std::hint::black_box(engine.analyze(m, None));
    }
    let mut times = Vec::with_capacity(messages.len());
    let total = Instant::now();
    for m in &messages {
        let t = Instant::now();
        std::hint::black_box(engine.analyze(m, None));
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let seconds = total.elapsed().as_secs_f64();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let chars_per_sec = chars as f64 / seconds;
    let (p50, p95, p99) = (
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
    );
    println!(
        "native engine, {} messages, {chars} chars of SGD agent turns",
        messages.len()
    );
    println!("  engine start        {engine_start_ms:>10.2} ms");
    println!("  throughput          {:>10.0} chars/s", chars_per_sec);
    println!("  per message p50     {p50:>10.4} ms");
    println!("  per message p95     {p95:>10.4} ms");
    println!("  per message p99     {p99:>10.4} ms");

    // The wasm engine's 2,000-character replies, timed the same way (warm-up, then each call
    // alone), for the wasm-to-native ratio.
    let mut analyze_2k = None;
    if let Some(replies) = replies_2k() {
        for i in 0..20 {
            std::hint::black_box(engine.analyze(&replies[i % replies.len()], None));
        }
        let mut times = Vec::new();
        for _ in 0..50 {
            for r in &replies {
                let t = Instant::now();
                std::hint::black_box(engine.analyze(r, None));
                times.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let (p50, p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
        println!(
            "  analyze 2,000 chars p50 {p50:.4} ms  p95 {p95:.4} ms  (the wasm benchmark's replies, {} calls)",
            times.len()
        );
        analyze_2k = Some((p50, p95));
    }

    // Pastes of about 1 MB built to repeat what once cost time per finding: informal
    // Spanish, whose every candidate read its sentence (once its reply), and sentences
    // alternating a rule's finding and the learned second opinion's.
    let pastes = [
        (
            "informal Spanish, a tu-form every sentence",
            "Hola, ¿puedes revisar tu pedido? Tu factura está lista. ",
        ),
        (
            "a rule's finding, then a sentence the model reads cold",
            "Calm down. That is simply how it is and you will live with it. ",
        ),
    ];
    for (what, sentence) in pastes {
        let text = sentence.repeat(1_000_000 / sentence.len());
        let t = Instant::now();
        let report = std::hint::black_box(engine.analyze(&text, None));
        println!(
            "  1 MB paste, {what}: {:.0} ms, {} findings",
            t.elapsed().as_secs_f64() * 1e3,
            report.findings.len()
        );
    }

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("summary.json");
    let mut summary: serde_json::Map<String, serde_json::Value> = std::fs::read_to_string(&path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    summary.insert("native_chars_per_sec".into(), chars_per_sec.round().into());
    summary.insert("native_p50_ms".into(), p50.into());
    summary.insert("native_p95_ms".into(), p95.into());
    summary.insert("native_p99_ms".into(), p99.into());
    summary.insert("native_engine_start_ms".into(), engine_start_ms.into());
    if let Some((p50, p95)) = analyze_2k {
        summary.insert("native_analyze_2k_p50_ms".into(), p50.into());
        summary.insert("native_analyze_2k_p95_ms".into(), p95.into());
    }
    std::fs::write(&path, serde_json::to_string_pretty(&summary).unwrap()).unwrap();
    println!("wrote target/bench/summary.json");
}
