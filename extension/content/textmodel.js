// The text of a contenteditable the way the engine counts it, and the way back:
// text nodes as they are, <br> as "\n", a boundary between blocks as one "\n", an empty block
// (<div><br></div>) as the one empty line it draws.
// Offsets are UTF-16 code units (JS string indices), the same units as the engine's spans.
(function (R) {
  'use strict';
  const BLOCK = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL',
    'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
    'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY',
    'TD', 'TH', 'THEAD', 'TR', 'UL']);
  const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

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

  // Returns {text, segs}; segs = [{node, start, end}] for the text nodes, in order.
  // The text is gathered as parts joined once at the end, and whether it ends with "\n" is
  // tracked as it grows: asking a string being built by += (a rope) for its last character
  // flattens it, which made a megabyte of pasted text take seconds to read.
  function read(root) {
    const parts = [];
    let length = 0;
    let endsWithBreak = false;
    const segs = [];
    let pendingBreak = false;
    const append = (str) => {
      parts.push(str);
      length += str.length;
      endsWithBreak = str.charCodeAt(str.length - 1) === 10;
    };
    const breakIfPending = () => {
      if (pendingBreak && length && !endsWithBreak) append('\n');
      pendingBreak = false;
    };
    const visit = (node) => {
      if (node.nodeType === 3) {
        if (!node.data.length) return;
        breakIfPending();
        segs.push({ node, start: length, end: length + node.data.length });
        append(node.data);
        return;
      }
      if (node.nodeType !== 1 || SKIP.has(node.nodeName)) return;
      if (node.nodeName === 'BR') {
        if (isTrailingBr(node)) {
          // the placeholder <br> of an empty block still draws that block's one line
          if (node.parentNode !== root && isOnlyContent(node)) { breakIfPending(); append('\n'); }
          pendingBreak = true;
          return;
        }
        breakIfPending();
        append('\n');
        return;
      }
      const block = BLOCK.has(node.nodeName);
      if (block) pendingBreak = true;
      for (let c = node.firstChild; c; c = c.nextSibling) visit(c);
      if (block) pendingBreak = true;
    };
    for (let c = root.firstChild; c; c = c.nextSibling) visit(c);
    return { text: parts.join(''), segs, root };
  }

  // A DOM position for a text offset. `side` = 'start' prefers the following text node at a
  // boundary, 'end' the preceding one, so a range never spans a synthetic "\n" needlessly.
  function position(model, offset, side) {
    const segs = model.segs;
    if (!segs.length) return null;
    if (side === 'start') {
      // the first text node ending after the offset (segs are sorted and disjoint)
      const i = firstSeg(segs, (s) => offset < s.end);
      if (i < segs.length) return { node: segs[i].node, offset: Math.max(0, offset - segs[i].start) };
      const last = segs[segs.length - 1];
      return { node: last.node, offset: last.end - last.start };
    }
    // the last text node starting before the offset
    const i = firstSeg(segs, (s) => offset <= s.start) - 1;
    if (i >= 0) return { node: segs[i].node, offset: Math.min(offset, segs[i].end) - segs[i].start };
    return { node: segs[0].node, offset: 0 };
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
    if (at >= 0) { const s = model.segs[at]; return s.start + Math.min(offset, s.end - s.start); }
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

  R.textmodel = { read, rangeFor, offsetOf, position };
})(globalThis.Rapport = globalThis.Rapport || {});
