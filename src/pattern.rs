//! The pattern language rules are written in.
//!
//! ```text
//! you should have {action:6}      words; a slot capturing 1 to 6 words
//! (calm|settle) down              alternatives (each may be several words)
//! [please] calm down              an optional part
//! sorry *3 feel that way          a gap of 0 to 3 tokens inside the sentence
//! fail+ to                        a word and its inflections (fails, failed, failing)
//! ^ actually ,                    ^ = the start of a sentence, also after a greeting or a
//!                                 name that opens it ("Hi Tom, ..."); punctuation is literal
//! ^^ noted                        ^^ = the first word of a sentence only
//! ^+ be patient                   ^+ = ^, or a clause inside a sentence (after a comma, a
//!                                 semicolon, "and", "but", "so"), for a frame that is a
//!                                 clause of its own ("Restart it and be patient")
//! ^ noted [.] $$                   $ = the end of a clause (punctuation or the sentence's end);
//!                                 $$ = the end of a reply that is this one sentence
//! <caps> <caps> <caps>            token classes: <caps> a word in capitals, <num> a number
//!                                 (or an amount: a currency sign against one, "$40"),
//!                                 <name> a capitalised word inside a sentence ("Sydney")
//! no need to be <upset>           a word class: any entry of src/data/classes/upset.json
//! who knows {alone:0} $last        a marker: a slot of no words, bound where the pattern
//!                                 matched, so a template can be offered for some of a
//!                                 rule's patterns only (`{alone|drop}` in its text)
//! you'll have to {how:(call|email)} a choice slot: the words of the alternative that
//!                                 matched, so a template keeps the agent's own word
//! ```
//!
//! Words are normalised like the text (lower case, any apostrophe, contractions
//! expanded), so `you'll` in a pattern also matches "you will" and "you’ll".

use crate::text::Lower;
use crate::text::{tokenize, TokenKind};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub enum Atom {
    /// Any of these normalised words, sorted (one word alone, an alternation of single
    /// words, or a word with its inflections). Shared: expansion copies sequences often.
    Words(Arc<[String]>),
    Punct(Arc<str>),
    Caps,
    Num,
    /// A word with a capital first letter that does not start its sentence: a name.
    Name,
    Gap(u8),
    Slot {
        name: Arc<str>,
        max: u8,
    },
    SentenceStart,
    /// `^^`: only the sentence's own first word, where `^` would also take a clause start
    /// inside the sentence ("... and be patient", "Hi Tom, these things happen").
    FirstWord,
    /// `^+`: a sentence start, or a clause start inside the sentence.
    AnyClause,
    ClauseEnd,
    /// The end of a reply that is this one sentence (`$$`): a fragment that stands alone.
    SentenceEnd,
    /// The end of the reply's last sentence, where others come before it (`$last`): a
    /// closing line ("Refund sent. Bye.").
    ReplyEnd,
}

/// A parsed pattern: the engine builds its trie from these without expanding them.
#[derive(Debug, Clone)]
pub enum Node {
    Atom(Atom),
    Alt(Vec<Vec<Node>>),
    Opt(Vec<Vec<Node>>),
}

/// Top-level alternatives of a pattern, each a list of nodes.
pub type Tree = Vec<Vec<Node>>;

/// Bound on the paths one pattern adds to the engine's trie.
const MAX_PATHS: usize = 4096;
const MAX_GAP: u8 = 12;
/// A slot may take a longer clause than a gap: it is put back into the rewrite, and the
/// clause after "I'm not sure why" or "sorry you feel" runs to the comma that ends it.
const MAX_SLOT: u8 = 20;
/// The length a choice slot's end carries (`{name:(a|b)}`): it closes the marker of its name.
pub const CHOICE_END: u8 = u8::MAX;

