#!/usr/bin/env bash
# The development loop: `cargo leptos watch` rebuilds the server and the wasm when a file changes
# and reloads the open page, on the embedded default (SQLite, in-process cache, offline analysts)
# at http://127.0.0.1:3000 (Leptos.toml). cargo-leptos is installed here on first use, never by
# `make run`; it is built with `no_downloads`, so it uses the tools the project installs from the
# registries (Tailwind from npm, wasm-opt) instead of fetching its own from GitHub.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_LEPTOS_VERSION=0.3.10
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if [ ! -x node_modules/.bin/tailwindcss ]; then
  npm ci --no-audit --no-fund
fi
if [ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  echo "==> installing cargo-leptos $CARGO_LEPTOS_VERSION (a few minutes, once)"
  cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION" --features no_downloads
fi
# The development site is unhashed: a release's hash list there would point the pages at its bundles.
rm -f "target/site/hash.txt"
# --split: the lazy islands are cut out of the wasm into files of their own (as scripts/build-site.sh does).
exec cargo leptos watch --split
