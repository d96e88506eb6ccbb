#!/usr/bin/env python3
"""Compare `dceff report` with the independent Python reference.

Usage:
    compare_reference.py DCEFF_BINARY REPO_ROOT [GEN_BINARY]

Runs, in REPO_ROOT,
    DCEFF_BINARY report --site samples/site.json samples/telemetry-long.csv \
        --format json --period day
and tools/reference/reference_report.py on the same inputs, then compares
every KPI and energy figure and the per-day PUE, facility energy, IT energy
and coverage.

With GEN_BINARY, it also generates 10 days of 1-minute data across the spring
DST change (with gaps and a counter rollover) and compares that data set too.

Tolerance: relative 1e-9 (the reference rounds each meter-hour once from exact
fractions; dceff rounds each booked piece to 1e-9 kWh, so that shards merge
exactly: the two differ by at most a few 1e-9 kWh per hour); values whose magnitude is below NEAR_ZERO on both
sides are compared with an absolute tolerance of 1e-6 instead.  None (JSON
null) only matches None.

Prints every comparison and ends with the line `N passed, M failed`; the exit
status is 1 when any comparison failed (or a run failed), else 0.
"""

import json
import os
import subprocess
import sys
import tempfile

REL_TOL = 1e-9
ABS_TOL = 1e-6
NEAR_ZERO = 1e-3

GEN_ARGS = ["--start", "2025-03-27T00:00:00+01:00", "--days", "10",
            "--step-s", "60", "--seed", "7", "--gaps", "--rollover-halfway",
            "--format", "long", "--time-style", "utc"]


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, dceff_value, ref_value):
        ok, note = values_match(dceff_value, ref_value)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        status = "PASS" if ok else "FAIL"
        print(f"{status} {name}: dceff={dceff_value!r} reference={ref_value!r}"
              + (f" ({note})" if note else ""))

    def fail(self, name, message):
        self.failed += 1
        print(f"FAIL {name}: {message}")


def values_match(a, b):
    """Return (ok, note) for two JSON values (numbers or null)."""
    if a is None or b is None:
        return (a is None and b is None), ""
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return a == b, ""
    diff = abs(a - b)
    scale = max(abs(a), abs(b))
    if scale < NEAR_ZERO:
        return diff <= ABS_TOL, f"abs diff {diff:.3g}" if diff else ""
    rel = diff / scale
    return rel <= REL_TOL, f"rel diff {rel:.3g}" if diff else ""


def dig(doc, *path):
    """doc[path[0]][path[1]]... or raise KeyError with the dotted path."""
    cur = doc
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            raise KeyError(".".join(path))
        cur = cur[key]
    return cur


def run_json(cmd, cwd):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n"
                           f"{proc.stderr.strip()}")
    return json.loads(proc.stdout)


# (name, path in dceff's JSON, key in the reference's JSON)
TOP_LEVEL = [
    ("pue", ("kpis", "pue", "value"), ("pue",)),
    ("pue[1]", ("kpis", "pue", "by_category", "1", "value"),
     ("pue_by_category", "1")),
    ("pue[2]", ("kpis", "pue", "by_category", "2", "value"),
     ("pue_by_category", "2")),
    ("pue[3]", ("kpis", "pue", "by_category", "3", "value"),
     ("pue_by_category", "3")),
    ("ere", ("kpis", "ere", "value"), ("ere",)),
    ("erf", ("kpis", "erf", "value"), ("erf",)),
    ("ref", ("kpis", "ref", "value"), ("ref",)),
    ("wue", ("kpis", "wue", "value"), ("wue",)),
    ("facility_kwh", ("energy_kwh", "facility"), ("facility_kwh",)),
    ("it_kwh", ("energy_kwh", "it_headline"), ("it_kwh",)),
    ("cooling_kwh", ("energy_kwh", "cooling"), ("cooling_kwh",)),
    ("other_kwh", ("energy_kwh", "other"), ("other_kwh",)),
    ("reuse_kwh", ("energy_kwh", "reuse"), ("reuse_kwh",)),
    ("renewable_kwh", ("energy_kwh", "renewable"), ("renewable_kwh",)),
    ("excluded_kwh", ("energy_kwh", "excluded"), ("excluded_kwh",)),
    ("fuel_kwh", ("energy_kwh", "fuel"), ("fuel_kwh",)),
    ("water_m3", ("water_m3",), ("water_m3",)),
    ("coverage", ("quality", "coverage"), ("coverage",)),
]

