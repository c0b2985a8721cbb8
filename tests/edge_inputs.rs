//! Edge input: huge texts, huge finding counts, time and memory that grow linearly,
//! hostile packs (deep, huge, match-everything, HTML, exponential patterns), right-to-left
//! text, lone surrogates and NUL. Every crash the fuzzers find becomes a test here.
//!
//! No assertion depends on the clock: growth is checked on finding counts and on bytes
//! allocated (counted per thread by the allocator below); times are printed (run with
//! `--nocapture` to see them). The one exception is a hang detector whose budget is three
//! orders of magnitude above the expected time (see `finishes_within`).
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/cli.rs"]
mod cli;
mod common;

use common::{check_conversions, check_report, engine};
use rapport::catalog::{parse_pack, MAX_PACK_BYTES};
use rapport::{Engine, EngineOptions, Report};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------
// Allocation accounting, per thread so that tests running in parallel do not mix.

struct Counting;

thread_local! {
    static ALLOCATED: Cell<u64> = const { Cell::new(0) };
    static LIVE: Cell<i64> = const { Cell::new(0) };
    static PEAK: Cell<i64> = const { Cell::new(0) };
}

fn note(grow: i64) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + grow;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
    if grow > 0 {
        let _ = ALLOCATED.try_with(|a| a.set(a.get() + grow as u64));
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            note(layout.size() as i64);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            note(layout.size() as i64);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        note(-(layout.size() as i64));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            note(new_size as i64 - layout.size() as i64);
        }
        p
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

#[derive(Debug, Clone, Copy)]
struct Usage {
    /// Bytes allocated in total (growth by realloc counted once).
    allocated: u64,
    /// Most bytes live at once above what was live before.
    peak: u64,
    elapsed: Duration,
}

/// Runs `f` on this thread and measures what it allocates and how long it takes.
fn measure<T>(f: impl FnOnce() -> T) -> (T, Usage) {
    let allocated = ALLOCATED.with(Cell::get);
    let live = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(live));
    let start = Instant::now();
    let out = f();
    let elapsed = start.elapsed();
    let usage = Usage {
        allocated: ALLOCATED.with(Cell::get) - allocated,
        peak: (PEAK.with(Cell::get) - live).max(0) as u64,
        elapsed,
    };
    (out, usage)
}

// ---------------------------------------------------------------------------------------

fn rules(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.rule.as_str()).collect()
}

fn rule_json(id: &str, pattern: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id, "category": "team", "severity": "low", "patterns": [pattern],
        "message": "m", "explanation": "e",
        "rewrites": [{"strategy": "solve", "text": "x"}],
        "examples": {"flag": ["a"], "allow": ["b"]}
    })
}

fn pack_json(rules: Vec<serde_json::Value>) -> String {
    serde_json::json!({"schema": "rapport-pack/1", "name": "edge-pack", "version": "1", "rules": rules}).to_string()
}

