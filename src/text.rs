//! The text model: tokens with byte spans, normalised for matching, with sentence
//! membership and the flags the matcher needs. Offsets are bytes inside Rust; see
//! [`Utf16Index`] for the units JavaScript uses.

use crate::word_lists::{self, List};
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Punct,
    Other,
}

/// The days of the week, lower case, for readers of dates and deadlines.
pub const WEEKDAYS: &str = "monday tuesday wednesday thursday friday saturday sunday";

#[derive(Debug, Clone)]
pub struct Token {
    /// Byte span in the analysed text. Tokens produced by expanding a contraction
    /// ("you'll" -> "you", "will") share the span of the written word.
    pub start: usize,
    pub end: usize,
    norm_start: u32,
    norm_end: u32,
    pub kind: TokenKind,
    pub sentence: u32,
    /// First word of its sentence (leading quotes, bullets and greetings' commas aside).
    pub sentence_start: bool,
    /// Written in capitals, at least two letters ("PLEASE", "DON'T").
    pub caps: bool,
    /// Written with a capital first letter ("Mets", "Sydney", "NYC").
    pub capital: bool,
    /// Inside quoted text, email history or a signature: never matched.
    pub excluded: bool,
}

/// The tokens of one text, with a shared arena for their normalised forms.
#[derive(Debug, Default)]
pub struct Tokens {
    pub list: Vec<Token>,
    arena: String,
    pub sentences: Vec<(usize, usize)>,
}

impl Tokens {
    pub fn norm(&self, i: usize) -> &str {
        let t = &self.list[i];
        &self.arena[t.norm_start as usize..t.norm_end as usize]
    }
    pub fn len(&self) -> usize {
        self.list.len()
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    /// The first and last token index of each sentence, in order.
    pub fn sentence_token_ranges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut first = 0;
        std::iter::from_fn(move || {
            if first >= self.list.len() {
                return None;
            }
            let sentence = self.list[first].sentence;
            let mut last = first;
            while last + 1 < self.list.len() && self.list[last + 1].sentence == sentence {
                last += 1;
            }
            let range = (first, last);
            first = last + 1;
            Some(range)
        })
    }
}

/// Apostrophe look-alikes that agents' keyboards and editors produce, and accented vowels
/// folded to the plain vowel (after lower-casing).
///
/// Accents are folded because replies typed in a hurry, and on keyboards without dead
/// keys, often leave them out ("esta" for "está", "pedido esta en camino"): a rule written
/// with them must still match, and the few words accents tell apart (tú/tu, sí/si, él/el,
/// está/esta, qué/que) mean the same for a cold phrasing either way (tú and tu both address
/// the customer informally). ñ is a letter of its own, not an accented n (año, ano). German
/// umlauts, ß and the French ligatures are not here: see `push_folded`.
fn fold_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        'á' | 'à' | 'â' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' => 'o',
        'ú' | 'ù' | 'û' => 'u',
        // French written in a hurry drops the cedilla ("ca", "recu"), and ç and c tell no
        // two French or Portuguese words apart that a cold phrasing needs to
        'ç' => 'c',
        _ => c,
    }
}

/// Pushes the lower-case letter `c` of a word, folded, onto `out`; `prev` and `next` are the
/// letters around it in the word, if any.
///
/// German written without umlauts spells them out ("fuer", "koennen", "Gruesse"), and
/// Switzerland writes ß as ss ("Grüsse", "gross"), so ä, ö, ü fold to ae, oe, ue and ß to
/// ss: "für", "fuer", "Grüße" and "Grüsse" each meet one form. Spanish ü marks a sounded u
/// in güe and güi ("vergüenza"), which a hurried typist writes "verguenza": there it is u.
fn push_folded(out: &mut String, prev: Option<char>, c: char, next: Option<char>) {
    match c {
        'ä' => out.push_str("ae"),
        'ö' => out.push_str("oe"),
        'ü' if prev == Some('g') && matches!(next, Some('e' | 'i' | 'é' | 'í')) => out.push('u'),
        'ü' => out.push_str("ue"),
        'ß' => out.push_str("ss"),
        // French ligatures, which keyboards without them spell out ("coeur", "soeur")
        'œ' => out.push_str("oe"),
        'æ' => out.push_str("ae"),
        _ => out.push(fold_char(c)),
    }
}

