#!/usr/bin/env bash
# What `make test` needs beyond the repository, installed where it is missing (a second
# when everything is there): Chromium and chromedriver and Firefox ESR from apt,
# geckodriver from crates.io (.ci/firefox.sh), the wasm32 target, rustfmt and clippy. The
# npm packages come from `make node-deps`, the pinned wasm-bindgen-cli from `make wasm`.
# apt runs as root or through sudo; what cannot be installed here (Rust, Node.js, or apt
# without root) is named with the way to get it, and the run stops.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

ask() {
  echo "make test needs $1; $2, then run it again." >&2
  exit 1
}

cargo --version >/dev/null 2>&1 && command -v rustup >/dev/null ||
  ask "Rust (cargo and rustup, a default toolchain)" "install it from https://rustup.rs"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

command -v node >/dev/null && command -v npm >/dev/null ||
  ask "Node.js 20 or newer with npm" "install them (apt-get install nodejs npm where Debian's is 20 or newer, else from nodejs.org)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || ask "Node.js 20 or newer (this is $(node --version))" "install a newer one from nodejs.org"

apt_install() {
  local sudo=
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || ask "the Debian packages $*" "as root: apt-get install $*"
    sudo=sudo
  fi
  echo "installing $* from apt"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

packages=()
command -v chromium >/dev/null || packages+=(chromium)
command -v chromedriver >/dev/null || packages+=(chromium-driver)
# Chromium's UI in other languages (tests/browser/i18n.mjs runs it in French and German)
[ -e /usr/lib/chromium/locales/fr.pak ] || packages+=(chromium-l10n)
command -v firefox-esr >/dev/null || packages+=(firefox-esr)
[ ${#packages[@]} -eq 0 ] || apt_install "${packages[@]}"
# geckodriver, and a Firefox ESR new enough for the extension
bash .ci/firefox.sh

