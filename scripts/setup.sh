#!/usr/bin/env bash
# Installs what building (and, with --test, testing) needs, from the registries only.
# Idempotent: a second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=false
[ "${1:-}" = "--test" ] && want_test=true
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! command -v cargo >/dev/null; then
  echo "cargo is missing: install Rust (rustup) first" >&2; exit 1
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

# wasm-bindgen's CLI must match the crate version pinned in Cargo.toml exactly.
wbg=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)" }/\1/p' Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg" ]; then
  say "installing wasm-bindgen-cli $wbg (about 5 minutes)"
  # Without --locked: its lock file pins a webpki-roots release the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$wbg"
fi

# wasm-split-cli cuts each lazy island out of the wasm (scripts/build-site.sh). Its runtime half
# is wasm_split_helpers, which Leptos pins in Cargo.lock; the two are released together.
wsc=0.2.3
if ! cargo install --list | grep -qx "wasm_split_cli_support v$wsc:"; then
  say "installing wasm-split-cli $wsc (about 2 minutes)"
  cargo install wasm_split_cli_support --version "$wsc" --features build-binary --locked
fi

# Tailwind, wasm-opt (binaryen 132: Debian's 108 breaks hydration) and playwright-core.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

if $want_test; then
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  # promtool (Debian's prometheus), nginx with the brotli module, and shellcheck: the deployment
  # kit's checks (make ops) and the lint of the shell scripts.
  missing=()
  command -v promtool >/dev/null || missing+=(prometheus)
  command -v nginx >/dev/null || missing+=(nginx-light)
  [ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
  command -v shellcheck >/dev/null || missing+=(shellcheck)
  command -v openssl >/dev/null || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} for the deployment checks"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # A Chinese font, so that pages (and the printed plan) render Chinese text, not empty boxes.
  if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    say "installing a Chinese font (fonts-wqy-microhei) for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null
  fi
  # schemathesis (PyPI) fuzzes the REST API (end2end/schemathesis.sh), from a venv kept outside
  # the checkout beside the cargo target folder.
  st_version=4.32.5
  st_venv=${AIM_CACHE:-/var/cache/ai-market}/venv
  if [ "$("$st_venv/bin/st" --version 2>/dev/null | awk '{print $NF}')" != "$st_version" ]; then
    say "installing schemathesis $st_version into $st_venv (under a minute)"
    command -v python3 >/dev/null || { echo "the API fuzzing needs python3 with venv and pip" >&2; exit 1; }
    python3 -m venv "$st_venv"
    "$st_venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$st_version"
  fi
  # moto's S3 server (PyPI) is the S3-compatible store the attachment tests run against
  # (testkit/src/s3.rs starts it), from a venv beside schemathesis's.
  moto_version=5.1.0
  moto_venv=${AIM_CACHE:-/var/cache/ai-market}/moto
  if [ "$("$moto_venv/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null)" != "$moto_version" ]; then
    say "installing moto $moto_version (an S3-compatible test server) into $moto_venv"
    python3 -m venv "$moto_venv"
    "$moto_venv/bin/pip" install -q --disable-pip-version-check "moto[s3,server]==$moto_version"
  fi
  if ! command -v mariadb >/dev/null && ! command -v mysql >/dev/null; then
    echo "the browser tests need the mariadb client (apt-get install mariadb-client)" >&2; exit 1
  fi
fi
