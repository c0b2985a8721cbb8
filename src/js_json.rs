//! The wasm boundary's results as JSON text, written by hand: the host gets them through
//! `JSON.parse`. Through serde-wasm-bindgen each field was a call into JavaScript and each
//! type its own serializer, about 3.5 KB gzip of the extension's download that this writer
//! is a fraction of. The text is what `serde_json::to_string` writes for the same value
//! (the derives stay for the command line), which the tests below check field for field.

use crate::catalog::{Move, Rule};
use crate::customer::CustomerReading;
use crate::examples::ExampleOutcome;
use crate::report::{Finding, MoveReport, Report, Rewrite};

/// JSON text being written. A value after `{`, `[` or a key's `:` needs no comma.
pub struct Out(String);

impl Out {
    fn sep(&mut self) {
        if !matches!(self.0.as_bytes().last(), None | Some(b'{' | b'[' | b':')) {
            self.0.push(',');
        }
    }

    fn key(&mut self, name: &str) {
        self.sep();
        self.0.push('"');
        self.0.push_str(name);
        self.0.push_str("\":");
    }

    fn open(&mut self, bracket: char) {
        self.sep();
        self.0.push(bracket);
    }

    fn close(&mut self, bracket: char) {
        self.0.push(bracket);
    }

    /// A string as serde_json escapes it.
    fn str(&mut self, s: &str) {
        self.sep();
        self.0.push('"');
        for c in s.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                '\n' => self.0.push_str("\\n"),
                '\r' => self.0.push_str("\\r"),
                '\t' => self.0.push_str("\\t"),
                '\u{8}' => self.0.push_str("\\b"),
                '\u{c}' => self.0.push_str("\\f"),
                c if c < ' ' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.0.push_str("\\u00");
                    self.0.push(HEX[c as usize >> 4] as char);
                    self.0.push(HEX[c as usize & 15] as char);
                }
                c => self.0.push(c),
            }
        }
        self.0.push('"');
    }

    fn num(&mut self, n: i64) {
        self.sep();
        if n < 0 {
            self.0.push('-');
        }
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = n.unsigned_abs();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.0.push(d as char);
        }
    }

    fn bool(&mut self, b: bool) {
        self.sep();
        self.0.push_str(if b { "true" } else { "false" });
    }

    fn strs<S: AsRef<str>>(&mut self, items: &[S]) {
        self.open('[');
        for s in items {
            self.str(s.as_ref());
        }
        self.close(']');
    }

    fn field_str(&mut self, name: &str, value: &str) {
        self.key(name);
        self.str(value);
    }

    fn field_num(&mut self, name: &str, value: i64) {
        self.key(name);
        self.num(value);
    }

    fn field_bool(&mut self, name: &str, value: bool) {
        self.key(name);
        self.bool(value);
    }

    fn field_strs<S: AsRef<str>>(&mut self, name: &str, items: &[S]) {
        self.key(name);
        self.strs(items);
    }
}

/// A value the boundary returns.
pub trait Json {
    fn write(&self, out: &mut Out);
}

/// `value` as JSON text.
pub fn to_json<T: Json + ?Sized>(value: &T) -> String {
    let mut out = Out(String::new());
    value.write(&mut out);
    out.0
}

impl<T: Json> Json for [T] {
    fn write(&self, out: &mut Out) {
        out.open('[');
        for item in self {
            item.write(out);
        }
        out.close(']');
    }
}

impl<T: Json> Json for Vec<T> {
    fn write(&self, out: &mut Out) {
        self.as_slice().write(out);
    }
}

impl Json for Rewrite {
    fn write(&self, out: &mut Out) {
        out.open('{');
        out.field_str("text", &self.text);
        out.field_num("start", self.start as i64);
        out.field_num("end", self.end as i64);
        out.field_str("strategy", &self.strategy);
        if let Some([a, b]) = self.placeholder {
            out.key("placeholder");
            out.open('[');
            out.num(a as i64);
            out.num(b as i64);
            out.close(']');
        }
        out.close('}');
    }
}

impl Json for Finding {
    fn write(&self, out: &mut Out) {
        out.open('{');
        out.field_str("rule", &self.rule);
        out.field_str("category", &self.category);
        out.field_str("severity", self.severity.as_str());
        out.field_num("start", self.start as i64);
        out.field_num("end", self.end as i64);
        out.field_str("text", &self.text);
        out.field_str("message", &self.message);
        out.field_str("explanation", &self.explanation);
        out.key("rewrites");
        self.rewrites.write(out);
        if self.missing {
            out.field_bool("missing", true);
        }
        if self.folded != 0 {
            out.field_num("folded", self.folded as i64);
        }
        out.close('}');
    }
}

impl Json for MoveReport {
    fn write(&self, out: &mut Out) {
        out.open('{');
        out.field_str("id", &self.id);
        out.field_str("label", &self.label);
        out.field_bool("present", self.present);
        out.field_bool("needed", self.needed);
        if let Some(s) = &self.suggestion {
            out.key("suggestion");
            out.open('{');
            out.field_str("text", &s.text);
            out.field_str("position", s.position.as_str());
            out.field_num("at", s.at as i64);
            out.close('}');
        }
        out.close('}');
    }
}

