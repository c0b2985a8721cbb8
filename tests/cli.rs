//! The `rapport` command line: exit codes, formats, the stable --jsonl batch interface,
//! and clear errors that name what went wrong.

#[path = "common/cli.rs"]
mod cli;

use cli::{stderr, stdout};

fn rapport(args: &[&str], stdin: &[u8]) -> std::process::Output {
    cli::rapport(args, stdin)
}

const COLD: &str = "That seems to be a recurring problem here. Did you plug it in?";
const WARM: &str = "I understand how frustrating it is when your modem isn't working.";

#[test]
fn check_shows_line_caret_message_and_rewrite_and_exits_1() {
    let out = rapport(&["check"], COLD.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("<stdin>:1:44:"), "{text}");
    assert!(text.contains("did-you-plug-it-in"), "{text}");
    let caret_line = text.lines().find(|l| l.contains('^')).unwrap();
    assert_eq!(caret_line.find('^').unwrap() - "  | ".len(), 43);
    assert!(text.contains("try ("), "{text}");
}

/// A finding whose rule offers no rewrite says why and what to write instead, where a
/// finding with one shows "try". (Written for the rules without rewrites.)
#[test]
fn a_finding_without_a_rewrite_says_why_and_what_to_do() {
    let out = rapport(&["check"], "Oh, must be nice having that kind of money.".as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("[must-be-nice]"), "{text}");
    assert!(!text.contains("try ("), "{text}");
    assert!(text.contains("  no rewrite: It is sarcasm"), "{text}");
    assert!(text.contains("  instead: Sarcastic envy"), "{text}");
    let out = rapport(&["explain", "must-be-nice"], b"");
    assert!(stdout(&out).contains("No rewrite: It is sarcasm"), "{}", stdout(&out));
    let out = rapport(&["rules", "--format", "json"], b"");
    let rules: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rule = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "must-be-nice")
        .unwrap();
    assert_eq!(rule["rewrites"], serde_json::json!([]));
    assert!(rule["why_no_rewrite"].is_string());
}

#[test]
fn a_clean_reply_exits_0() {
    let out = rapport(&["check"], WARM.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn json_format_is_one_report() {
    let out = rapport(&["check", "--format", "json"], COLD.as_bytes());
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "did-you-plug-it-in");
    assert_eq!(f["start"], 43);
    assert!(f["rewrites"][0]["strategy"].is_string());
    assert!(v["score"]["value"].is_number());
}

#[test]
fn jsonl_keeps_order_and_survives_bad_lines() {
    let input = format!(
        "{}\n{{not json\n\n{}\n\"just a string\"\n{}\n",
        serde_json::json!({"text": COLD}),
        serde_json::json!({"text": WARM}),
        serde_json::json!({"text": COLD, "context": {"customerMessage": "again!"}})
    );
    let mut bytes = input.into_bytes();
    bytes.extend_from_slice(b"{\"text\": \"bad \xff byte\"}\n");
    let out = rapport(&["check", "--jsonl"], &bytes);
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0]["findings"][0]["rule"], "did-you-plug-it-in");
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("JSON"));
    assert!(lines[2]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(lines[3]["findings"].as_array().unwrap().len(), 0);
    assert!(lines[4]["error"].is_string());
    let rules_of = |v: &serde_json::Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        rules_of(&lines[5]).contains(&"did-you-plug-it-in".to_string()),
        "{}",
        lines[5]
    );
    assert!(lines[6]["error"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn jsonl_names_a_key_it_does_not_know_instead_of_ignoring_it() {
    // "customer" for "customerMessage", inside the context and beside it
    let input = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"text": WARM, "context": {"customer": "This is my third email!"}}),
        serde_json::json!({"text": WARM, "customer": "This is my third email!"}),
        serde_json::json!({"text": WARM, "context": {"customerMessage": "This is my third email!"}}),
    );
    let out = rapport(&["check", "--jsonl"], input.as_bytes());
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    for (i, line) in lines[..2].iter().enumerate() {
        let error = line["error"]
            .as_str()
            .unwrap_or_else(|| panic!("line {}: {line}", i + 1));
        assert!(error.contains("`customer`"), "line {}: {error}", i + 1);
        assert_eq!(line["line"], i + 1);
    }
    let read: Vec<&str> = lines[2]["customer"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(read.contains(&"repeat-contact"), "{}", lines[2]);
}