/// Parses and validates a pattern, without expanding it.
pub fn parse(pattern: &str) -> Result<Tree, String> {
    if pattern.len() > 500 {
        return Err("pattern is longer than 500 characters".into());
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut pos = 0;
    let alts = parse_alternatives(&chars, &mut pos, None)?;
    if pos != chars.len() {
        return Err(format!("unexpected '{}' at character {}", chars[pos], pos + 1));
    }
    for alt in &alts {
        check_tree(alt)?;
    }
    Ok(alts)
}

fn check_tree(seq: &[Node]) -> Result<(), String> {
    let mut firsts = Vec::new();
    if edge_atoms(seq, false, &mut firsts) {
        return Err("pattern matches nothing (it is empty)".into());
    }
    if firsts.iter().any(|a| {
        matches!(
            a,
            Atom::Gap(_) | Atom::Slot { .. } | Atom::ClauseEnd | Atom::SentenceEnd | Atom::ReplyEnd
        )
    }) {
        return Err("a pattern must start with a word, a class or punctuation, not a gap or a slot".into());
    }
    let mut lasts = Vec::new();
    edge_atoms(seq, true, &mut lasts);
    if lasts.iter().any(|a| matches!(a, Atom::Gap(_))) {
        return Err("a pattern cannot end with a gap".into());
    }
    let nested_caret = |nodes: &[Node]| nodes.iter().any(contains_caret);
    if seq.iter().skip(1).any(contains_caret)
        || seq
            .first()
            .is_some_and(|n| !matches!(n, Node::Atom(_)) && nested_caret(std::slice::from_ref(n)))
    {
        return Err("^ (sentence start) may only begin a pattern".into());
    }
    if paths(seq) > MAX_PATHS {
        return Err(format!(
            "pattern has more than {MAX_PATHS} alternative paths; split it into several patterns"
        ));
    }
    Ok(())
}

fn contains_caret(node: &Node) -> bool {
    match node {
        Node::Atom(a) => matches!(a, Atom::SentenceStart | Atom::FirstWord | Atom::AnyClause),
        Node::Alt(alts) | Node::Opt(alts) => alts.iter().flatten().any(contains_caret),
    }
}

/// The atoms that can come first (or last) in `seq`; true when `seq` can match nothing.
fn edge_atoms<'a>(seq: &'a [Node], from_end: bool, out: &mut Vec<&'a Atom>) -> bool {
    let visit = |node: &'a Node, out: &mut Vec<&'a Atom>| -> bool {
        match node {
            // a marker and a choice slot's ends take no words: the words after them count
            Node::Atom(Atom::SentenceStart | Atom::FirstWord | Atom::AnyClause) => true,
            Node::Atom(Atom::Slot {
                max: 0 | CHOICE_END, ..
            }) => true,
            Node::Atom(a) => {
                out.push(a);
                false
            }
            Node::Alt(alts) => alts
                .iter()
                .fold(false, |nullable, alt| edge_atoms(alt, from_end, out) | nullable),
            Node::Opt(alts) => {
                for alt in alts {
                    edge_atoms(alt, from_end, out);
                }
                true
            }
        }
    };
    if from_end {
        seq.iter().rev().all(|n| visit(n, out))
    } else {
        seq.iter().all(|n| visit(n, out))
    }
}

/// How many distinct paths through `seq` (saturating).
fn paths(seq: &[Node]) -> usize {
    seq.iter().fold(1usize, |acc, node| {
        let here = match node {
            Node::Atom(_) => 1,
            Node::Alt(alts) if single_words(alts).is_some() => 1,
            Node::Opt(alts) if single_words(alts).is_some() => 2,
            Node::Alt(alts) => alts.iter().map(|a| paths(a)).fold(0usize, usize::saturating_add),
            Node::Opt(alts) => alts.iter().map(|a| paths(a)).fold(1usize, usize::saturating_add),
        };
        acc.saturating_mul(here)
    })
}

/// `(a|b|c)` of single words as one atom, if that is what `alts` is.
pub fn single_words(alts: &[Vec<Node>]) -> Option<Atom> {
    let list: Option<Vec<Vec<String>>> = alts
        .iter()
        .map(|alt| match alt.as_slice() {
            [Node::Atom(Atom::Words(w))] => Some(w.to_vec()),
            _ => None,
        })
        .collect();
    list.map(|l| words(l.concat()))
}

fn words(mut list: Vec<String>) -> Atom {
    crate::sort::sort(&mut list);
    list.dedup();
    Atom::Words(list.into())
}

