//! The engine: every rule, exception, empathy move and tone cue inserted into one trie
//! of interned words, walked once from each token of the text.
//!
//! Its parts, in the order a draft meets them: `options` (the settings and the context,
//! read from JSON), `compile` (the catalog, packs and options into the `trie`), `scan`
//! (one pass over the text with the `matcher`, exceptions and `negation`), `overlaps`
//! (which candidates become findings), `report` (findings with their rewrites, moves with
//! their sentences placed at the `insertion` points), `second_opinion` (the learned
//! model's findings), `listen` (the customer's message read, the reply coached to it) and
//! `score` (the warmth score). Here: the engine and `analyze`, which runs them in turn.

mod address;
mod compile;
mod insertion;
mod listen;
mod matcher;
mod negation;
mod options;
mod overlaps;
mod report;
mod scan;
mod score;
mod second_opinion;
mod trie;

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use compile::BuiltinSources;
pub use insertion::insertion_points;
pub use options::{AnalyzeContext, EngineOptions};
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use second_opinion::BUILT_IN_MODEL;
pub use second_opinion::SECOND_OPINION;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use second_opinion::SECOND_OPINION_EXPLANATION;
pub use trie::{FastMap, Fnv};
pub(crate) use trie::{Owner, PackedStep, Step, Trie, WordLists, WordSet};

use crate::catalog::{Cue, CustomerSignal, LoadError, Move, Pack, Rule, Severity};
use crate::context::message_excluded_regions;
use crate::lang::Lang;
use crate::report::Report;
use crate::text::tokenize;
use overlaps::fold_crowded_sentences;
use std::sync::Arc;
use trie::TrieNode;

/// A move's strings as reports share them: every report lists every move.
struct MoveTexts {
    id: Arc<str>,
    label: Arc<str>,
    /// The suggestion with the space that separates it from the reply.
    insertion: Arc<str>,
}

/// A compiled catalog, ready to analyse drafts.
pub struct Engine {
    /// The engine that reads the customer's message: it holds the customer signals
    /// (src/data/customer/) and nothing else; absent in that inner engine itself.
    pub(crate) customer: Option<Box<Engine>>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) moves: Vec<Move>,
    pub(crate) cues: Vec<Cue>,
    pub(crate) signals: Vec<CustomerSignal>,
    cue_labels: Vec<Arc<str>>,
    move_texts: Vec<MoveTexts>,
    starting_point: Arc<str>,
    pub(crate) trie: Trie,
    /// While compiling: the trie's nodes, flattened into `trie` at the end.
    nodes: Vec<TrieNode>,
    /// Each word of the patterns and its symbol: borrowed from the compiled catalog's bytes
    /// where it came from there (a tab's start then allocates no string per word), owned
    /// where a pack or the sources brought it.
    pub(crate) symbols: crate::lang::WordTable,
    pub(crate) slot_names: Vec<String>,
    /// The languages whose part of the catalog this engine was built without (the wasm
    /// build's host loads a part when a reply needs it): their paragraphs are still told
    /// apart, and a report names them in `needs`.
    pub(crate) missing_langs: Vec<Lang>,
    /// The learned second opinion on sentences no rule flagged, with the severity its
    /// findings carry; None when the options turn it off.
    second_opinion: Option<(crate::scorer::Scorer, Severity)>,
    /// While compiling: the trie's word lists (`trie.lists`) by the hash of their words,
    /// so that a list of the same words is the same list.
    list_index: FastMap<usize, u32>,
    /// While compiling: each node's child for a step, so adding a pattern finds shared
    /// nodes without scanning the hundreds of children the roots have.
    child_index: FastMap<(u32, Step), u32>,
}

impl Engine {
    /// The built-in catalog with the given options.
    pub fn new(options: &EngineOptions) -> Result<Engine, Vec<LoadError>> {
        Engine::with_packs(options, Vec::new())
    }

