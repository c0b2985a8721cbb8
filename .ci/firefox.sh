#!/usr/bin/env bash
# Installs what `make test-firefox` needs on a fresh Debian machine: Firefox ESR from apt and
# geckodriver built from crates.io (its npm package downloads a binary, which cannot be
# fetched here). Each step is skipped when the right version is already there.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
GECKODRIVER_VERSION=0.36.0

# 140 is the extension's strict_min_version (extension/build/dist.mjs)
firefox_major() { firefox-esr --version 2>/dev/null | sed -n 's/^Mozilla Firefox \([0-9]*\).*/\1/p'; }
if [ "$(firefox_major || true)" = "" ] || [ "$(firefox_major)" -lt 140 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >/dev/null
fi
firefox-esr --version

installed=$(geckodriver --version 2>/dev/null || true)
if [[ "$installed" != "geckodriver $GECKODRIVER_VERSION "* ]]; then
  # --locked builds with the dependency versions geckodriver was released with; a yanked
  # dependency makes that fail, and then the newest compatible ones are used instead
  # A test driver needs no release optimisation: opt-level 1 without LTO builds in about a
  # minute on two cores instead of ten.
  export CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=false
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --quiet \
    || cargo install geckodriver --version "$GECKODRIVER_VERSION" --quiet
fi
geckodriver --version | sed -n 1p
