//! Word lists the engine reads as data. Natively they are here; the wasm does not carry
//! them: build.rs stores them in the catalog's English part beside the word classes
//! (`files`), and the wasm reads them from there once that part is given, as it reads the
//! language detector's lists. Before it is given every list is empty.

/// A list, by its use.
#[derive(Clone, Copy)]
pub(crate) enum List {
    Openers,
    NotNames,
    Fillers,
    FillersDe,
    FillersFr,
    Stopwords,
    Doubling,
    DependentOpeners,
    Months,
    ProblemWords,
    DeferredWords,
    ReportWords,
    ContactingAfterTime,
    Products,
    Intensifiers,
    FormalEs,
    Contrasts,
    ClauseOpeners,
    WantAnObject,
    AfterUrYouAre,
    AfterItsItIs,
    AfterIllIWill,
    ChatTags,
    NotAName,
    Asks,
    BeforeBBe,
    WaitsForClause,
    WaitsForVerb,
    AddressTerms,
    Greetings,
    OrdinaryReply,
    NotBeforeATag,
    SharedSubject,
    NotBeforeAVocative,
}

const COUNT: usize = List::NotBeforeAVocative as usize + 1;

/// The name a list travels under in the catalog's English part: not a `.json` file, so no
/// pattern reads it as a word class.
const FILE_PREFIX: &str = "words-";

