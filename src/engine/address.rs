//! What sits between a rule's frame and the rest without changing it: a name or address
//! term set off by commas ("Sorry, John, but ...", "I understand, Mrs Patel, but ..."), and
//! the clause starts inside a sentence where a `^` pattern may begin ("Hi Tom, these things
//! happen", "I checked and these things happen").

use crate::text::Lower;
use crate::text::{TokenKind, Tokens};
use crate::word_lists::{self, List};

/// A word that addresses the reader without naming anyone, in any language Rapport reads
/// ("Sir", "Madame", "Herr" before the name it stands for): the closing formulas that put
/// one inside their frame may drop it, as they drop the rest of the formula.
pub(super) fn is_address_term(word: &str) -> bool {
    let lower = word.to_lower();
    word_lists::has(List::AddressTerms, lower.as_str())
        || crate::text::listed(
            "madame monsieur mademoiselle herr frau señor señora senhor senhora",
            lower.as_str(),
        )
}

/// Titles a name follows ("Mrs Patel", "Dr. Okafor").
const TITLES: &str = "mr mrs ms miss mx dr prof";

/// Words that open a clause of their own after them ("... and be patient").
const CLAUSE_OPENERS: &str = "and but so yet then";

/// Marks after which a clause starts ("I checked, these things happen", "Note: ...").
const CLAUSE_MARKS: &[&str] = &[",", ";", ":", "\u{2014}", "\u{2013}"];

/// A word written with a capital that is not all capitals ("Tom", not "UPS"), mid-sentence.
fn capitalised(text: &str, tokens: &Tokens, i: usize) -> bool {
    let t = &tokens.list[i];
    // (an initial, "F.", is no name by itself)
    t.kind == TokenKind::Word
        && t.end - t.start > 1
        && !t.caps
        && !t.sentence_start
        && text[t.start..t.end].starts_with(char::is_uppercase)
        && !word_lists::has(List::NotNames, tokens.norm(i))
}

/// The tokens of a name or address term starting at `i` ("John", "Mary Jane", "Mrs Patel",
/// "Dr. Okafor", "sir"): how many, or 0.
fn name_at(text: &str, tokens: &Tokens, i: usize) -> usize {
    let n = tokens.len();
    if i >= n || tokens.list[i].kind != TokenKind::Word {
        return 0;
    }
    let norm = tokens.norm(i);
    if word_lists::has(List::AddressTerms, norm) {
        return 1;
    }
    if crate::text::listed(TITLES, norm) {
        // "Dr. Okafor": the title's stop is part of the name
        let after = if i + 1 < n && tokens.norm(i + 1) == "." && tokens.list[i + 1].start == tokens.list[i].end {
            i + 2
        } else {
            i + 1
        };
        return if after < n && capitalised(text, tokens, after) {
            after + 1 - i
        } else {
            0
        };
    }
    if !capitalised(text, tokens, i) {
        return 0;
    }
    if i + 1 < n && capitalised(text, tokens, i + 1) {
        2
    } else {
        1
    }
}

fn is_mark(tokens: &Tokens, i: usize, marks: &[&str]) -> bool {
    i < tokens.len() && tokens.list[i].kind == TokenKind::Punct && marks.contains(&tokens.norm(i))
}

/// For each token, the span of a vocative starting there (0: none), in the sentence:
/// a comma and a name followed by a comma or the clause's end (", Mrs Patel," the walk
/// steps over ", Mrs Patel" and meets the second comma), or a name right after a word and
/// followed by a comma ("Sorry John, but").
pub(super) fn vocatives(text: &str, tokens: &Tokens) -> Vec<u8> {
    // every vocative is set off by a comma: most replies' sentences have none
    if !text.contains(',') {
        return vec![0; tokens.len()];
    }
    (0..tokens.len()).map(|i| vocative_at(text, tokens, i) as u8).collect()
}