fn parse_alternatives(chars: &[char], pos: &mut usize, close: Option<char>) -> Result<Vec<Vec<Node>>, String> {
    let mut alts = vec![Vec::new()];
    while *pos < chars.len() {
        let c = chars[*pos];
        match c {
            ')' | ']' => {
                if Some(c) == close {
                    *pos += 1;
                    if chars.get(*pos).is_some_and(|&next| matches!(next, '?' | '+' | '*')) {
                        return Err(format!(
                            "'{c}{}' at character {}: use [ ] for an optional part; for a literal question mark after a group write '{c} ?'",
                            chars[*pos],
                            *pos + 1
                        ));
                    }
                    return finish_alternatives(alts);
                }
                return Err(format!("unbalanced '{c}' at character {}", *pos + 1));
            }
            '|' => {
                if close.is_none() {
                    return Err(format!("'|' at character {} must be inside ( ) or [ ]", *pos + 1));
                }
                *pos += 1;
                alts.push(Vec::new());
            }
            '(' | '[' => {
                *pos += 1;
                let inner = parse_alternatives(chars, pos, Some(if c == '(' { ')' } else { ']' }))?;
                let node = if c == '(' { Node::Alt(inner) } else { Node::Opt(inner) };
                alts.last_mut().unwrap().push(node);
            }
            c if c.is_whitespace() => *pos += 1,
            _ => {
                let nodes = parse_item(chars, pos)?;
                alts.last_mut().unwrap().extend(nodes);
            }
        }
    }
    match close {
        Some(c) => Err(format!("missing '{c}' at the end of the pattern")),
        None => Ok(alts),
    }
}

fn finish_alternatives(alts: Vec<Vec<Node>>) -> Result<Vec<Vec<Node>>, String> {
    if alts.iter().any(Vec::is_empty) {
        return Err("an alternative is empty; use [ ] for an optional part".into());
    }
    Ok(alts)
}

fn read_while(chars: &[char], pos: &mut usize, keep: impl Fn(char) -> bool) -> String {
    let start = *pos;
    while *pos < chars.len() && keep(chars[*pos]) {
        *pos += 1;
    }
    chars[start..*pos].iter().collect()
}

fn parse_number(text: &str, what: &str, max: u8) -> Result<u8, String> {
    let n: u8 = text
        .parse()
        .map_err(|_| format!("{what} needs a number from 1 to {max}, got '{text}'"))?;
    if n == 0 || n > max {
        return Err(format!("{what} needs a number from 1 to {max}, got {n}"));
    }
    Ok(n)
}

