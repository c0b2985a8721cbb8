#!/usr/bin/env bash
# make wasm: the engine as WebAssembly for the extension and www/, with the pinned
# wasm-bindgen-cli and wasm-opt from npm's binaryen. Prints raw and gzip sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(grep -oP 'wasm-bindgen = "=\K[0-9.]+' Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (about 5 minutes, once)"
  cargo install wasm-bindgen-cli --version "$want"
fi
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
[ -x node_modules/.bin/wasm-opt ] || npm install --no-audit --no-fund >/dev/null
# build.rs writes the text the wasm leaves out (rule explanations) into its OUT_DIR
out_dir=$(cargo build --release --lib --target wasm32-unknown-unknown --message-format=json-render-diagnostics |
  node -e 'let d = ""; process.stdin.on("data", (c) => (d += c)).on("end", () => {
    for (const l of d.split("\n")) { if (!l.startsWith("{")) continue; const m = JSON.parse(l);
      if (m.reason === "build-script-executed" && /[#\/]rapport[@#]/.test(m.package_id)) console.log(m.out_dir); } })')
[ -s "$out_dir/rapport_text.json" ] || { echo "wasm.sh: build.rs wrote no rapport_text.json (out dir: '$out_dir')" >&2; exit 1; }
# the compiled catalog, one part per language: the wasm carries none (engine-core.js fetches
# catalog-en.bin with it, another language's part when a reply in it appears)
parts=$(cd "$out_dir" && ls catalog-*.bin)
[ -n "$parts" ] && [ -s "$out_dir/catalog-en.bin" ] || { echo "wasm.sh: build.rs wrote no catalog parts (out dir: '$out_dir')" >&2; exit 1; }
# cargo's build lands in CARGO_TARGET_DIR when it is set; the glue and the size figures go
# to target/ in the repository, where the benchmarks read them
out=target/wasm-bindgen
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/rapport.wasm" --out-dir "$out" --target no-modules --no-typescript
# The glue initialises one instance, once. After a Rust panic traps that instance, the
# extension needs a fresh one: wrap the glue in a factory it can call again, exported as an
# ES module (the extension's bundles and the www pages import it).
sed -i -e '1s/^let wasm_bindgen = (function(exports) {$/export function rapport_glue() { return (function(exports) {/' \
       -e '$s/^})({ __proto__: null });$/})({ __proto__: null }); }/' "$out/rapport.js"
grep -q '^export function rapport_glue' "$out/rapport.js" || { echo "wasm.sh: the wasm-bindgen glue changed shape; update the factory wrapper" >&2; exit 1; }
# -Oz: smaller raw and, since the results are written as JSON text (src/js_json.rs), about
# 500 bytes smaller in gzip than -Os, which had gzipped about 700 bytes smaller before it: the
# choice is worth measuring again when the code changes much (rustc's own opt-level stays
# "z", where "s" is 27 KB gzip larger); --converge
# repeats the passes while they still shrink the file (about 1 KB gzip, 40 s more);
# --low-memory-unused lets it fold constant offsets into loads and stores: Rust's wasm keeps
# its data from 1 MiB up and its stack below it, growing down, so the first kilobyte is
# reached only by a stack overflow, which corrupts memory with or without the flag
node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$out/rapport_bg.wasm" -o "$out/rapport_bg.opt.wasm"
mv "$out/rapport_bg.opt.wasm" "$out/rapport_bg.wasm"
# The www pages' build: the same engine with the macro audit (auditExport, writeFixedExport
# for the audit page; 6 KB gzip no helpdesk tab needs). Its glue is the one both builds load:
# it differs from the extension's only by those two methods, which the extension never
# calls, and the check below holds the imports to the same list.
www_out=target/wasm-bindgen-www
rm -rf "$www_out" && mkdir -p "$www_out"
cargo build --release --lib --target wasm32-unknown-unknown --features macro-audit --quiet
wasm-bindgen "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/rapport.wasm" --out-dir "$www_out" --target no-modules --no-typescript
sed -i -e '1s/^let wasm_bindgen = (function(exports) {$/export function rapport_glue() { return (function(exports) {/' \
       -e '$s/^})({ __proto__: null });$/})({ __proto__: null }); }/' "$www_out/rapport.js"
grep -q '^export function rapport_glue' "$www_out/rapport.js" || { echo "wasm.sh: the wasm-bindgen glue changed shape; update the factory wrapper" >&2; exit 1; }
node_modules/.bin/wasm-opt -Oz --low-memory-unused --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$www_out/rapport_bg.wasm" -o "$www_out/rapport_bg.opt.wasm"
mv "$www_out/rapport_bg.opt.wasm" "$www_out/rapport_bg.wasm"
node -e 'const fs = require("fs");
  const [ext, www] = process.argv.slice(1).map((f) => new WebAssembly.Module(fs.readFileSync(f)));
  const names = (list) => list.map((i) => `${i.module || ""}.${i.name}:${i.kind}`).sort().join("\n");
  if (names(WebAssembly.Module.imports(ext)) !== names(WebAssembly.Module.imports(www))) {
    console.error("wasm.sh: the extension'"'"'s and the www pages'"'"' builds import different things; they cannot share one glue"); process.exit(1); }
  const wwwExports = new Set(WebAssembly.Module.exports(www).map((e) => e.name));
  const missing = WebAssembly.Module.exports(ext).filter((e) => !wwwExports.has(e.name));
  if (missing.length) { console.error(`wasm.sh: the www build lacks ${missing.map((e) => e.name)}`); process.exit(1); }' \
  "$out/rapport_bg.wasm" "$www_out/rapport_bg.wasm"
cp "$www_out/rapport.js" "$out/rapport.js"
cp "$out_dir/rapport_text.json" "$out/"
for part in $parts; do cp "$out_dir/$part" "$out/"; done
# the glue once, in extension/engine/: the extension's modules and the www pages import it
# from there (extension/engine-core.js)
for dest in extension/engine www/engine; do
  mkdir -p "$dest"
  rm -f "$dest"/catalog-*.bin
  cp "$out/rapport_bg.wasm" "$out/rapport_text.json" "$out"/catalog-*.bin "$dest/"
done
cp "$www_out/rapport_bg.wasm" www/engine/
rm -f www/engine/rapport.js
cp "$out/rapport.js" extension/engine/
raw=$(stat -c %s "$out/rapport_bg.wasm")
gz=$(gzip -9 -c "$out/rapport_bg.wasm" | wc -c)
text_gz=$(gzip -9 -c "$out/rapport_text.json" | wc -c)
parts_json=""
parts_line=""
for part in $parts; do
  code=${part#catalog-}; code=${code%.bin}
  p_raw=$(stat -c %s "$out/$part"); p_gz=$(gzip -9 -c "$out/$part" | wc -c)
  parts_json="$parts_json${parts_json:+, }\"$code\": {\"raw_bytes\": $p_raw, \"gzip_bytes\": $p_gz}"
  parts_line="$parts_line${parts_line:+, }$part $p_raw raw / $p_gz gzip"
done
www_gz=$(gzip -9 -c "$www_out/rapport_bg.wasm" | wc -c)
echo "wasm: $raw bytes raw, $gz bytes gzip (budget 153600 gzip; the www pages' build with the macro audit: $www_gz gzip); beside it rapport_text.json, $text_gz bytes gzip; the catalog: $parts_line"
printf '{"wasm_raw_bytes": %s, "wasm_gzip_bytes": %s, "wasm_text_gzip_bytes": %s, "catalog_parts": {%s}}\n' "$raw" "$gz" "$text_gz" "$parts_json" > target/wasm-size.json
