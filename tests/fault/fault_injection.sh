#!/usr/bin/env bash
# fault.injection (issue 6 item 3): dceff under failing outputs, broken or hostile inputs and
# resource limits. Every case must end with a clear error (exit 2, one "dceff: error:" line) or
# a correct result, never a crash (exit >= 3 or a signal), a hang or a partial output file.
# Usage: fault_injection.sh <dceff> <repo root> <scratch dir>
set -uo pipefail

exe=$(realpath "$1")
root=$(realpath "$2")
work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
site=$root/samples/site.json
data=$root/samples/telemetry-long.csv
failures=0
# The peak-RSS bounds below are dceff's own memory: under AddressSanitizer, a small quarantine
# keeps freed blocks from counting (the default 256 MiB would double a run's peak). No effect on
# other builds.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect <name> <exit code> <stderr substring or ''> -- command...: runs with a 60 s limit.
expect() {
  local name=$1 want=$2 text=$3
  shift 4
  timeout 60 "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [[ $got != "$want" ]]; then
    fail "$name: exit $got, want $want; stderr: $(head -c 400 "$work/err")"
  elif [[ -n $text ]] && ! grep -qF -- "$text" "$work/err"; then
    fail "$name: stderr lacks '$text': $(head -c 400 "$work/err")"
  elif [[ $want == 2 ]] && [[ $(grep -c '' "$work/err") != 1 || $(head -c 14 "$work/err") != "dceff: error: " ]]; then
    fail "$name: want one 'dceff: error:' line, got: $(head -c 400 "$work/err")"
  else
    echo "ok: $name"
  fi
}

# --- outputs that cannot be written: a clear error and no file left behind
expect "full disk (-o /dev/full)" 2 "/dev/full: cannot write: No space left on device" -- \
  "$exe" report --site "$site" "$data" -o /dev/full
expect "full disk (stdout is /dev/full)" 2 "<stdout>: cannot write" -- \
  bash -c '"$0" report --site "$1" "$2" >/dev/full' "$exe" "$site" "$data"
mkdir -p "$work/limited"
# RLIMIT_FSIZE of 1 KiB (dceff ignores SIGXFSZ itself): the write fails (EFBIG) after a block,
# as on a disk that fills during the write.
expect "disk fills mid-write" 2 "limited/report.json: cannot write: File too large" -- \
  bash -c 'ulimit -f 1; exec "$0" report --site "$1" "$2" --format json -o "$3"' \
  "$exe" "$site" "$data" "$work/limited/report.json"
if [[ -n $(ls -A "$work/limited") ]]; then
  fail "disk fills mid-write: left $(ls -A "$work/limited")"
fi
if [[ $(id -u) != 0 ]]; then
  mkdir -p "$work/readonly" && chmod 555 "$work/readonly"
  expect "unwritable directory" 2 "readonly/report.txt: cannot write: Permission denied" -- \
    "$exe" report --site "$site" "$data" -o "$work/readonly/report.txt"
  [[ -z $(ls -A "$work/readonly") ]] || fail "unwritable directory: left $(ls -A "$work/readonly")"
  chmod 755 "$work/readonly"
else
  # root writes anywhere: a parent that is a regular file stands in for an unwritable folder.
  touch "$work/plainfile"
  expect "unwritable directory (parent is a file)" 2 "plainfile/report.txt: cannot write: Not a directory" -- \
    "$exe" report --site "$site" "$data" -o "$work/plainfile/report.txt"
fi
# An existing report survives a failed rewrite (atomic replace).
echo "previous report" >"$work/limited/keep.txt"
expect "failed rewrite keeps the old file" 2 "cannot write: File too large" -- \
  bash -c 'ulimit -f 1; exec "$0" report --site "$1" "$2" --format json -o "$3"' \
  "$exe" "$site" "$data" "$work/limited/keep.txt"
[[ $(cat "$work/limited/keep.txt") == "previous report" ]] || fail "failed rewrite replaced the old file"
[[ $(ls -A "$work/limited") == keep.txt ]] || fail "failed rewrite left $(ls -A "$work/limited")"

