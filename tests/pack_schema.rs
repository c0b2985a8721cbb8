//! The published pack schema (www/schema/pack.schema.json) must describe what the loader
//! accepts: the built-in rules and the example packs validate against it, it names exactly
//! the fields the loader reads, and on hundreds of mutated packs the schema and the loader
//! agree, apart from the checks the schema's own text says are beyond it.
//!
//! The validator below implements the JSON Schema 2020-12 keywords the pack schema uses and
//! refuses any other keyword, so the schema cannot grow a keyword these tests silently skip.

#[path = "common/cli.rs"]
mod cli;

use rapport::catalog::{
    parse_pack, read_pack, EXAMPLE_FIELDS, OVERRIDE_FIELDS, PACK_FIELDS, REWRITE_FIELDS, RULE_FIELDS,
};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn schema() -> Value {
    let text = std::fs::read_to_string(Path::new(ROOT).join("www/schema/pack.schema.json")).unwrap();
    serde_json::from_str(&text).expect("the pack schema is JSON")
}

struct Validator<'a> {
    root: &'a Value,
    regexes: std::cell::RefCell<std::collections::HashMap<String, regex::Regex>>,
}

impl<'a> Validator<'a> {
    fn new(root: &'a Value) -> Self {
        Validator {
            root,
            regexes: Default::default(),
        }
    }

    /// Problems of `value` against `schema`, each with its JSON pointer.
    fn validate(&self, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
        let Value::Object(s) = schema else {
            panic!("schema at {at} is not an object")
        };
        for (keyword, arg) in s {
            match keyword.as_str() {
                "$schema" | "$id" | "title" | "description" | "$defs" => {}
                "$ref" => {
                    let target = self.resolve(arg.as_str().unwrap());
                    self.validate(target, value, at, out);
                }
                "allOf" => {
                    for sub in arg.as_array().unwrap() {
                        self.validate(sub, value, at, out);
                    }
                }
                "not" => {
                    let mut inner = Vec::new();
                    self.validate(arg, value, at, &mut inner);
                    if inner.is_empty() {
                        out.push(format!("{at}: matches a schema it must not ({arg})"));
                    }
                }
                "type" => {
                    let ok = match arg.as_str().unwrap() {
                        "object" => value.is_object(),
                        "array" => value.is_array(),
                        "string" => value.is_string(),
                        "boolean" => value.is_boolean(),
                        "integer" => value.is_i64() || value.is_u64(),
                        "number" => value.is_number(),
                        "null" => value.is_null(),
                        other => panic!("unknown type {other}"),
                    };
                    if !ok {
                        out.push(format!("{at}: must be of type {arg}"));
                    }
                }
                "const" => {
                    if value != arg {
                        out.push(format!("{at}: must be {arg}"));
                    }
                }
                "enum" => {
                    if !arg.as_array().unwrap().contains(value) {
                        out.push(format!("{at}: must be one of {arg}"));
                    }
                }
                "required" => {
                    if let Value::Object(o) = value {
                        for key in arg.as_array().unwrap() {
                            if !o.contains_key(key.as_str().unwrap()) {
                                out.push(format!("{at}: {key} is required"));
                            }
                        }
                    }
                }
                "properties" | "additionalProperties" => {
                    if keyword == "additionalProperties" {
                        // handled with "properties" so that both see the same object
                        assert!(
                            s.contains_key("properties"),
                            "additionalProperties without properties at {at}"
                        );
                        continue;
                    }
                    let Value::Object(o) = value else { continue };
                    let props = arg.as_object().unwrap();
                    for (key, item) in o {
                        let here = format!("{at}/{key}");
                        match (props.get(key), s.get("additionalProperties")) {
                            (Some(sub), _) => self.validate(sub, item, &here, out),
                            (None, Some(Value::Bool(false))) => out.push(format!("{here}: not allowed")),
                            (None, Some(other)) => panic!("additionalProperties {other} is not supported"),
                            (None, None) => {}
                        }
                    }
                }
                "items" => {
                    if let Value::Array(items) = value {
                        for (i, item) in items.iter().enumerate() {
                            self.validate(arg, item, &format!("{at}/{i}"), out);
                        }
                    }
                }
                "minItems" | "maxItems" => {
                    if let Value::Array(items) = value {
                        let n = arg.as_u64().unwrap() as usize;
                        if (keyword == "minItems" && items.len() < n) || (keyword == "maxItems" && items.len() > n) {
                            out.push(format!("{at}: {keyword} {n}, has {}", items.len()));
                        }
                    }
                }
                "minLength" | "maxLength" => {
                    if let Value::String(text) = value {
                        // JSON Schema counts code points, as the loader's chars() does
                        let n = arg.as_u64().unwrap() as usize;
                        let len = text.chars().count();
                        if (keyword == "minLength" && len < n) || (keyword == "maxLength" && len > n) {
                            out.push(format!("{at}: {keyword} {n}, has {len}"));
                        }
                    }
                }
                "pattern" => {
                    if let Value::String(text) = value {
                        let source = arg.as_str().unwrap();
                        let mut cache = self.regexes.borrow_mut();
                        let re = cache
                            .entry(source.to_string())
                            .or_insert_with(|| regex::Regex::new(source).expect("the schema's pattern compiles"));
                        if !re.is_match(text) {
                            out.push(format!("{at}: does not match {arg}"));
                        }
                    }
                }
                other => panic!("the schema uses '{other}' at {at}; teach this validator the keyword first"),
            }
        }
    }

