//! Invariants every report must keep, whatever the text: shared by the property tests,
//! the edge-input tests and the fuzz targets (`tests/fuzz` includes this file by path).
#![allow(dead_code)]

use rapport::text::{byte_to_utf16, utf16_to_byte, Utf16Index};
use rapport::{apply_rewrite, Engine, EngineOptions, Report};
use std::sync::OnceLock;

/// The built-in catalog's engine, built once per test binary.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&EngineOptions::default()).expect("built-in catalog loads"))
}

/// Real cold phrases from the catalog, spliced into random text by the generators.
pub const COLD_PHRASES: &[&str] = &[
    "Did you plug it in?",
    "calm down",
    "Calm down. ",
    "as I already said",
    "As I already said, ",
    "you should have restarted it",
    "You should have restarted the router.",
    "that's our policy",
    "That’s our policy.",
    "per my last email",
    "You’ll have to contact the manufacturer.",
    "I don't have all day.",
    "Why didn't you call us sooner?",
    "Sorry, but ",
    "Just restart the app.",
    "PLEASE READ THIS",
    "Obviously, ",
    "Frankly, ",
    "Sorry you feel that way",
    "There's no need to get upset, sir.",
    "you gronked restarted it",
    "Did you check the tracking link??",
    "Please check your spam folder!!",
    "I'd never say it's your fault",
    "It's your fault",
    "Take a deep breath",
    "You must have done something wrong",
    "kindly",
    "simply",
    "just",
];

/// Pieces that stress tokenisation, context exclusion and offsets.
pub const AWKWARD: &[&str] = &[
    "\0",
    "\u{FFFD}",
    "😀",
    "👩‍👩‍👧‍👦",
    "🇫🇷",
    "e\u{301}",
    "\u{301}",
    "\u{200D}",
    "\u{200B}",
    "\u{FEFF}",
    "مرحبا بك",
    "שלום, ",
    "\u{200F}",
    "\u{202E}",
    "\u{2066}",
    "\u{2069}",
    "漢字。",
    "！",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "„",
    "'",
    "’",
    "`",
    "\n> ",
    "\n>> quoted ",
    "\n-- \n",
    "\n--\n",
    "\n—\n",
    "\nOn Mon, 1 Jan 2024, Sam <sam@example.com> wrote:\n",
    "\nFrom: sam@example.com\n",
    "-----Original Message-----",
    "\n",
    "\r\n",
    "\r",
    "\u{2028}",
    "\u{2029}",
    "\t",
    "  ",
    ". ",
    "! ",
    "? ",
    "…",
    ", ",
    "; ",
    "(",
    ")",
    "—",
    "ALL CAPS SHOUTING",
    "DON'T",
    "Hi Sam,\n",
    "Hello!\n\n",
    "\nThanks,\nAlex",
    "\nKind regards\n",
    "don't",
    "You’ll",
    "y'all",
    "can't",
    "not",
    "never",
    "123",
    "4.5",
    "1,000",
    "e.g. ",
    "İ",
    "ß",
    "ǅ",
    "ﬃ",
    "\u{10FFFF}",
];

/// UTF-16 offset of every byte offset that is a character boundary (`u32::MAX` inside a
/// character), and byte offset of every UTF-16 offset (`usize::MAX` inside a pair).
struct Offsets {
    units_at_byte: Vec<u32>,
    byte_at_unit: Vec<usize>,
}

impl Offsets {
    fn new(text: &str) -> Offsets {
        let mut units_at_byte = vec![u32::MAX; text.len() + 1];
        let mut byte_at_unit = Vec::with_capacity(text.len() + 1);
        for (b, c) in text.char_indices() {
            units_at_byte[b] = byte_at_unit.len() as u32;
            byte_at_unit.push(b);
            if c.len_utf16() == 2 {
                byte_at_unit.push(usize::MAX);
            }
        }
        units_at_byte[text.len()] = byte_at_unit.len() as u32;
        byte_at_unit.push(text.len());
        Offsets {
            units_at_byte,
            byte_at_unit,
        }
    }
    fn len16(&self) -> usize {
        self.byte_at_unit.len() - 1
    }
    /// The byte offset of a UTF-16 offset that falls on a character boundary.
    fn byte(&self, unit: usize, what: &str) -> usize {
        assert!(
            unit <= self.len16(),
            "{what}: UTF-16 offset {unit} past the end ({})",
            self.len16()
        );
        let b = self.byte_at_unit[unit];
        assert!(b != usize::MAX, "{what}: UTF-16 offset {unit} splits a surrogate pair");
        b
    }
    fn unit(&self, byte: usize, what: &str) -> usize {
        assert!(
            byte < self.units_at_byte.len(),
            "{what}: byte offset {byte} past the end"
        );
        let u = self.units_at_byte[byte];
        assert!(u != u32::MAX, "{what}: byte offset {byte} is inside a character");
        u as usize
    }
}

/// Findings whose rewrites are applied with the library's functions (each one copies the
/// text): all of them for ordinary reports, the first and last few for huge ones.
const REWRITE_CHECKS: usize = 64;

