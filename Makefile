# Rapport: one entry point. `make demo` runs the main job, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:/usr/bin:$(PATH)
# where cargo builds: CARGO_TARGET_DIR when set
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)

.PHONY: train-scorer customer-score help demo test deps lint test-rust test-unit test-wasm test-browser test-www test-dist test-firefox wasm dist eval bench fuzz node-deps catalog clean editors-table

help:
	@echo "make demo   build the engine and the extension, serve the demo helpdesk on 127.0.0.1"
	@echo "make test   every test: format, lint, engine, catalog, CLI, wasm boundary, extension in Chromium"
	@echo "make wasm   build the engine as WebAssembly (printing its size) and the extension's bundles"
	@echo "make eval   flag rates and warmth-score AUCs on ../shared/corpora"
	@echo "make bench  native, peers (alex, write-good, harper.js), wasm in Chromium, size; prints the table"
	@echo "make dist   dist/rapport-chrome.zip and dist/rapport-firefox.zip (web-ext lint clean)"
	@echo "make fuzz   run each fuzz target (FUZZ_SECONDS each, default 600)"

demo: wasm catalog
	$(TARGET_DIR)/release/rapport check www/demo/cold-reply.txt || true
	node www/demo/serve.mjs

test: deps lint test-rust test-unit test-wasm test-browser test-www test-dist test-firefox

# What the tests need beyond the repository (browsers, drivers, Rust targets; the npm
# packages come with node-deps): installed where missing, or named with the way to get them.
deps:
	.ci/deps.sh

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --target wasm32-unknown-unknown -- -D warnings

test-rust:
	$(CARGO) test --all-targets

# The engine as WebAssembly, then the extension's two bundles (they import its glue).
wasm:
	.ci/wasm.sh
	node extension/build/bundle.mjs

node-deps:
	[ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] && [ -x node_modules/.bin/web-ext ] || npm install --no-audit --no-fund
	[ -d tests/browser/editors/node_modules/ckeditor5 ] || npm ci --prefix tests/browser/editors --no-audit --no-fund

# The rule reference's data, from the catalog itself (so it cannot drift from the engine).
catalog:
	$(CARGO) build --release --bin rapport
	RAPPORT_BIN=$(TARGET_DIR)/release/rapport node www/rules/build-catalog.mjs

# The extension's and the pages' modules that need no browser, in Node (node --test).
test-unit: wasm
	node --test tests/unit/

# The wasm boundary (the engine through its JavaScript API), in headless Chromium; with the
# macro audit, as the www pages' build has it (the extension's is the same without it).
test-wasm: wasm
	$(CARGO) test --target wasm32-unknown-unknown --test wasm_boundary --features macro-audit
	rm -rf /tmp/org.chromium.Chromium.* 2>/dev/null || true

# The built extension in Debian's Chromium, on pages served from 127.0.0.1.
test-browser: wasm node-deps
	node tests/browser/incremental.mjs
	node tests/browser/extension.mjs
	node tests/browser/onboarding.mjs
	node tests/browser/i18n.mjs
	node tests/browser/listen.mjs
	node tests/browser/hardening.mjs
	node tests/browser/policy.mjs
	node tests/browser/editors.mjs
	node tests/browser/sendguard.mjs

# The seven rich-text editors again, rewriting README.md's compatibility table from the results.
editors-table: wasm node-deps
	node tests/browser/editors.mjs --write

# The playground, rule reference, macro audit, practice and pack builder pages; the
# policy exports' unit tests.
test-www: wasm node-deps catalog
	node --test tests/www/
	node tests/browser/www.mjs
	node tests/browser/packs.mjs

dist: wasm node-deps
	node extension/build/dist.mjs

test-dist: wasm node-deps
	node tests/dist/check.mjs
	node tests/dist/policy.mjs

# The Firefox package as a temporary add-on in Debian's Firefox ESR, through geckodriver
# (.ci/deps.sh installs both, through .ci/firefox.sh).
test-firefox: dist
	node tests/firefox/smoke.mjs

eval:
	$(CARGO) run --profile perf --example eval

# The customer reading's graded-word score (src/customer.rs) on the work half of the
# customer bank and the written calm messages: AUC and the threshold table it was picked
# from; then `make eval` with the score reading signals (the `graded-words` feature; not
# shipped, EVALUATION.md says why).
customer-score:
	$(CARGO) run --profile perf --example customer-score
	$(CARGO) run --profile perf --features graded-words --example eval

# The learned second opinion (src/scorer.rs): train it on the work half and SGD's train
# split, then measure the engine with it (the catalog carries the model it writes).
train-scorer:
	$(CARGO) run --profile perf --example train-scorer
	$(CARGO) run --profile perf --example eval

bench: node-deps
	$(CARGO) bench --profile perf --bench throughput
	$(MAKE) wasm
	[ -d tests/bench/peers/node_modules ] || npm ci --prefix tests/bench/peers --no-audit --no-fund
	node tests/bench/peers/run.mjs
	node tests/bench/browser/run.mjs
	node tests/bench/extension.mjs
	node tests/bench/report.mjs

FUZZ_SECONDS ?= 600
fuzz:
	tests/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	$(CARGO) clean
