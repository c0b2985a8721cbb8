// `make dist`: the extension as store packages, from the one source manifest.
//
//   node extension/build/dist.mjs [--out DIR]     (default DIR: dist/ at the repository root)
//
// Writes DIR/chrome/ and DIR/firefox/ (unpacked, loadable as they are) and
// DIR/rapport-chrome.zip and DIR/rapport-firefox.zip. The bundles are built first
// (build/bundle.mjs). Everything under extension/ ships except this build folder, dotfiles,
// Markdown, source maps, test folders, and the modules only the bundles hold (the content
// script's and the worker's sources, the engine's glue); the modules the extension's pages
// import ship as they are. The zips are deterministic: files in byte order of their paths,
// a fixed timestamp and mode, deflate at level 9, so the same tree gives the same bytes.
//
// The Firefox manifest is derived from extension/manifest.json:
//  - background.service_worker becomes background.scripts (Firefox runs MV3 background
//    code as an event page, not a service worker): the worker's bundle, which holds all it
//    imports;
//  - browser_specific_settings.gecko: a stable id (policies.json targets it, and
//    storage.managed needs one), strict_min_version 140.0 (the CSS Custom Highlight API the
//    content script paints with ships in Firefox 140, an ESR), and the data collection
//    declaration (none: no text leaves the machine; Firefox for Android reads it from 142);
//  - Chrome-only keys go: minimum_chrome_version, key, use_dynamic_url (Firefox already
//    gives every install its own random moz-extension:// host), storage.managed_schema
//    (Firefox has no manifest "storage" key and warns about it at install; it fills
//    storage.managed from policies.json's 3rdparty.Extensions without a schema, and
//    settings.js validates every value itself).
// Needs extension/engine/ (built by `make wasm`).
import { buildSync } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync, rmSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, inflateRawSync, crc32 } from 'node:zlib';
import { bundle } from './bundle.mjs';

export const GECKO_ID = 'rapport@rapport-coach';
export const GECKO_MIN_VERSION = '140.0';
export const GECKO_ANDROID_MIN_VERSION = '142.0';

const here = dirname(fileURLToPath(import.meta.url));
const extDir = resolve(here, '..');
const root = resolve(extDir, '..');

// What never ships: paths relative to extension/, '/'-separated.
export function excluded(rel) {
  const parts = rel.split('/');
  const name = parts[parts.length - 1];
  if (parts[0] === 'build') return true;
  if (parts.some((p) => p.startsWith('.'))) return true;
  if (parts.some((p) => p === 'node_modules' || p === 'test' || p === 'tests' || p === '__tests__')) return true;
  if (/\.(map|md|test\.js|spec\.js|ts|tsx|jsx|orig|rej|swp)$/i.test(name) || name.endsWith('~')) return true;
  return false;
}

function listFiles(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const rel = relative(base, full).split(sep).join('/');
    if (excluded(rel)) continue;
    const st = statSync(full);
    if (st.isDirectory()) out.push(...listFiles(full, base));
    else if (st.isFile()) out.push(rel);
  }
  return out;
}

// The modules the extension's pages load (<script type="module" src>, and what those
// import), relative to extension/.
export function pageModules(pages) {
  const entries = [];
  for (const page of pages) {
    const html = readFileSync(join(extDir, page), 'utf8');
    for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) entries.push(join(extDir, dirname(page), m[1]));
  }
  if (!entries.length) return [];
  const r = buildSync({ absWorkingDir: root, entryPoints: entries, bundle: true, write: false, format: 'esm', outdir: join(root, 'target/page-modules'), metafile: true, logLevel: 'silent' });
  return Object.keys(r.metafile.inputs).map((p) => relative(extDir, join(root, p)).split(sep).join('/'));
}

export function firefoxManifest(manifest) {
  const ff = structuredClone(manifest);
  delete ff.minimum_chrome_version;
  delete ff.key;
  delete ff.update_url;
  if (ff.storage) {
    delete ff.storage.managed_schema;
    if (!Object.keys(ff.storage).length) delete ff.storage;
  }
  if (ff.background && ff.background.service_worker) {
    const worker = ff.background.service_worker;
    ff.background = { scripts: [worker] };
  }
  for (const war of ff.web_accessible_resources || []) delete war.use_dynamic_url;
  ff.browser_specific_settings = {
    ...(ff.browser_specific_settings || {}),
    gecko: {
      id: GECKO_ID,
      strict_min_version: GECKO_MIN_VERSION,
      data_collection_permissions: { required: ['none'] },
      ...((ff.browser_specific_settings || {}).gecko || {}),
    },
    // the data collection declaration arrived in Firefox for Android 142
    gecko_android: { strict_min_version: GECKO_ANDROID_MIN_VERSION, ...((ff.browser_specific_settings || {}).gecko_android || {}) },
  };
  return ff;
}

// ---- a small deterministic zip writer (PKZIP 2.0, deflate or store, no directories) ----
const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (1980 - 1980) << 9 | 1 << 5 | 1; // 1980-01-01, the zip epoch

export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBuf, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(3 << 8 | 20, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    // extra, comment, disk, internal attributes: 0
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const cdSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

// Entries of a zip written by zip() (or any zip without data descriptors), each inflated
// and checked against its CRC: [{name, data}].
export function unzip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const n = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + n).toString('utf8');
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`${name}: bad local header`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(start, start + csize);
    const data = method === 0 ? Buffer.from(body) : method === 8 ? inflateRawSync(body) : null;
    if (!data) throw new Error(`${name}: compression method ${method}`);
    if ((crc32(data) >>> 0) !== crc) throw new Error(`${name}: CRC mismatch`);
    entries.push({ name, data });
    p += 46 + n + extra + comment;
  }
  return entries;
}

function writeTree(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  for (const { name, data } of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
}

export function build(outDir = join(root, 'dist')) {
  for (const f of ['engine/rapport.js', 'engine/rapport_bg.wasm', 'engine/rapport_text.json']) {
    if (!existsSync(join(extDir, f))) throw new Error(`extension/${f} is missing: run \`make wasm\` first`);
  }
  const bundled = new Set(Object.values(bundle()).flat());
  const all = listFiles(extDir);
  for (const m of pageModules(all.filter((f) => f.endsWith('.html')))) bundled.delete(m);
  const names = all.filter((f) => !bundled.has(f)).sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  const manifest = JSON.parse(readFileSync(join(extDir, 'manifest.json'), 'utf8'));
  const variants = {
    chrome: manifest,
    firefox: firefoxManifest(manifest),
  };
  mkdirSync(outDir, { recursive: true });
  const result = {};
  for (const [variant, m] of Object.entries(variants)) {
    const files = names.map((name) => ({
      name,
      data: name === 'manifest.json' ? Buffer.from(JSON.stringify(m, null, 2) + '\n') : readFileSync(join(extDir, name)),
    }));
    writeTree(join(outDir, variant), files);
    const zipPath = join(outDir, `rapport-${variant}.zip`);
    const bytes = zip(files);
    writeFileSync(zipPath, bytes);
    result[variant] = { dir: join(outDir, variant), zip: zipPath, files: names.length, bytes: bytes.length };
  }
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? resolve(process.argv[i + 1]) : join(root, 'dist');
  try {
    const r = build(out);
    for (const [v, x] of Object.entries(r)) {
      console.log(`dist: ${relative(process.cwd(), x.zip) || x.zip}  ${x.files} files, ${x.bytes} bytes (unpacked in ${relative(process.cwd(), x.dir)}/)`);
    }
  } catch (e) {
    console.error(`dist: ${e.message}`);
    process.exit(1);
  }
}
