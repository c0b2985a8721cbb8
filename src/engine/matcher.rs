//! The walk through the trie from one token: words, gaps, slots, clause and sentence
//! ends, and the intensifiers a pattern may step over.

use super::trie::{meets, word_bit, Owner, Step, Trie, WordSet, ROOT, SENTENCE_ROOT, UNKNOWN};
use crate::pattern::CHOICE_END;
use crate::text::{TokenKind, Tokens};

/// A captured slot: its name's index and first and last token.
pub(super) type Slot = (u32, usize, usize);
/// The last token of a marker (`{name:0}`), which captures no words.
pub(super) const MARKER_END: usize = usize::MAX;
/// The name index of a vocative the walk stepped over ("Sorry, John, but ..."): kept with
/// the slots so the rewrite can put the name back, never a slot of a template.
pub(super) const VOCATIVE: u32 = u32::MAX;
/// The name index of the words a gap (`*N`) took into a match: no template can say them
/// again, so a rewrite that would lose a fact among them is not offered.
pub(super) const GAP_SLOT: u32 = u32::MAX - 1;

fn named(slots: &[Slot]) -> usize {
    slots.iter().filter(|s| s.0 != GAP_SLOT).count()
}
/// For each owner reached from one token: the furthest token, with the slots captured
/// and the bytes of intensifiers stepped over on the way.
pub(super) type Hits = Vec<(Owner, usize, Vec<Slot>, u32)>;

pub(super) struct Matcher<'a> {
    pub(super) trie: &'a Trie,
    pub(super) tokens: &'a Tokens,
    pub(super) syms: &'a [u32],
    /// Steps left for the walk from the current token: a pack pattern of many gaps and
    /// slots could otherwise make backtracking exponential. The catalog needs far fewer.
    pub(super) budget: std::cell::Cell<u32>,
    /// The sentence, when the reply is that one sentence: `$$` fragments ("Noted.",
    /// "Maybe.") are cold as the whole answer and ordinary before the answer itself.
    pub(super) only_sentence: Option<u32>,
    /// The sentence of the reply's last word outside quotes and history.
    pub(super) last_sentence: Option<u32>,
    /// Tokens that are intensifiers a pattern may step over ("that simply can't be done",
    /// "I don't really know"): one rule then covers the sentence with and without them.
    pub(super) filler: Vec<bool>,
    /// For each token, how many tokens a vocative starting there spans (0: none): the
    /// name or address term an agent sets off by commas ("I understand, Mrs Patel, but"),
    /// which a pattern steps over after its first word, as it does intensifiers.
    pub(super) vocative: Vec<u8>,
    pub(super) skipped_bytes: std::cell::Cell<u32>,
    /// The words of each sentence, to skip branches that need a word it lacks.
    pub(super) sentence_words: Vec<WordSet>,
}

/// Steps one walk from one token may take.
pub(super) const MATCH_BUDGET: u32 = 1 << 16;

