// The README's editor compatibility table, rendered from the results of
// tests/browser/editors.mjs (target/editors-compat.json), never written by hand.
//
//   node tests/browser/editors-table.mjs          exits 1 when README.md's table is stale
//   node tests/browser/editors-table.mjs --write  rewrites the table in README.md
import { readFile, writeFile } from 'node:fs/promises';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

export const RESULTS_PATH = 'target/editors-compat.json';

// The editors under test: the editable's selector (in the editor's frame), the page bundle's
// entry, and the npm package whose version is shown.
export const EDITORS = [
  { id: 'ckeditor', selector: '.ck-editor__editable', name: 'CKEditor 5', pkg: 'ckeditor5', entry: 'ckeditor.js' },
  { id: 'prosemirror', selector: '.ProseMirror', name: 'ProseMirror', pkg: 'prosemirror-view', entry: 'prosemirror.js' },
  { id: 'quill', selector: '.ql-editor', name: 'Quill', pkg: 'quill', entry: 'quill.js' },
  { id: 'lexical', selector: '#editor', name: 'Lexical', pkg: 'lexical', entry: 'lexical.js' },
  { id: 'draft', selector: '.public-DraftEditor-content', name: 'Draft.js', pkg: 'draft-js', entry: 'draft.jsx' },
  { id: 'slate', selector: '[data-slate-editor]', name: 'Slate', pkg: 'slate-react', entry: 'slate.jsx' },
  { id: 'tinymce', selector: 'body', name: 'TinyMCE (iframe)', pkg: 'tinymce', entry: 'tinymce.js', framed: true },
];

export const CHECKS = [
  { id: 'highlight', label: 'highlight on the phrase' },
  { id: 'scroll-resize', label: 'after scroll and resize' },
  { id: 'no-mutations', label: 'no mutations' },
  { id: 'apply-undo', label: 'rewrite in the model, Ctrl+Z' },
  { id: 'typing', label: 'typing after a rewrite' },
  { id: 'typing-at-once', label: 'typing on before the page draws' },
  { id: 'offsets', label: 'offsets (lists, bold, emoji)' },
];

const START = '<!-- compat:start -->';
const END = '<!-- compat:end -->';

export function renderTable(report) {
  const head = `| editor | version | ${CHECKS.map((c) => c.label).join(' | ')} |`;
  const rule = `|---|---|${CHECKS.map(() => '---').join('|')}|`;
  const gaps = [];
  const rows = report.editors.map((e) => {
    const cells = CHECKS.map((c) => {
      const r = e.checks[c.id];
      if (!r) return 'not run';
      if (r.status === 'pass') return 'yes';
      if (r.status === 'gap') { gaps.push(`${e.name}, ${c.label}: ${r.reason}`); return `known gap (${gaps.length})`; }
      return 'FAILS';
    });
    return `| ${e.name} | \`${e.package}\` ${e.version} | ${cells.join(' | ')} |`;
  });
  const notes = gaps.map((g, i) => `${i + 1}. ${g}`);
  return [START, '', head, rule, ...rows, ...(notes.length ? ['', ...notes] : []), '', END].join('\n');
}

export function replaceBlock(readme, block) {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} ... ${END} block`);
  return readme.slice(0, a) + block + readme.slice(b + END.length);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const report = JSON.parse(await readFile(join(root, RESULTS_PATH), 'utf8').catch(() => {
    console.error(`${RESULTS_PATH} is missing: run node tests/browser/editors.mjs first`);
    process.exit(2);
  }));
  const readmePath = join(root, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const wanted = replaceBlock(readme, renderTable(report));
  if (process.argv.includes('--write')) {
    await writeFile(readmePath, wanted);
    console.log('README.md: compatibility table written');
  } else if (wanted !== readme) {
    console.error('README.md: the compatibility table is stale (node tests/browser/editors-table.mjs --write)');
    process.exit(1);
  }
}