impl Json for CustomerReading {
    fn write(&self, out: &mut Out) {
        out.open('{');
        out.key("signals");
        out.open('[');
        for s in &self.signals {
            out.open('{');
            out.field_str("id", &s.id);
            out.field_str("label", &s.label);
            out.close('}');
        }
        out.close(']');
        out.key("facts");
        out.open('[');
        for f in &self.facts {
            out.open('{');
            out.field_str("kind", &f.kind);
            out.field_str("value", &f.value);
            out.close('}');
        }
        out.close(']');
        if let Some(n) = self.contact_count {
            out.field_num("contact_count", n as i64);
        }
        out.field_str("summary", &self.summary);
        out.field_str("opener", &self.opener);
        out.close('}');
    }
}

impl Json for Report {
    fn write(&self, out: &mut Out) {
        out.open('{');
        out.key("findings");
        self.findings.write(out);
        out.key("moves");
        self.moves.write(out);
        out.key("score");
        out.open('{');
        out.field_num("value", self.score.value as i64);
        out.field_str("words", self.score.words);
        out.key("breakdown");
        out.open('[');
        for part in &self.score.breakdown {
            out.open('{');
            out.field_str("reason", &part.reason);
            out.field_num("points", part.points as i64);
            out.close('}');
        }
        out.close(']');
        out.close('}');
        if let Some(customer) = &self.customer {
            out.key("customer");
            customer.write(out);
        }
        if let Some(lang) = self.lang {
            out.field_str("lang", lang);
        }
        if !self.needs.is_empty() {
            out.field_strs("needs", &self.needs);
        }
        out.close('}');
    }
}

impl Json for Rule {
    fn write(&self, out: &mut Out) {
        out.open('{');
        out.field_str("id", &self.id);
        out.field_str("category", &self.category);
        out.field_str("severity", self.severity.as_str());
        out.field_strs("patterns", &self.patterns);
        out.field_strs("except", &self.except);
        out.field_str("message", &self.message);
        out.field_str("explanation", &self.explanation);
        out.key("rewrites");
        out.open('[');
        for r in &self.rewrites {
            out.open('{');
            out.field_str("text", &r.text);
            out.field_str("strategy", &r.strategy);
            out.field_str("scope", r.scope.as_str());
            out.close('}');
        }
        out.close(']');
        if let Some(why) = &self.why_no_rewrite {
            out.field_str("why_no_rewrite", why);
        }
        out.key("examples");
        out.open('{');
        out.field_strs("flag", &self.examples.flag);
        out.field_strs("allow", &self.examples.allow);
        out.close('}');
        out.field_bool("negatable", self.negatable);
        out.field_bool("after_empathy", self.after_empathy);
        out.field_str("lang", self.lang.code());
        out.field_str("pack", &self.pack);
        out.close('}');
    }
}

impl Json for Move {
    fn write(&self, out: &mut Out) {
        out.open('{');
        out.field_str("id", &self.id);
        out.field_str("label", &self.label);
        out.field_strs("patterns", &self.patterns);
        out.field_num("points", self.points as i64);
        out.field_str("suggestion", &self.suggestion);
        out.field_str("position", self.position.as_str());
        out.field_strs("present_examples", &self.present_examples);
        out.field_strs("absent_examples", &self.absent_examples);
        out.close('}');
    }
}

impl Json for ExampleOutcome {
    fn write(&self, out: &mut Out) {
        out.open('{');
        out.field_str("rule", &self.rule);
        out.field_str("kind", self.kind.as_str());
        out.field_str("text", &self.text);
        out.field_strs("problems", &self.problems);
        out.close('}');
    }
}

/// What `checkPack` returns.
#[derive(serde::Serialize)]
pub struct Checked {
    pub errors: Vec<String>,
    pub problems: Vec<String>,
    pub examples: Vec<ExampleOutcome>,
    pub broad: Vec<String>,
}

impl Json for Checked {
    fn write(&self, out: &mut Out) {
        out.open('{');
        out.field_strs("errors", &self.errors);
        out.field_strs("problems", &self.problems);
        out.key("examples");
        self.examples.write(out);
        out.field_strs("broad", &self.broad);
        out.close('}');
    }
}

/// What `auditExport` returns.
#[derive(serde::Serialize)]
pub struct Audit {
    pub format: crate::audit::ExportFormat,
    pub macros: Vec<crate::audit::Audited>,
}

impl Json for Audit {
    fn write(&self, out: &mut Out) {
        out.open('{');
        out.field_str("format", self.format.as_str());
        out.key("macros");
        out.open('[');
        for m in &self.macros {
            out.open('{');
            out.field_str("title", &m.title);
            out.field_str("body", &m.body);
            out.key("report");
            m.report.write(out);
            out.field_str("suggested", &m.suggested);
            out.close('}');
        }
        out.close(']');
        out.close('}');
    }
}
