#!/usr/bin/env python3
"""End-to-end test of the auditor evidence bundle: `dceff report --evidence` and `dceff verify`.

Usage: evidence_bundle.py DCEFF_EXE REPO_ROOT

In a scratch directory with copies of the sample site and telemetry it:
  1. writes a bundle and checks the manifest's sizes and SHA-256 with Python's hashlib, not
     with dceff;
  2. runs `dceff verify` (exit 0), from the scratch dir, from another directory and with
     --inputs-dir after moving the data;
  3. flips one byte of an input copy: exit 1, naming that input;
  4. edits the stored report: exit 1, naming the figure;
  5. refuses standard input, an occupied directory and a malformed manifest (exit 2).
Prints one line per check and exits 1 on any failure.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

failures = 0


def check(ok, label, details=""):
    global failures
    print(f"{'PASS' if ok else 'FAIL'} {label}")
    if not ok:
        failures += 1
        for line in str(details).splitlines()[:40]:
            print(f"    {line}")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    if len(sys.argv) != 3:
        print("usage: evidence_bundle.py DCEFF_EXE REPO_ROOT", file=sys.stderr)
        return 2
    exe = os.path.abspath(sys.argv[1])
    root = os.path.abspath(sys.argv[2])
    scratch = tempfile.mkdtemp(prefix="dceff-evidence-")
    try:
        return run(exe, root, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(exe, root, scratch):
    def dceff(*args, cwd=scratch, stdin=None):
        return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True,
                              stdin=stdin, timeout=300, check=False)

    data = os.path.join(scratch, "data")
    os.makedirs(data)
    for name in ("site.json", "telemetry-long.csv", "telemetry-wide.csv"):
        shutil.copy(os.path.join(root, "samples", name), data)
    inputs = ["data/telemetry-long.csv", "data/telemetry-wide.csv"]
    bundle = os.path.join(scratch, "bundle")

    # 1. The bundle and its manifest.
    run1 = dceff("report", "--site", "data/site.json", *inputs, "--period", "hour",
                 "--missing-marker", "n/a", "--evidence", "bundle", "--format", "json",
                 "-o", "report.json")
    check(run1.returncode == 0, "report --evidence exits 0", run1.stderr)
    if run1.returncode != 0:
        return 1
    check(sorted(os.listdir(bundle)) == ["manifest.json", "report.json", "site.json"],
          "the bundle holds manifest.json, report.json and site.json", os.listdir(bundle))
    check(not [n for n in os.listdir(scratch) if ".tmp-" in n],
          "no temporary directory is left beside the bundle", os.listdir(scratch))
    with open(os.path.join(bundle, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    check(manifest["dceff_evidence"] == 1, "manifest version 1")
    check(manifest["site"]["sha256"] == sha256(os.path.join(data, "site.json")),
          "manifest site SHA-256 equals hashlib's of the site file")
    check(sha256(os.path.join(bundle, "site.json")) == sha256(os.path.join(data, "site.json")),
          "the site copy is byte-identical")
    check(manifest["site"]["bytes"] == os.path.getsize(os.path.join(data, "site.json")),
          "manifest site size")
    check([i["path"] for i in manifest["inputs"]] == inputs, "inputs recorded as given",
          manifest["inputs"])
    for entry, rel in zip(manifest["inputs"], inputs):
        path = os.path.join(scratch, rel)
        check(entry["sha256"] == sha256(path), f"manifest SHA-256 of {rel} equals hashlib's")
        check(entry["bytes"] == os.path.getsize(path), f"manifest size of {rel}")
        check(os.path.normpath(os.path.join(bundle, entry["location"])) == path,
              f"location of {rel} is relative to the bundle", entry["location"])
    check(manifest["report"]["sha256"] == sha256(os.path.join(bundle, "report.json")),
          "manifest SHA-256 of report.json equals hashlib's")
    with open(os.path.join(scratch, "report.json"), "rb") as a, \
            open(os.path.join(bundle, "report.json"), "rb") as b:
        check(a.read() == b.read(), "the bundle's report equals the -o JSON report")
    request = manifest["request"]
    check(request["period"] == "hour" and request["missing_markers"] == ["n/a"],
          "the request records --period and --missing-marker", request)
    check(request["command_line"][:6] == ["dceff", "report", "--site", "data/site.json",
                                          *inputs], "the command line re-runs the report",
          request["command_line"])
    meters = {m["id"] for m in manifest["coverage"]["meters"]}
    check("grid.main.kwh" in meters and len(meters) >= 10, "per-meter coverage ledger", meters)
    check(len(manifest["assumptions"]) > 5, "assumptions are listed")

    # 2. Verify passes.
    ok = dceff("verify", "bundle")
    check(ok.returncode == 0 and "verified" in ok.stdout, "verify exits 0 on the bundle",
          ok.stdout + ok.stderr)
    elsewhere = os.path.join(scratch, "elsewhere")
    os.makedirs(elsewhere)
    ok2 = dceff("verify", os.path.join("..", "bundle"), cwd=elsewhere)
    check(ok2.returncode == 0, "verify exits 0 from another directory", ok2.stdout + ok2.stderr)
    moved = os.path.join(scratch, "moved")
    shutil.copytree(data, os.path.join(moved, "data"))
    os.rename(data, data + ".away")
    missing = dceff("verify", "bundle")
    check(missing.returncode == 1 and "DIFF  input data/telemetry-long.csv: cannot read"
          in missing.stdout, "verify exits 1 when an input is missing", missing.stdout)
    ok3 = dceff("verify", "bundle", "--inputs-dir", "moved")
    check(ok3.returncode == 0, "verify --inputs-dir finds the moved inputs",
          ok3.stdout + ok3.stderr)
    shutil.rmtree(moved)
    os.rename(data + ".away", data)

    # 3. One byte of an input copy changed: a digit of the last value of the second data line.
    target = os.path.join(data, "telemetry-long.csv")
    with open(target, "rb") as f:
        original = f.read()
    first_end = original.index(b"\n")
    at = original.index(b"\n", first_end + 1) - 1
    while not original[at:at + 1].isdigit():
        at -= 1
    flipped = bytearray(original)
    flipped[at] = ord("0") + (flipped[at] - ord("0") + 1) % 10
    with open(target, "wb") as f:
        f.write(flipped)
    bad = dceff("verify", "bundle")
    check(bad.returncode == 1, "verify exits 1 after one input byte changed",
          bad.stdout + bad.stderr)
    check("DIFF  input data/telemetry-long.csv: SHA-256 of" in bad.stdout,
          "the changed input is named", bad.stdout)
    check("DIFF  input data/telemetry-wide.csv" not in bad.stdout,
          "the unchanged input is not", bad.stdout)
    with open(target, "wb") as f:
        f.write(original)
    check(dceff("verify", "bundle").returncode == 0, "verify exits 0 again once restored")

    # 4. The stored report edited: the headline PUE.
    report_path = os.path.join(bundle, "report.json")
    with open(report_path, encoding="utf-8") as f:
        stored = f.read()
    document = json.loads(stored)
    pue = document["kpis"]["pue"]["value"]
    needle = f'"value": {json.dumps(pue)}'
    check(needle in stored, "the stored report holds the headline PUE", needle)
    with open(report_path, "w", encoding="utf-8") as f:
        f.write(stored.replace(needle, '"value": 1.1', 1))
    edited = dceff("verify", "bundle")
    check(edited.returncode == 1, "verify exits 1 on an edited report", edited.stdout)
    check("DIFF  report.json: SHA-256 of" in edited.stdout, "the report hash is named",
          edited.stdout)
    check(f"DIFF  figure /kpis/pue/value: stored 1.1, re-computed {json.dumps(pue)}"
          in edited.stdout, "the edited figure is named with both values", edited.stdout)
    with open(report_path, "w", encoding="utf-8") as f:
        f.write(stored)

    # 4b. The manifest's own ledger edited (report untouched), then the site copy edited.
    manifest_path = os.path.join(bundle, "manifest.json")
    with open(manifest_path, encoding="utf-8") as f:
        manifest_text = f.read()
    edited_manifest = json.loads(manifest_text)
    edited_manifest["coverage"]["meters"][0]["coverage"] = 0.5
    with open(manifest_path, "w", encoding="utf-8") as f:
        json.dump(edited_manifest, f, indent=2)
    ledger = dceff("verify", "bundle")
    check(ledger.returncode == 1 and "DIFF  manifest /coverage/meters/0/coverage: stored 0.5"
          in ledger.stdout, "verify exits 1 on an edited coverage ledger", ledger.stdout)
    with open(manifest_path, "w", encoding="utf-8") as f:
        f.write(manifest_text)
    site_copy = os.path.join(bundle, "site.json")
    with open(site_copy, "rb") as f:
        site_text = f.read()
    with open(site_copy, "wb") as f:
        f.write(site_text.replace(b'"max_gap_s": 900', b'"max_gap_s": 600', 1))
    site_edit = dceff("verify", "bundle")
    check(site_edit.returncode == 1 and "DIFF  site.json: SHA-256 of" in site_edit.stdout,
          "verify exits 1 on an edited site copy", site_edit.stdout)
    with open(site_copy, "wb") as f:
        f.write(site_text)
    check(dceff("verify", "bundle").returncode == 0, "verify exits 0 again once restored")

    # 5. Refusals.
    with open(target, "rb") as f:
        from_stdin = dceff("report", "--site", "data/site.json", "-", "--evidence", "b2",
                           stdin=f)
    check(from_stdin.returncode == 2 and "standard input" in from_stdin.stderr
          and not os.path.exists(os.path.join(scratch, "b2")),
          "--evidence with standard input is refused (exit 2)", from_stdin.stderr)
    again = dceff("report", "--site", "data/site.json", inputs[0], "--evidence", "bundle")
    check(again.returncode == 2 and "not empty" in again.stderr,
          "an existing bundle is not overwritten without --force", again.stderr)
    forced = dceff("report", "--site", "data/site.json", inputs[0], "--evidence", "bundle",
                   "--force")
    check(forced.returncode == 0, "--force replaces an earlier bundle", forced.stderr)
    with open(os.path.join(bundle, "manifest.json"), encoding="utf-8") as f:
        check(len(json.load(f)["inputs"]) == 1, "the replaced bundle is the new one")
    check(dceff("verify", "bundle").returncode == 0, "the replaced bundle verifies")
    with open(os.path.join(bundle, "manifest.json"), "w", encoding="utf-8") as f:
        f.write('{"dceff_evidence": 1, "tool": {"version": 3}}')
    malformed = dceff("verify", "bundle")
    check(malformed.returncode == 2 and "manifest.json: /tool/version: a number '3' (expected "
          "a string)" in malformed.stderr, "a malformed manifest exits 2 naming the pointer",
          malformed.stderr)

    print(f"{'all checks passed' if failures == 0 else f'{failures} checks failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
