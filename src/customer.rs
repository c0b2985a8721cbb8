//! Reading the customer's last message, so the reply can be coached to it: how they
//! sound (frustrated, repeat contact, urgent, ...) and facts worth reusing (their name,
//! order or ticket numbers, what they are writing about, how long they have waited).
//! Nothing read here is stored; it lives only in the report.

use crate::text::Lower;
use crate::text::{tokenize, TokenKind, Tokens, SIGN_OFFS};
use crate::word_lists::{self, List};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    pub id: String,
    pub label: String,
    /// Read from the graded words alone (no pattern of the signal matched); for the
    /// evaluation, not the report.
    #[serde(skip)]
    pub graded: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// "name", "order", "ticket", "case", "booking", "invoice", "product", "waited", "deadline".
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerReading {
    pub signals: Vec<Signal>,
    pub facts: Vec<Fact>,
    /// How many times they say they have written, where they say it ("third time").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_count: Option<u8>,
    /// What Rapport read, in one line for the card: "customer sounds frustrated; third
    /// contact; order 4412".
    pub summary: String,
    /// An opening sentence that acknowledges their actual situation.
    pub opener: String,
}

impl CustomerReading {
    pub fn has(&self, id: &str) -> bool {
        self.signals.iter().any(|s| s.id == id)
    }

    pub fn fact(&self, kind: &str) -> Option<&str> {
        self.facts.iter().find(|f| f.kind == kind).map(|f| f.value.as_str())
    }

    /// Upset enough that a reply without acknowledgement reads cold.
    pub fn upset(&self) -> bool {
        ["frustrated", "angry", "repeat-contact", "leaving", "shouting"]
            .iter()
            .any(|id| self.has(id))
    }
}

const ORDINALS: &[(&str, u8)] = &[
    ("second", 2),
    ("2nd", 2),
    ("twice", 2),
    ("third", 3),
    ("3rd", 3),
    ("fourth", 4),
    ("4th", 4),
    ("fifth", 5),
    ("5th", 5),
];

const REFERENCE_WORDS: &[&str] = &[
    "order",
    "ticket",
    "case",
    "booking",
    "invoice",
    "reference",
    "confirmation",
    "account",
];

/// `signals_present` comes from matching the customer signal patterns (src/data/customer/)
/// over `text` with the engine's one-pass matcher.
pub fn read(text: &str, signals: Vec<Signal>) -> CustomerReading {
    let tokens = tokenize(text, &[]);
    let mut facts = Vec::new();
    if let Some(name) = first_name(text) {
        facts.push(Fact {
            kind: "name".into(),
            value: name,
        });
    }
    references(text, &tokens, &mut facts);
    if let Some(product) = product(&tokens) {
        facts.push(Fact {
            kind: "product".into(),
            value: product,
        });
    }
    if let Some(waited) = waited(text, &tokens) {
        facts.push(Fact {
            kind: "waited".into(),
            value: waited,
        });
    }
    if let Some(deadline) = deadline(text, &tokens) {
        facts.push(Fact {
            kind: "deadline".into(),
            value: deadline,
        });
    }
    let contact_count = contact_count(&tokens);
    let mut reading = CustomerReading {
        signals,
        facts,
        contact_count,
        summary: String::new(),
        opener: String::new(),
    };
    reading.summary = summary(&reading);
    reading.opener = opener(&reading);
    reading
}

/// English signal words that are everyday words of a language Rapport reads ("pronto" is
/// Spanish for "soon"; "diré", "I will say", folds to "dire"): a match of one of them alone
/// counts only in a paragraph written in English.
const FALSE_FRIENDS: &str = "pronto dire";

pub fn false_friend(word: &str) -> bool {
    crate::text::listed(FALSE_FRIENDS, word)
}