/// The lists, space-separated, in the order of `List`.
#[cfg(not(target_arch = "wasm32"))]
const LISTS: [&str; COUNT] = [
    // Capitalised words a sentence may open with before a comma that are not names: answers,
    // thanks, sentence adverbs and discourse words ("Sure, ...", "Today, ...").
    "now well today tomorrow yesterday meanwhile otherwise therefore anyway anyways first \
         second third next finally then alright right sure great perfect cheers oh ah look \
         listen note fyi done noted understood agreed correct true fine good excellent \
         wonderful awesome cool nice lastly besides instead still plus again here there \
         unfortunately additionally also so yeah yep nope sadly basically honestly frankly \
         apologies thank welcome absolutely certainly definitely indeed course regards best \
         hmm um uh wow yay alas actually remember please unless if when while since because \
         as although though whether once after before until for in on at by with from to of \
         about that this these those it we you they he she what which who how why where there \
         overall currently recently normally usually",
    // Capitalised words that are not names where they sit mid-sentence: the pronoun, the
    // calendar, and the answers and politeness an agent may capitalise out of habit.
    "i monday tuesday wednesday thursday friday saturday sunday january february march \
         april may june july august september october november december ok okay yes no please \
         thanks sorry hi hello hey dear but and so however unfortunately again also",
    // Intensifiers and stance adverbs that add emphasis, not meaning, to a cold phrase
    // ("that simply can't be done", "I honestly don't know"). Hedges ("maybe", "probably")
    // and words that state a fact ("still", "never") are not here: a rewrite that dropped
    // them would change what the agent said.
    // the Filipino courtesy particle, which English replies from Manila put anywhere ("sorry po if")
    "absolutely actually basically certainly clearly completely definitely entirely \
         frankly po genuinely honestly just literally obviously really seriously simply \
         totally truly very",
    // German modal particles and intensifiers that add emphasis, not meaning ("das geht halt
    // nicht", "Sie müssen einfach …", "das ist doch kein Problem"), folded as the tokens have
    // them. As in English, hedges ("vielleicht", "wohl") and words that state a fact ("noch",
    // "schon", "nur", "auch") are not here.
    "doch ja halt eben einfach wirklich echt eigentlich mal natuerlich absolut total \
         voellig sehr bloss gar ganz schlicht definitiv offensichtlich ehrlich",
    // French intensifiers that add emphasis, not meaning ("c'est vraiment impossible", "vous
    // devez tout simplement …"), folded as the tokens have them. Hedges ("peut-être") and words
    // that state a fact ("encore", "déjà", "seulement") are not here.
    "vraiment simplement franchement absolument totalement completement tres bien donc \
         juste clairement evidemment sincerement honnetement",
    "the a an and or but so to of in on at for by with from it its is are was were be \
         been this that these those you your we our i my me us they them their he she his her \
         will would can could should do does did have has had not just very really if as then \
         than there here what which who all any some no yes please also again now up out \
         about sorry honestly well look okay listen come frankly seriously hey hi hello",
    "stop plan shop chat drop skip swap ship grab trim scan snap step trap wrap plug drag \
         flag spot clip slip admit submit refer commit transfer prefer occur control regret \
         permit forget begin equip upset omit",
    // Words that make the rest a part of the sentence it was in, not a sentence of its own
    // ("..., because the address was wrong", "..., when card 3318 was declined"): no
    // `{sequel}`, so a template that needs one is not offered.
    "because since as when whenever if unless although though while which who whose where \
         that until till before after once than or considering given especially even not \
         right ok okay is isn't eh too either then",
    // Names that keep their capital in sentence case, whatever else was shouted (May aside:
    // in capitals it is more often the verb).
    "january february march april june july august september october november december \
         jan feb mar apr jun jul aug sep sept oct nov dec",
    // Words that say the reply is about something that went wrong.
    "problem problems issue issues error errors broken fault faulty refund refunded \
         charged charge overcharged delay delayed late missing damaged wrong crash crashed \
         crashes outage complaint bug stuck lost failed declined cancelled canceled defective \
         trouble inconvenience frustrating frustration sorry apologies apologise apologize",
    // Words that say the answer is still to come: the case was passed on or is being looked
    // into.
    "investigating investigate escalated escalate checking looking reviewing review \
         pending awaiting waiting",
    // Words a customer's message uses to report something that went wrong (a negation is
    // one: "it didn't arrive", "I can't log in").
    "not never twice cancelled canceled locked broken stuck missing damaged wrong charged \
         dropping dropped crashed crashing failed failing error lost late delayed refund \
         stopped disappeared waiting waited still faulty problem issue",
    // Words of contacting, in any tense, that make "third time" a count of contacts when
    // they follow it: "the third time I write", "second time asking", "third time I rang".
    "write writing email emailing call calling contact contacting message messaging ask \
         asking chase chasing ring ringing rang phone phoned phoning raise raised raising \
         report reporting explain explaining tell telling complain complaining complained \
         chat chatting chatted reach reaching reached spoke speak speaking sent send sending \
         touch followed following",
    "router modem subscription card phone laptop app package parcel delivery refund tv \
         printer device bill invoice payment password account internet connection flight \
         booking plan",
    // Words that strengthen the next one; "terribly sorry" is not terrible.
    "so very really extremely absolutely totally completely utterly incredibly \
         ridiculously unbelievably terribly awfully horribly insanely seriously truly deeply \
         highly thoroughly entirely fucking bloody damn damned effing flipping frigging",
    // Words that address the reader as "usted" in Spanish, folded as the tokens have them: the
    // pronoun, the imperatives and third-person verbs agents use for it, and infinitives that
    // carry it ("informarle").
    "usted ustedes disculpe disculpen perdone perdonen digame indiqueme permitame \
         confirmeme escribanos llamenos contactenos avisenos desea desee informarle \
         comunicarle ayudarle atenderle llamarle escribirle confirmarle enviarle indicarle \
         recordarle agradecerle ofrecerle",
    // Words that take back the acknowledgement before them ("I know it's annoying, but");
    // "that said" and "even so" are read as two words.
    "but however though nevertheless nonetheless still yet anyway regardless",
    // A template's first words that make a clause of their own.
    "i i'm i’m i'll i've i'd let let's we we're",
    // Words a clause of a template's own cannot follow: an article, a preposition, a
    // possessive or a verb that reports ("the terms state ...").
    "a an the of for to with about on in at by from my your our their his her its state states \
         stated say says mean means making make makes made",
    // Words after which a chat's "ur" is "you are" ("ur not worth it", "ur being ...", "ur at
    // the door"); before any other word it is "your" ("ur order", "ur phone").
    "not being so too very really just still always never going literally clearly \
         obviously probably welcome right wrong at in on out the a an all upset busy hungry \
         stressed angry mad annoyed confused ridiculous fine good ok okay sure able eligible \
         entitled due covered lucky late overreacting down up locked stuck here there missing \
         owed",
    // Words after which a chat's "its" is "it is" ("its in the terms", "its a game", "its
    // not ours"); before a noun it stays the possessive ("its price", "its box").
    "a an the not no only just literally really so too all still already been in on at \
         out up from your my our their ok okay fine what how because like going probably very \
         quite actually honestly nothing down for ur u",
    // Verbs after which a chat's "ill" is "I'll" ("ill check", "ill b in touch"); an illness
    // is never followed by one.
    "check look get send see do try ask escalate update let have be b make call reach fix \
         pass forward keep stay need just raise reset go dig add put take give follow email \
         message text note sort refund close",
    // Words a chat puts at the end of a clause, addressed to the reader or laughing it off
    // ("no clue man", "not happening lol", "not possible sir", "noted po"): the clause ends
    // before them.
    "man bro dude mate buddy pal fam lol haha po sir maam ma'am madam lah leh lor eh",
    // Words after a comma that start a sentence rather than name the person addressed.
    "I I'm I've I'll I'd We You Your Our The This That These Those It Please Thanks Thank \
         And But So Sorry",
    // Words that, before "you", ask a question ("could you", "why you"): the capital after
    // them starts the question's clause, which a template cannot open.
    "can could will would won't do did don't didn't can't couldn't should must might may \
         shall why",
    // Words after which a chat's "b" is "be" ("could b a bug", "will b closed").
    "could will would should might may must can to not gonna gotta wanna",
    // "I know" or "I think" waits for a clause: "I know I'm so sorry for your loss"
    "know think understand realise realize believe guess suppose feel",
    // Words a verb must follow: a template cannot start after them.
    "to can could will would should must may might shall",
    // Words of address an agent sets off by commas like a name ("Calm down, sir, ...").
    "sir madam maam ma'am mate buddy pal folks guys everyone dude",
    // Greetings a reply's sentence opens with before the name.
    "hi hello hey hiya dear greetings morning afternoon evening",
    // Not a list: an ordinary reply, written for the check that refuses a pack rule so broad
    // it flags words, not phrasing (a pattern like "(the|a|you)"). A team rule may well flag
    // a phrase in it once ("thanks for getting in touch" is banned by some teams), but not
    // `examples::BROAD_FINDINGS` times.
    "Hi Sam, thanks for getting in touch. I have looked at your order and the parcel is on its \
         way to you now. It should arrive on Friday, and I will check in with you then. If there \
         is anything else I can do, just reply to this email and we will sort it out together. \
         Best wishes, Alex",
    // Words after which a tag word is a noun ("the man", "my mate"), not a tag.
    "the a an my your our his her their this that every each no any some old best other \
         delivery same",
    // Words a clause after "and" opens with when it shares the subject before it ("and will
    // be answered shortly"), not naming its own.
    "will would can could should shall may might must is are was were has have had do \
         does did then so also not never",
    // Words a name spoken to never follows ("of the Lease, ...", "the Terms of Service, ..."):
    // they make the capitalised word part of a noun phrase.
    "a an the of to for with from in on at by under my your our their his her its this that \
         these those",
];

