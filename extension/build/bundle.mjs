// The extension's two bundles, from its ES modules, with the esbuild of devDependencies:
//
//   node extension/build/bundle.mjs
//
//   extension/bundle/content.js   the content script: content/main.js and what it imports
//   extension/bundle/worker.js    the background: worker.js and what it imports
//
// Content scripts and Firefox's event page cannot be ES modules, so each is one classic
// script (an IIFE). Not minified: a reviewer reads the package as it runs, module by
// module in the order of the imports, each under a comment naming its source file. The same
// sources give the same bytes (paths relative to the repository root, no timestamps).
// `make wasm` runs this after building the engine (the bundles import its glue,
// engine/rapport.js); the browser suites and `make dist` run it again, so they never load
// stale bundles. The extension's pages (popup, options, welcome) load their modules as
// they are.
import { buildSync } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const extDir = resolve(here, '..');
const root = resolve(extDir, '..');

// bundle file (under extension/) -> its entry module (under extension/)
export const BUNDLES = Object.freeze({
  'bundle/content.js': 'content/main.js',
  'bundle/worker.js': 'worker.js',
});

const BANNER = (entry) => `// Built by extension/build/bundle.mjs from extension/${entry} and its imports; edit those, not this file.`;

// Writes the bundles of the extension in `dir` (a copy of extension/, for the browser
// suites, may have its own engine); returns {bundle file: [its sources, relative to dir]}.
export function bundle(dir = extDir) {
  if (!existsSync(join(dir, 'engine/rapport.js'))) throw new Error(`${relative(root, join(dir, 'engine')) || dir}/ is missing: run \`make wasm\` first`);
  const base = resolve(dir, '..');
  const inputs = {};
  for (const [out, entry] of Object.entries(BUNDLES)) {
    const result = buildSync({
      absWorkingDir: base,
      entryPoints: [join(dir, entry)],
      outfile: join(dir, out),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome120', 'firefox140'],
      minify: false,
      charset: 'utf8',
      legalComments: 'none',
      banner: { js: BANNER(entry) },
      metafile: true,
      logLevel: 'warning',
    });
    inputs[out] = Object.keys(result.metafile.inputs).map((p) => relative(dir, join(base, p)).split('\\').join('/')).sort();
  }
  return inputs;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const inputs = bundle();
    for (const [out, files] of Object.entries(inputs)) console.log(`bundle: extension/${out} from ${files.length} modules`);
  } catch (e) {
    console.error(`bundle: ${e.message}`);
    process.exit(1);
  }
}