/// "third time", "second email", or "twice" right after writing or calling ("charged
/// twice" is not a count of contacts).
/// Whether the customer denies the signal word they use ("not urgent", "no rush at all",
/// "I'm not angry", "not in a hurry"): a negator at most three words before it, in the same
/// clause. A signal that starts a clause of its own ("if it isn't fixed I will cancel")
/// is never denied by the clause before it, nor by a negative order ("Don't insult my
/// intelligence"). Having written before, thanks and capitals are facts a negation does not
/// undo ("not the first time I've asked").
/// How many words before a signal word a negator still denies it: "I don't need a reply
/// urgently" puts four words between them.
const DENIAL_REACH: usize = 5;

pub fn denied(signal: &str, tokens: &Tokens, first: usize) -> bool {
    if ["repeat-contact", "thankful", "shouting"].contains(&signal) {
        return false;
    }
    // German and Spanish negators too ("nicht dringend", "keine Eile", "nunca urgente"):
    // none of them is an English word, so English messages read as they did.
    const NEGATORS: &str = "not no never nothing without nicht kein keine keinen keiner nie niemals nunca nada \
        tampoco";
    const CLAUSE_STARTS: &str = "i we you my our this it that they he she";
    const BREAKS: &str = ", ; : — – ( ) . ! ? but however if unless or and because so though although otherwise \
        until aber und oder weil wenn denn sondern obwohl pero y o porque si aunque sino";
    if crate::text::listed(CLAUSE_STARTS, tokens.norm(first)) {
        return false;
    }
    let sentence = tokens.list[first].sentence;
    for k in (first.saturating_sub(DENIAL_REACH)..first).rev() {
        let norm = tokens.norm(k);
        // German "nicht so eilig": "so" softens the word after a negator, where in English
        // it starts a clause ("so it is urgent").
        let softened = norm == "so" && k > 0 && ["nicht", "kein", "keine"].contains(&tokens.norm(k - 1));
        if tokens.list[k].sentence != sentence || (crate::text::listed(BREAKS, norm) && !softened) {
            return false;
        }
        if crate::text::listed(NEGATORS, norm) {
            let negative_order =
                norm == "not" && k > 0 && tokens.norm(k - 1) == "do" && tokens.list[k - 1].sentence_start;
            return !negative_order;
        }
    }
    false
}

fn contact_count(tokens: &Tokens) -> Option<u8> {
    const CONTACTS: &str = "time email message call ticket request attempt chat complaint";
    const CONTACTING: &str = "wrote written emailed called contacted messaged asked told explained reported";
    (0..tokens.len()).find_map(|i| {
        let n = ORDINALS.iter().find(|(w, _)| *w == tokens.norm(i))?.1;
        if tokens.norm(i) == "twice" {
            let contacted = (i.saturating_sub(4)..i).any(|k| crate::text::listed(CONTACTING, tokens.norm(k)));
            return contacted.then_some(n);
        }
        let next = (i + 1 < tokens.len()).then(|| tokens.norm(i + 1))?;
        if !crate::text::listed(CONTACTS, next) {
            return None;
        }
        // "the third time I've written" counts contacts; "it crashed again, the third time
        // today" counts the problem, so "time" needs a word of contacting after it.
        if next == "time" {
            let sentence = tokens.list[i].sentence;
            let contacted = (i + 2..(i + 7).min(tokens.len()))
                .take_while(|&k| tokens.list[k].sentence == sentence)
                .any(|k| {
                    crate::text::listed(CONTACTING, tokens.norm(k))
                        || word_lists::has(List::ContactingAfterTime, tokens.norm(k))
                });
            return contacted.then_some(n);
        }
        Some(n)
    })
}

