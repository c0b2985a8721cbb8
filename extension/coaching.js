// Local coaching stats, opt-in (the coachingStats setting): how many distinct findings of
// each rule were shown and how many rewrites were applied. Counts only: no text, no host,
// nothing else; nothing at all unless the setting is on. Kept in chrome.storage.local
// "coachingStats": {since, shown: {ruleId: n}, applied: {ruleId: n}}; the content script
// counts, the options page shows and resets them, the worker clears them when turned off.
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

const seenByEditor = new WeakMap();
let queue = Promise.resolve();

function bump(field, ids) {
  queue = queue.then(async () => {
    const got = await chrome.storage.local.get('coachingStats');
    const st = isObject(got.coachingStats) ? got.coachingStats : {};
    const out = { since: typeof st.since === 'number' ? st.since : Date.now(), shown: { ...(st.shown || {}) }, applied: { ...(st.applied || {}) } };
    for (const id of ids) out[field][id] = (out[field][id] || 0) + 1;
    await chrome.storage.local.set({ coachingStats: out });
  }).catch((e) => console.warn('rapport: coaching stats', e));
  return queue;
}

// Findings painted in one editor: each (rule, phrase) counts once per editor. Both counters
// return the queued write (callers need not wait; tests do).
export function shown(editor, findings, settings) {
  if (!settings || settings.coachingStats !== true || !findings.length) return queue;
  let seen = seenByEditor.get(editor);
  if (!seen) { seen = new Set(); seenByEditor.set(editor, seen); }
  const fresh = [];
  for (const f of findings) {
    const k = f.rule + '\u0000' + String(f.text).toLowerCase();
    if (!seen.has(k)) { seen.add(k); fresh.push(f.rule); }
  }
  return fresh.length ? bump('shown', fresh) : queue;
}

export function applied(ruleId, settings) {
  if (!settings || settings.coachingStats !== true) return queue;
  return bump('applied', [ruleId]);
}

export async function read() {
  const got = await chrome.storage.local.get('coachingStats');
  return isObject(got.coachingStats) ? got.coachingStats : null;
}

export function clear() { return chrome.storage.local.remove('coachingStats'); }