# --- SIGPIPE: `report | head -1` ends quietly; the exit status is the shell's 141 (killed by
# SIGPIPE, like cat or grep) or 0 when the report fitted the pipe before head closed it. With
# SIGPIPE ignored by the parent (Python, some CI runners) dceff restores the default.
for ignore in no yes; do
  status=$(bash -c '[[ $3 == yes ]] && trap "" PIPE
    "$0" report --site "$1" "$2" --period hour --format json 2>"$4" | head -c 10 >/dev/null
    echo "${PIPESTATUS[0]}"' "$exe" "$site" "$data" "$ignore" "$work/pipe_err")
  if [[ $status != 141 && $status != 0 ]] || [[ -s $work/pipe_err ]]; then
    fail "SIGPIPE (ignored by parent: $ignore): exit $status, stderr: $(head -c 300 "$work/pipe_err")"
  else
    echo "ok: SIGPIPE quiet (ignored by parent: $ignore, exit $status)"
  fi
done

# --- an export that must not stay stale: a refused EU EED profile removes an earlier export at
# the path, so no file that looks ready to file is left for a period the regulation refuses.
echo "field,value" >"$work/eed.csv"
expect "a refused EED export removes the earlier one" 1 "the earlier '$work/eed.csv' was removed" -- \
  "$exe" check --site "$root/samples/year/site.json" "$root/samples/year/telemetry.csv.gz" \
  --from 2025-01-01 --to 2025-10-01 --profile eu-eed-2024-1364 --export-csv "$work/eed.csv"
[[ ! -e $work/eed.csv ]] || fail "a refused EED export: the earlier $work/eed.csv is still there"

# --- inputs that are truncated, vanish or are corrupt
head -c 5000 "$data" >"$work/cut.csv"  # ends inside a line: "...,grid.main.kwh,97158" or so
cut_tail=$(tail -c 40 "$work/cut.csv")
# A CSV cut inside a line cannot be told from a final line without a newline when the cut lands
# inside a number; inside a timestamp or an id it is an error. Either way nothing crashes.
timeout 60 "$exe" validate --site "$site" "$work/cut.csv" >/dev/null 2>"$work/err"
code=$?
[[ $code == 0 || $code == 1 || $code == 2 ]] || fail "truncated csv ($cut_tail): exit $code"
[[ $code == 0 || $code == 1 || $code == 2 ]] && echo "ok: truncated csv (exit $code)"
head -c 3000 "$root/samples/telemetry.json" >"$work/cut.json"
expect "truncated JSON array" 2 "cut.json:" -- "$exe" report --site "$site" "$work/cut.json"
expect "vanished input" 2 "gone.csv: cannot open: No such file or directory" -- \
  "$exe" report --site "$site" "$work/gone.csv"
expect "a directory as input" 2 "read error: Is a directory" -- "$exe" report --site "$site" "$work"
# A writer that stops half-way through a FIFO: the reader sees end of input and reports what it
# read, the same as for the truncated file.
mkfifo "$work/fifo.csv"
(timeout 60 head -c 200000 "$data" >"$work/fifo.csv") &
timeout 60 "$exe" validate --site "$site" "$work/fifo.csv" >/dev/null 2>"$work/err"
code=$?
wait
[[ $code == 0 || $code == 1 || $code == 2 ]] || fail "fifo cut half-way: exit $code"
[[ $code == 0 || $code == 1 || $code == 2 ]] && echo "ok: fifo cut half-way (exit $code)"
gzip -c "$data" >"$work/data.csv.gz"
size=$(stat -c %s "$work/data.csv.gz")
head -c $((size / 2)) "$work/data.csv.gz" >"$work/half.csv.gz"
expect "gzip cut half-way" 2 "truncated gzip data" -- "$exe" report --site "$site" "$work/half.csv.gz"
cp "$work/data.csv.gz" "$work/flipped.csv.gz"
printf '\xff\xff\xff\xff\xff\xff\xff\xff' | dd of="$work/flipped.csv.gz" bs=1 seek=$((size / 2)) conv=notrunc status=none
expect "gzip with flipped bytes" 2 "flipped.csv.gz" -- "$exe" report --site "$site" "$work/flipped.csv.gz"
head -c $((size - 4)) "$work/data.csv.gz" >"$work/nolength.csv.gz"  # the trailer's length is gone
expect "gzip without its trailer" 2 "nolength.csv.gz" -- "$exe" report --site "$site" "$work/nolength.csv.gz"

# --- huge lines and many meters: bounded memory, a clear limit
python3 - "$work" <<'EOF'
import sys
work = sys.argv[1]
with open(f"{work}/longline.csv", "w") as f:
    f.write("timestamp,meter,value\n2025-10-25T00:00:00Z,ups.out.a," + "9" * (10 << 20) + "\n")
with open(f"{work}/longid.csv", "w") as f:
    f.write("timestamp,meter,value\n2025-10-25T00:00:00Z," + "m" * (10 << 20) + ",1\n")
with open(f"{work}/toolong.csv", "w") as f:
    f.write("timestamp,meter,value\n2025-10-25T00:00:00Z,ups.out.a," + "1" * (65 << 20) + "\n")
with open(f"{work}/million.csv", "w") as f:
    f.write("timestamp,meter,value\n")
    f.writelines(f"2025-10-25T00:00:00Z,meter.{i},1\n" for i in range(1_000_000))
EOF
expect "a 10 MB value" 2 "longline.csv:2: value '999999999999" -- \
  "$exe" report --site "$site" "$work/longline.csv"
[[ $(wc -c <"$work/err") -lt 1000 ]] || fail "a 10 MB value: the message is $(wc -c <"$work/err") bytes"
# A 10 MB meter id is unmapped: reported (shortened), never a crash.
timeout 60 "$exe" validate --site "$site" "$work/longid.csv" >"$work/out" 2>"$work/err"
code=$?
if [[ $code != 2 ]] || [[ $(wc -c <"$work/err") -ge 1000 ]]; then
  fail "a 10 MB meter id: exit $code, $(wc -c <"$work/err") bytes of messages"
else
  echo "ok: a 10 MB meter id (exit $code)"
fi
expect "a 65 MiB line" 2 "toolong.csv:2: record longer than 64 MiB" -- \
  "$exe" report --site "$site" "$work/toolong.csv"
# A million distinct ids: the run stops at the limit of unmapped ids with bounded memory.
expect "a million meter ids" 2 "million.csv:10002: more than 10000 distinct meter ids" -- \
  /usr/bin/time -f "%M" -o "$work/rss" "$exe" report --site "$site" "$work/million.csv"
rss_kb=$(tail -1 "$work/rss")
echo "   peak RSS $((rss_kb / 1024)) MiB"
((rss_kb < 300 * 1024)) || fail "a million meter ids: peak RSS $rss_kb KiB (want < 300 MiB)"
# ... and at the limit of channels when a glob maps them all.
cat >"$work/glob_site.json" <<'EOF'
{"dceff_site": 1, "site": "Many", "timezone": "UTC",
 "meters": {"meter.*": {"kind": "power", "unit": "kW", "role": "it", "category": 2}}}
EOF
expect "a million mapped meters" 2 "more than 10000 meters match the site file's declarations" -- \
  /usr/bin/time -f "%M" -o "$work/rss" "$exe" report --site "$work/glob_site.json" "$work/million.csv"
rss_kb=$(tail -1 "$work/rss")
echo "   peak RSS $((rss_kb / 1024)) MiB"
((rss_kb < 300 * 1024)) || fail "a million mapped meters: peak RSS $rss_kb KiB (want < 300 MiB)"
rm -f "$work"/longline.csv "$work"/longid.csv "$work"/toolong.csv "$work"/million.csv
# An hourly JSON report over ten years (87,600 buckets) from a 200-byte file: the buckets are
# written one at a time (one JSON tree of them took 708 MB; fuzz/findings/telemetry_*).
cat >"$work/decade_site.json" <<'EOF'
{"dceff_site": 1, "site": "Decade", "timezone": "UTC",
 "meters": {"grid": {"kind": "power", "unit": "kW", "role": "facility_input"},
            "it": {"kind": "power", "unit": "kW", "role": "it", "category": 1}}}
EOF
printf '%s\n' timestamp,grid,it 2025-01-01T00:00:00Z,500,400 2025-01-01T00:15:00Z,500,400 \
  2035-01-01T00:00:00Z,500,400 2035-01-01T00:15:00Z,500,400 >"$work/decade.csv"
expect "an hourly JSON report over ten years" 0 "" -- \
  /usr/bin/time -f "%M" -o "$work/rss" "$exe" report --site "$work/decade_site.json" \
  "$work/decade.csv" --period hour --format json -o "$work/decade.json"
rss_kb=$(tail -1 "$work/rss")
echo "   peak RSS $((rss_kb / 1024)) MiB, $(($(wc -c <"$work/decade.json") >> 20)) MiB of JSON"
((rss_kb < 300 * 1024)) || fail "an hourly JSON report over ten years: peak RSS $rss_kb KiB (want < 300 MiB)"
rm -f "$work/decade_site.json" "$work/decade.csv" "$work/decade.json"

# --- JSON nested 10,000 deep, in every JSON input
python3 -c 'print("[" * 10000 + "]" * 10000)' >"$work/deep_array.json"
python3 -c 'print("{\"a\":" * 10000 + "1" + "}" * 10000)' >"$work/deep_object.json"
for deep in deep_array deep_object; do
  expect "$deep as site file" 2 "$deep.json" -- "$exe" validate --site "$work/$deep.json" "$data"
  expect "$deep as telemetry" 2 "$deep.json" -- "$exe" report --site "$site" "$work/$deep.json"
  expect "$deep as partial state" 2 "$deep.json" -- "$exe" merge "$work/$deep.json"
  expect "$deep as policy" 2 "$deep.json" -- "$exe" check --site "$site" "$data" --policy "$work/$deep.json"
done

# --- numbers: 1e400, NaN, -0; timestamps in 9999 and before 1970
row() { printf 'timestamp,meter,value\n2025-10-25T00:00:00Z,ups.out.a,%s\n2025-10-25T00:05:00Z,ups.out.a,1\n' "$1"; }
row 1e400 >"$work/big.csv"
row NaN >"$work/nan.csv"
row -0 >"$work/negzero.csv"
expect "value 1e400" 2 "big.csv:2: value '1e400' for meter 'ups.out.a' is out of range" -- \
  "$exe" validate --site "$site" "$work/big.csv"
expect "value NaN" 2 "nan.csv:2: invalid value 'NaN'" -- "$exe" validate --site "$site" "$work/nan.csv"
expect "value -0 (read as 0)" 0 "" -- "$exe" validate --site "$site" "$work/negzero.csv"
sed 's/"max_gap_s": 900/"max_gap_s": 1e400/' "$site" >"$work/site_big.json"
expect "site number 1e400" 2 "site_big.json: invalid JSON: number overflow parsing '1e400'" -- \
  "$exe" validate --site "$work/site_big.json" "$data"
sed 's/"max_gap_s": 900/"max_gap_s": NaN/' "$site" >"$work/site_nan.json"
expect "site number NaN" 2 "site_nan.json: invalid JSON" -- "$exe" validate --site "$work/site_nan.json" "$data"
sed 's/"max_gap_s": 900/"max_gap_s": -0/' "$site" >"$work/site_negzero.json"
expect "site number -0" 2 "site_negzero.json: /max_gap_s: out of range" -- \
  "$exe" validate --site "$work/site_negzero.json" "$data"
printf 'timestamp,meter,value\n9999-12-31T23:59:59Z,ups.out.a,1\n' >"$work/y9999.csv"
expect "year 9999" 2 "y9999.csv:2: timestamp '9999-12-31T23:59:59Z' is in the year 2200 or later" -- \
  "$exe" report --site "$site" "$work/y9999.csv"
printf 'timestamp,meter,value\n1969-07-20T20:17:40Z,ups.out.a,1\n' >"$work/y1969.csv"
expect "before 1970" 2 "y1969.csv:2: timestamp '1969-07-20T20:17:40Z' is before 1970" -- \
  "$exe" report --site "$site" "$work/y1969.csv"
printf 'timestamp,meter,value\n-86400,ups.out.a,1\n' >"$work/negepoch.csv"
expect "negative epoch seconds" 2 "negepoch.csv:2:" -- "$exe" report --site "$site" "$work/negepoch.csv"

if ((failures > 0)); then
  echo "fault.injection: $failures failure(s)" >&2
  exit 1
fi
echo "fault.injection: all passed"