    fn resolve(&self, reference: &str) -> &Value {
        let pointer = reference.strip_prefix('#').expect("only local references");
        self.root
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{reference} resolves to nothing"))
    }

    fn errors(&self, value: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.validate(self.root, value, "", &mut out);
        out
    }

    fn rule_errors(&self, value: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.validate(self.resolve("#/$defs/rule"), value, "", &mut out);
        out
    }
}

fn json_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_built_in_rule_validates_against_the_schema() {
    let schema = schema();
    let v = Validator::new(&schema);
    let files = json_files("src/data/rules");
    assert!(files.len() >= 80, "only {} rule files", files.len());
    for path in &files {
        let errors = v.rule_errors(&read_json(path));
        assert!(errors.is_empty(), "{}: {}", path.display(), errors.join("; "));
    }
    // and all of them as one pack, the way a manager might copy them
    let rules: Vec<Value> = files.iter().map(|p| read_json(p)).collect();
    let pack = json!({"schema": "rapport-pack/1", "name": "everything", "version": "1", "rules": rules});
    assert_eq!(v.errors(&pack), Vec::<String>::new());
}

#[test]
fn the_example_packs_validate_load_and_pass_rapport_test() {
    let schema = schema();
    let v = Validator::new(&schema);
    let files = json_files("www/packs/examples");
    assert!(files.len() >= 2, "at least two example packs");
    for path in &files {
        let value = read_json(path);
        assert_eq!(v.errors(&value), Vec::<String>::new(), "{}", path.display());
        let text = std::fs::read_to_string(path).unwrap();
        let pack = parse_pack(&text, "example").unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert!(!pack.rules.is_empty(), "{} adds rules", path.display());
        let out = cli::rapport(&["test", path.to_str().unwrap()], []);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "rapport test {}:\n{stdout}", path.display());
        assert!(stdout.contains("all examples pass"), "{stdout}");
    }
}

fn property_names(schema: &Value, pointer: &str) -> BTreeSet<String> {
    schema
        .pointer(pointer)
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("no properties at {pointer}"))
        .keys()
        .cloned()
        .collect()
}

