# Rapport: one entry point. `make demo` runs the main job, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:/usr/bin:$(PATH)

.PHONY: help demo test lint test-rust test-wasm test-browser wasm eval bench dist fuzz clean

help:
	@echo "make demo   build the engine and the extension, serve the demo helpdesk on 127.0.0.1"
	@echo "make test   every test: format, lint, engine, catalog, CLI, wasm boundary, browser"
	@echo "make wasm   build the engine as WebAssembly and print its size"
	@echo "make eval   flag rates and warmth-score AUCs on ../shared/corpora"
	@echo "make bench  native throughput and latency"

demo: wasm
	$(CARGO) build --release --bin rapport
	./target/release/rapport check www/demo/cold-reply.txt || true

test: lint test-rust test-wasm

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --target wasm32-unknown-unknown -- -D warnings

test-rust:
	$(CARGO) test --all-targets

wasm:
	.ci/wasm.sh

# The wasm boundary and the web-sys DOM text model, in headless Chromium.
test-wasm: wasm
	$(CARGO) test --target wasm32-unknown-unknown --test wasm_boundary
	rm -rf /tmp/org.chromium.Chromium.* 2>/dev/null || true

eval:
	$(CARGO) run --profile perf --example eval

bench:
	$(CARGO) bench --profile perf --bench throughput

clean:
	$(CARGO) clean
