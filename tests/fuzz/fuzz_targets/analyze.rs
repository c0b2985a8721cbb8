//! Arbitrary bytes, read as lossy UTF-8 (as the wasm boundary reads JavaScript strings with
//! lone surrogates), analysed by the built-in catalog; every report invariant is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = common::engine().analyze(&text, None);
    common::check_report(&text, &report);
    common::check_conversions_at(&text, 8);
});