/// "order 4412", "ticket #A-991", "case number: 12345".
fn references(text: &str, tokens: &Tokens, facts: &mut Vec<Fact>) {
    for i in 0..tokens.len() {
        let word = tokens.norm(i);
        let Some(kind) = REFERENCE_WORDS.iter().find(|w| **w == word) else {
            continue;
        };
        let mut j = i + 1;
        while j < tokens.len()
            && j <= i + 3
            && matches!(tokens.norm(j), "number" | "no" | "#" | ":" | "id" | "ref" | "." | "nr")
        {
            j += 1;
        }
        if j >= tokens.len() || tokens.list[j].sentence != tokens.list[i].sentence {
            continue;
        }
        // A reference may be written "A-991" (split at the hyphen): take the run of
        // touching tokens that contains a digit.
        let start = tokens.list[j].start;
        let mut end = tokens.list[j].end;
        let mut k = j + 1;
        while k < tokens.len() && tokens.list[k].start == end && tokens.list[k].kind != TokenKind::Other {
            if tokens.list[k].kind == TokenKind::Punct && !matches!(tokens.norm(k), "-" | "_" | "/") {
                break;
            }
            end = tokens.list[k].end;
            k += 1;
        }
        let value = text[start..end].trim_end_matches(['-', '_', '/']);
        if value.chars().any(|c| c.is_ascii_digit()) && value.len() <= 32 && !facts.iter().any(|f| f.value == value) {
            let kind = if *kind == "reference" || *kind == "confirmation" {
                "order"
            } else {
                kind
            };
            facts.push(Fact {
                kind: kind.to_string(),
                value: value.to_string(),
            });
        }
    }
}

/// The thing they write about, from "my router", "the app", "my refund".
fn product(tokens: &Tokens) -> Option<String> {
    (1..tokens.len()).find_map(|i| {
        let owner = tokens.norm(i - 1);
        let word = tokens.norm(i);
        (matches!(owner, "my" | "the" | "our") && word_lists::has(List::Products, word)).then(|| word.to_string())
    })
}

/// "for 3 weeks", "over two days", "since Monday".
fn waited(text: &str, tokens: &Tokens) -> Option<String> {
    const UNITS: &str = "minutes hours days weeks months hour day week month";
    const NUMBERS: &str = "two three four five six seven eight nine ten a several many";
    for i in 1..tokens.len().saturating_sub(1) {
        let lead = tokens.norm(i - 1);
        let amount = tokens.norm(i);
        let unit = tokens.norm(i + 1);
        let is_amount = amount.chars().all(|c| c.is_ascii_digit()) || crate::text::listed(NUMBERS, amount);
        if matches!(lead, "for" | "over" | "almost" | "nearly" | "than" | "about")
            && is_amount
            && crate::text::listed(UNITS, unit)
        {
            return Some(text[tokens.list[i].start..tokens.list[i + 1].end].to_string());
        }
        if lead == "since"
            && matches!(
                amount,
                "monday"
                    | "tuesday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
                    | "yesterday"
                    | "last"
            )
        {
            let end = if amount == "last" {
                tokens.list[i + 1].end
            } else {
                tokens.list[i].end
            };
            return Some(text[tokens.list[i - 1].start..end].to_string());
        }
    }
    None
}

/// "by Friday", "by tomorrow", "by end of day".
fn deadline(text: &str, tokens: &Tokens) -> Option<String> {
    const WHEN: &str = "today tonight tomorrow noon";
    (0..tokens.len().saturating_sub(1)).find_map(|i| {
        let when = tokens.norm(i + 1);
        (tokens.norm(i) == "by"
            && (crate::text::listed(WHEN, when) || crate::text::listed(crate::text::WEEKDAYS, when)))
        .then(|| text[tokens.list[i].start..tokens.list[i + 1].end].to_string())
    })
}

