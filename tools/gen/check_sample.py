#!/usr/bin/env python3
"""Order-of-magnitude cross-check of a dceff long-CSV telemetry export (standard library only).

Independent of the dceff library on purpose: it re-derives the site energy balance with the
simplest rules, so a gross error in either the generator or the analyzer shows up as a mismatch.

  * rate meters (kW): left-Riemann -- each sample holds until the next sample of the same
    meter; an interval longer than max_gap_s (site.json, 900 s) is not bridged; the last sample
    of a meter contributes nothing;
  * counters (kWh, litres, m3): sum of consecutive deltas, a negative delta on a register with a
    rollover adds the rollover (1,000,000 kWh); counter deltas do span gaps.

Gap alignment between meters is ignored, so the ratios are approximate.

Usage: check_sample.py [telemetry-long.csv [site.json]]   (defaults: samples/ of this repo)
"""

import csv
import fnmatch
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DIESEL_KWH_PER_L = 9.9


def parse_time(text):
    """Seconds since the epoch from RFC 3339 (Z or offset) or epoch seconds/milliseconds."""
    if text.isdigit():
        value = int(text)
        return value / 1000.0 if len(text) >= 12 else float(value)
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def meter_spec(site, meter):
    """The site.json declaration matching a meter id (exact ids win over globs)."""
    meters = site["meters"]
    if meter in meters:
        return meters[meter]
    for pattern, spec in meters.items():
        if fnmatch.fnmatchcase(meter, pattern):
            return spec
    return None


def integrate_rate(series, max_gap_s):
    """kWh from kW samples, left-Riemann, not bridging long gaps; also the gaps skipped."""
    energy = 0.0
    skipped = []
    for (t0, v0), (t1, _) in zip(series, series[1:]):
        dt = t1 - t0
        if dt > max_gap_s:
            skipped.append((t0, dt))
            continue
        energy += v0 * dt / 3600.0
    return energy, skipped


def counter_delta(series, rollover):
    """Sum of deltas; a backwards step on a register with a rollover is a wrap."""
    total = 0.0
    wraps = 0
    for (_, v0), (_, v1) in zip(series, series[1:]):
        delta = v1 - v0
        if delta < 0 and rollover:
            delta += rollover
            wraps += 1
        total += delta
    return total, wraps


def main():
    csv_path = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "samples" / "telemetry-long.csv"
    site_path = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "samples" / "site.json"
    site = json.loads(site_path.read_text())
    max_gap_s = float(site.get("max_gap_s", 900))

    series = {}
    rows = 0
    with csv_path.open(newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header != ["timestamp", "meter", "value"]:
            sys.exit(f"{csv_path}: expected a long CSV (timestamp,meter,value), got {header}")
        for timestamp, meter, value in reader:
            series.setdefault(meter, []).append((parse_time(timestamp), float(value)))
            rows += 1
    for s in series.values():
        s.sort(key=lambda p: p[0])  # stable: keeps file order for equal instants

    first = min(s[0][0] for s in series.values())
    last = max(s[-1][0] for s in series.values())
    print(f"file            {csv_path}")
    print(f"rows            {rows} ({len(series)} meters)")
    print(f"span            {iso(first)} .. {iso(last)} ({(last - first) / 86400:.3f} d)")

    grid_kwh = diesel_l = water_m3 = 0.0
    pv_kwh = office_kwh = it1_kwh = it2_kwh = cooling_kwh = reuse_kwh = other_kwh = 0.0
    notes = []
    for meter, s in sorted(series.items()):
        spec = meter_spec(site, meter)
        if spec is None:
            notes.append(f"{meter}: not in site.json, ignored")
            continue
        kind, role = spec["kind"], spec["role"]
        if kind in ("energy", "fuel", "water"):
            delta, wraps = counter_delta(s, spec.get("rollover"))
            if wraps:
                notes.append(f"{meter}: {wraps} rollover(s) at {spec['rollover']:g}")
            if kind == "energy":
                grid_kwh += delta
            elif kind == "fuel":
                diesel_l += delta
            else:
                water_m3 += delta
            continue
        if kind not in ("power", "heat"):
            continue  # temperature
        energy, skipped = integrate_rate(s, max_gap_s)
        for t0, dt in skipped:
            notes.append(f"{meter}: gap of {dt / 60:.0f} min after {iso(t0)} not bridged")
        if role in ("renewable", "onsite_renewable"):
            pv_kwh += energy
        elif role == "excluded_load":
            office_kwh += energy
        elif role == "it" and spec.get("category") == 1:
            it1_kwh += energy
        elif role == "it" and spec.get("category") == 2:
            it2_kwh += energy
        elif role == "cooling":
            cooling_kwh += energy
        elif role == "reuse":
            reuse_kwh += energy
        else:
            other_kwh += energy

    diesel_kwh = diesel_l * DIESEL_KWH_PER_L
    facility_kwh = grid_kwh + diesel_kwh + pv_kwh - office_kwh
    for note in notes:
        print(f"note            {note}")
    print()
    print(f"grid counter          {grid_kwh:14.3f} kWh")
    print(f"diesel                {diesel_l:14.3f} L = {diesel_kwh:.3f} kWh")
    print(f"pv (on-site)          {pv_kwh:14.3f} kWh")
    print(f"office (excluded)     {office_kwh:14.3f} kWh")
    print(f"facility energy       {facility_kwh:14.3f} kWh  (grid + diesel + pv - office)")
    print(f"IT at UPS output      {it1_kwh:14.3f} kWh  (category 1)")
    print(f"IT at PDU output      {it2_kwh:14.3f} kWh  (category 2)")
    print(f"cooling               {cooling_kwh:14.3f} kWh  ({cooling_kwh / it2_kwh:.1%} of IT cat2)")
    print(f"other (lighting)      {other_kwh:14.3f} kWh")
    print(f"reuse heat            {reuse_kwh:14.3f} kWh")
    print(f"water make-up         {water_m3:14.3f} m3")
    print()
    print(f"PUE cat1              {facility_kwh / it1_kwh:14.4f}")
    print(f"PUE cat2              {facility_kwh / it2_kwh:14.4f}")
    print(f"ERE cat1              {(facility_kwh - reuse_kwh) / it1_kwh:14.4f}")
    print(f"ERF                   {reuse_kwh / facility_kwh:14.4f}")
    print(f"on-site renewable     {pv_kwh / facility_kwh:14.4f}  (share of facility energy)")
    print(f"WUE cat1              {water_m3 * 1000 / it1_kwh:14.4f} L/kWh")


if __name__ == "__main__":
    main()
