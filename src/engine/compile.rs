//! Building an engine: the built-in catalog from its sources or its compiled form,
//! packs and options on top, and every pattern inserted into the trie.

use super::options::EngineOptions;
use super::trie::{Fnv, Owner, Step, Trie, TrieNode, ROOT, SENTENCE_ROOT};
use super::{Engine, FastMap, MoveTexts};
#[cfg(not(target_arch = "wasm32"))]
use crate::catalog::LoadError;
use crate::catalog::{self, Cue, CustomerSignal, Move, Pack, Position, Rule};
use crate::pattern::{self, Atom, Node, Tree};
use std::hash::Hasher as _;

/// The built-in catalog before compiling: rules, moves, cues and customer signals, each
/// with its patterns parsed. Not in the wasm build, which only decodes the compiled
/// catalog and extends it.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) struct BuiltinSources {
    pack: Pack,
    moves: Vec<Move>,
    cues: Vec<Cue>,
    signals: Vec<CustomerSignal>,
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
    #[cfg(not(target_arch = "wasm32"))]
    /// The engine compiled from the sources: the built-in catalog's rules merged with
    /// `packs`, options applied, every pattern inserted into a new trie.
    pub(crate) fn from_builtin_sources(builtin: BuiltinSources, options: &EngineOptions, packs: Vec<Pack>) -> Engine {
        let mut all = vec![builtin.pack];
        all.extend(packs);
        let mut rules = catalog::merge(all);
        rules.retain(|r| !options.leave_out(r));
        let mut engine = Engine::compile_catalog(rules, builtin.moves, builtin.cues, builtin.signals);
        #[cfg(not(target_arch = "wasm32"))]
        engine.carry_model(super::BUILT_IN_MODEL);
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
        if packs.is_empty() && !self.rules.iter().any(|r| options.leave_out(r)) {
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
        merged.retain(|(rule, _)| !options.leave_out(rule));
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
                    let step = self.nodes[c as usize].step;
                    if !matches!(step, Step::Join(_)) {
                        self.child_index.insert((n as u32, step), c);
                    }
                }
            }
            // a pack's word list that the catalog has is the catalog's
            for list in 0..self.trie.lists.len() as u32 {
                let words = self.trie.lists.get(list).to_vec();
                self.list(&words);
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
            self.trie = Trie::from_nodes(std::mem::take(&mut self.nodes), std::mem::take(&mut self.trie.lists));
            self.list_index = FastMap::default();
            self.child_index = FastMap::default();
        }
        self.apply_options(options);
        self
    }

    #[cfg(not(target_arch = "wasm32"))]
    /// The engine for `rules`, `moves` and `cues`, with the customer-signal engine inside
    /// it; no options yet (build.rs compiles exactly this for the built-in catalog).
    pub(crate) fn compile_catalog(
        rules: Vec<Rule>,
        moves: Vec<Move>,
        cues: Vec<Cue>,
        signals: Vec<CustomerSignal>,
    ) -> Engine {
        let mut engine = Engine::compile(rules, moves, cues, Vec::new());
        engine.customer = Some(Box::new(Engine::compile(Vec::new(), Vec::new(), Vec::new(), signals)));
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
        if let Some((scorer, _)) = self.second_opinion.take() {
            self.set_second_opinion(scorer, options);
        }
    }

    /// An engine with no patterns yet: the strings every report shares, made once.
    pub(crate) fn empty(rules: Vec<Rule>, moves: Vec<Move>, cues: Vec<Cue>, signals: Vec<CustomerSignal>) -> Engine {
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
            signals,
            cue_labels,
            move_texts,
            starting_point: "starting point".into(),
            trie: Trie::default(),
            nodes: vec![TrieNode::new(Step::Root), TrieNode::new(Step::Root)],
            symbols: FastMap::default(),
            slot_names: Vec::new(),
            missing_langs: Vec::new(),
            list_index: FastMap::default(),
            child_index: FastMap::default(),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn compile(rules: Vec<Rule>, moves: Vec<Move>, cues: Vec<Cue>, signals: Vec<CustomerSignal>) -> Engine {
        let mut engine = Engine::empty(rules, moves, cues, signals);
        let rules = std::mem::take(&mut engine.rules);
        let moves = std::mem::take(&mut engine.moves);
        let cues = std::mem::take(&mut engine.cues);
        let signals = std::mem::take(&mut engine.signals);
        for (i, rule) in rules.iter().enumerate() {
            for tree in &rule.parsed_patterns {
                engine.insert(Owner::Rule(i as u32), tree);
            }
            for tree in &rule.parsed_except {
                engine.insert(Owner::Except(i as u32), tree);
            }
        }
        let moves_trees = moves
            .iter()
            .enumerate()
            .map(|(i, m)| (Owner::Move(i as u32), &m.parsed));
        let cue_trees = cues.iter().enumerate().map(|(i, c)| (Owner::Cue(i as u32), &c.parsed));
        let signal_trees = signals
            .iter()
            .enumerate()
            .map(|(i, s)| (Owner::Signal(i as u32), &s.parsed));
        for (owner, trees) in moves_trees.chain(cue_trees).chain(signal_trees) {
            for tree in trees {
                engine.insert(owner, tree);
            }
        }
        engine.trie = Trie::from_nodes(
            std::mem::take(&mut engine.nodes),
            std::mem::take(&mut engine.trie.lists),
        );
        engine.rules = rules;
        engine.moves = moves;
        engine.cues = cues;
        engine.signals = signals;
        engine.list_index = FastMap::default();
        engine.child_index = FastMap::default();
        engine
    }

    /// Adds one parsed pattern to the trie, marking where each of its paths ends.
    fn insert(&mut self, owner: Owner, tree: &Tree) {
        for alternative in tree {
            let (root, body) = match alternative.split_first() {
                Some((Node::Atom(Atom::SentenceStart | Atom::FirstWord | Atom::AnyClause), rest)) => {
                    (SENTENCE_ROOT, rest)
                }
                _ => (ROOT, &alternative[..]),
            };
            // `^^`: the sentence root's walk from a clause start inside the sentence stops here
            let root = match alternative.first() {
                Some(Node::Atom(Atom::FirstWord)) => self.child(root, &Step::FirstWord),
                Some(Node::Atom(Atom::AnyClause)) => self.child(root, &Step::AnyClause),
                _ => root,
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
            // (never below a root, nor below the `^+` and `^^` nodes under the sentence
            // root: every token's or sentence's walk would visit each such join)
            let below_root = |s: u32| {
                s == ROOT
                    || s == SENTENCE_ROOT
                    || matches!(self.nodes[s as usize].step, Step::AnyClause | Step::FirstWord)
            };
            if states.len() > 1 && i > 0 && !states.iter().any(|&s| below_root(s)) {
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
                    crate::sort::sort(&mut next);
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
        crate::sort::sort(&mut out);
        out.dedup();
        out
    }

    /// The child of `parent` for `step`, created if needed.
    fn child(&mut self, parent: u32, step: &Step) -> u32 {
        let trie = &mut self.nodes;
        *self.child_index.entry((parent, *step)).or_insert_with(|| {
            let id = trie.len() as u32;
            trie.push(TrieNode::new(*step));
            trie[parent as usize].children.push(id);
            id
        })
    }

    /// The number of the trie's word list of `ids` (sorted), added if there is none.
    fn list(&mut self, ids: &[u32]) -> u32 {
        let mut hasher = Fnv::default();
        ids.iter().for_each(|&w| hasher.write_u32(w));
        // a hash another list has already is passed over to the next
        let mut key = hasher.finish() as usize;
        loop {
            match self.list_index.get(&key) {
                Some(&list) if self.trie.lists.get(list) == ids => return list,
                Some(_) => key = key.wrapping_add(1),
                None => {
                    let list = self.trie.lists.push(ids);
                    self.list_index.insert(key, list);
                    return list;
                }
            }
        }
    }

    fn symbol(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.symbols.get(word) {
            return id;
        }
        let id = self.symbols.len() as u32;
        self.symbols.insert(word.to_string().into(), id);
        id
    }

    fn step(&mut self, atom: &Atom) -> Step {
        match atom {
            Atom::Words(words) => {
                let mut ids: Vec<u32> = words.iter().map(|w| self.symbol(w)).collect();
                crate::sort::sort(&mut ids);
                Step::Words(self.list(&ids))
            }
            Atom::Punct(p) => {
                let id = self.symbol(p);
                Step::Words(self.list(&[id]))
            }
            Atom::Caps => Step::Caps,
            Atom::Name => Step::Name,
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
            Atom::ReplyEnd => Step::ReplyEnd,
            // Only a pattern's first atom, which chooses the sentence root.
            Atom::SentenceStart => Step::Root,
            Atom::FirstWord => Step::FirstWord,
            Atom::AnyClause => Step::AnyClause,
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
            let signal_patterns = moves
                .iter()
                .map(|m| &m.patterns)
                .chain(cues.iter().map(|c| &c.patterns))
                .chain(signals.iter().map(|s| &s.patterns));
            for list in signal_patterns {
                for p in list {
                    std::hint::black_box(pattern::parse(p).unwrap());
                    patterns += 1;
                }
            }
            let parse = ms(t);
            let t = Instant::now();
            let engine = Engine::compile(pack.rules, moves, cues, Vec::new());
            let inner = Engine::compile(Vec::new(), Vec::new(), Vec::new(), signals);
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
