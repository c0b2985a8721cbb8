//! A contenteditable's text as the engine counts it, and UTF-16 spans of that text mapped
//! back to DOM `Range`s: the engine-side twin of the content script's text model
//! (extension/content/textmodel.js), rule for rule. The content script keeps its own model
//! because on pages whose CSP forbids WebAssembly it has no engine beside it; the browser
//! suites compare the two on every test page and on seven real rich-text editors, so this
//! one is the reference the JavaScript model is held to.
//!
//! The rules: text nodes give their data, minus the zero-width fillers editors keep the caret
//! in (U+2060, U+FEFF); `<br>` gives a line break, except a `<br>` that ends its block (a
//! placeholder), which draws a line only when it is its block's only content; a boundary
//! between blocks gives one line break; scripts, styles, templates and non-editable islands
//! (`contenteditable="false"`) give nothing.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, Node, Range};

const BLOCKS: &[&str] = &[
    "ADDRESS",
    "ARTICLE",
    "ASIDE",
    "BLOCKQUOTE",
    "DD",
    "DETAILS",
    "DIV",
    "DL",
    "DT",
    "FIELDSET",
    "FIGCAPTION",
    "FIGURE",
    "FOOTER",
    "FORM",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "HEADER",
    "HR",
    "LI",
    "MAIN",
    "NAV",
    "OL",
    "P",
    "PRE",
    "SECTION",
    "SUMMARY",
    "TABLE",
    "TBODY",
    "TD",
    "TH",
    "THEAD",
    "TR",
    "UL",
];
const SKIPPED: &[&str] = &["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"];
const FILLERS: &[char] = &['\u{2060}', '\u{feff}'];

fn is_block(node: &Node) -> bool {
    BLOCKS.contains(&node.node_name().as_str())
}

/// Something drawn: a non-empty text node or any element.
fn draws(node: &Node) -> bool {
    match node.node_type() {
        Node::TEXT_NODE => !node.node_value().unwrap_or_default().is_empty(),
        Node::ELEMENT_NODE => true,
        _ => false,
    }
}

fn is_content_editable(node: &Node) -> bool {
    node.dyn_ref::<HtmlElement>()
        .is_some_and(HtmlElement::is_content_editable)
}

/// A `<br>` that ends its block draws no line of its own (the browser's placeholder).
fn is_trailing_br(br: &Node) -> bool {
    let mut next = br.next_sibling();
    while let Some(n) = next {
        if draws(&n) {
            return false;
        }
        next = n.next_sibling();
    }
    let Some(parent) = br.parent_node() else {
        return false;
    };
    let editing_root = is_content_editable(&parent)
        && !parent
            .parent_element()
            .is_some_and(|p| p.dyn_ref::<HtmlElement>().is_some_and(HtmlElement::is_content_editable));
    is_block(&parent) || editing_root
}

/// A `<br>` with nothing drawn before it in its block: `<div><br></div>`, an empty line.
fn is_only_content(br: &Node) -> bool {
    let Some(parent) = br.parent_node() else {
        return false;
    };
    if !is_block(&parent) {
        return false;
    }
    let mut previous = br.previous_sibling();
    while let Some(n) = previous {
        if draws(&n) {
            return false;
        }
        previous = n.previous_sibling();
    }
    true
}

/// A run of the flattened text taken from one text node: `units` UTF-16 units from `start`
/// in the text, which are the node's data from unit `from`.
struct Run {
    node: Node,
    start: usize,
    units: usize,
    from: usize,
}

#[derive(Default)]
struct Flattened {
    text: String,
    units: usize,
    runs: Vec<Run>,
    pending_break: bool,
}

