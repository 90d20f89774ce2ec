#!/usr/bin/env bash
# Builds the browser side into $SITE_ROOT (default $CARGO_TARGET_DIR/site, or target/site): the
# hydrate wasm (wasm-bindgen, then wasm-opt), the Tailwind stylesheet and the public files. Does
# what `cargo leptos build --release` does, with tools from the registries only (cargo-leptos
# would download its own from GitHub).
#
# The release build names each bundle after its content (`pkg/ai-market.<hash>.wasm`, and so on)
# and lists the hashes in `$SITE_ROOT/hash.txt`, which the server reads at start: a bundle's name
# changes whenever it does, so browsers and proxies may cache it for a year. Each bundle gets
# `.gz` and `.br` copies beside it. WASM_PROFILE=dev builds an unhashed, unoptimised debug wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
# The site's settings (Leptos.toml, which the server reads too): `setting KEY` is its value.
setting() { sed -n "s/^$1 *= *\"\(.*\)\"\$/\1/p" Leptos.toml; }
NAME=$(setting output-name)
root=$(setting site-root)
TARGET=${CARGO_TARGET_DIR:-target}
# The site folder is in cargo's target folder, wherever that is.
SITE_ROOT=${SITE_ROOT:-$TARGET/${root#target/}}
PROFILE=${WASM_PROFILE:-wasm-release}
PKG="$SITE_ROOT/$(setting site-pkg-dir)"
test -n "$NAME" && test -n "$root" && test "$PKG" != "$SITE_ROOT/"
export PATH="$PWD/node_modules/.bin:$PATH"

mkdir -p "$PKG"
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$PROFILE"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Cargo writes the dev profile's output to `debug/`.
profile_dir=$PROFILE
[ "$PROFILE" = dev ] && profile_dir=debug
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$NAME" \
  "$TARGET/wasm32-unknown-unknown/$profile_dir/frontend.wasm"
# Leptos asks for `$NAME.wasm` when LEPTOS_OUTPUT_NAME is set at compile time (.cargo/config.toml).
mv -f "$out/${NAME}_bg.wasm" "$out/$NAME.wasm"
if [ "$PROFILE" = wasm-release ]; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/$NAME.wasm" -o "$out/$NAME.wasm"
fi
tailwindcss -i style/main.css -o "$out/$NAME.css" --minify 2>&1 | grep -v '^≈' || true
test -s "$out/$NAME.css"
cp -r public/. "$SITE_ROOT/"

# The bundles of earlier builds go; a deployment keeps the previous release's itself
# (deploy/install-release.sh), so pages opened before a switch still load.
rm -f "$PKG/$NAME".* "$SITE_ROOT/hash.txt"
if [ "$PROFILE" = wasm-release ]; then
  : >"$out/hash.txt"
  for ext in js wasm css; do
    hash=$(sha256sum "$out/$NAME.$ext" | cut -c1-16)
    mv "$out/$NAME.$ext" "$PKG/$NAME.$hash.$ext"
    node scripts/precompress.mjs "$PKG/$NAME.$hash.$ext"
    echo "$ext: $hash" >>"$out/hash.txt"
    if [ "$ext" = wasm ]; then wasm="$PKG/$NAME.$hash.wasm"; fi
  done
  mv "$out/hash.txt" "$SITE_ROOT/hash.txt"
else
  mv "$out/$NAME".{js,wasm,css} "$PKG/"
  wasm="$PKG/$NAME.wasm"
fi
if [ -d "$out/snippets" ]; then cp -r "$out/snippets" "$PKG/"; fi
printf 'site built in %s: wasm %s bytes (%s gzipped, %s brotli)\n' "$SITE_ROOT" \
  "$(stat -c %s "$wasm")" "$(gzip -9c "$wasm" | wc -c)" "$(if [ -f "$wasm.br" ]; then stat -c %s "$wasm.br"; else echo -; fi)"
