#!/usr/bin/env bash
# fuzz.sh (npm run fuzz): builds the libFuzzer harnesses of fuzz/ with clang, AddressSanitizer and
# UBSan, replays every saved regression input, then fuzzes each harness for FUZZ_SECONDS
# (default 60), FUZZ_JOBS harnesses at a time (default: one per core). A crash fails the run and
# leaves the input in $root/fuzz/artifacts/; copy it into fuzz/regressions/<harness>/ once fixed so
# that every later run replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${POSENC_SKIP_SETUP:-}" = 1 ] || POSENC_EXTRA_PACKAGES="clang" bash scripts/setup.sh
root="${BUILD_ROOT:-build}"
seconds="${FUZZ_SECONDS:-60}"
# The harnesses are built beside the sanitized tests (scripts/sanitize.sh: the same folder and
# configuration, so the core is compiled once for both); corpus, artifacts and logs go to $dir.
build="$root/sanitize"
dir="$root/fuzz"

cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release -DPOSENC_SANITIZE=ON -DPOSENC_FUZZ=ON >/dev/null
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target posenc_fuzzers >/dev/null
# FUZZ_BUILD_ONLY=1: only the build (test.sh compiles at a lower priority than it fuzzes).
if [ "${FUZZ_BUILD_ONLY:-}" = 1 ]; then exit 0; fi

mkdir -p "$dir/artifacts"
# One harness: its regression inputs replayed, then fuzzed; its report in $dir/logs/<harness>.log.
run_harness() {
  local exe=$1 name corpus
  name=$(basename "$exe")
  corpus="$dir/corpus/$name"
  mkdir -p "$corpus"
  if compgen -G "fuzz/regressions/$name/*" >/dev/null; then
    echo "fuzz: $name replays $(ls fuzz/regressions/$name | wc -l) regression inputs"
    "$exe" -runs=0 fuzz/regressions/$name/* 2>&1 | tail -n 1 || return 1
  fi
  echo "fuzz: $name for ${seconds}s"
  "$exe" "$corpus" -max_total_time="$seconds" -max_len=4096 -timeout=20 -rss_limit_mb=3072 \
    -artifact_prefix="$dir/artifacts/$name-" -print_final_stats=1 2>&1 |
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|SUMMARY|Test unit written" || true
}

# Each harness is single-threaded: FUZZ_JOBS of them (default: one per core) run side by side,
# each into its own log, printed in the harnesses' order once all have run.
jobs="${FUZZ_JOBS:-$(nproc)}"
mkdir -p "$dir/logs"
harnesses=()
for exe in "$build"/fuzz_*; do [ -x "$exe" ] && harnesses+=("$exe"); done
for exe in "${harnesses[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  name=$(basename "$exe")
  rm -f "$dir/logs/$name.failed"
  { run_harness "$exe" || echo "exit status $?" >"$dir/logs/$name.failed"; } >"$dir/logs/$name.log" 2>&1 &
done
wait
failed=0
for exe in "${harnesses[@]}"; do
  name=$(basename "$exe")
  cat "$dir/logs/$name.log"
  if [ -f "$dir/logs/$name.failed" ]; then
    echo "fuzz: $name failed ($(cat "$dir/logs/$name.failed"))" >&2
    failed=1
  fi
  if compgen -G "$dir/artifacts/$name-*" >/dev/null; then
    echo "fuzz: $name found a failing input: $(ls "$dir"/artifacts/$name-*)" >&2
    failed=1
  fi
done
[ "$failed" = 0 ] || exit 1
echo "fuzz: every harness ran ${seconds}s without a failure"
