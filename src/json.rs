//! JSON data for the readers of packs, options, contexts and helpdesk exports. Natively it is
//! serde_json's; the wasm reads with its own [`reader`], because serde_json's deserializer,
//! its number parsing and its float printing are some 16 KB of the extension's download for
//! the few shapes the readers take apart. The reader accepts what serde_json accepts and
//! refuses what it refuses, with the same message at the same line and column (a pack's
//! error must still say where), which tests/json_reader.rs checks against serde_json.

#[cfg(not(target_arch = "wasm32"))]
pub use serde_json::{from_str, to_string_pretty, Map, Value};

#[cfg(target_arch = "wasm32")]
pub use reader::{from_str, to_string_pretty, Map, Value};

/// The wasm's JSON reader and writer, with serde_json's `Value` API as far as the crate uses
/// it. Natively only the tests use it (they compare it with serde_json).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub mod reader {
    use std::borrow::Borrow;
    use std::fmt;

    /// Objects keep their keys sorted, as serde_json's `Map` does without `preserve_order`
    /// (an export written back lists its keys in the same order). A sorted list rather than
    /// a `BTreeMap`: objects here are read once and looked up by a few keys, and the tree's
    /// code was about 2.7 KB of the wasm.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Map<K, V> {
        entries: Vec<(K, V)>,
    }

    impl<K, V> Default for Map<K, V> {
        fn default() -> Self {
            Map { entries: Vec::new() }
        }
    }

    impl<K: Ord, V> Map<K, V> {
        pub fn new() -> Self {
            Map::default()
        }

        /// `entries` in read order: sorted by key, the last of equal keys kept (as inserting
        /// each into a map would).
        fn from_entries(mut entries: Vec<(K, V)>) -> Self {
            crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
            // `later` goes, its value stays in the entry kept before it
            entries.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(&mut later.1, &mut kept.1);
                }
                same
            });
            Map { entries }
        }

        fn position<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
        where
            K: Borrow<Q>,
        {
            self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
        }

        pub fn insert(&mut self, key: K, value: V) -> Option<V> {
            match self.position(&key) {
                Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
                Err(i) => {
                    self.entries.insert(i, (key, value));
                    None
                }
            }
        }

        pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
        where
            K: Borrow<Q>,
        {
            self.position(key).ok().map(|i| &self.entries[i].1)
        }

        pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
        where
            K: Borrow<Q>,
        {
            self.position(key).ok().map(|i| &mut self.entries[i].1)
        }

        pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
        where
            K: Borrow<Q>,
        {
            self.position(key).is_ok()
        }
    }

    impl<K, V> Map<K, V> {
        pub fn len(&self) -> usize {
            self.entries.len()
        }

        pub fn is_empty(&self) -> bool {
            self.entries.is_empty()
        }

        pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
            self.entries.iter().map(|(k, v)| (k, v))
        }

        pub fn keys(&self) -> impl Iterator<Item = &K> {
            self.entries.iter().map(|(k, _)| k)
        }

        pub fn values(&self) -> impl Iterator<Item = &V> {
            self.entries.iter().map(|(_, v)| v)
        }
    }

    impl<'a, K, V> IntoIterator for &'a Map<K, V> {
        type Item = (&'a K, &'a V);
        type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
        fn into_iter(self) -> Self::IntoIter {
            self.entries.iter().map(|(k, v)| (k, v))
        }
    }

    #[derive(Debug, Clone, PartialEq)]
    pub enum Value {
        Null,
        Bool(bool),
        Number(Number),
        String(String),
        Array(Vec<Value>),
        Object(Map<String, Value>),
    }

    /// A number as written (its grammar checked, its range too). The readers ask only for
    /// whole numbers, so no float is ever parsed or printed.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Number(String);

    impl Number {
        fn is_integer(&self) -> bool {
            !self.0.contains(['.', 'e', 'E'])
        }

        /// serde_json reads "-0" as a float.
        fn is_negative_zero(&self) -> bool {
            self.0 == "-0"
        }

        pub fn as_i64(&self) -> Option<i64> {
            if !self.is_integer() || self.is_negative_zero() {
                return None;
            }
            self.0.parse().ok()
        }
    }

    /// What [`Value::get`] takes: a key of an object or a position in a list.
    pub trait Index {
        fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value>;
        fn index_into_mut<'v>(&self, value: &'v mut Value) -> Option<&'v mut Value>;
    }

    impl Index for str {
        fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value> {
            value.as_object()?.get(self)
        }
        fn index_into_mut<'v>(&self, value: &'v mut Value) -> Option<&'v mut Value> {
            match value {
                Value::Object(map) => map.get_mut(self),
                _ => None,
            }
        }
    }

    impl Index for usize {
        fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value> {
            value.as_array()?.get(*self)
        }
        fn index_into_mut<'v>(&self, value: &'v mut Value) -> Option<&'v mut Value> {
            value.as_array_mut()?.get_mut(*self)
        }
    }

    impl<T: Index + ?Sized> Index for &T {
        fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value> {
            (**self).index_into(value)
        }
        fn index_into_mut<'v>(&self, value: &'v mut Value) -> Option<&'v mut Value> {
            (**self).index_into_mut(value)
        }
    }

    impl Value {
        pub fn get<I: Index>(&self, index: I) -> Option<&Value> {
            index.index_into(self)
        }

        pub fn get_mut<I: Index>(&mut self, index: I) -> Option<&mut Value> {
            index.index_into_mut(self)
        }

        pub fn as_str(&self) -> Option<&str> {
            match self {
                Value::String(s) => Some(s),
                _ => None,
            }
        }

        pub fn is_string(&self) -> bool {
            matches!(self, Value::String(_))
        }

        pub fn as_bool(&self) -> Option<bool> {
            match self {
                Value::Bool(b) => Some(*b),
                _ => None,
            }
        }

        pub fn as_array(&self) -> Option<&Vec<Value>> {
            match self {
                Value::Array(items) => Some(items),
                _ => None,
            }
        }

        pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> {
            match self {
                Value::Array(items) => Some(items),
                _ => None,
            }
        }

        pub fn as_object(&self) -> Option<&Map<String, Value>> {
            match self {
                Value::Object(map) => Some(map),
                _ => None,
            }
        }

        pub fn as_i64(&self) -> Option<i64> {
            match self {
                Value::Number(n) => n.as_i64(),
                _ => None,
            }
        }
    }

    /// A syntax error, displayed as serde_json displays it: "expected `,` or `}` at line 3
    /// column 5" (the column counts bytes).
    #[derive(Debug, Clone, PartialEq)]
    pub struct Error {
        message: &'static str,
        line: usize,
        column: usize,
    }

    impl fmt::Display for Error {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.message)?;
            f.write_str(" at line ")?;
            fmt::Display::fmt(&self.line, f)?;
            f.write_str(" column ")?;
            fmt::Display::fmt(&self.column, f)
        }
    }

    const EOF_LIST: &str = "EOF while parsing a list";
    const EOF_OBJECT: &str = "EOF while parsing an object";
    const EOF_STRING: &str = "EOF while parsing a string";
    const EOF_VALUE: &str = "EOF while parsing a value";
    const EXPECTED_COLON: &str = "expected `:`";
    const EXPECTED_LIST_COMMA_OR_END: &str = "expected `,` or `]`";
    const EXPECTED_OBJECT_COMMA_OR_END: &str = "expected `,` or `}`";
    const EXPECTED_IDENT: &str = "expected ident";
    const EXPECTED_VALUE: &str = "expected value";
    const INVALID_ESCAPE: &str = "invalid escape";
    const INVALID_NUMBER: &str = "invalid number";
    const NUMBER_OUT_OF_RANGE: &str = "number out of range";
    const CONTROL_CHARACTER: &str = "control character (\\u0000-\\u001F) found while parsing a string";
    const KEY_MUST_BE_A_STRING: &str = "key must be a string";
    const LONE_LEADING_SURROGATE: &str = "lone leading surrogate in hex escape";
    const TRAILING_COMMA: &str = "trailing comma";
    const TRAILING_CHARACTERS: &str = "trailing characters";
    const UNEXPECTED_END_OF_HEX_ESCAPE: &str = "unexpected end of hex escape";
    const RECURSION_LIMIT: &str = "recursion limit exceeded";

    /// Reads one JSON value, and nothing but whitespace after it.
    pub fn from_str(text: &str) -> Result<Value, Error> {
        let mut parser = Parser {
            bytes: text.as_bytes(),
            at: 0,
            depth_left: 128,
        };
        let value = parser.value()?;
        match parser.whitespace() {
            Some(_) => Err(parser.peek_error(TRAILING_CHARACTERS)),
            None => Ok(value),
        }
    }

    /// The parser follows serde_json's deserializer step by step, so that an error is found
    /// at the same byte: `error` is where the reader stands, `peek_error` one byte on (the
    /// byte it looked at).
    struct Parser<'a> {
        bytes: &'a [u8],
        at: usize,
        depth_left: u8,
    }

    impl Parser<'_> {
        fn error_at(&self, at: usize, message: &'static str) -> Error {
            let before = &self.bytes[..at];
            let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            Error {
                message,
                line: 1 + before[..line_start].iter().filter(|&&b| b == b'\n').count(),
                column: at - line_start,
            }
        }

        fn error(&self, message: &'static str) -> Error {
            self.error_at(self.at, message)
        }

        fn peek_error(&self, message: &'static str) -> Error {
            self.error_at((self.at + 1).min(self.bytes.len()), message)
        }

        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.at).copied()
        }

        fn next(&mut self) -> Option<u8> {
            let b = self.peek()?;
            self.at += 1;
            Some(b)
        }

        fn whitespace(&mut self) -> Option<u8> {
            while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
                self.at += 1;
            }
            self.peek()
        }

        fn value(&mut self) -> Result<Value, Error> {
            let Some(first) = self.whitespace() else {
                return Err(self.peek_error(EOF_VALUE));
            };
            match first {
                b'n' => self.ident(b"null").map(|_| Value::Null),
                b't' => self.ident(b"true").map(|_| Value::Bool(true)),
                b'f' => self.ident(b"false").map(|_| Value::Bool(false)),
                b'-' | b'0'..=b'9' => self.number(),
                b'"' => {
                    self.at += 1;
                    self.string().map(Value::String)
                }
                b'[' | b'{' => {
                    self.depth_left -= 1;
                    if self.depth_left == 0 {
                        return Err(self.peek_error(RECURSION_LIMIT));
                    }
                    self.at += 1;
                    let value = if first == b'[' { self.list() } else { self.object() };
                    self.depth_left += 1;
                    // the closing bracket the loop stopped at
                    self.at += 1;
                    value
                }
                _ => Err(self.peek_error(EXPECTED_VALUE)),
            }
        }

        fn ident(&mut self, word: &[u8]) -> Result<(), Error> {
            self.at += 1;
            for &expected in &word[1..] {
                match self.next() {
                    None => return Err(self.error(EOF_VALUE)),
                    Some(b) if b != expected => return Err(self.error(EXPECTED_IDENT)),
                    Some(_) => {}
                }
            }
            Ok(())
        }

        /// Whether another item follows (the reader then stands on it) or the closing
        /// bracket `close` (it stands on that).
        fn has_next(&mut self, first: bool, close: u8) -> Result<bool, Error> {
            let (eof, comma_or_end) = if close == b']' {
                (EOF_LIST, EXPECTED_LIST_COMMA_OR_END)
            } else {
                (EOF_OBJECT, EXPECTED_OBJECT_COMMA_OR_END)
            };
            let Some(b) = self.whitespace() else {
                return Err(self.peek_error(eof));
            };
            let next = if b == close {
                return Ok(false);
            } else if first {
                b
            } else if b == b',' {
                self.at += 1;
                match self.whitespace() {
                    Some(b) if b == close => return Err(self.peek_error(TRAILING_COMMA)),
                    Some(b) => b,
                    None => return Err(self.peek_error(EOF_VALUE)),
                }
            } else {
                return Err(self.peek_error(comma_or_end));
            };
            if close == b'}' && next != b'"' {
                return Err(self.peek_error(KEY_MUST_BE_A_STRING));
            }
            Ok(true)
        }

        fn list(&mut self) -> Result<Value, Error> {
            let mut items = Vec::new();
            while self.has_next(items.is_empty(), b']')? {
                items.push(self.value()?);
            }
            Ok(Value::Array(items))
        }

        fn object(&mut self) -> Result<Value, Error> {
            let mut entries = Vec::new();
            let mut first = true;
            while self.has_next(first, b'}')? {
                first = false;
                self.at += 1;
                let key = self.string()?;
                match self.whitespace() {
                    Some(b':') => self.at += 1,
                    Some(_) => return Err(self.peek_error(EXPECTED_COLON)),
                    None => return Err(self.peek_error(EOF_OBJECT)),
                }
                let value = self.value()?;
                entries.push((key, value));
            }
            Ok(Value::Object(Map::from_entries(entries)))
        }

        /// A string's text, the reader past its opening quote.
        fn string(&mut self) -> Result<String, Error> {
            let mut out: Vec<u8> = Vec::new();
            let mut start = self.at;
            loop {
                while self.peek().is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20) {
                    self.at += 1;
                }
                let Some(b) = self.peek() else {
                    return Err(self.error(EOF_STRING));
                };
                out.extend_from_slice(&self.bytes[start..self.at]);
                self.at += 1;
                match b {
                    // the input is a str and escapes add whole characters
                    b'"' => return Ok(String::from_utf8(out).unwrap_or_default()),
                    b'\\' => self.escape(&mut out)?,
                    _ => return Err(self.error(CONTROL_CHARACTER)),
                }
                start = self.at;
            }
        }

        fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), Error> {
            let Some(b) = self.next() else {
                return Err(self.error(EOF_STRING));
            };
            let byte = match b {
                b'"' | b'\\' | b'/' => b,
                b'b' => 0x08,
                b'f' => 0x0c,
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                b'u' => return self.unicode_escape(out),
                _ => return Err(self.error(INVALID_ESCAPE)),
            };
            out.push(byte);
            Ok(())
        }

        fn unicode_escape(&mut self, out: &mut Vec<u8>) -> Result<(), Error> {
            let n = self.hex4()?;
            let code = match n {
                0xDC00..=0xDFFF => return Err(self.error(LONE_LEADING_SURROGATE)),
                0xD800..=0xDBFF => {
                    for expected in [b'\\', b'u'] {
                        match self.next() {
                            None => return Err(self.error(EOF_STRING)),
                            Some(b) if b != expected => return Err(self.error(UNEXPECTED_END_OF_HEX_ESCAPE)),
                            Some(_) => {}
                        }
                    }
                    let low = self.hex4()?;
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return Err(self.error(LONE_LEADING_SURROGATE));
                    }
                    (((n - 0xD800) << 10) | (low - 0xDC00)) + 0x1_0000
                }
                _ => n,
            };
            let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            Ok(())
        }

        fn hex4(&mut self) -> Result<u32, Error> {
            let Some(digits) = self.bytes.get(self.at..self.at + 4) else {
                self.at = self.bytes.len();
                return Err(self.error(EOF_STRING));
            };
            self.at += 4;
            let mut n = 0;
            for &d in digits {
                let Some(v) = (d as char).to_digit(16) else {
                    return Err(self.error(INVALID_ESCAPE));
                };
                n = n * 16 + v;
            }
            Ok(n)
        }

        /// Digits from here on: how many, and how many of them after leading zeros.
        fn digits(&mut self, significant: &mut Vec<u8>) -> usize {
            let start = self.at;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                if d != b'0' || !significant.is_empty() {
                    significant.push(d);
                }
                self.at += 1;
            }
            self.at - start
        }

        fn number(&mut self) -> Result<Value, Error> {
            let start = self.at;
            if self.peek() == Some(b'-') {
                self.at += 1;
            }
            // the digits after leading zeros, and the power of ten of the last one
            let mut significant = Vec::new();
            let mut exponent: i64 = 0;
            match self.next() {
                None => return Err(self.error(EOF_VALUE)),
                Some(b'0') => {
                    if let Some(b'0'..=b'9') = self.peek() {
                        return Err(self.peek_error(INVALID_NUMBER));
                    }
                }
                Some(d @ b'1'..=b'9') => {
                    significant.push(d);
                    self.digits(&mut significant);
                }
                Some(_) => return Err(self.error(INVALID_NUMBER)),
            }
            let mut float = false;
            if self.peek() == Some(b'.') {
                float = true;
                self.at += 1;
                let places = self.digits(&mut significant);
                if places == 0 {
                    return Err(self.peek_error(if self.peek().is_some() {
                        INVALID_NUMBER
                    } else {
                        EOF_VALUE
                    }));
                }
                exponent -= places as i64;
            }
            if let Some(b'e' | b'E') = self.peek() {
                float = true;
                self.at += 1;
                let negative = match self.peek() {
                    Some(b'+') => {
                        self.at += 1;
                        false
                    }
                    Some(b'-') => {
                        self.at += 1;
                        true
                    }
                    _ => false,
                };
                match self.next() {
                    None => return Err(self.error(EOF_VALUE)),
                    Some(b'0'..=b'9') => {}
                    Some(_) => return Err(self.error(INVALID_NUMBER)),
                }
                let mut written = (self.bytes[self.at - 1] - b'0') as i64;
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    self.at += 1;
                    let digit = (d - b'0') as i64;
                    // serde_json stops where the exponent leaves an i32: out of range for a
                    // non-zero number growing, zero otherwise
                    if written >= i32::MAX as i64 / 10 && (written > i32::MAX as i64 / 10 || digit > 7) {
                        if !significant.is_empty() && !negative {
                            return Err(self.error(NUMBER_OUT_OF_RANGE));
                        }
                        while let Some(b'0'..=b'9') = self.peek() {
                            self.at += 1;
                        }
                        significant.clear();
                        break;
                    }
                    written = written * 10 + digit;
                }
                exponent += if negative { -written } else { written };
            }
            if (float || significant.len() > 19) && too_large(&significant, exponent) {
                return Err(self.error(NUMBER_OUT_OF_RANGE));
            }
            let text = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default();
            Ok(Value::Number(Number(text.to_owned())))
        }
    }

    /// Whether `0.d1d2... × 10^(len + exponent)` overflows an f64 as serde_json computes it
    /// (the first 19 digits times a power of ten).
    fn too_large(significant: &[u8], exponent: i64) -> bool {
        let magnitude = significant.len() as i64 + exponent;
        if significant.is_empty() || magnitude <= 308 {
            return false;
        }
        if magnitude > 309 {
            return true;
        }
        let kept = &significant[..significant.len().min(19)];
        let mut f = kept.iter().fold(0u64, |n, &d| n * 10 + (d - b'0') as u64) as f64;
        for _ in 0..magnitude - kept.len() as i64 {
            f *= 10.0;
        }
        f.is_infinite()
    }

    fn write_string(out: &mut String, s: &str) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if (c as u32) < 0x20 => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(HEX[(c as usize) >> 4] as char);
                    out.push(HEX[(c as usize) & 0xf] as char);
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }

    /// serde_json's layout: compact, or `indent` spaces per level with `": "` after keys.
    fn write(out: &mut String, value: &Value, indent: Option<usize>, level: usize) {
        let newline = |out: &mut String, level: usize| {
            if let Some(width) = indent {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', width * level));
            }
        };
        let (open, close, entries): (char, char, Vec<(Option<&String>, &Value)>) = match value {
            Value::Null => return out.push_str("null"),
            Value::Bool(b) => return out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) if n.is_negative_zero() => return out.push_str("-0.0"),
            Value::Number(n) => return out.push_str(&n.0),
            Value::String(s) => return write_string(out, s),
            Value::Array(items) => ('[', ']', items.iter().map(|item| (None, item)).collect()),
            Value::Object(map) => ('{', '}', map.iter().map(|(key, item)| (Some(key), item)).collect()),
        };
        out.push(open);
        for (i, (key, item)) in entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            newline(out, level + 1);
            if let Some(key) = key {
                write_string(out, key);
                out.push_str(if indent.is_some() { ": " } else { ":" });
            }
            write(out, item, indent, level + 1);
        }
        if !entries.is_empty() {
            newline(out, level);
        }
        out.push(close);
    }

    /// Compact JSON, as serde_json's `Display` writes it.
    impl fmt::Display for Value {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let mut out = String::new();
            write(&mut out, self, None, 0);
            f.write_str(&out)
        }
    }

    /// Two spaces per level, as serde_json's `to_string_pretty`.
    pub fn to_string_pretty(value: &Value) -> Result<String, fmt::Error> {
        let mut out = String::new();
        write(&mut out, value, Some(2), 0);
        Ok(out)
    }
}
