//! One pass over a text: the trie walked from every token, exceptions, negation and
//! each paragraph's language applied, and the moves and cues present.

use super::address::ClauseStart;
use super::matcher::{Hits, Matcher, Slot, MATCH_BUDGET};
use super::negation::{answered_next, negated};
use super::trie::{Owner, Step, ROOT, SENTENCE_ROOT, UNKNOWN};
use super::Engine;
use crate::context::{excluded_regions, message_excluded_regions};
use crate::lang::Lang;
use crate::text::{tokenize, Tokens};
use crate::word_lists::{self, List};

pub(super) struct Scan {
    pub(super) excluded: Vec<(usize, usize)>,
    pub(super) tokens: Tokens,
    /// The language most of the reply's words are in.
    pub(super) lang: Lang,
    /// Each paragraph's first and last token and language; empty when the catalog is
    /// English alone (every paragraph is then read as English).
    pub(super) paragraphs: Vec<(usize, usize, Lang)>,
    /// The languages of paragraphs whose part of the catalog the engine lacks.
    pub(super) needs: Vec<Lang>,
    pub(super) candidates: Vec<Candidate>,
    pub(super) moves_present: Vec<bool>,
    /// Where each move was found (move, first token, last token), to discount a move made
    /// inside a cold phrase ("I understand your frustration, however ...").
    pub(super) move_hits: Vec<(u32, usize, usize)>,
    pub(super) cues_present: Vec<bool>,
    pub(super) cue_hits: Vec<(u32, usize, usize)>,
    /// Where each customer signal was found (in the engine that reads the customer's
    /// message), to drop one the customer denies ("not in a hurry").
    pub(super) signal_hits: Vec<(u32, usize, usize)>,
}

pub(super) struct Candidate {
    pub(super) rule: u32,
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) slots: Vec<Slot>,
    /// Bytes of intensifiers inside the match that the pattern did not name: a rule that
    /// names "obviously" beats one that stepped over it.
    pub(super) skipped: u32,
    /// A `^` pattern that matched at a clause start inside its sentence ("Hi Tom, these
    /// things happen"): a rewrite of its sentence keeps the words before it.
    pub(super) mid_sentence: bool,
}

