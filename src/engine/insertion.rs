//! Where a suggested sentence goes in a reply: after the greeting, or before the
//! sign-off and signature.

use crate::text::{starts_with_ignore_ascii_case, SIGN_OFFS};

/// Where an opening sentence goes (after a greeting line) and where a closing one goes
/// (before the sign-off and signature).
pub fn insertion_points(text: &str, excluded: &[(usize, usize)]) -> (usize, usize) {
    const GREETINGS: &[&str] = &[
        "hi",
        "hello",
        "hey",
        "dear",
        "good morning",
        "good afternoon",
        "good evening",
        "greetings",
    ];
    let offset_of = |line: &str| line.as_ptr() as usize - text.as_ptr() as usize;
    let mut opening = 0;
    let mut lines = text.split_inclusive('\n');
    if let Some(first) = lines.next() {
        let t = first.trim();
        let greeting = GREETINGS.iter().any(|g| starts_with_ignore_ascii_case(t, g));
        if greeting && t.chars().count() <= 40 && (t.ends_with(',') || t.ends_with('!') || first.ends_with('\n')) {
            opening = lines.find(|l| !l.trim().is_empty()).map_or(first.len(), offset_of);
        } else if greeting {
            // "Hello Sam. As I said, ..." on one line: after the greeting's own sentence.
            if let Some(end) = t
                .find(['.', '!', ','])
                .filter(|&e| e <= 40 && t[..e].split_whitespace().count() <= 3)
            {
                let lead = first.len() - first.trim_start().len();
                let after = &first[lead + end + 1..];
                opening = lead + end + 1 + (after.len() - after.trim_start().len());
            }
        }
    }
    let body_end = excluded
        .last()
        .filter(|r| r.1 == text.len() && r.0 > 0)
        .map_or(text.len(), |r| r.0);
    let mut closing = text[..body_end].trim_end().len();
    // The sign-off block: from the bottom, short lines that are a sign-off ("Best,",
    // "Thanks for your patience,", "Talk soon,") or a signature (a name, a title, a
    // company, a phone number: no sentence mark, a few words).
    let mut tail_top = None;
    let mut signed = false;
    let mut lines_seen = 0;
    for line in text[..closing].split_inclusive('\n').rev() {
        let o = offset_of(line);
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if o <= opening || lines_seen == 6 {
            break;
        }
        lines_seen += 1;
        let bare = t.trim_end_matches([',', '!', '.']);
        let words = t.split_whitespace().count();
        let sign_off = SIGN_OFFS.iter().any(|s| bare.eq_ignore_ascii_case(s)) || (t.ends_with(',') && words <= 10);
        let signature = !t.ends_with(['.', '!', '?', ':', ',']) && words <= 5 && t.chars().count() <= 60;
        if !(sign_off || signature) {
            break;
        }
        tail_top = Some(o);
        signed |= sign_off;
    }
    // a name or team line alone counts when a blank line sets it apart from the body
    let set_apart =
        |o: usize| text[..o].trim_end_matches([' ', '\t']).ends_with("\n\n") || text[..o].ends_with("\n\r\n");
    if let Some(o) = tail_top.filter(|&o| signed || (lines_seen <= 3 && set_apart(o))) {
        closing = text[..o].trim_end().len();
    }
    (opening.min(text.len()), closing)
}
