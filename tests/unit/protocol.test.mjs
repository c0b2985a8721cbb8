// The message protocol and the keyboard commands: one name per message, and the commands
// the content script acts on are the ones the manifest binds keys to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MSG, COMMANDS } from '../../extension/protocol.js';

test('every message type is its own, in the rapport/ namespace', () => {
  const types = Object.values(MSG);
  assert.equal(new Set(types).size, types.length);
  for (const t of types) assert.match(t, /^rapport\/[a-z-]+$/);
});

test('the commands are exactly the manifest\'s', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../extension/manifest.json', import.meta.url), 'utf8'));
  assert.deepEqual(Object.values(COMMANDS).sort(), Object.keys(manifest.commands).sort());
});
