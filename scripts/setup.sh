#!/usr/bin/env bash
# setup.sh: installs what posenc needs and this machine lacks, then returns. Idempotent and quick
# when everything is there. Debian packages go through apt-get (as root, or with sudo when it needs
# no password); otherwise the exact command is printed and setup stops. npm packages come from the
# committed package-lock.json (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_cmd g++ || missing+=(g++)
have_cmd cmake || missing+=(cmake)
have_cmd make || missing+=(make)
have_cmd emcc || missing+=(emscripten)
[ -f /usr/include/eigen3/Eigen/Core ] || missing+=(libeigen3-dev)
[ -f /usr/include/catch2/catch.hpp ] || missing+=(catch2)
have_cmd chromium || missing+=(chromium)
# clang with its sanitizer and libFuzzer runtimes: the sanitized test run and the fuzz pass.
# The runtime's headers are found where this clang says its resources are, whatever its version;
# the Debian package is named after clang's major version (libclang-rt-14-dev for clang 14).
if have_cmd clang++; then
  resources=$(clang++ -print-resource-dir 2>/dev/null || true)
  major=$(clang++ -dumpversion 2>/dev/null | cut -d. -f1)
  [ -n "$resources" ] && [ -f "$resources/include/fuzzer/FuzzedDataProvider.h" ] || missing+=("libclang-rt-${major:-14}-dev")
else
  missing+=(clang)
fi
for extra in ${POSENC_EXTRA_PACKAGES:-}; do have_cmd "$extra" || missing+=("$extra"); done

if [ ${#missing[@]} -gt 0 ]; then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
  echo "posenc setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    bash -c "$cmd"
  elif have_cmd sudo && sudo -n true 2>/dev/null; then
    sudo bash -c "$cmd"
  else
    echo "posenc setup: these Debian packages are missing; install them with:" >&2
    echo "  sudo bash -c '$cmd'" >&2
    exit 1
  fi
fi

# npm packages, reinstalled only when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "posenc setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
