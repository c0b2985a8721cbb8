//! Findings from the chosen candidates, each with its rewrites and the span each one
//! replaces, and the empathy moves with their suggested sentences.

use super::insertion::insertion_points;
use super::matcher::{GAP_SLOT, MARKER_END, VOCATIVE};
use super::scan::Candidate;
use super::Engine;
use crate::catalog::{Position, Scope};
use crate::report::{Finding, Insertion, MoveReport, Rewrite};
use crate::rewrite;
use crate::text::Lower;
use crate::text::{TokenKind, Tokens, Utf16Index};

impl Engine {
    pub(super) fn build_report(
        &self,
        text: &str,
        excluded: &[(usize, usize)],
        tokens: &Tokens,
        chosen: Vec<Candidate>,
        moves_present: &[bool],
    ) -> (Vec<Finding>, Vec<MoveReport>) {
        struct Draft {
            rule: u32,
            start: usize,
            end: usize,
            rewrites: Vec<(String, usize, usize, String)>,
        }
        let mut drafts = Vec::with_capacity(chosen.len());
        let mut offsets = Vec::with_capacity(chosen.len() * 4 + 4);
        for c in &chosen {
            let rule = &self.rules[c.rule as usize];
            let start = tokens.list[c.first].start;
            let end = tokens.list[c.last].end;
            let slot_values: Vec<(String, String)> = c
                .slots
                .iter()
                .filter(|(name, _, _)| *name != VOCATIVE && *name != GAP_SLOT)
                .map(|(name, a, b)| {
                    let (a, b) = (*a, *b);
                    if b == MARKER_END {
                        return (self.slot_names[*name as usize].clone(), String::new());
                    }
                    let mut value = text[tokens.list[a].start..tokens.list[b].end].to_string();
                    // a slot that starts inside a contraction ("at least you {rest}" on
                    // "you've got it") takes the contraction's tail as written ("'ve got
                    // it"), or its expanded word where the tail is not a plain suffix
                    if a > 0 && tokens.list[a - 1].start == tokens.list[a].start {
                        let written = &text[tokens.list[a].start..tokens.list[a].end];
                        let head = tokens.norm(a - 1);
                        let rest = &text[tokens.list[a].end..tokens.list[b].end];
                        value = match written.get(..head.len()) {
                            Some(w) if w.eq_ignore_ascii_case(head) => format!("{}{rest}", &written[head.len()..]),
                            _ => format!("{}{rest}", tokens.norm(a)),
                        };
                    }
                    (self.slot_names[*name as usize].clone(), value)
                })
                .collect();
            let at_sentence_start = tokens.list[c.first].sentence_start;
            // a match that begins or ends inside a contraction ("is not" of "It's not",
            // "that" of "that's") would overwrite the other half with it: its own
            // replacement is not offered
            let splits_word = c.first > 0 && tokens.list[c.first - 1].start == start
                || tokens
                    .list
                    .get(c.last + 1)
                    .is_some_and(|t| t.start == tokens.list[c.last].start);
            let (sentence_start, sentence_end) = tokens.sentences[tokens.list[c.first].sentence as usize];
            // the greeting or name a sentence opens with ("Hi Tom, these things happen")
            // stays as written: a rewrite reads the sentence as starting after it
            let address_end = opening_address_end(text, tokens, c.first);
            let sentence_start = address_end.unwrap_or(sentence_start);
            let mut slot_values = slot_values;
            slot_values.extend(rewrite::sentence_parts(text, sentence_start, start, end, sentence_end));
            // the agent's own words beside the cold ones: the sentence before, and this one
            // without the match (whose "sorry" may be the refusal the rule is about)
            // (a few hundred bytes either side: a "sentence" of pages, a pasted log, is not
            // read again for each of its findings)
            let sentence_no = tokens.list[c.first].sentence as usize;
            let previous = sentence_no
                .checked_sub(1)
                .map_or((start, start), |p| tokens.sentences[p]);
            let boundary = |mut at: usize| {
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            let before_up_to =
                |from: usize, to: usize| &text[boundary(from.max(to.saturating_sub(rewrite::NEAR_APOLOGY)))..to];
            let after_match = &text[end..boundary(sentence_end.max(end).min(end + rewrite::NEAR_APOLOGY))];
            let near = [
                before_up_to(previous.0, previous.1),
                before_up_to(sentence_start, start),
            ];
            let apologised = near
                .iter()
                .chain([&after_match])
                .any(|words| rewrite::apologises(words));
            // a template's apology in place of the agent's own cold one ("We apologise for
            // any inconvenience") says it once, as before
            let replaces_apology = rewrite::apologises(&text[start..end]);
            if apologised {
                slot_values.push(("apologised".into(), String::new()));
            }
            // the agent's own thanks just before, and a question clause the match answers
            let thanked = near
                .iter()
                .any(|words| words.as_bytes().windows(5).any(|w| w.eq_ignore_ascii_case(b"thank")));
            let fronted = rewrite::fronted_question_clause(&text[sentence_start..start]);
            // the names the walk stepped over inside the match, to be put back
            let names: Vec<(usize, usize, &str)> = c
                .slots
                .iter()
                .filter(|(name, _, _)| *name == VOCATIVE)
                .map(|&(_, a, b)| {
                    let from = if tokens.norm(a) == "," { a + 1 } else { a };
                    let (ns, ne) = (tokens.list[from].start, tokens.list[b].end);
                    (tokens.list[a].start, ne, &text[ns..ne])
                })
                .collect();
            let mut rewrites = Vec::new();
            for template in &rule.rewrites {
                if splits_word && template.scope == Scope::Match {
                    continue;
                }
                // a frame found inside its sentence ("Hi Tom, these things happen") has its
                // sentence rewritten after the words before it, which stay as written
                // (and any frame after a comma or "and" where the words before hold a name,
                // which a template of the whole sentence would drop: "Honestly, mate, ...")
                let keeps_before = (c.mid_sentence
                    || super::address::clause_start(text, tokens, c.first).is_some()
                        && super::address::names_before(text, tokens, c.first))
                    && address_end != Some(start)
                    && template.scope == Scope::Sentence
                    && !template.text.contains("{before")
                    && !template.text.contains("{sentence");
                let owned;
                let template_text: &str = if keeps_before {
                    owned = format!("{{before}} {}", rewrite::lower_first_word(&template.text));
                    &owned
                } else {
                    &template.text
                };
                // the agent's own fallback right after: the rest of the sentence past the
                // match, or the next sentence
                let rest_of_sentence =
                    text[end..boundary(sentence_end.max(end).min(end + 200))].trim_start_matches([',', ';', ' ']);
                let next_sentence =
                    &text[sentence_end.max(end)..boundary((sentence_end.max(end) + 200).min(text.len()))];
                if rewrite::fallback_repeats(template_text, rest_of_sentence)
                    || rewrite::fallback_repeats(template_text, next_sentence)
                {
                    continue;
                }
                let ended_at_so = rewrite::end_before_at_so(template_text, &slot_values);
                let slot_values = ended_at_so.as_deref().unwrap_or(&slot_values);
                if !rewrite::before_takes_template(template_text, slot_values) {
                    continue;
                }
                if apologised && !replaces_apology && rewrite::template_apologises(template_text) {
                    continue;
                }
                if thanked && rewrite::template_thanks(template_text) {
                    continue;
                }
                if fronted && template.scope == Scope::Match && rewrite::template_ends_on_that(template_text) {
                    continue;
                }
                let Some(filled) = rewrite::fill(template_text, slot_values) else {
                    continue;
                };
                let filled = rewrite::after_open_before(template_text, slot_values, filled);
                let filled = match ended_at_so {
                    Some(_) => rewrite::capital_after_ended_before(filled, slot_values),
                    None => filled,
                };
                // deleting all a sentence holds after its greeting leaves the greeting, ended
                // ("Hello Maria, noted." -> "Hello Maria."), never hanging on its comma
                let ends_sentence = !text[end..sentence_end.max(end)].chars().any(char::is_alphanumeric);
                let greeting_left = filled.is_empty() && ends_sentence && address_end == Some(start);
                let comma = text[..start].trim_end().strip_suffix(',').map(str::len);
                let (text_out, rs, re) = match template.scope {
                    _ if greeting_left => match comma {
                        Some(at) => (".".to_string(), at, sentence_end.max(end)),
                        None => continue,
                    },
                    Scope::Sentence => {
                        let sentence = tokens.list[c.first].sentence as usize;
                        let (ss, se) = tokens.sentences[sentence];
                        // a "sentence" of pages (a log, lower-case run-ons) gets no rewrite
                        // of the whole: it would be as long as the text, once per finding
                        if se - ss > MAX_SENTENCE_REWRITE {
                            continue;
                        }
                        let ss = address_end.unwrap_or(ss);
                        let ss = ss + (text[ss..se].len() - text[ss..se].trim_start().len());
                        let sentence = rewrite::match_case(&rewrite::tidy(&filled), address_end.is_none());
                        // a regret the template added after the agent's own (never one of
                        // the agent's alone)
                        let afraid = |t: &str| t.matches("afraid").count();
                        let sentence = match sentence.find("I'm afraid ") {
                            Some(at) if afraid(&sentence) > afraid(&text[ss..se]) => {
                                match rewrite::regret_once(&sentence[..at], &sentence[at..], &text[ss..se]) {
                                    Some(once) => format!("{}{once}", &sentence[..at]),
                                    None => sentence,
                                }
                            }
                            _ => sentence,
                        };
                        // a template that keeps nothing but the final mark removes the sentence
                        if !sentence.chars().any(char::is_alphanumeric) {
                            removed_sentence(text, ss, se.max(end))
                        } else {
                            (sentence, ss, se.max(end))
                        }
                    }
                    Scope::Match if filled.is_empty() => {
                        sentence_deletion(text, sentence_start, sentence_end.max(end), start, end)
                            .unwrap_or_else(|| deletion(text, start, end, at_sentence_start))
                    }
                    Scope::Match => {
                        let filled = rewrite::keep_leading_conjunction(&text[start..end], &filled);
                        if rewrite::acknowledgement_hangs_on_so(&filled)
                            || rewrite::acknowledgement_after_so(&filled, &text[sentence_start..start])
                            || rewrite::apologises_again(&filled, &text[sentence_start..start])
                        {
                            continue;
                        }
                        // one regret after the agent's
                        let filled = match rewrite::regret_once(
                            &text[sentence_start..start],
                            &filled,
                            &text[sentence_start..end],
                        ) {
                            Some(once) => once.to_string(),
                            None => filled,
                        };
                        let filled = rewrite::keep_leading_comma(&text[start..end], filled);
                        let joined = rewrite::seam(&filled, &text[..start], &text[end..]);
                        let joined = rewrite::keep_final_mark(&text[start..end], joined);
                        // ", otherwise ..." attaches to the word before: the space goes
                        let lead = if joined.starts_with([',', ';', '.', '?', '!']) {
                            let before = &text[..start];
                            before.len() - before.trim_end_matches([' ', '\t']).len()
                        } else {
                            0
                        };
                        // "So, you must..." -> "So, here is ...": after an opener's comma
                        // the replacement reads on in lower case
                        let opened = text[sentence_start..start].trim_end().ends_with(',');
                        // sympathy after the agent's clause and its comma starts a sentence
                        // ("The upgrade is £45. I know ..."), not a comma splice
                        let clause_before = text[sentence_start..start].trim_end();
                        let aside = rewrite::comma_of_removed_aside(&text[sentence_start..start], &text[start..end]);
                        if let Some(comma) = aside.filter(|_| lead == 0 && joined.starts_with(char::is_alphanumeric)) {
                            let comma = sentence_start + comma;
                            (format!(" {}", rewrite::match_case(&joined, false)), comma, end)
                        } else if opened
                            && lead == 0
                            && rewrite::splices_after_comma(&joined, &clause_before[..clause_before.len() - 1])
                        {
                            let clause = rewrite::clause_without_filler(&clause_before[..clause_before.len() - 1]);
                            (
                                format!(". {}", rewrite::match_case(&joined, true)),
                                sentence_start + clause.len(),
                                end,
                            )
                        } else {
                            (
                                rewrite::match_case(&joined, at_sentence_start && !opened),
                                start - lead,
                                end,
                            )
                        }
                    }
                };
                let re = re + rewrite::repeated_after(&text_out, &text[re..]);
                let sympathy = crate::catalog::shows_empathy(&template.strategy);
                let (text_out, marks) = rewrite::settle_marks(text_out, &text[re..], sympathy);
                // a template may drop the rest of the sentence with the jibe ("Look on the
                // bright side, {rest} ..." where the rest is the bright side), never a fact;
                // the cheer it drops takes its emoji with it ("... wanted! 😄"), and so does
                // sympathy where the sentence does not go on after it ("... got paid! 😊")
                let drops_after = template.drops_rest();
                let closing = &text[re + marks..];
                let re = re
                    + marks
                    + match (drops_after, sympathy) {
                        (true, _) => rewrite::trailing_symbols(closing),
                        (false, true) => rewrite::emoji_after(closing),
                        (false, false) => 0,
                    };
                if rewrite::reads_badly(&text[..rs], &text_out, &text[re..]) {
                    continue;
                }
                // a reply that is only the cold words is rewritten, never emptied
                let has_words = |s: &str| s.chars().any(char::is_alphanumeric);
                if !(has_words(&text[..rs]) || has_words(&text_out) || has_words(&text[re..])) {
                    continue;
                }
                // what the rewritten span held beside the cold phrase, and what the pattern
                // captured inside it: the agent's content, which the rewrite must keep ("|"
                // keeps the first word after the phrase from counting as a sentence start)
                let before_len = match template.scope {
                    Scope::Sentence if template_text.starts_with("{before") => slot_values
                        .iter()
                        .find(|(n, _)| n == "before")
                        .map_or(0, |(_, v)| v.len()),
                    _ => 0,
                };
                let starts_sentence = !text[sentence_start.min(rs)..rs].chars().any(char::is_alphanumeric);
                let clause_ends = text[re..]
                    .trim_start_matches([' ', '\t'])
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                let Some(text_out) =
                    restore_names(text_out, &names, (rs, re), before_len, starts_sentence, clause_ends)
                else {
                    continue;
                };
                let after_match = &text[end..re.max(end)];
                let mut outside = format!(
                    "{} | {}",
                    &text[rs.min(start)..start],
                    if drops_after { "" } else { after_match }
                );
                for &(_, _, name) in &names {
                    outside.push_str(" | ");
                    outside.push_str(name);
                }
                let mut dropped = if drops_after {
                    after_match.to_string()
                } else {
                    String::new()
                };
                let mut gap_words = String::new();
                for &(name, a, b) in &c.slots {
                    if name == VOCATIVE {
                        continue;
                    }
                    if name == GAP_SLOT {
                        gap_words.push_str(&gap_text(text, tokens, start, a, b));
                        continue;
                    }
                    if b == MARKER_END {
                        continue;
                    }
                    let name = &self.slot_names[name as usize];
                    let captured = &text[tokens.list[a].start..tokens.list[b].end];
                    if template.text.contains(&format!("{{{name}|drop}}")) {
                        dropped.push_str(" | ");
                        dropped.push_str(captured);
                    } else if !(template.text.contains(&format!("{{{name}}}"))
                        || template.text.contains(&format!("{{{name}|")))
                    {
                        outside.push_str(" | ");
                        outside.push_str(captured);
                    }
                }
                // a jibe the template drops on purpose may go, but never with a fact in it
                if !rewrite::keeps_content(&outside, &text_out)
                    || !rewrite::lost_facts(&dropped, &text_out).is_empty()
                    || !rewrite::lost_facts(&gap_words, &text_out).is_empty()
                {
                    continue;
                }
                // two templates that come out the same are one choice
                if rewrites
                    .iter()
                    .any(|(t, a, b, _)| *t == text_out && *a == rs && *b == re)
                {
                    continue;
                }
                offsets.extend([rs, re]);
                rewrites.push((text_out, rs, re, template.strategy.clone()));
            }
            offsets.extend([start, end]);
            drafts.push(Draft {
                rule: c.rule,
                start,
                end,
                rewrites,
            });
        }
        let (opening_at, closing_at) = insertion_points(text, excluded);
        offsets.extend([opening_at, closing_at]);
        let utf16 = Utf16Index::new(text, offsets);

        let findings: Vec<Finding> = drafts
            .into_iter()
            .map(|d| {
                let rule = &self.rules[d.rule as usize];
                Finding {
                    rule: rule.id.clone(),
                    category: rule.category.clone(),
                    severity: rule.severity,
                    start: utf16.get(d.start),
                    end: utf16.get(d.end),
                    byte_start: d.start,
                    byte_end: d.end,
                    text: text[d.start..d.end].to_string(),
                    message: rule.message.clone(),
                    explanation: rule.explanation.clone(),
                    rewrites: d
                        .rewrites
                        .into_iter()
                        .map(|(t, s, e, strategy)| Rewrite {
                            placeholder: rewrite::placeholder(&t),
                            text: t,
                            start: utf16.get(s),
                            end: utf16.get(e),
                            strategy,
                        })
                        .collect(),
                    missing: false,
                    folded: 0,
                }
            })
            .collect();

        let has_words = tokens.list.iter().any(|t| t.kind == TokenKind::Word && !t.excluded);
        let moves: Vec<MoveReport> = self
            .moves
            .iter()
            .zip(moves_present)
            .zip(&self.move_texts)
            .map(|((m, &present), texts)| MoveReport {
                id: texts.id.clone(),
                label: texts.label.clone(),
                present,
                needed: false,
                suggestion: (!present && has_words).then(|| Insertion {
                    text: texts.insertion.clone(),
                    position: m.position,
                    at: utf16.get(match m.position {
                        Position::Opening => opening_at,
                        Position::Closing => closing_at,
                    }),
                }),
            })
            .collect();
        (findings, moves)
    }
}

/// Where the greeting or name the sentence of token `first` opens with ends ("Hi Tom,"
/// before "these things happen"), if it opens with one and `first` comes after it: the
/// first word after it, as a byte offset.
fn opening_address_end(text: &str, tokens: &Tokens, first: usize) -> Option<usize> {
    let sentence = tokens.list[first].sentence;
    let mut k = first;
    while k > 0 && tokens.list[k - 1].sentence == sentence {
        k -= 1;
    }
    // (an address is a few words: "Good morning Mrs Patel,")
    (k..=first.min(k + 6))
        .find(|&i| super::address::clause_start(text, tokens, i) == Some(super::address::ClauseStart::AfterAddress))
        .map(|i| tokens.list[i].start)
}

/// `out` (the rewrite of `rs..re`) with each name the match stepped over and the
/// template left out put back where a name reads in place: at the first pause after the
/// words that stand in for the frame ("I'm sorry, John; I know ..."), else at the end.
/// `from`: the bytes of the agent's words the rewrite starts with, which keep theirs.
fn restore_names(
    mut out: String,
    names: &[(usize, usize, &str)],
    (rs, re): (usize, usize),
    from: usize,
    starts_sentence: bool,
    clause_ends: bool,
) -> Option<String> {
    for &(start, end, name) in names {
        if start < rs || end > re || out.contains(name) {
            continue;
        }
        // a rewrite that removes all the sentence's words takes the name it addressed: a
        // lone ", Dan" is no sentence, and the greeting still names the customer
        if clause_ends && !out.chars().any(char::is_alphanumeric) {
            return None;
        }
        let from = from.min(out.len());
        let bytes = out.as_bytes();
        let pause = out[from..]
            .char_indices()
            .map(|(i, ch)| (from + i, ch))
            .find(|&(i, ch)| {
                matches!(ch, ',' | ';' | ':' | '.' | '!' | '?' | '\u{2014}')
                    // any mark but one opening the text: one right where the agent's
                    // words before the template end is the template's pause
                    // ("Management decided this" + ".")
                    && i > 0
                    // "£1,000", "acme.com": a mark inside a term is no pause
                    && bytes.get(i + ch.len_utf8()).is_none_or(|b| b.is_ascii_whitespace())
            })
            .map(|(i, _)| i);
        match pause {
            Some(at) => out.insert_str(at, &format!(", {name}")),
            // after the replacement the agent's clause reads on ("it's slightly | lighter"):
            // the name opens the sentence, or the rewrite is not offered
            None if clause_ends => {
                let at = out.trim_end().trim_end_matches(['.', '!', '?']).len();
                out.insert_str(at, &format!(", {name}"));
            }
            None if starts_sentence && from == 0 => out = format!("{name}, {}", rewrite::match_case(&out, false)),
            None => return None,
        }
    }
    Some(out)
}

/// The longest sentence (bytes) a rewrite may replace whole.
pub(super) const MAX_SENTENCE_REWRITE: usize = 1000;

/// Removing words that are all their sentence holds ("It's really easy.", "Honestly, anyone
/// can do it."): the whole sentence goes, so no lone "." or "Honestly,." is left behind.
fn sentence_deletion(
    text: &str,
    sentence_start: usize,
    sentence_end: usize,
    start: usize,
    end: usize,
) -> Option<(String, usize, usize)> {
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count()
    };
    if words(&text[sentence_start..start]) + words(&text[end..sentence_end]) >= 2 {
        return None;
    }
    let sentence = &text[sentence_start..sentence_end];
    Some(removed_sentence(
        text,
        sentence_start + (sentence.len() - sentence.trim_start().len()),
        sentence_end,
    ))
}

