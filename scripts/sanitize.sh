#!/usr/bin/env bash
# sanitize.sh: the Catch2 suite built with clang under AddressSanitizer + UBSan (build folder
# $BUILD_ROOT/sanitize, target posenc_tests) and run. Any Catch2 arguments are passed on
# ("[attention]" to run one tag). Leaves out: fuzzing (scripts/fuzz.sh), whose harnesses are built
# in the same folder, configured the same way, so that the sanitized core is compiled once.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${POSENC_SKIP_SETUP:-}" = 1 ] || POSENC_EXTRA_PACKAGES="clang" bash scripts/setup.sh
dir="${BUILD_ROOT:-build}/sanitize"
cmake -S . -B "$dir" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release -DPOSENC_SANITIZE=ON -DPOSENC_FUZZ=ON >/dev/null
cmake --build "$dir" -j "${JOBS:-$(nproc)}" --target posenc_tests >/dev/null
"$dir/posenc_tests" --use-colour no "$@"
