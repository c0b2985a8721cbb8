// The interface's translations (extension/_locales/<lang>/messages.json): every locale has
// exactly the English keys with the same substitutions and no empty message, every key the
// extension's code, pages and manifest ask for exists, and every English key is asked for
// somewhere. Then extension/i18n.js itself: substitutions, plural forms chosen by the
// catalog's language, the English fallback and the warning for a missing key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ext = fileURLToPath(new URL('../../extension/', import.meta.url));
const LOCALES = ['en', 'es', 'de', 'fr', 'pt'];
const catalog = (lang) => JSON.parse(readFileSync(join(ext, '_locales', lang, 'messages.json'), 'utf8'));
const english = catalog('en');
const englishKeys = Object.keys(english).sort();

// $1..$9 as chrome.i18n fills them, and $name$ placeholders should one ever be used.
const substitutions = (message) => [...message.matchAll(/\$([1-9])|\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[0]).sort();

test('the locales shipped are exactly en, es, de, fr and pt, with English the default', () => {
  assert.deepEqual(readdirSync(join(ext, '_locales')).sort(), [...LOCALES].sort());
  const manifest = JSON.parse(readFileSync(join(ext, 'manifest.json'), 'utf8'));
  assert.equal(manifest.default_locale, 'en');
  assert.match(manifest.name, /^__MSG_\w+__$/, 'the name is translated through a message');
  assert.match(manifest.description, /^__MSG_\w+__$/, 'the description is translated through a message');
});

for (const lang of LOCALES) {
  test(`${lang}: the English keys exactly, the same substitutions, no empty message`, () => {
    const messages = catalog(lang);
    assert.deepEqual(Object.keys(messages).sort(), englishKeys, `${lang} has other keys than en`);
    for (const key of englishKeys) {
      const m = messages[key];
      assert.ok(/^[A-Za-z0-9_]+$/.test(key), `${key}: a message name may hold only letters, digits and _`);
      assert.equal(typeof m.message, 'string', `${lang}.${key} has no message`);
      assert.ok(m.message.trim().length > 0, `${lang}.${key} is empty`);
      assert.equal(m.message, m.message.trim(), `${lang}.${key} has leading or trailing spaces`);
      assert.deepEqual(substitutions(m.message), substitutions(english[key].message), `${lang}.${key}: substitutions differ from en ("${m.message}")`);
      assert.ok(!/\$(?![1-9$])/.test(m.message.replace(/\$\$/g, '')), `${lang}.${key}: a lone $ (write $$ for a dollar sign)`);
    }
    assert.equal(messages.localeCode.message, lang, 'localeCode names the catalog\'s own language (plural rules, <html lang>)');
  });
}

test('English says what each message is for (a description for the translators)', () => {
  for (const key of englishKeys) assert.ok(english[key].description, `en.${key} has no description`);
});

test('counted messages come in pairs: key_one and key_other', () => {
  for (const key of englishKeys) {
    const m = key.match(/^(.*)_(one|other)$/);
    if (m) assert.ok(english[`${m[1]}_${m[2] === 'one' ? 'other' : 'one'}`], `${key} has no ${m[2] === 'one' ? '_other' : '_one'} form`);
  }
});

// The extension's sources as shipped (not the built bundles, the engine or the build scripts).
function sources(dir = ext) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const rel = relative(ext, full);
    if (['bundle', 'engine', 'build', '_locales', 'node_modules'].includes(rel)) continue;
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (/\.(js|html)$/.test(name) || name === 'manifest.json') out.push(full);
  }
  return out;
}

// Every key the code asks for: t('key'), plural('key', n) (its _one and _other), data-i18n
// attributes and __MSG_key__ in the manifest. A computed key would escape this scan, so
// the code never computes one (the test below finds each English key named literally).
function usedKeys() {
  const used = new Map(); // key -> where
  const add = (key, file) => { if (!used.has(key)) used.set(key, relative(ext, file)); };
  for (const file of sources()) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) add(m[1], file);
    for (const m of text.matchAll(/\bplural\(\s*'([A-Za-z0-9_]+)'/g)) { add(`${m[1]}_one`, file); add(`${m[1]}_other`, file); }
    for (const m of text.matchAll(/\bdata-i18n(?:-[a-z-]+)?="([A-Za-z0-9_]+)"/g)) add(m[1], file);
    for (const m of text.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) add(m[1], file);
  }
  return used;
}

