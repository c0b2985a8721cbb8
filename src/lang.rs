//! Which language each paragraph of a reply is written in, among the languages Rapport
//! knows: a profile of each language's commonest function words and of the letters and
//! marks only some of them use, scored over the tokens the engine has already made.
//!
//! A trained n-gram detector would be more accurate on single words, but it costs tens of
//! kilobytes of tables in the wasm and a pass of its own over the text; a reply's paragraph
//! is a few sentences of exactly the words profiled here, and the tokens (lower case, accents
//! folded) are already made. Where the evidence is thin (a greeting, a name, a number) a
//! paragraph takes the reply's language, and a reply with no evidence at all is English:
//! English analysis never depends on the detector being sure.

use crate::engine::FastMap;
use crate::text::{TokenKind, Tokens};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Es,
    De,
    Fr,
    Pt,
}

pub const LANGS: [Lang; 5] = [Lang::En, Lang::Es, Lang::De, Lang::Fr, Lang::Pt];

impl Lang {
    /// The ISO 639-1 code rules, packs and options use.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Pt => "pt",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        LANGS.into_iter().find(|l| l.code() == code)
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The codes `parse` accepts, for error messages.
pub fn codes() -> String {
    crate::text::join(&LANGS.map(Lang::code), ", ")
}

/// Function words by language, lower case with accents folded as the tokens have them. A
/// word several languages share counts for each of them, divided among them. The wasm does
/// not carry them: build.rs stores them in the catalog's English part, beside the word
/// classes (`word_list_files`), and the wasm reads them from there.
#[cfg(not(target_arch = "wasm32"))]
const WORDS: &[(Lang, &str)] = &[
    (
        Lang::En,
        "the and is are was were you your we our i it this that to of for with have has be will \
         can would please thank thanks not do does did my on at from they what how if as but or an \
         all just sorry there here been which when so any about hi hello me no a in am pm us \
         let could should may",
    ),
    (
        Lang::Es,
        "el la los las de del que y en un una es por con para su sus lo le les se al como pero \
         muy ya hay usted ustedes gracias hola nuestro nuestra nuestros cuando donde tambien \
         ahora hemos han puede podemos favor disculpe lamentamos sentimos sin sobre tiene tienes \
         te tu ti mi nos fue esta este esto estamos eso ese esa si no aqui siempre nunca entiendo \
         dias a me mas o estimado estimada saludos atentamente soy estoy estas estan puedo \
         quiero tengo siento todo nada hoy mañana momento problema sea ser solo cual quien vez \
         debe deberia tenia habia hacer tanto ni otro otra mismo bueno claro perdon disculpa \
         disculpen lamento molestias pedido yo ella ellos algo tema",
    ),
    (
        Lang::Pt,
        "o os a as de do da dos das que e em no na nos nas um uma para com por nao sim seu sua \
         voce voces obrigado obrigada ola esta estamos ao aos pelo pela mais muito isso isto este \
         ele ela eles foi tem temos ja tambem agora quando onde porque nosso nossa lhe se me \
         atenciosamente desculpe pode ate entao aqui eu estou sou tenho posso quero \
         problema pedido hoje amanha momento tudo nada seja ser so qual quem vez \
         deve fazer tanto nem outro outra mesmo bom claro perdao senhor senhora vou vai \
         desta deste dessa desse nesta neste assim essas coisas melhor ainda depois sempre \
         desculpa desculpas sinto certo bem ter muita",
    ),
    (
        Lang::Fr,
        "le la les des du de et est un une pour avec dans sur vous votre vos nous notre nos je il \
         elle ce cette ces que qui pas ne au aux sont etre avons avez merci bonjour cordialement \
         tres mais ou en se sa son ses plus bien y a on madame monsieur desole desolee \
         suis sommes etes fait peut pouvez veuillez avoir aujourd'hui demain rien tout toutes \
         comme mon ma mes leur leurs cela ca moi toi tes",
    ),
    (
        Lang::De,
        "der die das den dem des und ist sind nicht ich sie wir ihr ihre ihnen ihren mit fuer auf \
         ein eine einen einem zu von bei auch wie bitte danke vielen dank haben hat wird werden \
         kann koennen freundlichen gruessen gruesse es so oder aber nur noch schon sehr leider uns \
         unser unsere dass gerne hallo liebe lieber guten tag ihrer im am zum zur vom \
         bin habe hatte ihrem ihres sich kein keine einer war wurde heute morgen nichts alles \
         mein meine diese dieser dieses entschuldigung dich dir dein deine deinen deinem \
         doch denn dann wenn weil jetzt wieder immer bereits geht gibt tut leid muss musst \
         muessen koennte wuerde wuerden moechte moechten ueber etwas gern einfach",
    ),
];

/// The name a language's word list travels under in the catalog's English part; not a
/// `.json` file, so no pattern reads it as a word class.
const WORD_LIST_PREFIX: &str = "lang-words-";

/// The word lists as build.rs stores them with the word classes: (file name, words).
#[cfg(not(target_arch = "wasm32"))]
pub fn word_list_files() -> Vec<(String, String)> {
    WORDS
        .iter()
        .map(|(lang, list)| (format!("{WORD_LIST_PREFIX}{}.txt", lang.code()), list.to_string()))
        .collect()
}

#[cfg(not(target_arch = "wasm32"))]
fn word_lists() -> Vec<(Lang, &'static str)> {
    WORDS.to_vec()
}

/// The lists the catalog's English part carries (none before it is given).
#[cfg(target_arch = "wasm32")]
fn word_lists() -> Vec<(Lang, &'static str)> {
    crate::embedded::class_files()
        .into_iter()
        .filter_map(|(name, list)| {
            let code = name.strip_prefix(WORD_LIST_PREFIX)?.strip_suffix(".txt")?;
            Some((Lang::parse(code)?, list))
        })
        .collect()
}

/// Words and a number for each: the type of the engine's symbol table, so the wasm carries
/// one copy of the map's code for the three tables (the languages' words, the customer
/// reading's graded words, the symbols).
pub(crate) type WordTable = FastMap<std::borrow::Cow<'static, str>, u32>;

/// Each profiled word's languages, as bits of `Lang`; None while the lists are not at
/// hand (the wasm before its catalog), when no word counts as evidence.
fn words() -> Option<&'static WordTable> {
    static WORD_LANGS: OnceLock<WordTable> = OnceLock::new();
    if let Some(map) = WORD_LANGS.get() {
        return Some(map);
    }
    let lists = word_lists();
    if lists.is_empty() {
        return None;
    }
    Some(WORD_LANGS.get_or_init(|| {
        let mut map = WordTable::default();
        for (lang, list) in lists {
            for word in list.split_whitespace() {
                *map.entry(word.into()).or_default() |= u32::from(lang.bit());
            }
        }
        map
    }))
}

