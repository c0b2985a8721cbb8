//! The engine: every rule, exception, empathy move and tone cue inserted into one trie
//! of interned words, walked once from each token of the text.

use crate::catalog::{self, LoadError, Move, Pack, Position, Rule, Scope, Severity};
use crate::context::excluded_regions;
use crate::lang::Lang;
use crate::pattern::{self, Atom, Node, Tree};
use crate::report::{Finding, Insertion, MoveReport, Report, Rewrite, Score, ScorePart};
use crate::rewrite;
use crate::text::{starts_with_ignore_ascii_case, tokenize, TokenKind, Tokens, Utf16Index, SIGN_OFFS};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Settings a manager or agent can change without writing a pack.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct EngineOptions {
    pub disabled_rules: Vec<String>,
    pub severity_overrides: HashMap<String, Severity>,
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Severity::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("severity must be low, medium or high, got '{s}'")))
    }
}

impl EngineOptions {
    /// Reads options from JSON data with the same rules as the serde derive. The wasm
    /// boundary uses this instead of the derive: serde's type-error messages format floats,
    /// and that formatting code alone is some 14 KB of the extension's download.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        let Some(fields) = value.as_object() else {
            return Err("options must be an object".into());
        };
        let mut options = EngineOptions::default();
        for (key, value) in fields {
            match key.as_str() {
                "disabledRules" => options.disabled_rules = string_list(value, "disabledRules")?,
                "severityOverrides" => {
                    let Some(map) = value.as_object() else {
                        return Err("severityOverrides must be an object of rule id to severity".into());
                    };
                    for (rule, severity) in map {
                        let parsed = severity.as_str().and_then(Severity::parse).ok_or_else(|| {
                            format!("severityOverrides.{rule} must be low, medium or high, got {severity}")
                        })?;
                        options.severity_overrides.insert(rule.clone(), parsed);
                    }
                }
                other => {
                    return Err(format!(
                        "unknown field '{other}' (known: disabledRules, severityOverrides)"
                    ))
                }
            }
        }
        Ok(options)
    }
}

fn string_list(value: &serde_json::Value, field: &str) -> Result<Vec<String>, String> {
    let not_list = || format!("{field} must be an array of strings");
    let items = value.as_array().ok_or_else(not_list)?;
    items
        .iter()
        .map(|item| item.as_str().map(str::to_owned).ok_or_else(not_list))
        .collect()
}

/// What the agent is replying to. Optional: without it the analysis is the same.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct AnalyzeContext {
    pub customer_message: Option<String>,
    pub agent_name: Option<String>,
    pub channel: Option<String>,
    /// The reply's language ("es"), set by the agent or a site's default: every paragraph
    /// is read with that language's rules. Absent or "auto": each paragraph's language is
    /// detected.
    pub lang: Option<String>,
}