impl Flattened {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.units += s.encode_utf16().count();
    }

    fn break_if_pending(&mut self) {
        if self.pending_break && !self.text.is_empty() && !self.text.ends_with('\n') {
            self.push("\n");
        }
        self.pending_break = false;
    }

    /// The node's data without the fillers, as runs.
    fn text_node(&mut self, node: &Node) {
        let data = node.node_value().unwrap_or_default();
        let mut from = 0;
        for piece in data.split(FILLERS) {
            let units = piece.encode_utf16().count();
            if units > 0 {
                self.break_if_pending();
                self.runs.push(Run {
                    node: node.clone(),
                    start: self.units,
                    units,
                    from,
                });
                self.push(piece);
            }
            // the filler that ended this piece is one UTF-16 unit
            from += units + 1;
        }
    }

    fn visit(&mut self, root: &Node, node: &Node) {
        match node.node_type() {
            Node::TEXT_NODE => self.text_node(node),
            Node::ELEMENT_NODE => {
                let name = node.node_name();
                let non_editable = node
                    .dyn_ref::<Element>()
                    .and_then(|e| e.get_attribute("contenteditable"))
                    .is_some_and(|v| v == "false");
                if SKIPPED.contains(&name.as_str()) || non_editable {
                    return;
                }
                if name == "BR" {
                    if is_trailing_br(node) {
                        let is_root_child = node.parent_node().is_some_and(|p| p.is_same_node(Some(root)));
                        if !is_root_child && is_only_content(node) {
                            self.break_if_pending();
                            self.push("\n");
                        }
                        self.pending_break = true;
                    } else {
                        self.break_if_pending();
                        self.push("\n");
                    }
                    return;
                }
                let block = is_block(node);
                self.pending_break |= block;
                let mut child = node.first_child();
                while let Some(c) = child {
                    self.visit(root, &c);
                    child = c.next_sibling();
                }
                self.pending_break |= block;
            }
            _ => {}
        }
    }
}

fn flatten(root: &Node) -> Flattened {
    let mut out = Flattened::default();
    let mut child = root.first_child();
    while let Some(c) = child {
        out.visit(root, &c);
        child = c.next_sibling();
    }
    out
}

/// The editor's text as the engine analyses it.
#[wasm_bindgen(js_name = editorText)]
pub fn editor_text(root: &Node) -> String {
    flatten(root).text
}

/// A DOM position (text node, offset) for a UTF-16 offset of the flattened text. A range's
/// start prefers the following text node at a boundary and its end the preceding one, so a
/// range never spans a line break it does not need.
fn position(flat: &Flattened, offset: usize, is_start: bool) -> Option<(Node, u32)> {
    let runs = &flat.runs;
    let at = |run: &Run, within: usize| Some((run.node.clone(), (run.from + within) as u32));
    if is_start {
        let i = runs.partition_point(|r| r.start + r.units <= offset);
        return match runs.get(i) {
            Some(run) => at(run, offset.saturating_sub(run.start)),
            None => runs.last().and_then(|run| at(run, run.units)),
        };
    }
    let i = runs.partition_point(|r| r.start < offset);
    match i.checked_sub(1).and_then(|i| runs.get(i)) {
        Some(run) => at(run, offset.min(run.start + run.units) - run.start),
        None => runs.first().and_then(|run| at(run, 0)),
    }
}

/// The DOM `Range` covering [start, end) of the flattened text, for highlighting and for
/// selecting exactly the words a rewrite replaces.
#[wasm_bindgen(js_name = editorRange)]
pub fn editor_range(root: &Node, start: usize, end: usize) -> Result<Range, JsError> {
    let flat = flatten(root);
    if start > end || end > flat.units {
        return Err(JsError::new(&format!(
            "span {start}..{end} is outside the editor's text of {} units",
            flat.units
        )));
    }
    let (Some((start_node, start_offset)), Some((end_node, end_offset))) =
        (position(&flat, start, true), position(&flat, end, false))
    else {
        return Err(JsError::new("the editor holds no text"));
    };
    let document = root
        .owner_document()
        .ok_or_else(|| JsError::new("the editor is not in a document"))?;
    let range = document
        .create_range()
        .map_err(|_| JsError::new("cannot create a range"))?;
    range
        .set_start(&start_node, start_offset)
        .map_err(|_| JsError::new("cannot set the range start"))?;
    range
        .set_end(&end_node, end_offset)
        .map_err(|_| JsError::new("cannot set the range end"))?;
    Ok(range)
}
