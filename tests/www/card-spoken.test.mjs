// The card's screen-reader wording for a rewrite: card.js is a classic script that hangs
// itself on globalThis.Rapport, so it is loaded into a bare context here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const source = readFileSync(new URL('../../extension/content/card.js', import.meta.url), 'utf8');
const context = vm.createContext({});
vm.runInContext(source, context);
const { spoken } = context.Rapport.card;

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
