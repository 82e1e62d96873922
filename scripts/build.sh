#!/usr/bin/env bash
# build.sh: set-up, then the core built twice (native g++ for tests and benchmarks, Emscripten for
# the browser), then the static site assembled in dist/. Outputs go to git-ignored folders:
# $BUILD_ROOT/native, $BUILD_ROOT/wasm (BUILD_ROOT defaults to build), web/wasm and dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${POSENC_SKIP_SETUP:-}" = 1 ] || bash scripts/setup.sh

root="${BUILD_ROOT:-build}"
jobs="${JOBS:-$(nproc)}"
# Debian's emcc runs its JS tools with the machine's Node and needs Debian's node modules (acorn).
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

echo "posenc build: native core and tests ($root/native)"
cmake -S . -B "$root/native" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/native" -j "$jobs"

echo "posenc build: WebAssembly core and tests ($root/wasm)"
emcmake cmake -S . -B "$root/wasm" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/wasm" -j "$jobs"

echo "posenc build: static site (dist/)"
node scripts/bundle.mjs
