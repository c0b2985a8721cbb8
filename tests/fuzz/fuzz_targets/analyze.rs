//! Arbitrary bytes, read as lossy UTF-8 (as the wasm boundary reads JavaScript strings with
//! lone surrogates), analysed by the built-in catalog; every report invariant is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::{Engine, EngineOptions};
use std::sync::OnceLock;

#[path = "../../common/mod.rs"]
mod common;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&EngineOptions::default()).expect("built-in catalog loads"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = engine().analyze(&text, None);
    common::check_report(&text, &report);
    common::check_conversions_at(&text, 8);
});
