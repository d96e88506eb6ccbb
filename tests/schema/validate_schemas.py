#!/usr/bin/env python3
"""Validates real dceff documents against schema/site.schema.json and schema/report.schema.json.

Usage: validate_schemas.py DCEFF_EXE REPO_ROOT

Checks both schemas with check_schema (draft 2020-12), then validates:
  - samples/site.json, the `site` object of every tests/vectors/*.json and every
    tests/cli/*/site.json against the site schema (tests/cli/bad_site_role/site.json must fail);
  - the JSON report of `DCEFF_EXE report --site samples/site.json <sample> --format json`, run from
    REPO_ROOT, for every telemetry sample, and every tests/cli/*/expected.txt of a case whose args
    ask for `--format json`, against the report schema;
  - every tests/cli/diff_*/expected.txt in JSON and a `dceff diff --format json` of two sample
    reports against schema/diff.schema.json, and the manifest of a `report --evidence` bundle of
    the samples against schema/evidence-manifest.schema.json.
Prints one line per document and a final `N passed, M failed`; exits 1 on any failure.
"""

import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema
from jsonschema import Draft202012Validator

# Site files the parser rejects: each must fail schema validation too, with an error at the
# given JSON pointer (where the parser's error points).
MUST_FAIL = {os.path.join("tests", "cli", "bad_site_role", "site.json"): "/meters/ups.out.*/role"}

REPORT_SAMPLES = [
    "samples/telemetry-long.csv",
    "samples/telemetry-wide.csv",
    "samples/telemetry.ndjson",
    "samples/telemetry.json",
]


