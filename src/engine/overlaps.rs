//! Which candidates become findings where they overlap, and how many stiff findings one
//! sentence shows.

use super::scan::Candidate;
use super::Engine;
use crate::report::Finding;
use crate::text::Tokens;

impl Engine {
    /// Longest first, then most severe, then earliest; a span is claimed once.
    pub(super) fn resolve_overlaps(&self, tokens: &Tokens, mut candidates: Vec<Candidate>) -> Vec<Candidate> {
        // the words a pattern named count; intensifiers it stepped over do not
        let span = |c: &Candidate| (tokens.list[c.first].start, tokens.list[c.last].end - c.skipped as usize);
        crate::sort::sort_by(&mut candidates, |a, b| {
            let (sa, ea) = span(a);
            let (sb, eb) = span(b);
            (eb - sb)
                .cmp(&(ea - sa))
                .then(
                    self.rules[b.rule as usize]
                        .severity
                        .cmp(&self.rules[a.rule as usize].severity),
                )
                .then(sa.cmp(&sb))
                .then(a.rule.cmp(&b.rule))
        });
        // Claimed words: tokens of one written word (a contraction) share a byte span, so
        // claims are per word, and a candidate checks only the words it covers.
        let mut word_of = Vec::with_capacity(tokens.len());
        let mut word = 0usize;
        for (i, t) in tokens.list.iter().enumerate() {
            if i > 0 && t.start != tokens.list[i - 1].start {
                word += 1;
            }
            word_of.push(word);
        }
        let mut claimed = vec![false; word + 1];
        let mut chosen = Vec::new();
        for c in candidates {
            let words = word_of[c.first]..=word_of[c.last];
            if claimed[words.clone()].iter().any(|&taken| taken) {
                continue;
            }
            claimed[words].fill(true);
            chosen.push(c);
        }
        crate::sort::sort_by_key(&mut chosen, |c| tokens.list[c.first].start);
        chosen
    }
}

/// Most stiff-wording findings a sentence shows at once; the rest appear as these are fixed.
const MAX_STIFF_PER_SENTENCE: usize = 2;

/// One stiff or shouted sentence must not light up with a dozen underlines: past two
/// robotic (or two shouting) findings in a sentence, the most severe (then the earliest)
/// stay, and the last one kept counts the others in `folded`. The score has already
/// counted them all; other families are never folded.
pub(super) fn fold_crowded_sentences(findings: &mut Vec<Finding>, tokens: &Tokens) {
    let sentence_of = |byte: usize| {
        let i = tokens.list.partition_point(|t| t.start < byte);
        tokens.list.get(i).filter(|t| t.start == byte).map(|t| t.sentence)
    };
    // findings in text order, grouped by sentence and family
    // (a reply has few of these findings: a list, not a map)
    let mut groups: Vec<((u32, &str), Vec<usize>)> = Vec::new();
    for (j, f) in findings.iter().enumerate() {
        if f.missing || !matches!(f.category.as_str(), "robotic" | "shouting") {
            continue;
        }
        if let Some(sentence) = sentence_of(f.byte_start) {
            let key = (sentence, f.category.as_str());
            match groups.iter_mut().find(|g| g.0 == key) {
                Some(group) => group.1.push(j),
                None => groups.push((key, vec![j])),
            }
        }
    }
    let mut drop = vec![false; findings.len()];
    let mut folded = Vec::new();
    for (_, group) in groups.into_iter().filter(|(_, g)| g.len() > MAX_STIFF_PER_SENTENCE) {
        let mut ranked = group.clone();
        crate::sort::sort_by(&mut ranked, |&a, &b| {
            findings[b].severity.cmp(&findings[a].severity).then(a.cmp(&b))
        });
        for &j in &ranked[MAX_STIFF_PER_SENTENCE..] {
            drop[j] = true;
        }
        let last_kept = *ranked[..MAX_STIFF_PER_SENTENCE].iter().max().unwrap();
        folded.push((last_kept, (group.len() - MAX_STIFF_PER_SENTENCE) as u32));
    }
    for (j, n) in folded {
        findings[j].folded = n;
    }
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        !drop[index - 1]
    });
}
