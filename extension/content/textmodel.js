// The text of a contenteditable the way the engine counts it, and the way back:
// text nodes as they are, <br> as "\n", a boundary between blocks as one "\n", an empty block
// (<div><br></div>) as the one empty line it draws.
// Rich-text editors put things in their DOM that are not the agent's text: non-editable
// islands (placeholders, widget handles, list markers: contenteditable="false") are left
// out, and so are the zero-width fillers editors keep the caret in (CKEditor's run of
// U+2060, the U+FEFF of Slate, Quill and TinyMCE), so the text is the one the editor's own
// model holds and a finding's offsets do not shift by where the caret last was.
// Offsets are UTF-16 code units (JS string indices), the same units as the engine's spans.
const BLOCK = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL',
  'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY',
  'TD', 'TH', 'THEAD', 'TR', 'UL']);
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
const FILLER = /[\u2060\ufeff]/;
const FILLERS = /[\u2060\ufeff]+/g;

// A <br> that ends its block draws no line of its own (Chrome's placeholder <br>).
function isTrailingBr(br) {
  let n = br.nextSibling;
  while (n) {
    if (n.nodeType === 3 ? n.data.length > 0 : n.nodeType === 1) return false;
    n = n.nextSibling;
  }
  const p = br.parentNode;
  return !!p && (BLOCK.has(p.nodeName) || (p.isContentEditable && !p.parentElement?.isContentEditable));
}

// A <br> with nothing drawn before it in its block: <div><br></div>, an empty line.
function isOnlyContent(br) {
  const p = br.parentNode;
  if (!p || !BLOCK.has(p.nodeName)) return false;
  for (let n = br.previousSibling; n; n = n.previousSibling) {
    if (n.nodeType === 3 ? n.data.length > 0 : n.nodeType === 1) return false;
  }
  return true;
}

// Returns {text, segs, root}; segs = [{node, start, end, from}] for the runs of text in the
// text nodes, in order: text.slice(start, end) is node.data.slice(from, from + end - start).
function read(root) {
  const r = reader(root);
  r.step(Infinity);
  return r.model;
}

// The same read, resumable: step(deadline) walks the DOM until performance.now() passes
// the deadline and says whether it is done (then `model` is the text model). A pasted
// megabyte is tens of thousands of nodes, some 40-90 ms to walk: read in one task it
// would hold the page that long. The caller must start again if the DOM changed between
// steps.
// The text is gathered as parts joined once at the end, and whether it ends with "\n" is
// tracked as it grows: asking a string being built by += (a rope) for its last character
// flattens it, which made a megabyte of pasted text take seconds to read.
function reader(root) {
  const parts = [];
  let length = 0;
  let endsWithBreak = false;
  const segs = [];
  let pendingBreak = false;
  let node = root.firstChild; // the next node to enter; null when done
  const append = (str) => {
    parts.push(str);
    length += str.length;
    endsWithBreak = str.charCodeAt(str.length - 1) === 10;
  };
  const breakIfPending = () => {
    if (pendingBreak && length && !endsWithBreak) append('\n');
    pendingBreak = false;
  };
  const addRun = (n, data, from, to) => {
    if (to <= from) return;
    breakIfPending();
    segs.push({ node: n, start: length, end: length + to - from, from });
    append(from === 0 && to === data.length ? data : data.slice(from, to));
  };
  const text = (n) => {
    const data = n.data;
    if (!data.length) return;
    if (!FILLER.test(data)) {
      addRun(n, data, 0, data.length);
      return;
    }
    let from = 0;
    for (const filler of data.matchAll(FILLERS)) {
      addRun(n, data, from, filler.index);
      from = filler.index + filler[0].length;
    }
    addRun(n, data, from, data.length);
  };
  // Handles `n` and says whether to walk into its children.
  const enter = (n) => {
    if (n.nodeType === 3) { text(n); return false; }
    if (n.nodeType !== 1 || SKIP.has(n.nodeName)) return false;
    if (n.getAttribute('contenteditable') === 'false') return false;
    if (n.nodeName === 'BR') {
      if (isTrailingBr(n)) {
        // the placeholder <br> of an empty block still draws that block's one line
        if (n.parentNode !== root && isOnlyContent(n)) { breakIfPending(); append('\n'); }
        pendingBreak = true;
        return false;
      }
      breakIfPending();
      append('\n');
      return false;
    }
    if (BLOCK.has(n.nodeName)) pendingBreak = true;
    return true;
  };
  const leave = (n) => { if (n.nodeType === 1 && BLOCK.has(n.nodeName)) pendingBreak = true; };
  const r = {
    model: null,
    step(deadline) {
      let count = 0;
      while (node) {
        if ((++count & 255) === 0 && performance.now() > deadline) return false;
        const into = enter(node);
        if (into && node.firstChild) { node = node.firstChild; continue; }
        if (into) leave(node);
        while (node && node !== root && !node.nextSibling) {
          node = node.parentNode;
          if (node !== root) leave(node);
        }
        node = node && node !== root ? node.nextSibling : null;
      }
      if (!r.model) r.model = { text: parts.join(''), segs, root };
      return true;
    },
  };
  return r;
}

