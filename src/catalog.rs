//! Rules, empathy moves, tone cues and customer signals as data, and the one loader for
//! the built-in catalog and managers' packs. Every problem is reported with the pack, the
//! rule, the field and the reason; a pack with any problem is rejected whole.

use crate::json::{self, Map, Value};
pub use crate::lang::Lang;
use crate::pattern::{self, Tree};
use serde::Serialize;
use std::fmt;

pub use crate::embedded::{CLASS_FILES, CUE_FILES, CUSTOMER_FILES, MOVE_FILES, RULE_FILES};

pub const PACK_SCHEMA: &str = "rapport-pack/1";
/// Packs arrive from policies and pasted JSON: bound what one may cost to load.
pub const MAX_PACK_BYTES: usize = 1 << 20;
const MAX_RULES_PER_PACK: usize = 1000;
const MAX_TEXT: usize = 4000;

pub const CATEGORIES: &[&str] = &[
    "invalidating",
    "dismissive",
    "blame",
    "condescending",
    "policy",
    "passive-aggressive",
    "repeat-yourself",
    "robotic",
    "commanding",
    "refusal",
    "non-apology",
    "uncertainty",
    "toxic-positivity",
    "shouting",
    "sarcasm",
    "impatience",
    "team",
    "deflecting",
    "arguing",
    "abrupt",
    "contempt",
    "address",
    // the learned second opinion's: a sentence that reads cold, no rule naming why
    "cold",
];

/// What a finding of each category does to the reader, in words for the score's breakdown.
pub fn category_words(category: &str) -> &'static str {
    match category {
        "invalidating" => "tells them how to feel",
        "dismissive" => "brushes the problem aside",
        "blame" => "blames the customer",
        "condescending" => "talks down to them",
        "policy" => "hides behind policy",
        "passive-aggressive" => "reads as passive-aggressive",
        "repeat-yourself" => "makes them repeat themselves",
        "robotic" => "sounds robotic",
        "commanding" => "gives orders",
        "refusal" => "refuses without an alternative",
        "non-apology" => "apologises without meaning it",
        "uncertainty" => "sounds unsure",
        "toxic-positivity" => "forces positivity",
        "shouting" => "shouts",
        "sarcasm" => "sounds sarcastic",
        "impatience" => "sounds impatient",
        "team" => "blames colleagues",
        "deflecting" => "passes the problem on",
        "arguing" => "argues with them",
        "abrupt" => "sounds abrupt",
        "contempt" => "shows contempt",
        "address" => "mixes formal and informal address",
        _ => "reads cold",
    }
}

/// Whether a move or a rewrite's strategy (they share the names) meets the customer's
/// feeling: an acknowledgement, a validation or an apology.
pub fn shows_empathy(id: &str) -> bool {
    matches!(id, "acknowledge" | "validate" | "apologize")
}

const STRATEGIES: &[&str] = &[
    "acknowledge",
    "validate",
    "apologize",
    "cooperate",
    "affirm",
    "solve",
    "alternative",
    "follow-up",
    "reassure",
    "ownership",
    "clarify",
    "thank",
    "personalize",
    "simplify",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Replace the matched words only.
    Match,
    /// Replace the whole sentence the match is in.
    Sentence,
}

#[derive(Debug, Clone, Serialize)]
pub struct RewriteTemplate {
    pub text: String,
    pub strategy: String,
    pub scope: Scope,
}

