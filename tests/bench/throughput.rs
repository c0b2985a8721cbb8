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
    std::fs::write(&path, serde_json::to_string_pretty(&summary).unwrap()).unwrap();
    println!("wrote target/bench/summary.json");
}
