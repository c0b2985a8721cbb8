//! `rapport check --jsonl` fed garbage: random bytes, invalid UTF-8, truncated JSON,
//! huge lines, JSON of the wrong types, deep nesting. It must always exit 0 or 1 and
//! write exactly one JSON line per input line (a report, or an error naming the line).
//!
//! Deterministic: a fixed seed (PROPTEST_RNG_SEED overrides) and 24 cases (each starts
//! the binary; PROPTEST_CASES overrides).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
#[path = "common/cli.rs"]
mod cli;
#[path = "common/proptest_config.rs"]
mod proptest_config;

const SEED: u64 = 0x4a53_4f4e_4c49_4e45;

/// Runs `rapport check --jsonl` on `input`; returns the exit code, stdout and stderr.
fn run_jsonl(input: Vec<u8>) -> (Option<i32>, Vec<u8>, String) {
    let out = cli::rapport(&["check", "--jsonl"], input);
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Lines as `--jsonl` splits them: at '\n', the last one counted even without a '\n'.
fn count_lines(input: &[u8]) -> usize {
    let newlines = input.iter().filter(|&&b| b == b'\n').count();
    newlines + usize::from(!input.is_empty() && *input.last().unwrap() != b'\n')
}

/// Checks the contract and returns how many lines held a report with findings.
fn check_output(input: &[u8], code: Option<i32>, stdout: &[u8], stderr: &str) {
    let expected = count_lines(input);
    let text = std::str::from_utf8(stdout).expect("output is UTF-8");
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    assert_eq!(
        lines.len(),
        expected,
        "one output line per input line (exit {code:?}, stderr {stderr:?})"
    );
    let mut any_findings = false;
    for (i, line) in lines.iter().enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("output line {} is not JSON ({e}): {line:?}", i + 1));
        if let Some(findings) = v.get("findings") {
            any_findings |= !findings.as_array().expect("findings is a list").is_empty();
        } else {
            assert!(
                v["error"].is_string(),
                "line {}: neither report nor error: {line}",
                i + 1
            );
            assert_eq!(v["line"], i + 1, "error names its line");
        }
    }
    assert_eq!(
        code,
        Some(if any_findings { 1 } else { 0 }),
        "exit 1 exactly when some report has findings (stderr {stderr:?})"
    );
}

/// One input line's bytes, never containing '\n'.
fn garbage_line() -> impl Strategy<Value = Vec<u8>> {
    let text = prop_oneof![
        proptest::collection::vec(any::<char>(), 0..40).prop_map(|v| v.into_iter().collect::<String>()),
        proptest::sample::select(
            &[
                "Did you plug it in?",
                "Sir, please calm down.",
                "As I already said, that's our policy.",
                "You should have restarted it.",
                "Thanks so much for your patience!",
                "\0\u{FFFD}😀\u{202E}",
            ][..]
        )
        .prop_map(str::to_string),
    ];
    let line = prop_oneof![
        // Random bytes, often invalid UTF-8.
        3 => proptest::collection::vec(any::<u8>(), 0..64),
        // A well-formed request (with and without context).
        3 => text.clone().prop_map(|t| serde_json::json!({ "text": t }).to_string().into_bytes()),
        1 => (text.clone(), text.clone()).prop_map(|(t, c)| {
            serde_json::json!({"text": t, "context": {"customerMessage": c, "agentName": "Sam"}})
                .to_string()
                .into_bytes()
        }),
        // A truncated request.
        3 => (text.clone(), any::<proptest::sample::Index>()).prop_map(|(t, cut)| {
            let full = serde_json::json!({ "text": t }).to_string().into_bytes();
            full[..cut.index(full.len())].to_vec()
        }),
        // JSON of the wrong shape or types.
        3 => proptest::sample::select(&[
            "{}",
            "[]",
            "null",
            "true",
            "42",
            "-0.0e-999",
            "\"just a string\"",
            "{\"text\": 5}",
            "{\"text\": null}",
            "{\"text\": [\"a\"]}",
            "{\"text\": {\"text\": \"calm down\"}}",
            "{\"txt\": \"calm down\"}",
            "{\"text\": \"calm down\", \"context\": 5}",
            "{\"text\": \"calm down\", \"context\": {\"customerMessage\": 7}}",
            "{\"text\": \"calm down\", \"context\": {\"channel\": [1, 2]}}",
            "{\"text\": \"calm down\", \"context\": null}",
            "{\"text\": \"a\", \"text\": \"b\"}",
            "{\"text\": \"\\ud800 lone surrogate\"}",
            "{\"text\": \"\\udc00\\ud800\"}",
            "{\"text\": \"\\u0000 NUL calm down\"}",
            "{\"text\": \"calm down\"} trailing",
            "{\"text\": \"calm down\"}{\"text\": \"calm down\"}",
            "\u{feff}{\"text\": \"calm down\"}",
            "{\"text\": \"calm down\"}\r",
            "\r",
            "   ",
            "\t",
            "",
            "{\"text\": 1e999999}",
            "{\"text\": \"x\", \"extra\": {\"deep\": [[[[[[[[[[]]]]]]]]]]}}",
        ][..])
        .prop_map(|s| s.as_bytes().to_vec()),
        // Nesting far past serde_json's recursion limit.
        1 => (1usize..20_000).prop_map(|depth| {
            let mut v = "[".repeat(depth).into_bytes();
            v.extend("]".repeat(depth).into_bytes());
            v
        }),
        1 => (1usize..5_000).prop_map(|depth| {
            let mut v = b"{\"text\": \"calm down\", \"context\": ".to_vec();
            v.extend("{\"a\":".repeat(depth).into_bytes());
            v.extend("}".repeat(depth + 1).into_bytes());
            v
        }),
        // A huge line: garbage, or a huge valid request.
        1 => (1usize..200_000, any::<u8>()).prop_map(|(n, b)| vec![if b == b'\n' { b'x' } else { b }; n]),
        1 => (1usize..2_000).prop_map(|n| {
            serde_json::json!({ "text": "Calm down. ".repeat(n) }).to_string().into_bytes()
        }),
    ];
    line.prop_map(|mut l| {
        l.retain(|&b| b != b'\n');
        l
    })
}

proptest! {
    #![proptest_config(proptest_config::config(24, SEED))]

    #[test]
    fn jsonl_never_dies_and_answers_every_line(
        lines in proptest::collection::vec(garbage_line(), 0..24),
        final_newline in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let mut input = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            input.extend_from_slice(line);
            if i + 1 < lines.len() || final_newline {
                input.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
            }
        }
        let (code, stdout, stderr) = run_jsonl(input.clone());
        check_output(&input, code, &stdout, &stderr);
    }
}

#[test]
fn jsonl_survives_a_huge_garbage_line_between_good_ones() {
    let mut input = serde_json::json!({"text": "Did you plug it in?"})
        .to_string()
        .into_bytes();
    input.push(b'\n');
    input.extend((0..4_000_000u32).map(|i| (i % 251) as u8).filter(|&b| b != b'\n'));
    input.push(b'\n');
    input.extend_from_slice(b"{\"text\": \"Thanks for waiting!\"}\n");
    let (code, stdout, stderr) = run_jsonl(input.clone());
    check_output(&input, code, &stdout, &stderr);
    assert_eq!(code, Some(1));
}

#[test]
fn jsonl_with_nothing_on_stdin_writes_nothing_and_exits_0() {
    let (code, stdout, stderr) = run_jsonl(Vec::new());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.is_empty());
}