/// Contractions expanded so that "you'll have to" and "you will have to" match the same
/// pattern. The apostrophe-less spellings are included where they cannot be another word;
/// a regular apostrophe form ("don't", "we'll", "should've") is left to the suffixes after
/// this table, which give the same words.
#[inline(never)]
fn expand_contraction(word: &str) -> Option<&'static [&'static str]> {
    Some(match word {
        "can't" | "cant" | "cannot" => &["can", "not"],
        "won't" => &["will", "not"],
        "shan't" => &["shall", "not"],
        "ain't" => &["is", "not"],
        "dont" => &["do", "not"],
        "doesnt" => &["does", "not"],
        "didnt" => &["did", "not"],
        "isnt" => &["is", "not"],
        "arent" => &["are", "not"],
        "wasnt" => &["was", "not"],
        "werent" => &["were", "not"],
        "havent" => &["have", "not"],
        "hasnt" => &["has", "not"],
        "hadnt" => &["had", "not"],
        "couldnt" => &["could", "not"],
        "wouldnt" => &["would", "not"],
        "shouldnt" => &["should", "not"],
        "i'm" | "im" => &["i", "am"],
        "ive" => &["i", "have"],
        "youre" => &["you", "are"],
        "youve" => &["you", "have"],
        "youll" => &["you", "will"],
        "it's" | "its'" => &["it", "is"],
        "that's" | "thats" => &["that", "is"],
        "there's" | "theres" => &["there", "is"],
        "here's" | "heres" => &["here", "is"],
        "what's" | "whats" => &["what", "is"],
        "who's" => &["who", "is"],
        "he's" => &["he", "is"],
        "she's" => &["she", "is"],
        // "that one's on you", "the blue one's cheaper": support replies seldom say "one's own"
        "one's" => &["one", "is"],
        "let's" | "lets" => &["let", "us"],
        "how's" => &["how", "is"],
        "where's" => &["where", "is"],
        "y'all" => &["you", "all"],
        "shouldve" => &["should", "have"],
        "couldve" => &["could", "have"],
        "wouldve" => &["would", "have"],
        "mustve" => &["must", "have"],
        "wont" => &["will", "not"],
        // chat spellings, which no word of the languages read here spells
        "u" => &["you"],
        "pls" | "plz" => &["please"],
        "sry" | "soz" => &["sorry"],
        "thx" | "thnx" => &["thanks"],
        "tho" => &["though"],
        "abt" => &["about"],
        "r" => &["are"],
        "w" => &["with"],
        "msg" => &["message"],
        "msgs" => &["messages"],
        "prev" => &["previous"],
        "dept" => &["department"],
        "nxt" => &["next"],
        "wat" => &["what"],
        "ppl" => &["people"],
        "acct" => &["account"],
        "tmrw" => &["tomorrow"],
        "bc" | "cuz" | "coz" => &["because"],
        "rn" => &["right", "now"],
        "nbd" => &["no", "big", "deal"],
        "idk" => &["i", "do", "not", "know"],
        "dunno" => &["do", "not", "know"],
        "gonna" => &["going", "to"],
        "wanna" => &["want", "to"],
        "gotta" => &["have", "to"],
        "lemme" => &["let", "me"],
        "ik" => &["i", "know"],
        "ty" => &["thank", "you"],
        "tbh" => &["to", "be", "honest"],
        "rly" => &["really"],
        "b4" => &["before"],
        "tmr" => &["tomorrow"],
        "theyre" => &["they", "are"],
        "aint" => &["is", "not"],
        "urself" => &["yourself"],
        "nothin" => &["nothing"],
        _ => return None,
    })
}

/// Listed contractions, then the regular suffixes ("should've", "mustn't", "who'd").
fn expand(word: &str) -> Option<Vec<String>> {
    // Most words are neither: only a word with an apostrophe, a short one, or a listed
    // apostrophe-less spelling (at most 8 letters, ending in one of these pairs) can be.
    // Every word of every reply passes here, and the list is long.
    let b = word.as_bytes();
    let may_be_listed = (2..=8).contains(&b.len())
        && matches!(
            (b[b.len() - 2], b[b.len() - 1]),
            (b'n' | b'o', b't')
                | (b'i', b'm')
                | (b'v' | b'r' | b'm', b'e')
                | (b'l', b'l')
                | (b't' | b'e', b's')
                | (b'n' | b't', b'a')
                | (b'n', b'o')
                | (b'l', b'f')
                | (b'i', b'n')
        );
    if !may_be_listed && !word.contains('\'') && b.len() > 4 {
        return None;
    }
    if let Some(parts) = expand_contraction(word) {
        return Some(parts.iter().map(|s| s.to_string()).collect());
    }
    const SUFFIXES: &[(&str, &str)] = &[
        ("n't", "not"),
        ("'ve", "have"),
        ("'ll", "will"),
        ("'re", "are"),
        ("'d", "would"),
    ];
    SUFFIXES.iter().find_map(|(suffix, full)| {
        let stem = word.strip_suffix(suffix)?;
        (!stem.is_empty()).then(|| vec![stem.to_string(), full.to_string()])
    })
}

/// French elided particles ("l'équipe", "d'accord", "qu'il", "n'est", "c'est", "j'ai"),
/// folded as the tokens have them, apostrophe included.
pub(crate) const ELIDED: &[&str] = &[
    "l'", "d'", "j'", "m'", "t'", "s'", "n'", "c'", "qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'",
];

/// The length of the elided particle that starts the folded word `norm`, when a word follows
/// it: French writes article or particle and word as one ("l'équipe", "n'est"), and each
/// must be matchable on its own ("ce n'est pas", "l'équipe technique"). Words that merely
/// hold an apostrophe ("aujourd'hui", "o'clock", "don't") start with no listed particle.
fn elided_len(norm: &str) -> Option<usize> {
    if !norm.contains('\'') {
        return None;
    }
    let particle = ELIDED.iter().find(|p| norm.starts_with(**p))?;
    norm[particle.len()..]
        .starts_with(char::is_alphabetic)
        .then_some(particle.len())
}

