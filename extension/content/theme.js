// The look of Rapport's own UI on a page (the card, its notices, the status button and its
// panel, the Send guard): the palette of the extension's pages (ui.css), light, or dark when
// the browser prefers dark or when the page around the reply box is dark by itself (many
// helpdesks have a dark mode of their own, whatever the system's scheme). The palette is a
// set of custom properties on each shadow host: custom properties are the one thing the
// host's `all: initial` leaves alone, and nothing of the page's styles reaches in.
const LIGHT = {
  scheme: 'light', bg: '#ffffff', fg: '#1f2328', muted: '#57606a', border: '#d0d7de', panel: '#f6f8fa',
  accent: '#0969da', 'accent-fg': '#ffffff', focus: '#0969da', hover: '#eef6ff', shadow: 'rgba(0,0,0,.18)',
  high: '#c5221f', medium: '#9a4d00', low: '#1a63c8', 'sev-fg': '#ffffff', ok: '#1a7f37', bad: '#b42318',
  'del-fg': '#82071e', 'del-bg': '#ffebe9', 'ins-fg': '#116329', 'ins-bg': '#dafbe1',
  'note-fg': '#3d2e00', 'note-bg': '#fff8e6', warn: '#8a4600',
  'toast-bg': '#1f2328', 'toast-fg': '#ffffff', 'toast-link': '#79c0ff', 'toast-border': '#1f2328',
  primary: '#1f883d', 'primary-border': '#1a7f37', 'primary-fg': '#ffffff',
};
const DARK = {
  scheme: 'dark', bg: '#161b22', fg: '#e6edf3', muted: '#9198a1', border: '#545d68', panel: '#0d1117',
  accent: '#4493f8', 'accent-fg': '#0d1117', focus: '#79b8ff', hover: '#1c2d41', shadow: 'rgba(0,0,0,.55)',
  high: '#ff7b72', medium: '#f0a04b', low: '#79b8ff', 'sev-fg': '#0d1117', ok: '#56d364', bad: '#ff7b72',
  'del-fg': '#ffa198', 'del-bg': '#3d1418', 'ins-fg': '#7ee787', 'ins-bg': '#12361d',
  'note-fg': '#f0d58a', 'note-bg': '#2b2111', warn: '#f0b72f',
  'toast-bg': '#2d333b', 'toast-fg': '#e6edf3', 'toast-link': '#79c0ff', 'toast-border': '#545d68',
  primary: '#238636', 'primary-border': '#2ea043', 'primary-fg': '#ffffff',
};
const vars = (p) => Object.entries(p).map(([k, v]) => `--r-${k}: ${v};`).join(' ');

// Put first in a shadow root's style sheet; the rest uses var(--r-…), and sets
// `color-scheme: var(--r-scheme)` on its boxes for their scrollbars and checkboxes.
const THEME_CSS = `:host { ${vars(LIGHT)} }
:host([data-theme="dark"]) { ${vars(DARK)} }
@media (prefers-color-scheme: dark) { :host { ${vars(DARK)} } }`;

// The underlines' colours on a light text background and on a dark one: the light ones are
// too dim to read as a mark on a dark background. r, g, b.
const MARKS = {
  light: { high: '217, 48, 37', medium: '227, 116, 0', low: '26, 115, 232', missing: '9, 105, 218', active: '26, 115, 232' },
  dark: { high: '255, 123, 114', medium: '240, 160, 75', low: '121, 184, 255', missing: '121, 184, 255', active: '121, 184, 255' },
};

// 'rgb(r, g, b)' / 'rgba(r, g, b, a)' as [r, g, b, a]; null for any other notation.
function parseColor(text) {
  const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(text || '');
  if (!m) return null;
  let a = m[4] == null ? 1 : parseFloat(m[4]);
  if (m[4] && m[4].endsWith('%')) a /= 100;
  return [+m[1], +m[2], +m[3], a];
}

// WCAG relative luminance of an sRGB colour.
function luminance([r, g, b]) {
  const c = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
}
// Below this, white text contrasts more than black: the page reads as dark.
const DARK_BELOW = 0.179;

// Whether what shows behind `el` is dark: the first mostly opaque background from it up
// through its ancestors (out of shadow roots too; a background image is not looked at).
// Where nothing is painted, the canvas: dark only where the page asks for a dark scheme and
// the browser prefers one. null when unknown (a colour notation not read here).
function pageIsDark(el) {
  if (!el || !el.ownerDocument) return null;
  const doc = el.ownerDocument;
  const win = doc.defaultView;
  if (!win) return null;
  for (let n = el; n;) {
    if (n.nodeType === 1) {
      const bg = win.getComputedStyle(n).backgroundColor;
      const c = parseColor(bg);
      if (!c && bg && bg !== 'transparent') return null;
      if (c && c[3] >= 0.5) return luminance(c) < DARK_BELOW;
    }
    n = n.parentElement || (n.parentNode && n.parentNode.host) || null;
  }
  const scheme = win.getComputedStyle(doc.documentElement).colorScheme || '';
  return /\bdark\b/.test(scheme) && win.matchMedia('(prefers-color-scheme: dark)').matches;
}

// Marks `host` dark when the page behind `near` is; otherwise the browser's scheme decides.
function follow(host, near) {
  if (pageIsDark(near)) host.setAttribute('data-theme', 'dark');
  else host.removeAttribute('data-theme');
}

export { THEME_CSS, MARKS, pageIsDark, parseColor, luminance, follow };