/// Evidence for each language, in twelfths of a word (a word two languages share gives each
/// six), indexed by `Lang as usize`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores([u32; 5]);

const WORD: u32 = 12;

impl Scores {
    fn add(&mut self, mask: u8, weight: u32) {
        let n = mask.count_ones();
        if n == 0 {
            return;
        }
        for lang in LANGS {
            if mask & lang.bit() != 0 {
                self.0[lang as usize] += weight / n;
            }
        }
    }

    fn merge(&mut self, other: &Scores) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    /// English has more evidence than any other language (however little).
    fn leans_english(&self) -> bool {
        let en = self.0[Lang::En as usize];
        en > 0 && LANGS[1..].iter().all(|l| self.0[*l as usize] < en)
    }

    fn total(&self) -> u32 {
        self.0.iter().sum()
    }

    /// The language the evidence names, if it is enough and clear: at least a word and a
    /// half's worth, and a third more than the runner-up.
    pub fn verdict(&self) -> Option<Lang> {
        let mut ranked = LANGS;
        crate::sort::sort_by_key(&mut ranked, |l| std::cmp::Reverse(self.0[*l as usize]));
        let (best, second) = (self.0[ranked[0] as usize], self.0[ranked[1] as usize]);
        (2 * best >= 3 * WORD && best * 3 > second * 4).then_some(ranked[0])
    }
}

/// Letters and marks that some of the languages use and others do not: the first one in a
/// token counts, so that a word (or a stray "ß") weighs one word at most.
fn letter_cues(scores: &mut Scores, written: &str) {
    use Lang::*;
    let bits = |langs: &[Lang]| langs.iter().fold(0u8, |m, l| m | l.bit());
    for c in written.chars() {
        let (mask, weight) = match c {
            'ñ' | 'Ñ' | '¿' | '¡' => (bits(&[Es]), WORD),
            'ã' | 'õ' | 'Ã' | 'Õ' => (bits(&[Pt]), WORD),
            'ß' => (bits(&[De]), WORD),
            'ä' | 'ö' | 'Ä' | 'Ö' => (bits(&[De]), WORD),
            'ü' | 'Ü' => (bits(&[De]), WORD / 2),
            'ç' | 'Ç' => (bits(&[Fr, Pt]), WORD),
            'è' | 'ù' | 'î' | 'û' | 'œ' | 'ë' | 'ï' | 'È' => (bits(&[Fr]), WORD),
            'à' | 'â' | 'ê' | 'ô' | 'À' => (bits(&[Fr, Pt]), WORD),
            'á' | 'í' | 'ó' | 'ú' | 'Á' | 'Í' | 'Ó' | 'Ú' => (bits(&[Es, Pt]), WORD),
            'é' | 'É' => (bits(&[Es, Fr, Pt]), WORD),
            _ => continue,
        };
        scores.add(mask, weight);
        return;
    }
}

