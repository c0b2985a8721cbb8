//! The trie every pattern is compiled into: the steps a pattern takes, whose pattern
//! ends where, and the flat arrays the matcher walks.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Owner {
    Rule(u32),
    Except(u32),
    Move(u32),
    Cue(u32),
    Signal(u32),
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
    /// Consumes no token and passes only at a sentence's first word: below the sentence
    /// root, it keeps a `^^` pattern from the clause starts inside a sentence.
    FirstWord,
    /// Consumes no token: below the sentence root, the `^+` patterns, which the walk from
    /// a clause start inside a sentence ("... and be patient") starts from.
    AnyClause,
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
    pub(super) dispatch: Vec<Option<Box<Dispatch>>>,
}

/// A node's word children by symbol: `targets[start[i]..start[i + 1]]` for `words[i]`,
/// in the node's child order; `words` sorted for a binary search.
#[derive(Debug, Default)]
pub(super) struct Dispatch {
    words: Vec<u32>,
    start: Vec<u32>,
    targets: Vec<u32>,
    /// For each target, the words its children can take next, as bits of `word % 64`, or
    /// `u64::MAX` where a walk from it may do more than take a word (it ends a pattern, or
    /// has a gap, slot or other step): a common first word ("we", "sorry") reaches dozens of
    /// branches, and most of them end at the next token.
    next_words: Vec<u64>,
    pub(super) others: Vec<u32>,
}

impl Dispatch {
    /// The children taking `word`, each with the mask of the words it can take after it.
    pub(super) fn children_for(&self, word: u32) -> impl Iterator<Item = (u32, u64)> + '_ {
        let range = match self.words.binary_search(&word) {
            Ok(i) => self.start[i] as usize..self.start[i + 1] as usize,
            Err(_) => 0..0,
        };
        self.targets[range.clone()]
            .iter()
            .copied()
            .zip(self.next_words[range].iter().copied())
    }
}

/// The bit of `word` in a `next_words` mask.
pub(super) fn word_bit(word: u32) -> u64 {
    1 << (word % 64)
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
    pub(super) fn from_nodes(nodes: Vec<TrieNode>) -> Trie {
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
    pub(super) fn renumber_rules(&mut self, rules: &[Option<u32>]) {
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
    pub(super) fn unflattened(&self, rules: &[Option<u32>]) -> Vec<TrieNode> {
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

    /// The words `node`'s children take, as a mask of `word_bit`s; `u64::MAX` where a walk
    /// from it may also end a pattern or take another kind of step.
    fn next_words_of(&self, node: u32) -> u64 {
        self.words_ahead(node, 4)
    }

    /// [`next_words_of`], through the joins after an optional part (which take no token),
    /// up to `depth` of them in a row.
    fn words_ahead(&self, node: u32, depth: u32) -> u64 {
        if !self.owners_of(node).is_empty() {
            return u64::MAX;
        }
        let mut mask = 0;
        for &c in self.children_of(node) {
            mask |= match &self.steps[c as usize] {
                Step::Words(list) => list.iter().fold(0, |m, &w| m | word_bit(w)),
                Step::Join(_) if depth > 0 => self.words_ahead(c, depth - 1),
                _ => u64::MAX,
            };
            if mask == u64::MAX {
                break;
            }
        }
        mask
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
            crate::sort::sort(&mut pairs);
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
            dispatch.next_words = dispatch.targets.iter().map(|&c| self.next_words_of(c)).collect();
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
pub(super) const ROOT: u32 = 0;
pub(super) const SENTENCE_ROOT: u32 = 1;

/// No pattern uses this word.
pub(super) const UNKNOWN: u32 = u32::MAX;

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