/// Invisible format characters (bidi marks and isolates, zero-width spaces and joiners,
/// soft hyphens, BOM) that editors and pasted text put next to words.
/// How replies and customer messages are signed off ("Thanks,\nSam"), lower case: where a
/// reply's closing starts, and where a customer's name follows.
pub const SIGN_OFFS: &[&str] = &[
    "thanks",
    "thank you",
    "many thanks",
    "regards",
    "kind regards",
    "best regards",
    "warm regards",
    "best",
    "all the best",
    "cheers",
    "sincerely",
];

/// `parts` with `sep` between them, as `[&str]::join` gives them: the standard library's
/// join is generic over the separator and the element type (about 1 KB of the wasm for the
/// crate's error messages), this loop is not.
pub fn join(parts: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part);
    }
    out
}

/// Lower case for the scripts replies are written in (ASCII, Latin-1, Latin Extended-A,
/// Latin Extended Additional, Greek, Cyrillic, fullwidth Latin), one letter for one, without
/// core's full Unicode case table (about 6 KB gzip of the extension's engine). Letters of
/// other scripts stay as they are; every build uses this, so the engine reads a text the
/// same natively and in the browser.
pub fn lower_char(c: char) -> char {
    let n = c as u32;
    let shifted = |by: u32| char::from_u32(n + by).unwrap_or(c);
    let pair_even = || if n.is_multiple_of(2) { shifted(1) } else { c };
    let pair_odd = || if n.is_multiple_of(2) { c } else { shifted(1) };
    match n {
        0x41..=0x5a => shifted(0x20),
        0..=0xbf => c,
        0xc0..=0xde if n != 0xd7 => shifted(0x20),
        0x130 => 'i',
        0x100..=0x137 | 0x14a..=0x177 => pair_even(),
        0x139..=0x148 | 0x179..=0x17e => pair_odd(),
        0x178 => '\u{ff}',
        0x386 => '\u{3ac}',
        0x388..=0x38a => shifted(37),
        0x38c => '\u{3cc}',
        0x38e | 0x38f => shifted(63),
        0x391..=0x3ab if n != 0x3a2 => shifted(0x20),
        0x400..=0x40f => shifted(0x50),
        0x410..=0x42f => shifted(0x20),
        0x460..=0x481 | 0x48a..=0x4bf => pair_even(),
        0x1e00..=0x1e95 | 0x1ea0..=0x1eff => pair_even(),
        0x1e9e => '\u{df}',
        0xff21..=0xff3a => shifted(0x20),
        _ => c,
    }
}

/// `str::to_lowercase` through [`lower_char`].
pub trait Lower {
    fn to_lower(&self) -> String;
}

impl Lower for str {
    fn to_lower(&self) -> String {
        if self.is_ascii() {
            return self.to_ascii_lowercase();
        }
        self.chars().map(lower_char).collect()
    }
}

