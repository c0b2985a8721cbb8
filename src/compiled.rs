//! The built-in catalog, compiled once at build time: build.rs loads and validates the
//! JSON files, parses every pattern and builds the engine's trie with this crate's own
//! code, then writes the result with [`encode`]; `Engine::new` reads it back with
//! [`decode`]. Start-up then costs a copy of flat data instead of JSON parsing, pattern
//! parsing and trie building (most of a helpdesk tab's start in the browser).
//!
//! The format is private to one build of the crate (the blob is always made by the same
//! source that reads it), so it has no compatibility promises; the decoder still checks
//! every length, index and UTF-8 string, and reports damage instead of panicking. It has
//! no checksum: summing the half megabyte took a browser tab as long as the rest of the
//! decoding, and the blob is part of the binary, as trustworthy as its code.
//!
//! Layout: magic, format version, string table, then one engine (rules, moves, cues,
//! customer signals, symbols, slot names, word lists, trie nodes, each node's needed
//! words), a flag for the customer-signal engine inside it and one for the learned
//! model's file after it (the English catalog carries it), then the blob's length
//! (8 bytes), so a blob cut short says so. Numbers are LEB128.

use crate::catalog::{Cue, CustomerSignal, Examples, Move, Position, RewriteTemplate, Rule, Scope, Severity};
use crate::engine::{Engine, Owner, PackedStep, Step, Trie, WordLists, WordSet};
use crate::lang::Lang;
use std::collections::HashMap;

const MAGIC: &[u8; 8] = b"RPTCAT\0\x01";
/// Changed whenever the layout changes; a mismatch is reported, never misread.
const FORMAT: u32 = 13;

const NEEDS_DAMAGED: &str = "the trie's needed words do not fit it";

/// Serialises a compiled engine (and its customer engine).
pub fn encode(engine: &Engine) -> Vec<u8> {
    encode_with_classes(engine, &[])
}

/// [`encode`], with the word class files (name, JSON) a pack's patterns may name: the wasm
/// carries none of its own, and finds them in the English part it is given.
pub fn encode_with_classes(engine: &Engine, classes: &[(&str, &str)]) -> Vec<u8> {
    let mut w = Writer::default();
    // The symbols first, in id order: each engine's then sit mostly in a row in the
    // table, and the engine stores them as steps from one to the next (mostly 1).
    for e in std::iter::once(engine).chain(engine.customer.as_deref()) {
        for word in symbols_by_id(e) {
            w.intern(word);
        }
    }
    // first in the body, so the classes are read without decoding the engine
    w.n(classes.len() as u32);
    for (name, json) in classes {
        w.s(name);
        w.s(json);
    }
    w.engine(engine);
    let mut out = Vec::with_capacity(w.body.len() + w.table_bytes + 64);
    out.extend_from_slice(MAGIC);
    put_varint(&mut out, FORMAT);
    // the lengths, then all the text in one piece: one UTF-8 check at start-up, not one
    // per string
    put_varint(&mut out, w.strings.len() as u32);
    for s in &w.strings {
        put_varint(&mut out, s.len() as u32);
    }
    put_varint(&mut out, w.strings.iter().map(String::len).sum::<usize>() as u32);
    for s in &w.strings {
        out.extend_from_slice(s.as_bytes());
    }
    out.extend_from_slice(&w.body);
    let len = out.len() as u64 + 8;
    out.extend_from_slice(&len.to_le_bytes());
    out
}

/// Drops what the wasm build does not ship in the wasm: what only the sources need
/// (pattern text and examples: the trie matches, and packs and disabled rules change the
/// trie in place rather than compiling the patterns again), and the rules' explanations,
/// which only an open card or a rule list shows: they ship beside the wasm
/// ([`text_file`]) and are read from there on demand.
pub fn strip_for_wasm(engine: &mut Engine) {
    for rule in &mut engine.rules {
        rule.patterns = Vec::new();
        rule.except = Vec::new();
        rule.examples = Examples::default();
        rule.explanation = String::new();
    }
    for m in &mut engine.moves {
        (m.patterns, m.present_examples, m.absent_examples) = Default::default();
    }
    for c in &mut engine.cues {
        (c.patterns, c.present_examples, c.absent_examples) = Default::default();
    }
    for s in &mut engine.signals {
        (s.patterns, s.present_examples, s.absent_examples) = Default::default();
    }
    if let Some(inner) = &mut engine.customer {
        strip_for_wasm(inner);
    }
}

/// The text [`strip_for_wasm`] takes out of the wasm's catalog, as the wasm build ships it
/// beside the wasm (`rapport_text.json`): `{"explanations": {rule id: explanation}}`. The
/// report keeps its shape: the pages fill a built-in rule's empty explanation from it.
#[cfg(not(target_arch = "wasm32"))]
pub fn text_file(engine: &Engine) -> String {
    let explanations: serde_json::Map<String, serde_json::Value> = engine
        .rules
        .iter()
        .map(|r| (r.id.clone(), r.explanation.clone().into()))
        .chain(engine.model_bytes().map(|_| {
            let id = crate::engine::SECOND_OPINION.to_string();
            (id, crate::engine::SECOND_OPINION_EXPLANATION.into())
        }))
        .collect();
    serde_json::json!({ "explanations": explanations }).to_string()
}

