// Painting findings without touching the editor.
//  - contenteditable: the CSS Custom Highlight API, one highlight per severity plus one for
//    the finding whose card is open; the ::highlight() styles are adopted into the editor's
//    document or shadow root (a document's styles do not reach into shadow trees).
//  - textarea / input: a mirror overlay in a shadow-root host, fixed over the field, with
//    the field's font, padding, borders and scroll; pointer-events: none.
import * as textmodel from './textmodel.js';
import * as incremental from './incremental.js';
import { MARKS, pageIsDark } from './theme.js';
const SEVERITIES = ['high', 'medium', 'low'];
const NAMES = { high: 'rapport-high', medium: 'rapport-medium', low: 'rapport-low', missing: 'rapport-missing', active: 'rapport-active' };
// A finding about what the reply lacks marks where to add it, quietly: a dotted line, no
// tint, whatever its severity (the words there are not the problem).
const MISSING = 'missing';
const kindOf = (f) => (f.missing ? MISSING : SEVERITIES.includes(f.severity) ? f.severity : 'low');

// The marks' declarations in a palette (theme.js's MARKS: brighter on a dark text
// background, where the light palette's lines are too dim), by kind.
const markStyles = (c) => ({
  ...Object.fromEntries(SEVERITIES.map((s) => [s, `background-color: rgba(${c[s]}, 0.14); text-decoration: underline 2px rgb(${c[s]}); text-underline-offset: 3px;`])),
  [MISSING]: `text-decoration: underline dotted 2px rgb(${c.missing}); text-underline-offset: 3px;`,
  active: `background-color: rgba(${c.active}, 0.28);`,
});

const highlightCss = (theme) => {
  const m = markStyles(MARKS[theme]);
  return Object.keys(NAMES).map((k) => `::highlight(${NAMES[k]}) { ${m[k]} }`).join('\n');
};

const marksCss = (theme, scope) => {
  const m = markStyles(MARKS[theme]);
  return [...SEVERITIES.map((s) => `${scope}mark.${s} { ${m[s]} text-decoration-skip-ink: none; }`),
    `${scope}mark.${MISSING} { ${m[MISSING]} }`, `${scope}mark.active { ${m.active} }`].join('\n');
};
const MARK_CSS = `:host { all: initial; }
.mirror { position: fixed; overflow: hidden; margin: 0; color: transparent !important;
  border-color: transparent !important; background: transparent !important; pointer-events: none;
  box-sizing: border-box; scrollbar-width: none; }
.mirror::-webkit-scrollbar { display: none; }
mark { color: transparent; background-color: transparent; border-radius: 1px; }
${marksCss('light', '')}
${marksCss('dark', ':host([data-theme="dark"]) ')}`;

// ---- contenteditable -------------------------------------------------------------
// One registry per document; each rich session contributes its ranges.
const registries = new WeakMap(); // Document -> {sessions: Set, sheet, adopted: WeakSet}

function registryFor(doc) {
  let reg = registries.get(doc);
  if (!reg) {
    const win = doc.defaultView;
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(highlightCss('light'));
    const highlights = {};
    for (const key of Object.keys(NAMES)) {
      highlights[key] = new win.Highlight();
      highlights[key].priority = key === 'active' ? 2 : 1;
    }
    reg = { sessions: new Set(), sheet, adopted: new WeakSet(), highlights, theme: 'light' };
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

// A painted finding's rectangles ({index, ...}: boxOf(item) is its range or element), and
// the finding under a point, a pixel either way, or -1.
function rectsIn(items, index, boxOf) {
  const it = items.find((x) => x.index === index);
  return it ? [...boxOf(it).getClientRects()] : [];
}
function hitIn(items, boxOf, x, y) {
  for (const it of items) {
    for (const r of boxOf(it).getClientRects()) {
      if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return it.index;
    }
  }
  return -1;
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
      const range = textmodel.rangeFor(model, f.start, f.end, this.doc);
      if (range) this.items.push({ finding: f, index: i, range, severity: kindOf(f), active: i === activeIndex, text: model.text.slice(f.start, f.end) });
    });
    // one palette per document (the highlights' styles are the document's): the one that
    // reads on the background of the editor painted last
    const theme = pageIsDark(this.el) ? 'dark' : 'light';
    if (theme !== this.reg.theme) {
      this.reg.theme = theme;
      this.reg.sheet.replaceSync(highlightCss(theme));
    }
    redrawRegistry(this.doc, this.reg);
  }
  rectsOf(index) { return rectsIn(this.items, index, (it) => it.range); }
  hit(x, y) { return hitIn(this.items, (it) => it.range, x, y); }
  // The highlights follow the text by themselves (scrolling, resizing); they only need
  // placing again when the editor re-rendered the same text into new nodes. A changed text
  // waits for its analysis instead.
  reposition() {
    if (this.items.every(covers)) return;
    const model = textmodel.read(this.el);
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

// A field's text longer than this is painted a window at a time (FieldPainter.paintWindowed).
const WINDOWED_FROM = 32 * 1024;
const BLOCK_CHARS = 2 * 1024;      // a block of whole lines, about this long
const MEASURE_BUDGET_MS = 3;       // measuring blocks' heights, per frame
const WINDOW_MARGIN_PX = 200;      // blocks this far off screen are painted too
// One line longer than this (a minified log) is never measured nor painted: its layout
// alone would be a long task. Blocks after it are placed from the field's end.
const GIANT_BLOCK_CHARS = 32 * 1024;
const UNMEASURED = -1, GIANT = -2;

// The index of the first of the sorted findings that may reach past `at`.
function firstEndingAfter(findings, at) {
  let lo = 0, hi = findings.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (findings[mid].start < at) lo = mid + 1; else hi = mid;
  }
  // a finding starting a little before `at` may still end after it
  while (lo > 0 && findings[lo - 1].end > at) lo--;
  return lo;
}

