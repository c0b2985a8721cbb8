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
#[doc(hidden)]
pub mod json;
pub mod lang;
pub mod pattern;
pub mod report;
pub mod rewrite;
pub mod scorer;
mod sort;
pub mod text;
pub mod word_lists;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// What build.rs embeds: the catalog's files, and natively the catalog compiled
/// (src/compiled.rs); the wasm build carries no compiled catalog, its host hands it the
/// parts shipped beside it (`CATALOG_PARTS`). build.rs compiles the catalog with this
/// crate's own modules and gives them its own `embedded`, so these are reached through
/// `class_files`, `COMPILED_CATALOG` and `CATALOG_PARTS` only.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));
    include!(concat!(env!("OUT_DIR"), "/catalog_parts.rs"));

    #[cfg(not(target_arch = "wasm32"))]
    pub static COMPILED_CATALOG: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.bin"));

    #[cfg(not(target_arch = "wasm32"))]
    pub fn class_files() -> Vec<(&'static str, &'static str)> {
        CLASS_FILES.to_vec()
    }

    /// The word classes the English part of the catalog carries (none before it is given).
    #[cfg(target_arch = "wasm32")]
    pub fn class_files() -> Vec<(&'static str, &'static str)> {
        crate::wasm::with_catalog_parts(|parts| {
            parts
                .iter()
                .find_map(|part| crate::compiled::class_files_of(*part).ok().filter(|c| !c.is_empty()))
                .unwrap_or_default()
        })
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