PER_DAY = [
    ("pue", ("kpis", "pue"), "pue"),
    ("facility_kwh", ("energy_kwh", "facility"), "facility_kwh"),
    ("it_kwh", ("energy_kwh", "it_headline"), "it_kwh"),
    ("coverage", ("coverage",), "coverage"),
]


def compare_dataset(tally, title, dceff, reference, repo_root, site, data):
    print(f"== {title}: {data}")
    try:
        got = run_json([dceff, "report", "--site", site, data, "--format",
                        "json", "--period", "day"], repo_root)
    except (RuntimeError, json.JSONDecodeError) as e:
        tally.fail(f"{title} dceff run", str(e))
        return
    try:
        want = run_json([sys.executable, reference, site, data], repo_root)
    except (RuntimeError, json.JSONDecodeError) as e:
        tally.fail(f"{title} reference run", str(e))
        return

    for name, dpath, rpath in TOP_LEVEL:
        try:
            a = dig(got, *dpath)
        except KeyError as e:
            tally.fail(f"{title} {name}", f"missing in dceff JSON: {e}")
            continue
        tally.check(f"{title} {name}", a, dig(want, *rpath))

    buckets = {b.get("label"): b for b in got.get("buckets", [])}
    ref_days = {d["label"]: d for d in want["days"]}
    for label in sorted(set(buckets) | set(ref_days)):
        if label not in buckets:
            tally.fail(f"{title} day {label}", "no dceff bucket")
            continue
        if label not in ref_days:
            tally.fail(f"{title} day {label}", "no reference day")
            continue
        for name, dpath, rkey in PER_DAY:
            try:
                a = dig(buckets[label], *dpath)
            except KeyError as e:
                tally.fail(f"{title} day {label} {name}",
                           f"missing in dceff JSON: {e}")
                continue
            tally.check(f"{title} day {label} {name}", a, ref_days[label][rkey])


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(
            "usage: compare_reference.py DCEFF_BINARY REPO_ROOT [GEN_BINARY]\n")
        return 2
    dceff = os.path.abspath(argv[1])
    repo_root = os.path.abspath(argv[2])
    gen = os.path.abspath(argv[3]) if len(argv) == 4 else None
    reference = os.path.join(repo_root, "tools", "reference",
                             "reference_report.py")
    site = "samples/site.json"

    tally = Tally()
    compare_dataset(tally, "sample", dceff, reference, repo_root, site,
                    "samples/telemetry-long.csv")

    # The sample without some meters' rows: PV is named exactly in the site file and enters
    # E_DC (a gap over the whole period), the PDUs only by glob (category 2 falls away,
    # category 1 is headline), water is named exactly but enters no E_DC or E_IT (reported).
    with tempfile.TemporaryDirectory(prefix="dceff-ref-") as tmp:
        with open(os.path.join(repo_root, "samples/telemetry-long.csv"),
                  encoding="utf-8") as f:
            lines = f.readlines()
        for title, dropped in (("sample-without-pv", ("pv.roof",)),
                               ("sample-without-pdus", ("pdu.",)),
                               ("sample-without-water", ("water.makeup",))):
            data = os.path.join(tmp, f"{title}.csv")
            with open(data, "w", encoding="utf-8") as f:
                f.writelines(line for line in lines
                             if not any(f",{d}" in line for d in dropped))
            compare_dataset(tally, title, dceff, reference, repo_root, site, data)

    if gen:
        with tempfile.TemporaryDirectory(prefix="dceff-ref-") as tmp:
            data = os.path.join(tmp, "gen-dst-spring.csv")
            proc = subprocess.run([gen] + GEN_ARGS + ["-o", data],
                                  cwd=repo_root, capture_output=True, text=True)
            if proc.returncode != 0:
                tally.fail("generated data", f"dceff-gen exited with "
                           f"{proc.returncode}: {proc.stderr.strip()}")
            else:
                compare_dataset(tally, "gen-dst-spring", dceff, reference,
                                repo_root, site, data)

    print(f"{tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
