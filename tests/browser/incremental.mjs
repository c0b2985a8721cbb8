// content/incremental.js in plain Node, against a stand-in engine that, like the real one,
// reads sentences that end at line breaks and at ". ", skips "> " lines, and leaves
// everything from a signature marker or history header on (where the real engine says its
// tail starts: its analysisEnd, from the wasm build): over seeded random large texts
// (short lines, and one very long line) and random edit sequences (typing, deleting,
// pasting, a signature marker written and removed), planning, re-planning after each edit
// and analysing piece by piece must give exactly the findings of the whole text at once.
// The real engine's agreement is checked in the browser (hardening.mjs, the 1 MB paste).
//
//   node tests/browser/incremental.mjs       (INCREMENTAL_SEED=<n> replays a run)
import process from 'node:process';
import { readFileSync } from 'node:fs';
import { check, prng, assert, assertEq, finish as finishSuite } from './harness.mjs';
import * as I from '../../extension/content/incremental.js';
import { instantiate } from '../../extension/engine-core.js';

const glue = instantiate(new WebAssembly.Module(readFileSync(new URL('../../extension/engine/rapport_bg.wasm', import.meta.url))));
const analysisEnd = (text) => glue.analysisEnd(text);

// The stand-in engine: "calm down" and "as I already said" (case-insensitive) flagged,
// but not in a "> " line nor after the tail; "as I already said" only at a sentence start
// (so a piece cut mid-sentence would flag it where the whole text does not).
function analyse(text) {
  const limit = analysisEnd(text);
  const findings = [];
  const re = /calm down|as i already said/gi;
  let ls = 0; // the start of the line holding the match, found walking forward
  for (let m; (m = re.exec(text)) && m.index < limit;) {
    for (let nl = text.indexOf('\n', ls); nl >= 0 && nl < m.index; nl = text.indexOf('\n', ls)) ls = nl + 1;
    if (text.startsWith('>', ls)) continue;
    if (m[0].toLowerCase() === 'as i already said' && m.index > ls) {
      let i = m.index - 1;
      while (i > ls && (text[i] === ' ' || text[i] === '\t')) i--;
      if (i === m.index - 1 || !'.?!'.includes(text[i])) continue;
    }
    findings.push({ rule: m[0].toLowerCase().replace(/ /g, '-'), start: m.index, end: m.index + m[0].length, text: m[0], rewrites: [{ start: m.index, end: m.index + m[0].length, text: 'x' }] });
  }
  return { findings, moves: [], score: { value: 1, breakdown: [] } };
}

const SENTENCES = ['Thanks for the update.', 'As I already said, the order shipped.', 'Please calm down, we are on it.',
  'The refund is on its way.', 'as I already said in the ticket', 'We checked the logs today.', 'Calm down.'];
function text(rnd, size, oneLine) {
  const parts = [];
  let n = 0;
  while (n < size) {
    const line = oneLine ? rnd.pick(SENTENCES) : (rnd() < 0.1 ? '> ' : '') + Array.from({ length: 1 + rnd.int(4) }, () => rnd.pick(SENTENCES)).join(' ');
    parts.push(line);
    n += line.length + 1;
  }
  return parts.join(oneLine ? ' ' : '\n');
}

// Analyses until done, the way content/main.js steps (with the on-screen part moved first
// now and then).
function finish(state, rnd) {
  for (let guard = 0; !I.done(state); guard++) {
    assert(guard < 100000, 'never done');
    if (rnd() < 0.05) { const at = rnd.int(state.text.length); I.prioritise(state, at, at + 3000); }
    const piece = I.nextPiece(state);
    assert(piece[1] > piece[0], `an empty piece ${piece}`);
    I.add(state, piece, analyse(state.text.slice(piece[0], piece[1])));
  }
}

const key = (f) => `${f.start}:${f.end}:${f.rule}`;
function same(state, what) {
  const want = analyse(state.text).findings.map(key);
  const got = state.findings.map(key);
  assertEq(got.length, want.length, `${what}: number of findings`);
  assertEq(JSON.stringify(got), JSON.stringify(want), `${what}: findings`);
  for (const f of state.findings) assertEq(state.text.slice(f.start, f.end), f.text, `${what}: a finding's span`);
}

const SEED = Number(process.env.INCREMENTAL_SEED || 20261123) >>> 0;
console.log(`seed ${SEED} (INCREMENTAL_SEED=${SEED} replays this run)`);
const rnd = prng(SEED);

for (const [label, oneLine] of [['short lines', false], ['one long line', true]]) {
  await check(`${label}: planned at a random caret, then 40 random edits, each analysed piece by piece, give the whole text's findings`, async () => {
    for (let round = 0; round < 6; round++) {
      let t = text(rnd, 60_000 + rnd.int(60_000), oneLine);
      let state = I.plan(t, rnd.int(t.length), analysisEnd(t));
      finish(state, rnd);
      same(state, `round ${round}, the plan`);
      for (let e = 0; e < 40; e++) {
        const at = rnd.int(t.length);
        const kind = rnd.int(5);
        let next;
        if (kind === 0) next = t.slice(0, at) + rnd.pick([' calm down', 'x', ' As I already said, ', '\n', '. ']) + t.slice(at);
        else if (kind === 1) next = t.slice(0, at) + t.slice(Math.min(t.length, at + 1 + rnd.int(200)));
        else if (kind === 2) next = t.slice(0, at) + text(rnd, 5000, oneLine) + t.slice(at);
        else if (kind === 3) next = t.slice(0, at) + '\n--\n' + t.slice(at);
        else { const i = t.indexOf('\n--\n'); next = i < 0 ? t + ' calm down' : t.slice(0, i) + t.slice(i + 4); }
        // sometimes the edit lands while earlier pieces are still pending
        if (rnd() < 0.3) { for (let k = rnd.int(5); k > 0 && !I.done(state); k--) { const p = I.nextPiece(state); I.add(state, p, analyse(state.text.slice(p[0], p[1]))); } }
        // planned afresh where the edit moved the tail, the caret first as content/main.js does
        state = await I.update(state, next, analysisEnd);
        if (state.focusPending) { state.focusPending = false; I.focusOn(state, at); }
        t = next;
        finish(state, rnd);
        same(state, `round ${round}, edit ${e} (kind ${kind} at ${at})`);
      }
    }
  });
}

finishSuite();
