// The engine host core (extension/engine-core.js) with the real engine build (make wasm):
// the engine built with packs, the built-in rules when the engine refuses them (or the
// refusal, for a strict core), options applied again, and a trapped instance replaced by a
// fresh one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EngineCore, isTrap } from '../../extension/engine-core.js';

const module = new WebAssembly.Module(readFileSync(new URL('../../extension/engine/rapport_bg.wasm', import.meta.url)));

const PACK = JSON.stringify({
  schema: 'rapport-pack/1', name: 'unit-test', version: '1',
  rules: [{ id: 'zorblax-the-ticket', category: 'team', severity: 'medium', patterns: ['zorblax the ticket'], message: 'Reads cold.',
    explanation: 'Written for this test.', rewrites: [{ strategy: 'solve', text: 'close the ticket' }],
    examples: { flag: ['Zorblax the ticket.'], allow: ['Close the ticket.'] } }],
});
const BROKEN = JSON.stringify({ schema: 'rapport-pack/1', name: 'broken', version: '1', rules: [{ id: 'x' }] });
const rulesFired = (core, text) => core.call((engine) => engine.analyze(text).findings.map((f) => f.rule));

test('the engine is built with the packs given', () => {
  const core = new EngineCore(module, { packs: [PACK] });
  assert.deepEqual(rulesFired(core, 'I will zorblax the ticket. Calm down.'), ['zorblax-the-ticket', 'calm-down']);
});

test('packs the engine refuses: the built-in rules alone, or the refusal for a strict core', () => {
  const core = new EngineCore(module, { packs: [BROKEN] });
  assert.deepEqual(rulesFired(core, 'Calm down.'), ['calm-down']);
  assert.throws(() => new EngineCore(module, { packs: [BROKEN], strict: true }), (e) => !isTrap(e) && /pack 'broken'/.test(e.message));
});

test('configure builds the engine again with new options and packs', () => {
  const core = new EngineCore(module);
  assert.deepEqual(rulesFired(core, 'Calm down.'), ['calm-down']);
  core.configure({ disabledRules: ['calm-down'] });
  assert.deepEqual(rulesFired(core, 'Calm down.'), []);
  core.configure(undefined, [PACK]);
  assert.deepEqual(rulesFired(core, 'Zorblax the ticket.'), ['zorblax-the-ticket']);
});

test('a trap is answered from a fresh instance, built with the same options and packs', () => {
  const core = new EngineCore(module, { options: { disabledRules: ['calm-down'] }, packs: [PACK] });
  const dead = core.engine;
  const glue = core.glue;
  let calls = 0;
  const result = core.call((engine) => {
    calls++;
    if (engine === dead) throw new WebAssembly.RuntimeError('unreachable');
    return engine.analyze('Calm down. Zorblax the ticket.').findings.map((f) => f.rule);
  });
  assert.equal(calls, 2);
  assert.deepEqual(result, ['zorblax-the-ticket']);
  assert.notEqual(core.glue, glue);
  assert.notEqual(core.engine, dead);
});

test('a second trap, and any other error, reach the caller', () => {
  const core = new EngineCore(module);
  assert.throws(() => core.call(() => { throw new WebAssembly.RuntimeError('unreachable'); }), isTrap);
  const glue = core.glue;
  assert.throws(() => core.call(() => { throw new TypeError('not a trap'); }), TypeError);
  assert.equal(core.glue, glue, 'an ordinary error keeps the instance');
});

test('a strict core whose packs are refused still answers the call that restarted it', () => {
  const core = new EngineCore(module, { strict: true });
  assert.throws(() => core.configure({}, [BROKEN]));
  assert.equal(core.engine, null);
  let first = true;
  const checked = core.call((_, glue) => {
    if (first) { first = false; throw new WebAssembly.RuntimeError('unreachable'); }
    return glue.checkPack(PACK);
  });
  assert.deepEqual([checked.errors, checked.problems], [[], []]);
});

test('withEngine runs on an engine of its own, with its own packs, and throws a refusal', () => {
  const core = new EngineCore(module);
  assert.deepEqual(core.withEngine(undefined, [PACK], (engine) => engine.analyze('Zorblax the ticket.').findings.map((f) => f.rule)), ['zorblax-the-ticket']);
  assert.deepEqual(rulesFired(core, 'Zorblax the ticket.'), [], 'the core\'s own engine is unchanged');
  assert.throws(() => core.withEngine(undefined, [BROKEN], () => 'built'), /pack 'broken'/);
});
