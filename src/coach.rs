//! Which empathy moves this reply needs. A warm, complete reply is not told it misses seven
//! moves: the situation (is the customer upset, is there a problem, is an action still
//! pending) decides the one or two moves that matter, and their sentences use what the
//! engine read (the order, the product) or leave a visible placeholder for the agent,
//! never an invented fact or promise.

use crate::customer::CustomerReading;
use crate::catalog::Position;
use crate::report::MoveReport;
use crate::text::Tokens;

/// At most this many missing moves are suggested.
pub const MAX_NEEDED: usize = 2;

/// Words that say the reply is about something that went wrong.
const PROBLEM_WORDS: &[&str] = &[
    "problem", "problems", "issue", "issues", "error", "errors", "broken", "fault", "faulty", "refund", "refunded",
    "charged", "charge", "overcharged", "delay", "delayed", "late", "missing", "damaged", "wrong", "crash", "crashed",
    "crashes", "outage", "complaint", "bug", "stuck", "lost", "failed", "declined", "cancelled", "canceled", "defective",
    "trouble", "inconvenience", "frustrating", "frustration", "sorry", "apologies", "apologise", "apologize",
];

/// Words that say something is still to happen.
const PENDING_WORDS: &[&str] = &[
    "will", "shall", "within", "tomorrow", "soon", "pending", "processing", "investigating", "escalated", "once",
    "expect", "should", "next",
];

pub struct Situation {
    pub upset: bool,
    pub problem: bool,
    pub pending: bool,
}

pub fn situation(tokens: &Tokens, reading: Option<&CustomerReading>) -> Situation {
    let words = || (0..tokens.len()).filter(|&i| !tokens.list[i].excluded).map(|i| tokens.norm(i));
    let customer_problem = reading.is_some_and(|r| r.upset() || r.has("worried") || r.has("confused"));
    Situation {
        upset: reading.is_some_and(CustomerReading::upset),
        problem: customer_problem || words().any(|w| PROBLEM_WORDS.contains(&w)),
        pending: words().any(|w| PENDING_WORDS.contains(&w)),
    }
}

/// Marks the moves this reply needs (at most `MAX_NEEDED`, most important first) and drops
/// the suggestion of every other missing move.
pub fn choose(moves: &mut [MoveReport], situation: &Situation, reading: Option<&CustomerReading>) {
    let present = |id: &str| moves.iter().any(|m| &*m.id == id && m.present);
    let fact = |kind: &str| {
        reading.and_then(|r| r.facts.iter().find(|f| f.kind == kind).map(|f| f.value.clone()))
    };
    let mut needed: Vec<(&str, Option<String>)> = Vec::new();
    let acknowledged = present("acknowledge") || present("validate") || present("apologize");
    if situation.upset && !acknowledged {
        // the opener built from the customer's own message is set by the caller
        needed.push(("acknowledge", None));
    }
    if situation.problem && !present("offer-solution") && !present("next-step") {
        needed.push(("offer-solution", Some("Here's what I can do: [option].".to_string())));
    }
    if situation.pending && !present("follow-up") && !present("next-step") {
        let text = match fact("order").or_else(|| fact("ticket")).or_else(|| fact("booking")) {
            Some(reference) => format!("I'll update you here as soon as there's news on {reference}."),
            None => "I'll update you here by [day].".to_string(),
        };
        needed.push(("follow-up", Some(text)));
    }
    if situation.problem && situation.upset && !acknowledged && !present("apologize") {
        let text = match fact("product").or_else(|| fact("order")) {
            Some(what) => format!("I'm sorry for the trouble with {what}."),
            None => "I'm sorry for the trouble this has caused.".to_string(),
        };
        needed.push(("apologize", Some(text)));
    }
    needed.truncate(MAX_NEEDED);
    for m in moves.iter_mut() {
        let need = needed.iter().find(|(id, _)| *id == &*m.id);
        m.needed = !m.present && need.is_some();
        if !m.needed {
            m.suggestion = None;
        } else if let (Some(s), Some((_, Some(text)))) = (m.suggestion.as_mut(), need) {
            s.text = match s.position {
                Position::Opening => format!("{text} "),
                Position::Closing => format!(" {text}"),
            }
            .into();
        }
    }
}
