//! Rapport: a reply coach for customer-service agents.
//!
//! [`Engine::analyze`] reads an agent's draft and returns a [`Report`]: cold phrasing
//! with explanations and strategy-labelled rewrites, the empathy moves the reply makes
//! and misses, and a warmth score. Rules are data (`src/data/rules/*.json`, one per file);
//! managers add their own in packs with the same schema.

pub mod audit;
pub mod catalog;
pub mod coach;
// The encoder runs in build.rs and in tests; the library only decodes.
#[cfg_attr(not(test), allow(dead_code))]
mod compiled;
pub mod context;
pub mod customer;
pub mod engine;
pub mod examples;
pub mod lang;
pub mod pattern;
pub mod report;
pub mod rewrite;
pub mod scorer;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// What build.rs embeds: the catalog's files, and the catalog compiled (src/compiled.rs).
/// build.rs compiles the catalog with this crate's own modules and gives them its own
/// `embedded`, so these are reached through `class_files` and `COMPILED_CATALOG` only.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));

    pub static COMPILED_CATALOG: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin"));

    pub fn class_files() -> &'static [(&'static str, &'static str)] {
        CLASS_FILES
    }
}

pub use catalog::{LoadError, Pack, Rule, Severity};
pub use engine::{AnalyzeContext, Engine, EngineOptions};
pub use report::{Finding, Report, Rewrite};

/// Applies one rewrite (UTF-16 span) to `text`, as the extension does.
pub fn apply_rewrite(text: &str, rewrite: &Rewrite) -> String {
    let start = text::utf16_to_byte(text, rewrite.start);
    let end = text::utf16_to_byte(text, rewrite.end).max(start);
    format!("{}{}{}", &text[..start], rewrite.text, &text[end..])
}
