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
const SECOND_OPINION_MIN_WORDS: usize = 3;

impl Engine {
    /// Scores the sentences no rule flagged with `scorer`, unless the options disable
    /// its id; its findings take the options' severity for that id, else low.
    pub fn set_second_opinion(&mut self, scorer: crate::scorer::Scorer, options: &EngineOptions) {
        if options.disabled_rules.iter().any(|r| r == SECOND_OPINION) {
            self.second_opinion = None;
            return;
        }
        let severity = options
            .severity_overrides
            .get(SECOND_OPINION)
            .copied()
            .unwrap_or(Severity::Low);
        self.second_opinion = Some((scorer, severity));
    }

    /// A low-severity finding on each sentence that no rule flagged and the learned model
    /// reads as cold. It has no rewrite: the model knows the sentence reads cold, not which
    /// words make it so.
    pub(super) fn add_second_opinion(&self, text: &str, tokens: &Tokens, findings: &mut Vec<Finding>) {
        // The wasm's boundary cannot set a scorer, so without the built-in one this code
        // would only weigh on the download.
        if cfg!(target_arch = "wasm32") && !cfg!(feature = "second-opinion") {
            return;
        }
        let Some((scorer, severity)) = &self.second_opinion else {
            return;
        };
        for (first, last) in tokens.sentence_token_ranges() {
            let (start, end) = (tokens.list[first].start, tokens.list[last].end);
            let range = first..=last;
            let flagged = findings.iter().any(|f| f.byte_start < end && start < f.byte_end);
            if flagged || tokens.list[range.clone()].iter().any(|t| t.excluded) {
                continue;
            }
            let words = crate::scorer::sentence_words(tokens, *range.start(), *range.end());
            let word_count = words.iter().filter(|w| !matches!(**w, "?" | "!")).count();
            if word_count < SECOND_OPINION_MIN_WORDS || scorer.probability(&words) < scorer.threshold {
                continue;
            }
            let finding = Finding {
                rule: SECOND_OPINION.into(),
                category: "cold".into(),
                severity: *severity,
                start: crate::text::byte_to_utf16(text, start),
                end: crate::text::byte_to_utf16(text, end),
                byte_start: start,
                byte_end: end,
                text: text[start..end].to_string(),
                message: "This sentence may read cold to the customer.".into(),
                explanation: "No rule names this wording, but it reads like sentences customers find cold \
                     or dismissive (a learned second opinion, which can be wrong). Read it as they would: \
                     say what you can do rather than what you cannot, own the problem instead of \
                     placing it on them, and ask rather than order."
                    .into(),
                rewrites: Vec::new(),
                missing: false,
                folded: 0,
            };
            let index = findings.partition_point(|f| f.byte_start <= start);
            findings.insert(index, finding);
        }
    }
}
