//! Arbitrary bytes as a manager's pack: `parse_pack` must accept or reject without
//! panicking; an accepted pack must build an engine that analyses its own examples and a
//! sample reply with every report invariant kept.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::catalog::parse_pack;
use rapport::{Engine, EngineOptions};

#[path = "../../common/mod.rs"]
mod common;

const SAMPLE: &str = "Hi Sam,\nAs I already said, please calm down. Did you plug it in? \
                      You should have restarted the router 😀 \"calm down\" שלום\n\
                      > quoted calm down\nThanks,\nAlex\n-- \nAcme";

fuzz_target!(|data: &[u8]| {
    let json = String::from_utf8_lossy(data);
    let Ok(pack) = parse_pack(&json, "fuzz.json") else {
        return;
    };
    let mut texts: Vec<String> = vec![SAMPLE.to_string()];
    for rule in &pack.rules {
        texts.extend(rule.examples.flag.iter().cloned());
        texts.extend(rule.examples.allow.iter().cloned());
    }
    let Ok(engine) = Engine::with_packs(&EngineOptions::default(), vec![pack]) else {
        return;
    };
    for text in &texts {
        let report = engine.analyze(text, None);
        common::check_report(text, &report);
    }
});
