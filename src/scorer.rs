//! A learned second opinion: how cold one sentence reads, from its words.
//!
//! Rules name phrases; agents paraphrase. A logistic model over hashed word n-grams,
//! trained by `make train-scorer` (tests/eval/train_scorer.rs) on the phrase bank's work
//! half, the catalog's own examples and ordinary agent turns, scores the sentences no rule
//! flagged. Inference is a sum of weights: a hash per n-gram and one small buffer per
//! sentence. The model file (32 KB) travels inside the compiled catalog (build.rs puts it
//! there), so the wasm's download does not carry it.

use crate::text::{TokenKind, Tokens};

/// The model file: "RSC3", hash bits (u8), weight scale (f32 LE), bias (f32 LE),
/// threshold as a logit (f32 LE), then 2^bits signed bytes.
const MAGIC: &[u8; 4] = b"RSC3";
const HEADER: usize = 4 + 1 + 4 + 4 + 4;

/// Words a sentence longer than this is judged on: the model learned from short phrases.
const MAX_WORDS: usize = 60;

#[derive(Clone, Copy)]
pub struct Scorer {
    bits: u8,
    scale: f32,
    bias: f32,
    /// A sentence whose logit is at or above this reads cold (a logit, so that deciding
    /// needs no `exp`, which would weigh on the wasm).
    pub threshold: f32,
    /// The whole model file, as the compiled catalog stores it again.
    pub(crate) bytes: &'static [u8],
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
            bytes,
        })
    }

    /// The log-odds that the words read cold: the weights of its n-grams summed over the
    /// root of their count, so that a long sentence does not read cold for its length.
    pub fn logit(&self, words: &[&str]) -> f32 {
        let (mut sum, mut count) = (0i32, 0u32);
        let mask = (1u32 << self.bits) - 1;
        each_feature(words, |h| {
            sum += self.bytes[HEADER + (h & mask) as usize] as i8 as i32;
            count += 1;
        });
        self.bias + sum as f32 * self.scale / (count.max(1) as f32).sqrt()
    }

    /// Whether the words read cold to the model.
    pub fn reads_cold(&self, words: &[&str]) -> bool {
        self.logit(words) >= self.threshold
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

/// Calls `f` with the hash of every feature: unigrams, the first five letters of a long
/// word, and bigrams, trigrams and skip-bigrams with the sentence start as a word, so
/// "^ calm down" and "calm down" are both features. Each word is hashed once; its n-grams
/// combine the words' hashes (small code: the wasm carries it).
pub fn each_feature(words: &[&str], mut f: impl FnMut(u32)) {
    // the sentence start, then each word: (its hash, its first five letters' hash if longer)
    let mut hashes = Vec::with_capacity(words.len() + 1);
    hashes.push(word_hash("^"));
    hashes.extend(words.iter().map(|w| word_hash(w)));
    for (i, &(word, stem)) in hashes.iter().enumerate() {
        f(mix(&[1, word]));
        if let Some(stem) = stem {
            f(mix(&[5, stem]));
        }
        let next = |k: usize| hashes.get(i + k).map(|h| h.0);
        if let Some(second) = next(1) {
            f(mix(&[2, word, second]));
            if let Some(third) = next(2) {
                f(mix(&[3, word, second, third]));
                f(mix(&[4, word, third]));
            }
        }
    }
}

/// FNV-1a of a word, and of its first five letters when it has more than six.
fn word_hash(word: &str) -> (u32, Option<u32>) {
    let (mut h, mut stem, mut letters) = (0x811c_9dc5u32, None, 0);
    for &b in word.as_bytes() {
        // a letter starts at each byte that is not a UTF-8 continuation
        if b & 0xc0 != 0x80 {
            if letters == 5 {
                stem = Some(h);
            }
            letters += 1;
        }
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    (h, stem.filter(|_| letters > 6))
}

/// One hash of a feature kind and its words' hashes.
fn mix(parts: &[u32]) -> u32 {
    let mut h = 0x9e37_79b9u32;
    for &p in parts {
        h = (h.rotate_left(5) ^ p).wrapping_mul(0x2c1b_3c6d);
    }
    h ^ h >> 15
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
