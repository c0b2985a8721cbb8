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
use crate::word_lists::{self, List};

/// At most this many missing moves are suggested.
const MAX_NEEDED: usize = 2;

pub struct Situation {
    /// The customer sounds upset, or reports something that went wrong.
    pub upset: bool,
    pub problem: bool,
    pub deferred: bool,
}

pub fn situation(tokens: &Tokens, reading: Option<&CustomerReading>, message: Option<&Tokens>) -> Situation {
    let words = || {
        (0..tokens.len())
            .filter(|&i| !tokens.list[i].excluded)
            .map(|i| tokens.norm(i))
    };
    let reported = message.is_some_and(|m| (0..m.len()).any(|i| word_lists::has(List::ReportWords, m.norm(i))));
    let upset = reading.is_some_and(CustomerReading::upset) || reported;
    Situation {
        upset,
        problem: upset || words().any(|w| word_lists::has(List::ProblemWords, w)),
        deferred: words().any(|w| word_lists::has(List::DeferredWords, w)),
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
