// The engine host core (extension/engine-core.js) with the real engine build (make wasm):
// the engine built with packs, the built-in rules when the engine refuses them (or the
// refusal, for a strict core), options applied again, and a trapped instance replaced by a
// fresh one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { EngineCore, Catalogs, isTrap } from '../../extension/engine-core.js';

const module = new WebAssembly.Module(readFileSync(new URL('../../extension/engine/rapport_bg.wasm', import.meta.url)));
// The catalog's parts beside the wasm, read from disk; `asked` lists every part read.
const part = (code) => readFileSync(new URL(`../../extension/engine/catalog-${code}.bin`, import.meta.url));
function compiled(asked = []) {
  return { module, catalogs: new Catalogs((code) => { asked.push(code); return part(code); }, { en: part('en') }) };
}
const engine = compiled();

const PACK = JSON.stringify({
  schema: 'rapport-pack/1', name: 'unit-test', version: '1',
  rules: [{ id: 'zorblax-the-ticket', category: 'team', severity: 'medium', patterns: ['zorblax the ticket'], message: 'Reads cold.',
    explanation: 'Written for this test.', rewrites: [{ strategy: 'solve', text: 'close the ticket' }],
    examples: { flag: ['Zorblax the ticket.'], allow: ['Close the ticket.'] } }],
});
const BROKEN = JSON.stringify({ schema: 'rapport-pack/1', name: 'broken', version: '1', rules: [{ id: 'x' }] });
const rulesFired = (core, text) => core.call((engine) => engine.analyze(text).findings.map((f) => f.rule));

test('the engine is built with the packs given', () => {
  const core = new EngineCore(engine, { packs: [PACK] });
  assert.deepEqual(rulesFired(core, 'I will zorblax the ticket. Calm down.'), ['zorblax-the-ticket', 'calm-down']);
});

test('packs the engine refuses: the built-in rules alone, or the refusal for a strict core', () => {
  const core = new EngineCore(engine, { packs: [BROKEN] });
  assert.deepEqual(rulesFired(core, 'Calm down.'), ['calm-down']);
  assert.throws(() => new EngineCore(engine, { packs: [BROKEN], strict: true }), (e) => !isTrap(e) && /pack 'broken'/.test(e.message));
});

test('configure builds the engine again with new options and packs', () => {
  const core = new EngineCore(engine);
  assert.deepEqual(rulesFired(core, 'Calm down.'), ['calm-down']);
  core.configure({ disabledRules: ['calm-down'] });
  assert.deepEqual(rulesFired(core, 'Calm down.'), []);
  core.configure(undefined, [PACK]);
  assert.deepEqual(rulesFired(core, 'Zorblax the ticket.'), ['zorblax-the-ticket']);
});

test('a trap is answered from a fresh instance, built with the same options and packs', () => {
  const core = new EngineCore(engine, { options: { disabledRules: ['calm-down'] }, packs: [PACK] });
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
  const core = new EngineCore(engine);
  assert.throws(() => core.call(() => { throw new WebAssembly.RuntimeError('unreachable'); }), isTrap);
  const glue = core.glue;
  assert.throws(() => core.call(() => { throw new TypeError('not a trap'); }), TypeError);
  assert.equal(core.glue, glue, 'an ordinary error keeps the instance');
});

test('a strict core whose packs are refused still answers the call that restarted it', () => {
  const core = new EngineCore(engine, { strict: true });
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
  const core = new EngineCore(engine);
  assert.deepEqual(core.withEngine(undefined, [PACK], (engine) => engine.analyze('Zorblax the ticket.').findings.map((f) => f.rule)), ['zorblax-the-ticket']);
  assert.deepEqual(rulesFired(core, 'Zorblax the ticket.'), [], 'the core\'s own engine is unchanged');
  assert.throws(() => core.withEngine(undefined, [BROKEN], () => 'built'), /pack 'broken'/);
});