/// An engine's symbols by id: ids are dense and given in order of first use.
fn symbols_by_id(e: &Engine) -> Vec<&str> {
    let mut by_id = vec![""; e.symbols.len()];
    for (word, &id) in &e.symbols {
        by_id[id as usize] = word.as_ref();
    }
    by_id
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[derive(Default)]
struct Writer {
    body: Vec<u8>,
    /// The deduplicated string table, in first-use order.
    strings: Vec<String>,
    string_ids: HashMap<String, u32>,
    table_bytes: usize,
}

impl Writer {
    fn n(&mut self, v: u32) {
        put_varint(&mut self.body, v);
    }

    fn len(&mut self, n: usize) {
        self.n(u32::try_from(n).expect("catalog sizes fit in u32"));
    }

    fn s(&mut self, s: &str) {
        let id = self.intern(s);
        self.n(id);
    }

    fn intern(&mut self, s: &str) -> u32 {
        match self.string_ids.get(s) {
            Some(&id) => id,
            None => {
                let id = self.strings.len() as u32;
                self.strings.push(s.to_string());
                self.string_ids.insert(s.to_string(), id);
                self.table_bytes += s.len() + 5;
                id
            }
        }
    }

    fn zigzag(&mut self, v: i64) {
        self.n(u32::try_from((v << 1) ^ (v >> 63)).expect("catalog sizes fit in u32"));
    }

    /// Numbers, counted.
    fn column(&mut self, values: &[u32]) {
        self.len(values.len());
        for &v in values {
            self.n(v);
        }
    }

    fn list(&mut self, items: &[String]) {
        self.len(items.len());
        for s in items {
            self.s(s);
        }
    }

    fn engine(&mut self, e: &Engine) {
        self.len(e.rules.len());
        for r in &e.rules {
            self.rule(r);
        }
        self.len(e.moves.len());
        for m in &e.moves {
            self.empathy_move(m);
        }
        self.len(e.cues.len());
        for c in &e.cues {
            self.cue(c);
        }
        self.len(e.signals.len());
        for s in &e.signals {
            self.customer_signal(s);
        }
        let by_id = symbols_by_id(e);
        self.len(by_id.len());
        let mut previous = -1i64;
        for word in by_id {
            let id = self.intern(word) as i64;
            self.zigzag(id - previous);
            previous = id;
        }
        self.list(&e.slot_names);
        // Word lists, deduplicated by content, in first-use order.
        let mut lists: Vec<&[u32]> = Vec::new();
        let mut list_ids: HashMap<&[u32], u32> = HashMap::new();
        let mut node_list = Vec::with_capacity(e.trie.len());
        for packed in &e.trie.steps {
            if let Step::Words(list) = &packed.get() {
                let words = e.trie.lists.get(*list);
                let id = *list_ids.entry(words).or_insert_with(|| {
                    lists.push(words);
                    lists.len() as u32 - 1
                });
                node_list.push(id);
            }
        }
        // their lengths, then all their words: one column each
        let lengths: Vec<u32> = lists.iter().map(|words| words.len() as u32).collect();
        self.column(&lengths);
        self.column(&lists.concat());
        // The trie by columns (every node's step, then every step's argument, then the
        // owner counts, ...): each is read back in one tight loop.
        let trie = &e.trie;
        self.len(trie.len());
        let mut args = Vec::new();
        let mut next_list = node_list.into_iter();
        let mut new_lists = 0;
        for packed in &trie.steps {
            let tag = match &packed.get() {
                Step::Root => 0,
                Step::Words(_) => {
                    // Lists are numbered in order of first use: a first use is 0, a
                    // later one the list's number + 1.
                    let list = next_list.next().expect("one list per word step");
                    args.push(if list == new_lists { 0 } else { list + 1 });
                    new_lists = new_lists.max(list + 1);
                    1
                }
                Step::Caps => 2,
                Step::Num => 3,
                Step::Gap(n) => {
                    args.push(*n as u32);
                    4
                }
                Step::Slot { name, max } => {
                    args.extend([*name, *max as u32]);
                    5
                }
                Step::ClauseEnd => 6,
                Step::SentenceEnd => 7,
                Step::ReplyEnd => 12,
                Step::FirstWord => 9,
                Step::AnyClause => 10,
                Step::Name => 11,
                Step::Join(id) => {
                    args.push(*id);
                    8
                }
            };
            self.n(tag);
        }
        self.column(&args);
        let node_count = trie.len() as u32;
        let owner_counts: Vec<u32> = (0..node_count).map(|n| trie.owners_of(n).len() as u32).collect();
        self.column(&owner_counts);
        let owners: Vec<u32> = trie
            .owners
            .iter()
            .map(|owner| match *owner {
                Owner::Rule(i) => i << 3,
                Owner::Except(i) => i << 3 | 1,
                Owner::Move(i) => i << 3 | 2,
                Owner::Cue(i) => i << 3 | 3,
                Owner::Signal(i) => i << 3 | 4,
            })
            .collect();
        self.column(&owners);
        let child_counts: Vec<u32> = (0..node_count).map(|n| trie.children_of(n).len() as u32).collect();
        self.column(&child_counts);
        // A node's children are created after it and in order, so each is stored as the
        // step from the one before (mostly 1: small numbers, small blob).
        let mut deltas = Vec::with_capacity(trie.children.len());
        for n in 0..node_count {
            let mut previous = n;
            for &c in trie.children_of(n) {
                assert!(c > previous, "trie children are created in increasing order");
                deltas.push(c - previous);
                previous = c;
            }
        }
        self.column(&deltas);
        // Each node's needed words (`Trie::need`), so a tab's start does not work them out
        // again: the distinct sets as their bits (each as the step from the one before),
        // then each node's set as the step from the node before's (the nodes along one
        // pattern mostly share theirs).
        assert_eq!(trie.need.len(), trie.len(), "the trie's needed words are worked out");
        let sets = trie.needs.get(1..).unwrap_or(&[]);
        fn bits_of(set: &WordSet) -> impl Iterator<Item = u32> + '_ {
            (0..256u32).filter(move |&b| set[(b >> 6) as usize] >> (b & 63) & 1 == 1)
        }
        let bit_counts: Vec<u32> = sets.iter().map(|set| bits_of(set).count() as u32).collect();
        let mut bit_steps = Vec::new();
        for set in sets {
            let mut previous = 0;
            for bit in bits_of(set) {
                bit_steps.push(bit - previous);
                previous = bit;
            }
        }
        self.column(&bit_counts);
        self.column(&bit_steps);
        let mut previous = 0i64;
        let need_steps: Vec<u32> = trie
            .need
            .iter()
            .map(|&k| {
                let step = k as i64 - previous;
                previous = k as i64;
                ((step << 1) ^ (step >> 63)) as u32
            })
            .collect();
        self.column(&need_steps);
        match &e.customer {
            Some(inner) => {
                self.n(1);
                self.engine(inner);
            }
            None => self.n(0),
        }
        match e.model_bytes() {
            Some(model) => {
                self.n(1);
                self.len(model.len());
                self.body.extend_from_slice(model);
            }
            None => self.n(0),
        }
    }

    fn rule(&mut self, r: &Rule) {
        self.s(&r.id);
        self.s(&r.category);
        self.n(r.severity as u32);
        self.list(&r.patterns);
        self.list(&r.except);
        self.s(&r.message);
        self.s(&r.explanation);
        self.len(r.rewrites.len());
        for t in &r.rewrites {
            self.s(&t.text);
            self.s(&t.strategy);
            self.n(match t.scope {
                Scope::Match => 0,
                Scope::Sentence => 1,
            });
        }
        self.s(r.why_no_rewrite.as_deref().unwrap_or(""));
        self.list(&r.examples.flag);
        self.list(&r.examples.allow);
        self.n(r.negatable as u32
            | (r.after_empathy as u32) << 1
            | (r.unless_warm as u32) << 2
            | (r.formal_register as u32) << 3);
        self.n(r.lang as u32);
        self.s(&r.pack);
    }

    /// Points as zigzag: a tone cue's may be negative.
    fn points(&mut self, points: i32) {
        self.zigzag(points.into());
    }

    fn empathy_move(&mut self, m: &Move) {
        self.s(&m.id);
        self.s(&m.label);
        self.list(&m.patterns);
        self.points(m.points);
        self.s(&m.suggestion);
        self.n(match m.position {
            Position::Opening => 0,
            Position::Closing => 1,
        });
        self.list(&m.present_examples);
        self.list(&m.absent_examples);
    }

    fn cue(&mut self, c: &Cue) {
        self.s(&c.id);
        self.s(&c.label);
        self.list(&c.patterns);
        self.points(c.points);
        self.list(&c.present_examples);
        self.list(&c.absent_examples);
    }

    fn customer_signal(&mut self, s: &CustomerSignal) {
        self.s(&s.id);
        self.s(&s.label);
        self.list(&s.patterns);
        self.list(&s.present_examples);
        self.list(&s.absent_examples);
    }
}

fn damaged(what: String) -> String {
    format!("the compiled catalog is damaged: {what}")
}

/// The bytes of one compiled part as a decoder reads them: all in memory for good (the
/// native build's, embedded in the binary), or held elsewhere and copied in a piece at a
/// time (the wasm's, which its JavaScript host holds: a tab's linear memory never grows to
/// hold a whole part beside the engine decoded from it, and, never shrinking, would keep
/// that room for the tab's life).
pub trait PartSource {
    /// The part's length in bytes.
    fn len(&self) -> usize;
    /// Copies the bytes at `at..at + into.len()` into `into`.
    fn copy(&self, at: usize, into: &mut [u8]);
    /// The bytes at `at..at + len` for the engine to keep (its words and the learned model
    /// borrow them): the same bytes each time they are asked for, never a second copy.
    fn keep(&self, at: usize, len: usize) -> &'static [u8];
    /// The whole part where it sits in memory for good (read in place, with no pieces).
    fn whole(&self) -> Option<&'static [u8]> {
        None
    }
}

impl PartSource for &'static [u8] {
    fn len(&self) -> usize {
        <[u8]>::len(self)
    }

    fn copy(&self, at: usize, into: &mut [u8]) {
        into.copy_from_slice(&self[at..at + into.len()]);
    }

    fn keep(&self, at: usize, len: usize) -> &'static [u8] {
        &self[at..at + len]
    }

    fn whole(&self) -> Option<&'static [u8]> {
        Some(self)
    }
}

/// Rebuilds the engine [`encode`] wrote, or says what is wrong with the bytes.
pub fn decode(bytes: &'static [u8]) -> Result<Engine, String> {
    decode_source(&bytes)
}

/// [`decode`], from bytes held anywhere.
pub fn decode_source(source: &dyn PartSource) -> Result<Engine, String> {
    let (mut r, end) = open(source)?;
    r.class_files().map_err(damaged)?;
    let engine = r.engine(0).map_err(damaged)?;
    if r.pos != end {
        return Err(damaged(format!("{} bytes left over", end - r.pos)));
    }
    Ok(engine)
}

/// The word class files (name, JSON) [`encode_with_classes`] stored with the engine.
pub fn class_files(bytes: &'static [u8]) -> Result<Vec<(&'static str, &'static str)>, String> {
    class_files_of(&bytes)
}

/// [`class_files`], from bytes held anywhere.
pub fn class_files_of(source: &dyn PartSource) -> Result<Vec<(&'static str, &'static str)>, String> {
    let (mut r, _) = open(source)?;
    r.class_files().map_err(damaged)
}