impl AnalyzeContext {
    const FIELDS: &'static [&'static str] = &["customerMessage", "agentName", "channel", "lang"];

    /// The language the context sets, if it sets a known one.
    pub fn forced_lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::parse)
    }

    /// Reads a context from JSON data like the serde derive does (null means absent); see
    /// [`EngineOptions::from_json`] for why. A field it does not know is an error that
    /// names it: a misspelled "customer" would otherwise silently coach without the
    /// customer's message.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        let Some(fields) = value.as_object() else {
            return Err("the context must be an object".into());
        };
        if let Some(unknown) = fields.keys().find(|k| !Self::FIELDS.contains(&k.as_str())) {
            return Err(format!(
                "unknown context field \"{unknown}\"; known: {}",
                Self::FIELDS.join(", ")
            ));
        }
        let text = |name: &str| -> Result<Option<String>, String> {
            match fields.get(name) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(format!("{name} must be a string, got {other}")),
            }
        };
        let lang = text("lang")?;
        if let Some(code) = lang.as_deref().filter(|c| *c != "auto" && Lang::parse(c).is_none()) {
            return Err(format!(
                "lang must be auto or one of {}, got \"{code}\"",
                crate::lang::codes()
            ));
        }
        Ok(AnalyzeContext {
            customer_message: text("customerMessage")?,
            agent_name: text("agentName")?,
            channel: text("channel")?,
            lang,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Owner {
    Rule(u32),
    Except(u32),
    Move(u32),
    Cue(u32),
}

/// A pattern atom with its words interned, so matching compares integers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Step {
    /// The root of the trie; nothing matches it.
    Root,
    Words(Arc<[u32]>),
    Caps,
    Num,
    Gap(u8),
    Slot {
        name: u32,
        max: u8,
    },
    ClauseEnd,
    SentenceEnd,
    /// Matches nothing and consumes no token: where an optional or alternative group
    /// ends on several nodes, they all lead to one join and the rest of the pattern hangs
    /// below it once, instead of once per path (a pattern with a few optional groups
    /// otherwise copies its tail dozens of times). Each join belongs to one insertion.
    Join(u32),
}

/// A node of the trie every pattern of every rule, exception, move and cue is inserted
/// into: patterns that share a beginning share nodes, so one walk from a token tries
/// them all at once, and nothing is expanded. Only while compiling: the engine matches
/// with the [`Trie`] these become.
#[derive(Debug)]
pub(crate) struct TrieNode {
    pub(crate) step: Step,
    /// Whose pattern ends here.
    pub(crate) owners: Vec<Owner>,
    pub(crate) children: Vec<u32>,
}

impl TrieNode {
    pub(crate) fn new(step: Step) -> Self {
        TrieNode {
            step,
            owners: Vec::new(),
            children: Vec::new(),
        }
    }
}

/// The compiled trie in flat arrays: node `n`'s owners are
/// `owners[owner_start[n]..owner_start[n + 1]]`, and its children likewise. A handful of
/// allocations instead of one or two per node: a browser tab builds it (from the compiled
/// catalog) at every start, where each allocation costs.
#[derive(Debug, Default)]
pub(crate) struct Trie {
    pub(crate) steps: Vec<Step>,
    pub(crate) owner_start: Vec<u32>,
    pub(crate) owners: Vec<Owner>,
    pub(crate) child_start: Vec<u32>,
    pub(crate) children: Vec<u32>,
    /// For a node with many word children (the roots, "i", "you"): those children by
    /// each word's symbol, and the rest apart. Small nodes scan their children.
    dispatch: Vec<Option<Box<Dispatch>>>,
}

/// A node's word children by symbol: `targets[start[i]..start[i + 1]]` for `words[i]`,
/// in the node's child order; `words` sorted for a binary search.
#[derive(Debug, Default)]
struct Dispatch {
    words: Vec<u32>,
    start: Vec<u32>,
    targets: Vec<u32>,
    others: Vec<u32>,
}

impl Dispatch {
    fn children_for(&self, word: u32) -> &[u32] {
        match self.words.binary_search(&word) {
            Ok(i) => &self.targets[self.start[i] as usize..self.start[i + 1] as usize],
            Err(_) => &[],
        }
    }
}

/// Word children from which a node gets a dispatch map.
const DISPATCH_FROM: usize = 8;

impl Trie {
    /// An empty trie with room for `nodes` nodes, to be pushed in order.
    pub(crate) fn with_capacity(nodes: usize) -> Trie {
        let mut trie = Trie {
            steps: Vec::with_capacity(nodes),
            owner_start: Vec::with_capacity(nodes + 1),
            child_start: Vec::with_capacity(nodes + 1),
            ..Trie::default()
        };
        trie.owner_start.push(0);
        trie.child_start.push(0);
        trie
    }

    /// Flattens the nodes compiling built.
    fn from_nodes(nodes: Vec<TrieNode>) -> Trie {
        let mut trie = Trie::with_capacity(nodes.len());
        for node in nodes {
            trie.steps.push(node.step);
            trie.owners.extend(node.owners);
            trie.owner_start.push(trie.owners.len() as u32);
            trie.children.extend(node.children);
            trie.child_start.push(trie.children.len() as u32);
        }
        trie.build_dispatch();
        trie
    }

    /// Each rule owner's index through `rules` (old index to new); an owner whose rule is
    /// gone is dropped, and the nodes stay as they are.
    fn renumber_rules(&mut self, rules: &[Option<u32>]) {
        let mut owners = Vec::with_capacity(self.owners.len());
        let mut owner_start = Vec::with_capacity(self.owner_start.len());
        owner_start.push(0);
        for n in 0..self.len() as u32 {
            owners.extend(self.owners_of(n).iter().filter_map(|&owner| renumbered(owner, rules)));
            owner_start.push(owners.len() as u32);
        }
        self.owners = owners;
        self.owner_start = owner_start;
    }

    /// The nodes again, to insert more patterns; each rule owner's index goes through
    /// `rules` (old index to new), and an owner whose rule is gone is dropped.
    fn unflattened(&self, rules: &[Option<u32>]) -> Vec<TrieNode> {
        (0..self.len() as u32)
            .map(|n| TrieNode {
                step: self.steps[n as usize].clone(),
                owners: self
                    .owners_of(n)
                    .iter()
                    .filter_map(|&owner| renumbered(owner, rules))
                    .collect(),
                children: self.children_of(n).to_vec(),
            })
            .collect()
    }

    pub(crate) fn len(&self) -> usize {
        self.steps.len()
    }

    pub(crate) fn owners_of(&self, node: u32) -> &[Owner] {
        let n = node as usize;
        &self.owners[self.owner_start[n] as usize..self.owner_start[n + 1] as usize]
    }

    pub(crate) fn children_of(&self, node: u32) -> &[u32] {
        let n = node as usize;
        &self.children[self.child_start[n] as usize..self.child_start[n + 1] as usize]
    }

    /// Gives the nodes with many word children their dispatch maps.
    pub(crate) fn build_dispatch(&mut self) {
        self.dispatch = Vec::with_capacity(self.len());
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for n in 0..self.len() {
            let (first, end) = (self.child_start[n] as usize, self.child_start[n + 1] as usize);
            // most nodes have one child: no need to look at it
            if end - first < DISPATCH_FROM {
                self.dispatch.push(None);
                continue;
            }
            let children = &self.children[first..end];
            let words = children
                .iter()
                .filter(|&&c| matches!(self.steps[c as usize], Step::Words(_)))
                .count();
            if words < DISPATCH_FROM {
                self.dispatch.push(None);
                continue;
            }
            let mut dispatch = Dispatch::default();
            dispatch.others.reserve(end - first - words);
            pairs.clear();
            for &c in children {
                match &self.steps[c as usize] {
                    Step::Words(list) => pairs.extend(list.iter().map(|&w| (w, c))),
                    _ => dispatch.others.push(c),
                }
            }
            // A node's children are in increasing order, so sorting by (word, child) keeps
            // each word's children in the node's order, with no stable sort's buffer.
            pairs.sort_unstable();
            dispatch.words.reserve(pairs.len());
            dispatch.start.reserve(pairs.len() + 1);
            dispatch.targets.reserve_exact(pairs.len());
            for &(w, c) in &pairs {
                if dispatch.words.last() != Some(&w) {
                    dispatch.words.push(w);
                    dispatch.start.push(dispatch.targets.len() as u32);
                }
                dispatch.targets.push(c);
            }
            dispatch.start.push(dispatch.targets.len() as u32);
            self.dispatch.push(Some(Box::new(dispatch)));
        }
    }
}

/// `owner` with its rule's index through `rules` (old index to new); None when the rule
/// is gone.
fn renumbered(owner: Owner, rules: &[Option<u32>]) -> Option<Owner> {
    let rule = |i: u32| rules.get(i as usize).copied().flatten();
    match owner {
        Owner::Rule(i) => rule(i).map(Owner::Rule),
        Owner::Except(i) => rule(i).map(Owner::Except),
        other => Some(other),
    }
}

/// The trie for patterns anywhere, and the one for patterns that must start a sentence.
const ROOT: u32 = 0;
const SENTENCE_ROOT: u32 = 1;

/// No pattern uses this word.
const UNKNOWN: u32 = u32::MAX;

/// FNV-1a: the index is keyed by short words, where SipHash's start-up cost dominates.
#[derive(Default)]
pub(crate) struct Fnv(u64);
impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        for b in bytes {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// A move's strings as reports share them: every report lists every move.
struct MoveTexts {
    id: Arc<str>,
    label: Arc<str>,
    /// The suggestion with the space that separates it from the reply.
    insertion: Arc<str>,
}

pub struct Engine {
    /// Matches the customer signals (src/data/customer/) in the customer's message; absent in
    /// that inner engine itself.
    pub(crate) customer: Option<Box<Engine>>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) moves: Vec<Move>,
    pub(crate) cues: Vec<Move>,
    cue_labels: Vec<Arc<str>>,
    move_texts: Vec<MoveTexts>,
    starting_point: Arc<str>,
    pub(crate) trie: Trie,
    /// While compiling: the trie's nodes, flattened into `trie` at the end.
    nodes: Vec<TrieNode>,
    pub(crate) symbols: FastMap<String, u32>,
    pub(crate) slot_names: Vec<String>,
    /// The learned second opinion on sentences no rule flagged, with the severity its
    /// findings carry; None when the options turn it off.
    second_opinion: Option<(crate::scorer::Scorer, Severity)>,
    /// While compiling: word lists already interned, by the address of the shared list.
    /// The list is kept with its ids so that its address cannot be reused by another.
    interned_lists: FastMap<usize, InternedList>,
    /// While compiling: each node's child for a step, so adding a pattern finds shared
    /// nodes without scanning the hundreds of children the roots have.
    child_index: FastMap<(u32, Step), u32>,
}

/// A word list and its symbols, sorted.
type InternedList = (Arc<[String]>, Arc<[u32]>);

/// A captured slot: its name's index and first and last token.
type Slot = (u32, usize, usize);
/// For each owner reached from one token: the furthest token, with the slots captured
/// and the bytes of intensifiers stepped over on the way.
type Hits = Vec<(Owner, usize, Vec<Slot>, u32)>;

struct Scan {
    excluded: Vec<(usize, usize)>,
    tokens: Tokens,
    /// The language most of the reply's words are in.
    lang: Lang,
    candidates: Vec<Candidate>,
    moves_present: Vec<bool>,
    /// Where each move was found (move, first token, last token), to discount a move made
    /// inside a cold phrase ("I understand your frustration, however ...").
    move_hits: Vec<(u32, usize, usize)>,
    cues_present: Vec<bool>,
    cue_hits: Vec<(u32, usize, usize)>,
}

struct Candidate {
    rule: u32,
    first: usize,
    last: usize,
    slots: Vec<Slot>,
    /// Bytes of intensifiers inside the match that the pattern did not name: a rule that
    /// names "obviously" beats one that stepped over it.
    skipped: u32,
}

/// The id of the learned second opinion's findings: options disable it or change its
/// severity like a rule's.
pub const SECOND_OPINION: &str = "reads-cold";
/// Sentences shorter than this are left to the rules: the model cannot read two words.
const SECOND_OPINION_MIN_WORDS: usize = 3;

const NEGATORS: &[&str] = &["not", "never", "no", "nobody", "hardly", "without", "neither", "nor"];
/// Spanish negators (accents folded) and clause breaks: "nunca diría que es culpa suya".
const NEGATORS_ES: &[&str] = &["no", "nunca", "jamas", "nadie", "ni", "sin", "tampoco"];
const CLAUSE_BREAKS_ES: &[&str] = &[",", ";", ":", "—", "–", "(", ")", "pero", "aunque", "sino"];
const CLAUSE_BREAKS: &[&str] = &[
    ",", ";", ":", "—", "–", "(", ")", "but", "however", "although", "though",
];

/// The built-in catalog before compiling: rules, moves, cues and customer signals, each
/// with its patterns parsed. Not in the wasm build, which only decodes the compiled
/// catalog and extends it.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) struct BuiltinSources {
    pack: Pack,
    moves: Vec<Move>,
    cues: Vec<Move>,
    signals: Vec<Move>,
}

