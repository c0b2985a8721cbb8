// `make test-dist`: builds dist/ (extension/build/dist.mjs) and checks both packages.
//
//   node tests/dist/check.mjs          (needs extension/engine/, built by `make wasm`)
//
// For dist/rapport-chrome.zip and dist/rapport-firefox.zip: the zip reads back (every
// entry inflates and matches its CRC) and holds exactly the unpacked dist/<variant>/ tree;
// it has the manifest, the engine (engine/rapport_bg.wasm + engine/rapport_text.json + its catalog's
// parts engine/catalog-<lang>.bin, and its
// glue inside the content script's and the worker's bundles) and every file the manifest
// references (background, content scripts, popup, options, icons, web-accessible resources)
// and every file those pages load, with every module they import; the bundles import
// nothing; nothing that must not ship (source maps, tests, node_modules, dotfiles, the build
// folder, Markdown, the modules only the bundles hold). The Firefox manifest is the Firefox
// form (background.scripts, gecko id, no Chrome-only keys); building twice gives the same
// bytes; `web-ext lint` on dist/firefox reports 0 errors (its warnings are printed). Ends
// with "N passed, N failed".
import { readFileSync, existsSync, mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, unzip, excluded, GECKO_ID } from '../../extension/build/dist.mjs';
import { BUNDLES } from '../../extension/build/bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let passed = 0;
let failed = 0;
function check(name, fn) {
  try {
    fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(e && e.message || e).split('\n').join('\n     ')}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

if (!existsSync(join(root, 'extension/engine/rapport_bg.wasm'))) {
  console.error('extension/engine/ is missing: run `make wasm` first');
  process.exit(2);
}

const dist = join(root, 'dist');
const built = build(dist);
for (const [v, r] of Object.entries(built)) console.log(`built ${relative(root, r.zip)}: ${r.files} files, ${r.bytes} bytes`);

function tree(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...tree(full, base));
    else out.push(relative(base, full).split(sep).join('/'));
  }
  return out.sort();
}

