#!/usr/bin/env bash
# Builds the browser side into $SITE_ROOT (default $CARGO_TARGET_DIR/site, or target/site): the
# hydrate wasm (its lazy islands split off, wasm-bindgen, then wasm-opt), the Tailwind
# stylesheet and the public files. Does what `cargo leptos build --release --split` does, with
# tools from the registries only (cargo-leptos would download its own from GitHub).
#
# The largest page-specific islands are lazy (`#[island(lazy)]`): wasm-split-cli cuts each one's
# code out of the wasm into `split_<island>_<hash>.wasm`, code that only lazy islands share into
# `chunk_<n>.wasm`, and writes `__wasm_split.js`, which fetches them when such an island
# hydrates; the main wasm keeps the rest. These files find one another by relative names, so the
# release build puts them in one folder named after their content (`pkg/<hash>/ai-market.js`,
# `.wasm`, the lazy islands' files) and names the stylesheet after its own
# (`pkg/ai-market.<hash>.css`); `$SITE_ROOT/hash.txt` lists the two hashes, and the server reads
# it at start. A name changes whenever its content does, so browsers and proxies may cache the
# files for a year. Each file gets `.gz` and `.br` copies beside it. WASM_PROFILE=dev builds an
# unhashed, unoptimised debug wasm straight into `pkg/`.
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
# The link arguments in .cargo/config.toml keep the relocations wasm-split-cli needs.
mkdir "$out/split" "$out/islands"
wasm-split-cli --target web --out-name "$NAME" \
  "$TARGET/wasm32-unknown-unknown/$profile_dir/frontend.wasm" "$out/split"
if ! compgen -G "$out/split/split_*.wasm" >/dev/null; then
  echo "build-site: wasm-split-cli split off no island (is no island #[island(lazy)] any more?)" >&2
  exit 1
fi
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$out/islands" --out-name "$NAME" "$out/split/$NAME.wasm"
# Leptos asks for `$NAME.wasm` when LEPTOS_OUTPUT_NAME is set at compile time (.cargo/config.toml).
mv -f "$out/islands/${NAME}_bg.wasm" "$out/islands/$NAME.wasm"
rm "$out/split/$NAME.wasm"
mv "$out/split/"* "$out/islands/"
if [ "$PROFILE" = wasm-release ]; then
  for wasm in "$out/islands/"*.wasm; do
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "$wasm"
  done
fi
tailwindcss -i style/main.css -o "$out/$NAME.css" --minify 2>&1 | grep -v '^≈' || true
test -s "$out/$NAME.css"
cp -r public/. "$SITE_ROOT/"

# The bundles of earlier builds go; a deployment keeps the previous release's itself
# (deploy/install-release.sh), so pages opened before a switch still load.
rm -rf "${PKG:?}/"* "$SITE_ROOT/hash.txt"
if [ "$PROFILE" = wasm-release ]; then
  css=$(sha256sum "$out/$NAME.css" | cut -c1-16)
  islands=$(cd "$out/islands" && find . -type f | sort | xargs sha256sum | sha256sum | cut -c1-16)
  mv "$out/$NAME.css" "$PKG/$NAME.$css.css"
  mv "$out/islands" "$PKG/$islands"
  find "$PKG" -type f -exec node scripts/precompress.mjs {} +
  printf 'css: %s\nislands: %s\n' "$css" "$islands" >"$SITE_ROOT/hash.txt"
  bundle="$PKG/$islands"
else
  mv "$out/$NAME.css" "$out/islands/"* "$PKG/"
  bundle="$PKG"
fi
# What every page with an island fetches (the main wasm), and all the wasm there is.
gzipped() { for f in "$@"; do gzip -9c "$f" | wc -c; done | awk '{ s += $1 } END { print s }'; }
printf 'site built in %s: main wasm %s bytes (%s gzipped); %s wasm files, %s bytes gzipped in all\n' \
  "$SITE_ROOT" "$(stat -c %s "$bundle/$NAME.wasm")" "$(gzipped "$bundle/$NAME.wasm")" \
  "$(find "$bundle" -maxdepth 1 -name '*.wasm' | wc -l)" "$(gzipped "$bundle"/*.wasm)"
