//! A negation shortly before a match, in the same clause, flips its meaning ("I'd never
//! say it's your fault").

use crate::lang::Lang;
use crate::text::Tokens;

/// "none of this was your fault" and "nothing about this is your fault" deny it as
/// "not" does.
const NEGATORS: &str = "not never no nobody none nothing hardly without neither nor";
/// Spanish negators (accents folded) and clause breaks: "nunca diría que es culpa suya".
const NEGATORS_ES: &str = "no nunca jamas nadie ni sin tampoco";
const CLAUSE_BREAKS_ES: &str = ", ; : — – ( ) pero aunque sino";
/// German negators (umlauts and ß folded as the tokens have them) and clause breaks: "ich
/// würde nie sagen, dass das Vorschrift ist".
const NEGATORS_DE: &str = "nicht nie niemals kein keine keinen keinem keiner keines nichts niemand ohne weder";
const CLAUSE_BREAKS_DE: &str = ", ; : — – ( ) aber sondern jedoch obwohl";
/// French negators (accents folded, an elided "n'" as the tokenizer splits it) and clause
/// breaks: "je ne dirais jamais que c'est votre faute".
const NEGATORS_FR: &str = "ne n' jamais aucun aucune sans ni nullement";
const CLAUSE_BREAKS_FR: &str = ", ; : — – ( ) mais cependant pourtant toutefois quoique";
// Portuguese "no" is "in the", so the English list would read "no momento" as a negation.
const NEGATORS_PT: &str = "nao nunca jamais nenhum nenhuma ninguem nem sem";
const CLAUSE_BREAKS_PT: &str = ", ; : — – ( ) mas porem contudo embora";
const CLAUSE_BREAKS: &str = ", ; : — – ( ) but however although though";

/// Whether a negation shortly before `first`, in the same clause, flips the meaning.
pub(super) fn negated(tokens: &Tokens, first: usize, lang: Lang) -> bool {
    let (negators, breaks) = match lang {
        Lang::Es => (NEGATORS_ES, CLAUSE_BREAKS_ES),
        Lang::De => (NEGATORS_DE, CLAUSE_BREAKS_DE),
        Lang::Fr => (NEGATORS_FR, CLAUSE_BREAKS_FR),
        Lang::Pt => (NEGATORS_PT, CLAUSE_BREAKS_PT),
        _ => (NEGATORS, CLAUSE_BREAKS),
    };
    // a match that opens with its clause's comma (", so that's that") starts a clause of
    // its own: a negation before that comma belongs to the clause before
    if crate::text::listed(breaks, tokens.norm(first)) {
        return false;
    }
    let sentence = tokens.list[first].sentence;
    for k in (first.saturating_sub(5)..first).rev() {
        if tokens.list[k].sentence != sentence {
            return false;
        }
        let norm = tokens.norm(k);
        if crate::text::listed(breaks, norm) {
            return false;
        }
        if crate::text::listed(negators, norm) {
            return true;
        }
    }
    false
}

/// Whether the sentence ending at token `last` is answered at the start of the next one
/// by the agent committing to act ("I'm not sure. Let me find out."): `commitments` are
/// the first tokens of the moves that commit to it. A rule's own exceptions stop at the
/// full stop, so an admission of not knowing would otherwise read as a shrug.
pub(super) fn answered_next(tokens: &Tokens, last: usize, commitments: &[usize]) -> bool {
    let sentence = tokens.list[last].sentence;
    let Some(next) =
        (last + 1..tokens.len()).find(|&k| !tokens.list[k].excluded && tokens.list[k].sentence != sentence)
    else {
        return false;
    };
    let opening = tokens.list[next].sentence;
    // the commitment opens the sentence, after at most a word like "So," or "But"
    commitments
        .iter()
        .any(|&k| (next..=next + 2).contains(&k) && tokens.list[k].sentence == opening)
}
