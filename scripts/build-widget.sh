#!/usr/bin/env bash
# Builds the browser widget into app/dist/:
#   privacy-portal.js        the loader a host page includes (serve it with no-cache)
#   <hash>/main.js           wasm-bindgen glue
#   <hash>/main_bg.wasm      the frame and the overview: what a customer's first visit loads
#   <hash>/split_*.wasm      the parts fetched the first time they are opened (one per tab,
#                            the company admin's picker, the support console), and
#   <hash>/chunk_*.wasm      code several parts share, fetched with the first that needs it
#   <hash>/__wasm_split.js   the loader of those parts
#   <hash>/portal.css        the widget's styles
#   <hash>/texts-<code>.json the texts of each language, one fetched with the wasm
# each also as .gz (zopfli) and .br (brotli -q 11). <hash> follows the content, so
# everything but the loader can be cached for ever. Installs the tools it lacks.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

DIST=app/dist
TARGET_DIR=target/wasm
WASM="$TARGET_DIR/wasm32-unknown-unknown/widget/portal_widget.wasm"
BUDGET_KB="${WIDGET_BUDGET_KB:-150}"
# Set to 0 to build anyway when the gzipped first load is over budget (to measure it).
ENFORCE_BUDGET="${WIDGET_BUDGET_ENFORCE:-1}"

# --- tools -----------------------------------------------------------------------------
if command -v rustup >/dev/null &&
  ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "installing the wasm32-unknown-unknown target (seconds)"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
bindgen_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  echo "wasm-bindgen not found in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')" != "$bindgen_version" ]; then
  echo "installing wasm-bindgen-cli $bindgen_version, the version in Cargo.lock (takes about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# The splitter that cuts the parts out of the wasm at their `#[wasm_split]` points.
SPLIT_VERSION=0.2.4
if [ "$(wasm-split-cli --version 2>/dev/null | awk '{ print $2 }')" != "$SPLIT_VERSION" ] &&
  ! cargo install --list | grep -qx "wasm_split_cli_support v$SPLIT_VERSION:"; then
  echo "installing wasm-split-cli $SPLIT_VERSION (takes about 4 minutes)"
  cargo install --locked wasm_split_cli_support --version "$SPLIT_VERSION" --features build-binary
fi

# zopfli writes ordinary gzip some 5 % smaller than gzip -9; brotli is what current
# browsers take over HTTPS. Both from Debian.
if ! command -v zopfli >/dev/null || ! command -v brotli >/dev/null; then
  echo "installing zopfli and brotli (seconds)"
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get install -y -q zopfli brotli >/dev/null 2>&1 ||
    { as_root apt-get update -q >/dev/null && as_root apt-get install -y -q zopfli brotli >/dev/null; }
fi

# binaryen from npm: Debian's older wasm-opt writes wasm that browsers refuse.
WASM_OPT=node_modules/.bin/wasm-opt
ESBUILD=node_modules/.bin/esbuild
if [ ! -x "$WASM_OPT" ] || [ ! -x "$ESBUILD" ]; then
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  echo "installing the node packages: wasm-opt, esbuild and the browser test runner (under a minute)"
  if [ -f package-lock.json ]; then npm ci; else npm install; fi
fi

# --- build -----------------------------------------------------------------------------
# `erase_components` makes Leptos type-erase views and reactive closures: one copy of the
# rendering code per output type instead of one per view shape, a tenth off the wasm. It
# is set here, for the release build only, because it also changes what clippy checks.
# The path remaps keep this machine's directories out of the wasm's panic messages, so
# the same source gives the same file (and hash) wherever it is built.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
if [ -f "$WASM" ]; then
  echo "compiling the widget (seconds to a minute: only what changed; then optimising it, about a minute)"
else
  echo "compiling the widget (the first build takes a couple of minutes; then optimising it, about a minute)"
fi
cargo build -p portal-widget --lib --target wasm32-unknown-unknown --profile widget \
  --target-dir "$TARGET_DIR" \
  --config "target.wasm32-unknown-unknown.rustflags = [\"--cfg\", \"erase_components\", \"-Clink-args=--emit-relocs\", \"--remap-path-prefix=$PWD=.\", \"--remap-path-prefix=$cargo_home/registry/src=registry\"]"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The splitter needs the relocations kept by --emit-relocs; wasm-bindgen must keep the
# exports the parts import from the main module.
wasm-split-cli --out-name main "$WASM" "$work/split"
mkdir "$work/out"
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$work/out" \
  --out-name main "$work/split/main.wasm"
cp "$work/split/__wasm_split.js" "$work/out/"
# The features rustc's wasm32 target emits by default; wasm-opt must be allowed to keep
# them.
for f in "$work/out/main_bg.wasm" "$work"/split/split_*.wasm "$work"/split/chunk_*.wasm; do
  [ -f "$f" ] || continue
  "$WASM_OPT" -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$f" -o "$work/out/$(basename "$f").opt" 2>/dev/null
  mv "$work/out/$(basename "$f").opt" "$work/out/$(basename "$f")"
