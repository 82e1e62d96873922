#!/usr/bin/env bash
# fuzz.sh (npm run fuzz): builds the libFuzzer harnesses of fuzz/ with clang, AddressSanitizer and
# UBSan, replays every saved regression input, then fuzzes each harness for FUZZ_SECONDS
# (default 60). A crash stops the run and leaves the input in $root/fuzz/artifacts/; copy it into
# fuzz/regressions/<harness>/ once fixed so that every later run replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${POSENC_SKIP_SETUP:-}" = 1 ] || POSENC_EXTRA_PACKAGES="clang" bash scripts/setup.sh
root="${BUILD_ROOT:-build}"
seconds="${FUZZ_SECONDS:-60}"
dir="$root/fuzz"

cmake -S . -B "$dir" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release -DPOSENC_FUZZ=ON >/dev/null
cmake --build "$dir" -j "${JOBS:-$(nproc)}" >/dev/null

mkdir -p "$dir/artifacts"
for exe in "$dir"/fuzz_*; do
  [ -x "$exe" ] || continue
  name=$(basename "$exe")
  corpus="$dir/corpus/$name"
  mkdir -p "$corpus"
  if compgen -G "fuzz/regressions/$name/*" >/dev/null; then
    echo "fuzz: $name replays $(ls fuzz/regressions/$name | wc -l) regression inputs"
    "$exe" -runs=0 fuzz/regressions/$name/* 2>&1 | tail -n 1
  fi
  echo "fuzz: $name for ${seconds}s"
  "$exe" "$corpus" -max_total_time="$seconds" -max_len=4096 -timeout=20 -rss_limit_mb=3072 \
    -artifact_prefix="$dir/artifacts/$name-" -print_final_stats=1 2>&1 |
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|SUMMARY|Test unit written" || true
  if compgen -G "$dir/artifacts/$name-*" >/dev/null; then
    echo "fuzz: $name found a failing input: $(ls "$dir"/artifacts/$name-*)" >&2
    exit 1
  fi
done
echo "fuzz: every harness ran ${seconds}s without a failure"
