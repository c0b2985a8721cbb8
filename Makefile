# Rapport: one entry point. `make demo` runs the main job, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo

.PHONY: help demo test test-rust lint eval bench wasm dist fuzz setup clean

help:
	@echo "make demo   build and run Rapport on an example reply"
	@echo "make test   every test (format, lint, engine, catalog, CLI)"
	@echo "make eval   flag rates and warmth-score AUCs on ../shared/corpora"
	@echo "make bench  native throughput and latency"

demo:
	$(CARGO) build --release --bin rapport
	./target/release/rapport check www/demo/cold-reply.txt || true

test: lint test-rust

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

test-rust:
	$(CARGO) test --all-targets

eval:
	$(CARGO) run --release --example eval

bench:
	$(CARGO) bench --bench throughput

clean:
	$(CARGO) clean