/// A reader at the start of the blob's body, its string table read, and the body's end.
fn open(source: &dyn PartSource) -> Result<(Reader<'_>, usize), String> {
    let len = source.len();
    let mut magic = [0u8; MAGIC.len()];
    if len >= MAGIC.len() + 8 {
        source.copy(0, &mut magic);
    }
    if len < MAGIC.len() + 8 || &magic != MAGIC {
        return Err(damaged("it does not start with the catalog's signature".into()));
    }
    let mut trailer = [0u8; 8];
    source.copy(len - 8, &mut trailer);
    let stored = u64::from_le_bytes(trailer);
    if stored != len as u64 {
        return Err(damaged(format!("it is {len} bytes long, not {stored} (truncated?)")));
    }
    let end = len - 8;
    let mut r = Reader {
        source,
        #[cfg(not(target_arch = "wasm32"))]
        window: source.whole().map(|w| &w[..end]),
        piece: Vec::new(),
        piece_start: 0,
        pos: MAGIC.len(),
        end,
        strings: Vec::new(),
    };
    let format = r.n().map_err(damaged)?;
    if format != FORMAT {
        return Err(damaged(format!("format {format}, expected {FORMAT}")));
    }
    let count = r.count().map_err(damaged)?;
    let lengths = r.varints(count).map_err(damaged)?;
    let total = r.count().map_err(damaged)?;
    let text = r.take(total).map_err(damaged)?;
    let text = std::str::from_utf8(text).map_err(|e| damaged(format!("a string is not UTF-8: {e}")))?;
    let mut strings = Vec::with_capacity(count);
    let mut start = 0usize;
    for len in lengths {
        let end = start.saturating_add(len as usize);
        let s = text
            .get(start..end)
            .ok_or_else(|| damaged(format!("string {} does not fit the text", strings.len())))?;
        strings.push(s);
        start = end;
    }
    if start != text.len() {
        return Err(damaged("the strings do not cover the text".into()));
    }
    r.strings = strings;
    Ok((r, end))
}

/// The catalog from the parts build.rs ships beside the wasm (`catalog-en.bin`, ...): the
/// English part (rules, moves, cues and the customer-signal engine), then each other
/// language's rules grafted onto its trie in order of language code, as the whole catalog
/// orders them, whatever order the parts come in. `available` names every part there is;
/// the languages of those not given are the engine's missing ones, which a report names
/// when a paragraph is in one (`Report::needs`).
pub fn decode_parts(parts: &[&'static [u8]], available: &[&str]) -> Result<Engine, String> {
    let sources: Vec<&dyn PartSource> = parts.iter().map(|p| p as &dyn PartSource).collect();
    decode_sources(&sources, available)
}

/// [`decode_parts`], from parts held anywhere.
pub fn decode_sources(parts: &[&dyn PartSource], available: &[&str]) -> Result<Engine, String> {
    let mut base: Option<Engine> = None;
    let mut languages: Vec<(Lang, Engine)> = Vec::new();
    for source in parts {
        let part = decode_source(*source)?;
        if part.customer.is_some() {
            if base.is_some() {
                return Err("two parts hold the English catalog".into());
            }
            base = Some(part);
            continue;
        }
        let lang = part
            .rules
            .first()
            .map(|r| r.lang)
            .ok_or("a language's part holds no rules")?;
        let alone = part.rules.iter().all(|r| r.lang == lang) && lang != Lang::En;
        if !alone || !part.moves.is_empty() || !part.cues.is_empty() || !part.signals.is_empty() {
            return Err(format!(
                "the part of '{}' holds more than that language's rules",
                lang.code()
            ));
        }
        languages.retain(|(l, _)| *l != lang);
        languages.push((lang, part));
    }
    let mut engine = base.ok_or("the English part of the catalog is missing")?;
    crate::sort::sort_by_key(&mut languages, |(lang, _)| lang.code());
    // room for every part's nodes at once and exactly: grown part by part, the arrays
    // left a hole in wasm memory at each move, and grown by doubling they kept a
    // megabyte of spare room
    let (mut nodes, mut owners, mut children) = (0, 0, 0);
    for (_, part) in &languages {
        nodes += part.trie.len().saturating_sub(2);
        owners += part.trie.owners.len();
        children += part.trie.children.len();
    }
    let trie = &mut engine.trie;
    trie.steps.reserve_exact(nodes);
    trie.owner_start.reserve_exact(nodes);
    trie.child_start.reserve_exact(nodes);
    trie.owners.reserve_exact(owners);
    trie.children.reserve_exact(children);
    for (_, part) in languages.iter_mut() {
        graft(
            &mut engine,
            std::mem::replace(part, Engine::empty(Vec::new(), Vec::new(), Vec::new(), Vec::new())),
        );
    }
    // once for all the parts: each graft's would be thrown away by the next
    if !languages.is_empty() {
        engine.trie.build_dispatch();
    }
    engine.missing_langs = available
        .iter()
        .filter_map(|code| Lang::parse(code))
        .filter(|l| *l != Lang::En && !languages.iter().any(|(loaded, _)| loaded == l))
        .collect();
    Ok(engine)
}

/// Adds a language part's rules to `engine`, and their trie below its roots: the part's
/// words and slot names become the engine's, and its nodes follow the engine's, so every
/// node's children stay in increasing order. The trie's needed words and dispatch maps are
/// left for the caller to build, once after the last part.
fn graft(engine: &mut Engine, mut part: Engine) {
    let offset = engine.rules.len() as u32;
    let mut symbols = vec![0u32; part.symbols.len()];
    for (word, id) in std::mem::take(&mut part.symbols) {
        let next = engine.symbols.len() as u32;
        symbols[id as usize] = *engine.symbols.entry(word).or_insert(next);
    }
    let slots: Vec<u32> = part
        .slot_names
        .iter()
        .map(|name| match engine.slot_names.iter().position(|n| n == name) {
            Some(i) => i as u32,
            None => {
                engine.slot_names.push(name.clone());
                engine.slot_names.len() as u32 - 1
            }
        })
        .collect();
    // grown in place: a copy of the engine's trie beside it was a megabyte more wasm memory
    // for each language part given, and wasm memory, once grown, stays grown
    let trie = &mut engine.trie;
    trie.drop_maps();
    let base = trie.len() as u32;
    // the part's roots are the engine's; its other nodes come after the engine's
    let node = |n: u32| if n < 2 { n } else { base + n - 2 };
    let owner = |o: Owner| match o {
        Owner::Rule(i) => Owner::Rule(i + offset),
        Owner::Except(i) => Owner::Except(i + offset),
        other => other,
    };
    let part_trie = &part.trie;
    // the part's word lists follow the engine's, in the engine's symbols
    let first_list = trie.lists.len() as u32;
    let mut ids = Vec::new();
    for list in 0..part_trie.lists.len() as u32 {
        ids.clear();
        ids.extend(part_trie.lists.get(list).iter().map(|&w| symbols[w as usize]));
        crate::sort::sort(&mut ids);
        trie.lists.push(&ids);
    }
    let step = |s: &Step| match *s {
        Step::Words(list) => Step::Words(first_list + list),
        Step::Slot { name, max } => Step::Slot {
            name: slots[name as usize],
            max,
        },
        Step::Join(n) => Step::Join(node(n)),
        other => other,
    };
    // the part's roots' owners and children after the roots' own, the later nodes' moved up
    for n in 0..2.min(part_trie.len()) {
        let root = n as u32;
        insert_after_node(
            &mut trie.owners,
            &mut trie.owner_start,
            n,
            part_trie.owners_of(root),
            owner,
        );
        insert_after_node(
            &mut trie.children,
            &mut trie.child_start,
            n,
            part_trie.children_of(root),
            node,
        );
    }
    for n in 2..part_trie.len() as u32 {
        trie.steps.push(step(&part_trie.step(n)).into());
        trie.owners.extend(part_trie.owners_of(n).iter().map(|&o| owner(o)));
        trie.children.extend(part_trie.children_of(n).iter().map(|&c| node(c)));
        trie.owner_start.push(trie.owners.len() as u32);
        trie.child_start.push(trie.children.len() as u32);
    }
    engine.rules.extend(part.rules);
}

/// The trie step of tag `tag`, its arguments taken from `args` at `*k` (moved past them).
/// A word step's argument is 0 for the next list not used yet (`*new_lists` counts them),
/// else the list's number + 1.
fn step_at(
    tag: u32,
    args: &[u32],
    k: &mut usize,
    new_lists: &mut usize,
    lists: usize,
    slot_names: usize,
) -> Result<Step, String> {
    let needs = match tag {
        1 | 4 | 8 => 1,
        5 => 2,
        _ => 0,
    };
    if *k + needs > args.len() {
        return Err("a step's argument is missing".into());
    }
    let arg = |i: usize| args[*k + i];
    let step = match tag {
        0 => Step::Root,
        1 => {
            let list = match arg(0) {
                0 => {
                    *new_lists += 1;
                    *new_lists - 1
                }
                later => later as usize - 1,
            };
            if list >= lists {
                return Err(format!("word list {list} is out of range"));
            }
            Step::Words(list as u32)
        }
        2 => Step::Caps,
        3 => Step::Num,
        4 => Step::Gap(u8::try_from(arg(0)).map_err(|_| "a gap is too long")?),
        5 if (arg(0) as usize) < slot_names => Step::Slot {
            name: arg(0),
            max: u8::try_from(arg(1)).map_err(|_| "a slot is too long")?,
        },
        5 => return Err(format!("slot name {} is out of range", arg(0))),
        6 => Step::ClauseEnd,
        7 => Step::SentenceEnd,
        // a join past 28 bits can only be damage: it falls to the unknown-step error below
        8 if arg(0) < 1 << 28 => Step::Join(arg(0)),
        9 => Step::FirstWord,
        10 => Step::AnyClause,
        11 => Step::Name,
        12 => Step::ReplyEnd,
        tag => return Err(format!("unknown step {tag}")),
    };
    *k += needs;
    Ok(step)
}

fn ends_early(at: usize) -> String {
    format!("it ends early, at byte {at}")
}

fn overflows(at: usize) -> String {
    format!("a number overflows at byte {at}")
}

/// The bytes a piece holds: most of a part's numbers fit in one byte, so a part is read in
/// a few dozen pieces.
const PIECE: usize = 32 * 1024;

struct Reader<'s> {
    source: &'s dyn PartSource,
    /// The whole body, where the source holds it in memory for good; else `piece`.
    #[cfg(not(target_arch = "wasm32"))]
    window: Option<&'static [u8]>,
    /// The bytes from `piece_start` on, copied from the source.
    piece: Vec<u8>,
    piece_start: usize,
    /// Where the next byte is, from the start of the part.
    pos: usize,
    /// The body's end (the length trailer follows it).
    end: usize,
    strings: Vec<&'static str>,
}