/// The evidence in one token: a profiled word, French elision ("l'équipe", "c'est"), and
/// the letters and marks of the written word.
fn token_scores(scores: &mut Scores, tokens: &Tokens, i: usize, text: &str) {
    let token = &tokens.list[i];
    let written = &text[token.start..token.end];
    if !written.is_ascii() {
        letter_cues(scores, written);
    }
    if token.kind != TokenKind::Word {
        return;
    }
    let norm = tokens.norm(i);
    if norm.len() > 14 {
        return;
    }
    if let Some(mask) = words().and_then(|w| w.get(norm)).map(|&bits| bits as u8) {
        scores.add(mask, WORD);
    } else if let Some((head, rest)) = norm.split_once('\'') {
        // the tokenizer splits an elided particle from its word ("l'" "equipe"), so the
        // particle comes alone, its apostrophe last
        if rest.is_empty() && matches!(head, "l" | "d" | "c" | "j" | "n" | "qu" | "s" | "m" | "t") {
            scores.add(Lang::Fr.bit(), WORD);
        }
    }
}

/// Where paragraphs start: after a blank line (a line break, optional spaces, a line break).
fn paragraph_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while let Some(offset) = memchr_newline(&bytes[i..]) {
        let at = i + offset + 1;
        let mut j = at;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'\n' {
            starts.push(j + 1);
        }
        i = at;
    }
    starts
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// A paragraph's language as the engine uses it: its first token, its last, and its language.
pub type Paragraph = (usize, usize, Lang);

/// Paragraphs of `tokens` (of `text`) with their languages. Excluded tokens (quoted text,
/// history, signatures) give no evidence; a paragraph without clear evidence of its own
/// takes the reply's language, and a reply without clear evidence is English. With
/// `forced`, every paragraph is in that language and nothing is scored. A paragraph of
/// its own language keeps it whatever the rest of the reply is.
pub fn paragraphs(text: &str, tokens: &Tokens, forced: Option<Lang>) -> Vec<Paragraph> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let starts = paragraph_starts(text);
    let mut out: Vec<(usize, usize, Scores)> = Vec::new();
    let mut next_start = 1;
    let mut first = 0;
    let mut scores = Scores::default();
    for i in 0..tokens.len() {
        let start = tokens.list[i].start;
        if next_start < starts.len() && start >= starts[next_start] {
            if i > first {
                out.push((first, i - 1, scores));
            }
            first = i;
            scores = Scores::default();
            while next_start < starts.len() && start >= starts[next_start] {
                next_start += 1;
            }
        }
        if forced.is_none() && !tokens.list[i].excluded {
            token_scores(&mut scores, tokens, i, text);
        }
    }
    out.push((first, tokens.len() - 1, scores));
    if let Some(lang) = forced {
        return out.into_iter().map(|(a, b, _)| (a, b, lang)).collect();
    }
    let mut whole = Scores::default();
    for (_, _, s) in &out {
        whole.merge(s);
    }
    let own: Vec<Option<Lang>> = out.iter().map(|(_, _, s)| s.verdict()).collect();
    let reply = whole.verdict();
    // Without a language of its own, a paragraph takes the reply's; in a reply that mixes
    // two, the one before it (the greeting goes with what follows it). A paragraph whose
    // few words are mostly English stays English whatever the rest of the reply is.
    let inherited = |k: usize| {
        reply
            .or_else(|| own[..k].iter().rev().find_map(|l| *l))
            .or_else(|| own[k..].iter().find_map(|l| *l))
            .unwrap_or(Lang::En)
    };
    out.iter()
        .enumerate()
        .map(|(k, (a, b, scores))| {
            let lang = match own[k] {
                Some(lang) => lang,
                None if scores.leans_english() => Lang::En,
                None => inherited(k),
            };
            (*a, *b, lang)
        })
        .collect()
}

/// The language of a whole text, as the paragraphs of most of its words have it.
pub fn detect(text: &str) -> Lang {
    let tokens = crate::text::tokenize(text, &[]);
    let mut words = [0usize; 5];
    for (first, last, lang) in paragraphs(text, &tokens, None) {
        words[lang as usize] += last + 1 - first;
    }
    LANGS
        .into_iter()
        .max_by_key(|l| (words[*l as usize], *l == Lang::En))
        .unwrap_or(Lang::En)
}

