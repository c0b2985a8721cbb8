//! Listening to the customer: what their message signals, and the reply coached to it.

use super::Engine;
use crate::catalog::{Position, Severity};
use crate::report::{Finding, MoveReport, Rewrite};
use crate::text::Tokens;
use std::sync::Arc;

impl Engine {
    /// What the customer's message signals, and the facts in it.
    pub fn read_customer(&self, message: &str) -> crate::customer::CustomerReading {
        match &self.customer {
            Some(reader) => reader.read_signals_in(message),
            None => self.read_signals_in(message),
        }
    }

    /// In the inner engine, which holds the customer signals.
    pub(super) fn read_signals_in(&self, message: &str) -> crate::customer::CustomerReading {
        let scan = self.scan(message, None);
        let mut present = vec![false; self.signals.len()];
        // Paragraph languages only where an English signal word is also a word of another
        // language: an English message reads exactly as it did without them.
        let mut paragraphs: Option<Vec<crate::lang::Paragraph>> = None;
        for &(s, first, last) in &scan.signal_hits {
            if crate::customer::denied(&self.signals[s as usize].id, &scan.tokens, first) {
                continue;
            }
            if first == last && crate::customer::false_friend(scan.tokens.norm(first)) {
                let paragraphs = paragraphs.get_or_insert_with(|| crate::lang::paragraphs(message, &scan.tokens, None));
                let k = paragraphs.partition_point(|p| p.1 < first);
                if paragraphs.get(k).is_some_and(|p| p.2 != crate::lang::Lang::En) {
                    continue;
                }
            }
            present[s as usize] = true;
        }
        // What no pattern names, strongly negative wording may still say; the bank labels a
        // message angry or frustrated, rarely both, so the score only fills in for neither.
        // Measured, not shipped: EVALUATION.md ("Listening") says why.
        #[cfg(feature = "graded-words")]
        let graded = {
            let named = |id: &str| {
                self.signals
                    .iter()
                    .zip(&present)
                    .any(|(s, &present)| present && s.id == id)
            };
            if named("angry") || named("frustrated") {
                None
            } else {
                crate::customer::graded_signal(message)
            }
        };
        #[cfg(not(feature = "graded-words"))]
        let graded: Option<&str> = None;
        let signals = self
            .signals
            .iter()
            .zip(&present)
            .filter_map(|(s, &present)| {
                let graded = !present && graded == Some(s.id.as_str());
                (present || graded).then(|| crate::customer::Signal {
                    id: s.id.clone(),
                    label: s.label.clone(),
                    graded,
                })
            })
            .collect();
        crate::customer::read(message, signals)
    }

    /// Coaching to the customer's message: listening failures to a customer who has
    /// written before become high severity; an upset customer who gets no acknowledgement
    /// is a finding whose rewrite inserts an opener built from what they said; the
    /// acknowledge move suggests that same opener.
    pub(super) fn coach_to(
        &self,
        findings: &mut Vec<Finding>,
        moves: &mut [MoveReport],
        text: &str,
        tokens: &Tokens,
        reading: &crate::customer::CustomerReading,
    ) {
        if reading.has("repeat-contact") {
            for f in findings.iter_mut() {
                if f.category == "passive-aggressive" || f.category == "repeat-yourself" {
                    f.severity = Severity::High;
                }
            }
        }
        let opening_at = moves.iter().find_map(|m| {
            m.suggestion
                .as_ref()
                .filter(|s| s.position == Position::Opening)
                .map(|s| s.at)
        });
        let insertion: Arc<str> = format!("{} ", reading.opener).into();
        for m in moves.iter_mut() {
            if &*m.id == "acknowledge" {
                if let Some(s) = m.suggestion.as_mut() {
                    s.text = insertion.clone();
                }
            }
        }
        let acknowledged = moves.iter().any(|m| m.present && crate::catalog::shows_empathy(&m.id));
        let place = opening_at.filter(|_| reading.upset() && !acknowledged).and_then(|at| {
            let at_byte = crate::text::utf16_to_byte(text, at);
            let first = tokens.list.iter().position(|t| t.start >= at_byte && !t.excluded)?;
            let (sentence_start, sentence_end) = tokens.sentences[tokens.list[first].sentence as usize];
            free_stretch(text, sentence_start, sentence_end, findings).map(|span| (sentence_start, span))
        });
        if let Some((sentence_start, (start, end))) = place {
            let strong = reading.has("angry") || reading.has("leaving") || reading.has("repeat-contact");
            let finding = Finding {
                rule: "unacknowledged-upset".into(),
                category: "invalidating".into(),
                severity: if strong { Severity::High } else { Severity::Medium },
                start: crate::text::byte_to_utf16(text, start),
                end: crate::text::byte_to_utf16(text, end),
                byte_start: start,
                byte_end: end,
                text: text[start..end].to_string(),
                message: "The customer is upset, and the reply goes straight to business.".into(),
                // what Rapport read is beside it in the card (and the CLI's report)
                explanation: "Opening with their situation shows you read their message before you solve \
                              it; without it, even a correct answer can feel like a form letter."
                    .into(),
                rewrites: vec![Rewrite {
                    text: format!("{}{}", insertion, &text[sentence_start..end]),
                    start: crate::text::byte_to_utf16(text, sentence_start),
                    end: crate::text::byte_to_utf16(text, end),
                    strategy: "acknowledge".into(),
                    placeholder: None,
                }],
                missing: true,
                folded: 0,
            };
            let index = findings.partition_point(|f| f.byte_start <= start);
            findings.insert(index, finding);
        }
    }
}

/// The first stretch of [start, end) that no finding covers and that holds a word,
/// trimmed of spaces and punctuation at its ends.
fn free_stretch(text: &str, start: usize, end: usize, findings: &[Finding]) -> Option<(usize, usize)> {
    let mut cursor = start;
    let mut gaps = Vec::new();
    for f in findings.iter().filter(|f| f.byte_start < end && start < f.byte_end) {
        gaps.push((cursor, f.byte_start.max(cursor)));
        cursor = cursor.max(f.byte_end);
    }
    gaps.push((cursor, end));
    gaps.into_iter().find_map(|(a, b)| {
        let piece = text.get(a..b)?;
        let lead = piece.len() - piece.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let trail = piece.len() - piece.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
        (lead + trail < piece.len()).then_some((a + lead, b - trail))
    })
}
