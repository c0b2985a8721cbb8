//! The trie every pattern is compiled into: the steps a pattern takes, whose pattern
//! ends where, and the flat arrays the matcher walks.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Owner {
    Rule(u32),
    Except(u32),
    Move(u32),
    Cue(u32),
    Signal(u32),
}

/// A pattern atom with its words interned, so matching compares integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Step {
    /// The root of the trie; nothing matches it.
    Root,
    /// The words of list `n` of `Trie::lists`: one list per distinct set of words, so two
    /// word steps are equal when their words are.
    Words(u32),
    Caps,
    Num,
    Name,
    Gap(u8),
    Slot {
        name: u32,
        max: u8,
    },
    ClauseEnd,
    SentenceEnd,
    ReplyEnd,
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

/// A [`Step`] in four bytes: the variant in the low four bits, its argument above them (a
/// slot's name above its eight-bit maximum). The enum takes eight, and the trie holds one
/// step per node in every tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PackedStep(u32);

impl From<Step> for PackedStep {
    fn from(step: Step) -> Self {
        let (tag, arg) = match step {
            Step::Root => (0, 0),
            Step::Words(list) => (1, list),
            Step::Caps => (2, 0),
            Step::Num => (3, 0),
            Step::Name => (4, 0),
            Step::Gap(n) => (5, n as u32),
            Step::Slot { name, max } => {
                assert!(name < 1 << 20, "a slot name's number fits 20 bits");
                (6, name << 8 | max as u32)
            }
            Step::ClauseEnd => (7, 0),
            Step::SentenceEnd => (8, 0),
            Step::ReplyEnd => (9, 0),
            Step::FirstWord => (10, 0),
            Step::AnyClause => (11, 0),
            Step::Join(join) => (12, join),
        };
        // the compiler and the decoder bound every argument (checked in debug builds only:
        // this runs once per trie node at every start)
        debug_assert!(arg < 1 << 28);
        PackedStep(arg << 4 | tag)
    }
}

impl PackedStep {
    pub(crate) fn get(self) -> Step {
        let arg = self.0 >> 4;
        match self.0 & 15 {
            0 => Step::Root,
            1 => Step::Words(arg),
            2 => Step::Caps,
            3 => Step::Num,
            4 => Step::Name,
            5 => Step::Gap(arg as u8),
            6 => Step::Slot {
                name: arg >> 8,
                max: arg as u8,
            },
            7 => Step::ClauseEnd,
            8 => Step::SentenceEnd,
            9 => Step::ReplyEnd,
            10 => Step::FirstWord,
            11 => Step::AnyClause,
            _ => Step::Join(arg),
        }
    }
}

/// The trie's word lists, each a run of sorted symbols in one array: list `i` is
/// `words[ends[i - 1]..ends[i]]` (from 0 for the first). Two allocations for thousands of
/// lists, where a list each cost a browser tab thousands of allocations at start.
#[derive(Debug, Default)]
pub(crate) struct WordLists {
    pub(crate) ends: Vec<u32>,
    pub(crate) words: Vec<u32>,
}

impl WordLists {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// List `id`'s words.
    pub(crate) fn get(&self, id: u32) -> &[u32] {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] as usize };
        &self.words[start..self.ends[id] as usize]
    }

    /// Adds a list; returns its number.
    pub(crate) fn push(&mut self, words: &[u32]) -> u32 {
        self.words.extend_from_slice(words);
        self.ends.push(self.words.len() as u32);
        self.ends.len() as u32 - 1
    }
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
    pub(crate) steps: Vec<PackedStep>,
    /// The word lists `Step::Words` name.
    pub(crate) lists: WordLists,
    pub(crate) owner_start: Vec<u32>,
    pub(crate) owners: Vec<Owner>,
    pub(crate) child_start: Vec<u32>,
    pub(crate) children: Vec<u32>,
    /// For a node with many word children (the roots, "i", "you"): those children by
    /// each word's symbol, and the rest apart. Small nodes scan their children.
    /// Each node's map in `maps`, plus one; 0 for a node without one (two bytes a node
    /// where an optional box took four: most nodes have none).
    pub(super) dispatch: Vec<u16>,
    pub(super) maps: Vec<Dispatch>,
    /// For each node, an index into `needs`: a set of words one of which every match
    /// below the node takes, so that a walk skips a branch whose words its sentence lacks
    /// ("we" starts a hundred branches, and most need a word like "policy" or "sorry" that
    /// an ordinary sentence never has). Index 0: no such set.
    pub(crate) need: Vec<u16>,
    pub(crate) needs: Vec<WordSet>,
}