fn parse_item(chars: &[char], pos: &mut usize) -> Result<Vec<Node>, String> {
    let c = chars[*pos];
    let at = *pos + 1;
    match c {
        '^' => {
            *pos += 1;
            match chars.get(*pos) {
                Some('^') => {
                    *pos += 1;
                    return Ok(vec![Node::Atom(Atom::FirstWord)]);
                }
                Some('+') => {
                    *pos += 1;
                    return Ok(vec![Node::Atom(Atom::AnyClause)]);
                }
                _ => {}
            }
            Ok(vec![Node::Atom(Atom::SentenceStart)])
        }
        '$' => {
            *pos += 1;
            if chars.get(*pos) == Some(&'$') {
                *pos += 1;
                return Ok(vec![Node::Atom(Atom::SentenceEnd)]);
            }
            if chars[*pos..].starts_with(&['l', 'a', 's', 't']) {
                *pos += 4;
                return Ok(vec![Node::Atom(Atom::ReplyEnd)]);
            }
            Ok(vec![Node::Atom(Atom::ClauseEnd)])
        }
        '*' => {
            *pos += 1;
            let digits = read_while(chars, pos, |c| c.is_ascii_digit());
            Ok(vec![Node::Atom(Atom::Gap(parse_number(
                &digits,
                "a gap '*'",
                MAX_GAP,
            )?))])
        }
        '{' => {
            *pos += 1;
            let body = read_while(chars, pos, |c| c != '}' && c != '(');
            // a choice slot takes the words of one of its alternatives: a marker before
            // them and an end after them, so the trie walks them as any group
            let mut choice = None;
            if chars.get(*pos) == Some(&'(') && body.ends_with(':') {
                *pos += 1;
                choice = Some(parse_alternatives(chars, pos, Some(')'))?);
            }
            if chars.get(*pos) != Some(&'}') {
                return Err(format!("slot opened at character {at} is not closed with '}}'"));
            }
            *pos += 1;
            let (name, max) = match body.split_once(':') {
                _ if choice.is_some() => (body.trim_end_matches(':').trim(), 0),
                // a marker takes no words: it only says which pattern matched
                Some((name, "0")) => (name.trim(), 0),
                Some((name, max)) => (name.trim(), parse_number(max.trim(), "a slot's length", MAX_SLOT)?),
                None => (body.trim(), 1),
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("slot at character {at} needs a name of letters, digits or _"));
            }
            let slot = |max| Node::Atom(Atom::Slot { name: name.into(), max });
            Ok(match choice {
                Some(alternatives) => vec![slot(0), Node::Alt(alternatives), slot(CHOICE_END)],
                None => vec![slot(max)],
            })
        }
        '<' => {
            *pos += 1;
            let class = read_while(chars, pos, |c| c != '>');
            if *pos >= chars.len() {
                return Err(format!("class opened at character {at} is not closed with '>'"));
            }
            *pos += 1;
            match class.as_str() {
                "caps" => Ok(vec![Node::Atom(Atom::Caps)]),
                "num" => Ok(vec![Node::Atom(Atom::Num)]),
                "name" => Ok(vec![Node::Atom(Atom::Name)]),
                other => match word_classes().get(other) {
                    Some(alts) => Ok(vec![Node::Alt(alts.clone())]),
                    None => {
                        let mut known: Vec<&str> = word_classes().keys().map(String::as_str).collect();
                        crate::sort::sort(&mut known);
                        Err(format!(
                            "unknown class <{other}> at character {at}; known: <caps>, <num>, <name>, <{}>",
                            crate::text::join(&known, ">, <")
                        ))
                    }
                },
            }
        }
        _ => {
            let word = read_while(chars, pos, |c| !c.is_whitespace() && !"()[]|{}<>*^$".contains(c));
            if word.is_empty() {
                return Err(format!("unexpected '{c}' at character {at}"));
            }
            let (word, inflect) = match word.strip_suffix('+') {
                Some(w) if !w.is_empty() => (w.to_string(), true),
                _ => (word, false),
            };
            // Plain lower-case words are the common case; anything else (capitals,
            // apostrophes, hyphens) goes through the text's own tokenizer.
            if word.bytes().all(|b| b.is_ascii_lowercase()) {
                let atom = if inflect {
                    words(inflections(&word))
                } else {
                    words(vec![word])
                };
                return Ok(vec![Node::Atom(atom)]);
            }
            // An elided French particle written alone ("(ne|n')", "je t' {verb:1}") is the
            // token the text's "n'est" and "t'envoie" start with; alone, the tokenizer would
            // split off its apostrophe.
            let particle = word.to_lower().replace(['\u{2019}', '\u{2018}'], "'");
            if crate::text::ELIDED.contains(&particle.as_str()) {
                return Ok(vec![Node::Atom(words(vec![particle]))]);
            }
            let toks = tokenize(&word, &[]);
            let mut nodes = Vec::new();
            for i in 0..toks.len() {
                let norm = toks.norm(i).to_string();
                let atom = match toks.list[i].kind {
                    TokenKind::Word if inflect && i + 1 == toks.len() => words(inflections(&norm)),
                    TokenKind::Word | TokenKind::Other => words(vec![norm]),
                    TokenKind::Punct => Atom::Punct(norm.into()),
                };
                nodes.push(Node::Atom(atom));
            }
            Ok(nodes)
        }
    }
}

/// The word classes of src/data/classes/, by name: each file's entries as the alternatives of
/// one group, the single words merged into one atom so a class of a hundred words costs the
/// trie one step. A class file that does not load is a build-breaking error the catalog
/// tests name; here it is an empty map, so every pattern using it reports it unknown.
pub fn word_classes() -> &'static WordClasses {
    static CLASSES: std::sync::OnceLock<WordClasses> = std::sync::OnceLock::new();
    static NONE_YET: WordClasses = WordClasses(Vec::new());
    if let Some(classes) = CLASSES.get() {
        return classes;
    }
    // the wasm reads them from the catalog's English part: not kept before it is given
    let files = crate::embedded::class_files();
    if files.is_empty() {
        return &NONE_YET;
    }
    CLASSES.get_or_init(|| {
        WordClasses(
            files
                .iter()
                .filter_map(|(file, json)| {
                    let name = file.strip_suffix(".json")?;
                    Some((name.to_string(), load_class(json).ok()?))
                })
                .collect(),
        )
    })
}

/// The word classes by name. A few dozen, looked up only while patterns compile: a list,
/// where a map would add its own hashing code to the wasm.
pub struct WordClasses(Vec<(String, Vec<Vec<Node>>)>);

impl WordClasses {
    pub fn get(&self, name: &str) -> Option<&Vec<Vec<Node>>> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, alts)| alts)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(n, _)| n)
    }
}

