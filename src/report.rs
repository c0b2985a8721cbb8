//! What `analyze` returns. Every span is in UTF-16 code units (the unit JavaScript
//! strings use), end exclusive, into the text that was analysed.

use crate::catalog::{Position, Severity};
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rewrite {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub strategy: String,
    /// Where the text holds a fact for the agent to fill in ("[day]"), in UTF-16 code
    /// units from the start of `text`: the card selects it after applying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<[usize; 2]>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    /// The same span in bytes, for Rust callers.
    #[serde(skip)]
    pub byte_start: usize,
    #[serde(skip)]
    pub byte_end: usize,
    pub text: String,
    pub message: String,
    pub explanation: String,
    pub rewrites: Vec<Rewrite>,
    /// About what the reply lacks, not what it says: the span is where the missing words
    /// go, and the extension marks it as a place to add them, not as cold wording.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
    /// How many more findings like this one the same sentence holds, not shown so that
    /// one stiff sentence does not carry a dozen underlines.
    #[serde(skip_serializing_if = "is_zero")]
    pub folded: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MoveReport {
    pub id: Arc<str>,
    pub label: Arc<str>,
    pub present: bool,
    /// Missing, and one of the one or two moves this reply needs most (only these carry a
    /// suggestion).
    pub needed: bool,
    /// For a needed move: a sentence the agent can insert, and where.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Insertion>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Insertion {
    pub text: Arc<str>,
    pub position: Position,
    /// Where to insert it, in UTF-16 code units.
    pub at: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScorePart {
    pub reason: Arc<str>,
    pub points: i32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Score {
    /// 0 (cold) to 100 (warm); 60 is where a plain, correct reply starts.
    pub value: u8,
    /// The value in words, for people who do not know the scale.
    pub words: &'static str,
    pub breakdown: Vec<ScorePart>,
}

impl Score {
    /// The words for a value: a plain reply with nothing cold and no empathy move is 60.
    pub fn words_for(value: u8) -> &'static str {
        match value {
            75..=100 => "reads warm",
            55..=74 => "reads neutral",
            35..=54 => "reads cool",
            _ => "reads cold",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub moves: Vec<MoveReport>,
    pub score: Score,
    /// What Rapport read in the customer's message, when the context gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<crate::customer::CustomerReading>,
    /// The language most of the reply is in ("es"), when it is not English; each
    /// paragraph was read with its own language's rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'static str>,
    /// The languages of paragraphs the engine has no rules for yet ("es"): the wasm build
    /// starts with the English part of its catalog, and its host loads another language's
    /// part when a report names it here, then analyses again. Always empty natively.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<&'static str>,
}
