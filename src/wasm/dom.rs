//! A contenteditable's text as the engine counts it, and UTF-16 spans of that text
//! mapped back to DOM `Range`s. Text nodes give their data, `<br>` a line break, and
//! block elements start and end lines, so that sentence and line logic in the engine
//! sees the same text the agent sees.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Range};

const BLOCKS: &[&str] = &[
    "ADDRESS",
    "ARTICLE",
    "ASIDE",
    "BLOCKQUOTE",
    "DD",
    "DIV",
    "DL",
    "DT",
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
    "TABLE",
    "TD",
    "TH",
    "TR",
    "UL",
];

fn is_block(node: &Node) -> bool {
    node.dyn_ref::<Element>()
        .is_some_and(|e| BLOCKS.contains(&e.tag_name().to_ascii_uppercase().as_str()))
}

/// A run of the flattened text: either the data of a text node, or a synthetic line
/// break (from `<br>` or a block boundary) anchored before `node`.
struct Piece {
    start: usize,
    len: usize,
    node: Node,
    synthetic: bool,
}

struct Flattened {
    text: String,
    units: usize,
    pieces: Vec<Piece>,
}

impl Flattened {
    fn push_text(&mut self, node: Node, data: &str) {
        let len = data.encode_utf16().count();
        if len == 0 {
            return;
        }
        self.pieces.push(Piece {
            start: self.units,
            len,
            node,
            synthetic: false,
        });
        self.text.push_str(data);
        self.units += len;
    }

    fn push_break(&mut self, anchor: Node) {
        self.pieces.push(Piece {
            start: self.units,
            len: 1,
            node: anchor,
            synthetic: true,
        });
        self.text.push('\n');
        self.units += 1;
    }

    fn ends_with_break(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }
}

fn walk(node: &Node, out: &mut Flattened) {
    let mut child = node.first_child();
    while let Some(current) = child {
        match current.node_type() {
            Node::TEXT_NODE => out.push_text(current.clone(), &current.node_value().unwrap_or_default()),
            Node::ELEMENT_NODE => {
                let name = current.node_name().to_ascii_uppercase();
                if name == "BR" {
                    out.push_break(current.clone());
                } else if !matches!(name.as_str(), "SCRIPT" | "STYLE" | "TEMPLATE") {
                    let block = is_block(&current);
                    if block && !out.ends_with_break() {
                        out.push_break(current.clone());
                    }
                    walk(&current, out);
                    if block && !out.ends_with_break() {
                        if let Some(next) = current.next_sibling() {
                            out.push_break(next);
                        }
                    }
                }
            }
            _ => {}
        }
        child = current.next_sibling();
    }
}

fn flatten(root: &Node) -> Flattened {
    let mut out = Flattened {
        text: String::new(),
        units: 0,
        pieces: Vec::new(),
    };
    walk(root, &mut out);
    out
}

/// The editor's text as the engine analyses it.
#[wasm_bindgen(js_name = editorText)]
pub fn editor_text(root: &Node) -> String {
    flatten(root).text
}

/// A DOM position (container, offset) for a UTF-16 offset of the flattened text.
fn position(root: &Node, flat: &Flattened, offset: usize, prefer_next: bool) -> (Node, u32) {
    let index = flat
        .pieces
        .partition_point(|p| p.start + p.len < offset + usize::from(prefer_next));
    match flat.pieces.get(index) {
        Some(p) if !p.synthetic => (p.node.clone(), offset.saturating_sub(p.start).min(p.len) as u32),
        Some(p) => {
            let parent = p.node.parent_node().unwrap_or_else(|| root.clone());
            let children = parent.child_nodes();
            let at = (0..children.length()).find(|&i| children.get(i).is_some_and(|c| c.is_same_node(Some(&p.node))));
            (parent, at.unwrap_or(0))
        }
        None => (root.clone(), root.child_nodes().length()),
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
    let document = root
        .owner_document()
        .ok_or_else(|| JsError::new("the editor is not in a document"))?;
    let range = document
        .create_range()
        .map_err(|_| JsError::new("cannot create a range"))?;
    let (sn, so) = position(root, &flat, start, true);
    let (en, eo) = position(root, &flat, end, false);
    range
        .set_start(&sn, so)
        .map_err(|_| JsError::new("cannot set the range start"))?;
    range
        .set_end(&en, eo)
        .map_err(|_| JsError::new("cannot set the range end"))?;
    Ok(range)
}