/// A class file's entries, parsed: `{"about": "...", "words": ["annoyed", "worked up", "annoy+"]}`.
/// Entries are plain words in the pattern language (a word, several words, a word+ and its
/// inflections); no groups, gaps, slots or other classes.
pub fn load_class(json: &str) -> Result<Vec<Vec<Node>>, String> {
    let value: crate::json::Value = crate::json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let obj = value.as_object().ok_or("a class file holds an object")?;
    for key in obj.keys() {
        if !matches!(key.as_str(), "about" | "words" | "sources") {
            return Err(format!("unknown field '{key}' (known: about, words, sources)"));
        }
    }
    if obj
        .get("about")
        .and_then(|a| a.as_str())
        .is_none_or(|s| s.trim().is_empty())
    {
        return Err("'about' is required: say what the words have in common".into());
    }
    let entries = obj
        .get("words")
        .and_then(|w| w.as_array())
        .ok_or("'words' is required: a list of strings")?;
    if entries.is_empty() {
        return Err("'words' is empty".into());
    }
    let mut singles = Vec::new();
    let mut phrases = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let text = entry.as_str().ok_or_else(|| format!("words[{i}] is not a string"))?;
        if text.chars().any(|c| "()[]|{}<>*^$".contains(c)) || text.trim().is_empty() {
            return Err(format!(
                "words[{i}] '{text}' must be plain words (no groups, gaps, slots or classes)"
            ));
        }
        let mut alts = parse(text).map_err(|e| format!("words[{i}] '{text}': {e}"))?;
        let seq = alts.remove(0);
        match seq.as_slice() {
            [Node::Atom(Atom::Words(w))] => singles.extend(w.iter().cloned()),
            _ => phrases.push(seq),
        }
    }
    let mut alts = Vec::new();
    if !singles.is_empty() {
        alts.push(vec![Node::Atom(words(singles))]);
    }
    alts.extend(phrases);
    Ok(alts)
}

/// Common irregular verbs: the base form first, the "-ing" form last (the rewrite filter
/// `{slot|gerund}` reads it from here too).
pub(crate) const IRREGULAR: &[&[&str]] = &[
    &["be", "am", "is", "are", "was", "were", "been", "being"],
    &["have", "has", "had", "having"],
    &["do", "does", "did", "done", "doing"],
    &["go", "goes", "went", "gone", "going"],
    &["get", "gets", "got", "gotten", "getting"],
    &["send", "sends", "sent", "sending"],
    &["tell", "tells", "told", "telling"],
    &["say", "says", "said", "saying"],
    &["make", "makes", "made", "making"],
    &["pay", "pays", "paid", "paying"],
    &["buy", "buys", "bought", "buying"],
    &["give", "gives", "gave", "given", "giving"],
    &["take", "takes", "took", "taken", "taking"],
    &["read", "reads", "reading"],
    &["see", "sees", "saw", "seen", "seeing"],
    &["know", "knows", "knew", "known", "knowing"],
    &["forget", "forgets", "forgot", "forgotten", "forgetting"],
    &["think", "thinks", "thought", "thinking"],
    &["find", "finds", "found", "finding"],
    &["keep", "keeps", "kept", "keeping"],
    &["leave", "leaves", "left", "leaving"],
    &["mean", "means", "meant", "meaning"],
    &["understand", "understands", "understood", "understanding"],
    &["write", "writes", "wrote", "written", "writing"],
    &["speak", "speaks", "spoke", "spoken", "speaking"],
    &["feel", "feels", "felt", "feeling"],
    &["hear", "hears", "heard", "hearing"],
    &["explain", "explains", "explained", "explaining"],
    &["mention", "mentions", "mentioned", "mentioning"],
    &["state", "states", "stated", "stating"],
    &["put", "puts", "putting"],
    &["set", "sets", "setting"],
    &["let", "lets", "letting"],
    &["shut", "shuts", "shutting"],
    &["run", "runs", "ran", "running"],
    &["choose", "chooses", "chose", "chosen", "choosing"],
    &["bring", "brings", "brought", "bringing"],
    &["lose", "loses", "lost", "losing"],
    &["sell", "sells", "sold", "selling"],
    &["spend", "spends", "spent", "spending"],
    &["break", "breaks", "broke", "broken", "breaking"],
];