/// A set of words as bits of their symbol modulo 256: a sentence's words, or the words one
/// of which a branch needs. Wider than a `u64` because a 20-word sentence would set a
/// third of 64 bits, and the test would rarely fail.
pub(crate) type WordSet = [u64; 4];

/// Adds `word` to `set`.
pub(crate) fn add_word(set: &mut WordSet, word: u32) {
    set[(word as usize >> 6) & 3] |= 1 << (word & 63);
}

/// Whether two sets share a word (or two words share a bit).
pub(crate) fn meets(a: &WordSet, b: &WordSet) -> bool {
    (a[0] & b[0]) | (a[1] & b[1]) | (a[2] & b[2]) | (a[3] & b[3]) != 0
}

/// A node's word children by symbol: `targets[start[i]..start[i + 1]]` for `words[i]`,
/// in the node's child order; `words` sorted for a binary search.
#[derive(Debug, Default)]
pub(super) struct Dispatch {
    pub(super) words: Vec<u32>,
    pub(super) start: Vec<u32>,
    pub(super) targets: Vec<u32>,
    /// For each target, the words its children can take next, as bits of `word % 64`, or
    /// `u64::MAX` where a walk from it may do more than take a word (it ends a pattern, or
    /// has a gap, slot or other step): a common first word ("we", "sorry") reaches dozens of
    /// branches, and most of them end at the next token.
    pub(super) next_words: Vec<u64>,
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

/// The distinct sets of needed words, each with its cost, found by a small open-addressing
/// table of their indices (index 0 is "needs nothing").
struct NeedSets {
    sets: Vec<WordSet>,
    costs: Vec<u64>,
    slots: Vec<u16>,
}

impl NeedSets {
    fn new() -> Self {
        NeedSets {
            sets: vec![[u64::MAX; 4]],
            costs: vec![0],
            slots: vec![0; 1 << 12],
        }
    }

    fn get(&self, index: u16) -> (WordSet, u64) {
        (self.sets[index as usize], self.costs[index as usize])
    }

