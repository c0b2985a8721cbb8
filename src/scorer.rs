//! A learned second opinion: how cold one sentence reads, from its words.
//!
//! Rules name phrases; agents paraphrase. A logistic model over hashed word n-grams,
//! trained by `make train-scorer` (tests/eval/train_scorer.rs) on the phrase bank's work
//! half, the catalog's own examples and ordinary agent turns, scores the sentences no rule
//! flagged. Inference is a sum of weights: a hash per n-gram and one small buffer per
//! sentence. The weights (32 KB) are compiled in only with the `second-opinion` feature.

use crate::text::{TokenKind, Tokens};

/// The model file: "RSC1", hash bits (u8), weight scale (f32 LE), bias (f32 LE),
/// threshold (f32 LE), then 2^bits signed bytes.
const MAGIC: &[u8; 4] = b"RSC1";
const HEADER: usize = 4 + 1 + 4 + 4 + 4;

/// Words a sentence longer than this is judged on: the model learned from short phrases.
const MAX_WORDS: usize = 60;

pub struct Scorer {
    bits: u8,
    scale: f32,
    bias: f32,
    /// A sentence at or above this probability reads cold.
    pub threshold: f32,
    weights: &'static [u8],
}

impl Scorer {
    /// Reads a model file; None when it is malformed (the engine then runs without it).
    pub fn from_bytes(bytes: &'static [u8]) -> Option<Scorer> {
        if bytes.len() < HEADER || &bytes[..4] != MAGIC {
            return None;
        }
        let bits = bytes[4];
        let f = |at: usize| f32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        let weights = &bytes[HEADER..];
        if !(8..=20).contains(&bits) || weights.len() != 1 << bits {
            return None;
        }
        Some(Scorer {
            bits,
            scale: f(5),
            bias: f(9),
            threshold: f(13),
            weights,
        })
    }

    /// The built-in model, in builds with the `second-opinion` feature. Measured on the
    /// sealed half it adds too little recall for the false alarms and the download it
    /// costs (EVALUATION.md), so the extension ships without it.
    #[cfg(feature = "second-opinion")]
    pub fn built_in() -> Option<Scorer> {
        Scorer::from_bytes(include_bytes!("data/model/cold-sentence.bin"))
    }

    #[cfg(not(feature = "second-opinion"))]
    pub fn built_in() -> Option<Scorer> {
        None
    }

    /// Probability that the words read cold.
    pub fn probability(&self, words: &[&str]) -> f32 {
        let mut sum = self.bias;
        let mask = (1u32 << self.bits) - 1;
        each_feature(words, |h| {
            sum += self.weights[(h & mask) as usize] as i8 as f32 * self.scale
        });
        1.0 / (1.0 + (-sum).exp())
    }
}

/// The normalised words of tokens `first..=last` that the model reads: words, numbers as
/// one symbol, and the question and exclamation marks.
pub fn sentence_words(tokens: &Tokens, first: usize, last: usize) -> Vec<&str> {
    let mut words = Vec::with_capacity(last + 1 - first);
    for i in first..=last {
        let t = &tokens.list[i];
        let norm = tokens.norm(i);
        match t.kind {
            TokenKind::Word if norm.bytes().all(|b| b.is_ascii_digit()) => words.push("<num>"),
            TokenKind::Word => words.push(norm),
            TokenKind::Punct if norm == "?" || norm == "!" => words.push(norm),
            _ => {}
        }
        if words.len() == MAX_WORDS {
            break;
        }
    }
    words
}

/// Calls `f` with the hash of every feature: unigrams, and bigrams and trigrams with the
/// sentence start as a word, so "^ calm down" and "calm down" are both features.
pub fn each_feature(words: &[&str], mut f: impl FnMut(u32)) {
    let at = |i: usize| if i == 0 { "^" } else { words[i - 1] };
    let n = words.len() + 1;
    for i in 1..n {
        f(hash(&[b"1", at(i).as_bytes()]));
        let word = at(i);
        if word.len() > 6 {
            let stem = word.char_indices().nth(5).map_or(word, |(k, _)| &word[..k]);
            f(hash(&[b"p", stem.as_bytes()]));
        }
    }
    for i in 0..n.saturating_sub(1) {
        f(hash(&[b"2", at(i).as_bytes(), at(i + 1).as_bytes()]));
    }
    for i in 0..n.saturating_sub(2) {
        f(hash(&[
            b"3",
            at(i).as_bytes(),
            at(i + 1).as_bytes(),
            at(i + 2).as_bytes(),
        ]));
        f(hash(&[b"s", at(i).as_bytes(), at(i + 2).as_bytes()]));
    }
}

/// FNV-1a over the parts, each followed by a separator byte no word contains.
fn hash(parts: &[&[u8]]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for part in parts {
        for &b in part.iter().chain(std::iter::once(&0x1f)) {
            h ^= b as u32;
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// Writes a model file (the trainer's side of `from_bytes`).
pub fn to_bytes(bits: u8, scale: f32, bias: f32, threshold: f32, weights: &[i8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + weights.len());
    out.extend_from_slice(MAGIC);
    out.push(bits);
    for v in [scale, bias, threshold] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend(weights.iter().map(|&w| w as u8));
    out
}