/// Every count is bounded by the bytes left, so a damaged length cannot make the decoder
/// reserve gigabytes before it notices.
impl Reader<'_> {
    /// The bytes from `pos` to the end of those at hand, at least `want` of them unless the
    /// body ends first, and whether they run to the body's end.
    fn ahead(&mut self, want: usize) -> (&[u8], bool) {
        // the wasm's parts are always held by its host
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(window) = self.window {
            return (window.get(self.pos..).unwrap_or(&[]), true);
        }
        let held_end = self.piece_start + self.piece.len();
        // `pos` only moves forward, so a piece is copied again only past its end
        if self.pos.saturating_add(want) > held_end && held_end < self.end {
            let len = PIECE.max(want).min(self.end.saturating_sub(self.pos));
            self.piece.resize(len, 0);
            self.source.copy(self.pos, &mut self.piece);
            self.piece_start = self.pos;
        }
        let from = self.pos - self.piece_start;
        let to_end = self.piece_start + self.piece.len() == self.end;
        (self.piece.get(from..).unwrap_or(&[]), to_end)
    }

    fn byte(&mut self) -> Result<u8, String> {
        let pos = self.pos;
        let b = *self.ahead(1).0.first().ok_or_else(|| ends_early(pos))?;
        self.pos += 1;
        Ok(b)
    }

    fn n(&mut self) -> Result<u32, String> {
        let mut v: u32 = 0;
        for shift in [0, 7, 14, 21, 28] {
            let b = self.byte()?;
            if shift == 28 && b > 0x0f {
                return Err(overflows(self.pos - 1));
            }
            v |= ((b & 0x7f) as u32) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(overflows(self.pos - 1))
    }

    /// `n` numbers in one tight loop (the trie's columns are most of the blob).
    fn varints(&mut self, n: usize) -> Result<Vec<u32>, String> {
        if n > self.end - self.pos {
            return Err(format!("{n} numbers at byte {} exceed the data", self.pos));
        }
        // written in place: a push per number was a call per number in the size-optimised
        // build, most of a browser tab's decoding
        let mut out = vec![0u32; n];
        let mut done = 0;
        while done < n {
            let start = self.pos;
            // a number takes at most five bytes: the loop below stops before a number that
            // may run past the bytes at hand, unless they run to the end
            let (bytes, to_end) = self.ahead(5);
            let safe = if to_end {
                bytes.len()
            } else {
                bytes.len().saturating_sub(4)
            };
            let mut i = 0;
            for slot in &mut out[done..] {
                if i >= safe {
                    break;
                }
                // most numbers (steps, counts, deltas) take one byte
                if let Some(&b) = bytes.get(i).filter(|&&b| b < 0x80) {
                    *slot = b as u32;
                    i += 1;
                    done += 1;
                    continue;
                }
                let mut v: u32 = 0;
                let mut shift = 0;
                loop {
                    let Some(&b) = bytes.get(i) else {
                        return Err(ends_early(start + i));
                    };
                    i += 1;
                    if shift == 28 && b > 0x0f {
                        return Err(overflows(start + i - 1));
                    }
                    v |= ((b & 0x7f) as u32) << shift;
                    if b & 0x80 == 0 {
                        break;
                    }
                    shift += 7;
                }
                *slot = v;
                done += 1;
            }
            if i == 0 && done < n {
                return Err(ends_early(start));
            }
            self.pos = start + i;
        }
        Ok(out)
    }

    /// A column of exactly `n` numbers.
    fn column_of(&mut self, n: usize, what: &str) -> Result<Vec<u32>, String> {
        if self.count()? != n {
            return Err(format!("{what}: not one per node"));
        }
        self.varints(n)
    }

    fn count(&mut self) -> Result<usize, String> {
        let n = self.n()? as usize;
        if n > self.end - self.pos {
            return Err(format!("a count of {n} at byte {} exceeds the data", self.pos));
        }
        Ok(n)
    }

    /// `len` bytes the engine keeps (the string table, the learned model).
    fn take(&mut self, len: usize) -> Result<&'static [u8], String> {
        let end = self.pos.checked_add(len).filter(|&e| e <= self.end);
        let end = end.ok_or_else(|| ends_early(self.pos))?;
        let out = self.source.keep(self.pos, len);
        self.pos = end;
        Ok(out)
    }

    /// An index below `bound`.
    fn index(&mut self, bound: usize, what: &str) -> Result<u32, String> {
        let at = self.pos;
        let v = self.n()?;
        if v as usize >= bound {
            return Err(format!("{what} {v} at byte {at} is out of range (< {bound})"));
        }
        Ok(v)
    }

    fn str(&mut self) -> Result<&'static str, String> {
        let i = self.index(self.strings.len(), "string")?;
        Ok(self.strings[i as usize])
    }

    fn class_files(&mut self) -> Result<Vec<(&'static str, &'static str)>, String> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push((self.str()?, self.str()?));
        }
        Ok(out)
    }

    fn string(&mut self) -> Result<String, String> {
        Ok(self.str()?.to_string())
    }

    fn list(&mut self) -> Result<Vec<String>, String> {
        let n = self.count()?;
        // sized up front: collecting results would grow the vector step by step
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.string()?);
        }
        Ok(out)
    }

    /// A counted list of items, each read by `item`.
    fn items<T>(&mut self, item: fn(&mut Self) -> Result<T, String>) -> Result<Vec<T>, String> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(item(self)?);
        }
        Ok(out)
    }

    fn engine(&mut self, depth: u32) -> Result<Engine, String> {
        let rules = self.items(Self::rule)?;
        let moves = self.items(Self::empathy_move)?;
        let cues = self.items(Self::cue)?;
        let signals = self.items(Self::customer_signal)?;
        let mut engine = Engine::empty(rules, moves, cues, signals);
        let n = self.count()?;
        engine.symbols.reserve(n);
        let mut string = -1i64;
        for id in 0..n {
            let step = self.n()?;
            string += ((step >> 1) as i64) ^ -((step & 1) as i64);
            let word = usize::try_from(string)
                .ok()
                .and_then(|i| self.strings.get(i))
                .ok_or_else(|| format!("symbol {id} is out of the string table"))?;
            if engine
                .symbols
                .insert(std::borrow::Cow::Borrowed(*word), id as u32)
                .is_some()
            {
                return Err(format!("symbol {id} repeats another"));
            }
        }
        engine.slot_names = self.list()?;
        let n = self.count()?;
        let lengths = self.varints(n)?;
        let n = self.count()?;
        let all_words = self.varints(n)?;
        // the lengths become the lists' ends in place
        let mut ends = lengths;
        let mut start = 0usize;
        for end in ends.iter_mut() {
            let words = all_words
                .get(start..start.saturating_add(*end as usize))
                .ok_or("the word lists do not fit their words")?;
            if !words.is_sorted() || words.last().is_some_and(|&w| w as usize >= engine.symbols.len()) {
                return Err("a word list is not sorted symbols".into());
            }
            start += words.len();
            *end = start as u32;
        }
        if start != all_words.len() {
            return Err("words left over after the word lists".into());
        }
        let lists = WordLists { ends, words: all_words };
        let nodes = self.count()?;
        if nodes < 2 {
            return Err("the trie has no roots".into());
        }
        let tags = self.varints(nodes)?;
        let n = self.count()?;
        let args = self.varints(n)?;
        let (rules, moves, cues) = (engine.rules.len(), engine.moves.len(), engine.cues.len());
        let signals = engine.signals.len();
        let mut trie = Trie::default();
        let mut k = 0;
        let mut new_lists = 0usize;
        let mut error: Option<String> = None;
        // collected, not pushed: one pass that writes in place (see `varints`); the first
        // error is kept and the rest of the steps are placeholders
        let steps: Vec<PackedStep> = tags
            .iter()
            .map(|&tag| {
                if error.is_some() {
                    return Step::Root.into();
                }
                match step_at(tag, &args, &mut k, &mut new_lists, lists.len(), engine.slot_names.len()) {
                    Ok(step) => step.into(),
                    Err(e) => {
                        error = Some(e);
                        Step::Root.into()
                    }
                }
            })
            .collect();
        if let Some(e) = error {
            return Err(e);
        }
        trie.steps = steps;
        trie.lists = lists;
        if k != args.len() {
            return Err("steps have arguments left over".into());
        }
        // Each column goes as soon as it is read: wasm memory, once grown, stays grown, and
        // kept to the end they were a megabyte on top of the engine, the customer engine
        // decoded while they lived. Freed, the next column takes their place.
        drop((tags, args));
        let owner_counts = self.column_of(nodes, "owner counts")?;
        let n = self.count()?;
        let owners = self.varints(n)?;
        let mut total = 0u32;
        trie.owner_start = std::iter::once(0)
            .chain(owner_counts.iter().map(|&count| {
                total = total.saturating_add(count);
                total
            }))
            .collect();
        drop(owner_counts);
        if total as usize != owners.len() {
            return Err("the owner counts do not add up".into());
        }
        // written in place, as `varints` writes: collecting `Result`s grew the vector by
        // doubling, through a call per owner
        trie.owners = vec![Owner::Rule(0); owners.len()];
        for (slot, &v) in trie.owners.iter_mut().zip(&owners) {
            let (tag, index) = (v & 7, v >> 3);
            let (owner, bound) = match tag {
                0 => (Owner::Rule(index), rules),
                1 => (Owner::Except(index), rules),
                2 => (Owner::Move(index), moves),
                3 => (Owner::Cue(index), cues),
                4 => (Owner::Signal(index), signals),
                tag => return Err(format!("unknown owner kind {tag}")),
            };
            if index as usize >= bound {
                return Err(format!("owner {index} is out of range (< {bound})"));
            }
            *slot = owner;
        }
        drop(owners);
        let child_counts = self.column_of(nodes, "child counts")?;
        let n = self.count()?;
        // the steps become the children's ids in place
        let mut children = self.varints(n)?;
        let mut child_start = vec![0u32; nodes + 1];
        let mut at = 0usize;
        for (node, &count) in child_counts.iter().enumerate() {
            let end = at.saturating_add(count as usize);
            let Some(mine) = children.get_mut(at..end) else {
                return Err("a child is missing".into());
            };
            let mut previous = node as u32;
            for slot in mine {
                let step = *slot;
                // Children after their parent: the walk can never loop.
                let child = previous
                    .checked_add(step)
                    .filter(|&c| step > 0 && (c as usize) < nodes)
                    .ok_or_else(|| format!("a child of node {node} is out of range"))?;
                *slot = child;
                previous = child;
            }
            at = end;
            child_start[node + 1] = at as u32;
        }
        drop(child_counts);
        if at != children.len() {
            return Err("children left over".into());
        }
        trie.children = children;
        trie.child_start = child_start;
        let n = self.count()?;
        let bit_counts = self.varints(n)?;
        let n = self.count()?;
        let bit_steps = self.varints(n)?;
        let mut needs = Vec::with_capacity(bit_counts.len() + 1);
        needs.push([u64::MAX; 4]);
        let mut at = 0usize;
        for count in bit_counts {
            let end = at.saturating_add(count as usize);
            let steps = bit_steps.get(at..end).ok_or(NEEDS_DAMAGED)?;
            let mut set: WordSet = [0; 4];
            let mut bit = 0u32;
            for &step in steps {
                bit = bit.saturating_add(step);
                if bit > 255 {
                    return Err(NEEDS_DAMAGED.into());
                }
                set[(bit >> 6) as usize] |= 1 << (bit & 63);
            }
            needs.push(set);
            at = end;
        }
        if at != bit_steps.len() {
            return Err(NEEDS_DAMAGED.into());
        }
        drop(bit_steps);
        let mut index = 0i64;
        let steps = self.column_of(nodes, "needed words")?;
        let mut need = vec![0u16; nodes];
        for (slot, &step) in need.iter_mut().zip(&steps) {
            index += ((step >> 1) as i64) ^ -((step & 1) as i64);
            *slot = u16::try_from(index).map_err(|_| NEEDS_DAMAGED)?;
        }
        drop(steps);
        trie.build_dispatch_with_needs(need, needs).ok_or(NEEDS_DAMAGED)?;
        engine.trie = trie;
        engine.customer = match self.n()? {
            0 => None,
            1 if depth == 0 => Some(Box::new(self.engine(depth + 1)?)),
            _ => return Err("unexpected nested engine".into()),
        };
        if self.flag()? {
            let len = self.count()?;
            let model = self.take(len)?;
            if !engine.carry_model(model) {
                return Err("the learned model it carries is malformed".into());
            }
        }
        Ok(engine)
    }

    fn flag(&mut self) -> Result<bool, String> {
        match self.n()? {
            0 => Ok(false),
            1 => Ok(true),
            v => Err(format!("{v} is not a flag")),
        }
    }

    fn rule(&mut self) -> Result<Rule, String> {
        let id = self.string()?;
        let category = self.string()?;
        let severity = match self.n()? {
            0 => Severity::Low,
            1 => Severity::Medium,
            2 => Severity::High,
            v => return Err(format!("severity {v} of rule {id}")),
        };
        let patterns = self.list()?;
        let except = self.list()?;
        let message = self.string()?;
        let explanation = self.string()?;
        let n = self.count()?;
        let mut rewrites = Vec::with_capacity(n);
        for _ in 0..n {
            let text = self.string()?;
            let strategy = self.string()?;
            let scope = if self.flag()? { Scope::Sentence } else { Scope::Match };
            rewrites.push(RewriteTemplate { text, strategy, scope });
        }
        let why_no_rewrite = Some(self.string()?).filter(|why| !why.is_empty());
        let examples = Examples {
            flag: self.list()?,
            allow: self.list()?,
        };
        let (negatable, after_empathy, unless_warm, formal_register) = match self.n()? {
            n if n < 16 => (n & 1 != 0, n & 2 != 0, n & 4 != 0, n & 8 != 0),
            n => return Err(format!("flags {n} of rule {id}")),
        };
        let lang = match self.n()? {
            n if (n as usize) < crate::lang::LANGS.len() => crate::lang::LANGS[n as usize],
            n => return Err(format!("language {n} of rule {id}")),
        };
        let pack = self.string()?;
        Ok(Rule {
            id,
            category,
            severity,
            patterns,
            except,
            message,
            explanation,
            rewrites,
            why_no_rewrite,
            examples,
            negatable,
            after_empathy,
            unless_warm,
            formal_register,
            lang,
            pack,
            parsed_patterns: Vec::new(),
            parsed_except: Vec::new(),
        })
    }

    fn points(&mut self) -> Result<i32, String> {
        let zigzag = self.n()?;
        Ok(((zigzag >> 1) as i32) ^ -((zigzag & 1) as i32))
    }

    fn empathy_move(&mut self) -> Result<Move, String> {
        Ok(Move {
            id: self.string()?,
            label: self.string()?,
            patterns: self.list()?,
            points: self.points()?,
            suggestion: self.string()?,
            position: if self.flag()? {
                Position::Closing
            } else {
                Position::Opening
            },
            present_examples: self.list()?,
            absent_examples: self.list()?,
            parsed: Vec::new(),
        })
    }

    fn cue(&mut self) -> Result<Cue, String> {
        Ok(Cue {
            id: self.string()?,
            label: self.string()?,
            patterns: self.list()?,
            points: self.points()?,
            present_examples: self.list()?,
            absent_examples: self.list()?,
            parsed: Vec::new(),
        })
    }

    fn customer_signal(&mut self) -> Result<CustomerSignal, String> {
        Ok(CustomerSignal {
            id: self.string()?,
            label: self.string()?,
            patterns: self.list()?,
            present_examples: self.list()?,
            absent_examples: self.list()?,
            parsed: Vec::new(),
        })
    }
}

