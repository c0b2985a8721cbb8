//! Which empathy moves this reply needs. A warm, complete reply is not told it misses seven
//! moves: the situation (is the customer upset, is there a problem, is the answer still
//! to come) decides the one or two moves that matter, and their sentences use what the
//! engine read (the order, the product) or leave a visible placeholder for the agent,
//! never an invented fact or promise.

use crate::catalog::Position;
use crate::customer::CustomerReading;
use crate::report::MoveReport;
use crate::text::Lower;
use crate::text::Tokens;

/// At most this many missing moves are suggested.
const MAX_NEEDED: usize = 2;

/// Words that say the reply is about something that went wrong.
const PROBLEM_WORDS: &str = "problem problems issue issues error errors broken fault faulty refund refunded charged \
    charge overcharged delay delayed late missing damaged wrong crash crashed crashes outage \
    complaint bug stuck lost failed declined cancelled canceled defective trouble \
    inconvenience frustrating frustration sorry apologies apologise apologize";

/// Words that say the answer is still to come: the case was passed on or is being looked
/// into.
const DEFERRED_WORDS: &str = "investigating investigate escalated escalate checking looking reviewing review pending \
    awaiting waiting";

pub struct Situation {
    /// The customer sounds upset, or reports something that went wrong.
    pub upset: bool,
    pub problem: bool,
    pub deferred: bool,
}

/// Words a customer's message uses to report something that went wrong (a negation is
/// one: "it didn't arrive", "I can't log in").
const REPORT_WORDS: &str = "not never twice cancelled canceled locked broken stuck missing damaged wrong charged \
    dropping dropped crashed crashing failed failing error lost late delayed refund stopped \
    disappeared waiting waited still faulty problem issue";

pub fn situation(tokens: &Tokens, reading: Option<&CustomerReading>, message: Option<&Tokens>) -> Situation {
    let words = || {
        (0..tokens.len())
            .filter(|&i| !tokens.list[i].excluded)
            .map(|i| tokens.norm(i))
    };
    let reported = message.is_some_and(|m| (0..m.len()).any(|i| crate::text::listed(REPORT_WORDS, m.norm(i))));
    let upset = reading.is_some_and(CustomerReading::upset) || reported;
    Situation {
        upset,
        problem: upset || words().any(|w| crate::text::listed(PROBLEM_WORDS, w)),
        deferred: words().any(|w| crate::text::listed(DEFERRED_WORDS, w)),
    }
}

/// Marks the moves this reply needs (at most `MAX_NEEDED`, most important first) and drops
/// the suggestion of every other missing move.
pub fn choose(moves: &mut [MoveReport], situation: &Situation, reading: Option<&CustomerReading>) {
    let present = |id: &str| moves.iter().any(|m| &*m.id == id && m.present);
    let fact = |kind: &str| reading.and_then(|r| r.facts.iter().find(|f| f.kind == kind).map(|f| f.value.clone()));
    let mut needed: Vec<(&str, Option<String>)> = Vec::new();
    let acknowledged = present("acknowledge") || present("validate") || present("apologize");
    if situation.upset && !acknowledged {
        // the opener built from the customer's own message is set by the caller
        needed.push(("acknowledge", None));
    }
    if situation.upset && situation.problem && !present("apologize") {
        let text = match (fact("order"), fact("product")) {
            (Some(order), _) => format!("I'm sorry for the trouble with order {order}."),
            (None, Some(product)) => format!("I'm sorry for the trouble with your {product}."),
            _ => "I'm sorry for the trouble this has caused.".to_string(),
        };
        needed.push(("apologize", Some(text)));
    }
    if situation.problem && !present("offer-solution") && !present("next-step") && !present("follow-up") {
        needed.push(("offer-solution", Some("Here's what I can do: [option].".to_string())));
    }
    if situation.deferred && !present("follow-up") && !present("next-step") {
        let text = match fact("order").or_else(|| fact("ticket")).or_else(|| fact("booking")) {
            Some(reference) => format!("I'll update you here as soon as there's news on {reference}."),
            None => "I'll update you here by [day].".to_string(),
        };
        needed.push(("follow-up", Some(text)));
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
    // An opener that already apologises ("I'm sorry you've had to write three times") is
    // the apology too: the apology suggests that same sentence, so inserting either gives
    // both and the agent is never offered two apologies in a row.
    let apologising_opener = moves
        .iter()
        .filter(|m| &*m.id == "acknowledge" && m.needed)
        .find_map(|m| m.suggestion.as_ref())
        .filter(|s| {
            let lower = s.text.to_lower();
            lower.contains("sorry") || lower.contains("apologi")
        })
        .cloned();
    if let Some(opener) = apologising_opener {
        for m in moves.iter_mut().filter(|m| &*m.id == "apologize" && m.needed) {
            m.suggestion = Some(opener.clone());
        }
    }
}
