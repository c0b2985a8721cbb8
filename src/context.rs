//! Parts of a draft that are not the agent's own words: quoted text, email history and
//! the signature. Nothing in them is flagged.

/// Sorted, non-overlapping byte ranges of a reply to exclude from matching.
pub fn excluded_regions(text: &str) -> Vec<(usize, usize)> {
    regions(text, true)
}

/// The same for a customer's message, without its single-quoted words: there they are
/// mostly scare quotes that carry what the customer feels ("your 'valued customer'
/// nonsense") or the words they ask about ("what does 'pending' mean?").
pub fn message_excluded_regions(text: &str) -> Vec<(usize, usize)> {
    regions(text, false)
}

fn regions(text: &str, single_quotes: bool) -> Vec<(usize, usize)> {
    let end = analysis_end(text);
    let mut regions = Vec::new();
    let mut offset = 0;
    for line in text[..end].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim_start().starts_with('>') {
            regions.push((offset, offset + line.len()));
        } else {
            let from = regions.len();
            quoted_spans(content, offset, &mut regions);
            if single_quotes {
                let double: Vec<_> = regions[from..].to_vec();
                single_quoted_spans(content, offset, &double, &mut regions);
            }
        }
        offset += line.len();
    }
    if end < text.len() {
        regions.push((end, text.len()));
    }
    crate::sort::sort(&mut regions);
    regions
}

/// Where the agent's own words end: the byte offset of the first line that is a signature
/// marker or an e-mail history header (everything from there on is the tail, never read),
/// or the text's length. The extension analyses a large draft in pieces up to here (one
/// piece cannot know what the lines before it hold).
pub fn analysis_end(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if is_signature_marker(content) || is_history_header(content.trim_start()) {
            return offset;
        }
        offset += line.len();
    }
    text.len()
}

fn is_signature_marker(line: &str) -> bool {
    line == "-- " || line == "--" || line == "—"
}

/// "On Tue, 3 May 2025 at 10:12, Sam Lee <sam@example.com> wrote:" and the Outlook
/// equivalents that start a block of quoted history.
fn is_history_header(line: &str) -> bool {
    let starts = |prefix: &str| crate::text::starts_with_ignore_ascii_case(line, prefix);
    let trimmed = line.trim_end();
    let ends_wrote = trimmed.len() >= 6 && trimmed.as_bytes()[trimmed.len() - 6..].eq_ignore_ascii_case(b"wrote:");
    (starts("on ") && ends_wrote) || starts("-----original message-----") || (starts("from: ") && line.contains('@'))
}

/// Text between paired double quotes in one line: the agent quoting the customer, a
/// policy, or an error message.
fn quoted_spans(line: &str, offset: usize, out: &mut Vec<(usize, usize)>) {
    let mut open: Option<(usize, char)> = None;
    for (i, c) in line.char_indices() {
        match (open, c) {
            (None, '"' | '\u{201C}' | '\u{00AB}' | '\u{201E}') => open = Some((i, c)),
            (Some((start, opener)), '"' | '\u{201D}' | '\u{00BB}' | '\u{201C}') => {
                let closes = match opener {
                    '"' => c == '"',
                    '\u{00AB}' => c == '\u{00BB}',
                    _ => c == '\u{201D}' || c == '\u{201C}',
                };
                if closes {
                    out.push((offset + start, offset + i + c.len_utf8()));
                    open = None;
                }
            }
            _ => {}
        }
    }
}