fn names(fields: &[&str]) -> BTreeSet<String> {
    fields.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_schema_names_exactly_the_fields_the_loader_reads() {
    let schema = schema();
    for (pointer, fields) in [
        ("/properties", PACK_FIELDS),
        ("/$defs/rule/properties", RULE_FIELDS),
        ("/$defs/rule/properties/examples/properties", EXAMPLE_FIELDS),
        ("/$defs/rewrite/properties", REWRITE_FIELDS),
        ("/$defs/override/properties", OVERRIDE_FIELDS),
    ] {
        assert_eq!(property_names(&schema, pointer), names(fields), "{pointer}");
        let closed = pointer.trim_end_matches("/properties").to_string() + "/additionalProperties";
        assert_eq!(
            schema.pointer(&closed),
            Some(&Value::Bool(false)),
            "{closed}: the loader rejects unknown fields, so the schema must too"
        );
    }
}

/// A pack that uses every field the schema describes, optional ones included.
fn full_pack() -> Value {
    json!({
        "$schema": "https://example.test/pack.schema.json",
        "schema": "rapport-pack/1",
        "name": "acme-support",
        "version": "1.2",
        "description": "Acme's phrases",
        "rules": [{
            "id": "acme-blorp",
            "category": "team",
            "severity": "low",
            "patterns": ["blorp {thing:3}", "the blorp"],
            "except": ["blorp free"],
            "message": "Blorp is our internal word.",
            "explanation": "Customers do not know what it means.",
            "rewrites": [
                {"text": "update {thing|lower}", "strategy": "simplify", "scope": "match"},
                {"text": "", "strategy": "clarify"}
            ],
            "examples": {"flag": ["the blorp broke"], "allow": ["nothing here"]},
            "negatable": false
        }, {
            "id": "acme-sarcasm",
            "category": "team",
            "severity": "medium",
            "patterns": ["lucky you"],
            "message": "Sarcasm about the customer's luck.",
            "explanation": "Leave it out; say what happens next.",
            "rewrites": [],
            "why_no_rewrite": "Its warm wording depends on what the agent meant.",
            "examples": {"flag": ["lucky you"], "allow": ["nothing here"]}
        }],
        "overrides": [{"rule": "obviously", "severity": "high", "enabled": true}]
    })
}

/// Values to put in place of each field: every JSON type, blank and long strings, and the
/// words of each enum.
fn candidates() -> Vec<Value> {
    let mut out = vec![
        Value::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(2.5),
        json!(""),
        json!("   "),
        json!("plain words"),
        json!("acme-x"),
        json!("avoid-blorp"),
        json!("no-blorp"),
        json!("Acme_X"),
        json!("rapport-pack/1"),
        json!("rapport-pack/2"),
        json!("{thing} ok"),
        json!("{thing|shout}"),
        json!("{thing|}"),
        json!("unclosed {thing"),
        json!("stray }"),
        json!("a".repeat(64)),
        json!("a".repeat(65)),
        json!("a".repeat(160)),
        json!("a".repeat(161)),
        json!("word ".repeat(100).trim_end()),
        json!("a".repeat(501)),
        json!("a".repeat(4001)),
        json!([]),
        json!({}),
        json!(["plain words"]),
        json!([1]),
        json!({"flag": ["x"], "allow": ["y"]}),
        json!({"text": "ok", "strategy": "thank"}),
    ];
    for word in [
        "low",
        "medium",
        "high",
        "team",
        "blame",
        "sarcasm",
        "thank",
        "follow-up",
        "match",
        "sentence",
    ] {
        out.push(json!(word));
    }
    out
}

/// Checks only the loader makes, which the schema's description lists as beyond it.
fn beyond_the_schema(errors: &[rapport::LoadError]) -> bool {
    errors.iter().all(|e| {
        (e.field.starts_with("patterns[") || e.field.starts_with("except["))
            && !e.reason.contains("must not be empty")
            && !e.reason.contains("longer than")
            && !e.reason.contains("must be a string")
    })
}

/// Every field path of `value` (objects' keys and arrays' items), as JSON pointers.
fn paths(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(o) => {
            for (k, v) in o {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(here.clone());
                paths(v, here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let here = format!("{at}/{i}");
                out.push(here.clone());
                paths(v, here, out);
            }
        }
        _ => {}
    }
}

fn parent_and_key(pointer: &str) -> (&str, String) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    (parent, key.replace("~1", "/").replace("~0", "~"))
}

