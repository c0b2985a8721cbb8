//! The warmth score and its breakdown in words.

use super::Engine;
use crate::catalog::Severity;
use crate::report::{Finding, Score, ScorePart};

impl Engine {
    /// 60, minus each finding by severity, plus each empathy move made, plus or minus each
    /// tone cue present; clamped to 0..=100. The breakdown lists every part.
    pub(super) fn score(&self, findings: &[Finding], moves_present: &[bool], cues_present: &[bool]) -> Score {
        const BASE: i32 = 60;
        let mut breakdown = vec![ScorePart {
            reason: self.starting_point.clone(),
            points: BASE,
        }];
        let mut penalty = 0;
        for f in findings {
            let points = match f.severity {
                Severity::High => 20,
                Severity::Medium => 12,
                Severity::Low => 6,
            };
            penalty += points;
            breakdown.push(ScorePart {
                reason: if f.rule == "unacknowledged-upset" {
                    "an upset customer, and the reply goes straight to business".into()
                } else {
                    format!(
                        "\u{201c}{}\u{201d} {}",
                        f.text.trim(),
                        crate::catalog::category_words(&f.category)
                    )
                    .into()
                },
                points: -points,
            });
        }
        let mut bonus = 0;
        for ((m, texts), _) in self
            .moves
            .iter()
            .zip(&self.move_texts)
            .zip(moves_present)
            .filter(|(_, &p)| p)
        {
            bonus += m.points;
            breakdown.push(ScorePart {
                reason: texts.label.clone(),
                points: m.points,
            });
        }
        for ((cue, label), _) in self
            .cues
            .iter()
            .zip(&self.cue_labels)
            .zip(cues_present)
            .filter(|(_, &p)| p)
        {
            bonus += cue.points;
            breakdown.push(ScorePart {
                reason: label.clone(),
                points: cue.points,
            });
        }
        let value = (BASE - penalty + bonus).clamp(0, 100) as u8;
        Score {
            value,
            words: Score::words_for(value),
            breakdown,
        }
    }
}