impl RewriteTemplate {
    /// Whether it drops the rest of the sentence with the jibe (`{after|drop}`): the facts
    /// there must survive, its other words need not.
    pub fn drops_rest(&self) -> bool {
        self.text.contains("{after|drop}")
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Examples {
    pub flag: Vec<String>,
    pub allow: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub id: String,
    pub category: String,
    pub severity: Severity,
    pub patterns: Vec<String>,
    pub except: Vec<String>,
    pub message: String,
    pub explanation: String,
    pub rewrites: Vec<RewriteTemplate>,
    /// Why the rule offers no rewrite (sarcasm whose neutral wording depends on what the
    /// agent meant): a rule has rewrites or says why it has none, so it cannot lose them
    /// by accident.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_no_rewrite: Option<String>,
    pub examples: Examples,
    /// Dropped when a negation shortly precedes it ("I'd never say it's your fault").
    pub negatable: bool,
    /// Fires only just after the reply showed empathy (an acknowledge or validate
    /// move in the sentence before or earlier in its own): the "That said," that
    /// takes back "I'm so sorry to hear that." is cold; the same words elsewhere are not.
    pub after_empathy: bool,
    /// Dropped where the reply is warm elsewhere (thanks, an apology, empathy, a follow-up,
    /// a warm word or wish) and no rule without this flag fires in it: "Bye." after "Have a
    /// great day." is a sign-off, alone a door shut; thanks do not warm a cold reply.
    pub unless_warm: bool,
    /// The wording is the formal business register's own ("kindly", "herewith", "revert"):
    /// stiff to many readers, ordinary to a team that writes in that register, whose
    /// engines leave the rule out (the `formalRegister` option).
    pub formal_register: bool,
    /// The language of the replies it reads: it fires only in paragraphs in that language.
    pub lang: Lang,
    pub pack: String,
    /// The patterns and exceptions parsed while validating them, so the engine does not
    /// parse them a second time.
    #[serde(skip)]
    pub parsed_patterns: Vec<Tree>,
    #[serde(skip)]
    pub parsed_except: Vec<Tree>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    Opening,
    Closing,
}

/// An empathy move (src/data/moves/): made, it adds `points` to the warmth score; missing,
/// the coach may suggest its sentence at `position`.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    pub id: String,
    pub label: String,
    pub patterns: Vec<String>,
    /// Added to the warmth score when present.
    pub points: i32,
    pub suggestion: String,
    pub position: Position,
    pub present_examples: Vec<String>,
    pub absent_examples: Vec<String>,
    #[serde(skip)]
    pub parsed: Vec<Tree>,
}

/// A tone cue (src/data/cues/): wording that moves the warmth score without being a
/// finding: up for asking rather than telling, hedges, support; down for insults and
/// demanding "why did you" openers.
#[derive(Debug, Clone)]
pub struct Cue {
    pub id: String,
    pub label: String,
    pub patterns: Vec<String>,
    /// Added to the warmth score when present; negative for a cold cue.
    pub points: i32,
    pub present_examples: Vec<String>,
    pub absent_examples: Vec<String>,
    pub parsed: Vec<Tree>,
}

/// What a customer's message can signal (src/data/customer/): frustration, a repeat
/// contact, urgency, ... Read in the customer's message, never in the reply.
#[derive(Debug, Clone)]
pub struct CustomerSignal {
    pub id: String,
    pub label: String,
    pub patterns: Vec<String>,
    pub present_examples: Vec<String>,
    pub absent_examples: Vec<String>,
    pub parsed: Vec<Tree>,
}

/// A change a pack makes to a rule it does not define.
#[derive(Debug, Clone, Serialize)]
pub struct Override {
    pub rule: String,
    pub severity: Option<Severity>,
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pack {
    pub name: String,
    pub version: String,
    pub rules: Vec<Rule>,
    pub overrides: Vec<Override>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadError {
    pub pack: String,
    pub rule: Option<String>,
    pub field: String,
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pack '{}'", self.pack)?;
        if let Some(rule) = &self.rule {
            write!(f, ", rule '{rule}'")?;
        }
        if !self.field.is_empty() {
            write!(f, ", field '{}'", self.field)?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Collects errors while reading one object, so that a pack author sees every problem at
/// once instead of one per attempt.
struct Reader<'a> {
    pack: &'a str,
    rule: Option<String>,
    /// Put before field names while reading a nested object ("examples.").
    prefix: &'static str,
    errors: Vec<LoadError>,
}

impl Reader<'_> {
    fn error(&mut self, field: &str, reason: impl Into<String>) {
        self.errors.push(LoadError {
            pack: self.pack.to_string(),
            rule: self.rule.clone(),
            field: format!("{}{field}", self.prefix),
            reason: reason.into(),
        });
    }

    /// Parses each pattern, reporting the ones that do not parse by index.
    fn parse_all(&mut self, patterns: &[String], field: &str) -> Vec<Tree> {
        let mut out = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match pattern::parse(p) {
                Ok(tree) => out.push(tree),
                Err(reason) => self.error(&format!("{field}[{i}]"), format!("'{p}': {reason}")),
            }
        }
        out
    }

    fn check_fields(&mut self, obj: &Map<String, Value>, known: &[&str]) {
        for key in obj.keys() {
            if !known.contains(&key.as_str()) {
                self.error(
                    key,
                    format!("unknown field; expected one of: {}", crate::text::join(known, ", ")),
                );
            }
        }
    }

    fn string(&mut self, obj: &Map<String, Value>, field: &str, required: bool) -> Option<String> {
        match obj.get(field) {
            None if required => {
                self.error(field, "is required");
                None
            }
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() && required => {
                self.error(field, "must not be empty");
                None
            }
            Some(Value::String(s)) if s.chars().count() > MAX_TEXT => {
                self.error(field, format!("is longer than {MAX_TEXT} characters"));
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.error(field, format!("must be a string, got {}", type_name(other)));
                None
            }
        }
    }

    fn strings(&mut self, obj: &Map<String, Value>, field: &str, min: usize, max: usize) -> Vec<String> {
        let Some(value) = obj.get(field) else {
            if min > 0 {
                self.error(field, "is required");
            }
            return Vec::new();
        };
        let Value::Array(items) = value else {
            self.error(field, format!("must be a list of strings, got {}", type_name(value)));
            return Vec::new();
        };
        if items.len() < min {
            self.error(field, format!("needs at least {min} item(s)"));
        }
        if items.len() > max {
            self.error(field, format!("has {} items; at most {max}", items.len()));
            return Vec::new();
        }
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) if s.trim().is_empty() => self.error(&format!("{field}[{i}]"), "must not be empty"),
                Value::String(s) if s.chars().count() > MAX_TEXT => self.error(
                    &format!("{field}[{i}]"),
                    format!("is longer than {MAX_TEXT} characters"),
                ),
                Value::String(s) => out.push(s.clone()),
                other => self.error(
                    &format!("{field}[{i}]"),
                    format!("must be a string, got {}", type_name(other)),
                ),
            }
        }
        out
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// The fields the loader accepts at each level of a pack; any other is an error. The pack
/// schema (www/schema/pack.schema.json) lists exactly these (tests/pack_schema.rs).
/// "$schema" lets an editor find the pack schema; the loader only checks it is a string.
pub const PACK_FIELDS: &[&str] = &[
    "$schema",
    "schema",
    "name",
    "version",
    "description",
    "rules",
    "overrides",
];
pub const EXAMPLE_FIELDS: &[&str] = &["flag", "allow"];
pub const REWRITE_FIELDS: &[&str] = &["text", "strategy", "scope"];
pub const OVERRIDE_FIELDS: &[&str] = &["rule", "severity", "enabled"];
pub const RULE_FIELDS: &[&str] = &[
    "id",
    "category",
    "severity",
    "patterns",
    "except",
    "message",
    "explanation",
    "rewrites",
    "why_no_rewrite",
    "examples",
    "negatable",
    "after_empathy",
    "unless_warm",
    "formal_register",
    "lang",
];

/// The wasm build embeds the catalog without examples (see build.rs).
const BUILTIN_EXAMPLES: bool = !cfg!(target_arch = "wasm32");

fn read_rule(value: &Value, pack: &str, position: usize) -> Result<Rule, Vec<LoadError>> {
    read_rule_with(value, pack, position, true)
}

fn read_rule_with(value: &Value, pack: &str, position: usize, examples_required: bool) -> Result<Rule, Vec<LoadError>> {
    let mut r = Reader {
        pack,
        rule: Some(format!("#{}", position + 1)),
        prefix: "",
        errors: Vec::new(),
    };
    let Value::Object(obj) = value else {
        r.error("", format!("a rule must be an object, got {}", type_name(value)));
        return Err(r.errors);
    };
    if let Some(Value::String(id)) = obj.get("id") {
        r.rule = Some(id.chars().take(64).collect());
    }
    r.check_fields(obj, RULE_FIELDS);
    let id = r.string(obj, "id", true).unwrap_or_default();
    if !id.is_empty() && !is_kebab_case(&id) {
        r.error(
            "id",
            "must be kebab-case (lower-case words joined by '-'), at most 64 characters",
        );
    }
    if id.starts_with("avoid-") || id.starts_with("dont-") || id.starts_with("no-") {
        r.error(
            "id",
            "must name the cold pattern itself, not an instruction (no 'avoid-', 'dont-', 'no-')",
        );
    }
    let category = r.string(obj, "category", true).unwrap_or_default();
    if !category.is_empty() && !CATEGORIES.contains(&category.as_str()) {
        r.error(
            "category",
            format!(
                "unknown category '{category}'; expected one of: {}",
                crate::text::join(CATEGORIES, ", ")
            ),
        );
    }
    let severity = match r.string(obj, "severity", true) {
        Some(s) => Severity::parse(&s).unwrap_or_else(|| {
            r.error("severity", format!("must be low, medium or high, got '{s}'"));
            Severity::Low
        }),
        None => Severity::Low,
    };
    let patterns = r.strings(obj, "patterns", 1, 64);
    let parsed_patterns = r.parse_all(&patterns, "patterns");
    let except = r.strings(obj, "except", 0, 64);
    let parsed_except = r.parse_all(&except, "except");
    let message = r.string(obj, "message", true).unwrap_or_default();
    if message.chars().count() > 160 {
        r.error("message", "must be one line of at most 160 characters");
    }
    let explanation = r.string(obj, "explanation", true).unwrap_or_default();
    let why_no_rewrite = r.string(obj, "why_no_rewrite", false).filter(|why| {
        let said = !why.trim().is_empty();
        if !said {
            r.error(
                "why_no_rewrite",
                "must not be empty: it says why the rule offers no rewrite",
            );
        }
        said
    });
    let rewrites = read_rewrites(&mut r, obj, why_no_rewrite.is_some());
    let examples = match obj.get("examples") {
        Some(Value::Object(ex)) => {
            r.prefix = "examples.";
            r.check_fields(ex, EXAMPLE_FIELDS);
            let examples = Examples {
                flag: r.strings(ex, "flag", 1, 50),
                allow: r.strings(ex, "allow", 1, 50),
            };
            r.prefix = "";
            examples
        }
        Some(other) => {
            r.error(
                "examples",
                format!(
                    "must be an object with 'flag' and 'allow' lists, got {}",
                    type_name(other)
                ),
            );
            Examples {
                flag: vec![],
                allow: vec![],
            }
        }
        None if !examples_required => Examples {
            flag: vec![],
            allow: vec![],
        },
        None => {
            r.error(
                "examples",
                "is required: at least one reply that must flag and one that must not",
            );
            Examples {
                flag: vec![],
                allow: vec![],
            }
        }
    };
    let negatable = read_flag(&mut r, obj, "negatable", true);
    let after_empathy = read_flag(&mut r, obj, "after_empathy", false);
    let unless_warm = read_flag(&mut r, obj, "unless_warm", false);
    let formal_register = read_flag(&mut r, obj, "formal_register", false);
    let lang = match r.string(obj, "lang", false) {
        None => Lang::En,
        Some(code) => Lang::parse(&code).unwrap_or_else(|| {
            r.error(
                "lang",
                format!("unknown language '{code}'; expected one of: {}", crate::lang::codes()),
            );
            Lang::En
        }),
    };
    if lang != Lang::En {
        // `word+` generates English inflections (-s, -ed, -ing), which would be wrong words
        // in another language.
        for (i, p) in patterns.iter().chain(&except).enumerate() {
            let inflected = p
                .split(|c: char| c.is_whitespace() || "()[]|".contains(c))
                .any(|w| w.len() > 1 && w.ends_with('+'));
            if inflected {
                let field = if i < patterns.len() { "patterns" } else { "except" };
                let at = if i < patterns.len() { i } else { i - patterns.len() };
                r.error(
                    &format!("{field}[{at}]"),
                    format!(
                        "'{p}': word+ inflects English words; in a '{}' rule list the forms",
                        lang.code()
                    ),
                );
            }
        }
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
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
        pack: pack.to_string(),
        parsed_patterns,
        parsed_except,
    })
}

