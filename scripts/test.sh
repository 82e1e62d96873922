#!/usr/bin/env bash
# test.sh (npm test): set-up and build, then every test: Catch2 natively and as WebAssembly under
# Node, then node:test (the JS API through the real WASM build, and the page in headless Chromium
# through Playwright). Ends with the runners' summaries; exits non-zero if any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each phase prints its wall and CPU seconds, so a slow phase shows where the time goes.
TIMEFORMAT='   (phase took %R s wall, %U s user + %S s system)'
time bash scripts/build.sh
root="${BUILD_ROOT:-build}"

echo "== Catch2, native"
time "$root/native/posenc_tests" --use-colour no
echo "== Catch2, WebAssembly under Node"
time node --no-experimental-fetch "$root/wasm/posenc_tests.js" --use-colour no
echo "== Catch2, native under AddressSanitizer + UBSan (clang)"
time POSENC_SKIP_SETUP=1 bash scripts/sanitize.sh
echo "== a short fuzz pass (libFuzzer, clang)"
time FUZZ_SECONDS="${FUZZ_SECONDS:-5}" POSENC_SKIP_SETUP=1 bash scripts/fuzz.sh
echo "== node:test: JS API and browser"
time node --test tests/js tests/browser