/// The span of a vocative starting at token `i`, or 0 (see [`vocatives`]).
fn vocative_at(text: &str, tokens: &Tokens, i: usize) -> usize {
    let n = tokens.len();
    let same =
        |a: usize, b: usize| b < n && tokens.list[a].sentence == tokens.list[b].sentence && !tokens.list[b].excluded;
    if tokens.list[i].excluded {
        return 0;
    }
    if is_mark(tokens, i, &[","]) {
        let len = name_at(text, tokens, i + 1);
        let next = i + 1 + len;
        let closed =
            next >= n || !same(i, next) || is_mark(tokens, next, &[",", ".", "!", "?", ";", "\u{2014}", "\u{2013}"]);
        return if len > 0 && same(i, next - 1) && closed {
            1 + len
        } else {
            0
        };
    }
    // (a name is at most three tokens, "Dr. Okafor", and a comma follows it)
    if !(1..=3).any(|k| is_mark(tokens, i + k, &[","])) {
        return 0;
    }
    let after_a_word = i > 0
        && tokens.list[i - 1].kind == TokenKind::Word
        && same(i - 1, i)
        // "Mrs Patel": a name's own first word is no word before it
        && !crate::text::listed(TITLES, tokens.norm(i - 1))
        // "the Terms of Service, ...", "of the Lease, ...": a noun phrase, not someone spoken to
        && !word_lists::has(List::NotBeforeAVocative, tokens.norm(i - 1))
        && !capitalised(text, tokens, i - 1);
    let len = if after_a_word { name_at(text, tokens, i) } else { 0 };
    if len > 0 && same(i, i + len) && is_mark(tokens, i + len, &[","]) {
        len
    } else {
        0
    }
}

/// Whether the words of the sentence before token `first` hold a name or address term.
pub(super) fn names_before(text: &str, tokens: &Tokens, first: usize) -> bool {
    let sentence = tokens.list[first].sentence;
    // a sentence longer than a whole-sentence rewrite may be (a paste of pages) is never
    // rewritten whole: reading back through it for every finding would be quadratic
    let from = tokens.list[first].start;
    (0..first)
        .rev()
        .take_while(|&k| {
            tokens.list[k].sentence == sentence && from - tokens.list[k].start <= super::report::MAX_SENTENCE_REWRITE
        })
        .any(|k| name_at(text, tokens, k) > 0)
}

/// Where a clause starts inside a sentence, for the patterns that may begin there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ClauseStart {
    /// After the greeting or name the sentence opens with ("Hi Tom, these things happen",
    /// "Mrs Patel, calm down"): the sentence proper starts here, for every `^` pattern.
    AfterAddress,
    /// After a comma, a semicolon, a colon, a dash, "and", "but" or "so" ("I checked and
    /// be patient"): for the `^+` patterns, whose frame is a clause of its own.
    Inside,
}

/// Whether the sentence's words before the comma at `comma` are a greeting, a name or
/// both ("Hi Tom", "Dear Mrs Patel", "Sir", "Hello"), so what follows is the sentence
/// proper.
fn opens_with_address(text: &str, tokens: &Tokens, comma: usize) -> bool {
    let sentence = tokens.list[comma].sentence;
    // a greeting and a name are a few tokens ("good morning Dr. Okafor"): a comma further
    // into its sentence opens nothing, and a long sentence is not walked back per comma
    let mut first = comma;
    while first > 0 && comma - first < 6 && tokens.list[first - 1].sentence == sentence {
        first -= 1;
    }
    if first == comma || !tokens.list[first].sentence_start {
        return false;
    }
    let mut i = first;
    while i < comma && word_lists::has(List::Greetings, tokens.norm(i)) {
        i += 1;
    }
    // "good morning"
    if i == first && i + 1 < comma && tokens.norm(i) == "good" && word_lists::has(List::Greetings, tokens.norm(i + 1)) {
        i += 2;
    }
    let greeted = i > first;
    if i == comma {
        return greeted;
    }
    // a bare capitalised word opening the sentence is as often "Enjoy," or "Next," as a
    // name: only after a greeting, or with a title, or an address term ("Sir,")
    let len = if greeted {
        name_at(text, tokens, i).max(usize::from(opening_capital(text, tokens, i)))
    } else {
        name_at(text, tokens, i)
    };
    len > 0 && i + len == comma && (len > 1 || !word_lists::has(List::Openers, tokens.norm(i)))
}

