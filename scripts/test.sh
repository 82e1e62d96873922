#!/usr/bin/env bash
# test.sh (npm test): set-up and build, then every test: Catch2 natively and as WebAssembly under
# Node, Catch2 under AddressSanitizer + UBSan, a short fuzz pass, then node:test (the JS API through
# the real WASM build, and the page in headless Chromium through Playwright). Exits non-zero if any
# phase failed.
#
# The phases run in two lanes side by side, so that both cores stay busy:
#   lane 1: build (native + WASM + site) → node:test of the page (tests/browser, headless Chromium,
#           two files at a time), with node:test of the JS API (tests/js) beside it
#   lane 2: sanitized build and run → fuzz build and pass → (once the build is done) Catch2 native
#           and Catch2 WebAssembly
# Lane 2's compiling runs at a lower priority (nice), so lane 1, the longer one, is not slowed by
# it and lane 2 uses what lane 1 leaves idle. Each phase writes its output to its own log
# ($BUILD_ROOT/test-logs/<phase>.log); the logs are printed whole, in the order of PHASES below,
# each as soon as it and those before it are done, with the phase's wall and CPU seconds. A summary
# table ends the output.
# Leaves out: which tests run (each phase's own script or runner decides).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${POSENC_SKIP_SETUP:-}" = 1 ] || POSENC_EXTRA_PACKAGES="clang" bash scripts/setup.sh
export POSENC_SKIP_SETUP=1
root="${BUILD_ROOT:-build}"
logs="$root/test-logs"
rm -rf "$logs"
mkdir -p "$logs"

PHASES=(build catch2-native catch2-wasm sanitize fuzz node-js node-browser)
declare -A TITLE=(
  [build]="build: native core and tests, WebAssembly core and tests, static site"
  [catch2-native]="Catch2, native"
  [catch2-wasm]="Catch2, WebAssembly under Node"
  [sanitize]="Catch2, native under AddressSanitizer + UBSan (clang)"
  [fuzz]="a short fuzz pass (libFuzzer, clang)"
  [node-js]="node:test: the JS API (tests/js)"
  [node-browser]="node:test: the page in headless Chromium (tests/browser)"
)

# phase NAME COMMAND…: runs COMMAND with its output and its timing in $logs/NAME.log and its exit
# status in $logs/NAME.rc (written last: the phase is done when it exists).
phase() {
  local name=$1 rc=0
  shift
  local TIMEFORMAT='   (phase took %R s wall, %U s user + %S s system)'
  { time "$@"; } >"$logs/$name.log" 2>&1 || rc=$?
  echo "$rc" >"$logs/$name.rc"
  return "$rc"
}
skip() { echo "   (not run: $2)" >"$logs/$1.log"; echo skipped >"$logs/$1.rc"; }

lane1() {
  if phase build bash scripts/build.sh; then
    # Two browser files at a time: a page test spends much of its time waiting on the page (frames,
    # workers, the server), so a second Chromium fills the gaps; each file has its own browser,
    # server and storage, so they do not share state.
    # The JS API's tests (tests/js, Node only) run beside them.
    { phase node-js node --test tests/js || true; } &
    phase node-browser node --test --test-concurrency=2 tests/browser || true
    wait
  else
    skip node-browser "the build failed"
    skip node-js "the build failed"
  fi
}

lane2() {
  phase sanitize nice -n 10 bash scripts/sanitize.sh || true
  # The fuzz build is niced; the pass itself is not (its harnesses run for a fixed time).
  phase fuzz bash -c 'FUZZ_BUILD_ONLY=1 nice -n 10 bash scripts/fuzz.sh && FUZZ_SECONDS="${FUZZ_SECONDS:-5}" bash scripts/fuzz.sh' || true
  until [ -f "$logs/build.rc" ]; do sleep 1; done
  if [ "$(cat "$logs/build.rc")" = 0 ]; then
    phase catch2-native "$root/native/posenc_tests" --use-colour no || true
    phase catch2-wasm node --no-experimental-fetch "$root/wasm/posenc_tests.js" --use-colour no || true
  else
    for name in catch2-native catch2-wasm; do skip "$name" "the build failed"; done
  fi
}

echo "posenc test: ${#PHASES[@]} phases in two lanes; each phase's log is in $logs/ and printed below when done"
lane1 &
lane1_pid=$!
lane2 &
lane2_pid=$!

for name in "${PHASES[@]}"; do
  until [ -f "$logs/$name.rc" ]; do sleep 1; done
  echo "== ${TITLE[$name]}"
  cat "$logs/$name.log"
done
wait "$lane1_pid" "$lane2_pid" || true

echo
echo "== summary"
failed=()
for name in "${PHASES[@]}"; do
  rc=$(cat "$logs/$name.rc")
  case "$rc" in
    0) status=passed ;;
    skipped) status="not run" ; failed+=("$name") ;;
    *) status="FAILED (exit $rc)" ; failed+=("$name") ;;
  esac
  took=$(grep -o 'phase took .*)' "$logs/$name.log" | tail -n 1 | sed 's/^phase took //; s/)$//' || true)
  printf '  %-14s %-17s %s\n' "$name" "$status" "$took"
  # The runners' own summaries: Catch2's totals, node:test's counts, the fuzz pass's verdict.
  grep -E '^(All tests passed|test cases:|assertions:)|^# (tests|pass|fail|cancelled) |^fuzz: every harness|found a failing input' "$logs/$name.log" | sed 's/^/      /' || true
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "posenc test: failed: ${failed[*]} (logs in $logs/), after ${SECONDS} s" >&2
  exit 1
fi
echo "posenc test: every phase passed, in ${SECONDS} s"
