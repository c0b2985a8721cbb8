//! The wasm's own JSON reader (src/json.rs) against serde_json, which the native build
//! reads with: the same values from the same text, and on malformed text the same error
//! message at the same line and column (a pack's error says where it is wrong).

use rapport::json::reader::{self, Value};
use serde_json::Value as Serde;

/// Ours as serde_json's value; numbers are read again by serde_json from the text kept.
fn as_serde(value: &Value) -> Serde {
    match value {
        Value::Null => Serde::Null,
        Value::Bool(b) => Serde::Bool(*b),
        Value::Number(_) => serde_json::from_str(&value.to_string()).expect("a number ours accepted"),
        Value::String(s) => Serde::String(s.clone()),
        Value::Array(items) => Serde::Array(items.iter().map(as_serde).collect()),
        Value::Object(map) => Serde::Object(map.iter().map(|(k, v)| (k.clone(), as_serde(v))).collect()),
    }
}

fn has_float(value: &Serde) -> bool {
    match value {
        Serde::Number(n) => n.is_f64(),
        Serde::Array(items) => items.iter().any(has_float),
        Serde::Object(map) => map.values().any(has_float),
        _ => false,
    }
}

/// Both readers on `text`: the same value or the same error; for values without floats
/// (ours writes a number as it was written), the same compact and pretty text.
fn same(text: &str) {
    let ours = reader::from_str(text);
    let theirs = serde_json::from_str::<Serde>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => {
            assert_eq!(&as_serde(a), b, "different values from {text:?}");
            if !has_float(b) {
                assert_eq!(a.to_string(), b.to_string(), "compact text of {text:?}");
                assert_eq!(
                    reader::to_string_pretty(a).unwrap(),
                    serde_json::to_string_pretty(b).unwrap(),
                    "pretty text of {text:?}"
                );
            }
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "the error on {text:?}"),
        _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[test]
fn malformed_text_fails_with_serde_jsons_message_and_position() {
    let cases = [
        "",
        "   ",
        "\n\n  ",
        "{",
        "[",
        "{\"a\"",
        "{\"a\":",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "{\"a\":1 \"b\":2}",
        "{1:2}",
        "{\"a\":1,2}",
        "{\"a\":1,",
        "[1,]",
        "[1 2]",
        "[1,",
        "[,1]",
        "{}x",
        "[] ]",
        "nul",
        "nulx",
        "tru",
        "trUe",
        "fals",
        "-",
        "-x",
        "01",
        "1.",
        "1.x",
        "1e",
        "1e+",
        "1ex",
        "1E-5",
        "-0",
        "-0.0",
        "0.000",
        "1e400",
        "-1e400",
        "0e400",
        "1e-400",
        "1.5e308",
        "1.7976931348623157e308",
        "9e308",
        "123456789012345678901234567890",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "1e99999999999999999999",
        "0.1e99999999999999999999",
        "\"abc",
        "\"a\\",
        "\"a\\x\"",
        "\"a\\u12\"",
        "\"a\\u12",
        "\"a\\u12G4\"",
        "\"\\ud800\"",
        "\"\\ud800\\n\"",
        "\"\\ud800x\"",
        "\"\\ud800\\u0041\"",
        "\"\\udc00\"",
        "\"\\ud83d\\ude00\"",
        "\"\\u00e9\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
        "\"tab\there\"",
        "\"line\nbreak\"",
        "\"\u{1}\"",
        "\"é ünïcødé 😀\"",
        "{\"a\":{\"b\":[1,{\"c\":null}]},\"a\":true}",
        "{\"z\":1,\"a\":[],\"m\":{},\"k\":[[],[{}]]}",
        "{\"b\":1,\"a\":2,\"c\":3,\"a\":4,\"b\":5,\"a\":{\"y\":0,\"x\":1,\"y\":2},\"é\":0,\"B\":1}",
        "\u{feff}{}",
        "{\n  \"name\": \"x\",\n  \"rules\": [\n    {\"id\": \"a\",,}\n  ]\n}",
        "{\n  \"name\": \"x\"\n  \"rules\": []\n}",
        "[\"a\",\n\"b\"\n,\n]",
        "{\"é\": 1 ; }",
        "\"control\u{1f}char\"",
        "\"\u{7f}\"",
    ];
    for case in cases {
        same(case);
    }
    same(&"[".repeat(127));
    same(&format!("{}{}", "[".repeat(127), "]".repeat(127)));
    same(&"[".repeat(128));
    same(&"{\"a\":".repeat(130));
}

/// Every rule file of the catalog, whole and then broken at many places: cut short, a
/// byte dropped, a byte replaced by one of JSON's own.
#[test]
fn the_catalogs_files_and_their_mutations_read_alike() {
    let mut texts = Vec::new();
    for dir in [
        "src/data/rules",
        "src/data/rules/es",
        "src/data/rules/de",
        "src/data/moves",
        "src/data/classes",
    ] {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for path in files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .take(40)
        {
            texts.push(std::fs::read_to_string(path).unwrap());
        }
    }
    assert!(texts.len() > 40, "the catalog's files were not found: {}", texts.len());
    let replacements = [b'"', b',', b'}', b']', b'\\', b'\n', b'x', b'0', b':', b'{', b'-', b'e'];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for text in &texts {
        same(text);
        let bytes = text.as_bytes();
        for _ in 0..60 {
            let at = random(bytes.len());
            let mut variants = vec![bytes[..at].to_vec()];
            let mut dropped = bytes.to_vec();
            dropped.remove(at);
            variants.push(dropped);
            let mut replaced = bytes.to_vec();
            replaced[at] = replacements[random(replacements.len())];
            variants.push(replaced);
            for variant in variants {
                if let Ok(variant) = String::from_utf8(variant) {
                    same(&variant);
                }
            }
        }
    }
}