/// The name under a sign-off ("Thanks,\nSam"), after a dash ("- Sam"), or from "my name
/// is Sam".
fn first_name(text: &str) -> Option<String> {
    let is_name = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && (2..=20).contains(&w.chars().count())
            && !SIGN_OFFS.iter().any(|s| s.eq_ignore_ascii_case(w))
    };
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if let Some(last) = lines.last() {
        let candidate = last.trim_start_matches(['-', '—', '–', '~']).trim();
        let first_word = candidate.split_whitespace().next().unwrap_or("");
        let previous = lines
            .len()
            .checked_sub(2)
            .map(|i| lines[i].trim_end_matches([',', '!', '.']).to_lower());
        let after_sign_off = previous.is_some_and(|p| SIGN_OFFS.contains(&p.as_str()));
        let dashed = last.starts_with(['-', '—', '–', '~']);
        if (after_sign_off || dashed) && candidate.split_whitespace().count() <= 3 && is_name(first_word) {
            return Some(first_word.to_string());
        }
        // "... - Priya" closing the last line.
        if let Some((_, tail)) = last
            .rsplit_once([' '])
            .filter(|_| last.contains(" - ") || last.contains(" — "))
        {
            let before = last[..last.len() - tail.len()].trim_end();
            if before.ends_with(['-', '—']) && is_name(tail.trim_end_matches(['.', '!'])) {
                return Some(tail.trim_end_matches(['.', '!']).to_string());
            }
        }
        // "Thanks, Sam" on one line.
        if let Some((lead, name)) = last.split_once(',') {
            let name = name.trim().trim_end_matches(['.', '!']);
            if SIGN_OFFS.contains(&lead.trim().to_lower().as_str()) && is_name(name) {
                return Some(name.to_string());
            }
        }
    }
    // ASCII lower case keeps every byte where it was, so `at` indexes `text` too
    let lower = text.to_ascii_lowercase();
    let at = lower.find("my name is ")?;
    let rest = &text[at + "my name is ".len()..];
    let word = rest
        .split(|c: char| !c.is_alphabetic() && c != '-' && c != '\'')
        .next()?;
    is_name(word).then(|| word.to_string())
}

fn ordinal_word(n: u8) -> &'static str {
    match n {
        2 => "a second time",
        3 => "three times",
        4 => "four times",
        _ => "several times",
    }
}

fn summary(r: &CustomerReading) -> String {
    let mut parts: Vec<String> = Vec::new();
    let moods: Vec<&str> = r
        .signals
        .iter()
        .filter(|s| s.id != "repeat-contact")
        .map(|s| s.label.as_str())
        .collect();
    if !moods.is_empty() {
        parts.push(format!("customer {}", crate::text::join(&moods, ", ")));
    }
    match r.contact_count {
        Some(n) if n >= 2 => parts.push(match n {
            2 => "second contact".to_string(),
            3 => "third contact".to_string(),
            n => format!("contact number {n}"),
        }),
        _ if r.has("repeat-contact") => parts.push("has written before".into()),
        _ => {}
    }
    for f in &r.facts {
        parts.push(match f.kind.as_str() {
            "name" => format!("name {}", f.value),
            "waited" => format!("waited {}", f.value),
            "product" => format!("about their {}", f.value),
            kind => format!("{kind} {}", f.value),
        });
    }
    crate::text::join(&parts.iter().map(String::as_str).collect::<Vec<&str>>(), "; ")
}

/// A first sentence that shows the agent heard this customer, built from what they said.
fn opener(r: &CustomerReading) -> String {
    let reference = r
        .facts
        .iter()
        .find(|f| {
            matches!(
                f.kind.as_str(),
                "order" | "ticket" | "case" | "booking" | "invoice" | "account"
            )
        })
        .map(|f| format!("{} {}", f.kind, f.value))
        .or_else(|| r.fact("product").map(|p| format!("your {p}")));
    let about = reference.as_deref().unwrap_or("this");
    let name = r.fact("name").map(|n| format!(", {n}")).unwrap_or_default();
    if r.has("repeat-contact") {
        let times = r.contact_count.map_or("again", ordinal_word);
        return format!("I'm sorry you've had to write to us {times} about {about}{name}.");
    }
    if let Some(waited) = r.fact("waited") {
        return format!("I'm sorry you've been waiting {waited} for {about}{name}.");
    }
    if r.has("leaving") {
        // no promise of a remedy: the reply decides what it can offer
        return format!("I'm sorry {about} has left you feeling this way{name}.");
    }
    if r.has("angry") || r.has("frustrated") || r.has("shouting") {
        return format!("I'm sorry {about} has been so frustrating{name}.");
    }
    if r.has("worried") {
        return format!("I understand {about} is worrying{name}.");
    }
    if r.has("urgent") {
        let deadline = r.fact("deadline").map(|d| format!(" {d}")).unwrap_or_default();
        return format!("I know you need {about} sorted{deadline}{name}.");
    }
    if r.has("confused") {
        return format!("That's a fair question about {about}{name}.");
    }
    if r.has("thankful") && reference.is_none() {
        return format!("Thanks so much for reaching out{name}.");
    }
    format!("Thanks for getting in touch about {about}{name}.")
}