#[test]
fn the_schema_and_the_loader_agree_on_mutated_packs() {
    let schema = schema();
    let v = Validator::new(&schema);
    let base = full_pack();
    assert_eq!(v.errors(&base), Vec::<String>::new(), "the full pack is valid");
    read_pack(&base, "base").unwrap_or_else(|e| panic!("the loader rejects the full pack: {e:?}"));

    let mut pointers = Vec::new();
    paths(&base, String::new(), &mut pointers);
    let mut variants: Vec<(String, Value)> = Vec::new();
    for pointer in &pointers {
        let (parent, key) = parent_and_key(pointer);
        for candidate in candidates() {
            let mut pack = base.clone();
            *pack.pointer_mut(pointer).unwrap() = candidate.clone();
            variants.push((format!("{pointer} = {}", short(&candidate)), pack));
        }
        let mut pack = base.clone();
        match pack.pointer_mut(parent).unwrap() {
            Value::Object(o) => {
                o.remove(&key);
            }
            Value::Array(items) => {
                items.remove(key.parse::<usize>().unwrap());
            }
            _ => unreachable!(),
        }
        variants.push((format!("{pointer} removed"), pack));
        // lists at, under and over their bounds (copies of their first item)
        if let Some(Value::Array(items)) = base.pointer(pointer) {
            if let Some(first) = items.first() {
                let counts: &[usize] = if pointer == "/rules" {
                    &[1, 1001]
                } else {
                    &[2, 3, 4, 50, 51, 64, 65, 500, 501]
                };
                for &n in counts {
                    let mut pack = base.clone();
                    *pack.pointer_mut(pointer).unwrap() = Value::Array(vec![first.clone(); n]);
                    variants.push((format!("{pointer} with {n} items"), pack));
                }
            }
        }
    }
    for object in std::iter::once(String::new()).chain(pointers.iter().cloned()) {
        if let Some(Value::Object(_)) = base.pointer(&object) {
            let mut pack = base.clone();
            let Value::Object(o) = pack.pointer_mut(&object).unwrap() else {
                unreachable!()
            };
            o.insert("unexpected".into(), json!("x"));
            variants.push((format!("{object}/unexpected added"), pack));
        }
    }
    assert!(variants.len() > 1000, "{} variants", variants.len());

    let mut disagreements = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for (what, pack) in &variants {
        let schema_errors = v.errors(pack);
        let loaded = read_pack(pack, "mutated");
        match (&loaded, schema_errors.is_empty()) {
            (Ok(_), true) => accepted += 1,
            (Err(_), false) => rejected += 1,
            (Err(errors), true) if beyond_the_schema(errors) => rejected += 1,
            (Ok(_), false) => disagreements.push(format!(
                "{what}: the loader accepts it, the schema says {schema_errors:?}"
            )),
            (Err(errors), true) => disagreements.push(format!(
                "{what}: the schema accepts it, the loader says {}",
                errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")
            )),
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    // the mutations exercise both verdicts, many times
    assert!(
        accepted > 50 && rejected > 500,
        "accepted {accepted}, rejected {rejected}"
    );
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!(
            "{}… ({} chars)",
            s.chars().take(20).collect::<String>(),
            s.chars().count()
        )
    } else {
        s
    }
}

#[test]
fn editors_may_name_the_schema_and_description_is_text() {
    let mut pack = full_pack();
    pack["$schema"] = json!(3);
    let errors = read_pack(&pack, "p").unwrap_err();
    assert!(errors.iter().any(|e| e.field == "$schema"), "{errors:?}");
    let mut pack = full_pack();
    pack["description"] = json!(["not", "text"]);
    let errors = read_pack(&pack, "p").unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.field == "description" && e.reason.contains("must be a string")),
        "{errors:?}"
    );
    let mut pack = full_pack();
    pack.as_object_mut().unwrap().remove("$schema");
    pack.as_object_mut().unwrap().remove("description");
    read_pack(&pack, "p").expect("both are optional");
}

/// A rule goes without rewrites only by saying why, and a reason comes only with none: a
/// rule cannot lose its rewrites by accident, nor keep a stale reason beside new ones.
/// (Written for the rules that offer no rewrite.)
#[test]
fn a_rule_has_rewrites_or_says_why_it_has_none() {
    let schema = schema();
    let v = Validator::new(&schema);
    let refused = |pack: &Value, field: &str| {
        let errors = read_pack(pack, "p").unwrap_err();
        assert!(errors.iter().any(|e| e.field == field), "{field}: {errors:?}");
        assert!(!v.errors(pack).is_empty(), "the schema accepts what the loader refuses");
    };
    let mut pack = full_pack();
    pack["rules"][1].as_object_mut().unwrap().remove("why_no_rewrite");
    refused(&pack, "rewrites");
    let mut pack = full_pack();
    pack["rules"][0]["why_no_rewrite"] = json!("No wording fits.");
    refused(&pack, "why_no_rewrite");
    let mut pack = full_pack();
    pack["rules"][1]["why_no_rewrite"] = json!("  ");
    refused(&pack, "why_no_rewrite");
    let pack = read_pack(&full_pack(), "p").expect("a rule with no rewrite that says why loads");
    let sarcasm = pack.rules.iter().find(|r| r.id == "acme-sarcasm").unwrap();
    assert!(sarcasm.rewrites.is_empty());
    assert_eq!(
        sarcasm.why_no_rewrite.as_deref(),
        Some("Its warm wording depends on what the agent meant.")
    );
}