/// `added`, mapped, appended to node `n`'s run of a flat column (`starts[n + 1]` is where
/// the run ends), the later nodes' runs moved up.
fn insert_after_node<T: Copy>(column: &mut Vec<T>, starts: &mut [u32], n: usize, added: &[T], map: impl Fn(T) -> T) {
    let (at, len) = (starts[n + 1] as usize, column.len());
    column.extend_from_slice(added);
    column.copy_within(at..len, at + added.len());
    for (slot, &item) in column[at..].iter_mut().zip(added) {
        *slot = map(item);
    }
    starts[n + 1..].iter_mut().for_each(|s| *s += added.len() as u32);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedded::COMPILED_CATALOG;
    use crate::engine::{AnalyzeContext, BuiltinSources, EngineOptions};

    /// The engine as it was built before the catalog was compiled: from the JSON files.
    fn from_json_with(options: &EngineOptions, packs: Vec<crate::Pack>) -> Engine {
        Engine::from_builtin_sources(BuiltinSources::from_json().unwrap(), options, packs)
    }

    fn from_json() -> Engine {
        from_json_with(&EngineOptions::default(), Vec::new())
    }

    /// The embedded blob is exactly what the current JSON files compile to, and decoding
    /// loses nothing: encoding the decoded engine gives the same bytes.
    #[test]
    fn embedded_catalog_is_the_json_catalog_compiled() {
        assert!(!COMPILED_CATALOG.is_empty(), "build.rs could not compile the catalog");
        assert!(
            encode(&from_json()) == COMPILED_CATALOG,
            "the blob differs from the JSON compiled now"
        );
        let decoded = decode(COMPILED_CATALOG).unwrap();
        assert!(encode(&decoded) == COMPILED_CATALOG, "decoding changed the engine");
    }

    /// Every text the catalog carries (rule, move, cue and customer-signal examples), with
    /// and without a customer message, and with options: the same report either way.
    #[test]
    fn compiled_and_json_engines_report_the_same() {
        let mut options = EngineOptions::default();
        let json = from_json();
        let first_rule = json.rules[0].id.clone();
        options.severity_overrides.insert(first_rule, Severity::High);
        options.disabled_rules.push("no-such-rule".into());
        for options in [EngineOptions::default(), options] {
            let compiled = Engine::new(&options).unwrap();
            let json = from_json_with(&options, Vec::new());
            assert!(compiled.trie.len() == json.trie.len());
            let texts = example_texts(&json);
            assert!(texts.len() > 1000, "only {} examples", texts.len());
            let upset = AnalyzeContext {
                customer_message: Some("This is the third time I've written and nobody has fixed my order!".into()),
                ..Default::default()
            };
            for text in &texts {
                for context in [None, Some(&upset)] {
                    let a = serde_json::to_string(&compiled.analyze(text, context)).unwrap();
                    let b = serde_json::to_string(&json.analyze(text, context)).unwrap();
                    assert_eq!(a, b, "reports differ for {text:?}");
                }
                let a = serde_json::to_string(&compiled.read_customer(text)).unwrap();
                let b = serde_json::to_string(&json.read_customer(text)).unwrap();
                assert_eq!(a, b, "customer readings differ for {text:?}");
            }
        }
    }

    /// A tab's start takes each node's needed words from the blob instead of working them
    /// out again. They are what the trie gives, a blob whose sets were emptied decodes with
    /// them empty (and, since the sets only let a walk skip branches, reports the same), and
    /// a set out of range is damage.
    #[test]
    fn the_needed_words_come_from_the_blob() {
        let mut engine = decode(COMPILED_CATALOG).unwrap();
        let stored = (engine.trie.need.clone(), engine.trie.needs.clone());
        assert!(stored.0.iter().filter(|&&k| k != 0).count() > engine.trie.len() / 4);
        engine.trie.build_needs();
        assert!(
            stored == (engine.trie.need.clone(), engine.trie.needs.clone()),
            "the stored sets are not the trie's"
        );
        engine.trie.need.iter_mut().for_each(|k| *k = 0);
        engine.trie.needs.truncate(1);
        let unpruned = decode(Box::leak(encode(&engine).into_boxed_slice())).unwrap();
        assert!(unpruned.trie.need.iter().all(|&k| k == 0) && unpruned.trie.needs.len() == 1);
        reports_equal(&unpruned, &decode(COMPILED_CATALOG).unwrap(), &example_texts(&engine));
        engine.trie.need[7] = 1;
        let damaged = decode(Box::leak(encode(&engine).into_boxed_slice()));
        assert_eq!(
            damaged.err().as_deref(),
            Some(format!("the compiled catalog is damaged: {NEEDS_DAMAGED}").as_str())
        );
    }

    /// Every example text of the catalog (rules, moves, cues, customer signals).
    fn example_texts(engine: &Engine) -> Vec<&str> {
        let mut texts: Vec<&str> = Vec::new();
        for r in &engine.rules {
            texts.extend(r.examples.flag.iter().chain(&r.examples.allow).map(String::as_str));
        }
        let inner = engine.customer.as_ref().unwrap();
        let examples = (engine.moves.iter().map(|m| (&m.present_examples, &m.absent_examples)))
            .chain(engine.cues.iter().map(|c| (&c.present_examples, &c.absent_examples)))
            .chain(inner.signals.iter().map(|s| (&s.present_examples, &s.absent_examples)));
        for (present, absent) in examples {
            texts.extend(present.iter().chain(absent).map(String::as_str));
        }
        texts
    }

    fn reports_equal(a: &Engine, b: &Engine, texts: &[&str]) {
        for text in texts {
            let x = serde_json::to_string(&a.analyze(text, None)).unwrap();
            let y = serde_json::to_string(&b.analyze(text, None)).unwrap();
            assert_eq!(x, y, "reports differ for {text:?}");
        }
    }

    /// Disabling built-in rules, or adding a pack that brings, replaces and turns off
    /// rules, changes the compiled trie in place (no pattern text needed): the reports are
    /// those of the engine compiled from the JSON with the same packs and options.
    #[test]
    fn packs_and_disabled_rules_extend_the_compiled_catalog_as_the_json_would() {
        let json = from_json();
        let mut texts = example_texts(&json);
        texts.extend([
            "Your ticket is closed.",
            "Your ticket has been escalated, calm down.",
            "I closed it.",
        ]);
        let first = json.rules[0].id.clone();
        let options = EngineOptions {
            disabled_rules: vec![first.clone(), "calm-down".into()],
            ..Default::default()
        };
        let engine = Engine::new(&options).unwrap();
        assert!(engine.rule(&first).is_none() && engine.rule("calm-down").is_none());
        assert!(engine.rules.len() == json.rules.len() - 2);
        reports_equal(&engine, &from_json_with(&options, Vec::new()), &texts);
        let pack = crate::catalog::parse_pack(
            r#"{"schema": "rapport-pack/1", "name": "acme", "version": "1",
                "rules": [{"id": "acme-ticket", "category": "robotic", "severity": "low",
                           "patterns": ["your ticket (is|has been) {state:2}"],
                           "except": ["your ticket is closed forever"],
                           "message": "Robotic.", "explanation": "Reads like a form.",
                           "rewrites": [{"text": "I've {state} your ticket", "strategy": "ownership"}],
                           "examples": {"flag": ["Your ticket is closed."], "allow": ["I closed it."]}},
                          {"id": "calm-down", "category": "invalidating", "severity": "high",
                           "patterns": ["calm down"],
                           "message": "Replaced.", "explanation": "Replaced by the pack.",
                           "rewrites": [{"text": "I hear you", "strategy": "validate"}],
                           "examples": {"flag": ["Calm down."], "allow": ["A calm day."]}}],
                "overrides": [{"rule": "as-i-already-said", "enabled": false},
                              {"rule": "that-is-our-policy", "severity": "low"}]}"#,
            "acme",
        )
        .unwrap();
        for options in [EngineOptions::default(), options] {
            let with_pack = Engine::with_packs(&options, vec![pack.clone()]).unwrap();
            let json = from_json_with(&options, vec![pack.clone()]);
            assert!(with_pack.rule("acme-ticket").is_some());
            assert!(with_pack.rule("as-i-already-said").is_none());
            let ids = |e: &Engine| e.rules.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
            assert_eq!(ids(&with_pack), ids(&json));
            reports_equal(&with_pack, &json, &texts);
        }
    }

    /// The catalog as the wasm build ships it (no pattern text, examples or explanations)
    /// reports as the whole one does, alone and extended, once the pages fill each
    /// built-in rule's explanation from the text shipped beside it.
    #[test]
    fn the_catalog_as_the_wasm_ships_it_reports_the_same_with_its_text_file() {
        let json = from_json();
        let sources = from_json();
        let texts = example_texts(&sources);
        let text: serde_json::Value = serde_json::from_str(&text_file(&json)).unwrap();
        let explanations = text["explanations"].as_object().unwrap();
        let mut stripped = from_json();
        strip_for_wasm(&mut stripped);
        let blob = encode(&stripped);
        assert!(
            blob.len() < COMPILED_CATALOG.len() / 2,
            "{} of {} bytes",
            blob.len(),
            COMPILED_CATALOG.len()
        );
        let blob = leak(blob);
        let stripped = decode(blob).unwrap();
        assert!(stripped
            .rules
            .iter()
            .all(|r| r.patterns.is_empty() && r.examples.flag.is_empty() && r.explanation.is_empty()));
        let options = EngineOptions {
            disabled_rules: vec!["calm-down".into()],
            ..Default::default()
        };
        let with_options = decode(blob).unwrap().extended(&options, Vec::new());
        let pairs = [(&stripped, json), (&with_options, from_json_with(&options, Vec::new()))];
        for (shipped, whole) in pairs {
            for text in &texts {
                let mut report = shipped.analyze(text, None);
                for f in &mut report.findings {
                    if f.explanation.is_empty() {
                        f.explanation = explanations[&f.rule].as_str().unwrap().to_string();
                    }
                }
                let a = serde_json::to_string(&report).unwrap();
                let b = serde_json::to_string(&whole.analyze(text, None)).unwrap();
                assert_eq!(a, b, "reports differ for {text:?}");
            }
        }
    }

    /// The catalog's parts as build.rs wrote them (the wasm build ships the same, made by
    /// the same code from the same files), by language code.
    fn shipped_parts() -> Vec<(&'static str, &'static [u8])> {
        let parts: Vec<(&str, &[u8])> = vec![
            ("en", include_bytes!(concat!(env!("OUT_DIR"), "/catalog-en.bin"))),
            ("de", include_bytes!(concat!(env!("OUT_DIR"), "/catalog-de.bin"))),
            ("es", include_bytes!(concat!(env!("OUT_DIR"), "/catalog-es.bin"))),
            ("fr", include_bytes!(concat!(env!("OUT_DIR"), "/catalog-fr.bin"))),
            ("pt", include_bytes!(concat!(env!("OUT_DIR"), "/catalog-pt.bin"))),
        ];
        let codes: Vec<&str> = parts.iter().map(|p| p.0).collect();
        assert_eq!(
            codes,
            crate::embedded::CATALOG_PARTS,
            "a language folder was added or removed: list its part here"
        );
        parts
    }

    /// The English part carries every word class file as the sources have it (the wasm
    /// build strips their descriptions), the language detector's and the engine's word
    /// lists, and no other part carries any.
    #[test]
    fn the_english_part_carries_the_word_classes() {
        for (code, bytes) in shipped_parts() {
            let carried = class_files(bytes).unwrap();
            if code != "en" {
                assert!(carried.is_empty(), "{code}");
                continue;
            }
            let words = |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap()["words"].clone();
            let names: Vec<&str> = carried.iter().map(|c| c.0).collect();
            let mut word_lists = crate::lang::word_list_files();
            word_lists.extend(crate::word_lists::files());
            let sources: Vec<&str> = crate::embedded::CLASS_FILES
                .iter()
                .map(|c| c.0)
                .chain(word_lists.iter().map(|(name, _)| name.as_str()))
                .collect();
            assert_eq!(names, sources);
            for ((name, json), (_, source)) in carried.iter().zip(crate::embedded::CLASS_FILES) {
                assert_eq!(words(json), words(source), "{name}");
            }
            // and the word lists, as lang.rs and word_lists.rs have them
            for ((name, list), (file, words)) in carried[crate::embedded::CLASS_FILES.len()..].iter().zip(&word_lists) {
                assert_eq!((*name, *list), (file.as_str(), words.as_str()));
            }
        }
    }

    /// A report with each built-in rule's empty explanation filled from the text file, as
    /// the pages fill it.
    fn explained(mut report: crate::Report, explanations: &serde_json::Map<String, serde_json::Value>) -> String {
        for f in &mut report.findings {
            if f.explanation.is_empty() {
                f.explanation = explanations[&f.rule].as_str().unwrap().to_string();
            }
        }
        serde_json::to_string(&report).unwrap()
    }

    /// The parts shipped beside the wasm hold exactly the catalog's rules, in the
    /// sources' order, with the sources' fields, and the English part every move, cue and
    /// customer signal; joined (in any order) they report as the whole catalog compiled
    /// from the JSON does, alone and with options and a pack.
    #[test]
    fn the_shipped_parts_joined_are_the_json_catalog() {
        let parts = shipped_parts();
        let json = from_json();
        let text: serde_json::Value = serde_json::from_str(&text_file(&json)).unwrap();
        let explanations = text["explanations"].as_object().unwrap();
        for (code, bytes) in &parts {
            let part = decode(bytes).unwrap();
            assert!(!part.rules.is_empty(), "{code}");
            assert!(
                part.rules.iter().all(|r| r.lang.code() == *code),
                "{code} holds another language's rules"
            );
            assert_eq!(part.customer.is_some(), *code == "en");
            assert_eq!(part.moves.len(), if *code == "en" { json.moves.len() } else { 0 });
        }
        let all: Vec<&[u8]> = parts.iter().map(|p| p.1).collect();
        let reversed: Vec<&[u8]> = all.iter().rev().copied().collect();
        let joined = decode_parts(&all, crate::embedded::CATALOG_PARTS).unwrap();
        assert!(joined.missing_langs.is_empty());
        assert_eq!(
            encode(&joined),
            encode(&decode_parts(&reversed, crate::embedded::CATALOG_PARTS).unwrap()),
            "the order the parts come in changed the engine"
        );
        let ids = |e: &Engine| e.rules.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&joined), ids(&json));
        for (a, b) in joined.rules.iter().zip(&json.rules) {
            let fields = |r: &Rule| {
                let rewrites: Vec<_> = r
                    .rewrites
                    .iter()
                    .map(|t| (t.text.clone(), t.strategy.clone(), t.scope))
                    .collect();
                (
                    r.category.clone(),
                    r.severity,
                    r.message.clone(),
                    rewrites,
                    r.why_no_rewrite.clone(),
                    r.negatable,
                    r.after_empathy,
                    r.unless_warm,
                    r.formal_register,
                    r.lang,
                    r.pack.clone(),
                )
            };
            assert_eq!(fields(a), fields(b), "rule {}", a.id);
        }
        let (moves, cues) = (&joined.moves, &joined.cues);
        assert_eq!(
            moves
                .iter()
                .map(|m| (&m.id, &m.label, &m.suggestion, m.points))
                .collect::<Vec<_>>(),
            json.moves
                .iter()
                .map(|m| (&m.id, &m.label, &m.suggestion, m.points))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            cues.iter().map(|c| (&c.id, &c.label, c.points)).collect::<Vec<_>>(),
            json.cues
                .iter()
                .map(|c| (&c.id, &c.label, c.points))
                .collect::<Vec<_>>()
        );
        let mut texts = example_texts(&json);
        texts.extend([
            "Beruhigen Sie sich bitte. Calm down, as I already said.",
            "Cálmese, por favor.\n\nAs I already said, that's our policy.",
        ]);
        let options = EngineOptions {
            disabled_rules: vec!["calm-down".into()],
            ..Default::default()
        };
        let pack = crate::catalog::parse_pack(
            r#"{"schema": "rapport-pack/1", "name": "acme", "version": "1",
                "rules": [{"id": "acme-ticket", "category": "robotic", "severity": "low",
                           "patterns": ["your ticket (is|has been) {state:2}"],
                           "message": "Robotic.", "explanation": "Reads like a form.",
                           "rewrites": [{"text": "I've {state} your ticket", "strategy": "ownership"}],
                           "examples": {"flag": ["Your ticket is closed."], "allow": ["I closed it."]}}]}"#,
            "acme",
        )
        .unwrap();
        let cases = [
            (EngineOptions::default(), Vec::new()),
            (options.clone(), Vec::new()),
            (options, vec![pack]),
        ];
        for (options, packs) in cases {
            let shipped = Engine::from_parts(&reversed, &options, packs.clone()).unwrap();
            let whole = from_json_with(&options, packs);
            for text in &texts {
                let a = explained(shipped.analyze(text, None), explanations);
                let b = serde_json::to_string(&whole.analyze(text, None)).unwrap();
                assert_eq!(a, b, "reports differ for {text:?}");
            }
        }
    }

    /// With the English part alone, an English reply reports as the whole catalog does,
    /// and a reply with a paragraph in another language names the part it needs; with that
    /// part added, it reports as the whole catalog does.
    #[test]
    fn a_missing_language_part_is_named_by_the_reports_that_need_it() {
        let parts = shipped_parts();
        let json = from_json();
        let text: serde_json::Value = serde_json::from_str(&text_file(&json)).unwrap();
        let explanations = text["explanations"].as_object().unwrap();
        let english = Engine::from_parts(&[parts[0].1], &EngineOptions::default(), Vec::new()).unwrap();
        assert_eq!(english.missing_langs, vec![Lang::De, Lang::Es, Lang::Fr, Lang::Pt]);
        assert!(english.rules.iter().all(|r| r.lang == Lang::En));
        let mut needed = 0;
        for rule in &json.rules {
            for text in rule.examples.flag.iter().chain(&rule.examples.allow) {
                let report = english.analyze(text, None);
                let whole = json.analyze(text, None);
                let lang = crate::lang::detect(text);
                if report.needs.is_empty() {
                    assert_eq!(
                        explained(report, explanations),
                        serde_json::to_string(&whole).unwrap(),
                        "{text:?}"
                    );
                } else {
                    needed += 1;
                    assert!(
                        report.needs.iter().all(|c| ["de", "es", "fr", "pt"].contains(c)),
                        "{text:?}"
                    );
                    let with: Vec<&[u8]> = std::iter::once(parts[0].1)
                        .chain(parts.iter().filter(|p| report.needs.contains(&p.0)).map(|p| p.1))
                        .collect();
                    let loaded = Engine::from_parts(&with, &EngineOptions::default(), Vec::new()).unwrap();
                    let again = loaded.analyze(text, None);
                    assert!(again.needs.is_empty(), "{text:?}");
                    assert_eq!(
                        explained(again, explanations),
                        serde_json::to_string(&whole).unwrap(),
                        "{text:?}"
                    );
                }
                if rule.lang != Lang::En && rule.examples.flag.contains(text) && lang == rule.lang {
                    assert!(
                        report_needs(&english, text).contains(&rule.lang.code()),
                        "{text:?} needs no part"
                    );
                }
            }
        }
        assert!(needed > 100, "only {needed} examples needed a part");
        assert!(Engine::from_parts(&[parts[1].1], &EngineOptions::default(), Vec::new()).is_err());
    }

    fn report_needs(engine: &Engine, text: &str) -> Vec<&'static str> {
        engine.analyze(text, None).needs
    }

    /// The text file build.rs wrote (the wasm build's is made by the same code from the
    /// same files) holds every built-in rule's explanation as the rule file has it, and
    /// nothing else.
    #[test]
    fn the_shipped_text_file_agrees_with_the_rule_files() {
        let shipped: serde_json::Value =
            serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/rapport_text.json"))).unwrap();
        let explanations = shipped["explanations"].as_object().unwrap();
        let json = from_json();
        // every rule's, and the learned second opinion's, which the catalog carries
        assert_eq!(explanations.len(), json.rules.len() + 1);
        assert_eq!(
            explanations[crate::engine::SECOND_OPINION],
            crate::engine::SECOND_OPINION_EXPLANATION
        );
        for rule in &json.rules {
            assert!(!rule.explanation.is_empty());
            assert_eq!(explanations[&rule.id], rule.explanation.as_str(), "{}", rule.id);
        }
        for file in crate::catalog::RULE_FILES {
            let source: serde_json::Value = serde_json::from_str(file.1).unwrap();
            let id = source["id"].as_str().unwrap();
            assert_eq!(explanations[id], source["explanation"], "{}", file.0);
        }
    }

    /// Bytes kept for the test's life, as the decoder wants them (an engine borrows its
    /// words from them).
    fn leak(bytes: Vec<u8>) -> &'static [u8] {
        Box::leak(bytes.into_boxed_slice())
    }

    /// The blob with its length trailer rewritten to fit, so that the damage inside is
    /// what the decoder meets.
    fn refit(mut bytes: Vec<u8>) -> Vec<u8> {
        let len = bytes.len();
        bytes[len - 8..].copy_from_slice(&(len as u64).to_le_bytes());
        bytes
    }

    #[test]
    fn damaged_blobs_are_rejected_with_a_reason() {
        let blob = COMPILED_CATALOG;
        for len in [0, 3, 8, 20, blob.len() / 3, blob.len() - 9, blob.len() - 1] {
            let err = decode(&blob[..len]).err().expect("a truncated blob decodes");
            assert!(err.starts_with("the compiled catalog is damaged"), "{err}");
        }
        // cut short inside, with a length that fits what is left
        for len in [20, blob.len() / 2, blob.len() - 20] {
            let mut cut = blob[..len].to_vec();
            cut.extend_from_slice(&[0; 8]);
            let err = decode(leak(refit(cut))).err().expect("a truncated blob decodes");
            assert!(err.starts_with("the compiled catalog is damaged"), "{err}");
        }
        let mut signature = blob.to_vec();
        signature[0] ^= 1;
        let err = decode(leak(signature))
            .err()
            .expect("a blob without the signature decodes");
        assert!(err.contains("signature"), "{err}");
        let mut wrong_format = blob.to_vec();
        wrong_format[MAGIC.len()] = FORMAT as u8 + 1;
        let err = decode(leak(wrong_format)).err().expect("another format decodes");
        assert!(err.contains("format"), "{err}");
        let mut text = blob.to_vec();
        let at = text.len() / 3;
        text[at] = 0xff;
        let err = decode(leak(text)).err().expect("a string that is not UTF-8 decodes");
        assert!(err.starts_with("the compiled catalog is damaged"), "{err}");
    }

    /// Bytes held elsewhere, as the wasm's host holds a part: copied a piece at a time.
    struct HeldElsewhere(&'static [u8]);

    impl PartSource for HeldElsewhere {
        fn len(&self) -> usize {
            self.0.len()
        }

        fn copy(&self, at: usize, into: &mut [u8]) {
            into.copy_from_slice(&self.0[at..at + into.len()]);
        }

        fn keep(&self, at: usize, len: usize) -> &'static [u8] {
            leak(self.0[at..at + len].to_vec())
        }
    }

    /// Read a piece at a time, every part decodes to the engine it decodes to in place.
    #[test]
    fn a_part_read_in_pieces_is_the_part_read_in_place() {
        for (code, bytes) in shipped_parts() {
            assert!(bytes.len() > 2 * PIECE || code != "en", "the English part spans pieces");
            let in_place = encode(&decode(bytes).unwrap());
            let in_pieces = encode(&decode_source(&HeldElsewhere(bytes)).unwrap());
            assert!(
                in_place == in_pieces,
                "{code}: read in pieces, the part decodes differently"
            );
        }
    }

    /// Every length and index is checked: damage anywhere is an error or an engine whose
    /// every index is in range, never a panic; read in pieces, the same.
    #[test]
    fn damage_anywhere_never_panics() {
        let blob = COMPILED_CATALOG;
        let body = blob.len() - 8;
        let mut rejected = 0;
        for k in 0..150usize {
            let mut bytes = blob.to_vec();
            let at = MAGIC.len() + (k * 7919 + k * k * 104729) % (body - MAGIC.len());
            bytes[at] = bytes[at].wrapping_add(1 + (k % 200) as u8);
            if k % 3 == 0 {
                bytes.truncate(at.max(MAGIC.len() + 1));
                bytes.extend_from_slice(&[0; 8]);
            }
            let bytes = leak(refit(bytes));
            let in_pieces = decode_source(&HeldElsewhere(bytes)).map(|e| encode(&e));
            let decoded = decode(bytes);
            let in_place = decoded.as_ref().map(encode).map_err(String::clone);
            assert!(
                in_place == in_pieces,
                "damage at byte {at}: read in pieces, the part decodes differently"
            );
            match decoded {
                Err(err) => {
                    assert!(err.starts_with("the compiled catalog is damaged"), "{err}");
                    rejected += 1;
                }
                Ok(engine) => {
                    // what it decoded to still analyses without panicking
                    engine.analyze("Calm down, as I already said it's our policy.", None);
                }
            }
        }
        assert!(rejected > 50, "only {rejected} of 150 damaged blobs rejected");
    }
}