/// The scores of a text (tests and the evaluation's detector figures).
pub fn scores(text: &str) -> Scores {
    let tokens = crate::text::tokenize(text, &[]);
    let mut scores = Scores::default();
    for i in 0..tokens.len() {
        token_scores(&mut scores, &tokens, i, text);
    }
    scores
}

impl Scores {
    /// The evidence for `lang`, in words.
    pub fn words_for(&self, lang: Lang) -> f32 {
        self.0[lang as usize] as f32 / WORD as f32
    }

    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_in_each_language() {
        let cases = [
            ("Thanks for your patience, we have refunded the order.", Lang::En),
            ("Gracias por su paciencia, ya hemos reembolsado el pedido.", Lang::Es),
            (
                "Vielen Dank für Ihre Geduld, wir haben die Bestellung erstattet.",
                Lang::De,
            ),
            ("Merci pour votre patience, nous avons remboursé la commande.", Lang::Fr),
            ("Obrigado pela sua paciência, já reembolsamos o pedido.", Lang::Pt),
            ("Cálmese, por favor.", Lang::Es),
            ("¿Ha reiniciado el router?", Lang::Es),
            ("C'est noté, l'équipe vous répond demain.", Lang::Fr),
            ("Você já tentou reiniciar?", Lang::Pt),
        ];
        for (text, lang) in cases {
            assert_eq!(detect(text), lang, "{text}");
        }
    }

    #[test]
    fn too_little_evidence_is_english() {
        for text in ["", "Hola", "OK", "#4412", "Ana", "Thanks", "El Charro, San Jose"] {
            assert_eq!(detect(text), Lang::En, "{text:?}");
        }
        assert_eq!(scores("Hola").verdict(), None);
    }

    #[test]
    fn english_with_spanish_names_stays_english() {
        for text in [
            "Confirming: I will reserve a table for 2 at El Charro in San Jose.",
            "Your flight to Los Angeles leaves at 8 am from La Guardia.",
            "The event is at Casa de la Cultura on Calle del Sol.",
        ] {
            assert_eq!(detect(text), Lang::En, "{text}");
        }
    }

    #[test]
    fn each_paragraph_in_its_language() {
        let text = "Hola Ana,\n\nLamentamos el retraso de su pedido. Ya hemos enviado uno nuevo.\n\n\
                    Thanks, we will update the ticket for the team.\n\nSaludos";
        let tokens = crate::text::tokenize(text, &[]);
        let langs: Vec<Lang> = paragraphs(text, &tokens, None).into_iter().map(|p| p.2).collect();
        // half and half: the greeting goes with what follows it, the sign-off with what
        // precedes it
        assert_eq!(langs, [Lang::Es, Lang::Es, Lang::En, Lang::En]);
        let text = "Hola Ana,\n\nLamentamos el retraso de su pedido. Ya hemos enviado uno nuevo y \
                    le escribiremos cuando llegue.\n\nNote for the team: refund sent.\n\nSaludos";
        let tokens = crate::text::tokenize(text, &[]);
        let langs: Vec<Lang> = paragraphs(text, &tokens, None).into_iter().map(|p| p.2).collect();
        // mostly Spanish: what has no language of its own is Spanish
        assert_eq!(langs, [Lang::Es, Lang::Es, Lang::En, Lang::Es]);
    }

    #[test]
    fn quoted_history_gives_no_evidence() {
        let text = "Ya hemos enviado el pedido, gracias por su paciencia.\n\nOn Monday Ana wrote:\n> \
                    Where is my order? I have been waiting for two weeks and nobody answers.";
        let excluded = crate::context::excluded_regions(text);
        let tokens = crate::text::tokenize(text, &excluded);
        let paras = paragraphs(text, &tokens, None);
        assert!(paras.iter().all(|p| p.2 == Lang::Es), "{paras:?}");
    }

    #[test]
    fn an_english_paragraph_stays_english_beside_a_stray_foreign_letter() {
        let text = "Please calm down.\n\nß";
        let tokens = crate::text::tokenize(text, &[]);
        assert_eq!(paragraphs(text, &tokens, None)[0].2, Lang::En);
    }

    #[test]
    fn a_forced_language_wins() {
        let text = "Thanks for your patience.";
        let tokens = crate::text::tokenize(text, &[]);
        assert_eq!(paragraphs(text, &tokens, Some(Lang::Es))[0].2, Lang::Es);
    }

    #[test]
    fn codes_round_trip() {
        for lang in LANGS {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::parse("xx"), None);
    }
}