#[cfg(not(target_arch = "wasm32"))]
impl BuiltinSources {
    /// The catalog's JSON files, loaded and validated.
    pub(crate) fn from_json() -> Result<BuiltinSources, Vec<LoadError>> {
        Ok(BuiltinSources {
            pack: catalog::builtin_pack()?,
            moves: catalog::builtin_moves()?,
            cues: catalog::builtin_cues()?,
            signals: catalog::builtin_customer_signals()?,
        })
    }
}

impl Engine {
    /// The built-in catalog with the given options.
    pub fn new(options: &EngineOptions) -> Result<Engine, Vec<LoadError>> {
        Engine::with_packs(options, Vec::new())
    }

    /// The built-in catalog, then `packs` in order, then `options`.
    pub fn with_packs(options: &EngineOptions, packs: Vec<Pack>) -> Result<Engine, Vec<LoadError>> {
        match crate::compiled::decode(crate::embedded::COMPILED_CATALOG) {
            Ok(engine) => Ok(engine.extended(options, packs)),
            // A build whose catalog files did not load embeds an empty blob: natively the
            // JSON loader then says what is wrong with them.
            #[cfg(not(target_arch = "wasm32"))]
            Err(_) => Ok(Engine::from_builtin_sources(
                BuiltinSources::from_json()?,
                options,
                packs,
            )),
            #[cfg(target_arch = "wasm32")]
            Err(reason) => Err(vec![LoadError {
                pack: "builtin".into(),
                rule: None,
                field: String::new(),
                reason,
            }]),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    /// The engine compiled from the sources: the built-in catalog's rules merged with
    /// `packs`, options applied, every pattern inserted into a new trie.
    pub(crate) fn from_builtin_sources(builtin: BuiltinSources, options: &EngineOptions, packs: Vec<Pack>) -> Engine {
        let mut all = vec![builtin.pack];
        all.extend(packs);
        let mut rules = catalog::merge(all);
        rules.retain(|r| !options.disabled_rules.contains(&r.id));
        let mut engine = Engine::compile_catalog(rules, builtin.moves, builtin.cues, builtin.signals);
        engine.apply_options(options);
        engine
    }

    /// The compiled catalog with `packs` merged in and the rules `options` disable left
    /// out, without compiling the catalog again (the shipped catalog carries no pattern
    /// text to compile it from): a rule that is gone loses its place as the owner of its
    /// trie paths, and the packs' new or replacing rules are inserted into the same trie
    /// after everything else. The built-in rules left then match exactly as before, and
    /// turning one rule off costs no start-up time.
    pub(crate) fn extended(mut self, options: &EngineOptions, packs: Vec<Pack>) -> Engine {
        // the common start: nothing to merge (a tab pays for no map of rule ids)
        if packs.is_empty() && !self.rules.iter().any(|r| options.disabled_rules.contains(&r.id)) {
            self.apply_options(options);
            return self;
        }
        let builtin = self.rules.len();
        let tagged = std::mem::take(&mut self.rules)
            .into_iter()
            .enumerate()
            .map(|(i, rule)| (rule, Some(i)))
            .collect();
        let mut merged = catalog::merge_onto(tagged, packs);
        merged.retain(|(rule, _)| !options.disabled_rules.contains(&rule.id));
        let mut renumbered = vec![None; builtin];
        for (new, (_, old)) in merged.iter().enumerate() {
            if let Some(old) = *old {
                renumbered[old] = Some(new as u32);
            }
        }
        let unchanged = merged.len() == builtin && renumbered.iter().enumerate().all(|(i, n)| *n == Some(i as u32));
        let (rules, origins): (Vec<Rule>, Vec<Option<usize>>) = merged.into_iter().unzip();
        self.rules = rules;
        if !unchanged && origins.iter().all(Option::is_some) {
            // rules only left out: their owners go, and the trie stays as it is
            self.trie.renumber_rules(&renumbered);
        } else if !unchanged {
            self.nodes = self.trie.unflattened(&renumbered);
            for (n, node) in self.nodes.iter().enumerate() {
                for &c in &node.children {
                    let step = &self.nodes[c as usize].step;
                    if !matches!(step, Step::Join(_)) {
                        self.child_index.insert((n as u32, step.clone()), c);
                    }
                }
            }
            let rules = std::mem::take(&mut self.rules);
            for (i, rule) in rules.iter().enumerate() {
                if origins[i].is_some() {
                    continue;
                }
                for tree in &rule.parsed_patterns {
                    self.insert(Owner::Rule(i as u32), tree);
                }
                for tree in &rule.parsed_except {
                    self.insert(Owner::Except(i as u32), tree);
                }
            }
            self.rules = rules;
            self.trie = Trie::from_nodes(std::mem::take(&mut self.nodes));
            self.interned_lists = FastMap::default();
            self.child_index = FastMap::default();
        }
        self.apply_options(options);
        self
    }

    #[cfg(not(target_arch = "wasm32"))]
    /// The engine for `rules`, `moves` and `cues`, with the customer-signal engine inside
    /// it; no options yet (build.rs compiles exactly this for the built-in catalog).
    pub(crate) fn compile_catalog(rules: Vec<Rule>, moves: Vec<Move>, cues: Vec<Move>, signals: Vec<Move>) -> Engine {
        let mut engine = Engine::compile(rules, moves, cues);
        engine.customer = Some(Box::new(Engine::compile(Vec::new(), Vec::new(), signals)));
        engine
    }

    /// Severity overrides and the learned second opinion; disabled rules are left out
    /// before compiling.
    fn apply_options(&mut self, options: &EngineOptions) {
        for rule in &mut self.rules {
            if let Some(sev) = options.severity_overrides.get(&rule.id) {
                rule.severity = *sev;
            }
        }
        if let Some(scorer) = crate::scorer::Scorer::built_in() {
            self.set_second_opinion(scorer, options);
        }
    }

    /// An engine with no patterns yet: the strings every report shares, made once.
    pub(crate) fn empty(rules: Vec<Rule>, moves: Vec<Move>, cues: Vec<Move>) -> Engine {
        let move_texts = moves
            .iter()
            .map(|m| MoveTexts {
                id: m.id.as_str().into(),
                label: m.label.as_str().into(),
                insertion: match m.position {
                    Position::Opening => format!("{} ", m.suggestion).into(),
                    Position::Closing => format!(" {}", m.suggestion).into(),
                },
            })
            .collect();
        let cue_labels = cues.iter().map(|c| c.label.as_str().into()).collect();
        Engine {
            customer: None,
            second_opinion: None,
            rules,
            moves,
            cues,
            cue_labels,
            move_texts,
            starting_point: "starting point".into(),
            trie: Trie::default(),
            nodes: vec![TrieNode::new(Step::Root), TrieNode::new(Step::Root)],
            symbols: FastMap::default(),
            slot_names: Vec::new(),
            interned_lists: FastMap::default(),
            child_index: FastMap::default(),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn compile(rules: Vec<Rule>, moves: Vec<Move>, cues: Vec<Move>) -> Engine {
        let mut engine = Engine::empty(rules, moves, cues);
        let rules = std::mem::take(&mut engine.rules);
        let moves = std::mem::take(&mut engine.moves);
        let cues = std::mem::take(&mut engine.cues);
        for (i, rule) in rules.iter().enumerate() {
            for tree in &rule.parsed_patterns {
                engine.insert(Owner::Rule(i as u32), tree);
            }
            for tree in &rule.parsed_except {
                engine.insert(Owner::Except(i as u32), tree);
            }
        }
        for (i, m) in moves.iter().enumerate() {
            for tree in &m.parsed {
                engine.insert(Owner::Move(i as u32), tree);
            }
        }
        for (i, cue) in cues.iter().enumerate() {
            for tree in &cue.parsed {
                engine.insert(Owner::Cue(i as u32), tree);
            }
        }
        engine.trie = Trie::from_nodes(std::mem::take(&mut engine.nodes));
        engine.rules = rules;
        engine.moves = moves;
        engine.cues = cues;
        engine.interned_lists = FastMap::default();
        engine.child_index = FastMap::default();
        engine
    }

    /// Adds one parsed pattern to the trie, marking where each of its paths ends.
    fn insert(&mut self, owner: Owner, tree: &Tree) {
        for alternative in tree {
            let (root, body) = match alternative.split_first() {
                Some((Node::Atom(Atom::SentenceStart), rest)) => (SENTENCE_ROOT, rest),
                _ => (ROOT, &alternative[..]),
            };
            for end in self.insert_nodes(vec![root], body) {
                let owners = &mut self.nodes[end as usize].owners;
                if !owners.contains(&owner) {
                    owners.push(owner);
                }
            }
        }
    }

    /// The trie nodes reached from `states` by every path through `nodes`.
    fn insert_nodes(&mut self, mut states: Vec<u32>, nodes: &[Node]) -> Vec<u32> {
        for (i, node) in nodes.iter().enumerate() {
            // (never below a root: every token's walk would visit each such join)
            if states.len() > 1 && i > 0 && !states.iter().any(|&s| s == ROOT || s == SENTENCE_ROOT) {
                states = vec![self.join(&states)];
            }
            states = match node {
                Node::Atom(atom) => {
                    let step = self.step(atom);
                    self.children_for(&states, &step)
                }
                Node::Alt(alts) | Node::Opt(alts) => {
                    let mut next = if matches!(node, Node::Opt(_)) {
                        states.clone()
                    } else {
                        Vec::new()
                    };
                    match pattern::single_words(alts) {
                        Some(atom) => {
                            let step = self.step(&atom);
                            next.extend(self.children_for(&states, &step));
                        }
                        None => {
                            for alt in alts {
                                next.extend(self.insert_nodes(states.clone(), alt));
                            }
                        }
                    }
                    next.sort_unstable();
                    next.dedup();
                    next
                }
            };
        }
        states
    }

    /// A fresh join node below every node of `states`.
    fn join(&mut self, states: &[u32]) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(TrieNode::new(Step::Join(id)));
        for &s in states {
            self.nodes[s as usize].children.push(id);
        }
        id
    }

    fn children_for(&mut self, states: &[u32], step: &Step) -> Vec<u32> {
        let mut out: Vec<u32> = states.iter().map(|&s| self.child(s, step)).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The child of `parent` for `step`, created if needed.
    fn child(&mut self, parent: u32, step: &Step) -> u32 {
        let trie = &mut self.nodes;
        *self.child_index.entry((parent, step.clone())).or_insert_with(|| {
            let id = trie.len() as u32;
            trie.push(TrieNode::new(step.clone()));
            trie[parent as usize].children.push(id);
            id
        })
    }

    fn symbol(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.symbols.get(word) {
            return id;
        }
        let id = self.symbols.len() as u32;
        self.symbols.insert(word.to_string(), id);
        id
    }

    fn step(&mut self, atom: &Atom) -> Step {
        match atom {
            Atom::Words(words) => {
                // Expansion shares one word list among many sequences: intern it once.
                let key = words.as_ptr() as usize;
                if let Some((_, ids)) = self.interned_lists.get(&key) {
                    return Step::Words(ids.clone());
                }
                let mut ids: Vec<u32> = words.iter().map(|w| self.symbol(w)).collect();
                ids.sort_unstable();
                let ids: Arc<[u32]> = ids.into();
                self.interned_lists.insert(key, (words.clone(), ids.clone()));
                Step::Words(ids)
            }
            Atom::Punct(p) => Step::Words(vec![self.symbol(p)].into()),
            Atom::Caps => Step::Caps,
            Atom::Num => Step::Num,
            Atom::Gap(n) => Step::Gap(*n),
            Atom::Slot { name, max } => {
                let index = match self.slot_names.iter().position(|n| **n == **name) {
                    Some(i) => i,
                    None => {
                        self.slot_names.push(name.to_string());
                        self.slot_names.len() - 1
                    }
                };
                Step::Slot {
                    name: index as u32,
                    max: *max,
                }
            }
            Atom::ClauseEnd => Step::ClauseEnd,
            Atom::SentenceEnd => Step::SentenceEnd,
            // Only a pattern's first atom, which chooses the sentence root.
            Atom::SentenceStart => Step::Root,
        }
    }

    /// Scores the sentences no rule flagged with `scorer`, unless the options disable
    /// its id; its findings take the options' severity for that id, else low.
    pub fn set_second_opinion(&mut self, scorer: crate::scorer::Scorer, options: &EngineOptions) {
        if options.disabled_rules.iter().any(|r| r == SECOND_OPINION) {
            self.second_opinion = None;
            return;
        }
        let severity = options
            .severity_overrides
            .get(SECOND_OPINION)
            .copied()
            .unwrap_or(Severity::Low);
        self.second_opinion = Some((scorer, severity));
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn moves(&self) -> &[Move] {
        &self.moves
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Analyses a draft. Never fails and never panics, whatever the text. With the
    /// customer's message in `context`, the report also says what Rapport read there and
    /// coaches the reply to it; without it, the analysis is the same as ever.
    pub fn analyze(&self, text: &str, context: Option<&AnalyzeContext>) -> Report {
        let mut scan = self.scan(text, context.and_then(AnalyzeContext::forced_lang));
        let chosen = self.resolve_overlaps(&scan.tokens, std::mem::take(&mut scan.candidates));
        // A move or a warm cue made only inside a cold phrase is not made: stock empathy
        // taken back by "but" counts against the reply, not for it.
        let inside_finding = |first: usize, last: usize| chosen.iter().any(|c| first <= c.last && c.first <= last);
        let present_outside = |hits: &[(u32, usize, usize)], n: usize| {
            let mut present = vec![false; n];
            for &(m, first, last) in hits {
                if !inside_finding(first, last) {
                    present[m as usize] = true;
                }
            }
            present
        };
        scan.moves_present = present_outside(&scan.move_hits, self.moves.len());
        let cues_outside = present_outside(&scan.cue_hits, self.cues.len());
        // negative cues (an insult) count wherever they are
        for (i, present) in cues_outside.into_iter().enumerate() {
            if self.cues[i].points > 0 {
                scan.cues_present[i] = present;
            }
        }
        let (mut findings, mut moves) =
            self.build_report(text, &scan.excluded, &scan.tokens, chosen, &scan.moves_present);
        self.add_second_opinion(text, &scan.tokens, &mut findings);
        let customer_message = context
            .and_then(|c| c.customer_message.as_deref())
            .filter(|m| !m.trim().is_empty());
        let customer = match (customer_message, &self.customer) {
            (Some(message), Some(reader)) => {
                let reading = reader.read_signals_in(message);
                self.coach_to(&mut findings, &mut moves, text, &scan.tokens, &reading);
                Some(reading)
            }
            _ => None,
        };
        let message_tokens = customer_message.map(|m| tokenize(m, &excluded_regions(m)));
        let situation = crate::coach::situation(&scan.tokens, customer.as_ref(), message_tokens.as_ref());
        crate::coach::choose(&mut moves, &situation, customer.as_ref());
        if scan.lang != Lang::En {
            // The moves and their sentences are English: a reply in another language is
            // not told to insert one.
            for m in &mut moves {
                m.needed = false;
                m.suggestion = None;
            }
        }
        let score = self.score(&findings, &scan.moves_present, &scan.cues_present);
        fold_crowded_sentences(&mut findings, &scan.tokens);
        Report {
            findings,
            moves,
            score,
            customer,
            lang: (scan.lang != Lang::En).then(|| scan.lang.code()),
        }
    }

    /// What the customer's message signals, and the facts in it.
    pub fn read_customer(&self, message: &str) -> crate::customer::CustomerReading {
        match &self.customer {
            Some(reader) => reader.read_signals_in(message),
            None => self.read_signals_in(message),
        }
    }

    /// In the inner engine, whose cues are the customer signals.
    fn read_signals_in(&self, message: &str) -> crate::customer::CustomerReading {
        let mut scan = self.scan(message, None);
        scan.cues_present.fill(false);
        for &(c, first, _) in &scan.cue_hits {
            if !crate::customer::denied(&self.cues[c as usize].id, &scan.tokens, first) {
                scan.cues_present[c as usize] = true;
            }
        }
        // What no pattern names, strongly negative wording may still say; the bank labels a
        // message angry or frustrated, rarely both, so the score only fills in for neither.
        // Measured, not shipped: EVALUATION.md ("Listening") says why.
        #[cfg(feature = "graded-words")]
        let graded = {
            let named = |id: &str| {
                self.cues
                    .iter()
                    .zip(&scan.cues_present)
                    .any(|(c, &present)| present && c.id == id)
            };
            if named("angry") || named("frustrated") {
                None
            } else {
                crate::customer::graded_signal(message)
            }
        };
        #[cfg(not(feature = "graded-words"))]
        let graded: Option<&str> = None;
        let signals = self
            .cues
            .iter()
            .zip(&scan.cues_present)
            .filter_map(|(c, &present)| {
                let graded = !present && graded == Some(c.id.as_str());
                (present || graded).then(|| crate::customer::Signal {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    graded,
                })
            })
            .collect();
        crate::customer::read(message, signals)
    }

    /// One pass over the text: rule candidates (after exceptions, negation and the
    /// language of their paragraph), and the moves and cues present. `forced`: the language
    /// the agent set for the reply; otherwise each paragraph's is detected.
    fn scan(&self, text: &str, forced: Option<Lang>) -> Scan {
        let excluded = excluded_regions(text);
        let tokens = tokenize(text, &excluded);
        // Only a catalog with rules in another language needs to know which paragraphs are
        // in it: English alone is read as it always was.
        let paragraphs = if forced.is_some_and(|l| l != Lang::En) || self.rules.iter().any(|r| r.lang != Lang::En) {
            crate::lang::paragraphs(text, &tokens, forced)
        } else {
            Vec::new()
        };
        let lang_at = |i: usize| {
            let k = paragraphs.partition_point(|p| p.1 < i);
            paragraphs.get(k).map_or(Lang::En, |p| p.2)
        };
        let mut words_in = [0usize; 5];
        for &(first, last, lang) in &paragraphs {
            words_in[lang as usize] += last + 1 - first;
        }
        let lang = crate::lang::LANGS
            .into_iter()
            .max_by_key(|l| (words_in[*l as usize], *l == Lang::En))
            .unwrap_or(Lang::En);
        let mut candidates = Vec::new();
        let mut exceptions: Vec<(u32, usize, usize)> = Vec::new();
        let mut moves_present = vec![false; self.moves.len()];
        let mut move_hits = Vec::new();
        let mut cue_hits = Vec::new();
        let mut cues_present = vec![false; self.cues.len()];
        let mut slots = Vec::new();
        let mut hits: Hits = Vec::new();
        let syms: Vec<u32> = (0..tokens.len())
            .map(|i| self.symbols.get(tokens.norm(i)).copied().unwrap_or(UNKNOWN))
            .collect();
        let matcher = Matcher {
            trie: &self.trie,
            tokens: &tokens,
            syms: &syms,
            budget: std::cell::Cell::new(MATCH_BUDGET),
            only_sentence: {
                let mut sentences = tokens.list.iter().filter(|t| !t.excluded).map(|t| t.sentence);
                let first = sentences.next();
                first.filter(|&f| sentences.all(|s| s == f))
            },
            filler: (0..tokens.len())
                .map(|i| crate::text::FILLER_WORDS.contains(&tokens.norm(i)))
                .collect(),
            skipped_bytes: std::cell::Cell::new(0),
        };
        for i in 0..tokens.len() {
            let tok = &tokens.list[i];
            if tok.excluded {
                continue;
            }
            hits.clear();
            matcher.budget.set(MATCH_BUDGET);
            matcher.walk(ROOT, i, tok.sentence, &mut slots, &mut hits, false);
            if tok.sentence_start {
                matcher.walk(SENTENCE_ROOT, i, tok.sentence, &mut slots, &mut hits, false);
            }
            for (owner, end, best_slots, skipped) in hits.drain(..) {
                // a match covers a token at least: the pattern compiler rejects empty
                // patterns, but a damaged compiled trie could still reach an owner unmoved
                if end <= i {
                    continue;
                }
                match owner {
                    Owner::Rule(r) => candidates.push(Candidate {
                        rule: r,
                        first: i,
                        last: end - 1,
                        slots: best_slots,
                        skipped,
                    }),
                    Owner::Except(r) => exceptions.push((r, i, end - 1)),
                    Owner::Move(m) => {
                        moves_present[m as usize] = true;
                        move_hits.push((m, i, end - 1));
                    }
                    Owner::Cue(c) => {
                        cues_present[c as usize] = true;
                        cue_hits.push((c, i, end - 1));
                    }
                }
            }
        }
        // Exceptions by rule and start, so each candidate looks only at its own rule's
        // exceptions that start within the longest exception's reach before it.
        exceptions.sort_unstable();
        let reach = exceptions.iter().map(|&(_, a, b)| b - a).max().unwrap_or(0);
        candidates.retain(|c| {
            let rule = &self.rules[c.rule as usize];
            let from = exceptions.partition_point(|&(r, a, _)| (r, a) < (c.rule, c.first.saturating_sub(reach)));
            let excepted = exceptions[from..]
                .iter()
                .take_while(|&&(r, a, _)| r == c.rule && a <= c.last)
                .any(|&(_, _, b)| c.first <= b);
            let here = lang_at(c.first);
            let flipped = rule.negatable && negated(&tokens, c.first, here);
            rule.lang == here && !excepted && !flipped
        });
        Scan {
            excluded,
            tokens,
            lang,
            candidates,
            moves_present,
            move_hits,
            cues_present,
            cue_hits,
        }
    }

    /// A low-severity finding on each sentence that no rule flagged and the learned model
    /// reads as cold. It has no rewrite: the model knows the sentence reads cold, not which
    /// words make it so.
    fn add_second_opinion(&self, text: &str, tokens: &Tokens, findings: &mut Vec<Finding>) {
        let Some((scorer, severity)) = &self.second_opinion else {
            return;
        };
        let mut first = 0;
        while first < tokens.len() {
            let sentence = tokens.list[first].sentence;
            let mut last = first;
            while last + 1 < tokens.len() && tokens.list[last + 1].sentence == sentence {
                last += 1;
            }
            let (start, end) = (tokens.list[first].start, tokens.list[last].end);
            let range = first..=last;
            first = last + 1;
            let flagged = findings.iter().any(|f| f.byte_start < end && start < f.byte_end);
            if flagged || tokens.list[range.clone()].iter().any(|t| t.excluded) {
                continue;
            }
            let words = crate::scorer::sentence_words(tokens, *range.start(), *range.end());
            let word_count = words.iter().filter(|w| !matches!(**w, "?" | "!")).count();
            if word_count < SECOND_OPINION_MIN_WORDS || scorer.probability(&words) < scorer.threshold {
                continue;
            }
            let finding = Finding {
                rule: SECOND_OPINION.into(),
                category: "cold".into(),
                severity: *severity,
                start: crate::text::byte_to_utf16(text, start),
                end: crate::text::byte_to_utf16(text, end),
                byte_start: start,
                byte_end: end,
                text: text[start..end].to_string(),
                message: "This sentence may read cold to the customer.".into(),
                explanation: "No rule names this wording, but it reads like sentences customers find cold \
                     or dismissive (a learned second opinion, which can be wrong). Read it as they would: \
                     say what you can do rather than what you cannot, own the problem instead of \
                     placing it on them, and ask rather than order."
                    .into(),
                rewrites: Vec::new(),
                missing: false,
                folded: 0,
            };
            let index = findings.partition_point(|f| f.byte_start <= start);
            findings.insert(index, finding);
        }
    }

    /// Coaching to the customer's message: listening failures to a customer who has
    /// written before become high severity; an upset customer who gets no acknowledgement
    /// is a finding whose rewrite inserts an opener built from what they said; the
    /// acknowledge move suggests that same opener.
    fn coach_to(
        &self,
        findings: &mut Vec<Finding>,
        moves: &mut [MoveReport],
        text: &str,
        tokens: &Tokens,
        reading: &crate::customer::CustomerReading,
    ) {
        if reading.has("repeat-contact") {
            for f in findings.iter_mut() {
                if f.category == "passive-aggressive" || f.category == "repeat-yourself" {
                    f.severity = Severity::High;
                }
            }
        }
        let opening_at = moves.iter().find_map(|m| {
            m.suggestion
                .as_ref()
                .filter(|s| s.position == Position::Opening)
                .map(|s| s.at)
        });
        let insertion: Arc<str> = format!("{} ", reading.opener).into();
        for m in moves.iter_mut() {
            if &*m.id == "acknowledge" {
                if let Some(s) = m.suggestion.as_mut() {
                    s.text = insertion.clone();
                }
            }
        }
        let acknowledged = moves
            .iter()
            .any(|m| m.present && matches!(&*m.id, "acknowledge" | "apologize" | "validate"));
        let place = opening_at.filter(|_| reading.upset() && !acknowledged).and_then(|at| {
            let at_byte = crate::text::utf16_to_byte(text, at);
            let first = tokens.list.iter().position(|t| t.start >= at_byte && !t.excluded)?;
            let (sentence_start, sentence_end) = tokens.sentences[tokens.list[first].sentence as usize];
            free_stretch(text, sentence_start, sentence_end, findings).map(|span| (sentence_start, span))
        });
        if let Some((sentence_start, (start, end))) = place {
            let strong = reading.has("angry") || reading.has("leaving") || reading.has("repeat-contact");
            let finding = Finding {
                rule: "unacknowledged-upset".into(),
                category: "invalidating".into(),
                severity: if strong { Severity::High } else { Severity::Medium },
                start: crate::text::byte_to_utf16(text, start),
                end: crate::text::byte_to_utf16(text, end),
                byte_start: start,
                byte_end: end,
                text: text[start..end].to_string(),
                message: "The customer is upset, and the reply goes straight to business.".into(),
                // what Rapport read is beside it in the card (and the CLI's report)
                explanation: "Opening with their situation shows you read their message before you solve \
                              it; without it, even a correct answer can feel like a form letter."
                    .into(),
                rewrites: vec![Rewrite {
                    text: format!("{}{}", insertion, &text[sentence_start..end]),
                    start: crate::text::byte_to_utf16(text, sentence_start),
                    end: crate::text::byte_to_utf16(text, end),
                    strategy: "acknowledge".into(),
                    placeholder: None,
                }],
                missing: true,
                folded: 0,
            };
            let index = findings.partition_point(|f| f.byte_start <= start);
            findings.insert(index, finding);
        }
    }

    /// Longest first, then most severe, then earliest; a span is claimed once.
    fn resolve_overlaps(&self, tokens: &Tokens, mut candidates: Vec<Candidate>) -> Vec<Candidate> {
        // the words a pattern named count; intensifiers it stepped over do not
        let span = |c: &Candidate| (tokens.list[c.first].start, tokens.list[c.last].end - c.skipped as usize);
        candidates.sort_unstable_by(|a, b| {
            let (sa, ea) = span(a);
            let (sb, eb) = span(b);
            (eb - sb)
                .cmp(&(ea - sa))
                .then(
                    self.rules[b.rule as usize]
                        .severity
                        .cmp(&self.rules[a.rule as usize].severity),
                )
                .then(sa.cmp(&sb))
                .then(a.rule.cmp(&b.rule))
        });
        // Claimed words: tokens of one written word (a contraction) share a byte span, so
        // claims are per word, and a candidate checks only the words it covers.
        let mut word_of = Vec::with_capacity(tokens.len());
        let mut word = 0usize;
        for (i, t) in tokens.list.iter().enumerate() {
            if i > 0 && t.start != tokens.list[i - 1].start {
                word += 1;
            }
            word_of.push(word);
        }
        let mut claimed = vec![false; word + 1];
        let mut chosen = Vec::new();
        for c in candidates {
            let words = word_of[c.first]..=word_of[c.last];
            if claimed[words.clone()].iter().any(|&taken| taken) {
                continue;
            }
            claimed[words].fill(true);
            chosen.push(c);
        }
        chosen.sort_unstable_by_key(|c| tokens.list[c.first].start);
        chosen
    }

    fn build_report(
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
                .map(|(name, a, b)| {
                    let (a, b) = (*a, *b);
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
            let (sentence_start, sentence_end) = tokens.sentences[tokens.list[c.first].sentence as usize];
            let mut slot_values = slot_values;
            slot_values.extend(rewrite::sentence_parts(text, sentence_start, start, end, sentence_end));
            let mut rewrites = Vec::new();
            for template in &rule.rewrites {
                let Some(filled) = rewrite::fill(&template.text, &slot_values) else {
                    continue;
                };
                let filled = rewrite::after_open_before(&template.text, &slot_values, filled);
                let (text_out, rs, re) = match template.scope {
                    Scope::Sentence => {
                        let sentence = tokens.list[c.first].sentence as usize;
                        let (ss, se) = tokens.sentences[sentence];
                        // a "sentence" of pages (a log, lower-case run-ons) gets no rewrite
                        // of the whole: it would be as long as the text, once per finding
                        if se - ss > MAX_SENTENCE_REWRITE {
                            continue;
                        }
                        let ss = ss + (text[ss..se].len() - text[ss..se].trim_start().len());
                        let sentence = rewrite::match_case(&rewrite::tidy(&filled), true);
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
                        let filled = rewrite::keep_leading_comma(&text[start..end], filled);
                        let filled = rewrite::keep_final_mark(&text[start..end], filled);
                        let joined = rewrite::seam(&filled, &text[..start], &text[end..]);
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
                        (
                            rewrite::match_case(&joined, at_sentence_start && !opened),
                            start - lead,
                            end,
                        )
                    }
                };
                // what the rewritten span held beside the cold phrase, and what the pattern
                // captured inside it: the agent's content, which the rewrite must keep ("|"
                // keeps the first word after the phrase from counting as a sentence start)
                let mut outside = format!("{} | {}", &text[rs.min(start)..start], &text[end..re.max(end)]);
                for &(name, a, b) in &c.slots {
                    let name = &self.slot_names[name as usize];
                    if !template.text.contains(&format!("{{{name}")) {
                        outside.push_str(" | ");
                        outside.push_str(&text[tokens.list[a].start..tokens.list[b].end]);
                    }
                }
                if !rewrite::keeps_content(&outside, &text_out) {
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

    /// 60, minus each finding by severity, plus each empathy move made, plus or minus each
    /// tone cue present; clamped to 0..=100. The breakdown lists every part.
    fn score(&self, findings: &[Finding], moves_present: &[bool], cues_present: &[bool]) -> Score {
        const BASE: i32 = 60;
        let mut breakdown = vec![ScorePart {
            reason: self.starting_point.clone(),
            points: BASE,
        }];
        let mut penalty = 0;
        for f in findings {
            let points = match f.severity {
                Severity::High => 20,
                Severity::Medium => 12,
                Severity::Low => 6,
            };
            penalty += points;
            breakdown.push(ScorePart {
                reason: if f.rule == "unacknowledged-upset" {
                    "an upset customer, and the reply goes straight to business".into()
                } else {
                    format!(
                        "\u{201c}{}\u{201d} {}",
                        f.text.trim(),
                        crate::catalog::category_words(&f.category)
                    )
                    .into()
                },
                points: -points,
            });
        }
        let mut bonus = 0;
        for ((m, texts), _) in self
            .moves
            .iter()
            .zip(&self.move_texts)
            .zip(moves_present)
            .filter(|(_, &p)| p)
        {
            bonus += m.points;
            breakdown.push(ScorePart {
                reason: texts.label.clone(),
                points: m.points,
            });
        }
        for ((cue, label), _) in self
            .cues
            .iter()
            .zip(&self.cue_labels)
            .zip(cues_present)
            .filter(|(_, &p)| p)
        {
            bonus += cue.points;
            breakdown.push(ScorePart {
                reason: label.clone(),
                points: cue.points,
            });
        }
        let value = (BASE - penalty + bonus).clamp(0, 100) as u8;
        Score {
            value,
            words: Score::words_for(value),
            breakdown,
        }
    }
}

/// The first stretch of [start, end) that no finding covers and that holds a word,
/// trimmed of spaces and punctuation at its ends.
fn free_stretch(text: &str, start: usize, end: usize, findings: &[Finding]) -> Option<(usize, usize)> {
    let mut cursor = start;
    let mut gaps = Vec::new();
    for f in findings.iter().filter(|f| f.byte_start < end && start < f.byte_end) {
        gaps.push((cursor, f.byte_start.max(cursor)));
        cursor = cursor.max(f.byte_end);
    }
    gaps.push((cursor, end));
    gaps.into_iter().find_map(|(a, b)| {
        let piece = text.get(a..b)?;
        let lead = piece.len() - piece.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let trail = piece.len() - piece.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
        (lead + trail < piece.len()).then_some((a + lead, b - trail))
    })
}

fn is_number(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') && s.chars().any(|c| c.is_ascii_digit())
}

/// Whether a negation shortly before `first`, in the same clause, flips the meaning.
fn negated(tokens: &Tokens, first: usize, lang: Lang) -> bool {
    let (negators, breaks) = match lang {
        Lang::Es => (NEGATORS_ES, CLAUSE_BREAKS_ES),
        _ => (NEGATORS, CLAUSE_BREAKS),
    };
    let sentence = tokens.list[first].sentence;
    for k in (first.saturating_sub(5)..first).rev() {
        if tokens.list[k].sentence != sentence {
            return false;
        }
        let norm = tokens.norm(k);
        if breaks.contains(&norm) {
            return false;
        }
        if negators.contains(&norm) {
            return true;
        }
    }
    false
}

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
        let rest = after.trim_start_matches([' ', '\t', ',', ';', ':']);
        let mut end = end + (after.len() - rest.len());
        if let Some(next) = rest.chars().next().filter(|c| c.is_lowercase()) {
            let upper = crate::rewrite::upper_first_letter(next).to_string();
            end += next.len_utf8();
            return (upper, start, end);
        }
        return (String::new(), start, end);
    }
    // "Please , I have" never: before punctuation, the space before the words goes instead
    let before = &text[..start];
    if after.starts_with([',', '.', ';', ':', '!', '?']) && before.ends_with(' ') {
        let spaces = before.len() - before.trim_end_matches([' ', '\t']).len();
        // ", honestly," -> "," and "simple, it's easy." -> "simple.": a comma that opened
        // the words goes with them
        let opener = text[..start - spaces].ends_with(',') && after.starts_with([',', '.', '!', '?']);
        return (String::new(), start - spaces - usize::from(opener), end);
    }
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    (String::new(), start, end + spaces)
}

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

/// Most stiff-wording findings a sentence shows at once; the rest appear as these are fixed.
const MAX_STIFF_PER_SENTENCE: usize = 2;

/// One stiff or shouted sentence must not light up with a dozen underlines: past two
/// robotic (or two shouting) findings in a sentence, the most severe (then the earliest)
/// stay, and the last one kept counts the others in `folded`. The score has already
/// counted them all; other families are never folded.
fn fold_crowded_sentences(findings: &mut Vec<Finding>, tokens: &Tokens) {
    let sentence_of = |byte: usize| {
        let i = tokens.list.partition_point(|t| t.start < byte);
        tokens.list.get(i).filter(|t| t.start == byte).map(|t| t.sentence)
    };
    // findings in text order, grouped by sentence and family
    let mut groups: HashMap<(u32, &str), Vec<usize>> = HashMap::new();
    for (j, f) in findings.iter().enumerate() {
        if f.missing || !matches!(f.category.as_str(), "robotic" | "shouting") {
            continue;
        }
        if let Some(sentence) = sentence_of(f.byte_start) {
            groups.entry((sentence, f.category.as_str())).or_default().push(j);
        }
    }
    let mut drop = vec![false; findings.len()];
    let mut folded = Vec::new();
    for group in groups.into_values().filter(|g| g.len() > MAX_STIFF_PER_SENTENCE) {
        let mut ranked = group.clone();
        ranked.sort_by(|&a, &b| findings[b].severity.cmp(&findings[a].severity).then(a.cmp(&b)));
        for &j in &ranked[MAX_STIFF_PER_SENTENCE..] {
            drop[j] = true;
        }
        let last_kept = *ranked[..MAX_STIFF_PER_SENTENCE].iter().max().unwrap();
        folded.push((last_kept, (group.len() - MAX_STIFF_PER_SENTENCE) as u32));
    }
    for (j, n) in folded {
        findings[j].folded = n;
    }
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        !drop[index - 1]
    });
}

struct Matcher<'a> {
    trie: &'a Trie,
    tokens: &'a Tokens,
    syms: &'a [u32],
    /// Steps left for the walk from the current token: a pack pattern of many gaps and
    /// slots could otherwise make backtracking exponential. The catalog needs far fewer.
    budget: std::cell::Cell<u32>,
    /// The sentence, when the reply is that one sentence: `$$` fragments ("Noted.",
    /// "Maybe.") are cold as the whole answer and ordinary before the answer itself.
    only_sentence: Option<u32>,
    /// Tokens that are intensifiers a pattern may step over ("that simply can't be done",
    /// "I don't really know"): one rule then covers the sentence with and without them.
    filler: Vec<bool>,
    skipped_bytes: std::cell::Cell<u32>,
}

/// The longest sentence (bytes) a rewrite may replace whole.
const MAX_SENTENCE_REWRITE: usize = 1000;

/// Steps one walk from one token may take.
const MATCH_BUDGET: u32 = 1 << 16;

impl Matcher<'_> {
    /// Whether token `p` can be part of a slot's term: a word or symbol, or punctuation
    /// written without spaces between two parts of one term (a hyphen, "@", "/", ":", "."),
    /// or "#"/"$" written before a number.
    fn in_term(&self, p: usize, first: bool) -> bool {
        let list = &self.tokens.list;
        let t = &list[p];
        if t.kind != TokenKind::Punct {
            return true;
        }
        // "://" and "..." run on to the term's next part
        let joins_next = list.get(p + 1).is_some_and(|n| n.start == t.end);
        let joins_prev = p > 0 && list[p - 1].end == t.start && !first;
        let mark = self.tokens.norm(p);
        if [",", ";", "!", "?", "(", ")", "\"", "\u{201c}", "\u{201d}"].contains(&mark) {
            return false;
        }
        // an ellipsis typed as dots ends the clause like "…" does ("nothing I can do...")
        if mark == "." && joins_next && self.tokens.norm(p + 1) == "." {
            return false;
        }
        // "20%" ends its term on the percent sign
        if mark == "%" && joins_prev {
            return true;
        }
        joins_next && (joins_prev || matches!(mark, "#" | "$" | "\u{a3}" | "\u{20ac}" | "@" | "+"))
    }

    fn usable(&self, p: usize, sentence: u32) -> bool {
        p < self.tokens.len() && self.tokens.list[p].sentence == sentence && !self.tokens.list[p].excluded
    }

    /// Walks the trie from `node` at token `pos`, keeping in `hits` the furthest end each
    /// owner reaches; of paths that end on the same token, the one that captured more
    /// slots wins (its rewrite can keep more of the agent's words), else the first found.
    ///
    /// After a pattern's first word, an intensifier the pattern does not name may be
    /// stepped over; a match never ends on one (`skipped`: the walk stands just after it).
    fn walk(&self, node: u32, pos: usize, sentence: u32, slots: &mut Vec<Slot>, hits: &mut Hits, skipped: bool) {
        let left = self.budget.get();
        if left == 0 {
            return;
        }
        self.budget.set(left - 1);
        let owners = if skipped { &[][..] } else { self.trie.owners_of(node) };
        for &owner in owners {
            let skipped = self.skipped_bytes.get();
            match hits.iter_mut().find(|h| h.0 == owner) {
                Some(hit)
                    if pos > hit.1
                        || pos == hit.1
                            && (slots.len(), std::cmp::Reverse(skipped)) > (hit.2.len(), std::cmp::Reverse(hit.3)) =>
                {
                    hit.1 = pos;
                    hit.2 = slots.clone();
                    hit.3 = skipped;
                }
                Some(_) => {}
                None => hits.push((owner, pos, slots.clone(), skipped)),
            }
        }
        let usable = self.usable(pos, sentence);
        let others = match &self.trie.dispatch[node as usize] {
            Some(dispatch) => {
                if usable {
                    for &c in dispatch.children_for(self.syms[pos]) {
                        self.walk(c, pos + 1, sentence, slots, hits, false);
                    }
                }
                &dispatch.others[..]
            }
            None => self.trie.children_of(node),
        };
        let tokens = self.tokens;
        for &c in others {
            match &self.trie.steps[c as usize] {
                Step::Words(words) => {
                    if usable && words.binary_search(&self.syms[pos]).is_ok() {
                        self.walk(c, pos + 1, sentence, slots, hits, false);
                    }
                }
                Step::Caps => {
                    if usable && tokens.list[pos].caps {
                        self.walk(c, pos + 1, sentence, slots, hits, false);
                    }
                }
                Step::Num => {
                    if usable && tokens.list[pos].kind == TokenKind::Word && is_number(tokens.norm(pos)) {
                        self.walk(c, pos + 1, sentence, slots, hits, false);
                    }
                }
                Step::Gap(n) => {
                    for skip in 0..=*n as usize {
                        if skip > 0 && !self.usable(pos + skip - 1, sentence) {
                            break;
                        }
                        self.walk(c, pos + skip, sentence, slots, hits, skipped && skip == 0);
                    }
                }
                Step::Slot { name, max } => {
                    // Up to `max` words, and the punctuation joined inside a term
                    // ("rate-limit", "#4412", "help@acme.com", "30-day"): a slot never
                    // stops mid-term, and it ends on a word.
                    let mut len = 0;
                    let mut words = 0;
                    while self.usable(pos + len, sentence) && self.in_term(pos + len, len == 0) {
                        if tokens.list[pos + len].kind == TokenKind::Punct {
                            len += 1;
                            continue;
                        }
                        if words == *max as usize {
                            break;
                        }
                        words += 1;
                        len += 1;
                    }
                    for l in (1..=len).rev() {
                        let last = &tokens.list[pos + l - 1];
                        let percent = self.tokens.norm(pos + l - 1) == "%";
                        if last.kind == TokenKind::Punct && !percent
                            || self.usable(pos + l, sentence)
                                && tokens.list[pos + l].start == last.end
                                && self.in_term(pos + l, false)
                        {
                            continue;
                        }
                        slots.push((*name, pos, pos + l - 1));
                        self.walk(c, pos + l, sentence, slots, hits, false);
                        slots.pop();
                    }
                }
                Step::ClauseEnd => {
                    // punctuation inside a term ("30-day", "acme.com") ends no clause
                    if !usable || tokens.list[pos].kind == TokenKind::Punct && !self.in_term(pos, false) {
                        self.walk(c, pos, sentence, slots, hits, skipped);
                    }
                }
                Step::SentenceEnd => {
                    if self.only_sentence == Some(sentence)
                        && (pos >= tokens.len() || tokens.list[pos].sentence != sentence)
                    {
                        self.walk(c, pos, sentence, slots, hits, skipped);
                    }
                }
                Step::Join(_) => self.walk(c, pos, sentence, slots, hits, skipped),
                Step::Root => {}
            }
        }
        if usable && node != ROOT && node != SENTENCE_ROOT && self.filler[pos] {
            let t = &tokens.list[pos];
            let before = self.skipped_bytes.get();
            self.skipped_bytes.set(before + (t.end - t.start) as u32);
            self.walk(node, pos + 1, sentence, slots, hits, true);
            self.skipped_bytes.set(before);
        }
    }
}

#[cfg(test)]
mod start_timing {
    use super::*;
    use std::time::Instant;

    fn ms(t: Instant) -> f64 {
        t.elapsed().as_secs_f64() * 1000.0
    }

    /// Where `Engine::new` spends its time, phase by phase (the first run is the one a fresh
    /// page pays: the word classes load once per process). Run with
    /// `cargo test --profile perf --lib start_timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn engine_start_phases() {
        for run in 0..3 {
            let total = Instant::now();
            let t = Instant::now();
            let files = [
                catalog::RULE_FILES,
                catalog::MOVE_FILES,
                catalog::CUE_FILES,
                catalog::CUSTOMER_FILES,
            ];
            for (_, json) in files.iter().flat_map(|f| f.iter()) {
                std::hint::black_box(serde_json::from_str::<serde_json::Value>(json).unwrap());
            }
            let json_only = ms(t);
            let t = Instant::now();
            std::hint::black_box(pattern::word_classes());
            let classes = ms(t);
            let t = Instant::now();
            let pack = catalog::builtin_pack().unwrap();
            let moves = catalog::builtin_moves().unwrap();
            let cues = catalog::builtin_cues().unwrap();
            let signals = catalog::builtin_customer_signals().unwrap();
            let load = ms(t);
            let t = Instant::now();
            let mut patterns = 0;
            for rule in &pack.rules {
                for p in rule.patterns.iter().chain(&rule.except) {
                    std::hint::black_box(pattern::parse(p).unwrap());
                    patterns += 1;
                }
            }
            for m in moves.iter().chain(&cues).chain(&signals) {
                for p in &m.patterns {
                    std::hint::black_box(pattern::parse(p).unwrap());
                    patterns += 1;
                }
            }
            let parse = ms(t);
            let t = Instant::now();
            let engine = Engine::compile(pack.rules, moves, cues);
            let inner = Engine::compile(Vec::new(), Vec::new(), signals);
            let compile = ms(t);
            let nodes = engine.trie.len() + inner.trie.len();
            let phases = ms(total);
            // (each engine is dropped after its clock stops: freeing is not starting)
            let t = Instant::now();
            let sources = BuiltinSources::from_json().unwrap();
            let engine = Engine::from_builtin_sources(sources, &EngineOptions::default(), Vec::new());
            let from_json = ms(t);
            drop(std::hint::black_box(engine));
            let t = Instant::now();
            let one_off = EngineOptions {
                disabled_rules: vec!["calm-down".into()],
                ..Default::default()
            };
            let engine = std::hint::black_box(Engine::new(&one_off).unwrap());
            let packs_path = ms(t);
            drop(engine);
            let t = Instant::now();
            let engine = std::hint::black_box(crate::compiled::decode(crate::embedded::COMPILED_CATALOG).unwrap());
            let decode = ms(t);
            drop(engine);
            let t = Instant::now();
            let engine = std::hint::black_box(Engine::new(&EngineOptions::default()).unwrap());
            let new = ms(t);
            drop(engine);
            println!(
                "run {run}: json parse {json_only:.1} ms, word classes {classes:.1} ms, \
                 load+validate+parse {load:.1} ms (of which pattern parse of {patterns} patterns {parse:.1} ms), \
                 trie compile ({nodes} nodes) {compile:.1} ms; phases total {phases:.1} ms; \
                 from JSON {from_json:.1} ms; one rule turned off {packs_path:.1} ms; compiled catalog decode {decode:.2} ms ({} bytes); Engine::new {new:.2} ms",
                crate::embedded::COMPILED_CATALOG.len()
            );
        }
    }
}