    /// The index of `set` (added with its cost if new); 0 past `u16`'s range, where the
    /// node then needs nothing.
    fn index(&mut self, (set, cost): (WordSet, u64)) -> u16 {
        if self.sets.len() * 2 > self.slots.len() {
            let mut slots = vec![0; self.slots.len() * 2];
            for k in 1..self.sets.len() {
                let at = free_slot(&slots, &self.sets, &self.sets[k]);
                slots[at] = k as u16;
            }
            self.slots = slots;
        }
        let at = free_slot(&self.slots, &self.sets, &set);
        if self.slots[at] == 0 {
            if self.sets.len() > u16::MAX as usize {
                return 0;
            }
            self.slots[at] = self.sets.len() as u16;
            self.sets.push(set);
            self.costs.push(cost);
        }
        self.slots[at]
    }
}

/// The slot of the open-addressing table `slots` (indices into `sets`, a power of two
/// long) that holds `set`, or the empty one where it would go.
fn free_slot(slots: &[u16], sets: &[WordSet], set: &WordSet) -> usize {
    let mask = slots.len() - 1;
    let hash = set
        .iter()
        .fold(0u64, |h, &x| (h ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut at = (hash >> 40) as usize & mask;
    while slots[at] != 0 && sets[slots[at] as usize] != *set {
        at = (at + 1) & mask;
    }
    at
}

/// What a match through one child needs (see `Trie::through`).
enum Through {
    /// Not a path (a root).
    Skip,
    /// Nothing known: the match may take no word.
    Nothing,
    /// The set the branch below needs, by its index.
    Below(u16),
    /// The child's own words, with how many patterns use them.
    Own(WordSet, u64),
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

    /// Flattens the nodes compiling built, with the word lists their steps name.
    pub(super) fn from_nodes(nodes: Vec<TrieNode>, lists: WordLists) -> Trie {
        let mut trie = Trie::with_capacity(nodes.len());
        trie.lists = lists;
        for node in nodes {
            trie.steps.push(node.step.into());
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
                step: self.step(n),
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

    /// Node `n`'s step.
    pub(crate) fn step(&self, n: u32) -> Step {
        self.steps[n as usize].get()
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
            mask |= match &self.step(c) {
                Step::Words(list) => self.lists.get(*list).iter().fold(0, |m, &w| m | word_bit(w)),
                Step::Join(_) if depth > 0 => self.words_ahead(c, depth - 1),
                _ => u64::MAX,
            };
            if mask == u64::MAX {
                break;
            }
        }
        mask
    }

    /// Gives each node the words its branch needs (see `need`): of the words a path
    /// must take, the ones fewest patterns use, since a word many patterns share ("you",
    /// "the") is in most sentences and prunes nothing. Children come after their parents
    /// (insertion appends them), so one pass from the last node up sees every child first.
    /// Each distinct set is kept once as it is made: a browser tab builds this at every
    /// start, and wasm memory, once grown, stays grown.
    pub(crate) fn build_needs(&mut self) {
        // symbols are dense, from 0: a table by symbol, not a map
        let mut uses: Vec<u32> = Vec::new();
        for packed in &self.steps {
            if let Step::Words(list) = &packed.get() {
                for &w in self.lists.get(*list) {
                    if uses.len() <= w as usize {
                        uses.resize(w as usize + 1, 0);
                    }
                    uses[w as usize] += 1;
                }
            }
        }
        let mut sets = NeedSets::new();
        // per node: 0 where a match may take no word (the node ends a pattern, or only
        // slots, gaps and ends lie between it and one), else its set's index
        self.need = vec![0; self.len()];
        for n in (0..self.len()).rev() {
            if !self.owners_of(n as u32).is_empty() {
                continue;
            }
            let children = self.children_of(n as u32);
            // most nodes have one child: its path's set is the node's, and a set the branch
            // below already has keeps its index with no lookup in the table
            if let [c] = *children {
                match self.through(n, c, &uses, &sets) {
                    Through::Nothing => continue,
                    Through::Below(k) => {
                        self.need[n] = k;
                        continue;
                    }
                    Through::Own(set, cost) => {
                        self.need[n] = sets.index((set, cost));
                        continue;
                    }
                    Through::Skip => {}
                }
            }
            let mut need = Some(([0; 4], 0));
            for &c in children {
                let Some((set, cost)) = need else { break };
                let through = match self.through(n, c, &uses, &sets) {
                    Through::Skip => continue,
                    Through::Nothing => None,
                    Through::Below(k) => Some(sets.get(k)),
                    Through::Own(own, own_cost) => Some((own, own_cost)),
                };
                need = through.map(|(s, k)| {
                    let mut union = set;
                    union.iter_mut().zip(s).for_each(|(u, x)| *u |= x);
                    (union, cost + k)
                });
            }
            if let Some(need) = need {
                self.need[n] = sets.index(need);
            }
        }
        self.needs = sets.sets;
    }

    /// What a match through `c`, a child of `n`, needs: `c`'s own words, or the set the
    /// branch below `c` needs where fewer patterns use its words (`uses`: patterns per word).
    /// A child before its parent is not known yet, and then needs nothing.
    fn through(&self, n: usize, c: u32, uses: &[u32], sets: &NeedSets) -> Through {
        let below = self.need.get(c as usize).copied().filter(|&k| c as usize > n && k != 0);
        match &self.step(c) {
            Step::Root => Through::Skip,
            Step::Words(list) => {
                let list = self.lists.get(*list);
                let own_cost = list.iter().map(|&w| uses[w as usize] as u64).sum::<u64>();
                match below {
                    Some(k) if sets.get(k).1 < own_cost => Through::Below(k),
                    _ => {
                        let mut own = [0; 4];
                        list.iter().for_each(|&w| add_word(&mut own, w));
                        Through::Own(own, own_cost)
                    }
                }
            }
            _ => below.map_or(Through::Nothing, Through::Below),
        }
    }

    /// Frees the dispatch maps, before the trie changes (`build_dispatch` makes them again).
    pub(crate) fn drop_maps(&mut self) {
        self.dispatch = Vec::new();
        self.maps = Vec::new();
    }

    /// Node `n`'s dispatch map, if it has one.
    pub(super) fn dispatch_of(&self, n: u32) -> Option<&Dispatch> {
        match self.dispatch[n as usize] {
            0 => None,
            k => Some(&self.maps[k as usize - 1]),
        }
    }

    /// Gives the nodes with many word children their dispatch maps, and every node the
    /// words its branch needs.
    pub(crate) fn build_dispatch(&mut self) {
        self.build_needs();
        self.build_maps();
    }

    /// [`build_dispatch`] with each node's needed words as the compiled catalog stores
    /// them (worked out at build time by [`build_needs`]), so a tab's start does not
    /// work them out again; None when they do not fit this trie.
    pub(crate) fn build_dispatch_with_needs(&mut self, need: Vec<u16>, needs: Vec<WordSet>) -> Option<()> {
        if need.len() != self.len() || needs.is_empty() || need.iter().any(|&k| k as usize >= needs.len()) {
            return None;
        }
        self.need = need;
        self.needs = needs;
        self.build_maps();
        Some(())
    }

    fn build_maps(&mut self) {
        self.dispatch = Vec::with_capacity(self.len());
        self.maps = Vec::new();
        // (word, index in `masks`) as one number each, the word high
        let mut pairs: Vec<u64> = Vec::new();
        let mut masks: Vec<(u32, u64)> = Vec::new();
        for n in 0..self.len() {
            let (first, end) = (self.child_start[n] as usize, self.child_start[n + 1] as usize);
            // most nodes have one child: no need to look at it
            if end - first < DISPATCH_FROM {
                self.dispatch.push(0);
                continue;
            }
            let children = &self.children[first..end];
            let words = children
                .iter()
                .filter(|&&c| matches!(self.step(c), Step::Words(_)))
                .count();
            if words < DISPATCH_FROM {
                self.dispatch.push(0);
                continue;
            }
            let mut dispatch = Dispatch::default();
            dispatch.others.reserve(end - first - words);
            // the words each child can take next, once per child (a child taking one of
            // twenty words is a target twenty times)
            masks.clear();
            pairs.clear();
            for &c in children {
                match &self.step(c) {
                    Step::Words(list) => {
                        let at = masks.len() as u32;
                        masks.push((c, self.next_words_of(c)));
                        pairs.extend(self.lists.get(*list).iter().map(|&w| (w as u64) << 32 | at as u64));
                    }
                    _ => dispatch.others.push(c),
                }
            }
            // A node's children are in increasing order, and so are their indices in
            // `masks`: sorting by (word, index) keeps each word's children in the node's
            // order.
            crate::sort::sort_numbers(&mut pairs);
            dispatch.words.reserve(pairs.len());
            dispatch.start.reserve(pairs.len() + 1);
            dispatch.targets.reserve_exact(pairs.len());
            dispatch.next_words.reserve_exact(pairs.len());
            for &pair in &pairs {
                let (w, at) = ((pair >> 32) as u32, pair as u32);
                if dispatch.words.last() != Some(&w) {
                    dispatch.words.push(w);
                    dispatch.start.push(dispatch.targets.len() as u32);
                }
                let (child, mask) = masks[at as usize];
                dispatch.targets.push(child);
                dispatch.next_words.push(mask);
            }
            dispatch.start.push(dispatch.targets.len() as u32);
            dispatch.words.shrink_to_fit();
            dispatch.start.shrink_to_fit();
            match u16::try_from(self.maps.len() + 1) {
                Ok(k) => {
                    self.maps.push(dispatch);
                    self.dispatch.push(k);
                }
                // past 65,535 maps a node scans its children, which matches the same
                Err(_) => self.dispatch.push(0),
            }
        }
        self.maps.shrink_to_fit();
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
pub struct Fnv(u64);
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
/// The crate's one hash map: FNV for its short keys, and one hasher, so the wasm carries no
/// SipHash beside it.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_step_is_the_step_it_was_made_from() {
        let top = (1 << 28) - 1;
        let steps = [
            Step::Root,
            Step::Words(0),
            Step::Words(top),
            Step::Caps,
            Step::Num,
            Step::Name,
            Step::Gap(0),
            Step::Gap(u8::MAX),
            Step::Slot { name: 0, max: 1 },
            Step::Slot {
                name: (1 << 20) - 1,
                max: u8::MAX,
            },
            Step::ClauseEnd,
            Step::SentenceEnd,
            Step::ReplyEnd,
            Step::FirstWord,
            Step::AnyClause,
            Step::Join(0),
            Step::Join(top),
        ];
        for step in steps {
            assert_eq!(PackedStep::from(step).get(), step);
        }
        assert_eq!(std::mem::size_of::<PackedStep>(), 4);
    }

    fn set(words: &[u32]) -> WordSet {
        let mut s = [0; 4];
        words.iter().for_each(|&w| add_word(&mut s, w));
        s
    }

    #[test]
    fn a_branch_needs_the_rarest_words_its_matches_take() {
        let (we, are, policy, sorry) = (10, 11, 12, 13);
        let lists = std::cell::RefCell::new(WordLists::default());
        let words = |w: &[u32]| Step::Words(lists.borrow_mut().push(w));
        let node = |step, children: &[u32], owners: &[Owner]| TrieNode {
            step,
            owners: owners.to_vec(),
            children: children.to_vec(),
        };
        // "we are {x} policy", "we are sorry", "are", "(are|we)": "are" is the commonest word
        let trie = Trie::from_nodes(
            vec![
                node(Step::Root, &[2, 7, 8], &[]),
                node(Step::Root, &[], &[]),
                node(words(&[we]), &[3], &[]),
                node(words(&[are]), &[4, 6], &[]),
                node(Step::Slot { name: 0, max: 3 }, &[5], &[]),
                node(words(&[policy]), &[], &[Owner::Rule(0)]),
                node(words(&[sorry]), &[], &[Owner::Rule(1)]),
                node(words(&[are]), &[], &[Owner::Rule(2)]),
                node(words(&[are, we]), &[], &[Owner::Rule(3)]),
            ],
            lists.take(),
        );
        let need = |n: usize| (trie.need[n] != 0).then(|| trie.needs[trie.need[n] as usize]);
        assert_eq!(need(2), Some(set(&[policy, sorry])), "past the common word");
        assert_eq!(need(3), Some(set(&[policy, sorry])));
        assert_eq!(need(4), Some(set(&[policy])), "past a slot");
        assert_eq!(need(5), None, "a pattern ends here");
        assert_eq!(need(0), Some(set(&[we, are])), "a one-word pattern needs its word");
        assert!(!meets(&set(&[policy, sorry]), &set(&[we, are])));
        assert!(meets(&set(&[policy, sorry]), &set(&[we, sorry])));
    }

    #[test]
    fn children_come_after_their_parents_in_the_catalog() {
        // the needs are worked out in one pass from the last node up
        let engine = crate::Engine::new(&crate::EngineOptions::default()).unwrap();
        let trie = &engine.trie;
        let backward = (0..trie.len() as u32)
            .flat_map(|n| trie.children_of(n).iter().map(move |&c| (n, c)))
            .filter(|&(n, c)| c <= n)
            .count();
        assert_eq!(backward, 0);
    }

    #[test]
    fn each_set_of_needed_words_is_kept_once_however_many_there_are() {
        let mut sets = NeedSets::new();
        let indices: Vec<u16> = (0..5000u32)
            .map(|w| sets.index((set(&[w % 256, w / 256]), w as u64)))
            .collect();
        assert!(sets.slots.len() > 1 << 12, "the table grew");
        for (w, &index) in (0..5000u32).zip(&indices) {
            assert_eq!(sets.index((set(&[w % 256, w / 256]), 0)), index);
            assert_eq!(sets.get(index).0, set(&[w % 256, w / 256]));
        }
        let distinct: std::collections::BTreeSet<u16> = indices.iter().copied().collect();
        let distinct_sets: std::collections::BTreeSet<WordSet> =
            (0..5000u32).map(|w| set(&[w % 256, w / 256])).collect();
        assert_eq!(distinct.len(), distinct_sets.len());
        assert!(!distinct.contains(&0));
        // {0, 1} came first from w = 1 (cost 1), again from w = 256
        let again = sets.index((set(&[0, 1]), 99));
        assert_eq!(sets.get(again).1, 1, "the first cost stays");
    }
}