// Sets only the properties whose value changes: setting one, even to the value it has,
// has the mirror's style and layout redone, which for a large text is the window of it.
function setChanged(style, values) {
  for (const p in values) if (style[p] !== values[p]) style[p] = values[p];
}

const sameItems = (a, b) => !!b && a.length === b.length && a.every((x, i) => x === b[i]);

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
    const want = {};
    for (const p of COPIED) want[p] = cs[p];
    const isInput = this.el.localName === 'input';
    if (isInput) {
      want.whiteSpace = 'pre';
      want.overflowWrap = 'normal';
      const inner = this.el.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
      want.lineHeight = `${inner}px`;
    } else {
      // the field's scrollbar narrows its text; the mirror has none
      const bars = this.el.offsetWidth - this.el.clientWidth - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
      if (bars > 0) want.paddingRight = `${parseFloat(cs.paddingRight) + bars}px`;
    }
    setChanged(this.mirror.style, want);
    this.hidden = cs.display === 'none' || cs.visibility === 'hidden';
    // the marks' palette reads on the field's own background
    const dark = !!pageIsDark(this.el);
    if (dark !== this.host.hasAttribute('data-theme')) {
      if (dark) this.host.setAttribute('data-theme', 'dark'); else this.host.removeAttribute('data-theme');
    }
  }
  reposition() {
    // a scroll or a resize: the blocks now on screen at once, so that they move with it
    if (this.big) { this.renderWindow(true); return; }
    this.place();
  }
  place() {
    if (!this.el.isConnected) { this.host.style.display = 'none'; return; }
    const r = this.el.getBoundingClientRect();
    setChanged(this.host.style, { display: this.hidden ? 'none' : '' });
    setChanged(this.mirror.style, { left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
    this.mirror.scrollTop = this.el.scrollTop;
    this.mirror.scrollLeft = this.el.scrollLeft;
  }
  paint(findings, text, activeIndex) {
    if (!this.host.isConnected) this.doc.documentElement.appendChild(this.host);
    this.syncStyle();
    if (text.length > WINDOWED_FROM) { this.paintWindowed(findings, text, activeIndex); return; }
    this.big = null;
    const frag = this.doc.createDocumentFragment();
    this.marks = [];
    let at = 0;
    findings.forEach((f, i) => {
      if (f.start < at || f.end <= f.start || f.end > text.length) return;
      if (f.start > at) frag.append(text.slice(at, f.start));
      frag.append(this.mark(f, i, text, activeIndex));
      at = f.end;
    });
    // a trailing newline needs a character after it to take up its line
    frag.append(text.slice(at) + (text.endsWith('\n') ? '\u200b' : ''));
    this.mirror.replaceChildren(frag);
    this.reposition();
  }
  mark(f, i, text, activeIndex) {
    const mark = this.doc.createElement('mark');
    mark.className = kindOf(f) + (i === activeIndex ? ' active' : '');
    mark.textContent = text.slice(f.start, f.end);
    this.marks.push({ index: i, node: mark });
    return mark;
  }

  // ---- a large text: only the blocks on screen are in the mirror ----------------------
  // A mirror of a whole megabyte costs the page a layout of it on every paint (~200 ms).
  // So the text is cut into blocks of whole lines (a line break restarts wrapping, so a
  // block lays out the same alone as inside the field); each block's height is measured
  // once, a few blocks per frame, in a hidden copy of the mirror; the mirror then holds a
  // spacer as tall as the blocks above the field's scroll position, the blocks on
  // screen with their marks, and a spacer below. Heights are measured from the end when
  // the field shows its lower half (a paste leaves the caret, and the view, at its end),
  // so what is on screen is placed after measuring only what lies between it and the end.
  paintWindowed(findings, text, activeIndex) {
    const big = this.big && this.big.text === text && this.big.styleKey === this.styleKey() ? this.big : this.layoutBlocks(text);
    big.findings = findings;
    big.activeIndex = activeIndex;
    this.big = big;
    this.renderWindow();
  }
  styleKey() {
    const m = this.mirror.style;
    return [this.el.clientWidth, m.font, m.fontFamily, m.fontSize, m.lineHeight, m.letterSpacing, m.wordSpacing, m.whiteSpace, m.paddingLeft, m.paddingRight, m.tabSize].join('|');
  }
  layoutBlocks(text) {
    const starts = [0];
    for (;;) {
      const nl = text.indexOf('\n', starts[starts.length - 1] + BLOCK_CHARS);
      if (nl < 0) break;
      starts.push(nl + 1);
    }
    const old = this.big;
    const heights = new Array(starts.length).fill(UNMEASURED);
    // blocks of the previous text that are unchanged keep their heights (an edit
    // changes one block; the blocks before it and after it are the same strings)
    if (old && old.styleKey === this.styleKey()) {
      const n = starts.length, m = old.starts.length;
      const content = (t, st, i) => t.slice(st[i], i + 1 < st.length ? st[i + 1] : t.length);
      for (let i = 0; i < Math.min(n, m) && content(text, starts, i) === content(old.text, old.starts, i); i++) heights[i] = old.heights[i];
      for (let k = 1; k <= Math.min(n, m) && heights[n - k] === UNMEASURED && content(text, starts, n - k) === content(old.text, old.starts, m - k); k++) heights[n - k] = old.heights[m - k];
    }
    return { text, starts, heights, styleKey: this.styleKey(), findings: [], activeIndex: -1, shown: null };
  }
  blockText(big, i) {
    const end = i + 1 < big.starts.length ? big.starts[i + 1] - 1 : big.text.length;
    const t = big.text.slice(big.starts[i], end);
    return t === '' || t.endsWith('\n') ? t + '\u200b' : t;
  }
  measurer() {
    if (!this.measure) {
      this.measure = this.doc.createElement('div');
      this.measure.className = 'mirror';
      this.mirror.after(this.measure);
    }
    const m = this.measure.style;
    m.cssText = this.mirror.style.cssText;
    Object.assign(m, { visibility: 'hidden', height: 'auto', top: '0', left: '0', paddingTop: '0', paddingBottom: '0', borderTopWidth: '0', borderBottomWidth: '0', overflow: 'visible' });
    return this.measure;
  }
  // Measures blocks from the end or the start (whichever side the field shows) for at
  // most `budget` ms; true when every block is measured.
  measureSome(big, budget) {
    const t0 = performance.now();
    const n = big.starts.length;
    const fromEnd = this.el.scrollTop + this.el.clientHeight > this.el.scrollHeight / 2;
    const box = this.measurer();
    const order = fromEnd ? (k) => n - 1 - k : (k) => k;
    for (let k = 0; k < n; k++) {
      const i = order(k);
      if (big.heights[i] !== UNMEASURED) continue;
      if ((i + 1 < n ? big.starts[i + 1] : big.text.length) - big.starts[i] > GIANT_BLOCK_CHARS) { big.heights[i] = GIANT; continue; }
      box.textContent = this.blockText(big, i);
      big.heights[i] = box.getBoundingClientRect().height;
      if (performance.now() - t0 > budget) break;
    }
    box.textContent = '';
    return big.heights.every((h) => h !== UNMEASURED);
  }
  // The y of each block's top in the field's content, from the side measured so far:
  // null for a block that cannot be placed yet.
  placements(big) {
    const n = big.starts.length;
    const tops = new Array(n + 1).fill(null);
    tops[0] = 0;
    for (let i = 0; i < n && big.heights[i] >= 0; i++) tops[i + 1] = tops[i] + big.heights[i];
    if (tops[n] == null) {
      const cs = this.doc.defaultView.getComputedStyle(this.el);
      const contentHeight = this.el.scrollHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
      tops[n] = contentHeight;
      for (let i = n - 1; i >= 0 && big.heights[i] >= 0 && tops[i] == null; i--) tops[i] = tops[i + 1] - big.heights[i];
    }
    return tops;
  }
  // `now`: replace the mirror's blocks in this task; `measure`: measure some blocks first. Otherwise a changed window is put
  // in the mirror in a task of its own after the next frame: laying out fresh blocks
  // costs the page 10-20 ms, which on top of the analysis step or the measuring that
  // asked for it would make one long task of the extension's.
  renderWindow(now = false, measure = true) {
    let big = this.big;
    if (!big) return;
    if (big.styleKey !== this.styleKey()) {
      // the field was resized or restyled: the blocks wrap differently
      this.big = big = { ...this.layoutBlocks(big.text), findings: big.findings, activeIndex: big.activeIndex };
    }
    const win = this.doc.defaultView;
    const complete = big.heights.every((h) => h !== UNMEASURED) || (measure && this.measureSome(big, MEASURE_BUDGET_MS));
    const tops = this.placements(big);
    const top = this.el.scrollTop, bottom = top + this.el.clientHeight;
    const n = big.starts.length;
    let i0 = -1, i1 = -1;
    for (let i = 0; i < n; i++) {
      if (tops[i] == null || tops[i + 1] == null) continue;
      if (tops[i + 1] < top - WINDOW_MARGIN_PX || tops[i] > bottom + WINDOW_MARGIN_PX) continue;
      if (i0 < 0) i0 = i;
      i1 = i;
    }
    // keep measuring in later frames, until the blocks on screen can be placed and
    // then until all are measured (the agent may scroll anywhere); then nothing runs
    if (!complete && !this.measureRaf) {
      this.measureRaf = incremental.afterFrame(win, () => { this.measureRaf = null; if (this.big) this.renderWindow(); });
    }
    // the same blocks with the same findings (most of a large text's analysis happens
    // off screen): the mirror stays as it is, and so does its layout
    const key = `${i0}:${i1}`;
    const inWindow = i0 < 0 ? [] : big.findings.slice(firstEndingAfter(big.findings, big.starts[i0]), firstEndingAfter(big.findings, i1 + 1 < n ? big.starts[i1 + 1] : big.text.length + 1));
    if (big.shown === key && big.activeShown === big.activeIndex && sameItems(inWindow, big.findingsShown)) { this.place(); return; }
    if (!now) {
      if (!this.windowRaf) this.windowRaf = incremental.afterFrame(win, () => { this.windowRaf = null; if (this.big) this.renderWindow(true, false); });
      this.place();
      return;
    }
    big.shown = key;
    big.activeShown = big.activeIndex;
    big.findingsShown = inWindow;
    this.marks = [];
    const children = [];
    if (i0 >= 0) {
      const spacer = (h) => { const d = this.doc.createElement('div'); d.style.height = `${h}px`; return d; };
      children.push(spacer(tops[i0]));
      for (let i = i0; i <= i1; i++) children.push(this.blockNode(big, i));
      children.push(spacer(Math.max(0, (tops[n] ?? 0) - tops[i1 + 1]) + this.el.clientHeight));
    }
    this.mirror.replaceChildren(...children);
    this.place();
  }
  // The text offsets of the blocks in the mirror, or null (not windowed, or nothing
  // placed yet): what the analysis of a large text does next.
  visibleRange() {
    const big = this.big;
    if (!big || !big.shown || big.shown === '-1:-1') return null;
    const [i0, i1] = big.shown.split(':').map(Number);
    return [big.starts[i0], i1 + 1 < big.starts.length ? big.starts[i1 + 1] : big.text.length];
  }
  blockNode(big, i) {
    const start = big.starts[i];
    // the block's lines without the line break that ends the block
    const end = i + 1 < big.starts.length ? big.starts[i + 1] - 1 : big.text.length;
    const div = this.doc.createElement('div');
    if (start > 0) div.style.textIndent = '0';
    const { findings, activeIndex } = big;
    let at = start;
    for (let k = firstEndingAfter(findings, start); k < findings.length && findings[k].start < end; k++) {
      const f = findings[k];
      if (f.start < at || f.end <= f.start || f.end > end) continue;
      if (f.start > at) div.append(big.text.slice(at, f.start));
      div.append(this.mark(f, k, big.text, activeIndex));
      at = f.end;
    }
    // an empty last line needs a character to take up its line
    div.append(big.text.slice(at, end) + (end === start || big.text.charCodeAt(end - 1) === 10 ? '\u200b' : ''));
    return div;
  }
  rectsOf(index) { return rectsIn(this.marks, index, (m) => m.node); }
  hit(x, y) { return hitIn(this.marks, (m) => m.node, x, y); }
  destroy() {
    this.resize.disconnect();
    if (this.measureRaf) this.measureRaf.cancel();
    if (this.windowRaf) this.windowRaf.cancel();
    this.big = null;
    this.host.remove();
    this.marks = [];
  }
}

export { RichPainter, FieldPainter, NAMES };