/// Waits for `child`; kills it and fails if it has not exited after `budget`. For inputs
/// whose analysis takes milliseconds, to turn a hang (exponential work) into a failure
/// instead of a test run that never ends. The budget is far above any machine's time.
fn finishes_within(budget: Duration, what: &str, child: &mut std::process::Child) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for rapport") {
            return status;
        }
        if start.elapsed() > budget {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {budget:?} (the work grows exponentially)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `rapport check --pack PACK` on `stdin`, killed (and the test failed) if it runs over 20 s:
/// its exit status and stderr.
fn check_with_pack_within(pack: &std::path::Path, stdin: String, what: &str) -> (std::process::ExitStatus, String) {
    let args = ["check", "--pack", pack.to_str().unwrap()];
    let (mut child, writer) = cli::start(&args, stdin.into_bytes(), Stdio::null(), Stdio::piped());
    let status = finishes_within(Duration::from_secs(20), what, &mut child);
    writer.join().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (status, stderr)
}

/// A file in the temp folder, removed when dropped (some are 10 MB).
struct TempFile(std::path::PathBuf);

impl std::ops::Deref for TempFile {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn temp_file(name: &str, contents: &[u8]) -> TempFile {
    let path = std::env::temp_dir().join(format!("rapport-edge-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    TempFile(path)
}

// ---------------------------------------------------------------------------------------
// Huge texts.

/// About 1 MB on one line: cold phrases, filler, emoji, RTL, quotes, no line break.
const ONE_UNIT: &str = "As I already said, the refund takes 5 days 😀 and that's our policy; \
                        مرحبا \"calm down\" you should have restarted it, so please calm down. ";

fn one_line(bytes: usize) -> String {
    let mut text = ONE_UNIT.repeat(bytes / ONE_UNIT.len() + 1);
    let mut cut = bytes.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text
}

#[test]
fn a_one_megabyte_single_line_is_analysed_with_correct_spans() {
    let text = one_line(1 << 20);
    assert!(!text.contains('\n'));
    let (report, usage) = measure(|| engine().analyze(&text, None));
    println!(
        "1 MB line: {} findings in {:?}, {} MB allocated, peak {} MB",
        report.findings.len(),
        usage.elapsed,
        usage.allocated >> 20,
        usage.peak >> 20
    );
    check_report(&text, &report);
    // Each whole paragraph gives the same findings; the quoted "calm down" is not one.
    let paragraphs = text.matches("As I already said").count();
    let per_paragraph = engine().analyze(&one_line(ONE_UNIT.len()), None).findings.len();
    assert!(per_paragraph >= 3);
    assert!(report.findings.len() >= per_paragraph * (paragraphs - 1));
    assert!(report.findings.len() <= per_paragraph * paragraphs);
    assert!(!report.findings.iter().any(|f| f.text.contains('"')));
}

#[test]
fn a_hundred_thousand_findings_are_all_reported() {
    // One sentence of 100,000 findings (a lower-case word after ". " goes on), then one
    // finding per line.
    for (unit, repeat) in [("calm down. ", 100_000), ("Calm down.\n", 10_000)] {
        let text = unit.repeat(repeat);
        let (report, usage) = measure(|| engine().analyze(&text, None));
        println!(
            "{unit:?} x {repeat}: {} findings in {:?}, {} MB allocated, peak {} MB",
            report.findings.len(),
            usage.elapsed,
            usage.allocated >> 20,
            usage.peak >> 20
        );
        assert_eq!(report.findings.len(), repeat, "{unit:?}");
        assert!(report.findings.iter().all(|f| f.rule == "calm-down"));
        check_report(&text, &report);
        let last = report.findings.last().unwrap();
        assert_eq!(last.byte_start, unit.len() * (repeat - 1));
        assert_eq!(last.start, unit.len() * (repeat - 1), "ASCII: UTF-16 units equal bytes");
        assert_eq!(report.score.value, 0);
    }
}

/// The same paragraph repeated `n` times: every kind of work the engine does (findings
/// of different lengths that overlap, exceptions, negations, quotes, emoji, sentences).
fn mixed(n: usize) -> String {
    const UNIT: &str = "Hi Sam, as I already said, calm down me. Please calm down! \
                        I'd never say it's your fault. You wrote \"calm down\" 😀. \
                        That's our policy, you should have restarted it.\n";
    UNIT.repeat(n)
}

#[test]
fn work_grows_linearly_with_the_text() {
    let small = 100;
    let large = small * 10;
    let (a, ua) = measure(|| engine().analyze(&mixed(small), None));
    let (b, ub) = measure(|| engine().analyze(&mixed(large), None));
    let time_ratio = ub.elapsed.as_secs_f64() / ua.elapsed.as_secs_f64().max(1e-9);
    println!(
        "10x the text: {:.1}x the time ({:?} -> {:?}), {:.1}x the bytes allocated, {:.1}x the peak memory",
        time_ratio,
        ua.elapsed,
        ub.elapsed,
        ub.allocated as f64 / ua.allocated as f64,
        ub.peak as f64 / ua.peak as f64
    );
    assert!(!a.findings.is_empty());
    assert_eq!(b.findings.len(), 10 * a.findings.len(), "findings scale with the text");
    // Deterministic measures of work: allocation is proportional to the text.
    assert!(
        ub.allocated <= 12 * ua.allocated,
        "allocated {} then {}",
        ua.allocated,
        ub.allocated
    );
    assert!(ub.peak <= 12 * ua.peak, "peak {} then {}", ua.peak, ub.peak);
}

#[test]
fn memory_stays_proportional_to_the_text_and_its_findings() {
    // A clean 1 MB text keeps at most a small multiple of its size live at once.
    let clean = "Thanks so much for waiting, I have checked your order and it ships today. ".repeat(4_000);
    let (report, usage) = measure(|| engine().analyze(&clean, None));
    println!(
        "clean {} KB: peak {} KB, allocated {} KB",
        clean.len() >> 10,
        usage.peak >> 10,
        usage.allocated >> 10
    );
    assert!(report.findings.is_empty());
    assert!(
        usage.peak <= 32 * clean.len() as u64,
        "peak {} for {} bytes",
        usage.peak,
        clean.len()
    );
    // Each finding holds its message, explanation and rewrites: bounded per finding.
    let cold = "calm down. ".repeat(10_000);
    let (report, usage) = measure(|| engine().analyze(&cold, None));
    let per_finding = usage.peak / report.findings.len() as u64;
    println!(
        "10,000 findings: peak {} KB, {} bytes per finding",
        usage.peak >> 10,
        per_finding
    );
    assert!(per_finding <= 4096, "{per_finding} bytes per finding");
}

#[test]
fn exceptions_and_overlaps_in_huge_numbers_print_their_time_ratio() {
    // Exception matches ("calm down me") and overlapping findings of different lengths are
    // resolved against every other one. Times printed, counts asserted; see the report
    // for the growth measured.
    for (name, unit) in [
        ("exceptions", "calm down me. Calm down. "),
        ("overlaps", "As I already said, calm down. "),
    ] {
        let (a, ua) = measure(|| engine().analyze(&unit.repeat(500), None));
        let (b, ub) = measure(|| engine().analyze(&unit.repeat(4_000), None));
        println!(
            "{name}: 8x the text: {:.1}x the time ({:?} -> {:?})",
            ub.elapsed.as_secs_f64() / ua.elapsed.as_secs_f64().max(1e-9),
            ua.elapsed,
            ub.elapsed
        );
        assert_eq!(b.findings.len(), 8 * a.findings.len(), "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// Hostile packs.

#[test]
fn a_pack_nested_ten_thousand_deep_is_rejected_without_overflowing_the_stack() {
    let deep_array = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let in_a_field = format!(
        r#"{{"schema": "rapport-pack/1", "name": "deep", "version": "1", "description": {}}}"#,
        deep_object
    );
    let in_rules = format!(
        r#"{{"schema": "rapport-pack/1", "name": "deep", "version": "1", "rules": {}}}"#,
        deep_array
    );
    // Run on a thread with a small stack: a recursive reader would overflow it.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            for json in [deep_array, deep_object, in_a_field, in_rules] {
                let errors = parse_pack(&json, "deep.json").expect_err("a pack nested 10,000 deep is rejected");
                assert!(!errors.is_empty());
                assert!(errors[0].reason.contains("JSON"), "{}", errors[0]);
            }
        })
        .unwrap();
    handle.join().expect("no stack overflow");

    // Just inside serde_json's recursion limit: rejected by the pack reader, not by a crash.
    let nested_ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let pack = format!(r#"{{"schema": "rapport-pack/1", "name": "deep", "version": "1", "rules": {nested_ok}}}"#);
    assert!(parse_pack(&pack, "deep.json").is_err());

    // The CLI reports it and exits 2.
    let path = temp_file(
        "deep.json",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes(),
    );
    let out = cli::rapport(&["check", "--pack", path.to_str().unwrap()], b"calm down".to_vec());
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let out = cli::rapport(&["test", path.to_str().unwrap()], Vec::new());
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_pattern_nested_to_its_length_limit_loads_or_is_rejected_cleanly() {
    for (open, close) in [("(", ")"), ("[", "]")] {
        let depth = 245;
        let pattern = format!("calm {}down{}", open.repeat(depth), close.repeat(depth));
        assert!(pattern.len() <= 500);
        let json = pack_json(vec![rule_json("deep-pattern", &pattern)]);
        let handle = std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || {
                if let Ok(pack) = parse_pack(&json, "p") {
                    let engine = Engine::with_packs(&EngineOptions::default(), vec![pack]).unwrap();
                    let text = "calm down";
                    check_report(text, &engine.analyze(text, None));
                }
            })
            .unwrap();
        handle.join().expect("no stack overflow");
    }
}

#[test]
fn a_ten_megabyte_pack_is_rejected() {
    let filler = "x".repeat(10 << 20);
    let json = format!(r#"{{"schema": "rapport-pack/1", "name": "huge", "version": "1", "description": "{filler}"}}"#);
    let errors = parse_pack(&json, "huge.json").expect_err("a 10 MB pack is rejected");
    assert!(errors[0].reason.contains("at most"), "{}", errors[0]);

    // The limit is exact: a valid pack padded to the limit loads, one byte more does not.
    let base = pack_json(vec![rule_json("padded-rule", "zorp")]);
    let padded = format!("{base}{}", " ".repeat(MAX_PACK_BYTES - base.len()));
    assert!(parse_pack(&padded, "p").is_ok());
    assert!(parse_pack(&format!("{padded} "), "p").is_err());

    let path = temp_file("huge.json", json.as_bytes());
    let out = cli::rapport(&["check", "--pack", path.to_str().unwrap()], b"calm down".to_vec());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at most"));
}

#[test]
fn a_pack_that_matches_everything_or_holds_html_leaves_the_defaults_working() {
    let html = "<script>alert(1)</script><img src=x onerror=alert(1)>";
    let mut everything = rule_json("matches-everything", "(the|a|.|,|<num>|<caps>)");
    everything["message"] = html.into();
    everything["explanation"] = format!("<b>{html}</b>").into();
    everything["rewrites"] = serde_json::json!([{"strategy": "solve", "text": html}]);
    let json = pack_json(vec![everything, rule_json("the-word", "the")]);
    let pack = parse_pack(&json, "p").expect("pack loads");
    let with_pack = Engine::with_packs(&EngineOptions::default(), vec![pack]).unwrap();
    let text = "Sir, please calm down. The A the a. 42 THE END, as I already said.";
    let report = with_pack.analyze(text, None);
    check_report(text, &report);
    let fired = rules(&report);
    assert!(fired.contains(&"calm-down"), "{fired:?}");
    assert!(fired.contains(&"as-i-already-said"), "{fired:?}");
    assert!(fired.contains(&"matches-everything"), "{fired:?}");
    // Messages are data: kept verbatim (escaping is the display's job), never interpreted.
    let f = report.findings.iter().find(|f| f.rule == "matches-everything").unwrap();
    assert_eq!(f.message, html);
    assert_eq!(f.rewrites[0].text, html);
    // The defaults find the same as without the pack (the learned second opinion reads
    // only sentences no rule flagged, and the pack's rule flags them all).
    let plain = engine().analyze(text, None);
    for f in plain
        .findings
        .iter()
        .filter(|f| f.rule != rapport::engine::SECOND_OPINION)
    {
        assert!(
            report.findings.iter().any(|g| g.rule == f.rule && g.start == f.start),
            "{} lost",
            f.rule
        );
    }
    // And on a large text, every token matching costs no more than linear work.
    let big = "the a the a, 1 2 3 THE END. ".repeat(2_000);
    let report = with_pack.analyze(&big, None);
    check_report(&big, &report);
    assert!(report.findings.len() >= 2_000 * 8);
}

#[test]
fn a_pack_pattern_of_many_gaps_does_not_make_analysis_exponential() {
    // Each "*12" tries 13 lengths and each slot up to 20: a pattern of 8 gaps tries 13^8
    // paths from every "a" of a long sentence (the built-in catalog's worst pattern tries
    // 54). Either the pack is rejected when loaded, or analysis finishes. Run through the
    // command line so that a runaway analysis can be killed.
    for (name, pattern) in [
        ("gaps", format!("a {}zzz", "*12 ".repeat(8))),
        (
            "slots",
            format!("a {}zzz", (0..8).map(|i| format!("{{s{i}:20}} ")).collect::<String>()),
        ),
    ] {
        let path = temp_file(
            &format!("{name}.json"),
            pack_json(vec![rule_json("many-gaps", &pattern)]).as_bytes(),
        );
        let (status, stderr) = check_with_pack_within(&path, "a ".repeat(200), &pattern);
        match status.code() {
            // finished, with findings (1) or without (0)
            Some(0 | 1) => {}
            Some(2) => assert!(stderr.contains("many-gaps"), "rejected, naming the rule: {stderr}"),
            other => panic!("{pattern}: exit {other:?}: {stderr}"),
        }
    }
}

#[test]
fn a_pack_of_many_expanding_patterns_loads_and_analyses_in_bounded_time() {
    // Alternatives of several words expand: "(a|a a)" eight times is 256 paths, and a pack
    // may hold 500 rules of 64 patterns. Compiled as expanded sequences, 100 such rules
    // were 384,000 sequences, each tried at every "a": seconds to load, more to analyse
    // a 50-word reply. Through the command line, so a runaway run can be killed.
    let pattern = "(a|a a) (a|a a) (a|a a) (a|a a) (a|a a) (a|a a) (a|a a) (a|a a) *12";
    let rules: Vec<_> = (0..100)
        .map(|i| {
            let mut rule = rule_json(&format!("expanding-{i}"), pattern);
            rule["patterns"] = (0..20).map(|k| format!("{pattern} z{k}")).collect::<Vec<_>>().into();
            rule
        })
        .collect();
    let path = temp_file("expanding.json", pack_json(rules).as_bytes());
    let (status, stderr) = check_with_pack_within(&path, "a ".repeat(50), "an expanding pack");
    match status.code() {
        // finished, with findings (1) or without (0)
        Some(0 | 1) => {}
        Some(2) => assert!(stderr.contains("expanding-"), "rejected, naming a rule: {stderr}"),
        other => panic!("exit {other:?}: {stderr}"),
    }
}

#[test]
fn a_rule_set_of_many_overlapping_pack_rules_resolves_overlaps() {
    // 500 rules (the most a pack may hold) all matching the same words.
    let rules: Vec<_> = (0..500)
        .map(|i| rule_json(&format!("same-words-{i}"), "please calm down"))
        .collect();
    let pack = parse_pack(&pack_json(rules), "p").expect("500 rules load");
    let engine = Engine::with_packs(&EngineOptions::default(), vec![pack]).unwrap();
    let text = "Sir, please calm down. ".repeat(200);
    let report = engine.analyze(&text, None);
    check_report(&text, &report);
    assert_eq!(report.findings.len(), 200, "one finding per phrase, however many rules");
}

// ---------------------------------------------------------------------------------------
// Scripts, surrogates, control characters.

#[test]
fn right_to_left_text_with_an_english_cold_phrase_gets_correct_spans() {
    for text in [
        "مرحبا، من فضلك calm down وشكرا",
        "שלום, please calm down. תודה",
        "\u{202B}مرحبا calm down \u{202C} 😀",
        "\u{200F} calm down \u{200F} \u{2067}שלום\u{2069}",
        "\u{202E}calm down",
        "اسمع، as I already said, الحل هو إعادة التشغيل.",
    ] {
        let report = engine().analyze(text, None);
        check_report(text, &report);
        check_conversions(text);
        assert_eq!(report.findings.len(), 1, "{text:?}: {:?}", rules(&report));
        let f = &report.findings[0];
        let phrase = if text.contains("calm down") {
            "calm down"
        } else {
            "as I already said"
        };
        let at = text.find(phrase).unwrap();
        assert_eq!(f.byte_start, at, "{text:?}");
        assert_eq!(f.start, text[..at].encode_utf16().count(), "{text:?}");
        assert_eq!(f.end - f.start, phrase.len(), "{text:?}");
        assert_eq!(f.text, phrase);
    }
}

/// Editors put bidi controls (RLM, LRI ... PDI, PDF) around an English run in Arabic or
/// Hebrew text, and soft hyphens or a BOM turn up in pasted text. Written right after a
/// word they must not hide it.
#[test]
fn bidi_and_format_marks_next_to_a_cold_phrase_do_not_hide_it() {
    let is_format = |c: char| matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}');
    for text in [
        "\u{200F}calm down\u{200F}",
        "שלום, please \u{2066}calm down\u{2069} תודה",
        "\u{202B}مرحبا calm down\u{202C} 😀",
        "please calm down\u{00AD}",
        "please calm down\u{FEFF}",
    ] {
        let report = engine().analyze(text, None);
        check_report(text, &report);
        let found = report
            .findings
            .iter()
            .find(|f| f.rule == "calm-down")
            .unwrap_or_else(|| panic!("calm-down hidden by a format character in {text:?}"));
        assert_eq!(found.text.trim_matches(is_format), "calm down", "{text:?}");
    }
}

#[test]
fn lone_surrogates_from_javascript_and_nul_are_harmless() {
    // What the wasm boundary receives for a JS string with lone surrogates.
    let units: Vec<u16> = [0xD800u16]
        .into_iter()
        .chain("Sir, please calm down.".encode_utf16())
        .chain([0xDC00, 0xDBFF])
        .chain(" 😀 as I already said".encode_utf16())
        .chain([0xDFFF])
        .collect();
    let text = String::from_utf16_lossy(&units);
    let report = engine().analyze(&text, None);
    check_report(&text, &report);
    assert_eq!(rules(&report), ["calm-down", "as-i-already-said"]);
    assert_eq!(report.findings[0].start, 1 + "Sir, please ".len());

    for text in [
        "\0",
        "calm\0down",
        "calm down\0",
        "\0calm down\0\0",
        "\0\0\0\n> \0\n-- \n\0",
        "\u{FFFD}\u{FFFD}",
        "calm\u{0}\u{FFFD} down",
    ] {
        let report = engine().analyze(text, None);
        check_report(text, &report);
        check_conversions(text);
    }
    assert_eq!(rules(&engine().analyze("\0calm down\0\0", None)), ["calm-down"]);
}

#[test]
fn texts_of_only_marks_joiners_or_controls_give_no_findings() {
    for text in [
        "\u{301}".repeat(10_000),
        "\u{200D}".repeat(10_000),
        "👩‍👩‍👧‍👦".repeat(2_000),
        "🇫🇷".repeat(5_000),
        "\u{1}\u{2}\u{1F}\u{7F}".repeat(2_000),
        "\r".repeat(10_000),
        "\n".repeat(10_000),
        "> ".repeat(10_000),
        "\"".repeat(10_000),
        "-- \n".repeat(2_000),
        ".".repeat(10_000),
        "!?".repeat(5_000),
        "e\u{301}".repeat(5_000),
    ] {
        let report = engine().analyze(&text, None);
        check_report(&text, &report);
    }
}

// ---------------------------------------------------------------------------------------
// The command line on huge input.

/// Reads at most `limit` bytes of the child's stdout, then kills it if it is still
/// writing. Returns the bytes read and whether the limit was hit.
fn read_capped(args: &[&str], stdin: Vec<u8>, limit: usize) -> (Vec<u8>, bool) {
    let (mut child, writer) = cli::start(args, stdin, Stdio::piped(), Stdio::null());
    let mut out = Vec::new();
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = vec![0u8; 1 << 16];
    let mut capped = false;
    loop {
        let n = stdout.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
        if out.len() > limit {
            capped = true;
            let _ = child.kill();
            break;
        }
    }
    let _ = child.wait();
    writer.join().unwrap();
    (out, capped)
}

#[test]
fn cli_json_output_for_a_huge_line_is_proportional_to_its_findings() {
    let text = "calm down. ".repeat(20_000);
    let (out, capped) = read_capped(&["check", "--format", "json"], text.clone().into_bytes(), 64 << 20);
    assert!(!capped);
    let v: serde_json::Value = serde_json::from_slice(&out).expect("one JSON report");
    assert_eq!(v["findings"].as_array().unwrap().len(), 20_000);
}

#[test]
fn cli_human_output_for_a_long_line_is_bounded_per_finding() {
    // Each finding prints a header, the line with a caret and a rewrite. A line of
    // 2,000 findings must not be printed 2,000 times whole: 2 KB per finding is plenty
    // for a window around it.
    let text = "calm down. ".repeat(2_000);
    let limit = 2_000 * 2048;
    let (out, capped) = read_capped(&["check"], text.into_bytes(), limit);
    assert!(
        !capped,
        "human output passed {limit} bytes for a {} byte line",
        "calm down. ".len() * 2_000
    );
    assert_eq!(String::from_utf8_lossy(&out).matches("[calm-down]").count(), 2_000);
}
