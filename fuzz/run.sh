#!/usr/bin/env bash
# Runs the libFuzzer targets of build/fuzz (cmake --preset fuzz && cmake --build --preset fuzz).
#   fuzz/run.sh smoke          each target over its seed corpus, then 5 s of fuzzing (~1 min)
#   fuzz/run.sh long SECONDS [TARGET...]
#                              each target (default: all) SECONDS long, FUZZ_JOBS (default 2) at
#                              a time, niced; corpora grow in build/fuzz/corpus, statistics go to
#                              build/fuzz/logs
# A crash, leak, timeout or sanitizer report fails the run; its reproducer is left in
# build/fuzz/artifacts (copy it to fuzz/findings/ and add a regression test).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build/fuzz
mode=${1:-smoke}
seconds=${2:-600}
targets=(telemetry site expression policy partial weather model scenario)
if [[ $# -gt 2 ]]; then
  targets=("${@:3}")
fi

# Seed corpora: the committed seeds, the findings, the samples and the test inputs (cut to
# 64 KiB).
seed() {
  local target=$1
  shift
  local dir=$build/corpus/$target
  mkdir -p "$dir"
  local f
  for f in "$@"; do
    [[ -f $f ]] || continue
    local name
    name=$(echo "$f" | sed "s|$root/||; s|/|_|g")
    if [[ $target == telemetry ]]; then
      # The first byte is the control byte: auto format, one thread; and two threads, tiny chunks.
      { printf '\x00'; head -c 65536 "$f"; } >"$dir/$name.a"
      { printf '\x18'; head -c 65536 "$f"; } >"$dir/$name.b"
    else
      head -c 65536 "$f" >"$dir/$name"
    fi
  done
}
shopt -s nullglob
seed telemetry "$root"/samples/telemetry* "$root"/tests/corpus/*/input.* "$root"/tests/cli/*/*.csv \
  "$root"/tests/cli/*/*.json "$root"/tests/cli/*/*.ndjson
# Telemetry findings keep their control byte: copied as they are.
mkdir -p "$build/corpus/telemetry"
for f in "$root"/fuzz/findings/telemetry_*; do
  cp "$f" "$build/corpus/telemetry/findings_$(basename "$f")"
done
seed site "$root"/samples/site.json "$root"/tests/corpus/*/site.json "$root"/tests/vectors/*.json
seed expression "$root"/fuzz/seeds/expression/*
seed policy "$root"/tests/cli/check_*/*.json "$root"/fuzz/findings/policy_*.json
seed partial "$root"/fuzz/seeds/partial/* "$root"/fuzz/findings/partial_*.json
seed weather "$root"/fuzz/seeds/weather/* "$root"/samples/weather/*.epw
seed model "$root"/samples/model.json "$root"/fuzz/findings/model_*.json
seed scenario "$root"/samples/scenarios.json
mkdir -p "$build/artifacts" "$build/logs"

run_target() {
  local target=$1 time=$2
  shift 2
  local exe=$build/fuzz/fuzz_$target
  # -rss_limit_mb bounds memory (a finding otherwise); -timeout flags a hang: 120 s of wall time,
  # as a niced target on a busy machine gets little CPU (the slowest telemetry input found takes
  # 0.8 s alone, yet reached 10 s and 30 s limits while two compilers ran beside it).
  local status=0
  nice -n 19 "$exe" "$build/corpus/$target" -max_total_time="$time" -max_len=65536 -timeout=120 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" "$@" \
    >"$build/logs/$target.log" 2>&1 || status=$?
  local execs
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/logs/$target.log" | grep -o '[0-9]*$' || echo 0)
  echo "$target: ${execs:-0} executions in ${time}s, exit $status"
  return $status
}

failed=0
if [[ $mode == smoke ]]; then
  for target in "${targets[@]}"; do
    # A fixed seed: CI replays the same mutations on the same corpus.
    run_target "$target" 5 -seed=1 || { failed=1; tail -30 "$build/logs/$target.log"; }
  done
else
  # FUZZ_JOBS at a time (default two: the machine has two cores).
  per_round=${FUZZ_JOBS:-2}
  if ! [[ $per_round =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz/run.sh: FUZZ_JOBS='$per_round' (expected a whole number of at least 1)" >&2
    exit 2
  fi
  for ((i = 0; i < ${#targets[@]}; i += per_round)); do
    pids=()
    for target in "${targets[@]:i:per_round}"; do
      run_target "$target" "$seconds" &
      pids+=($!)
    done
    for pid in "${pids[@]}"; do
      wait "$pid" || failed=1
    done
  done
fi
exit $failed