/// A sentence removed with the spaces after it, or, when nothing follows on its line, with
/// the spaces before it ("Thanks. It's easy." -> "Thanks.").
fn removed_sentence(text: &str, start: usize, end: usize) -> (String, usize, usize) {
    let after = &text[end..];
    let spaces_after = after.len() - after.trim_start_matches([' ', '\t']).len();
    if after[spaces_after..].is_empty() || after[spaces_after..].starts_with(['\n', '\r']) {
        let before = &text[..start];
        let spaces_before = before.len() - before.trim_end_matches([' ', '\t']).len();
        return (String::new(), start - spaces_before, end + spaces_after);
    }
    (String::new(), start, end + spaces_after)
}

/// Removing words: also take the space after them, and capitalise what now starts the
/// sentence.
fn deletion(text: &str, start: usize, end: usize, at_sentence_start: bool) -> (String, usize, usize) {
    let after = &text[end..];
    if at_sentence_start {
        // "Honestly, the parcel ..." -> "The parcel ...": the comma and spaces go too
        let mut rest = after.trim_start_matches([' ', '\t', ',', ';', ':']);
        // "This too will pass, and your refund ..." -> "Your refund ...": the conjunction
        // that joined the rest to the words has nothing to join at a sentence start
        if after.starts_with(',') {
            for conjunction in ["and ", "so ", "but "] {
                if rest
                    .get(..conjunction.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(conjunction))
                {
                    rest = rest[conjunction.len()..].trim_start();
                    break;
                }
            }
        }
        let mut end = end + (after.len() - rest.len());
        if let Some(next) = rest.chars().next().filter(|c| c.is_lowercase()) {
            let upper = crate::rewrite::upper_first_letter(next).to_string();
            end += next.len_utf8();
            return (upper, start, end);
        }
        return (String::new(), start, end);
    }
    // "Mark, but this too shall pass, and ..." -> "Mark, and ...": the comma and the
    // conjunction that joined the words to the clause before go with them
    let before = &text[..start];
    let next_word = after
        .trim_start_matches([',', ' '])
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lower();
    let clause_follows = after.starts_with(',') && ["and", "but", "so"].contains(&next_word.as_str());
    // words that end their sentence with its mark ("..., but that was God's will.") leave
    // the mark where they were
    let own_mark = text[start..end]
        .trim_end()
        .chars()
        .last()
        .filter(|c| ['.', '!', '?'].contains(c))
        .map(String::from)
        .unwrap_or_default();
    if after.starts_with(['.', ';', '!', '?']) || clause_follows || !own_mark.is_empty() {
        let joined = before.trim_end();
        let conjunction = joined.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        let opened = joined[..joined.len() - conjunction.len()].trim_end();
        if ["but", "and", "so", "yet"].contains(&conjunction.to_lower().as_str()) && opened.ends_with(',') {
            return (own_mark, opened.len() - 1, end);
        }
    }
    // "and I'm only telling you this for your own good: change ..." -> "and change ...":
    // the mark that closed the words would otherwise follow the "and"
    if after.starts_with([',', ';', ':']) && crate::rewrite::conjunction_before(before) {
        let rest = after[1..].trim_start_matches([' ', '\t']);
        return (String::new(), start, end + (after.len() - rest.len()));
    }
    // "like 2 bucks, not worth it" at the end of a chat line with no mark: the comma that
    // opened the words goes with them, and words that ended the reply with its mark leave the
    // mark after the word before them ("5 days though." -> "5 days.")
    if after.trim().is_empty() {
        let head = before.trim_end();
        let head = head.strip_suffix(',').unwrap_or(head);
        return (own_mark, head.len(), end);
    }
    // "Please , I have" never: before punctuation, the space before the words goes instead
    if after.starts_with([',', '.', ';', ':', '!', '?']) && before.ends_with(' ') {
        let spaces = before.len() - before.trim_end_matches([' ', '\t']).len();
        // ", honestly," -> "," and "simple, it's easy." -> "simple.": a comma that opened
        // the words goes with them
        let opener = text[..start - spaces].ends_with(',') && after.starts_with([',', '.', '!', '?']);
        // "and, to be honest, the fee ..." -> "and the fee ...": both commas of an aside
        // after a conjunction go with it
        let after_conjunction = opener
            && after.starts_with(',')
            && crate::rewrite::conjunction_before(text[..start - spaces - 1].trim_end());
        if after_conjunction {
            return (String::new(), start - spaces - 1, end + 1);
        }
        return (String::new(), start - spaces - usize::from(opener), end);
    }
    // "and, to be honest, the fee" with the aside's own comma in the match: the comma after
    // the conjunction goes too
    let opened_after_conjunction = before
        .trim_end()
        .strip_suffix(',')
        .filter(|head| crate::rewrite::conjunction_before(head));
    if let Some(head) = opened_after_conjunction.filter(|_| text[start..end].trim_end().ends_with(',')) {
        return (String::new(), head.len(), end);
    }
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    // words that began at their comma ("can, totally fine if not today"): the words on
    // either side stay apart
    if spaces > 0 && !before.ends_with([' ', '\t']) && text[start..].starts_with(',') {
        return (String::new(), start, end + spaces - 1);
    }
    (String::new(), start, end + spaces)
}

/// The words a gap took into a match, as facts are read from them: a contraction's tail
/// is its word's own ("You'll": the gap took "'ll", not "You"), a bracketed placeholder
/// ("[Insert Customer Name]") and a bare form of address ("Madame") are no fact of the
/// agent's.
fn gap_text(text: &str, tokens: &Tokens, match_start: usize, first: usize, last: usize) -> String {
    let mut out = String::new();
    for p in first..=last {
        let token = &tokens.list[p];
        let contraction_tail = p > 0 && tokens.list[p - 1].start == token.start;
        let before = &text[match_start.min(token.start)..token.start];
        let in_placeholder = before.matches('[').count() > before.matches(']').count();
        let word = &text[token.start..token.end];
        if contraction_tail || in_placeholder || super::address::is_address_term(word) {
            continue;
        }
        out.push_str(" | ");
        out.push_str(word);
    }
    out
}