/// One to three rewrites; none only where the rule says why (`said_why`), and then none.
/// A true/false field of a rule, `default` where it is absent or not a boolean (which is
/// reported).
fn read_flag(r: &mut Reader, obj: &Map<String, Value>, field: &str, default: bool) -> bool {
    match obj.get(field) {
        None => default,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            r.error(field, format!("must be true or false, got {}", type_name(other)));
            default
        }
    }
}

fn read_rewrites(r: &mut Reader, obj: &Map<String, Value>, said_why: bool) -> Vec<RewriteTemplate> {
    let items = match obj.get("rewrites") {
        Some(Value::Array(items)) if said_why && !items.is_empty() => {
            r.error(
                "why_no_rewrite",
                "says why the rule has no rewrite, but it has some: drop one or the other",
            );
            return Vec::new();
        }
        Some(Value::Array(items)) if said_why => items,
        Some(Value::Array(items)) if items.is_empty() => {
            r.error(
                "rewrites",
                "needs one to three rewrites, got 0; a rule with none says why in 'why_no_rewrite'",
            );
            return Vec::new();
        }
        Some(Value::Array(items)) if (1..=3).contains(&items.len()) => items,
        Some(Value::Array(items)) => {
            r.error("rewrites", format!("needs one to three rewrites, got {}", items.len()));
            return Vec::new();
        }
        Some(other) => {
            r.error("rewrites", format!("must be a list, got {}", type_name(other)));
            return Vec::new();
        }
        None => {
            r.error("rewrites", "is required: one to three rewrites");
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = format!("rewrites[{i}]");
        let Value::Object(o) = item else {
            r.error(&field, format!("must be an object, got {}", type_name(item)));
            continue;
        };
        for key in o.keys() {
            if !REWRITE_FIELDS.contains(&key.as_str()) {
                r.error(
                    &format!("{field}.{key}"),
                    "unknown field; expected text, strategy, scope",
                );
            }
        }
        let text = match o.get("text") {
            Some(Value::String(s)) if s.chars().count() <= MAX_TEXT => s.clone(),
            Some(Value::String(_)) => {
                r.error(
                    &format!("{field}.text"),
                    format!("is longer than {MAX_TEXT} characters"),
                );
                continue;
            }
            _ => {
                r.error(
                    &format!("{field}.text"),
                    "is required and must be a string (\"\" deletes the words)",
                );
                continue;
            }
        };
        if let Err(reason) = crate::rewrite::check_template(&text) {
            r.error(&format!("{field}.text"), reason);
        }
        let strategy = match o.get("strategy") {
            Some(Value::String(s)) if STRATEGIES.contains(&s.as_str()) => s.clone(),
            Some(Value::String(s)) => {
                r.error(
                    &format!("{field}.strategy"),
                    format!(
                        "unknown strategy '{s}'; expected one of: {}",
                        crate::text::join(STRATEGIES, ", ")
                    ),
                );
                continue;
            }
            _ => {
                r.error(&format!("{field}.strategy"), "is required and must be a string");
                continue;
            }
        };
        let scope = match o.get("scope") {
            None => Scope::Match,
            Some(Value::String(s)) if s == "match" => Scope::Match,
            Some(Value::String(s)) if s == "sentence" => Scope::Sentence,
            Some(_) => {
                r.error(&format!("{field}.scope"), "must be \"match\" or \"sentence\"");
                continue;
            }
        };
        out.push(RewriteTemplate { text, strategy, scope });
    }
    out
}

/// Parses and validates a pack given as JSON text.
pub fn parse_pack(json: &str, label: &str) -> Result<Pack, Vec<LoadError>> {
    let fail = |field: &str, reason: String| {
        Err(vec![LoadError {
            pack: label.to_string(),
            rule: None,
            field: field.to_string(),
            reason,
        }])
    };
    if json.len() > MAX_PACK_BYTES {
        return fail(
            "",
            format!("is {} bytes; a pack may be at most {MAX_PACK_BYTES} bytes", json.len()),
        );
    }
    match json::from_str(json) {
        Ok(value) => read_pack(&value, label),
        Err(e) => fail("", format!("is not valid JSON: {e}")),
    }
}

pub fn read_pack(value: &Value, label: &str) -> Result<Pack, Vec<LoadError>> {
    let Value::Object(obj) = value else {
        return Err(vec![LoadError {
            pack: label.to_string(),
            rule: None,
            field: String::new(),
            reason: format!("a pack must be a JSON object, got {}", type_name(value)),
        }]);
    };
    let name = match obj.get("name") {
        Some(Value::String(s)) if is_kebab_case(s) => s.clone(),
        _ => label.to_string(),
    };
    let mut r = Reader {
        pack: &name,
        rule: None,
        prefix: "",
        errors: Vec::new(),
    };
    r.check_fields(obj, PACK_FIELDS);
    match obj.get("schema") {
        Some(Value::String(s)) if s == PACK_SCHEMA => {}
        Some(other) => r.error("schema", format!("must be \"{PACK_SCHEMA}\", got {}", type_name(other))),
        None => r.error("schema", format!("is required: \"{PACK_SCHEMA}\"")),
    }
    match obj.get("name") {
        Some(Value::String(s)) if is_kebab_case(s) => {}
        Some(Value::String(s)) => r.error(
            "name",
            format!("must be kebab-case (lower-case words joined by '-'), such as \"acme-support\", got \"{s}\""),
        ),
        Some(other) => r.error(
            "name",
            format!("must be a string such as \"acme-support\", got {}", type_name(other)),
        ),
        None => r.error("name", "is required: a kebab-case name such as \"acme-support\""),
    }
    let version = r.string(obj, "version", true).unwrap_or_default();
    // Read only by people, but a policy file is easier to trust when every field is checked.
    r.string(obj, "description", false);
    if let Some(other) = obj.get("$schema").filter(|v| !v.is_string()) {
        r.error(
            "$schema",
            format!("must be a string (the schema's address), got {}", type_name(other)),
        );
    }
    let mut rules = Vec::new();
    match obj.get("rules") {
        None => {}
        Some(Value::Array(items)) if items.len() > MAX_RULES_PER_PACK => r.error(
            "rules",
            format!("has {} rules; at most {MAX_RULES_PER_PACK}", items.len()),
        ),
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match read_rule(item, &name, i) {
                    Ok(rule) => {
                        if rules.iter().any(|r: &Rule| r.id == rule.id) {
                            r.rule = Some(rule.id.clone());
                            r.error("id", "is used by another rule in this pack");
                            r.rule = None;
                        }
                        rules.push(rule);
                    }
                    Err(errs) => r.errors.extend(errs),
                }
            }
        }
        Some(other) => r.error("rules", format!("must be a list, got {}", type_name(other))),
    }
    let mut overrides = Vec::new();
    match obj.get("overrides") {
        None => {}
        Some(Value::Array(items)) if items.len() <= MAX_RULES_PER_PACK => {
            for (i, item) in items.iter().enumerate() {
                let field = format!("overrides[{i}]");
                let Value::Object(o) = item else {
                    r.error(&field, format!("must be an object, got {}", type_name(item)));
                    continue;
                };
                for key in o.keys() {
                    if !OVERRIDE_FIELDS.contains(&key.as_str()) {
                        r.error(
                            &format!("{field}.{key}"),
                            "unknown field; expected rule, severity, enabled",
                        );
                    }
                }
                let rule = match o.get("rule") {
                    Some(Value::String(s)) if is_kebab_case(s) => s.clone(),
                    _ => {
                        r.error(&format!("{field}.rule"), "is required: the id of the rule to change");
                        continue;
                    }
                };
                let severity = match o.get("severity") {
                    None => None,
                    Some(Value::String(s)) if Severity::parse(s).is_some() => Severity::parse(s),
                    Some(_) => {
                        r.error(&format!("{field}.severity"), "must be low, medium or high");
                        None
                    }
                };
                let enabled = match o.get("enabled") {
                    None => None,
                    Some(Value::Bool(b)) => Some(*b),
                    Some(_) => {
                        r.error(&format!("{field}.enabled"), "must be true or false");
                        None
                    }
                };
                overrides.push(Override {
                    rule,
                    severity,
                    enabled,
                });
            }
        }
        Some(_) => r.error(
            "overrides",
            format!("must be a list of at most {MAX_RULES_PER_PACK} objects"),
        ),
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    Ok(Pack {
        name,
        version,
        rules,
        overrides,
    })
}