// Every file a manifest names, directly.
function manifestRefs(m) {
  const refs = new Set(['manifest.json']);
  const add = (p) => { if (typeof p === 'string' && p) refs.add(p.replace(/^\.?\//, '')); };
  const icons = (x) => { if (typeof x === 'string') add(x); else if (x && typeof x === 'object') Object.values(x).forEach(add); };
  if (m.background) { add(m.background.service_worker); (m.background.scripts || []).forEach(add); add(m.background.page); }
  for (const cs of m.content_scripts || []) { (cs.js || []).forEach(add); (cs.css || []).forEach(add); }
  const action = m.action || m.browser_action || {};
  add(action.default_popup);
  icons(action.default_icon);
  icons(m.icons);
  add(m.options_page);
  if (m.options_ui) add(m.options_ui.page);
  if (m.side_panel) add(m.side_panel.default_path);
  for (const war of m.web_accessible_resources || []) for (const r of war.resources || []) if (!/[*?]/.test(r)) add(r);
  if (m.storage && m.storage.managed_schema) add(m.storage.managed_schema);
  return refs;
}

// The modules a module imports (static `import ... from '...'` and `import '...'`), relative
// to the extension's root.
function moduleRefs(source, file) {
  const out = [];
  const statements = /^[ \t]*(?:import[ \t]+(?:[\w$*{},\s]+?[ \t]+from[ \t]*)?|export[ \t]+(?:\*|\{[^}]*\})[ \t]*from[ \t]*)['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(statements)) {
    out.push(posix.normalize(posix.join(posix.dirname(file), m[1])));
  }
  return out;
}

// Files an extension page loads (<script src>, <link href>, <img src>), relative to it.
function pageRefs(html, page) {
  const out = [];
  for (const m of html.matchAll(/<(?:script|link|img)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)) {
    const url = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('#')) continue;
    out.push(posix.normalize(posix.join(posix.dirname(page), url.split(/[?#]/)[0])).replace(/^\//, ''));
  }
  return out;
}

const zips = {};
for (const variant of ['chrome', 'firefox']) {
  const dir = join(dist, variant);
  const zipPath = join(dist, `rapport-${variant}.zip`);
  let entries = [];
  let names = new Set();
  let manifest = null;

  check(`${variant}: the zip reads back and holds exactly dist/${variant}/`, () => {
    entries = unzip(readFileSync(zipPath));
    names = new Set(entries.map((e) => e.name));
    zips[variant] = entries;
    assert(names.size === entries.length, 'duplicate entries');
    const onDisk = tree(dir);
    const inZip = [...names].sort();
    assert(JSON.stringify(onDisk) === JSON.stringify(inZip), `zip and tree differ:\n  zip:  ${inZip.join(' ')}\n  tree: ${onDisk.join(' ')}`);
    for (const e of entries) assert(readFileSync(join(dir, e.name)).equals(e.data), `${e.name} differs between the zip and the tree`);
    const sorted = entries.map((e) => e.name);
    assert(JSON.stringify(sorted) === JSON.stringify([...sorted].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))), 'entries are not in path order');
  });

  check(`${variant}: manifest.json and the engine (engine/rapport_bg.wasm, engine/rapport_text.json, its glue in the bundles)`, () => {
    for (const f of ['manifest.json', 'engine/rapport_bg.wasm', 'engine/rapport_text.json', 'engine/catalog-en.bin', 'engine/catalog-es.bin', 'engine/catalog-de.bin', ...Object.keys(BUNDLES)]) assert(names.has(f), `${f} is missing`);
    // the compiled catalog the wasm leaves out, one part per language
    for (const f of [...names].filter((n) => /^engine\/catalog-.*\.bin$/.test(n))) {
      const part = entries.find((e) => e.name === f).data;
      assert(part.subarray(0, 6).toString('latin1') === 'RPTCAT', `${f} is not a compiled catalog`);
    }
    // the explanations the wasm leaves out, which the worker reads when a card opens
    const text = JSON.parse(entries.find((e) => e.name === 'engine/rapport_text.json').data.toString('utf8'));
    assert(text.explanations && Object.keys(text.explanations).length > 100, 'engine/rapport_text.json holds no explanations');
    manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json').data.toString('utf8'));
    assert(manifest.manifest_version === 3, 'not Manifest V3');
    const wasm = entries.find((e) => e.name === 'engine/rapport_bg.wasm').data;
    assert(wasm.subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d])), 'engine/rapport_bg.wasm is not WebAssembly');
    for (const b of Object.keys(BUNDLES)) {
      const code = entries.find((e) => e.name === b).data.toString('utf8');
      assert(code.includes('function rapport_glue'), `${b} lacks the engine glue's rapport_glue factory (.ci/wasm.sh)`);
    }
  });

  check(`${variant}: every file the manifest and its pages reference, and every module those import, is packed; the bundles import nothing`, () => {
    assert(manifest, 'no manifest');
    const refs = manifestRefs(manifest);
    const missing = [];
    for (const r of refs) if (!names.has(r)) missing.push(`${r} (manifest)`);
    const modules = [];
    for (const page of [...refs].filter((r) => r.endsWith('.html'))) {
      const e = entries.find((x) => x.name === page);
      if (!e) continue;
      for (const r of pageRefs(e.data.toString('utf8'), page)) {
        if (!names.has(r)) missing.push(`${r} (${page})`);
        else if (r.endsWith('.js')) modules.push(r);
      }
    }
    for (const seen = new Set(modules); modules.length;) {
      const file = modules.pop();
      for (const r of moduleRefs(entries.find((x) => x.name === file).data.toString('utf8'), file)) {
        if (!names.has(r)) missing.push(`${r} (imported by ${file})`);
        else if (!seen.has(r)) { seen.add(r); modules.push(r); }
      }
    }
    for (const b of Object.keys(BUNDLES)) {
      const code = entries.find((e) => e.name === b).data.toString('utf8');
      assert(!moduleRefs(code, b).length && !/\bimportScripts\(/.test(code), `${b} imports a file: a content script and Firefox's event page cannot`);
    }
    assert(!missing.length, `missing: ${missing.join(', ')}`);
    for (const k of ['background', 'content_scripts', 'action', 'options_ui', 'icons']) assert(manifest[k], `manifest has no ${k}`);
    // an icon of its own in the toolbar and the extensions page, not the browser's generic one
    assert(manifest.icons['128'] && manifest.action.default_icon && manifest.action.default_icon['16'], 'icons for the store and the toolbar');
  });

  check(`${variant}: no source maps, tests, node_modules, dotfiles, build scripts, Markdown or the bundles' own sources`, () => {
    const bundledOnly = [...Object.values(BUNDLES), 'engine/rapport.js', 'content/engine-host.js'];
    const bad = [...names].filter((n) => excluded(n) || /\.map$/i.test(n) || /(^|\/)(tests?|node_modules|build)\//.test(n) || bundledOnly.includes(n));
    assert(!bad.length, `should not ship: ${bad.join(', ')}`);
  });
}

check('chrome: the source manifest as it is (a service worker)', () => {
  const m = JSON.parse(readFileSync(join(dist, 'chrome/manifest.json'), 'utf8'));
  const src = JSON.parse(readFileSync(join(root, 'extension/manifest.json'), 'utf8'));
  assert(JSON.stringify(m) === JSON.stringify(src), 'dist/chrome/manifest.json differs from extension/manifest.json');
  assert(m.background.service_worker, 'no background.service_worker');
});

check('firefox: background.scripts (the worker\'s bundle), gecko id, no Chrome-only keys', () => {
  const m = JSON.parse(readFileSync(join(dist, 'firefox/manifest.json'), 'utf8'));
  const src = JSON.parse(readFileSync(join(root, 'extension/manifest.json'), 'utf8'));
  assert(!m.background.service_worker, 'Firefox has no extension service workers');
  assert(BUNDLES[src.background.service_worker] === 'worker.js', `the service worker is not the worker's bundle: ${src.background.service_worker}`);
  assert(JSON.stringify(m.background.scripts) === JSON.stringify([src.background.service_worker]), `background.scripts: ${JSON.stringify(m.background.scripts)}`);
  const g = m.browser_specific_settings && m.browser_specific_settings.gecko;
  assert(g && g.id === GECKO_ID, 'no gecko id');
  assert(g.strict_min_version && parseFloat(g.strict_min_version) >= 140, 'strict_min_version below 140 (CSS Custom Highlight API)');
  for (const k of ['minimum_chrome_version', 'key', 'update_url']) assert(!(k in m), `${k} is Chrome-only`);
  assert(!('storage' in m), 'storage.managed_schema is Chrome-only (Firefox warns about the unknown "storage" key)');
  assert(src.storage && src.storage.managed_schema === 'managed_schema.json', 'the Chrome manifest keeps storage.managed_schema');
  for (const war of m.web_accessible_resources || []) assert(!('use_dynamic_url' in war), 'use_dynamic_url is Chrome-only');
  assert(/'wasm-unsafe-eval'/.test(m.content_security_policy.extension_pages), 'the worker needs wasm-unsafe-eval');
});

check('the zips are deterministic (a second build gives the same bytes)', () => {
  const again = mkdtempSync(join(tmpdir(), 'rapport-dist-'));
  try {
    build(again);
    for (const v of ['chrome', 'firefox']) {
      const a = readFileSync(join(dist, `rapport-${v}.zip`));
      const b = readFileSync(join(again, `rapport-${v}.zip`));
      assert(a.equals(b), `rapport-${v}.zip differs between two builds`);
    }
  } finally {
    rmSync(again, { recursive: true, force: true });
  }
});

check('web-ext lint --source-dir dist/firefox: 0 errors', () => {
  const bin = join(root, 'node_modules/.bin/web-ext');
  assert(existsSync(bin), 'web-ext is not installed: npm ci');
  const r = spawnSync(bin, ['lint', '--source-dir', join(dist, 'firefox'), '--output', 'json', '--no-config-discovery'], {
    encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' }, maxBuffer: 64 << 20, timeout: 120_000,
  });
  let report;
  try { report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))); } catch { throw new Error(`web-ext lint printed no JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`); }
  const line = (x) => `${x.code} ${x.file || ''}: ${x.message}`;
  for (const w of report.warnings || []) console.log(`     warning ${line(w)}`);
  for (const n of report.notices || []) console.log(`     notice  ${line(n)}`);
  console.log(`     web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`);
  assert(report.summary.errors === 0, `errors:\n${(report.errors || []).map(line).join('\n')}`);
});

console.log(`dist: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