impl Matcher<'_> {
    /// Whether token `p` can be part of a slot's term: a word or symbol, or punctuation
    /// written without spaces between two parts of one term (a hyphen, "@", "/", ":", "."),
    /// or "#"/"$" written before a number.
    fn in_term(&self, p: usize, first: bool) -> bool {
        let list = &self.tokens.list;
        let t = &list[p];
        if t.kind != TokenKind::Punct {
            return true;
        }
        // "://" and "..." run on to the term's next part
        let joins_next = list.get(p + 1).is_some_and(|n| n.start == t.end);
        let joins_prev = p > 0 && list[p - 1].end == t.start && !first;
        let mark = self.tokens.norm(p);
        if [",", ";", "!", "?", "(", ")", "\"", "\u{201c}", "\u{201d}"].contains(&mark) {
            return false;
        }
        // an ellipsis typed as dots ends the clause like "…" does ("nothing I can do...")
        if mark == "." && joins_next && self.tokens.norm(p + 1) == "." {
            return false;
        }
        // "Mr. Larsen": a title's stop is part of the name, not the end of a clause
        if mark == "." && joins_prev && crate::text::is_title(self.tokens.norm(p - 1)) {
            return true;
        }
        // "20%" ends its term on the percent sign
        if mark == "%" && joins_prev {
            return true;
        }
        joins_next && (joins_prev || matches!(mark, "#" | "$" | "\u{a3}" | "\u{20ac}" | "@" | "+"))
    }

    /// Whether a currency sign written against a number ("$3,500", "£40") starts at `p`.
    fn amount_at(&self, p: usize, sentence: u32) -> bool {
        let list = &self.tokens.list;
        matches!(self.tokens.norm(p), "$" | "\u{a3}" | "\u{20ac}")
            && self.usable(p + 1, sentence)
            && list[p + 1].start == list[p].end
            && list[p + 1].kind == TokenKind::Word
            && is_number(self.tokens.norm(p + 1))
    }

    fn usable(&self, p: usize, sentence: u32) -> bool {
        p < self.tokens.len() && self.tokens.list[p].sentence == sentence && !self.tokens.list[p].excluded
    }

    /// Whether a node whose children take only the words in `next` (a mask of word bits)
    /// can go on at `p`: with one of them, or by stepping over an intensifier or a name.
    fn may_take(&self, next: u64, p: usize, sentence: u32) -> bool {
        self.usable(p, sentence)
            && (self.syms[p] != UNKNOWN && next & word_bit(self.syms[p]) != 0 || self.filler[p] || self.vocative[p] > 0)
    }

    /// Walks the trie from `node` at token `pos`, keeping in `hits` the furthest end each
    /// owner reaches; of paths that end on the same token, the one that captured more
    /// slots wins (its rewrite can keep more of the agent's words), else the first found.
    ///
    /// After a pattern's first word, an intensifier the pattern does not name may be
    /// stepped over; a match never ends on one (`skipped`: the walk stands just after it).
    pub(super) fn walk(
        &self,
        node: u32,
        pos: usize,
        sentence: u32,
        slots: &mut Vec<Slot>,
        hits: &mut Hits,
        skipped: bool,
    ) {
        let need = self.trie.need[node as usize];
        if need != 0 && !meets(&self.trie.needs[need as usize], &self.sentence_words[sentence as usize]) {
            return;
        }
        let left = self.budget.get();
        if left == 0 {
            return;
        }
        self.budget.set(left - 1);
        let owners = if skipped { &[][..] } else { self.trie.owners_of(node) };
        for &owner in owners {
            let skipped = self.skipped_bytes.get();
            match hits.iter_mut().find(|h| h.0 == owner) {
                Some(hit)
                    if pos > hit.1
                        || pos == hit.1
                            && (named(slots), std::cmp::Reverse(skipped))
                                > (named(&hit.2), std::cmp::Reverse(hit.3)) =>
                {
                    hit.1 = pos;
                    hit.2 = slots.clone();
                    hit.3 = skipped;
                }
                Some(_) => {}
                None => hits.push((owner, pos, slots.clone(), skipped)),
            }
        }
        let usable = self.usable(pos, sentence);
        let others = match self.trie.dispatch_of(node) {
            Some(dispatch) => {
                if usable {
                    for (c, next) in dispatch.children_for(self.syms[pos]) {
                        if next == u64::MAX || self.may_take(next, pos + 1, sentence) {
                            self.walk(c, pos + 1, sentence, slots, hits, false);
                        }
                    }
                }
                &dispatch.others[..]
            }
            None => self.trie.children_of(node),
        };
        let tokens = self.tokens;
        let at_sentence_end = || pos >= tokens.len() || tokens.list[pos].sentence != sentence;
        for &c in others {
            match &self.trie.step(c) {
                Step::Words(list) => {
                    if usable && self.trie.lists.get(*list).binary_search(&self.syms[pos]).is_ok() {
                        self.walk(c, pos + 1, sentence, slots, hits, false);
                    }
                }
                Step::Caps => {
                    if usable && tokens.list[pos].caps {
                        self.walk(c, pos + 1, sentence, slots, hits, false);
                    }
                }
                Step::Name => {
                    if usable && tokens.list[pos].capital && !tokens.list[pos].sentence_start {
                        self.walk(c, pos + 1, sentence, slots, hits, false);
                    }
                }
                Step::Num => {
                    if usable && tokens.list[pos].kind == TokenKind::Word && is_number(tokens.norm(pos)) {
                        self.walk(c, pos + 1, sentence, slots, hits, false);
                    } else if usable && self.amount_at(pos, sentence) {
                        // an amount is a number too: "just $3,500 a month" is a price
                        self.walk(c, pos + 2, sentence, slots, hits, false);
                    }
                }
                Step::Gap(n) => {
                    for skip in 0..=*n as usize {
                        if skip > 0 && !self.usable(pos + skip - 1, sentence) {
                            break;
                        }
                        if skip > 0 {
                            slots.push((GAP_SLOT, pos, pos + skip - 1));
                        }
                        self.walk(c, pos + skip, sentence, slots, hits, skipped && skip == 0);
                        if skip > 0 {
                            slots.pop();
                        }
                    }
                }
                Step::Slot { name, max: CHOICE_END } => {
                    // the end of a choice slot: its marker now spans the words since it
                    if let Some(open) = slots.iter().rposition(|s| s.0 == *name && s.2 == MARKER_END) {
                        if pos > slots[open].1 {
                            slots[open].2 = pos - 1;
                        }
                        self.walk(c, pos, sentence, slots, hits, skipped);
                        slots[open].2 = MARKER_END;
                    }
                }
                Step::Slot { name, max: 0 } => {
                    slots.push((*name, pos, MARKER_END));
                    self.walk(c, pos, sentence, slots, hits, skipped);
                    slots.pop();
                }
                Step::Slot { name, max } => {
                    // Up to `max` words, and the punctuation joined inside a term
                    // ("rate-limit", "#4412", "help@acme.com", "30-day"): a slot never
                    // stops mid-term, and it ends on a word.
                    let mut len = 0;
                    let mut words = 0;
                    while self.usable(pos + len, sentence) && self.in_term(pos + len, len == 0) {
                        if tokens.list[pos + len].kind == TokenKind::Punct {
                            len += 1;
                            continue;
                        }
                        if words == *max as usize {
                            break;
                        }
                        words += 1;
                        len += 1;
                    }
                    for l in (1..=len).rev() {
                        let last = &tokens.list[pos + l - 1];
                        let percent = self.tokens.norm(pos + l - 1) == "%";
                        if last.kind == TokenKind::Punct && !percent
                            || self.usable(pos + l, sentence)
                                && tokens.list[pos + l].start == last.end
                                && self.in_term(pos + l, false)
                        {
                            continue;
                        }
                        slots.push((*name, pos, pos + l - 1));
                        self.walk(c, pos + l, sentence, slots, hits, false);
                        slots.pop();
                    }
                }
                Step::ClauseEnd => {
                    // punctuation inside a term ("30-day", "acme.com") ends no clause
                    if !usable || tokens.list[pos].kind == TokenKind::Punct && !self.in_term(pos, false) {
                        self.walk(c, pos, sentence, slots, hits, skipped && !self.after_chat_tag(pos));
                    }
                }
                Step::SentenceEnd => {
                    if self.only_sentence == Some(sentence) && at_sentence_end() {
                        self.walk(c, pos, sentence, slots, hits, skipped && !self.after_chat_tag(pos));
                    }
                }
                Step::ReplyEnd => {
                    if Some(sentence) == self.last_sentence && self.only_sentence.is_none() && at_sentence_end() {
                        self.walk(c, pos, sentence, slots, hits, skipped && !self.after_chat_tag(pos));
                    }
                }
                Step::FirstWord => {
                    if pos < tokens.len() && tokens.list[pos].sentence_start {
                        self.walk(c, pos, sentence, slots, hits, skipped);
                    }
                }
                Step::Join(_) | Step::AnyClause => self.walk(c, pos, sentence, slots, hits, skipped),
                Step::Root => {}
            }
        }
        if usable && node != ROOT && node != SENTENCE_ROOT && self.filler[pos] {
            let t = &tokens.list[pos];
            let before = self.skipped_bytes.get();
            self.skipped_bytes.set(before + (t.end - t.start) as u32);
            self.walk(node, pos + 1, sentence, slots, hits, true);
            self.skipped_bytes.set(before);
        }
        if usable && self.vocative[pos] > 0 && node != ROOT && node != SENTENCE_ROOT {
            self.step_over_vocative(node, pos, sentence, slots, hits);
        }
    }

    /// Whether the token before `pos` is a chat's tag ("no clue man"): a match that stepped
    /// over it may end at the clause or sentence end after it, and takes it along.
    #[cold]
    fn after_chat_tag(&self, pos: usize) -> bool {
        pos > 0 && crate::text::is_chat_tag(self.tokens, pos - 1)
    }

    /// A name set off by commas at `pos`: the walk goes on after it, and no match ends on
    /// it. Apart from `walk`, whose frame every step of every walk pays for.
    #[cold]
    #[inline(never)]
    fn step_over_vocative(&self, node: u32, pos: usize, sentence: u32, slots: &mut Vec<Slot>, hits: &mut Hits) {
        let span = self.vocative[pos] as usize;
        if self.usable(pos + span - 1, sentence) {
            slots.push((VOCATIVE, pos, pos + span - 1));
            self.walk(node, pos + span, sentence, slots, hits, true);
            slots.pop();
        }
    }
}

fn is_number(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') && s.chars().any(|c| c.is_ascii_digit())
}