impl Engine {
    /// One pass over the text: rule candidates (after exceptions, negation and the
    /// language of their paragraph), and the moves and cues present. `forced`: the language
    /// the agent set for the reply; otherwise each paragraph's is detected.
    pub(super) fn scan(&self, text: &str, forced: Option<Lang>) -> Scan {
        // the engine that reads the customer's message is the one that holds the signals
        let excluded = if self.signals.is_empty() {
            excluded_regions(text)
        } else {
            message_excluded_regions(text)
        };
        let mut tokens = tokenize(text, &excluded);
        crate::text::close_unmarked_end(&mut tokens);
        // Only a catalog with rules in another language needs to know which paragraphs are
        // in it: English alone is read as it always was. (The other languages' rules follow
        // the English ones: looked for from the end, the first rule answers.)
        let paragraphs = if forced.is_some_and(|l| l != Lang::En)
            || !self.missing_langs.is_empty()
            || self.rules.iter().rev().any(|r| r.lang != Lang::En)
        {
            crate::lang::paragraphs(text, &tokens, forced)
        } else {
            Vec::new()
        };
        let lang_at = |i: usize| lang_of_token(&paragraphs, i);
        let mut words_in = [0usize; 5];
        for &(first, last, lang) in &paragraphs {
            words_in[lang as usize] += last + 1 - first;
        }
        let lang = crate::lang::LANGS
            .into_iter()
            .max_by_key(|l| (words_in[*l as usize], *l == Lang::En))
            .unwrap_or(Lang::En);
        let mut needs: Vec<Lang> = Vec::new();
        for &(_, _, lang) in &paragraphs {
            if self.missing_langs.contains(&lang) && !needs.contains(&lang) {
                needs.push(lang);
            }
        }
        let mut candidates = Vec::new();
        let mut exceptions: Vec<(u32, usize, usize)> = Vec::new();
        let mut moves_present = vec![false; self.moves.len()];
        let mut move_hits = Vec::new();
        let mut cue_hits = Vec::new();
        let mut signal_hits = Vec::new();
        let mut cues_present = vec![false; self.cues.len()];
        let mut slots = Vec::new();
        let mut hits: Hits = Vec::new();
        // the owners and ends the current token's clause-start walk reached
        let mut clause_rules: Vec<(Owner, usize)> = Vec::new();
        let syms: Vec<u32> = (0..tokens.len())
            .map(|i| self.symbols.get(tokens.norm(i)).copied().unwrap_or(UNKNOWN))
            .collect();
        let matcher = Matcher {
            trie: &self.trie,
            tokens: &tokens,
            syms: &syms,
            budget: std::cell::Cell::new(MATCH_BUDGET),
            only_sentence: {
                let mut sentences = tokens.list.iter().filter(|t| !t.excluded).map(|t| t.sentence);
                let first = sentences.next();
                first.filter(|&f| sentences.all(|s| s == f))
            },
            last_sentence: tokens.list.iter().rev().find(|t| !t.excluded).map(|t| t.sentence),
            filler: (0..tokens.len())
                .map(|i| {
                    let fillers = match lang_at(i) {
                        Lang::De => List::FillersDe,
                        Lang::Fr => List::FillersFr,
                        _ => List::Fillers,
                    };
                    word_lists::has(fillers, tokens.norm(i)) || crate::text::is_chat_tag(&tokens, i)
                })
                .collect(),
            vocative: super::address::vocatives(text, &tokens),
            skipped_bytes: std::cell::Cell::new(0),
            sentence_words: {
                let mut sets = vec![[0; 4]; tokens.sentences.len().max(1)];
                for (t, &sym) in tokens.list.iter().zip(&syms) {
                    if sym != UNKNOWN {
                        super::trie::add_word(&mut sets[t.sentence as usize], sym);
                    }
                }
                sets
            },
        };
        let mut clause_hits: Hits = Vec::new();
        // where the `^+` patterns start, below the sentence root
        // (a root with a dispatch map keeps its steps other than a word apart: only those)
        let sentence_steps = match self.trie.dispatch_of(SENTENCE_ROOT) {
            Some(dispatch) => &dispatch.others[..],
            None => self.trie.children_of(SENTENCE_ROOT),
        };
        let clause_roots: Vec<u32> = sentence_steps
            .iter()
            .copied()
            .filter(|&c| matches!(self.trie.step(c), Step::AnyClause))
            .collect();
        for i in 0..tokens.len() {
            let tok = &tokens.list[i];
            if tok.excluded {
                continue;
            }
            hits.clear();
            clause_rules.clear();
            matcher.budget.set(MATCH_BUDGET);
            matcher.walk(ROOT, i, tok.sentence, &mut slots, &mut hits, false);
            let clause = if tok.sentence_start {
                None
            } else {
                super::address::clause_start(text, &tokens, i)
            };
            if tok.sentence_start {
                matcher.walk(SENTENCE_ROOT, i, tok.sentence, &mut slots, &mut hits, false);
            } else if let Some(kind) = clause {
                // a rule's `^` frame after the greeting or name a sentence opens with, and
                // its `^+` frame after a comma or "and" too (never `^^`); the moves, cues
                // and customer signals keep to sentence starts
                clause_hits.clear();
                match kind {
                    ClauseStart::AfterAddress => {
                        matcher.walk(SENTENCE_ROOT, i, tok.sentence, &mut slots, &mut clause_hits, false)
                    }
                    ClauseStart::Inside => {
                        for &root in &clause_roots {
                            matcher.walk(root, i, tok.sentence, &mut slots, &mut clause_hits, false);
                        }
                    }
                }
                for hit in clause_hits.drain(..) {
                    if matches!(hit.0, Owner::Rule(_) | Owner::Except(_)) {
                        clause_rules.push((hit.0, hit.1));
                        hits.push(hit);
                    }
                }
            }
            for (owner, end, best_slots, skipped) in hits.drain(..) {
                // a match covers a token at least: the pattern compiler rejects empty
                // patterns, but a damaged compiled trie could still reach an owner unmoved
                if end <= i {
                    continue;
                }
                match owner {
                    Owner::Rule(r) => candidates.push(Candidate {
                        rule: r,
                        first: i,
                        last: end - 1,
                        slots: best_slots,
                        skipped,
                        // (or any frame after the greeting or name its sentence opens with)
                        mid_sentence: clause_rules.contains(&(owner, end)) || clause == Some(ClauseStart::AfterAddress),
                    }),
                    Owner::Except(r) => exceptions.push((r, i, end - 1)),
                    Owner::Move(m) => {
                        moves_present[m as usize] = true;
                        move_hits.push((m, i, end - 1));
                    }
                    Owner::Cue(c) => {
                        cues_present[c as usize] = true;
                        cue_hits.push((c, i, end - 1));
                    }
                    Owner::Signal(s) => signal_hits.push((s, i, end - 1)),
                }
            }
        }
        // A German rule of the address category flags "du" where the reply also says "Sie":
        // without formal address elsewhere, "du" is the reply's choice, not a slip.
        let formal_de = candidates.iter().any(|c| {
            let rule = &self.rules[c.rule as usize];
            rule.lang == Lang::De && rule.category == "address"
        }) && formal_address(text, &tokens, |i| lang_at(i) == Lang::De);
        // And a French one flags "tu" where the reply also says "vous".
        let formal_fr = candidates.iter().any(|c| {
            let rule = &self.rules[c.rule as usize];
            rule.lang == Lang::Fr && rule.category == "address"
        }) && vous_address(&tokens, |i| lang_at(i) == Lang::Fr);
        // And a Spanish one flags "tú" where the reply also says "usted" (or "su" in the
        // same sentence, where "su" is the reader's more often than a third person's).
        let formal_es = candidates.iter().any(|c| {
            let rule = &self.rules[c.rule as usize];
            rule.lang == Lang::Es && rule.category == "address"
        }) && usted_address(&tokens, |i| lang_at(i) == Lang::Es);
        // Exceptions by rule and start, so each candidate looks only at its own rule's
        // exceptions that start within the longest exception's reach before it.
        crate::sort::sort(&mut exceptions);
        let reach = exceptions.iter().map(|&(_, a, b)| b - a).max().unwrap_or(0);
        let commitments: Vec<usize> = move_hits
            .iter()
            .filter(|&&(m, _, _)| matches!(self.moves[m as usize].id.as_str(), "take-ownership" | "follow-up"))
            .map(|&(_, first, _)| first)
            .collect();
        candidates.retain(|c| {
            let rule = &self.rules[c.rule as usize];
            let from = exceptions.partition_point(|&(r, a, _)| (r, a) < (c.rule, c.first.saturating_sub(reach)));
            let excepted = exceptions[from..]
                .iter()
                .take_while(|&&(r, a, _)| r == c.rule && a <= c.last)
                .any(|&(_, _, b)| c.first <= b);
            let here = lang_at(c.first);
            let flipped = rule.negatable && negated(&tokens, c.first, here);
            let unmixed = rule.category == "address"
                && match rule.lang {
                    Lang::De => !formal_de,
                    Lang::Fr => !formal_fr,
                    Lang::Es => !formal_es && !su_in_sentence(&tokens, c.first),
                    _ => false,
                };
            let answered = rule.category == "uncertainty" && answered_next(&tokens, c.last, &commitments);
            rule.lang == here
                && !excepted
                && !flipped
                && !unmixed
                && !answered
                && (!rule.after_empathy
                    || move_hits.iter().any(|&(m, _, last)| {
                        matches!(self.moves[m as usize].id.as_str(), "acknowledge" | "validate")
                            && just_before(&tokens, last, c.first)
                    }))
        });
        // A reply warm elsewhere (thanks, an apology, empathy, a follow-up, a warm word)
        // keeps its sign-off wording unremarked, unless other cold wording fires in it.
        if candidates.iter().all(|c| self.rules[c.rule as usize].unless_warm)
            && (move_hits.iter().any(|&(m, _, _)| {
                matches!(
                    self.moves[m as usize].id.as_str(),
                    "thank" | "apologize" | "acknowledge" | "validate" | "follow-up"
                )
            }) || cue_hits.iter().any(|&(c, _, _)| self.cues[c as usize].points > 0))
        {
            candidates.clear();
        }
        Scan {
            excluded,
            tokens,
            lang,
            paragraphs,
            needs,
            candidates,
            moves_present,
            move_hits,
            cues_present,
            cue_hits,
            signal_hits,
        }
    }
}

