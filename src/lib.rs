//! Rapport: a reply coach for customer-service agents.
//!
//! [`Engine::analyze`] reads an agent's draft and returns a [`Report`]: cold phrasing
//! with explanations and strategy-labelled rewrites, the empathy moves the reply makes
//! and misses, and a warmth score. Rules are data (`src/rules/*.json`, one per file);
//! managers add their own in packs with the same schema.

pub mod audit;
pub mod catalog;
pub mod coach;
pub mod context;
pub mod customer;
pub mod engine;
pub mod examples;
pub mod pattern;
pub mod report;
pub mod rewrite;
pub mod scorer;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use catalog::{LoadError, Pack, Rule, Severity};
pub use engine::{AnalyzeContext, Engine, EngineOptions};
pub use report::{Finding, Report, Rewrite};

/// Applies one rewrite (UTF-16 span) to `text`, as the extension does.
pub fn apply_rewrite(text: &str, rewrite: &Rewrite) -> String {
    let start = text::utf16_to_byte(text, rewrite.start);
    let end = text::utf16_to_byte(text, rewrite.end).max(start);
    format!("{}{}{}", &text[..start], rewrite.text, &text[end..])
}