/// The lists as build.rs stores them with the word classes: (file name, words).
#[cfg(not(target_arch = "wasm32"))]
pub fn files() -> Vec<(String, String)> {
    LISTS
        .iter()
        .enumerate()
        .map(|(i, words)| (format!("{FILE_PREFIX}{i}.txt"), words.to_string()))
        .collect()
}

/// The words of `list`, space-separated.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn words(list: List) -> &'static str {
    LISTS[list as usize]
}

/// Whether `word` is in `list`. Most lists are asked for every token of a draft, and
/// splitting a list of a hundred words for each was a tenth of the native analysis: the
/// words of the first 32 lists are looked up in one table of each word's lists, as bits of
/// `List`, built at the first question.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn has(list: List, word: &str) -> bool {
    static TABLE: std::sync::OnceLock<crate::lang::WordTable> = std::sync::OnceLock::new();
    let index = list as usize;
    if index >= 32 {
        return crate::text::listed(words(list), word);
    }
    let table = TABLE.get_or_init(|| {
        let mut table = crate::lang::WordTable::default();
        for (bit, words) in LISTS.iter().take(32).enumerate() {
            for word in words.split(' ') {
                *table.entry(word.into()).or_default() |= 1 << bit;
            }
        }
        table
    });
    table.get(word).is_some_and(|bits| bits & (1 << index) != 0)
}

/// Whether `word` is in `list`. The wasm splits the list as it always did: the table above
/// costs about 480 bytes of its gzip budget, which it does not have; inlined, each call is
/// the same code as before.
#[cfg(target_arch = "wasm32")]
#[inline(always)]
pub(crate) fn has(list: List, word: &str) -> bool {
    crate::text::listed(words(list), word)
}

/// The words of `list`, space-separated, as the catalog's English part carries them (none
/// before it is given).
#[cfg(target_arch = "wasm32")]
pub(crate) fn words(list: List) -> &'static str {
    static LOADED: std::sync::OnceLock<[&'static str; COUNT]> = std::sync::OnceLock::new();
    if let Some(lists) = LOADED.get() {
        return lists[list as usize];
    }
    let mut lists = [""; COUNT];
    for (name, words) in crate::embedded::class_files() {
        let index = name
            .strip_prefix(FILE_PREFIX)
            .and_then(|n| n.strip_suffix(".txt")?.parse::<usize>().ok());
        if let Some(slot) = index.and_then(|i| lists.get_mut(i)) {
            *slot = words;
        }
    }
    if lists.iter().all(|l| l.is_empty()) {
        return "";
    }
    LOADED.get_or_init(|| lists)[list as usize]
}