test('every key the extension asks for exists in English', () => {
  const used = usedKeys();
  assert.ok(used.size > 100, `only ${used.size} keys found: the scan is broken`);
  const missing = [...used].filter(([key]) => !english[key]).map(([key, file]) => `${key} (${file})`);
  assert.deepEqual(missing, [], 'asked for but not in _locales/en/messages.json');
});

test('every English key is asked for somewhere (no dead translations)', () => {
  const used = usedKeys();
  assert.deepEqual(englishKeys.filter((k) => !used.has(k)), []);
});

test('a page\'s English default text is its English message (the HTML cannot drift from the catalog)', () => {
  for (const file of sources().filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(file, 'utf8');
    for (const m of html.matchAll(/<(\w+)[^>]*\bdata-i18n="(\w+)"[^>]*>([^<]*)</g)) {
      assert.equal(m[3].replace(/\s+/g, ' ').trim(), english[m[2]].message, `${relative(ext, file)}: <${m[1]} data-i18n="${m[2]}">`);
    }
  }
});

// i18n.js in a browser whose UI is `lang`: chrome.i18n.getMessage over that catalog with
// English for what it lacks, as the browsers do.
async function inBrowserLanguage(lang) {
  const messages = catalog(lang);
  globalThis.chrome = {
    i18n: {
      getMessage(key, subs = []) {
        const m = (messages[key] || english[key]);
        return m ? m.message.replace(/\$([1-9])/g, (_, d) => subs[d - 1] ?? '') : '';
      },
    },
  };
  return import(`../../extension/i18n.js?${lang}`);
}

test('plural forms follow the catalog\'s language: French counts 0 and 1 as one, English only 1', async () => {
  try {
    const fr = await inBrowserLanguage('fr');
    assert.equal(fr.plural('statusPhrasesToWarm', 0), '0 formulation à adoucir');
    assert.equal(fr.plural('statusPhrasesToWarm', 1), '1 formulation à adoucir');
    assert.equal(fr.plural('statusPhrasesToWarm', 3), '3 formulations à adoucir');
    const de = await inBrowserLanguage('de');
    assert.equal(de.plural('guardWarnTitle', 1), 'Diese Antwort enthält 1 Formulierung mit hohem Schweregrad');
    assert.equal(de.plural('guardWarnTitle', 2), 'Diese Antwort enthält 2 Formulierungen mit hohem Schweregrad');
    const en = await inBrowserLanguage('en');
    assert.equal(en.plural('statusPhrasesToWarm', 0), '0 phrases to warm up');
    assert.equal(en.plural('statusPhrasesToWarm', 1), '1 phrase to warm up');
    assert.equal(en.plural('optionsRulesShown', 230, 4), '4 of 230 rules');
    assert.equal(en.t('cardSpokenReplace', 'Calm down', 'I understand'), 'replace \u201cCalm down\u201d with \u201cI understand\u201d');
  } finally {
    delete globalThis.chrome;
  }
});

test('outside the extension: English from useMessages; a missing key shows its name with a warning', async () => {
  const i18n = await import('../../extension/i18n.js?fallback');
  const warnings = [];
  const warn = console.warn;
  console.warn = (...a) => warnings.push(a.join(' '));
  try {
    assert.equal(i18n.t('cardIgnore'), 'cardIgnore', 'no catalog at all: the key itself');
    assert.equal(warnings.length, 1);
    i18n.useMessages(english);
    assert.equal(i18n.t('cardIgnore'), 'Ignore here');
    assert.equal(i18n.t('noticeRuleOff', 'Calm down'), '\u201cCalm down\u201d is off everywhere.');
    assert.equal(i18n.plural('cardWhyAndMore', 2), 'Why, and 2 more rewrites');
    assert.equal(i18n.t('noSuchMessage'), 'noSuchMessage');
    assert.match(warnings.join('\n'), /no message "noSuchMessage"/);
  } finally {
    console.warn = warn;
  }
});