/// Graded negative words (VADER 3.3.2, MIT; see the file's header), one line per valence.
static VALENCE_WORDS: &str = include_str!("data/customer/valence.txt");

/// Words that turn the next few words around ("not helpful", "never rude"); they carry no
/// valence of their own. tests/eval/valence_subset.py leaves the same lists out.
const NEGATORS: &str = "not no never nothing nobody none neither nor without cannot nowhere hardly barely";

// VADER's own constants: an intensifier adds 0.293 of a word's weight, capitals 0.733 points,
// a negator scales by -0.74, each "!" (up to four) 0.292.
const INTENSIFIER_GAIN: f32 = 1.293;
const CAPS_GAIN: f32 = 0.733;
const NEGATION_SCALE: f32 = -0.74;
const EXCLAMATION_GAIN: f32 = 0.292;
/// "?!" and "!?", and a rhetorical "why is it always ...": exasperation without a graded word.
const INTERROBANG_GAIN: f32 = 0.5;
const RHETORICAL_GAIN: f32 = 1.5;

/// At or above this score a message no pattern reads as angry or frustrated reads
/// `frustrated` (or `angry`, below). Picked on the work half of the customer bank and the
/// written calm messages (`make customer-score`): at 2.0 the score read 2 of their 223 calm
/// messages, at 2.5 one.
pub const FRUSTRATED_SCORE: f32 = 2.5;
/// At or above this score, or above `FRUSTRATED_SCORE` with a graded word in a sentence
/// that speaks to "you", the score reads `angry` instead: on the work half that named 33
/// of the 47 upset messages it reads as their labels do.
const ANGRY_SCORE: f32 = 3.0;

fn valence(word: &str) -> Option<f32> {
    // tenths of a point, negative
    static TABLE: std::sync::OnceLock<crate::lang::WordTable> = std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            let mut table = crate::lang::WordTable::default();
            for line in VALENCE_WORDS.lines().filter(|l| !l.starts_with('#')) {
                let mut parts = line.split_whitespace();
                // "-2.5": half points, read as tenths without the float parser, which
                // would add some 15 KB to the wasm
                let Some(v) = parts.next().and_then(|v| {
                    let (whole, tenths) = v.trim_start_matches('-').split_once('.')?;
                    whole
                        .parse::<u8>()
                        .ok()?
                        .checked_mul(10)?
                        .checked_add(tenths.parse::<u8>().ok()?)
                }) else {
                    continue;
                };
                table.extend(parts.map(|w| (w.into(), u32::from(v))));
            }
            table
        })
        .get(word)
        .map(|&tenths| -(tenths as f32) / 10.0)
}

/// What the graded words say about a message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Graded {
    /// How strongly negative the message's words are, as a positive number (0 for none):
    /// the VADER valences of its graded words, strengthened by an intensifier before them
    /// or by capitals, turned around by a negator in the three words before them, then
    /// strengthened by exclamation marks; a rhetorical "why is it always ..." adds its own
    /// weight.
    pub score: f32,
    /// A sentence with a graded word also speaks to "you" ("you people are useless").
    pub accused: bool,
}

