// How Rapport's in-page UI decides that a page is dark (content/theme.js): computed colours
// read, WCAG luminance, the first mostly opaque background from the reply box up, the
// canvas where nothing is painted. A stand-in for the DOM: elements with computed styles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseColor, luminance, pageIsDark, MARKS } from '../../extension/content/theme.js';

test('computed colours are read in both notations the browser gives, others are not guessed', () => {
  assert.deepEqual(parseColor('rgb(27, 31, 36)'), [27, 31, 36, 1]);
  assert.deepEqual(parseColor('rgba(0, 0, 0, 0)'), [0, 0, 0, 0]);
  assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), [10, 20, 30, 0.5]);
  assert.equal(parseColor('oklch(0.3 0.02 250)'), null);
  assert.equal(parseColor(''), null);
});

test('luminance is WCAG\'s: white 1, black 0, and contrast of the UI\'s text with its background is AA', () => {
  assert.equal(luminance([255, 255, 255]), 1);
  assert.equal(luminance([0, 0, 0]), 0);
  const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const ratio = (a, b) => { const [x, y] = [luminance(hex(a)), luminance(hex(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  // the dark card's muted text (the smallest there) and the dark notice's link
  assert.ok(ratio('#9198a1', '#161b22') >= 4.5);
  assert.ok(ratio('#79c0ff', '#2d333b') >= 4.5);
});

// elements: [{bg}] from the reply box up; scheme: the root's color-scheme; prefersDark
function page(chain, { scheme = 'normal', prefersDark = false } = {}) {
  const root = { nodeType: 1, bg: 'rgba(0, 0, 0, 0)', parentElement: null, parentNode: null };
  const win = {
    getComputedStyle: (n) => ({ backgroundColor: n.bg, colorScheme: scheme }),
    matchMedia: (q) => ({ matches: prefersDark && /dark/.test(q) }),
  };
  const doc = { defaultView: win, documentElement: root };
  root.ownerDocument = doc;
  let parent = root;
  const nodes = [];
  for (const bg of [...chain].reverse()) {
    const n = { nodeType: 1, bg, parentElement: parent, parentNode: parent, ownerDocument: doc };
    nodes.unshift(n);
    parent = n;
  }
  return nodes[0] || root;
}

test('the first mostly opaque background from the reply box up decides', () => {
  assert.equal(pageIsDark(page(['rgba(0, 0, 0, 0)', 'rgb(27, 31, 36)'])), true);
  assert.equal(pageIsDark(page(['rgb(255, 255, 255)', 'rgb(27, 31, 36)'])), false);
  // a faint tint over a dark page is not the page's background
  assert.equal(pageIsDark(page(['rgba(255, 255, 255, 0.1)', 'rgb(13, 17, 23)'])), true);
  // a mid grey: black text contrasts more, so it reads light
  assert.equal(pageIsDark(page(['rgb(128, 128, 128)'])), false);
});

test('nothing painted: the canvas is dark only where the page opts in and the browser prefers dark', () => {
  assert.equal(pageIsDark(page(['rgba(0, 0, 0, 0)'])), false);
  assert.equal(pageIsDark(page(['rgba(0, 0, 0, 0)'], { prefersDark: true })), false);
  assert.equal(pageIsDark(page(['rgba(0, 0, 0, 0)'], { scheme: 'light dark', prefersDark: true })), true);
});

test('a background in a notation not read is unknown, not guessed; no element is no answer', () => {
  assert.equal(pageIsDark(page(['oklch(0.2 0 0)'])), null);
  assert.equal(pageIsDark(null), null);
});

test('the underlines\' palettes name every kind of mark', () => {
  for (const theme of ['light', 'dark']) assert.deepEqual(Object.keys(MARKS[theme]).sort(), ['active', 'high', 'low', 'medium', 'missing']);
});