/// The language of the paragraph token `i` is in (English where paragraphs were not told
/// apart).
pub(super) fn lang_of_token(paragraphs: &[(usize, usize, Lang)], i: usize) -> Lang {
    let k = paragraphs.partition_point(|p| p.1 < i);
    paragraphs.get(k).map_or(Lang::En, |p| p.2)
}

/// Whether token `last` ends just before token `first`: earlier in its sentence, or in the
/// sentence before where `first` opens its own ("I'm so sorry to hear that. That said,
/// ...") or closes it ("... The decision stands, though."); a "but" inside the next
/// sentence answers that sentence's own clause.
pub(super) fn just_before(tokens: &Tokens, last: usize, first: usize) -> bool {
    let (said, here) = (tokens.list[last].sentence, tokens.list[first].sentence);
    let opens = first == 0 || tokens.list[first - 1].sentence != here;
    let closes = || tokens.list[first..].iter().take_while(|t| t.sentence == here).count() <= 3;
    last < first && (said == here || said + 1 == here && (opens || closes()))
}

/// The formal pronouns of German address, folded as the tokens have them.
const FORMAL_DE: &str = "sie ihnen ihr ihre ihrem ihren ihrer ihres";

/// Whether the reply addresses someone formally in German: a formal pronoun written with
/// its capital ("Ihnen", "Ihre Bestellung"), outside quoted text, in a German paragraph.
/// Lower case makes "sie" and "ihr" mean "they", "she" or informal "you all", and a
/// sentence's first word has a capital anyway: there "Sie" and "Ihr" are no evidence,
/// while "Ihnen" and "Ihre" at a sentence start still address the reader.
pub(super) fn formal_address(text: &str, tokens: &Tokens, german: impl Fn(usize) -> bool) -> bool {
    (0..tokens.len()).any(|i| {
        let t = &tokens.list[i];
        let norm = tokens.norm(i);
        !t.excluded
            && !t.caps
            && crate::text::listed(FORMAL_DE, norm)
            && text[t.start..t.end].starts_with(char::is_uppercase)
            && !(t.sentence_start && matches!(norm, "sie" | "ihr"))
            && german(i)
    })
}