/// The score, and whether a sentence with a graded word also speaks to "you".
pub fn graded(text: &str) -> Graded {
    let tokens = tokenize(text, &[]);
    let words = (0..tokens.len()).filter(|&i| tokens.list[i].kind == TokenKind::Word);
    // capitals only stand out against a message that is not all capitals (that is `shouting`)
    let all_caps = words
        .clone()
        .all(|i| tokens.list[i].caps || tokens.norm(i).chars().count() < 2);
    let mut sum = 0.0f32;
    let mut accused = false;
    for i in words {
        let word = tokens.norm(i);
        let Some(mut v) = valence(word) else { continue };
        // "I hate to bother you" is politeness
        if word == "hate" && i + 1 < tokens.len() && tokens.norm(i + 1) == "to" {
            continue;
        }
        let sentence = tokens.list[i].sentence;
        let before = (i.saturating_sub(3)..i).filter(|&k| tokens.list[k].sentence == sentence);
        if tokens.list[i].caps && !all_caps {
            v -= CAPS_GAIN;
        }
        if i > 0 && word_lists::has(List::Intensifiers, tokens.norm(i - 1)) {
            v *= INTENSIFIER_GAIN;
        }
        if before.clone().any(|k| crate::text::listed(NEGATORS, tokens.norm(k))) {
            v *= NEGATION_SCALE;
        }
        if v < 0.0 {
            sum += v;
            accused |= (0..tokens.len())
                .filter(|&k| tokens.list[k].sentence == sentence)
                .any(|k| matches!(tokens.norm(k), "you" | "your" | "yours" | "yourselves" | "u"));
        }
    }
    let marks = |m: &str| (0..tokens.len()).filter(|&i| tokens.norm(i) == m).count();
    if sum < 0.0 {
        sum -= EXCLAMATION_GAIN * marks("!").min(4) as f32;
    }
    let interrobang = (1..tokens.len()).any(|i| {
        let pair = (tokens.norm(i - 1), tokens.norm(i));
        pair == ("?", "!") || pair == ("!", "?")
    });
    if interrobang {
        sum -= INTERROBANG_GAIN;
    }
    if rhetorical_why(&tokens) {
        sum -= RHETORICAL_GAIN;
    }
    Graded {
        score: (-sum).max(0.0),
        accused,
    }
}

/// "Why is every simple thing such a battle?", "why does it always ...": a why-question
/// about how things always are, which asks for no answer.
fn rhetorical_why(tokens: &Tokens) -> bool {
    (0..tokens.len().saturating_sub(1)).any(|i| {
        tokens.norm(i) == "why"
            && matches!(
                tokens.norm(i + 1),
                "is" | "are" | "does" | "do" | "did" | "can" | "must" | "has" | "have" | "am" | "will" | "should"
            )
            && (i + 2..tokens.len())
                .take_while(|&k| tokens.list[k].sentence == tokens.list[i].sentence)
                .any(|k| {
                    matches!(
                        tokens.norm(k),
                        "always" | "every" | "everything" | "never" | "still" | "such"
                    )
                })
    })
}