test('a reply in Spanish is reported once the Spanish part of the catalog is loaded, and only that part', async () => {
  const asked = [];
  const core = new EngineCore(compiled(asked));
  assert.deepEqual(rulesFired(core, 'Calm down.'), ['calm-down']);
  assert.equal(core.analyzeNow('Calm down, as I already said.').needs, undefined);
  const spanish = 'Cálmese, por favor, así puedo ayudarle.';
  assert.deepEqual(asked, [], 'an English reply loads no other part');
  assert.equal(core.analyzeNow(spanish), undefined, 'no report before the Spanish rules are in');
  const report = await core.analyze(spanish);
  assert.deepEqual(asked, ['es']);
  assert.equal(report.lang, 'es');
  assert.equal(report.needs, undefined);
  assert.ok(report.findings.some((f) => f.rule.startsWith('es-')), JSON.stringify(report.findings));
  assert.deepEqual(core.analyzeNow(spanish).findings.map((f) => f.rule), report.findings.map((f) => f.rule));
  // a core made after the load, on the same store, starts with the part
  const other = new EngineCore({ module, catalogs: core.catalogs });
  assert.deepEqual(other.analyzeNow(spanish).findings.map((f) => f.rule), report.findings.map((f) => f.rule));
  assert.deepEqual(asked, ['es']);
});

test('a part that cannot be read leaves its language without rules, and is not asked again', async () => {
  const asked = [];
  const core = new EngineCore({ module, catalogs: new Catalogs((code) => { asked.push(code); throw new Error('gone'); }, { en: part('en') }) });
  const original = console.error;
  console.error = () => {};
  try {
    const report = await core.analyze('Cálmese, por favor, así puedo ayudarle.');
    assert.deepEqual(report.needs, ['es']);
    assert.deepEqual(report.findings, []);
    assert.ok(core.analyzeNow('Cálmese, por favor, así puedo ayudarle.'), 'answered at once after the failure');
    assert.deepEqual(asked, ['es']);
  } finally {
    console.error = original;
  }
});

test('loadAll gives the engine every rule', async () => {
  const core = new EngineCore(compiled());
  const langs = () => new Set(core.call((en) => en.rules()).map((r) => r.lang || 'en'));
  assert.deepEqual([...langs()], ['en']);
  await core.loadAll();
  // every language whose part `make wasm` put beside the engine
  const shipped = readdirSync(new URL('../../extension/engine/', import.meta.url))
    .map((f) => /^catalog-(\w+)\.bin$/.exec(f)).filter(Boolean).map((m) => m[1]).sort();
  assert.ok(shipped.length >= 3, `catalog parts beside the engine: ${shipped}`);
  assert.deepEqual([...langs()].sort(), shipped);
});

// The card's "Rapport read" line is composed from the reading in the interface's language;
// in English it must be the engine's own summary, word for word (messages written for this
// test: every signal, contact counts 2, 3, 4 and none, each kind of fact).
test('what Rapport read, in English, is the engine\'s summary word for word', async () => {
  const i18n = await import('../../extension/i18n.js');
  i18n.useMessages(JSON.parse(readFileSync(new URL('../../extension/_locales/en/messages.json', import.meta.url), 'utf8')));
  const messages = [
    'This is the third time I write about order 4412, I have waited 3 weeks for my router. I am so frustrated!',
    'I have written twice now. Where is my refund for invoice INV-2291? I need it by Friday.',
    'FIFTH TIME I AM CONTACTING YOU!!! I will cancel my account 55120 and take my business elsewhere.',
    "I'm confused and a bit worried: my booking 7781 shows two dates. Thank you so much for any help. — Priya",
    'I have contacted you before about ticket #A-991 and case number: 12345, this is urgent please.',
    'This is absolutely outrageous, you people are robbing me.',
    'I have been waiting for two weeks for order 9921 and nobody answers.',
  ];
  const core = new EngineCore(engine);
  let read = 0;
  for (const customerMessage of messages) {
    const reading = core.call((e) => e.analyze('Hi, thanks for writing in.', { customerMessage }).customer);
    if (!reading) continue;
    read += 1;
    assert.equal(i18n.customerSummary(reading), reading.summary, customerMessage);
  }
  assert.ok(read >= 5, `only ${read} messages were read`);
});
