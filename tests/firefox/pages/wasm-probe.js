// Loaded by the Firefox smoke test into the CSP page: can the page's own script compile
// WebAssembly? (It must not: that page's CSP has no 'wasm-unsafe-eval'.)
WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
  () => { document.documentElement.dataset.pageWasm = 'compiled'; },
  (e) => { document.documentElement.dataset.pageWasm = e.name; },
);