    /// The built-in catalog, then `packs` in order, then `options`. In the wasm build, the
    /// catalog's parts its host has given (`wasm::addCatalog`).
    pub fn with_packs(options: &EngineOptions, packs: Vec<Pack>) -> Result<Engine, Vec<LoadError>> {
        #[cfg(not(target_arch = "wasm32"))]
        return match crate::compiled::decode(crate::embedded::COMPILED_CATALOG) {
            Ok(engine) => Ok(engine.extended(options, packs)),
            // A build whose catalog files did not load embeds an empty blob: natively the
            // JSON loader then says what is wrong with them.
            Err(_) => Ok(Engine::from_builtin_sources(
                BuiltinSources::from_json()?,
                options,
                packs,
            )),
        };
        #[cfg(target_arch = "wasm32")]
        crate::wasm::with_catalog_parts(|parts| Engine::from_sources(parts, options, packs))
    }

    /// The built-in catalog from its compiled parts (`compiled::decode_parts`), then `packs`
    /// in order, then `options`.
    pub fn from_parts(
        parts: &[&'static [u8]],
        options: &EngineOptions,
        packs: Vec<Pack>,
    ) -> Result<Engine, Vec<LoadError>> {
        let sources: Vec<&dyn crate::compiled::PartSource> =
            parts.iter().map(|p| p as &dyn crate::compiled::PartSource).collect();
        Engine::from_sources(&sources, options, packs)
    }

    /// [`Engine::from_parts`], from parts held anywhere (the wasm's host holds them).
    pub fn from_sources(
        parts: &[&dyn crate::compiled::PartSource],
        options: &EngineOptions,
        packs: Vec<Pack>,
    ) -> Result<Engine, Vec<LoadError>> {
        match crate::compiled::decode_sources(parts, crate::embedded::CATALOG_PARTS) {
            Ok(engine) => Ok(engine.extended(options, packs)),
            Err(reason) => Err(vec![LoadError {
                pack: "builtin".into(),
                rule: None,
                field: String::new(),
                reason,
            }]),
        }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn moves(&self) -> &[Move] {
        &self.moves
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Analyses a draft. Never fails and never panics, whatever the text. With the
    /// customer's message in `context`, the report also says what Rapport read there and
    /// coaches the reply to it; without it, the analysis is the same as ever.
    pub fn analyze(&self, text: &str, context: Option<&AnalyzeContext>) -> Report {
        let mut scan = self.scan(text, context.and_then(AnalyzeContext::forced_lang));
        let chosen = self.resolve_overlaps(&scan.tokens, std::mem::take(&mut scan.candidates));
        // A move or a warm cue made only inside a cold phrase is not made: stock empathy
        // taken back by "but" counts against the reply, not for it.
        let inside_finding = |first: usize, last: usize| chosen.iter().any(|c| first <= c.last && c.first <= last);
        // and so is the empathy a "That said," opening the next sentence takes back
        let taken_back = |last: usize| {
            chosen
                .iter()
                .any(|c| self.rules[c.rule as usize].after_empathy && scan::just_before(&scan.tokens, last, c.first))
        };
        let present_outside = |hits: &[(u32, usize, usize)], n: usize, moves: bool| {
            let mut present = vec![false; n];
            for &(m, first, last) in hits {
                if !(inside_finding(first, last) || moves && taken_back(last)) {
                    present[m as usize] = true;
                }
            }
            present
        };
        scan.moves_present = present_outside(&scan.move_hits, self.moves.len(), true);
        let cues_outside = present_outside(&scan.cue_hits, self.cues.len(), false);
        // negative cues (an insult) count wherever they are
        for (i, present) in cues_outside.into_iter().enumerate() {
            if self.cues[i].points > 0 {
                scan.cues_present[i] = present;
            }
        }
        let (mut findings, mut moves) =
            self.build_report(text, &scan.excluded, &scan.tokens, chosen, &scan.moves_present);
        let english_at = |i: usize| scan::lang_of_token(&scan.paragraphs, i) == Lang::En;
        self.add_second_opinion(text, &scan.tokens, english_at, &mut findings);
        let customer_message = context
            .and_then(|c| c.customer_message.as_deref())
            .filter(|m| !m.trim().is_empty());
        let customer = match (customer_message, &self.customer) {
            (Some(message), Some(reader)) => {
                let mut reading = reader.read_signals_in(message);
                if scan.lang == Lang::En {
                    self.coach_to(&mut findings, &mut moves, text, &scan.tokens, &reading);
                } else {
                    // the moves that would show the reply acknowledged the customer, and the
                    // opener, are English: a German reply that says "Es tut mir leid" is not
                    // told it goes straight to business, nor offered an English sentence
                    reading.opener.clear();
                }
                Some(reading)
            }
            _ => None,
        };
        let message_tokens = customer_message.map(|m| tokenize(m, &message_excluded_regions(m)));
        let situation = crate::coach::situation(&scan.tokens, customer.as_ref(), message_tokens.as_ref());
        crate::coach::choose(&mut moves, &situation, customer.as_ref());
        if scan.lang != Lang::En {
            // The moves and their sentences are English: a reply in another language is
            // not told to insert one.
            for m in &mut moves {
                m.needed = false;
                m.suggestion = None;
            }
        }
        let score = self.score(&findings, &scan.moves_present, &scan.cues_present);
        fold_crowded_sentences(&mut findings, &scan.tokens);
        Report {
            findings,
            moves,
            score,
            customer,
            lang: (scan.lang != Lang::En).then(|| scan.lang.code()),
            needs: scan.needs.iter().map(|l| l.code()).collect(),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Engine {
    /// Bytes each part of the engine holds on the heap (capacities, not lengths), for the
    /// start benchmark's memory figure.
    #[doc(hidden)]
    pub fn heap_parts(&self) -> Vec<(&'static str, usize)> {
        use std::mem::size_of_val;
        fn vec<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        // an entry and its control byte per slot (hashbrown's layout)
        fn map<K, V, S>(m: &std::collections::HashMap<K, V, S>) -> usize {
            m.capacity() * (std::mem::size_of::<(K, V)>() + 1)
        }
        let s = |x: &String| x.capacity();
        let t = &self.trie;
        let rule_text: usize = self
            .rules
            .iter()
            .map(|r| {
                s(&r.id)
                    + s(&r.category)
                    + s(&r.message)
                    + s(&r.explanation)
                    + s(&r.pack)
                    + vec(&r.patterns)
                    + r.patterns.iter().map(s).sum::<usize>()
                    + vec(&r.except)
                    + vec(&r.rewrites)
                    + r.rewrites.iter().map(|w| s(&w.text) + s(&w.strategy)).sum::<usize>()
                    + r.why_no_rewrite.as_ref().map_or(0, s)
            })
            .sum();
        let dispatch: usize = t
            .maps
            .iter()
            .map(|d| {
                size_of_val(d) + vec(&d.words) + vec(&d.start) + vec(&d.targets) + vec(&d.next_words) + vec(&d.others)
            })
            .sum();
        let mut parts = vec![
            ("rules (structs)", vec(&self.rules)),
            ("rules' strings", rule_text),
            (
                "moves + cues + signals (structs)",
                vec(&self.moves) + vec(&self.cues) + vec(&self.signals),
            ),
            ("trie steps", vec(&t.steps)),
            ("trie word lists", vec(&t.lists.ends) + vec(&t.lists.words)),
            ("trie owner_start + owners", vec(&t.owner_start) + vec(&t.owners)),
            ("trie child_start + children", vec(&t.child_start) + vec(&t.children)),
            ("trie dispatch slots", vec(&t.dispatch) + vec(&t.maps)),
            ("trie dispatch maps", dispatch),
            ("trie need + needs", vec(&t.need) + vec(&t.needs)),
            ("symbols (table)", map(&self.symbols)),
            (
                "compile-time nodes + indexes",
                vec(&self.nodes) + map(&self.list_index) + map(&self.child_index),
            ),
        ];
        if let Some(c) = &self.customer {
            parts.push(("customer engine", c.heap_parts().iter().map(|p| p.1).sum()));
        }
        parts
    }
}