/// Words of the customer (or a message) between single quotes in one line: "You said
/// 'this is ridiculous', and ..." quotes them, it does not say them. A single quote is
/// also an apostrophe, so a span opens only at the start of a word (after a space, a
/// bracket or a dash), closes only after a word and before no letter ("don't" and
/// "it's" close nothing), and holds two words at least: one quoted word may be a scare
/// quote the agent chose ("your 'urgent' request"), and is left to the rules.
fn single_quoted_spans(line: &str, offset: usize, double: &[(usize, usize)], out: &mut Vec<(usize, usize)>) {
    let inside_double = |i: usize| double.iter().any(|&(a, b)| a <= offset + i && offset + i < b);
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut open: Option<usize> = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '\'' | '\u{2018}' | '\u{2019}') || inside_double(i) {
            continue;
        }
        let before = k.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(k + 1).map(|&(_, a)| a);
        match open {
            None => {
                let at_word_start = before.is_none_or(|b| b.is_whitespace() || "([{\u{2014}\u{2013}-/".contains(b));
                if c != '\u{2019}' && at_word_start && after.is_some_and(|a| !a.is_whitespace()) {
                    open = Some(i);
                }
            }
            Some(start) => {
                let after_word = before.is_some_and(|b| !b.is_whitespace());
                let at_word_end = after.is_none_or(|a| !a.is_alphanumeric());
                if c != '\u{2018}' && after_word && at_word_end {
                    let end = i + c.len_utf8();
                    if line[start..end].trim().contains(char::is_whitespace) {
                        out.push((offset + start, offset + end));
                    }
                    open = None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_and_signature_run_to_the_end() {
        let text = "Thanks!\nOn Mon, 1 Jan 2024, Sam <s@x.com> wrote:\n> calm down\n";
        let r = excluded_regions(text);
        assert_eq!(r.last().unwrap().1, text.len());
        assert_eq!(r.last().unwrap().0, 8);
        let sig = "Hello\n-- \nAcme support, calm down";
        assert_eq!(excluded_regions(sig), vec![(6, sig.len())]);
    }

    #[test]
    fn the_analysis_ends_at_the_first_tail_line() {
        assert_eq!(
            analysis_end("Thanks!\nOn Mon, 1 Jan 2024, Sam <s@x.com> wrote:\n> calm down\n"),
            8
        );
        assert_eq!(analysis_end("Hello\r\n--\r\nAcme"), 7);
        assert_eq!(analysis_end("Hi\n  -----Original Message-----\nFrom: a@b.c"), 3);
        assert_eq!(analysis_end("Hi\nFROM: sam@example.com\n"), 3);
        // a marker must be the whole line; "From:" needs an address
        let own = "Hi -- there\n--- \nFrom: the team\non the way, I wrote: soon";
        assert_eq!(analysis_end(own), own.len());
        assert_eq!(analysis_end(""), 0);
        assert_eq!(analysis_end("—"), 0);
    }

    #[test]
    fn quotes_pair_within_a_line() {
        let text = "You wrote “calm down” and \"this\" but \"not closed";
        let r = excluded_regions(text);
        assert_eq!(r.len(), 2);
        assert_eq!(&text[r[0].0..r[0].1], "“calm down”");
    }

    #[test]
    fn single_quotes_hold_words_not_apostrophes() {
        let quoted = |text: &str| -> Vec<String> {
            excluded_regions(text)
                .iter()
                .map(|&(a, b)| text[a..b].to_string())
                .collect()
        };
        assert_eq!(
            quoted("You said 'this is ridiculous', and you're right."),
            ["'this is ridiculous'"]
        );
        assert_eq!(quoted("In your words, ‘a total surprise’."), ["‘a total surprise’"]);
        // contractions, possessives and one scare-quoted word are the agent's own
        assert!(quoted("It's the customers' parcels, and they don't fit.").is_empty());
        assert!(quoted("Thanks for your 'patience' with this.").is_empty());
        assert!(quoted("I can't say it's fine, it isn't.").is_empty());
        // a single quote inside double quotes adds nothing
        assert_eq!(
            quoted("You wrote \"it's 'not working' again\" today"),
            ["\"it's 'not working' again\""]
        );
        let message = "Keep your 'valued customer' nonsense.";
        assert!(message_excluded_regions(message).is_empty());
        assert_eq!(excluded_regions(message).len(), 1);
    }
}