done
cp style/portal.css "$work/out/portal.css"
# The texts, one file per language, written from the widget's own table.
cargo run -q -p portal-widget --bin widget-texts -- "$work/out"
# Minified glue, parts loader and styles: the same code in fewer bytes. Module syntax and
# `import.meta.url` stay as they are. The glue names the parts loader once per import in
# one object literal; the keys are the same module, so the repeats are harmless.
for f in "$work/out/main.js" "$work/out/__wasm_split.js" "$work/out/portal.css"; do
  "$ESBUILD" --minify --log-level=warning --log-override:duplicate-object-key=silent \
    "$f" --outfile="$f.min"
  mv "$f.min" "$f"
done

hash=$(cat "$work"/out/* app/loader/privacy-portal.js | sha256sum | cut -c1-10)
mv "$work/out" "$work/$hash"
sed -e "s#@GLUE@#$hash/main.js#" -e "s#@CSS@#$hash/portal.css#" -e "s#@TEXTS@#$hash/texts-#" \
  app/loader/privacy-portal.js \
  >"$work/loader.js"
"$ESBUILD" --minify --log-level=warning "$work/loader.js" --outfile="$work/privacy-portal.js"
rm "$work/loader.js"

echo "compressing: zopfli for .gz, brotli -q 11 for .br (seconds)"
for f in "$work/$hash"/* "$work/privacy-portal.js"; do
  zopfli --gzip "$f"
  brotli -q 11 -k -f "$f"
done

# --- publish ---------------------------------------------------------------------------
# The new hashed folder first, the loader that names it last, old ones after: a server
# serving app/dist meanwhile never hands out a loader whose files are missing.
mkdir -p "$DIST"
rm -rf "${DIST:?}/$hash"
cp -r "$work/$hash" "$DIST/.tmp-$hash"
mv "$DIST/.tmp-$hash" "$DIST/$hash"
for f in "$work"/privacy-portal.js*; do
  cp "$f" "$DIST/.tmp-$(basename "$f")"
  mv "$DIST/.tmp-$(basename "$f")" "$DIST/$(basename "$f")"
done
for f in "$DIST"/*; do
  case "$(basename "$f")" in "$hash" | privacy-portal.js*) ;; *) rm -rf "$f" ;; esac
done

# --- sizes -----------------------------------------------------------------------------
# A customer's first load: the loader, the glue, the parts' loader, the main wasm, the
# styles and one language file. The parts count when they are opened.
gz() { stat -c %s "$1.gz"; }
br() { stat -c %s "$1.br"; }
# One language's texts come with it: the budget counts the largest.
texts=$(for f in "$DIST/$hash"/texts-*.json; do echo "$(gz "$f") $f"; done | sort -n | tail -n1 | cut -d' ' -f2)
first=("$DIST/$hash/main_bg.wasm" "$DIST/$hash/main.js" "$DIST/$hash/__wasm_split.js" "$DIST/$hash/portal.css" "$DIST/privacy-portal.js" "$texts")
wasm_gz=$(gz "$DIST/$hash/main_bg.wasm")
js_gz=$(($(gz "$DIST/$hash/main.js") + $(gz "$DIST/$hash/__wasm_split.js") + $(gz "$DIST/privacy-portal.js")))
css_gz=$(gz "$DIST/$hash/portal.css")
texts_gz=$(gz "$texts")
total=$((wasm_gz + js_gz + css_gz + texts_gz))
total_br=0
for f in "${first[@]}"; do total_br=$((total_br + $(br "$f"))); done
printf 'widget built in %s/%s (gzip by zopfli; the budget counts gzip):\n' "$DIST" "$hash"
printf '  first load: wasm %d B, js %d B (glue, parts loader, loader), css %d B, texts %d B (%s)\n' "$wasm_gz" "$js_gz" "$css_gz" "$texts_gz" "$(basename "$texts")"
printf '  first load: %d B gzip (budget %d KB), %d B brotli\n' "$total" "$BUDGET_KB" "$total_br"
for f in "$DIST/$hash"/split_*.wasm; do
  printf '  part %-12s %7d B gzip\n' "$(basename "$f" .wasm | sed 's/^split_//')" "$(gz "$f")"
done
chunks=0
for f in "$DIST/$hash"/chunk_*.wasm; do [ -f "$f" ] && chunks=$((chunks + $(gz "$f"))); done
printf '  shared chunks %d B gzip in all\n' "$chunks"
if [ "$total" -gt $((BUDGET_KB * 1024)) ]; then
  echo "the first load is $(((total - BUDGET_KB * 1024 + 1023) / 1024)) KB over its ${BUDGET_KB} KB budget (gzip); BENCHMARKS.md records its size and what makes it up" >&2
  if [ "$ENFORCE_BUDGET" = 1 ]; then exit 1; fi
fi