def load_validator(root, name):
    path = os.path.join(root, "schema", name)
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def pointer_of(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def errors_of(validator, document):
    """The validation errors, one line each, deepest first."""
    found = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    lines = []
    for error in found:
        lines.append(f"{pointer_of(error)}: {error.message}")
        # anyOf/oneOf/if-then failures: show the nested reasons too.
        for sub in sorted(error.context or [], key=lambda e: list(e.absolute_path)):
            lines.append(f"    {pointer_of(sub)}: {sub.message}")
    return lines


def case_args(case_dir):
    with open(os.path.join(case_dir, "args"), encoding="utf-8") as f:
        return [line.rstrip("\r\n") for line in f]


def asks_for_json(args):
    for i, arg in enumerate(args):
        if arg == "--format=json":
            return True
        if arg == "--format" and i + 1 < len(args) and args[i + 1] == "json":
            return True
    return False


def main():
    if len(sys.argv) != 3:
        print("usage: validate_schemas.py DCEFF_EXE REPO_ROOT", file=sys.stderr)
        return 2
    exe = os.path.abspath(sys.argv[1])
    root = os.path.abspath(sys.argv[2])

    passed = 0
    failed = 0

    def record(ok, label, details=()):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"PASS {label}")
        else:
            failed += 1
            print(f"FAIL {label}")
            for line in details:
                print(f"    {line}")

    try:
        site_validator = load_validator(root, "site.schema.json")
        record(True, "schema/site.schema.json (check_schema)")
        report_validator = load_validator(root, "report.schema.json")
        record(True, "schema/report.schema.json (check_schema)")
        whatif_validator = load_validator(root, "whatif.schema.json")
        record(True, "schema/whatif.schema.json (check_schema)")
        diff_validator = load_validator(root, "diff.schema.json")
        record(True, "schema/diff.schema.json (check_schema)")
        manifest_validator = load_validator(root, "evidence-manifest.schema.json")
        record(True, "schema/evidence-manifest.schema.json (check_schema)")
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        record(False, "schemas (check_schema)", [str(e).splitlines()[0]])
        print(f"{passed} passed, {failed} failed")
        return 1

    def check_site(label, document, must_fail_at=None):
        if must_fail_at is None:
            problems = errors_of(site_validator, document)
            record(not problems, f"site {label}", problems)
            return
        # Must be invalid, with an error where the parser reports one.
        hits = []
        for error in site_validator.iter_errors(document):
            for e in [error] + list(error.context or []):
                if pointer_of(e) == must_fail_at:
                    hits.append(f"{must_fail_at}: {e.message}")
        if hits:
            record(True, f"site {label} (invalid as required: {hits[0]})")
        else:
            record(False, f"site {label} (must fail at {must_fail_at})",
                   errors_of(site_validator, document) or ["it validated"])

    def read_json(rel):
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            return json.load(f)

    # Site files.
    check_site("samples/site.json", read_json("samples/site.json"))
    check_site("samples/year/site.json", read_json("samples/year/site.json"))

    vectors = sorted(glob.glob(os.path.join(root, "tests", "vectors", "*.json")))
    if not vectors:
        record(False, "tests/vectors/*.json", ["no vectors found"])
    for path in vectors:
        rel = os.path.relpath(path, root)
        try:
            site = read_json(rel)["site"]
        except (OSError, ValueError, KeyError) as e:
            record(False, f"site {rel}#/site", [f"cannot read: {e}"])
            continue
        check_site(f"{rel}#/site", site)

    cli_sites = sorted(glob.glob(os.path.join(root, "tests", "cli", "*", "site.json")))
    seen_must_fail = set()
    for path in cli_sites:
        rel = os.path.relpath(path, root)
        try:
            site = read_json(rel)
        except (OSError, ValueError) as e:
            record(False, f"site {rel}", [f"cannot read: {e}"])
            continue
        if rel in MUST_FAIL:
            seen_must_fail.add(rel)
        check_site(rel, site, must_fail_at=MUST_FAIL.get(rel))
    for rel in sorted(set(MUST_FAIL) - seen_must_fail):
        record(False, f"site {rel}", ["expected an invalid site file here; it is missing"])

    # Reports produced now.
    def check_report(label, text, validator=None):
        try:
            document = json.loads(text)
        except ValueError as e:
            record(False, f"report {label}", [f"not JSON: {e}"])
            return
        problems = errors_of(validator or report_validator, document)
        record(not problems, f"report {label}", problems)

    # What-if results (schema/whatif.schema.json) produced now: scenarios, a sweep with the
    # sensitivity ranking.
    for args in (["whatif", "--scenarios", "samples/scenarios.json", "--format", "json"],
                 ["whatif", "--model", "samples/model.json", "--sweep", "dlc.share=0.5:0.9:0.2",
                  "--sensitivity", "--format", "json"]):
        label = "dceff " + " ".join(args)
        run = subprocess.run([exe] + args, cwd=root, capture_output=True, text=True,
                             encoding="utf-8", timeout=300, check=False)
        if run.returncode != 0:
            record(False, f"whatif {label}",
                   [f"exit code {run.returncode}"] + run.stderr.splitlines()[:5])
            continue
        check_report(label, run.stdout, whatif_validator)

    for sample in REPORT_SAMPLES:
        args = ["report", "--site", "samples/site.json", sample, "--format", "json"]
        label = "dceff " + " ".join(args)
        try:
            run = subprocess.run([exe] + args, cwd=root, capture_output=True, text=True,
                                 encoding="utf-8", timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            record(False, f"report {label}", [f"cannot run: {e}"])
            continue
        if run.returncode != 0:
            record(False, f"report {label}",
                   [f"exit code {run.returncode}"] + run.stderr.splitlines()[:5])
            continue
        check_report(label, run.stdout)

    # Golden JSON reports.
    golden = 0
    for case_dir in sorted(glob.glob(os.path.join(root, "tests", "cli", "*"))):
        if not os.path.isfile(os.path.join(case_dir, "args")):
            continue
        if case_args(case_dir)[:1] in (["diff"], ["verify"], ["check"]):
            continue  # not reports: checked below against their own schemas
        if not asks_for_json(case_args(case_dir)):
            continue
        expected = os.path.join(case_dir, "expected.txt")
        rel = os.path.relpath(expected, root)
        exit_code_file = os.path.join(case_dir, "exit_code")
        if os.path.exists(exit_code_file):
            # A failing run writes no report; nothing to validate.
            with open(exit_code_file, encoding="utf-8") as f:
                if f.read().strip() not in ("", "0"):
                    print(f"SKIP {rel} (case exits non-zero)")
                    continue
        golden += 1
        with open(expected, encoding="utf-8") as f:
            whatif = case_args(case_dir)[:1] == ["whatif"]
            check_report(rel, f.read(), whatif_validator if whatif else None)
    if golden == 0:
        record(False, "tests/cli/*/expected.txt", ["no golden case asks for --format json"])

    # dceff diff --format json (written also when a gate fails) and the evidence manifest.
    def check_with(validator, kind, label, text):
        try:
            document = json.loads(text)
        except ValueError as e:
            record(False, f"{kind} {label}", [f"not JSON: {e}"])
            return
        problems = errors_of(validator, document)
        record(not problems, f"{kind} {label}", problems)

    diff_cases = 0
    for case_dir in sorted(glob.glob(os.path.join(root, "tests", "cli", "diff_*"))):
        args = case_args(case_dir)
        expected = os.path.join(case_dir, "expected.txt")
        if asks_for_json(args) and os.path.getsize(expected) > 0:
            diff_cases += 1
            with open(expected, encoding="utf-8") as f:
                check_with(diff_validator, "diff", os.path.relpath(expected, root), f.read())
    if diff_cases == 0:
        record(False, "tests/cli/diff_*/expected.txt", ["no diff case asks for --format json"])
    with tempfile.TemporaryDirectory(prefix="dceff-schema-") as scratch:
        a = os.path.join(scratch, "a.json")
        b = os.path.join(scratch, "b.json")
        bundle = os.path.join(scratch, "bundle")
        steps = [
            ["report", "--site", "samples/site.json", "samples/telemetry-long.csv", "--format",
             "json", "-o", a, "--evidence", bundle],
            ["report", "--site", "samples/site.json", "samples/telemetry-wide.csv", "--format",
             "json", "-o", b, "--from", "2025-10-25", "--period", "hour"],
            ["diff", a, b, "--format", "json", "--fail-on-regression", "pue=1%"],
        ]
        outputs = []
        for args in steps:
            run = subprocess.run([exe] + args, cwd=root, capture_output=True, text=True,
                                 encoding="utf-8", timeout=300, check=False)
            outputs.append(run)
            if run.returncode not in (0, 1):
                record(False, "dceff " + " ".join(args),
                       [f"exit code {run.returncode}"] + run.stderr.splitlines()[:5])
        if all(r.returncode in (0, 1) for r in outputs):
            check_with(diff_validator, "diff", "dceff diff (sample reports)", outputs[2].stdout)
            with open(os.path.join(bundle, "manifest.json"), encoding="utf-8") as f:
                check_with(manifest_validator, "manifest", "report --evidence (samples)",
                           f.read())

    # dceff check --format json (written also when a gate fails), golden cases.
    check_validator = load_validator(root, "check.schema.json")
    check_cases = 0
    for case_dir in sorted(glob.glob(os.path.join(root, "tests", "cli", "*"))):
        if not os.path.isfile(os.path.join(case_dir, "args")):
            continue
        args = case_args(case_dir)
        expected = os.path.join(case_dir, "expected.txt")
        if args[:1] == ["check"] and asks_for_json(args) and os.path.getsize(expected) > 0:
            check_cases += 1
            with open(expected, encoding="utf-8") as f:
                check_with(check_validator, "check", os.path.relpath(expected, root), f.read())
    if check_cases == 0:
        record(False, "tests/cli/*/expected.txt", ["no check case asks for --format json"])

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
