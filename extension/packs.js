// The organisation's policy packs (the policy's "packs"), checked one by one with the engine
// before the content script and the worker build the engine with them: an invalid pack is
// left out and reported on the options page; the built-in rules and the valid packs keep
// working. The result is kept in chrome.storage.local "packCheck": {key, loaded, rejected}
// (checked once per policy and engine build, so each page does not re-run every pack's
// examples).

// Same bound as the engine's loader (catalog::MAX_PACK_BYTES): a longer text is refused
// before it is copied into the engine at all.
export const MAX_PACK_BYTES = 1 << 20;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function hashText(parts) {
  // FNV-1a over every part, with lengths: a cache key, not a security boundary (the policy
  // author is the only one who can write these texts).
  let h = 0x811c9dc5;
  let n = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) { h ^= p.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    n += p.length;
    h = Math.imul(h ^ 0xff, 0x01000193) >>> 0;
  }
  return `${parts.length}:${n}:${h.toString(16)}`;
}

function packSummary(text) {
  if (text.length > MAX_PACK_BYTES) return { name: null, rules: [], overrides: 0 };
  try {
    const v = JSON.parse(text);
    return {
      name: isObject(v) && typeof v.name === 'string' ? v.name.slice(0, 100) : null,
      rules: isObject(v) && Array.isArray(v.rules) ? v.rules.map((r) => (isObject(r) && typeof r.id === 'string' ? r.id : null)).filter(Boolean) : [],
      overrides: isObject(v) && Array.isArray(v.overrides) ? v.overrides.length : 0,
    };
  } catch (_) {
    return { name: null, rules: [], overrides: 0 };
  }
}

// Checks each policy pack on its own with `checker` (an EngineCore), as `rapport test` and
// the pack builder do (the engine's checkPack): the loader's errors (pack, rule, field,
// reason), the pack's own examples, a rule so broad it would flag every reply; then that it
// loads together with the packs before it. Returns {loaded: [{index, name, rules,
// overrides}], rejected: [{index, name, errors}]}; index is the pack's position in the
// policy's list, from 1.
export function checkPacks(checker, texts) {
  const loaded = [];
  const rejected = [];
  const good = [];
  texts.forEach((text, i) => {
    const index = i + 1;
    const summary = packSummary(text);
    const reject = (errors) => rejected.push({ index, name: summary.name, errors: errors.slice(0, 50).map((e) => String(e).slice(0, 2000)) });
    if (text.length > MAX_PACK_BYTES) { reject([`pack #${index}: is ${text.length} characters; a pack may be at most ${MAX_PACK_BYTES} bytes`]); return; }
    let checked;
    try { checked = checker.call((_, glue) => glue.checkPack(text)); } catch (e) { reject([`pack #${index}: could not be checked: ${e && e.message || e}`]); return; }
    if (checked.errors.length) { reject(checked.errors); return; }
    if (checked.problems.length) { reject(checked.problems.map((p) => `its own examples fail: ${p}`)); return; }
    if (checked.broad.length) { reject(checked.broad); return; }
    try {
      checker.withEngine(undefined, [...good, text], () => null);
    } catch (e) {
      reject([String(e && e.message || e)]);
      return;
    }
    good.push(text);
    loaded.push({ index, name: summary.name, rules: summary.rules.length, overrides: summary.overrides });
  });
  return { loaded, rejected };
}

// The policy packs the engine is built with, checked once per policy and engine build.
// engineTag names the engine build (e.g. the wasm's size); newChecker() gives the
// EngineCore to check with, called only when a check is needed.
export async function policyPacks(newChecker, texts, engineTag) {
  if (!texts.length) return { texts: [], loaded: [], rejected: [] };
  const key = `${engineTag}|${hashText(texts)}`;
  let result = null;
  try {
    const got = await chrome.storage.local.get('packCheck');
    if (got.packCheck && got.packCheck.key === key) result = got.packCheck;
  } catch (_) { /* no cache: check again */ }
  if (!result) {
    const checker = newChecker();
    try { result = { key, ...checkPacks(checker, texts) }; } finally { checker.free(); }
    try { await chrome.storage.local.set({ packCheck: result }); } catch (_) { /* checked again next time */ }
  }
  return { texts: result.loaded.map((p) => texts[p.index - 1]), loaded: result.loaded, rejected: result.rejected };
}

// The pack texts the engine is built with: those that pass the checks, made on an instance
// of their own (newChecker(), an EngineCore: a pack that traps it cannot take the engine
// down); none when they cannot be checked.
export async function packsInForce(newChecker, texts, engineTag) {
  try {
    return (await policyPacks(newChecker, texts, engineTag)).texts;
  } catch (e) {
    console.error('rapport: policy packs could not be checked; using the built-in rules only', e);
    return [];
  }
}

// The last check's result, for the options page; null before any.
export async function packStatus() {
  const got = await chrome.storage.local.get('packCheck');
  return got.packCheck || null;
}