/// The catalog compiled into the binary, as a pack named "builtin".
pub fn builtin_pack() -> Result<Pack, Vec<LoadError>> {
    builtin_pack_from(RULE_FILES, BUILTIN_EXAMPLES)
}

/// The built-in rules from their files (name, JSON); build.rs reads them from src/data/rules/
/// for the target, whose copies lack examples in wasm.
pub(crate) fn builtin_pack_from(files: &[(&str, &str)], examples: bool) -> Result<Pack, Vec<LoadError>> {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (i, (file, json)) in files.iter().enumerate() {
        match json::from_str(json) {
            Ok(value) => match read_rule_with(&value, "builtin", i, examples) {
                Ok(rule) => {
                    // "es/calmese.json": a language's rules live in its own folder
                    let (folder, name) = file.rsplit_once('/').unwrap_or(("en", file));
                    let expected = name.trim_end_matches(".json");
                    if rule.id != expected {
                        errors.push(LoadError {
                            pack: "builtin".into(),
                            rule: Some(rule.id.clone()),
                            field: "id".into(),
                            reason: format!("must match its file name ({file})"),
                        });
                    }
                    if rule.lang.code() != folder {
                        errors.push(LoadError {
                            pack: "builtin".into(),
                            rule: Some(rule.id.clone()),
                            field: "lang".into(),
                            reason: format!(
                                "is '{}' but the file is in the folder of '{folder}' ({file})",
                                rule.lang.code()
                            ),
                        });
                    }
                    rules.push(rule)
                }
                Err(errs) => errors.extend(errs),
            },
            Err(e) => errors.push(LoadError {
                pack: "builtin".into(),
                rule: Some(file.to_string()),
                field: String::new(),
                reason: format!("is not valid JSON: {e}"),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Pack {
        name: "builtin".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        rules,
        overrides: Vec::new(),
    })
}

/// The empathy moves the engine looks for (each with a sentence to suggest when missing).
pub fn builtin_moves() -> Result<Vec<Move>, Vec<LoadError>> {
    read_moves(MOVE_FILES, "builtin-moves", BUILTIN_EXAMPLES)
}

/// Tone cues: politeness and receptiveness markers that move the warmth score up or down
/// without being findings ("could you", "I see your point", "why did you", insults).
pub fn builtin_cues() -> Result<Vec<Cue>, Vec<LoadError>> {
    read_cues(CUE_FILES, "builtin-cues", BUILTIN_EXAMPLES)
}

/// What a customer's message can signal (frustration, a repeat contact, urgency, ...).
pub fn builtin_customer_signals() -> Result<Vec<CustomerSignal>, Vec<LoadError>> {
    read_customer_signals(CUSTOMER_FILES, "builtin-customer", BUILTIN_EXAMPLES)
}

/// Empathy moves from their files; `examples`: whether each must have them.
pub(crate) fn read_moves(files: &[(&str, &str)], label: &str, examples: bool) -> Result<Vec<Move>, Vec<LoadError>> {
    read_signal_files(files, label, SignalKind::Move, examples, |f| Move {
        id: f.id,
        label: f.label,
        patterns: f.patterns,
        points: f.points,
        suggestion: f.suggestion,
        position: f.position,
        present_examples: f.present_examples,
        absent_examples: f.absent_examples,
        parsed: f.parsed,
    })
}

/// Tone cues from their files; `examples`: whether each must have them.
pub(crate) fn read_cues(files: &[(&str, &str)], label: &str, examples: bool) -> Result<Vec<Cue>, Vec<LoadError>> {
    read_signal_files(files, label, SignalKind::Cue, examples, |f| Cue {
        id: f.id,
        label: f.label,
        patterns: f.patterns,
        points: f.points,
        present_examples: f.present_examples,
        absent_examples: f.absent_examples,
        parsed: f.parsed,
    })
}

/// Customer signals from their files; `examples`: whether each must have them.
pub(crate) fn read_customer_signals(
    files: &[(&str, &str)],
    label: &str,
    examples: bool,
) -> Result<Vec<CustomerSignal>, Vec<LoadError>> {
    read_signal_files(files, label, SignalKind::Customer, examples, |f| CustomerSignal {
        id: f.id,
        label: f.label,
        patterns: f.patterns,
        present_examples: f.present_examples,
        absent_examples: f.absent_examples,
        parsed: f.parsed,
    })
}

/// Which of the three formats a file of patterns with examples is in: a move's file also
/// has its suggestion and position; cue and customer-signal files share one format
/// (a customer signal's `points` score nothing: its files say 0).
#[derive(Clone, Copy, PartialEq)]
enum SignalKind {
    Move,
    Cue,
    Customer,
}

/// One move, cue or customer-signal file as read, before it becomes its own type.
struct SignalFile {
    id: String,
    label: String,
    patterns: Vec<String>,
    points: i32,
    suggestion: String,
    position: Position,
    present_examples: Vec<String>,
    absent_examples: Vec<String>,
    parsed: Vec<Tree>,
}

fn read_signal_files<T>(
    files: &[(&str, &str)],
    label: &str,
    kind: SignalKind,
    examples: bool,
    make: impl Fn(SignalFile) -> T,
) -> Result<Vec<T>, Vec<LoadError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (file, json) in files {
        match read_signal(file, json, label, kind, examples) {
            Ok(m) => out.push(make(m)),
            Err(errs) => errors.extend(errs),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn read_signal(
    file: &str,
    json: &str,
    label: &str,
    kind: SignalKind,
    examples: bool,
) -> Result<SignalFile, Vec<LoadError>> {
    let is_move = kind == SignalKind::Move;
    let mut r = Reader {
        pack: label,
        rule: Some(file.to_string()),
        prefix: "",
        errors: Vec::new(),
    };
    let value: Value = match json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            r.error("", format!("is not valid JSON: {e}"));
            return Err(r.errors);
        }
    };
    let Value::Object(obj) = &value else {
        r.error("", "must be an object");
        return Err(r.errors);
    };
    let fields: &[&str] = if !is_move {
        &["id", "label", "patterns", "points", "examples"]
    } else {
        &[
            "id",
            "label",
            "patterns",
            "points",
            "suggestion",
            "position",
            "examples",
        ]
    };
    r.check_fields(obj, fields);
    let id = r.string(obj, "id", true).unwrap_or_default();
    let label = r.string(obj, "label", true).unwrap_or_default();
    let patterns = r.strings(obj, "patterns", 1, 200);
    let parsed = r.parse_all(&patterns, "patterns");
    let points = obj.get("points").and_then(Value::as_i64).unwrap_or_else(|| {
        r.error("points", "is required: a whole number");
        0
    }) as i32;
    if is_move && points <= 0 {
        r.error("points", "a move earns points: a positive number");
    }
    let (suggestion, position) = if !is_move {
        (String::new(), Position::Closing)
    } else {
        let suggestion = r.string(obj, "suggestion", true).unwrap_or_default();
        let position = match r.string(obj, "position", true).as_deref() {
            Some("opening") => Position::Opening,
            Some("closing") => Position::Closing,
            _ => {
                r.error("position", "must be \"opening\" or \"closing\"");
                Position::Closing
            }
        };
        (suggestion, position)
    };
    let (present_examples, absent_examples) = match obj.get("examples") {
        Some(Value::Object(ex)) => {
            r.prefix = "examples.";
            let both = (r.strings(ex, "present", 1, 50), r.strings(ex, "absent", 1, 50));
            r.prefix = "";
            both
        }
        None if !examples => (vec![], vec![]),
        _ => {
            r.error("examples", "is required: {\"present\": [...], \"absent\": [...]}");
            (vec![], vec![])
        }
    };
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    Ok(SignalFile {
        id,
        label,
        patterns,
        points,
        suggestion,
        position,
        present_examples,
        absent_examples,
        parsed,
    })
}

/// The rule set in force: the built-in catalog, then each pack in order (a pack's rule
/// with the id of an earlier one replaces it), then overrides.
pub fn merge(packs: Vec<Pack>) -> Vec<Rule> {
    merge_onto::<()>(Vec::new(), packs)
        .into_iter()
        .map(|(rule, _)| rule)
        .collect()
}

/// [`merge`] onto rules already merged, each with a tag; the packs' rules get `None`, so
/// the caller can tell the rules it had (and kept as they were) from those a pack brought
/// or replaced.
pub(crate) fn merge_onto<T>(base: Vec<(Rule, Option<T>)>, packs: Vec<Pack>) -> Vec<(Rule, Option<T>)> {
    // each rule's id by its index: a pack holds tens of rules, and a list scanned for each
    // costs less code than a map (the wasm carries every map type apart)
    let mut ids: Vec<String> = base.iter().map(|(r, _)| r.id.clone()).collect();
    let mut rules: Vec<Option<(Rule, Option<T>)>> = base.into_iter().map(Some).collect();
    for pack in packs {
        for rule in pack.rules {
            match ids.iter().position(|id| *id == rule.id) {
                Some(i) => rules[i] = Some((rule, None)),
                None => {
                    ids.push(rule.id.clone());
                    rules.push(Some((rule, None)));
                }
            }
        }
        for o in &pack.overrides {
            if let Some(i) = ids.iter().position(|id| *id == o.rule) {
                if o.enabled == Some(false) {
                    rules[i] = None;
                } else if let (Some((rule, _)), Some(sev)) = (rules[i].as_mut(), o.severity) {
                    rule.severity = sev;
                }
            }
        }
    }
    rules.into_iter().flatten().collect()
}
