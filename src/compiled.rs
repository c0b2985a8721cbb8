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
//! symbols, slot names, word lists, trie nodes) and a flag for the customer-signal engine
//! inside it, then the blob's length (8 bytes), so a blob cut short says so. Numbers are LEB128.

use crate::catalog::{Examples, Move, Position, RewriteTemplate, Rule, Scope, Severity};
use crate::engine::{Engine, Owner, Step, Trie};
use std::collections::HashMap;
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"RPTCAT\0\x01";
/// Changed whenever the layout changes; a mismatch is reported, never misread.
const FORMAT: u32 = 4;

/// Serialises a compiled engine (and its customer engine).
pub fn encode(engine: &Engine) -> Vec<u8> {
    let mut w = Writer::default();
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
        let id = match self.string_ids.get(s) {
            Some(&id) => id,
            None => {
                let id = self.strings.len() as u32;
                self.strings.push(s.to_string());
                self.string_ids.insert(s.to_string(), id);
                self.table_bytes += s.len() + 5;
                id
            }
        };
        self.n(id);
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
        for moves in [&e.moves, &e.cues] {
            self.len(moves.len());
            for m in moves.iter() {
                self.signal(m);
            }
        }
        // Symbols by id: ids are dense and given in order of first use.
        let mut by_id = vec![""; e.symbols.len()];
        for (word, &id) in &e.symbols {
            by_id[id as usize] = word;
        }
        self.len(by_id.len());
        for word in by_id {
            self.s(word);
        }
        self.list(&e.slot_names);
        // Word lists, deduplicated by content, in first-use order.
        let mut lists: Vec<&[u32]> = Vec::new();
        let mut list_ids: HashMap<&[u32], u32> = HashMap::new();
        let mut node_list = Vec::with_capacity(e.trie.len());
        for step in &e.trie.steps {
            if let Step::Words(words) = step {
                let id = *list_ids.entry(&words[..]).or_insert_with(|| {
                    lists.push(&words[..]);
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
        for step in &trie.steps {
            let tag = match step {
                Step::Root => 0,
                Step::Words(_) => {
                    args.push(next_list.next().expect("one list per word step"));
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
                Owner::Rule(i) => i << 2,
                Owner::Except(i) => i << 2 | 1,
                Owner::Move(i) => i << 2 | 2,
                Owner::Cue(i) => i << 2 | 3,
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
        match &e.customer {
            Some(inner) => {
                self.n(1);
                self.engine(inner);
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
        self.list(&r.examples.flag);
        self.list(&r.examples.allow);
        self.n(r.negatable as u32);
        self.n(r.lang as u32);
        self.s(&r.pack);
    }

    fn signal(&mut self, m: &Move) {
        self.s(&m.id);
        self.s(&m.label);
        self.list(&m.patterns);
        // zigzag: a tone cue's points may be negative
        self.n(((m.points << 1) ^ (m.points >> 31)) as u32);
        self.s(&m.suggestion);
        self.n(match m.position {
            Position::Opening => 0,
            Position::Closing => 1,
        });
        self.list(&m.present_examples);
        self.list(&m.absent_examples);
    }
}

/// Rebuilds the engine [`encode`] wrote, or says what is wrong with the bytes.
pub fn decode(bytes: &[u8]) -> Result<Engine, String> {
    let damaged = |what: String| format!("the compiled catalog is damaged: {what}");
    if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
        return Err(damaged("it does not start with the catalog's signature".into()));
    }
    let (data, trailer) = bytes.split_at(bytes.len() - 8);
    let stored = u64::from_le_bytes(trailer.try_into().expect("8 bytes"));
    if stored != bytes.len() as u64 {
        return Err(damaged(format!(
            "it is {} bytes long, not {stored} (truncated?)",
            bytes.len()
        )));
    }
    let mut r = Reader {
        bytes: data,
        pos: MAGIC.len(),
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
    let engine = r.engine(0).map_err(damaged)?;
    if r.pos != data.len() {
        return Err(damaged(format!("{} bytes left over", data.len() - r.pos)));
    }
    Ok(engine)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    strings: Vec<&'a str>,
}

/// Every count is bounded by the bytes left, so a damaged length cannot make the decoder
/// reserve gigabytes before it notices.
impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| format!("it ends early, at byte {}", self.pos))?;
        self.pos += 1;
        Ok(b)
    }

    fn n(&mut self) -> Result<u32, String> {
        let mut v: u32 = 0;
        for shift in [0, 7, 14, 21, 28] {
            let b = self.byte()?;
            if shift == 28 && b > 0x0f {
                return Err(format!("a number overflows at byte {}", self.pos - 1));
            }
            v |= ((b & 0x7f) as u32) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(format!("a number overflows at byte {}", self.pos - 1))
    }

    /// `n` numbers in one tight loop (the trie's columns are most of the blob).
    fn varints(&mut self, n: usize) -> Result<Vec<u32>, String> {
        let bytes = &self.bytes[self.pos..];
        if n > bytes.len() {
            return Err(format!("{n} numbers at byte {} exceed the data", self.pos));
        }
        let mut out = Vec::with_capacity(n);
        let mut i = 0;
        for _ in 0..n {
            let mut v: u32 = 0;
            let mut shift = 0;
            loop {
                let Some(&b) = bytes.get(i) else {
                    return Err(format!("it ends early, at byte {}", self.pos + i));
                };
                i += 1;
                if shift == 28 && b > 0x0f {
                    return Err(format!("a number overflows at byte {}", self.pos + i - 1));
                }
                v |= ((b & 0x7f) as u32) << shift;
                if b & 0x80 == 0 {
                    break;
                }
                shift += 7;
            }
            out.push(v);
        }
        self.pos += i;
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
        if n > self.bytes.len() - self.pos {
            return Err(format!("a count of {n} at byte {} exceeds the data", self.pos));
        }
        Ok(n)
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| format!("it ends early, at byte {}", self.pos))?;
        let out = &self.bytes[self.pos..end];
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

    fn str(&mut self) -> Result<&'a str, String> {
        let i = self.index(self.strings.len(), "string")?;
        Ok(self.strings[i as usize])
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

    fn engine(&mut self, depth: u32) -> Result<Engine, String> {
        let n = self.count()?;
        let mut rules = Vec::with_capacity(n);
        for _ in 0..n {
            rules.push(self.rule()?);
        }
        let n = self.count()?;
        let mut moves = Vec::with_capacity(n);
        for _ in 0..n {
            moves.push(self.signal()?);
        }
        let n = self.count()?;
        let mut cues = Vec::with_capacity(n);
        for _ in 0..n {
            cues.push(self.signal()?);
        }
        let mut engine = Engine::empty(rules, moves, cues);
        let n = self.count()?;
        engine.symbols.reserve(n);
        for id in 0..n {
            let word = self.string()?;
            if engine.symbols.insert(word, id as u32).is_some() {
                return Err(format!("symbol {id} repeats another"));
            }
        }
        engine.slot_names = self.list()?;
        let n = self.count()?;
        let lengths = self.varints(n)?;
        let n = self.count()?;
        let all_words = self.varints(n)?;
        let mut lists: Vec<Arc<[u32]>> = Vec::with_capacity(lengths.len());
        let mut start = 0usize;
        for len in lengths {
            let words = all_words
                .get(start..start.saturating_add(len as usize))
                .ok_or("the word lists do not fit their words")?;
            if !words.is_sorted() || words.last().is_some_and(|&w| w as usize >= engine.symbols.len()) {
                return Err("a word list is not sorted symbols".into());
            }
            lists.push(words.into());
            start += len as usize;
        }
        if start != all_words.len() {
            return Err("words left over after the word lists".into());
        }
        let nodes = self.count()?;
        if nodes < 2 {
            return Err("the trie has no roots".into());
        }
        let tags = self.varints(nodes)?;
        let n = self.count()?;
        let args = self.varints(n)?;
        let (rules, moves, cues) = (engine.rules.len(), engine.moves.len(), engine.cues.len());
        let mut trie = Trie::with_capacity(nodes);
        // one plain loop (a closure per argument was a call per node in the browser's
        // first, unoptimised run)
        let mut k = 0;
        for tag in tags {
            let needs = match tag {
                1 | 4 | 8 => 1,
                5 => 2,
                _ => 0,
            };
            if k + needs > args.len() {
                return Err("a step's argument is missing".into());
            }
            let step = match tag {
                0 => Step::Root,
                1 => match lists.get(args[k] as usize) {
                    Some(list) => Step::Words(list.clone()),
                    None => return Err(format!("word list {} is out of range", args[k])),
                },
                2 => Step::Caps,
                3 => Step::Num,
                4 => Step::Gap(u8::try_from(args[k]).map_err(|_| "a gap is too long")?),
                5 if (args[k] as usize) < engine.slot_names.len() => Step::Slot {
                    name: args[k],
                    max: u8::try_from(args[k + 1]).map_err(|_| "a slot is too long")?,
                },
                5 => return Err(format!("slot name {} is out of range", args[k])),
                6 => Step::ClauseEnd,
                7 => Step::SentenceEnd,
                8 => Step::Join(args[k]),
                tag => return Err(format!("unknown step {tag}")),
            };
            k += needs;
            trie.steps.push(step);
        }
        if k != args.len() {
            return Err("steps have arguments left over".into());
        }
        let owner_counts = self.column_of(nodes, "owner counts")?;
        let n = self.count()?;
        let owners = self.varints(n)?;
        let mut total = 0u32;
        for count in owner_counts {
            total = total.saturating_add(count);
            trie.owner_start.push(total);
        }
        if total as usize != owners.len() {
            return Err("the owner counts do not add up".into());
        }
        trie.owners = owners
            .into_iter()
            .map(|v| {
                let (tag, index) = (v & 3, v >> 2);
                let (owner, bound) = match tag {
                    0 => (Owner::Rule(index), rules),
                    1 => (Owner::Except(index), rules),
                    2 => (Owner::Move(index), moves),
                    _ => (Owner::Cue(index), cues),
                };
                if index as usize >= bound {
                    return Err(format!("owner {index} is out of range (< {bound})"));
                }
                Ok(owner)
            })
            .collect::<Result<_, String>>()?;
        let child_counts = self.column_of(nodes, "child counts")?;
        let n = self.count()?;
        let deltas = self.varints(n)?;
        let mut deltas = deltas.into_iter();
        trie.children.reserve_exact(n);
        for (node, count) in child_counts.into_iter().enumerate() {
            let mut previous = node as u32;
            for _ in 0..count {
                let step = deltas.next().ok_or("a child is missing")?;
                // Children after their parent: the walk can never loop.
                let child = previous
                    .checked_add(step)
                    .filter(|&c| step > 0 && (c as usize) < nodes)
                    .ok_or_else(|| format!("a child of node {node} is out of range"))?;
                trie.children.push(child);
                previous = child;
            }
            trie.child_start.push(trie.children.len() as u32);
        }
        if deltas.next().is_some() {
            return Err("children left over".into());
        }
        trie.build_dispatch();
        engine.trie = trie;
        engine.customer = match self.n()? {
            0 => None,
            1 if depth == 0 => Some(Box::new(self.engine(depth + 1)?)),
            _ => return Err("unexpected nested engine".into()),
        };
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
        let examples = Examples {
            flag: self.list()?,
            allow: self.list()?,
        };
        let negatable = self.flag()?;
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
            examples,
            negatable,
            lang,
            pack,
            parsed_patterns: Vec::new(),
            parsed_except: Vec::new(),
        })
    }

    fn signal(&mut self) -> Result<Move, String> {
        let id = self.string()?;
        let label = self.string()?;
        let patterns = self.list()?;
        let zigzag = self.n()?;
        let points = ((zigzag >> 1) as i32) ^ -((zigzag & 1) as i32);
        let suggestion = self.string()?;
        let position = if self.flag()? {
            Position::Closing
        } else {
            Position::Opening
        };
        Ok(Move {
            id,
            label,
            patterns,
            points,
            suggestion,
            position,
            present_examples: self.list()?,
            absent_examples: self.list()?,
            parsed: Vec::new(),
        })
    }
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
            let mut texts: Vec<&str> = Vec::new();
            for r in &json.rules {
                texts.extend(r.examples.flag.iter().chain(&r.examples.allow).map(String::as_str));
            }
            let inner = json.customer.as_ref().unwrap();
            for m in json.moves.iter().chain(&json.cues).chain(&inner.cues) {
                texts.extend(m.present_examples.iter().chain(&m.absent_examples).map(String::as_str));
            }
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

    /// Disabling a built-in rule, or adding a pack, compiles the trie at run time from the
    /// compiled catalog's rules, their patterns parsed again: the same trie as from the JSON.
    #[test]
    fn run_time_compiles_from_the_compiled_catalog_equal_the_json() {
        let id = from_json().rules[0].id.clone();
        let options = EngineOptions {
            disabled_rules: vec![id.clone()],
            ..Default::default()
        };
        let engine = Engine::new(&options).unwrap();
        assert!(engine.rule(&id).is_none());
        assert!(encode(&engine) == encode(&from_json_with(&options, Vec::new())));
        let pack = crate::catalog::parse_pack(
            r#"{"schema": "rapport-pack/1", "name": "acme", "version": "1",
                "rules": [{"id": "acme-ticket", "category": "robotic", "severity": "low",
                           "patterns": ["your ticket (is|has been) {state:2}"],
                           "message": "Robotic.", "explanation": "Reads like a form.",
                           "rewrites": [{"text": "I've {state} your ticket", "strategy": "ownership"}],
                           "examples": {"flag": ["Your ticket is closed."], "allow": ["I closed it."]}}],
                "overrides": [{"rule": "calm-down", "severity": "low"}]}"#,
            "acme",
        )
        .unwrap();
        let with_pack = Engine::with_packs(&EngineOptions::default(), vec![pack.clone()]).unwrap();
        let json = from_json_with(&EngineOptions::default(), vec![pack]);
        assert!(encode(&with_pack) == encode(&json));
        assert!(with_pack.rule("acme-ticket").is_some());
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
            let err = decode(&refit(cut)).err().expect("a truncated blob decodes");
            assert!(err.starts_with("the compiled catalog is damaged"), "{err}");
        }
        let mut signature = blob.to_vec();
        signature[0] ^= 1;
        let err = decode(&signature).err().expect("a blob without the signature decodes");
        assert!(err.contains("signature"), "{err}");
        let mut wrong_format = blob.to_vec();
        wrong_format[MAGIC.len()] = FORMAT as u8 + 1;
        let err = decode(&wrong_format).err().expect("another format decodes");
        assert!(err.contains("format"), "{err}");
        let mut text = blob.to_vec();
        let at = text.len() / 3;
        text[at] = 0xff;
        let err = decode(&text).err().expect("a string that is not UTF-8 decodes");
        assert!(err.starts_with("the compiled catalog is damaged"), "{err}");
    }

    /// Every length and index is checked: damage anywhere is an error or an engine whose
    /// every index is in range, never a panic.
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
            match decode(&refit(bytes)) {
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
