// What the card says about a rewrite: its change as words deleted and inserted, and its
// screen-reader wording (card.js needs no DOM for either).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { diff, spoken } from '../../extension/content/card.js';
import { useMessages } from '../../extension/i18n.js';

// Node has no chrome.i18n: the card speaks from the English catalog, as on the www pages.
useMessages(JSON.parse(readFileSync(new URL('../../extension/_locales/en/messages.json', import.meta.url), 'utf8')));

test('a change is shown as whole words deleted and inserted, the rest kept', () => {
  assert.deepEqual(diff('Calm down, please.', 'I understand, please.'), [['del', 'Calm down'], ['ins', 'I understand'], ['same', ', please.']]);
  assert.deepEqual(diff('same words', 'same words'), [['same', 'same words']]);
});

test('a one-word gap between two changes joins them into one change', () => {
  const runs = diff('You should have restarted it', 'It helps to restart it');
  assert.ok(runs.filter(([kind]) => kind === 'del').length === 1, JSON.stringify(runs));
  assert.equal(runs.filter(([kind]) => kind !== 'ins').map(([, t]) => t).join(''), 'You should have restarted it');
  assert.equal(runs.filter(([kind]) => kind !== 'del').map(([, t]) => t).join(''), 'It helps to restart it');
});

test('a change too long to compare word by word is not shown as one', () => {
  const long = 'word '.repeat(500);
  assert.equal(diff(long, long + 'more'), null);
});

test('a deletion says what it removes, not an empty string', () => {
  assert.equal(spoken('Just to be clear, ', ''), 'remove \u201cJust to be clear,\u201d');
  assert.equal(spoken('Actually, t', 'T'), 'remove \u201cActually,\u201d');
});

test('a replacement names both sides', () => {
  assert.equal(spoken('Calm down', 'I understand'), 'replace \u201cCalm down\u201d with \u201cI understand\u201d');
});

test('without the replaced text the rewrite is read as written', () => {
  assert.equal(spoken(null, 'I understand'), 'I understand');
  assert.equal(spoken(null, ''), 'remove the highlighted words');
});
