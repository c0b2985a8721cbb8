// Painting findings without touching the editor.
//  - contenteditable: the CSS Custom Highlight API, one highlight per severity plus one for
//    the finding whose card is open; the ::highlight() styles are adopted into the editor's
//    document or shadow root (a document's styles do not reach into shadow trees).
//  - textarea / input: a mirror overlay in a shadow-root host, fixed over the field, with
//    the field's font, padding, borders and scroll; pointer-events: none.
(function (R) {
  'use strict';
  const SEVERITIES = ['high', 'medium', 'low'];
  const COLORS = { high: '217, 48, 37', medium: '227, 116, 0', low: '26, 115, 232' };
  const NAMES = { high: 'rapport-high', medium: 'rapport-medium', low: 'rapport-low', active: 'rapport-active' };

  const HIGHLIGHT_CSS = SEVERITIES.map((s) => `::highlight(${NAMES[s]}) {
  background-color: rgba(${COLORS[s]}, 0.14);
  text-decoration: underline 2px rgb(${COLORS[s]});
  text-underline-offset: 3px;
}`).join('\n') + `\n::highlight(${NAMES.active}) { background-color: rgba(26, 115, 232, 0.28); }`;

  const MARK_CSS = `:host { all: initial; }
.mirror { position: fixed; overflow: hidden; margin: 0; color: transparent !important;
  border-color: transparent !important; background: transparent !important; pointer-events: none;
  box-sizing: border-box; scrollbar-width: none; }
.mirror::-webkit-scrollbar { display: none; }
mark { color: transparent; background-color: transparent; border-radius: 1px; }
${SEVERITIES.map((s) => `mark.${s} { background-color: rgba(${COLORS[s]}, 0.14);
  text-decoration: underline 2px rgb(${COLORS[s]}); text-decoration-skip-ink: none; text-underline-offset: 3px; }`).join('\n')}
mark.active { background-color: rgba(26, 115, 232, 0.28); }`;

  // ---- contenteditable -------------------------------------------------------------
  // One registry per document; each rich session contributes its ranges.
  const registries = new WeakMap(); // Document -> {sessions: Set, sheet, adopted: WeakSet}

  function registryFor(doc) {
    let reg = registries.get(doc);
    if (!reg) {
      const win = doc.defaultView;
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(HIGHLIGHT_CSS);
      const highlights = {};
      for (const key of Object.keys(NAMES)) {
        highlights[key] = new win.Highlight();
        highlights[key].priority = key === 'active' ? 2 : 1;
      }
      reg = { sessions: new Set(), sheet, adopted: new WeakSet(), highlights };
      registries.set(doc, reg);
    }
    return reg;
  }

  function adopt(reg, root) {
    if (reg.adopted.has(root)) return;
    reg.adopted.add(root);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, reg.sheet];
  }

  function redrawRegistry(doc, reg) {
    const css = doc.defaultView.CSS;
    for (const key of Object.keys(NAMES)) reg.highlights[key].clear();
    let any = false;
    for (const p of reg.sessions) {
      for (const item of p.items) {
        reg.highlights[item.severity]?.add(item.range);
        if (item.active) reg.highlights.active.add(item.range);
        any = true;
      }
    }
    for (const key of Object.keys(NAMES)) {
      if (any && reg.highlights[key].size) css.highlights.set(NAMES[key], reg.highlights[key]);
      else css.highlights.delete(NAMES[key]);
    }
  }

  // A range painted over text nodes the editor has since replaced (the same text re-rendered
  // in new nodes, as React, Lexical or ProseMirror do) no longer covers its phrase.
  const FILLERS = /[\u2060\ufeff]+/g;
  function covers(item) {
    const r = item.range;
    return r.startContainer.isConnected && r.endContainer.isConnected && r.toString().replace(FILLERS, '') === item.text;
  }

  class RichPainter {
    // onEditorChange: called after the editor's DOM changed by any means, typed or not (an
    // editor's own undo, a toolbar, a re-render); the painter only observes, never writes.
    constructor(el, onEditorChange) {
      this.el = el;
      this.doc = el.ownerDocument;
      this.items = []; // {finding, range, severity, active, text}
      this.findings = [];
      this.activeIndex = -1;
      this.text = null;
      this.reg = registryFor(this.doc);
      this.reg.sessions.add(this);
      adopt(this.reg, el.getRootNode());
      const win = this.doc.defaultView;
      this.observer = new win.MutationObserver(() => { if (this.onEditorChange) this.onEditorChange(); });
      this.observer.observe(el, { childList: true, characterData: true, subtree: true });
      this.onEditorChange = onEditorChange || null;
    }
    // findings carry UTF-16 spans into model.text
    paint(findings, model, activeIndex) {
      this.items = [];
      this.findings = findings;
      this.activeIndex = activeIndex;
      this.text = model.text;
      findings.forEach((f, i) => {
        const range = R.textmodel.rangeFor(model, f.start, f.end, this.doc);
        if (range) this.items.push({ finding: f, index: i, range, severity: SEVERITIES.includes(f.severity) ? f.severity : 'low', active: i === activeIndex, text: model.text.slice(f.start, f.end) });
      });
      redrawRegistry(this.doc, this.reg);
    }
    rectsOf(index) {
      const it = this.items.find((x) => x.index === index);
      return it ? [...it.range.getClientRects()] : [];
    }
    hit(x, y) {
      for (const it of this.items) {
        for (const r of it.range.getClientRects()) {
          if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return it.index;
        }
      }
      return -1;
    }
    // The highlights follow the text by themselves (scrolling, resizing); they only need
    // placing again when the editor re-rendered the same text into new nodes. A changed text
    // waits for its analysis instead.
    reposition() {
      if (this.items.every(covers)) return;
      const model = R.textmodel.read(this.el);
      if (model.text === this.text) this.paint(this.findings, model, this.activeIndex);
    }
    destroy() {
      this.observer.disconnect();
      this.items = [];
      this.reg.sessions.delete(this);
      redrawRegistry(this.doc, this.reg);
    }
  }

  // ---- textarea / input -------------------------------------------------------------
  const COPIED = ['direction', 'fontStyle', 'fontVariant', 'fontWeight', 'fontStretch', 'fontSize',
    'fontSizeAdjust', 'fontFamily', 'fontFeatureSettings', 'fontKerning', 'fontVariationSettings',
    'fontVariantLigatures', 'lineHeight', 'textAlign', 'textTransform', 'textIndent', 'letterSpacing',
    'wordSpacing', 'tabSize', 'whiteSpace', 'wordBreak', 'overflowWrap', 'textRendering', 'hyphens',
    'writingMode', 'textOrientation', 'unicodeBidi', 'paddingTop', 'paddingRight', 'paddingBottom',
    'paddingLeft', 'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth',
    'borderTopStyle', 'borderRightStyle', 'borderBottomStyle', 'borderLeftStyle'];

  class FieldPainter {
    constructor(el) {
      this.el = el;
      this.doc = el.ownerDocument;
      this.marks = []; // {index, node}
      this.host = this.doc.createElement('rapport-overlay');
      this.host.setAttribute('data-rapport-ui', 'overlay');
      this.host.style.cssText = 'all: initial; position: fixed; left: 0; top: 0; width: 0; height: 0; z-index: 2147483646; pointer-events: none;';
      const root = this.host.attachShadow({ mode: 'open' });
      const style = this.doc.createElement('style');
      style.textContent = MARK_CSS;
      this.mirror = this.doc.createElement('div');
      this.mirror.className = 'mirror';
      root.append(style, this.mirror);
      this.doc.documentElement.appendChild(this.host);
      this.resize = new ResizeObserver(() => this.reposition());
      this.resize.observe(el);
    }
    syncStyle() {
      const cs = this.doc.defaultView.getComputedStyle(this.el);
      const m = this.mirror.style;
      for (const p of COPIED) m[p] = cs[p];
      const isInput = this.el.localName === 'input';
      if (isInput) {
        m.whiteSpace = 'pre';
        m.overflowWrap = 'normal';
        const inner = this.el.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
        m.lineHeight = `${inner}px`;
      } else {
        // the field's scrollbar narrows its text; the mirror has none
        const bars = this.el.offsetWidth - this.el.clientWidth - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
        if (bars > 0) m.paddingRight = `${parseFloat(cs.paddingRight) + bars}px`;
      }
      this.hidden = cs.display === 'none' || cs.visibility === 'hidden';
    }
    reposition() {
      if (!this.el.isConnected) { this.host.style.display = 'none'; return; }
      const r = this.el.getBoundingClientRect();
      const m = this.mirror.style;
      this.host.style.display = this.hidden ? 'none' : '';
      m.left = `${r.left}px`;
      m.top = `${r.top}px`;
      m.width = `${r.width}px`;
      m.height = `${r.height}px`;
      this.mirror.scrollTop = this.el.scrollTop;
      this.mirror.scrollLeft = this.el.scrollLeft;
    }
    paint(findings, text, activeIndex) {
      if (!this.host.isConnected) this.doc.documentElement.appendChild(this.host);
      this.syncStyle();
      const frag = this.doc.createDocumentFragment();
      this.marks = [];
      let at = 0;
      findings.forEach((f, i) => {
        if (f.start < at || f.end <= f.start || f.end > text.length) return;
        if (f.start > at) frag.append(text.slice(at, f.start));
        const mark = this.doc.createElement('mark');
        mark.className = (SEVERITIES.includes(f.severity) ? f.severity : 'low') + (i === activeIndex ? ' active' : '');
        mark.textContent = text.slice(f.start, f.end);
        frag.append(mark);
        this.marks.push({ index: i, node: mark });
        at = f.end;
      });
      // a trailing newline needs a character after it to take up its line
      frag.append(text.slice(at) + (text.endsWith('\n') ? '\u200b' : ''));
      this.mirror.replaceChildren(frag);
      this.reposition();
    }
    rectsOf(index) {
      const m = this.marks.find((x) => x.index === index);
      return m ? [...m.node.getClientRects()] : [];
    }
    hit(x, y) {
      for (const m of this.marks) {
        for (const r of m.node.getClientRects()) {
          if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return m.index;
        }
      }
      return -1;
    }
    destroy() {
      this.resize.disconnect();
      this.host.remove();
      this.marks = [];
    }
  }

  R.paint = { RichPainter, FieldPainter, NAMES, COLORS };
})(globalThis.Rapport = globalThis.Rapport || {});