#[test]
fn files_are_checked_and_bad_ones_named() {
    let dir = std::env::temp_dir().join(format!("rapport-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("reply.txt");
    std::fs::write(&good, format!("Hello,\n{COLD}\n")).unwrap();
    let out = rapport(&["check", good.to_str().unwrap()], b"");
    assert!(stdout(&out).contains("reply.txt:2:44:"), "{}", stdout(&out));

    let missing = dir.join("nope.txt");
    let out = rapport(&["check", missing.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.txt"), "{}", stderr(&out));

    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"caf\xe9").unwrap();
    let out = rapport(&["check", latin1.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("latin1.txt is not valid UTF-8"),
        "{}",
        stderr(&out)
    );

    let out = rapport(&["check"], b"\xff\xfe");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("standard input is not valid UTF-8"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rules_and_explain() {
    let out = rapport(&["rules"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("did-you-plug-it-in"));
    let out = rapport(&["explain", "did-you-plug-it-in"], b"");
    let text = stdout(&out);
    assert!(
        text.contains("Flags:") && text.contains("Does not flag:") && text.contains("->"),
        "{text}"
    );
    let out = rapport(&["explain", "no-such-rule"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no rule 'no-such-rule'"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(rapport(&[], b"").status.code(), Some(2));
    assert_eq!(rapport(&["frobnicate"], b"").status.code(), Some(2));
    let out = rapport(&["check", "--format", "xml"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--format"));
}

#[test]
fn test_command_runs_pack_examples() {
    let dir = std::env::temp_dir().join(format!("rapport-pack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pack = dir.join("pack.json");
    std::fs::write(
        &pack,
        r#"{"schema":"rapport-pack/1","name":"acme","version":"1","rules":[{"id":"acme-blorp","category":"team",
        "severity":"low","patterns":["blorp"],"message":"Blorp is our banned word.","explanation":"Customers do not know what it means.",
        "rewrites":[{"strategy":"simplify","text":"update"}],"examples":{"flag":["a blorp"],"allow":["a blorp-free reply", "nothing"]}}]}"#,
    )
    .unwrap();
    let out = rapport(&["test", pack.to_str().unwrap()], b"");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the allow example 'a blorp-free reply' fires"
    );
    assert!(stdout(&out).contains("allow example"), "{}", stdout(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn customer_message_coaches_the_reply() {
    let dir = std::env::temp_dir().join(format!("rapport-customer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let customer = dir.join("customer.txt");
    std::fs::write(
        &customer,
        "This is the third time I ask about order 4412!\nThanks,\nSam\n",
    )
    .unwrap();
    let out = rapport(
        &["check", "--customer", customer.to_str().unwrap()],
        b"As I already said, it takes 5 days.",
    );
    let text = stdout(&out);
    assert!(text.contains("third contact") && text.contains("order 4412"), "{text}");
    assert!(text.contains("unacknowledged-upset"), "{text}");
    let out = rapport(
        &["check", "--customer", dir.join("missing.txt").to_str().unwrap()],
        b"Hi",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.txt"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rules_as_json_carry_examples_for_the_rule_reference() {
    let out = rapport(&["rules", "--format", "json"], b"");
    assert_eq!(out.status.code(), Some(0));
    let rules: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let plug = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "did-you-plug-it-in")
        .unwrap();
    assert!(!plug["examples"]["flag"].as_array().unwrap().is_empty());
    assert!(plug["rewrites"][0]["strategy"].is_string());
    assert_eq!(rapport(&["rules", "--format", "yaml"], b"").status.code(), Some(2));
}

#[test]
fn jsonl_names_a_context_field_it_does_not_know() {
    let input = b"{\"text\":\"Calm down.\",\"context\":{\"customer\":\"third time!\"}}\n{\"text\":\"Calm down.\",\"customer\":\"x\"}\n";
    let out = rapport(&["check", "--jsonl"], input);
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    for (i, line) in lines.iter().enumerate() {
        let error = line["error"]
            .as_str()
            .unwrap_or_else(|| panic!("line {} was not an error: {line}", i + 1));
        assert!(error.contains("`customer`"), "{error}");
        assert_eq!(line["line"], i + 1);
    }
}

#[test]
fn jsonl_reads_every_line_in_the_language_lang_names_unless_the_line_says_otherwise() {
    // A short Spanish order that the detector alone cannot place: only --lang makes it Spanish.
    let input = b"{\"text\":\"C\\u00e1lmese.\"}\n{\"text\":\"C\\u00e1lmese.\",\"context\":{\"lang\":\"en\"}}\n";
    let rules_of = |out: &std::process::Output| -> Vec<usize> {
        stdout(out)
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["findings"]
                    .as_array()
                    .unwrap()
                    .len()
            })
            .collect()
    };
    let spanish = rapport(&["check", "--jsonl", "--lang", "es"], input);
    let counts = rules_of(&spanish);
    assert!(counts[0] > 0, "--lang es was ignored: {}", stdout(&spanish));
    assert_eq!(counts[1], 0, "a line's own lang must win: {}", stdout(&spanish));
}
