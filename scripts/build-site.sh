#!/usr/bin/env bash
# Builds the browser side into $SITE_ROOT (default $CARGO_TARGET_DIR/site, or target/site): the hydrate wasm (wasm-bindgen,
# then wasm-opt), the Tailwind stylesheet and the public files. Does what `cargo leptos build`
# does, with tools from the registries only (cargo-leptos would download its own from GitHub).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
SITE_ROOT=${SITE_ROOT:-$TARGET/site}
PROFILE=${WASM_PROFILE:-wasm-release}
NAME=ai-market
PKG="$SITE_ROOT/pkg"
export PATH="$PWD/node_modules/.bin:$PATH"

mkdir -p "$PKG"
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$PROFILE"
wasm-bindgen --target web --no-typescript --out-dir "$PKG" --out-name "$NAME" \
  "$TARGET/wasm32-unknown-unknown/$PROFILE/frontend.wasm"
# Leptos asks for `$NAME.wasm` when LEPTOS_OUTPUT_NAME is set at compile time (.cargo/config.toml).
mv -f "$PKG/${NAME}_bg.wasm" "$PKG/$NAME.wasm"
if [ "$PROFILE" = wasm-release ]; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$PKG/$NAME.wasm" -o "$PKG/$NAME.wasm"
fi
tailwindcss -i style/main.css -o "$PKG/$NAME.css" --minify 2>&1 | grep -v '^≈' || true
test -s "$PKG/$NAME.css"
cp -r public/. "$SITE_ROOT/"
printf 'site built in %s: wasm %s bytes (%s gzipped)\n' "$SITE_ROOT" \
  "$(stat -c %s "$PKG/$NAME.wasm")" "$(gzip -9c "$PKG/$NAME.wasm" | wc -c)"
