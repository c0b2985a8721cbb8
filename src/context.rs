//! Parts of a draft that are not the agent's own words: quoted text, email history and
//! the signature. Nothing in them is flagged.

/// Sorted, non-overlapping byte ranges to exclude from matching.
pub fn excluded_regions(text: &str) -> Vec<(usize, usize)> {
    let mut regions = Vec::new();
    let mut tail_from = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if is_signature_marker(content) || is_history_header(trimmed) {
            tail_from = Some(offset);
            break;
        }
        if trimmed.starts_with('>') {
            regions.push((offset, offset + line.len()));
        } else {
            quoted_spans(content, offset, &mut regions);
        }
        offset += line.len();
    }
    if let Some(start) = tail_from {
        regions.push((start, text.len()));
    }
    regions.sort_unstable();
    regions
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
    fn quotes_pair_within_a_line() {
        let text = "You wrote “calm down” and \"this\" but \"not closed";
        let r = excluded_regions(text);
        assert_eq!(r.len(), 2);
        assert_eq!(&text[r[0].0..r[0].1], "“calm down”");
    }
}