/// Checks every offset a report holds against `text`. Panics with a description of the
/// first broken invariant. Linear in the text and the report, so it can check huge ones.
pub fn check_report(text: &str, report: &Report) {
    let offsets = Offsets::new(text);
    let short = |s: &str| -> String {
        if s.len() <= 200 {
            format!("{s:?}")
        } else {
            format!("a text of {} bytes", s.len())
        }
    };
    let n = report.findings.len();
    let small = (text.len() + 1) * n <= 1 << 24;
    let mut previous_end = 0usize;
    for (i, f) in report.findings.iter().enumerate() {
        let where_ = format!("finding {i} ({}) in {}", f.rule, short(text));
        assert!(f.byte_start < f.byte_end, "{where_}: empty byte span");
        assert!(f.start < f.end, "{where_}: empty UTF-16 span");
        assert_eq!(
            offsets.byte(f.start, &where_),
            f.byte_start,
            "{where_}: start disagrees"
        );
        assert_eq!(offsets.byte(f.end, &where_), f.byte_end, "{where_}: end disagrees");
        assert_eq!(f.text, text[f.byte_start..f.byte_end], "{where_}: text is not the span");
        assert!(
            f.byte_start >= previous_end,
            "{where_}: findings overlap or are out of order"
        );
        previous_end = f.byte_end;
        let apply = small || i < REWRITE_CHECKS / 2 || i + REWRITE_CHECKS / 2 >= n;
        if apply {
            // The library's own conversions agree with the tables.
            assert_eq!(utf16_to_byte(text, f.start), f.byte_start, "{where_}: utf16_to_byte");
            assert_eq!(byte_to_utf16(text, f.byte_start), f.start, "{where_}: byte_to_utf16");
            assert_eq!(utf16_to_byte(text, f.end), f.byte_end, "{where_}: utf16_to_byte");
            assert_eq!(byte_to_utf16(text, f.byte_end), f.end, "{where_}: byte_to_utf16");
        }
        for (k, r) in f.rewrites.iter().enumerate() {
            let where_ = format!("{where_}, rewrite {k} ({})", r.strategy);
            assert!(r.start <= r.end, "{where_}: reversed span");
            let bs = offsets.byte(r.start, &where_);
            let be = offsets.byte(r.end, &where_);
            assert!(
                bs <= f.byte_start && f.byte_end <= be,
                "{where_}: rewrite [{bs}, {be}) does not cover the finding [{}, {})",
                f.byte_start,
                f.byte_end
            );
            if apply {
                let out = apply_rewrite(text, r);
                assert!(out.starts_with(&text[..bs]), "{where_}: prefix changed");
                assert!(out.ends_with(&text[be..]), "{where_}: suffix changed");
                assert_eq!(out.len(), bs + r.text.len() + (text.len() - be), "{where_}: length");
                assert_eq!(&out[bs..bs + r.text.len()], r.text, "{where_}: inserted text differs");
            }
        }
    }
    for m in &report.moves {
        if let Some(s) = &m.suggestion {
            let what = format!("move {} in {}", m.id, short(text));
            let b = offsets.byte(s.at, &what);
            assert_eq!(offsets.unit(b, &what), s.at);
        }
    }
    assert!(report.score.value <= 100);
}

/// Byte <-> UTF-16 conversions round-trip at character boundaries, clamp inside a
/// character or surrogate pair and past the end, and agree with the engine's one-pass
/// index. Each library conversion walks the text, so long texts are checked at up to
/// 256 evenly spread characters (and the index at all of them).
pub fn check_conversions(text: &str) {
    check_conversions_at(text, 256);
}

/// [`check_conversions`] at up to `samples` characters.
pub fn check_conversions_at(text: &str, samples: usize) {
    let mut boundaries: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    boundaries.push(text.len());
    let step = boundaries.len().div_ceil(samples.max(1)).max(1);
    let mut units = 0usize;
    let mut expected = Vec::with_capacity(boundaries.len());
    for (k, (b, c)) in text.char_indices().enumerate() {
        expected.push(units);
        if k % step == 0 {
            assert_eq!(byte_to_utf16(text, b), units, "byte {b} in {text:?}");
            assert_eq!(utf16_to_byte(text, units), b, "unit {units} in {text:?}");
            if c.len_utf16() == 2 {
                // Inside a surrogate pair: clamped back to the character's start.
                assert_eq!(utf16_to_byte(text, units + 1), b, "mid-pair unit in {text:?}");
            }
            for inside in b + 1..b + c.len_utf8() {
                assert_eq!(byte_to_utf16(text, inside), units, "mid-char byte in {text:?}");
            }
        }
        units += c.len_utf16();
    }
    expected.push(units);
    assert_eq!(byte_to_utf16(text, text.len()), units, "at the end");
    assert_eq!(utf16_to_byte(text, units), text.len(), "at the end");
    assert_eq!(utf16_to_byte(text, units + 7), text.len(), "past the end");
    assert_eq!(byte_to_utf16(text, text.len() + 7), units, "past the end");
    let index = Utf16Index::new(text, boundaries.iter().rev().copied().collect());
    for (&b, &u) in boundaries.iter().zip(&expected) {
        assert_eq!(index.get(b), u, "Utf16Index at {b} in {text:?}");
    }
}