/// `text` starts with `prefix`, ASCII letters compared without case.
pub fn starts_with_ignore_ascii_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len() && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn is_format_char(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

fn is_caps(segment: &str) -> bool {
    let mut letters = 0;
    for c in segment.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Titles before a name, written with a stop.
pub(crate) fn is_title(word: &str) -> bool {
    [
        "mr", "mrs", "ms", "mx", "dr", "prof", "st", "sr", "jr", "messrs", "rev", "hon", "capt", "lt", "col", "gen",
        "sgt",
    ]
    .iter()
    .any(|t| word.eq_ignore_ascii_case(t))
}

/// Words whose stop marks a shortening, not a sentence end, when a lower-case word follows
/// ("approx. two days", "etc. and"); a word with a stop inside ("e.g", "a.m") is one too.
fn is_abbreviation(word: &str) -> bool {
    word.contains('.')
        || [
            "etc", "approx", "vs", "incl", "excl", "no", "nos", "ref", "ext", "dept", "est", "fig", "cf", "ca", "viz",
            "al", "jan", "feb", "aug", "sept", "oct", "nov", "dec",
        ]
        .iter()
        .any(|a| word.eq_ignore_ascii_case(a))
}

/// Ends a sentence when followed by a space and a word, unless a lower-case word follows
/// the stop of a shortening ("e.g. the" goes on; a chat's "seen. moving on" does not).
fn is_terminator(segment: &str) -> bool {
    matches!(segment, "." | "!" | "?" | "…" | "。" | "！" | "？")
}

/// Splits `text` into tokens. `excluded` holds sorted byte ranges whose tokens are
/// marked excluded (quotes, history, signature). Sentences end at a terminator followed
/// by a space and a word (not a lower-case one after a shortening's stop or a trailing
/// "…"; chats write "seen. moving on"), and at every line break: agents' replies
/// are short lines and paragraphs, and this needs no sentence tables in the wasm.
pub fn tokenize(text: &str, excluded: &[(usize, usize)]) -> Tokens {
    let mut tokens = Tokens {
        list: Vec::with_capacity(text.len() / 4 + 1),
        arena: String::with_capacity(text.len() + 16),
        sentences: Vec::new(),
    };
    let mut excluded_iter = excluded.iter().peekable();
    let mut sentence_no: u32 = 0;
    let mut seen_word = false;
    let mut after_terminator = false;
    let mut soft_stop = false;
    let mut spaced_after_terminator = false;
    let mut line_break = false;
    for (start, segment) in text.split_word_bound_indices() {
        let end = start + segment.len();
        let first = segment.chars().find(|&c| !is_format_char(c)).unwrap_or(' ');
        if first.is_whitespace() {
            line_break |= segment.contains(['\n', '\r', '\u{2028}', '\u{2029}']);
            spaced_after_terminator |= after_terminator;
            continue;
        }
        let kind = if is_word(segment) {
            TokenKind::Word
        } else if segment.chars().all(|c| c.is_ascii_punctuation() || is_unicode_punct(c)) {
            TokenKind::Punct
        } else {
            TokenKind::Other
        };
        let lower_start = first.is_lowercase();
        let new_sentence = !tokens.list.is_empty()
            && (line_break || (spaced_after_terminator && !(kind == TokenKind::Word && lower_start && soft_stop)));
        if new_sentence {
            sentence_no += 1;
            seen_word = false;
        }
        if tokens.sentences.len() <= sentence_no as usize {
            tokens.sentences.push((start, end));
        }
        tokens.sentences[sentence_no as usize].1 = end;
        line_break = false;
        if is_terminator(segment) {
            // what the stop is written against, with no space between
            let stopped = tokens
                .list
                .last()
                .filter(|prev| segment == "." && prev.end == start)
                .map(|prev| (prev.kind == TokenKind::Word, &text[prev.start..prev.end]));
            // "Mr. Patel", "Dr. Okafor": a title's stop ends no sentence
            after_terminator = !stopped.is_some_and(|(word, w)| word && is_title(w));
            // a trailing "…" or "..." is a pause, and a shortening's stop no end, before a
            // lower-case word
            soft_stop = segment == "…" || stopped.is_some_and(|(word, w)| word && is_abbreviation(w) || w == ".");
        } else if kind != TokenKind::Punct {
            after_terminator = false;
        }
        spaced_after_terminator = false;

        while excluded_iter.peek().is_some_and(|r| r.1 <= start) {
            excluded_iter.next();
        }
        let is_excluded = excluded_iter.peek().is_some_and(|r| r.0 <= start);
        let sentence_start = kind == TokenKind::Word && !seen_word;
        seen_word |= kind == TokenKind::Word;
        let caps = kind == TokenKind::Word && is_caps(segment);
        let capital = kind == TokenKind::Word && segment.chars().next().is_some_and(|c| lower_char(c) != c);
        let norm_start = tokens.arena.len();
        let mut letters = segment
            .chars()
            .filter(|&c| !is_format_char(c))
            .map(lower_char)
            .peekable();
        let mut prev = None;
        while let Some(lower) = letters.next() {
            push_folded(&mut tokens.arena, prev, lower, letters.peek().copied());
            prev = Some(lower);
        }
        // one token of this segment: all of it, or the particle or word of an elision
        let word = |tokens: &mut Tokens, start: usize, end: usize, ns: usize, ne: usize, first: bool| {
            tokens.list.push(Token {
                start,
                end,
                norm_start: ns as u32,
                norm_end: ne as u32,
                kind,
                sentence: sentence_no,
                sentence_start: first,
                caps,
                capital,
                excluded: is_excluded,
            });
        };
        let elided = if kind == TokenKind::Word {
            elided_len(&tokens.arena[norm_start..])
        } else {
            None
        };
        // The particle's own span ends after the first apostrophe the text wrote, so a rewrite
        // of the word after it leaves "l'" in place.
        let split_at = elided.and_then(|_| {
            segment
                .char_indices()
                .find(|&(_, c)| fold_char(c) == '\'')
                .map(|(i, c)| start + i + c.len_utf8())
        });
        if let (Some(k), Some(at)) = (elided, split_at) {
            let (ns, mid, ne) = (norm_start, norm_start + k, tokens.arena.len());
            word(&mut tokens, start, at, ns, mid, sentence_start);
            word(&mut tokens, at, end, mid, ne, false);
            continue;
        }
        let expansion = if kind == TokenKind::Word {
            expand(&tokens.arena[norm_start..])
        } else {
            None
        };
        match expansion {
            Some(parts) => {
                tokens.arena.truncate(norm_start);
                for (k, part) in parts.iter().enumerate() {
                    let ns = tokens.arena.len();
                    tokens.arena.push_str(part);
                    let ne = tokens.arena.len();
                    word(&mut tokens, start, end, ns, ne, sentence_start && k == 0);
                }
            }
            None => {
                let ne = tokens.arena.len();
                word(&mut tokens, start, end, norm_start, ne, sentence_start);
            }
        }
    }
    read_chat_words(&mut tokens);
    tokens
}

/// A reply that ends on a word with no mark (a chat's "no refund on that", "ticket
/// closed") ends as if with a stop: a zero-width "." after its last word, so a pattern
/// written for the mark a sentence ends with reads the chat's line too. Nothing is added
/// to the text; a rewrite of a match that takes it ends after the word. Only the reply
/// the engine reads gets it, never a pattern or a customer's message.
pub(crate) fn close_unmarked_end(tokens: &mut Tokens) {
    let Some(last) = tokens.list.last() else {
        return;
    };
    if last.kind != TokenKind::Word || last.excluded {
        return;
    }
    // the last item of a list ("3. Anything else", "- the receipt") is no sentence to end
    let sentence = last.sentence;
    let first = tokens
        .list
        .iter()
        .rposition(|t| t.sentence != sentence)
        .map_or(0, |k| k + 1);
    let opener = &tokens.list[first];
    let numbered = |i: usize| tokens.norm(i).bytes().all(|b| b.is_ascii_digit());
    let after_number = first >= 2
        && matches!(tokens.norm(first - 1), "." | ")")
        && numbered(first - 2)
        && (first == 2 || tokens.list[first - 3].sentence != tokens.list[first - 2].sentence);
    if opener.kind == TokenKind::Punct || numbered(first) || after_number {
        return;
    }
    let mut stop = last.clone();
    let at = tokens.arena.len() as u32;
    tokens.arena.push('.');
    stop.start = last.end;
    stop.norm_start = at;
    stop.norm_end = at + 1;
    stop.kind = TokenKind::Punct;
    stop.sentence_start = false;
    stop.caps = false;
    stop.capital = false;
    tokens.list.push(stop);
}

/// Whether `word` is one of the space-separated `words` (one string, not a table of them:
/// the wasm carries no pointer per word).
pub(crate) fn listed(words: &str, word: &str) -> bool {
    words.split(' ').any(|w| w == word)
}

/// Whether token `i` is such a tag: a word after another word of its clause (not "the
/// man", "my mate"), with the clause ending right after it.
pub(crate) fn is_chat_tag(tokens: &Tokens, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let (prev, this) = (&tokens.list[i - 1], &tokens.list[i]);
    let ends_clause = tokens
        .list
        .get(i + 1)
        .is_none_or(|next| next.sentence != this.sentence || next.kind == TokenKind::Punct);
    // the lists last: every token of a draft is asked, and most fail the cheap tests
    prev.sentence == this.sentence
        && prev.kind == TokenKind::Word
        && ends_clause
        && word_lists::has(List::ChatTags, tokens.norm(i))
        && !word_lists::has(List::NotBeforeATag, tokens.norm(i - 1))
}

/// A chat's ambiguous spellings read by the words around them: "ur" as "you are" or
/// "your", "its" as "it is" or the possessive, "ill" as "I'll" or unwell, "b" as "be" or a
/// letter. No rule would otherwise reach the replies typed in a chat window that spell them
/// so. The list is rebuilt in one pass, so a paste of many costs no more than its length.
fn read_chat_words(tokens: &mut Tokens) {
    let ambiguous = |norm: &str| matches!(norm, "ur" | "its" | "ill" | "b");
    if !(0..tokens.list.len()).any(|i| ambiguous(tokens.norm(i))) {
        return;
    }
    let old = std::mem::take(&mut tokens.list);
    let mut list = Vec::with_capacity(old.len() + 8);
    for (i, token) in old.iter().enumerate() {
        // the words the token stands for, read before the arena grows with them
        let words: Option<&[&str]> = {
            let norm_of = |t: &Token| &tokens.arena[t.norm_start as usize..t.norm_end as usize];
            let near = |t: Option<&Token>| t.filter(|t| t.sentence == token.sentence).map_or("", norm_of);
            let next = near(old.get(i + 1));
            let prev = near(i.checked_sub(1).and_then(|k| old.get(k)));
            match norm_of(token) {
                "ur" if next.len() > 4 && next.ends_with("ing") || word_lists::has(List::AfterUrYouAre, next) => {
                    Some(&["you", "are"])
                }
                "ur" => Some(&["your"]),
                "its" if word_lists::has(List::AfterItsItIs, next) => Some(&["it", "is"]),
                "ill" if word_lists::has(List::AfterIllIWill, next) => Some(&["i", "will"]),
                "b" if word_lists::has(List::BeforeBBe, prev) => Some(&["be"]),
                _ => None,
            }
        };
        let Some(words) = words else {
            list.push(token.clone());
            continue;
        };
        for (k, part) in words.iter().enumerate() {
            let at = tokens.arena.len() as u32;
            tokens.arena.push_str(part);
            let mut word = token.clone();
            word.norm_start = at;
            word.norm_end = at + part.len() as u32;
            word.sentence_start &= k == 0;
            list.push(word);
        }
    }
    tokens.list = list;
}

/// Marks beyond ASCII punctuation, currency signs among them: "£6" is a mark and a
/// number as "$6" is, so a slot takes it as one term.
fn is_unicode_punct(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{00A1}' | '\u{00BF}' | '\u{00AB}' | '\u{00BB}' | '\u{3001}' | '\u{3002}' | '\u{FF01}' | '\u{FF1F}' | '\u{A3}' | '\u{20AC}' | '\u{A5}'
    )
}

/// Converts byte offsets of one text to UTF-16 code units, the unit JavaScript strings
/// use. Built once per report from every offset the report needs, in one pass.
pub struct Utf16Index {
    pairs: Vec<(usize, usize)>,
}

impl Utf16Index {
    pub fn new(text: &str, mut offsets: Vec<usize>) -> Self {
        crate::sort::sort(&mut offsets);
        offsets.dedup();
        let mut pairs = Vec::with_capacity(offsets.len());
        let mut units = 0usize;
        let mut byte = 0usize;
        let mut chars = text.char_indices().peekable();
        for target in offsets {
            while byte < target {
                match chars.next() {
                    Some((_, c)) => {
                        units += c.len_utf16();
                        byte += c.len_utf8();
                    }
                    None => break,
                }
            }
            pairs.push((target, units));
        }
        Utf16Index { pairs }
    }

    pub fn get(&self, byte: usize) -> usize {
        match self.pairs.binary_search_by_key(&byte, |p| p.0) {
            Ok(i) => self.pairs[i].1,
            Err(_) => panic!("offset {byte} was not registered with the UTF-16 index"),
        }
    }
}

/// UTF-16 offset to byte offset, for callers that hold JavaScript offsets. Offsets that
/// fall inside a character or past the end are clamped to the preceding boundary.
pub fn utf16_to_byte(text: &str, units: usize) -> usize {
    let mut count = 0usize;
    for (byte, c) in text.char_indices() {
        if count >= units {
            return byte;
        }
        count += c.len_utf16();
        if count > units {
            return byte;
        }
    }
    text.len()
}

pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    text[..byte].chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_is_the_unicode_one_for_the_scripts_it_covers() {
        let claimed = [
            0x41..=0x17f,
            0x386..=0x3ab,
            0x400..=0x4bf,
            0x1e00..=0x1eff,
            0xff21..=0xff3a,
        ];
        let mut checked = 0;
        for range in claimed {
            for c in range.filter_map(char::from_u32) {
                let full: Vec<char> = c.to_lowercase().collect();
                if let [one] = full[..] {
                    assert_eq!(lower_char(c), one, "U+{:04X}", c as u32);
                    checked += 1;
                }
            }
        }
        assert!(checked > 800, "{checked}");
        // elsewhere a letter is left as it is, never given a wrong partner
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let full: Vec<char> = c.to_lowercase().collect();
            // İ is i and a combining dot in Unicode's lower case: a plain i here
            let dotted_i = c == '\u{130}';
            assert!(
                lower_char(c) == c || full == [lower_char(c)] || dotted_i,
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(lower_char('\u{130}'), 'i');
        assert_eq!("ÉCOLE Straße ΑΘΗΝΑ Москва".to_lower(), "école straße αθηνα москва");
    }

    fn norms(text: &str) -> Vec<String> {
        let t = tokenize(text, &[]);
        (0..t.len()).map(|i| t.norm(i).to_string()).collect()
    }

    #[test]
    fn sentence_token_ranges_cover_every_token_once() {
        let t = tokenize("Thanks, Ana. It shipped today! Any questions?", &[]);
        let ranges: Vec<_> = t.sentence_token_ranges().collect();
        let words = |(a, b): (usize, usize)| (a..=b).map(|i| t.norm(i)).collect::<Vec<_>>().join(" ");
        assert_eq!(ranges.len(), 3);
        assert_eq!(words(ranges[0]), "thanks , ana .");
        assert_eq!(ranges[1].0, ranges[0].1 + 1);
        assert_eq!(ranges[2].1, t.len() - 1);
        assert_eq!(tokenize("", &[]).sentence_token_ranges().count(), 0);
    }

    #[test]
    fn contractions_expand_with_either_apostrophe() {
        assert_eq!(norms("You’ll have to"), ["you", "will", "have", "to"]);
        assert_eq!(norms("you'll have to"), ["you", "will", "have", "to"]);
        assert_eq!(norms("Dont"), ["do", "not"]);
        // every spelling without an apostrophe that the list knows, past the cheap test
        // that keeps most words from the list
        for word in [
            "cant", "cannot", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt",
            "hadnt", "couldnt", "wouldnt", "shouldnt", "im", "ive", "youre", "youve", "youll", "thats", "theres",
            "heres", "whats", "lets", "shouldve", "couldve", "wouldve", "mustve", "wont",
        ] {
            assert_eq!(norms(word).len(), 2, "{word}");
        }
    }

    #[test]
    fn a_chats_ur_is_you_are_or_your_by_the_word_after_it() {
        assert_eq!(norms("ur not worth it"), ["you", "are", "not", "worth", "it"]);
        assert_eq!(norms("ur being ridiculous"), ["you", "are", "being", "ridiculous"]);
        assert_eq!(norms("ur phone was off"), ["your", "phone", "was", "off"]);
        assert_eq!(norms("check ur"), ["check", "your"]);
    }

    #[test]
    fn a_chats_its_ill_and_b_are_read_by_the_words_around_them() {
        assert_eq!(norms("its in the terms"), ["it", "is", "in", "the", "terms"]);
        assert_eq!(norms("its price went up"), ["its", "price", "went", "up"]);
        assert_eq!(norms("ill check tmr"), ["i", "will", "check", "tomorrow"]);
        assert_eq!(norms("she was ill"), ["she", "was", "ill"]);
        assert_eq!(norms("could b a bug"), ["could", "be", "a", "bug"]);
        assert_eq!(norms("plan b is fine"), ["plan", "b", "is", "fine"]);
        // the word after is read in the same sentence only
        assert_eq!(norms("Read its.\nNot now"), ["read", "its", ".", "not", "now"]);
    }

    #[test]
    fn a_chats_tag_ends_its_clause_only_after_another_word() {
        let tags = |text: &str| {
            let tokens = tokenize(text, &[]);
            (0..tokens.len()).filter(|&i| is_chat_tag(&tokens, i)).count()
        };
        assert_eq!(tags("no clue man"), 1);
        assert_eq!(tags("not happening lol, sorry"), 1);
        assert_eq!(tags("Ask the delivery man."), 0);
        assert_eq!(tags("Man, that was quick"), 0);
        assert_eq!(tags("thanks mate for waiting"), 0);
    }

    #[test]
    fn an_unmarked_end_gets_a_stop_but_a_list_item_does_not() {
        let closed = |text: &str| {
            let mut tokens = tokenize(text, &[]);
            close_unmarked_end(&mut tokens);
            (0..tokens.len())
                .map(|i| tokens.norm(i).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(closed("ticket closed"), ["ticket", "closed", "."]);
        assert_eq!(closed("Ticket closed."), ["ticket", "closed", "."]);
        assert_eq!(
            closed("Options:\n3. Anything else"),
            ["options", ":", "3", ".", "anything", "else"]
        );
        assert_eq!(closed("- the receipt"), ["-", "the", "receipt"]);
        assert_eq!(
            closed("banned on 3/14. closing"),
            ["banned", "on", "3", "/", "14", ".", "closing", "."]
        );
        let mut tokens = tokenize("no refund", &[]);
        close_unmarked_end(&mut tokens);
        let stop = &tokens.list[2];
        assert_eq!((stop.start, stop.end), (9, 9), "zero width after the last word");
    }

    #[test]
    fn chat_spellings_read_as_the_words_they_stand_for() {
        assert_eq!(norms("sry u had to wait"), ["sorry", "you", "had", "to", "wait"]);
        assert_eq!(norms("Pls hold, thx"), ["please", "hold", ",", "thanks"]);
        assert_eq!(norms("soz, late tho"), ["sorry", ",", "late", "though"]);
        assert_eq!(norms("as per my prev msg"), ["as", "per", "my", "previous", "message"]);
        assert_eq!(
            norms("idk, not my dept"),
            ["i", "do", "not", "know", ",", "not", "my", "department"]
        );
        assert_eq!(
            norms("ur gonna wait, rules r rules"),
            ["you", "are", "going", "to", "wait", ",", "rules", "are", "rules"]
        );
        assert_eq!(
            norms("sry ur dealing w this, nbd"),
            ["sorry", "you", "are", "dealing", "with", "this", ",", "no", "big", "deal"]
        );
        assert_eq!(
            norms("ik, ty. no idea tbh, b4 tmr. u did it urself, nothin else"),
            [
                "i", "know", ",", "thank", "you", ".", "no", "idea", "to", "be", "honest", ",", "before", "tomorrow",
                ".", "you", "did", "it", "yourself", ",", "nothing", "else"
            ]
        );
    }

    #[test]
    fn accents_fold_but_letters_of_their_own_stay() {
        assert_eq!(norms("Está"), ["esta"]);
        assert_eq!(norms("CÁLMESE"), ["calmese"]);
        assert_eq!(norms("año"), ["año"]);
        assert_eq!(norms("garçon"), ["garcon"]);
    }

    #[test]
    fn french_elision_splits_the_particle_from_its_word() {
        assert_eq!(norms("l'équipe"), ["l'", "equipe"]);
        assert_eq!(
            norms("D’accord, qu’il n’est pas là"),
            ["d'", "accord", ",", "qu'", "il", "n'", "est", "pas", "la"]
        );
        assert_eq!(norms("C'est jusqu'à lundi"), ["c'", "est", "jusqu'", "a", "lundi"]);
        // each part keeps its own span of the text, the typographic apostrophe with the particle
        let text = "l’équipe";
        let t = tokenize(text, &[]);
        assert_eq!(&text[t.list[0].start..t.list[0].end], "l’");
        assert_eq!(&text[t.list[1].start..t.list[1].end], "équipe");
        assert!(t.list[0].sentence_start && !t.list[1].sentence_start);
        // words that only hold an apostrophe stay whole, and English contractions expand as before
        assert_eq!(norms("aujourd'hui"), ["aujourd'hui"]);
        assert_eq!(norms("o'clock don't"), ["o'clock", "do", "not"]);
    }

    #[test]
    fn french_cedilla_and_ligatures_meet_their_plain_spellings() {
        assert_eq!(norms("Ça ça ca reçu recu"), ["ca", "ca", "ca", "recu", "recu"]);
        assert_eq!(norms("cœur coeur sœur"), ["coeur", "coeur", "soeur"]);
        assert_eq!(norms("très déçu"), ["tres", "decu"]);
    }

    #[test]
    fn german_umlauts_and_sharp_s_meet_their_spelled_out_forms() {
        assert_eq!(norms("für fuer"), ["fuer", "fuer"]);
        assert_eq!(norms("Können koennen"), ["koennen", "koennen"]);
        assert_eq!(norms("Grüße Grüsse GRÜSSE"), ["gruesse", "gruesse", "gruesse"]);
        assert_eq!(norms("Straße Strasse"), ["strasse", "strasse"]);
        assert_eq!(norms("Ärger Öl"), ["aerger", "oel"]);
        // a sounded Spanish u is the u a hurried typist writes
        assert_eq!(norms("vergüenza pingüino"), ["verguenza", "pinguino"]);
        // a German ü after g is still ue
        assert_eq!(norms("gültig Vergünstigung"), ["gueltig", "verguenstigung"]);
    }

    #[test]
    fn inverted_marks_are_punctuation_and_the_word_after_starts_the_sentence() {
        let t = tokenize("Hola. ¿Ha reiniciado el router? ¡Gracias!", &[]);
        let at = |w: &str| (0..t.len()).find(|&i| t.norm(i) == w).unwrap();
        assert_eq!(t.list[at("¿")].kind, TokenKind::Punct);
        assert_eq!(t.list[at("¡")].kind, TokenKind::Punct);
        assert!(t.list[at("ha")].sentence_start);
        assert!(t.list[at("gracias")].sentence_start);
        assert_eq!(
            t.list[at("¿")].sentence,
            1,
            "an opening mark starts the sentence it opens"
        );
        assert_eq!(t.list[at("¡")].sentence, 2);
    }

    #[test]
    fn sentence_start_and_caps() {
        let t = tokenize("Hi. PLEASE read THIS", &[]);
        assert!(t.list[0].sentence_start);
        assert!(t.list[2].sentence_start);
        assert!(t.list[2].caps && !t.list[3].caps && t.list[4].caps);
    }

    #[test]
    fn sentences_end_at_terminators_and_line_breaks() {
        let t = tokenize("Hi Sam! E.g. this. Next one\nand a line. ok then", &[]);
        let sentence_of = |word: &str| t.list[(0..t.len()).find(|&i| t.norm(i) == word).unwrap()].sentence;
        assert_eq!(sentence_of("hi"), 0);
        assert_eq!(sentence_of("e.g"), 1);
        assert_eq!(
            sentence_of("this"),
            1,
            "a lower-case word goes on after an abbreviation"
        );
        assert_eq!(sentence_of("next"), 2);
        assert_eq!(sentence_of("and"), 3, "a line break ends a sentence");
        assert_eq!(
            sentence_of("ok"),
            4,
            "a lower-case word after a plain stop starts a sentence"
        );
        assert_eq!(t.sentences.len(), 5);
        let t = tokenize(
            "seen. moving on, approx. two days etc. and 5 a.m. ok... fine… yes? sure",
            &[],
        );
        let sentence_of = |word: &str| t.list[(0..t.len()).find(|&i| t.norm(i) == word).unwrap()].sentence;
        assert_eq!(sentence_of("moving"), 1);
        assert_eq!(sentence_of("two"), 1, "a shortening's stop ends no sentence");
        assert_eq!(sentence_of("and"), 1);
        assert_eq!(sentence_of("ok"), 1);
        assert_eq!(sentence_of("yes"), 1, "a lower-case word after a pause goes on");
        assert_eq!(sentence_of("sure"), 2, "a question mark is no shortening");
        let t = tokenize("Thanks, Mr. Patel. Dr. Okafor will call. Done.", &[]);
        let sentence_of = |word: &str| t.list[(0..t.len()).find(|&i| t.norm(i) == word).unwrap()].sentence;
        assert_eq!(sentence_of("patel"), 0, "a title's stop ends no sentence");
        assert_eq!(sentence_of("okafor"), 1);
        assert_eq!(sentence_of("done"), 2);
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let text = "a😀b";
        let idx = Utf16Index::new(text, vec![0, 1, 5, 6]);
        assert_eq!(idx.get(5), 3);
        assert_eq!(idx.get(6), 4);
        assert_eq!(utf16_to_byte(text, 3), 5);
        assert_eq!(byte_to_utf16(text, 5), 3);
    }
}