/// A word and the inflections that matter for matching: plural/3rd person, past,
/// participle, gerund. Regular forms are generated; common irregular verbs are listed.
pub fn inflections(base: &str) -> Vec<String> {
    if let Some(forms) = IRREGULAR.iter().find(|forms| forms[0] == base) {
        return forms.iter().map(|s| s.to_string()).collect();
    }
    let mut out = vec![base.to_string()];
    let chars: Vec<char> = base.chars().collect();
    let last = *chars.last().unwrap_or(&' ');
    let before_last = if chars.len() >= 2 { chars[chars.len() - 2] } else { ' ' };
    let vowel = |c: char| "aeiou".contains(c);
    if last == 'e' {
        let stem = &base[..base.len() - 1];
        out.extend([format!("{base}s"), format!("{base}d"), format!("{stem}ing")]);
    } else if last == 'y' && !vowel(before_last) {
        let stem = &base[..base.len() - 1];
        out.extend([format!("{stem}ies"), format!("{stem}ied"), format!("{base}ing")]);
    } else {
        let s = if base.ends_with('s') || base.ends_with("sh") || base.ends_with("ch") || base.ends_with('x') {
            format!("{base}es")
        } else {
            format!("{base}s")
        };
        out.extend([s, format!("{base}ed"), format!("{base}ing")]);
        // plug -> plugged, stop -> stopping: one vowel before a final consonant.
        let third = if chars.len() >= 3 { chars[chars.len() - 3] } else { 'a' };
        if !vowel(last) && vowel(before_last) && !vowel(third) && !"wxy".contains(last) && chars.len() <= 5 {
            out.extend([format!("{base}{last}ed"), format!("{base}{last}ing")]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_of_single_words_are_one_atom() {
        let tree = parse("(calm|settle) down").unwrap();
        let Node::Alt(alts) = &tree[0][0] else {
            panic!("an alternation")
        };
        assert_eq!(
            single_words(alts),
            Some(Atom::Words(vec!["calm".to_string(), "settle".to_string()].into()))
        );
        assert_eq!(paths(&tree[0]), 1);
    }

    #[test]
    fn options_and_multiword_alternatives_make_paths() {
        let tree = parse("[please] (calm down|relax)").unwrap();
        assert_eq!(paths(&tree[0]), 4);
    }

    #[test]
    fn contractions_in_patterns_are_expanded() {
        let tree = parse("you'll have to").unwrap();
        assert_eq!(tree[0].len(), 4);
    }

    #[test]
    fn errors_say_what_and_where() {
        assert!(parse("(a|b").unwrap_err().contains("missing ')'"));
        assert!(parse("*3 foo").unwrap_err().contains("must start"));
        assert!(parse("[a] *3 foo").unwrap_err().contains("must start"));
        assert!(parse("foo *2").unwrap_err().contains("cannot end with a gap"));
        assert!(parse("foo [*2]").unwrap_err().contains("cannot end with a gap"));
        assert!(parse("[foo]").unwrap_err().contains("matches nothing"));
        assert!(parse("foo ^ bar").unwrap_err().contains("may only begin"));
        assert!(parse("foo {x:99}").unwrap_err().contains("1 to 20"));
        assert!(parse("foo *13 bar").unwrap_err().contains("1 to 12"));
        assert!(parse("foo <bar>").unwrap_err().contains("unknown class"));
        assert!(parse("a | b").unwrap_err().contains("inside ( )"));
        assert!(parse("(really )? calm").unwrap_err().contains("use [ ]"));
        assert!(parse("is it (on|off) ?").is_ok());
        assert!(parse("^ actually ,").is_ok());
        assert!(parse("^^ noted").is_ok());
        assert!(parse("foo ^^ bar").unwrap_err().contains("may only begin"));
        assert!(parse("^+ be patient").is_ok());
        let wide = "(a b|c d|e f|g h) ".repeat(7);
        assert!(parse(wide.trim()).unwrap_err().contains("alternative paths"));
    }

    #[test]
    fn an_elided_particle_alone_is_the_token_the_text_starts_with() {
        let tree = parse("(ne|n’) pas").unwrap();
        let text = format!("{tree:?}");
        assert!(text.contains("\"n'\"") && text.contains("\"ne\""), "{text}");
        assert!(!text.contains("Punct"), "{text}");
    }

    #[test]
    fn inflections_cover_regular_and_irregular_verbs() {
        assert!(inflections("plug").contains(&"plugged".to_string()));
        assert!(inflections("try").contains(&"tried".to_string()));
        assert!(inflections("tell").contains(&"told".to_string()));
        assert!(inflections("restart").contains(&"restarted".to_string()));
        assert!(inflections("close").contains(&"closing".to_string()));
    }
}