// The engine's fixed names, read from its source: the category and strategy lists a rule
// is checked against, and the score's words.
const engineSource = (file) => readFileSync(fileURLToPath(new URL(`../../src/${file}`, import.meta.url)), 'utf8');
function rustList(source, name) {
  const body = source.match(new RegExp(`const ${name}: &\\[&str\\] = &\\[([^\\]]*)\\]`));
  assert.ok(body, `${name} not found in the engine's source`);
  return [...body[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}
const scoreWords = () => {
  const body = engineSource('report.rs').match(/fn words_for[\s\S]*?\n {4}\}/);
  assert.ok(body, 'Score::words_for not found in src/report.rs');
  return [...body[0].matchAll(/=> "([^"]+)"/g)].map((m) => m[1]);
};

test('every category, strategy and score wording the engine reports has a label, and no other', () => {
  const source = readFileSync(join(ext, 'i18n.js'), 'utf8');
  const mapKeys = (name) => {
    const body = source.match(new RegExp(`const ${name} = \\{([\\s\\S]*?)\\n\\};`));
    assert.ok(body, `${name} not found in extension/i18n.js`);
    return [...body[1].matchAll(/^ {2}'([^']+)':/gm)].map((m) => m[1]).sort();
  };
  const catalogRs = engineSource('catalog.rs');
  const categories = rustList(catalogRs, 'CATEGORIES');
  const strategies = rustList(catalogRs, 'STRATEGIES');
  assert.ok(categories.length >= 20 && strategies.length >= 10, 'the engine lists were not read');
  assert.deepEqual(mapKeys('CATEGORY_LABELS'), [...categories].sort());
  assert.deepEqual(mapKeys('STRATEGY_LABELS'), [...strategies].sort());
  assert.deepEqual(mapKeys('SCORE_WORDS'), [...scoreWords()].sort());
  // the moves are data files: their ids, and in English their own labels word for word
  const movesDir = fileURLToPath(new URL('../../src/data/moves/', import.meta.url));
  const moves = readdirSync(movesDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(movesDir, f), 'utf8')));
  assert.deepEqual(mapKeys('MOVE_LABELS'), moves.map((mv) => mv.id).sort());
  const moveKeys = Object.fromEntries([...source.match(/const MOVE_LABELS = \{([\s\S]*?)\n\};/)[1].matchAll(/'([^']+)': \(\) => t\('(\w+)'\)/g)].map((m) => [m[1], m[2]]));
  for (const mv of moves) assert.equal(english[moveKeys[mv.id]].message, mv.label, `the English label of the move ${mv.id}`);
});

test('labels follow the UI language; an id without a label is shown as itself', async () => {
  try {
    const fr = await inBrowserLanguage('fr');
    assert.equal(fr.categoryLabel('robotic'), 'robotique');
    assert.equal(fr.strategyLabel('apologize'), 's’excuser');
    assert.equal(fr.scoreWordsLabel('reads cold'), 'paraît froid');
    assert.equal(fr.categoryLabel('brand-new-family'), 'brand-new-family');
    assert.equal(fr.moveLabel({ id: 'thank', label: 'Thank the customer' }), 'Remercier le client');
    assert.equal(fr.moveLabel({ id: 'brand-new-move', label: 'Do the new thing' }), 'Do the new thing');
    const de = await inBrowserLanguage('de');
    assert.equal(de.categoryLabel('passive-aggressive'), 'passiv-aggressiv');
    assert.equal(de.scoreWordsLabel('reads warm'), 'wirkt herzlich');
    const en = await inBrowserLanguage('en');
    assert.equal(en.strategyLabel('acknowledge'), 'acknowledge', 'English shows the strategy as the engine names it');
    assert.equal(en.scoreWordsLabel('reads neutral'), 'reads neutral');
  } finally {
    delete globalThis.chrome;
  }
});
