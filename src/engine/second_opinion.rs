//! The learned second opinion: a low-severity finding on a sentence no rule flagged and
//! the model reads as cold.

use super::options::EngineOptions;
use super::Engine;
use crate::catalog::Severity;
use crate::report::Finding;
use crate::text::Tokens;

/// The id of the learned second opinion's findings: options disable it or change its
/// severity like a rule's.
pub const SECOND_OPINION: &str = "reads-cold";
/// Sentences shorter than this are left to the rules: the model cannot read two words.
const SECOND_OPINION_MIN_WORDS: usize = 5;
/// A line of its own this short with no full stop is a greeting, a sign-off or a heading
/// ("Customer Team, Clearway Insurance"), not a sentence the model can judge.
const UNMARKED_LINE_MAX_WORDS: usize = 5;

/// The trained model (`make train-scorer` writes it): the native catalog carries it, and
/// build.rs puts it into the wasm's English part, so the wasm itself never holds it.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) const BUILT_IN_MODEL: &[u8] = include_bytes!("../data/model/cold-sentence.bin");

/// A "reads cold" finding's message.
const SECOND_OPINION_MESSAGE: &str = "This sentence may read cold to the customer.";

/// What the card says under a "reads cold" finding. The wasm's findings leave it out, as
/// they leave out the rules' explanations: it ships beside the wasm with theirs.
pub(crate) const SECOND_OPINION_EXPLANATION: &str = "No rule names this wording, but it reads like \
     sentences customers find cold or dismissive (a learned second opinion, which can be \
     wrong). Read it as they would: say what you can do rather than what you cannot, own the \
     problem instead of placing it on them, and ask rather than order.";

impl Engine {
    /// Carries the learned model (a model file, `scorer::from_bytes`) with the catalog:
    /// build.rs gives it to the English catalog, and the compiled catalog stores it.
    /// False when the bytes are not a model.
    pub(crate) fn carry_model(&mut self, bytes: &'static [u8]) -> bool {
        self.second_opinion = crate::scorer::Scorer::from_bytes(bytes).map(|s| (s, Severity::Low));
        self.second_opinion.is_some()
    }

    /// The model the engine carries, as its file (the compiled catalog stores it).
    pub(crate) fn model_bytes(&self) -> Option<&'static [u8]> {
        self.second_opinion.as_ref().map(|(scorer, _)| scorer.bytes)
    }

    /// Scores the sentences no rule flagged with `scorer`, unless the options disable
    /// its id; its findings take the options' severity for that id, else low.
    pub fn set_second_opinion(&mut self, scorer: crate::scorer::Scorer, options: &EngineOptions) {
        // looked up by a `String`, as the rules' ids are: one lookup in the wasm, not two
        let id = String::from(SECOND_OPINION);
        self.second_opinion = (!options.disabled_rules.contains(&id)).then(|| {
            let severity = options.severity_overrides.get(&id).copied();
            (scorer, severity.unwrap_or(Severity::Low))
        });
    }

    /// A low-severity finding on each sentence that no rule flagged and the learned model
    /// reads as cold. It has no rewrite: the model knows the sentence reads cold, not which
    /// words make it so.
    /// Only sentences in English paragraphs (`english_at` a token) are read: the model
    /// learned English.
    pub(super) fn add_second_opinion(
        &self,
        text: &str,
        tokens: &Tokens,
        english_at: impl Fn(usize) -> bool,
        findings: &mut Vec<Finding>,
    ) {
        let Some((scorer, severity)) = &self.second_opinion else {
            return;
        };
        // read in the text's bytes: the tokens close a reply's unmarked end with a full stop
        // of their own; a line of its own only in a reply of several (a one-line chat message
        // is a sentence)
        let bytes = text.as_bytes();
        let several_lines = bytes.contains(&b'\n');
        let not_blank = |b: &&u8| **b != b' ' && **b != b'\t';
        // the sentences and the findings both run forward (findings by their start), so one
        // cursor over each keeps a long reply linear: the furthest end among the findings
        // that start before a sentence ends says whether one overlaps it, and the UTF-16
        // offset is counted on from the last sentence flagged
        let (mut next_finding, mut furthest_end) = (0, 0);
        let (mut counted_bytes, mut counted_units) = (0, 0);
        for (first, last) in tokens.sentence_token_ranges() {
            let (start, end) = (tokens.list[first].start, tokens.list[last].end);
            let range = first..=last;
            while let Some(f) = findings.get(next_finding).filter(|f| f.byte_start < end) {
                furthest_end = furthest_end.max(f.byte_end);
                next_finding += 1;
            }
            let flagged = furthest_end > start;
            if flagged || !english_at(first) || tokens.list[range.clone()].iter().any(|t| t.excluded) {
                continue;
            }
            let words = crate::scorer::sentence_words(tokens, *range.start(), *range.end());
            let word_count = words.iter().filter(|w| !matches!(**w, "?" | "!")).count();
            let alone_on_its_line = several_lines
                && bytes[..start].iter().rev().find(not_blank).is_none_or(|&b| b == b'\n')
                && bytes[end..]
                    .iter()
                    .find(not_blank)
                    .is_none_or(|&b| b == b'\n' || b == b'\r');
            // the last byte of a full stop, "!", "?" or "…"
            let unmarked = !matches!(bytes[end - 1], b'.' | b'!' | b'?' | 0xa6);
            if word_count < SECOND_OPINION_MIN_WORDS
                || (alone_on_its_line && unmarked && word_count <= UNMARKED_LINE_MAX_WORDS)
                || !scorer.reads_cold(&words)
            {
                continue;
            }
            let mut units_at = |byte: usize| {
                counted_units += text[counted_bytes..byte].chars().map(char::len_utf16).sum::<usize>();
                counted_bytes = byte;
                counted_units
            };
            let finding = Finding {
                rule: SECOND_OPINION.into(),
                category: "cold".into(),
                severity: *severity,
                start: units_at(start),
                end: units_at(end),
                byte_start: start,
                byte_end: end,
                text: text[start..end].to_string(),
                message: SECOND_OPINION_MESSAGE.into(),
                explanation: if cfg!(target_arch = "wasm32") {
                    String::new()
                } else {
                    SECOND_OPINION_EXPLANATION.into()
                },
                rewrites: Vec::new(),
                missing: false,
                folded: 0,
            };
            // in place, after the rules' findings that start here: a merge of two lists
            // costs the wasm a kilobyte, the insert a move of the findings after it
            let index = findings.partition_point(|f| f.byte_start <= start);
            findings.insert(index, finding);
            next_finding += 1;
        }
    }
}