/// The formal pronoun and possessives of French address, as the tokens have them.
const FORMAL_FR: &str = "vous votre vos";

/// Whether the reply addresses someone with "vous" in a French paragraph, outside quoted
/// text. French writes "vous" in lower case, so unlike German no capital tells the reader
/// apart; a reply to one customer uses "vous" for that customer.
pub(super) fn vous_address(tokens: &Tokens, french: impl Fn(usize) -> bool) -> bool {
    (0..tokens.len()).any(|i| !tokens.list[i].excluded && crate::text::listed(FORMAL_FR, tokens.norm(i)) && french(i))
}

/// Whether the reply addresses someone as "usted" in a Spanish paragraph, outside quoted
/// text: one of the words above, or "le" opening a sentence ("Le llamaremos mañana"), where
/// it is the reader far more often than a third person.
pub(super) fn usted_address(tokens: &Tokens, spanish: impl Fn(usize) -> bool) -> bool {
    (0..tokens.len()).any(|i| {
        let norm = tokens.norm(i);
        let opens = || {
            tokens.list[i].sentence_start
                || i > 0
                    && tokens.list[i - 1].sentence == tokens.list[i].sentence
                    && matches!(tokens.norm(i - 1), "¿" | "¡")
                    && (i == 1 || tokens.list[i - 2].sentence != tokens.list[i].sentence)
        };
        !tokens.list[i].excluded && (word_lists::has(List::FormalEs, norm) || norm == "le" && opens()) && spanish(i)
    })
}

/// Whether the sentence of token `first` says "su" or "sus" outside quoted text.
fn su_in_sentence(tokens: &Tokens, first: usize) -> bool {
    // only the sentence's own tokens: a long paste has many candidates, each in a sentence
    let sentence = tokens.list[first].sentence;
    let start = tokens.list[..first].partition_point(|t| t.sentence < sentence);
    (start..tokens.len())
        .take_while(|&i| tokens.list[i].sentence == sentence)
        .any(|i| !tokens.list[i].excluded && matches!(tokens.norm(i), "su" | "sus"))
}
