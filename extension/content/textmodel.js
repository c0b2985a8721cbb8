// The text of a contenteditable the way the engine counts it, and the way back:
// text nodes as they are, <br> as "\n", a boundary between blocks as one "\n", an empty block
// (<div><br></div>) as the one empty line it draws.
// Rich-text editors put things in their DOM that are not the agent's text: non-editable
// islands (placeholders, widget handles, list markers: contenteditable="false") are left
// out, and so are the zero-width fillers editors keep the caret in (CKEditor's run of
// U+2060, the U+FEFF of Slate, Quill and TinyMCE), so the text is the one the editor's own
// model holds and a finding's offsets do not shift by where the caret last was.
// Offsets are UTF-16 code units (JS string indices), the same units as the engine's spans.
(function (R) {
  'use strict';
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

  // Returns {text, segs}; segs = [{node, start, end, from}] for the runs of text in the text
  // nodes, in order: text.slice(start, end) is node.data.slice(from, from + end - start).
  function read(root) {
    let text = '';
    const segs = [];
    let pendingBreak = false;
    const breakIfPending = () => {
      if (pendingBreak && text.length && !text.endsWith('\n')) text += '\n';
      pendingBreak = false;
    };
    const addRun = (node, data, from, to) => {
      if (to <= from) return;
      breakIfPending();
      segs.push({ node, start: text.length, end: text.length + to - from, from });
      text += data.slice(from, to);
    };
    const visit = (node) => {
      if (node.nodeType === 3) {
        const data = node.data;
        if (!data.length) return;
        if (!FILLER.test(data)) {
          breakIfPending();
          segs.push({ node, start: text.length, end: text.length + data.length, from: 0 });
          text += data;
          return;
        }
        let from = 0;
        for (const filler of data.matchAll(FILLERS)) {
          addRun(node, data, from, filler.index);
          from = filler.index + filler[0].length;
        }
        addRun(node, data, from, data.length);
        return;
      }
      if (node.nodeType !== 1 || SKIP.has(node.nodeName)) return;
      if (node.getAttribute('contenteditable') === 'false') return;
      if (node.nodeName === 'BR') {
        if (isTrailingBr(node)) {
          // the placeholder <br> of an empty block still draws that block's one line
          if (node.parentNode !== root && isOnlyContent(node)) { breakIfPending(); text += '\n'; }
          pendingBreak = true;
          return;
        }
        breakIfPending();
        text += '\n';
        return;
      }
      const block = BLOCK.has(node.nodeName);
      if (block) pendingBreak = true;
      for (let c = node.firstChild; c; c = c.nextSibling) visit(c);
      if (block) pendingBreak = true;
    };
    for (let c = root.firstChild; c; c = c.nextSibling) visit(c);
    return { text, segs };
  }

  // A DOM position for a text offset. `side` = 'start' prefers the following text node at a
  // boundary, 'end' the preceding one, so a range never spans a synthetic "\n" needlessly.
  function position(model, offset, side) {
    const segs = model.segs;
    if (!segs.length) return null;
    if (side === 'start') {
      for (const s of segs) if (offset < s.end) return { node: s.node, offset: s.from + Math.max(0, offset - s.start) };
      const last = segs[segs.length - 1];
      return { node: last.node, offset: last.from + last.end - last.start };
    }
    for (let i = segs.length - 1; i >= 0; i--) {
      const s = segs[i];
      if (offset > s.start) return { node: s.node, offset: s.from + Math.min(offset, s.end) - s.start };
    }
    return { node: segs[0].node, offset: segs[0].from };
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

  // The text offset of a DOM position (e.g. the caret) inside the editor.
  function offsetOf(model, node, offset) {
    const own = model.segs.filter((s) => s.node === node);
    if (own.length) {
      // a caret inside a filler counts as being at the next run of text
      for (const s of own) if (offset <= s.from + s.end - s.start) return s.start + Math.max(0, offset - s.from);
      const last = own[own.length - 1];
      return last.end;
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
