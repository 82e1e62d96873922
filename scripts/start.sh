#!/usr/bin/env bash
# start.sh (npm start): set-up, build, then serve the site on http://localhost:8080/
# (PORT and HOST override).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec node scripts/serve.mjs
