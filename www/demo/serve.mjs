// The demo helpdesk: serves www/ on 127.0.0.1 (nowhere else), prints the address and how to
// load the extension, and where a display exists starts Chromium with the extension loaded.
//   node www/demo/serve.mjs [port]        (PORT=... also works; 0 picks a free port)
import { createServer } from 'node:http';
import { readFile, mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve, extname, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const www = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ext = resolve(www, '../extension');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml' };

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  // The www pages import the extension's modules from /extension/ (the painter, the card, the
  // session, the settings: which policy keys exist).
  const shared = path.startsWith('/extension/');
  const base = shared ? ext : www;
  let file = resolve(base, '.' + (shared ? path.slice('/extension'.length) : path));
  if (file !== base && !file.startsWith(base + sep)) { res.writeHead(403).end(); return; }
  if (path.endsWith('/')) file = join(file, 'index.html');
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
});

const port = Number(process.argv[2] ?? process.env.PORT ?? 8787);
server.listen(port, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${server.address().port}/demo/helpdesk.html`;
  console.log(`Rapport pages (playground, rule reference, macro audit, practice): http://127.0.0.1:${server.address().port}/`);
  console.log(`Demo helpdesk: ${url}`);
  console.log(`Demo live chat (Enter sends): http://127.0.0.1:${server.address().port}/demo/chat.html`);
  console.log(`Load the extension: chrome://extensions -> Developer mode -> Load unpacked -> ${ext}`);
  console.log('Then click the Rapport icon on the demo page and turn it on for 127.0.0.1 (it is on by default only on known helpdesks).');
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if ((process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && chromium && existsSync(join(ext, 'engine/rapport_bg.wasm'))) {
    const profile = await mkdtemp(join(tmpdir(), 'rapport-demo-'));
    spawn(chromium, [`--user-data-dir=${profile}`, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`,
      '--no-first-run', url], { stdio: 'ignore', detached: true }).unref();
    console.log(`Started ${chromium} with the extension (profile ${profile}).`);
  }
  console.log('Ctrl+C stops the server.');
});