/// A capitalised word that is no opener ("Hi Tom": "Tom" is after the greeting, where a
/// sentence start's capital is the name's own).
fn opening_capital(text: &str, tokens: &Tokens, i: usize) -> bool {
    let t = &tokens.list[i];
    t.kind == TokenKind::Word
        && !t.caps
        && text[t.start..t.end].starts_with(char::is_uppercase)
        && !word_lists::has(List::NotNames, tokens.norm(i))
}

/// Whether token `i` starts a clause inside its sentence, and which kind. A sentence's
/// first word is not one: the sentence root's own walk starts there.
pub(super) fn clause_start(text: &str, tokens: &Tokens, i: usize) -> Option<ClauseStart> {
    let t = &tokens.list[i];
    if t.kind != TokenKind::Word || t.sentence_start || i == 0 {
        return None;
    }
    let prev = &tokens.list[i - 1];
    if prev.sentence != t.sentence || prev.excluded {
        return None;
    }
    // an expanded contraction's second word ("don't" -> "do" "not") starts nothing
    if prev.start == t.start {
        return None;
    }
    if is_mark(tokens, i - 1, &[","]) && opens_with_address(text, tokens, i - 1) {
        return Some(ClauseStart::AfterAddress);
    }
    (is_mark(tokens, i - 1, CLAUSE_MARKS) || crate::text::listed(CLAUSE_OPENERS, tokens.norm(i - 1)))
        .then_some(ClauseStart::Inside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn spans(text: &str) -> Vec<String> {
        let tokens = tokenize(text, &[]);
        let v = vocatives(text, &tokens);
        (0..tokens.len())
            .filter(|&i| v[i] > 0)
            .map(|i| text[tokens.list[i].start..tokens.list[i + v[i] as usize - 1].end].to_string())
            .collect()
    }

    #[test]
    fn names_and_address_terms_set_off_by_commas_are_vocatives() {
        assert_eq!(
            spans("I understand, Mrs Patel, but that is our policy."),
            [", Mrs Patel"]
        );
        assert_eq!(spans("Sorry John, but the charge stands."), ["John"]);
        assert_eq!(spans("Calm down, sir, the engineer is coming."), [", sir"]);
        assert_eq!(spans("Look, Dave, you should have read it."), [", Dave"]);
        assert_eq!(spans("Thanks, Dr. Okafor."), [", Dr. Okafor"]);
        assert_eq!(spans("You missed it, Mary Jane, so it went back."), [", Mary Jane"]);
    }

    #[test]
    fn capitals_that_are_not_names_are_not_vocatives() {
        assert!(spans("It arrives on Monday, so please wait.").is_empty());
        assert!(spans("We use UPS, so tracking takes a day.").is_empty());
        assert!(spans("Hi, I can help.").is_empty());
        assert!(spans("I sent it to john, he has it.").is_empty());
        assert!(spans("Per clause 4 of the Lease, the deposit is kept.").is_empty());
        assert!(spans("Under section 4.2 of the Terms of Service, it applies.").is_empty());
        assert!(
            spans("Tom, calm down.").is_empty(),
            "a sentence's first word is not one"
        );
    }

    #[test]
    fn clause_starts_follow_an_opening_address_commas_and_conjunctions() {
        let starts = |text: &str| {
            let tokens = tokenize(text, &[]);
            (0..tokens.len())
                .filter_map(|i| clause_start(text, &tokens, i).map(|k| (tokens.norm(i).to_string(), k)))
                .collect::<Vec<_>>()
        };
        let after = |w: &str| (w.to_string(), ClauseStart::AfterAddress);
        let inside = |w: &str| (w.to_string(), ClauseStart::Inside);
        assert_eq!(
            starts("Hi Tom, these things happen and be patient."),
            [after("these"), inside("be")]
        );
        assert_eq!(starts("Mrs Patel, calm down."), [after("calm")]);
        assert_eq!(starts("Sir, calm down."), [after("calm")]);
        assert_eq!(starts("Enjoy, be happy."), [inside("be")]);
        assert_eq!(starts("Good morning, we can help."), [after("we")]);
        assert_eq!(starts("Sure, we can help."), [inside("we")]);
        assert_eq!(starts("Unfortunately, it does not."), [inside("it")]);
        assert!(starts("I don't know").is_empty());
    }
}
