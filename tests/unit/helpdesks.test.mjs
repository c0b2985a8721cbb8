// The registries beside the helpdesk data files (extension/helpdesks/*.json), checked against
// the files' own `hosts`: index.json (which the worker reads, in order of precedence) lists
// every file once; the helpdesks where Rapport is on by default (settings.js) are the files'
// hosts, plus the helpdesks named as having no file yet; a page on this machine (the demo
// helpdesk's) is not among them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { HELPDESK_DOMAINS, HELPDESKS_WITHOUT_FILE, isHelpdesk } from '../../extension/settings.js';

const dir = new URL('../../extension/helpdesks/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json').sort();
const hosts = Object.fromEntries(files.map((f) => [f, JSON.parse(readFileSync(new URL(f, dir), 'utf8')).hosts]));
const LOCAL = new Set(['127.0.0.1', 'localhost']);
// "*.zendesk.com" -> "zendesk.com" (the file is used there and on every subdomain)
const base = (pattern) => pattern.replace(/^\*\./, '');
const covers = (domain, host) => host === domain || host.endsWith('.' + domain);

test('index.json lists every helpdesk data file once, and no other', () => {
  const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8'));
  assert.equal(new Set(index).size, index.length, 'a file listed twice');
  assert.deepEqual([...index].sort(), files);
});

test('Rapport is on by default on every host a helpdesk file names, except this machine\'s', () => {
  for (const [file, patterns] of Object.entries(hosts)) {
    for (const p of patterns) {
      const host = base(p);
      if (LOCAL.has(host)) assert.equal(isHelpdesk(host), false, `${file}: ${host} is a page on this machine`);
      else {
        assert.ok(isHelpdesk(host), `${file}: ${p} is not on by default (settings.js HELPDESK_DOMAINS)`);
        if (p.startsWith('*.')) assert.ok(isHelpdesk(`acme.${host}`), `${file}: ${p}`);
      }
    }
  }
});

test('every default helpdesk domain covers a data file\'s host, or is named as having no file', () => {
  const all = Object.values(hosts).flat().map(base);
  for (const domain of HELPDESK_DOMAINS) {
    const backed = all.some((h) => covers(domain, h));
    if (HELPDESKS_WITHOUT_FILE.includes(domain)) assert.ok(!backed, `${domain} has a data file now: move it out of HELPDESKS_WITHOUT_FILE`);
    else assert.ok(backed, `${domain} is on by default but no helpdesk file names a host in it`);
  }
});
