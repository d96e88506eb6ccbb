#!/usr/bin/env bash
# Rewrites the expectations of golden CLI cases from the current binary, for review in the diff.
# Usage: tools/approve-cli.sh [build-dir] [case-name...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/dev}
shift || true
exe=$build/app/dceff
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  mapfile -t cases < <(ls "$root/tests/cli")
fi
for c in "${cases[@]}"; do
  cmake -DEXE="$exe" -DCASE="$root/tests/cli/$c" -DROOT="$root" -DAPPROVE=ON \
    -P "$root/cmake/RunCliCase.cmake"
done
