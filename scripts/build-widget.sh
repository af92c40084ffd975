#!/usr/bin/env bash
# Builds the browser widget into app/dist/:
#   privacy-portal.js        the loader a host page includes (serve it with no-cache)
#   portal-<hash>.js         wasm-bindgen glue
#   portal-<hash>_bg.wasm    the widget, optimised with wasm-opt
#   portal-<hash>.css        the widget's styles
# each also as .gz (zopfli) and .br (brotli -q 11). <hash> follows the content, so
# everything but the loader can be cached for ever. Installs the tools it lacks.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

DIST=app/dist
TARGET_DIR=target/wasm
WASM="$TARGET_DIR/wasm32-unknown-unknown/widget/portal_widget.wasm"
BUDGET_KB="${WIDGET_BUDGET_KB:-150}"
# Set to 1 to fail the build when the gzipped payload is over budget.
ENFORCE_BUDGET="${WIDGET_BUDGET_ENFORCE:-0}"

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
if [ ! -x "$WASM_OPT" ]; then
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  echo "installing the node packages: wasm-opt and the browser test runner (under a minute)"
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
cargo build -p portal-widget --target wasm32-unknown-unknown --profile widget \
  --target-dir "$TARGET_DIR" \
  --config "target.wasm32-unknown-unknown.rustflags = [\"--cfg\", \"erase_components\", \"--remap-path-prefix=$PWD=.\", \"--remap-path-prefix=$cargo_home/registry/src=registry\"]"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

hash=$(cat "$WASM" style/portal.css app/loader/privacy-portal.js | sha256sum | cut -c1-10)
name="portal-$hash"

wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name "$name" "$WASM"
# The features rustc's wasm32 target emits by default; wasm-opt must be allowed to keep
# them.
"$WASM_OPT" -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$work/${name}_bg.wasm" -o "$work/${name}_bg.opt.wasm"
mv "$work/${name}_bg.opt.wasm" "$work/${name}_bg.wasm"
cp style/portal.css "$work/$name.css"
sed -e "s/@GLUE@/$name.js/" -e "s/@CSS@/$name.css/" app/loader/privacy-portal.js \
  >"$work/privacy-portal.js"

echo "compressing: zopfli for .gz, brotli -q 11 for .br (seconds)"
for f in "$work"/*; do
  zopfli --gzip "$f"
  brotli -q 11 -k -f "$f"
done

# --- publish ---------------------------------------------------------------------------
# New hashed files first, the loader that names them last, old ones after: a server
# serving app/dist meanwhile never hands out a loader whose files are missing.
mkdir -p "$DIST"
for f in "$work"/portal-*; do cp "$f" "$DIST/"; done
for f in "$work"/privacy-portal.js*; do
  cp "$f" "$DIST/.tmp-$(basename "$f")"
  mv "$DIST/.tmp-$(basename "$f")" "$DIST/$(basename "$f")"
done
for f in "$DIST"/portal-*; do
  case "$(basename "$f")" in "$name".* | "${name}_bg".*) ;; *) rm -f "$f" ;; esac
done

# --- sizes -----------------------------------------------------------------------------
size() { stat -c %s "$DIST/$1.$2"; }
wasm_gz=$(size "${name}_bg.wasm" gz)
js_gz=$(($(size "$name.js" gz) + $(size privacy-portal.js gz)))
css_gz=$(size "$name.css" gz)
total=$((wasm_gz + js_gz + css_gz))
total_br=$(($(size "${name}_bg.wasm" br) + $(size "$name.js" br) + $(size privacy-portal.js br) + $(size "$name.css" br)))
printf 'widget built in %s (gzip by zopfli; the budget counts gzip):\n' "$DIST"
printf '  wasm  %7d B\n  js    %7d B  (glue + loader)\n  css   %7d B\n  total %7d B  (budget %d KB); brotli: %d B\n' \
  "$wasm_gz" "$js_gz" "$css_gz" "$total" "$BUDGET_KB" "$total_br"
if [ "$total" -gt $((BUDGET_KB * 1024)) ]; then
  echo "warning: the widget is $(((total - BUDGET_KB * 1024 + 1023) / 1024)) KB over its ${BUDGET_KB} KB budget; BENCHMARKS.md records its size and what makes it up" >&2
  if [ "$ENFORCE_BUDGET" = 1 ]; then exit 1; fi
fi
