#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 60) and exits non-zero if any target crashed,
# panicked or hung (one input running over 10 s counts as a hang). Crashing inputs are left
# in tests/fuzz/artifacts/<target>/; each one becomes a regression test in
# tests/edge_inputs.rs. Needs the nightly toolchain and cargo-fuzz (installed if missing).
#
#   tests/fuzz/run.sh 600              # what `make fuzz` runs: 10 minutes per target
#   tests/fuzz/run.sh 60 pack          # one target
#   FUZZ_ARGS=-jobs=2 tests/fuzz/run.sh 600   # extra libFuzzer flags
#
# Built without a sanitizer (the code is safe Rust: AddressSanitizer finds nothing more and
# runs 3x slower) but with debug assertions, so integer overflow panics.
set -uo pipefail
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(analyze pack)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: the nightly toolchain is needed: rustup toolchain install nightly" >&2
  exit 2
fi
if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --version =0.13.2 --locked || exit 2
fi

# Seed corpora from the catalog: each rule file as text, and as a one-rule pack.
mkdir -p "$here/corpus/analyze" "$here/corpus/pack"
for rule in src/data/rules/*.json; do
  name=$(basename "$rule" .json)
  [ -e "$here/corpus/analyze/$name" ] || cp "$rule" "$here/corpus/analyze/$name"
  [ -e "$here/corpus/pack/$name" ] ||
    printf '{"schema": "rapport-pack/1", "name": "seed", "version": "1", "rules": [%s]}' \
      "$(cat "$rule")" >"$here/corpus/pack/$name"
done

declare -A max_len=([analyze]=16384 [pack]=65536)
failed=()
for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
  if ! cargo +nightly fuzz run "$target" --sanitizer none --fuzz-dir "$here" --target-dir "$here/target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len="${max_len[$target]}" \
    -dict="$here/$target.dict" -print_final_stats=1 ${FUZZ_ARGS:-}; then
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crash or hang in: ${failed[*]} (inputs in $here/artifacts/)" >&2
  exit 1
fi
echo "fuzz: no crash in ${seconds}s per target"