// A DOM position for a text offset. `side` = 'start' prefers the following text node at a
// boundary, 'end' the preceding one, so a range never spans a synthetic "\n" needlessly.
function position(model, offset, side) {
  const segs = model.segs;
  if (!segs.length) return null;
  if (side === 'start') {
    // the first text node ending after the offset (segs are sorted and disjoint)
    const i = firstSeg(segs, (s) => offset < s.end);
    if (i < segs.length) return { node: segs[i].node, offset: segs[i].from + Math.max(0, offset - segs[i].start) };
    const last = segs[segs.length - 1];
    return { node: last.node, offset: last.from + last.end - last.start };
  }
  // the last text node starting before the offset
  const i = firstSeg(segs, (s) => offset <= s.start) - 1;
  if (i >= 0) return { node: segs[i].node, offset: segs[i].from + Math.min(offset, segs[i].end) - segs[i].start };
  return { node: segs[0].node, offset: segs[0].from };
}

// The index of the first seg for which `past` holds (it holds for every seg after it
// too), or segs.length: a binary search, as a large draft has tens of thousands of segs.
function firstSeg(segs, past) {
  let lo = 0, hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(segs[mid])) hi = mid; else lo = mid + 1;
  }
  return lo;
}

function rangeFor(model, start, end, doc) {
  const a = position(model, start, 'start');
  const b = position(model, end, 'end');
  if (!a || !b) return null;
  const r = (doc || a.node.ownerDocument).createRange();
  r.setStart(a.node, a.offset);
  r.setEnd(b.node, b.offset);
  if (r.collapsed && end > start) return null;
  return r;
}

// The index of the seg of a text node, or -1: a binary search in tree order (segs are in
// tree order), as a large draft has thousands of segs and the caret is looked up on
// every scroll.
function segIndexOf(model, node) {
  const segs = model.segs;
  let lo = 0, hi = segs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const other = segs[mid].node;
    if (other === node) return mid;
    const rel = node.compareDocumentPosition(other);
    if (rel & 4) hi = mid - 1;      // DOCUMENT_POSITION_FOLLOWING: the seg comes after
    else if (rel & 2) lo = mid + 1; // DOCUMENT_POSITION_PRECEDING
    else return -1;                 // not in the same tree
  }
  return -1;
}

// The text offset of a DOM position (e.g. the caret) inside the editor.
function offsetOf(model, node, offset) {
  let at = segIndexOf(model, node);
  // a DOM changed since it was read may have moved the node: look for it one by one
  if (at < 0 && node.nodeType === 3) at = model.segs.findIndex((s) => s.node === node);
  if (at >= 0) {
    // the node's runs (one unless fillers split it) are neighbours; a caret inside a filler
    // counts as being at the next run of text
    const segs = model.segs;
    while (at > 0 && segs[at - 1].node === node) at--;
    for (; at < segs.length && segs[at].node === node; at++) {
      const s = segs[at];
      if (offset <= s.from + s.end - s.start) return s.start + Math.max(0, offset - s.from);
    }
    return segs[at - 1].end;
  }
  if (model.root && model.root.contains(node)) {
    // the first text node of the model at or after the point, in tree order
    const after = (n) => {
      while (n && n !== model.root && !n.nextSibling) n = n.parentNode;
      return !n || n === model.root ? null : n.nextSibling;
    };
    let n = node.nodeType === 1 ? (node.childNodes[offset] || after(node)) : after(node);
    for (; n; n = n.firstChild || after(n)) {
      if (n.nodeType !== 3 || !n.data.length) continue;
      const i = segIndexOf(model, n);
      if (i >= 0) return model.segs[i].start;
    }
    return model.text.length;
  }
  const doc = node.ownerDocument;
  const probe = doc.createRange();
  probe.setStart(node, offset);
  for (const s of model.segs) {
    try { if (probe.comparePoint(s.node, 0) >= 0) return s.start; } catch (_) { return 0; }
  }
  return model.text.length;
}

export { read, reader, rangeFor, offsetOf, position };