/// The signal the graded words read on their own, if any: `angry` or `frustrated`.
pub fn graded_signal(text: &str) -> Option<&'static str> {
    let g = graded(text);
    if g.score < FRUSTRATED_SCORE {
        None
    } else if g.score >= ANGRY_SCORE || g.accused {
        Some("angry")
    } else {
        Some("frustrated")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> Vec<(String, String)> {
        read(text, vec![])
            .facts
            .into_iter()
            .map(|f| (f.kind, f.value))
            .collect()
    }

    #[test]
    fn references_names_waits_and_products() {
        let f = facts("My order #4412 still hasn't arrived and I've waited for 3 weeks for my parcel.\nThanks,\nSam");
        assert!(f.contains(&("order".into(), "4412".into())), "{f:?}");
        assert!(f.contains(&("name".into(), "Sam".into())), "{f:?}");
        assert!(f.contains(&("waited".into(), "3 weeks".into())), "{f:?}");
        assert!(f.contains(&("product".into(), "parcel".into())), "{f:?}");
        let f = facts("Ticket number: A-991 is about the router. - Priya");
        assert!(f.contains(&("ticket".into(), "A-991".into())), "{f:?}");
        let f = facts("Hello, my name is Lena and my card was charged twice.");
        assert!(f.contains(&("name".into(), "Lena".into())), "{f:?}");
        assert!(facts("I love the new design.").is_empty());
    }

    #[test]
    fn how_often_a_problem_happens_is_not_a_count_of_contacts() {
        assert_eq!(
            read("It crashed again, the third time today.", vec![]).contact_count,
            None
        );
        assert_eq!(read("Second time this week the app froze.", vec![]).contact_count, None);
        assert_eq!(read("Third time in a week it broke.", vec![]).contact_count, None);
        assert_eq!(
            read("This is the third time I've had to write to you.", vec![]).contact_count,
            Some(3)
        );
        assert_eq!(
            read("Second time asking: where is my refund?", vec![]).contact_count,
            Some(2)
        );
    }

    #[test]
    fn contact_count_comes_from_ordinals() {
        assert_eq!(read("This is the third time I write.", vec![]).contact_count, Some(3));
        assert_eq!(read("I asked twice already.", vec![]).contact_count, Some(2));
        assert_eq!(read("This is my second email about it.", vec![]).contact_count, Some(2));
        assert_eq!(read("The second item is fine.", vec![]).contact_count, None);
        assert_eq!(read("I was charged twice this month.", vec![]).contact_count, None);
    }

    #[test]
    fn graded_words_score_with_negation_intensifiers_capitals_and_marks() {
        let plain = graded("The service was bad.").score;
        assert!(plain >= FRUSTRATED_SCORE, "{plain}");
        // a negator in the three words before turns the word around
        assert_eq!(graded("The service was not bad.").score, 0.0);
        assert_eq!(graded("It was never rude, just slow.").score, 0.0);
        // an intensifier strengthens the next word and carries nothing of its own
        assert!(graded("The service was so bad.").score > plain);
        assert_eq!(graded("Terribly sorry for the slow reply.").score, 0.0);
        // capitals stand out only against lower case; all capitals is the shouting signal
        assert!(graded("The service was BAD.").score > plain);
        assert_eq!(graded("THE SERVICE WAS BAD.").score, plain);
        // exclamation marks strengthen a negative message, and mean nothing alone
        assert!(graded("The service was bad!!!").score > plain);
        assert_eq!(graded("Thanks so much!!!").score, 0.0);
        assert!(graded("The service was bad?!").score > plain);
    }

    #[test]
    fn faults_fears_and_politeness_are_not_anger() {
        for calm in [
            "The payment failed with an error, is the card wrong?",
            "I'm worried the parcel is lost.",
            "My father died last month and I need to close his account.",
            "I hate to bother you, but is the shop open on Monday?",
        ] {
            assert_eq!(graded(calm).score, 0.0, "{calm}");
            assert_eq!(graded_signal(calm), None, "{calm}");
        }
    }

    #[test]
    fn a_rhetorical_why_adds_to_graded_words_but_reads_nothing_alone() {
        let battle = graded("Every simple thing with this company is a battle.").score;
        let why = graded("Why is every simple thing with this company such a battle?").score;
        assert!(why > battle, "{why} {battle}");
        assert!(why >= FRUSTRATED_SCORE && battle < FRUSTRATED_SCORE, "{why} {battle}");
        assert_eq!(
            graded_signal("Why does the app always log me out after an update?"),
            None
        );
    }

    #[test]
    fn strong_words_or_words_at_you_read_angry() {
        // the same word, aimed at "you" or not
        assert_eq!(graded_signal("The service was horrible."), Some("frustrated"));
        assert_eq!(graded_signal("Your service was horrible."), Some("angry"));
        assert_eq!(graded_signal("The whole thing was vile and degrading."), Some("angry"));
        assert_eq!(graded_signal("The form is a little confusing."), None);
    }
}
