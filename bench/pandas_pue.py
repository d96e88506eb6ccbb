#!/usr/bin/python3
"""pandas contender of the dceff benchmark (bench/README.md).

Monthly energy per meter and the annual category-2 PUE of samples/site.json from a long CSV
(timestamp,meter,value), with the rules dceff applies to gap-free generator data:

- the next sample of each meter comes from groupby(meter).shift(-1) over rows in time order; the
  last sample of a meter contributes nothing (the period ends at the last reading, as dceff's);
- power meters (kW): left Riemann, energy = value x (next_ts - ts) in hours;
- grid.main.kwh: cumulative kWh register, delta = next - value, + 1,000,000 when negative;
- genset.fuel: cumulative litres of diesel, delta x 9.9 kWh/L;
- water.makeup: cumulative m3, delta (not used by the PUE); oat: not an energy (dropped);
- E_DC = grid + genset + pv.roof - office; E_IT (category 2) = sum of pdu.*; PUE = E_DC / E_IT;
- months are the site's local months (Europe/Berlin), like dceff's buckets.

Usage: pandas_pue.py FILE [-o OUT.json]   (Debian's python3-pandas: run with /usr/bin/python3)
"""

import json
import sys

import numpy as np
import pandas as pd

ROLLOVER_KWH = 1_000_000.0
DIESEL_KWH_PER_L = 9.9
COUNTERS = ("grid.main.kwh", "genset.fuel", "water.makeup")


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] != "-o"):
        print("usage: pandas_pue.py FILE [-o OUT.json]", file=sys.stderr)
        return 2
    path = argv[0]
    df = pd.read_csv(
        path,
        usecols=["timestamp", "meter", "value"],
        dtype={"timestamp": "str", "meter": "category", "value": "float64"},
        engine="c",
    )
    # An explicit format takes pandas' vectorised ISO 8601 path; read_csv(parse_dates=...) falls
    # back to per-element parsing for the 'Z' suffix and is ~10x slower.
    df["timestamp"] = pd.to_datetime(df["timestamp"], format="%Y-%m-%dT%H:%M:%S%z", utc=True)
    rows = len(df)
    df = df[df["meter"] != "oat"]
    df["meter"] = df["meter"].cat.remove_unused_categories()
    if not df["timestamp"].is_monotonic_increasing:
        df = df.sort_values("timestamp", kind="stable")  # "in time order", as LEAD ... ORDER BY ts

    by_meter = df.groupby("meter", sort=False, observed=True)
    next_ts = by_meter["timestamp"].shift(-1)
    next_value = by_meter["value"].shift(-1)
    value = df["value"]
    meter = df["meter"]

    hours = (next_ts - df["timestamp"]).dt.total_seconds() / 3600.0
    delta = next_value - value
    grid = meter == "grid.main.kwh"
    amount = np.select(
        [
            grid & (delta < 0),
            grid,
            meter == "genset.fuel",
            meter == "water.makeup",
        ],
        [delta + ROLLOVER_KWH, delta, delta * DIESEL_KWH_PER_L, delta],
        default=value * hours,
    )
    month = df["timestamp"].dt.tz_convert("Europe/Berlin").dt.tz_localize(None).dt.to_period("M")
    frame = pd.DataFrame({"meter": meter, "month": month, "amount": amount})
    frame = frame[next_ts.notna()]
    monthly = frame.groupby(["month", "meter"], observed=True)["amount"].sum()

    per_meter = monthly.groupby(level="meter", observed=True).sum()
    e_dc = (
        per_meter.get("grid.main.kwh", 0.0)
        + per_meter.get("genset.fuel", 0.0)
        + per_meter.get("pv.roof", 0.0)
        - per_meter.get("office", 0.0)
    )
    e_it = float(per_meter[per_meter.index.astype(str).str.startswith("pdu.")].sum())

    out: dict[str, dict[str, float]] = {}
    for (m, name), v in monthly.items():
        out.setdefault(str(m), {})[str(name)] = float(v)
    result = {
        "contender": "pandas",
        "engine": f"pandas {pd.__version__}, NumPy {np.__version__}, Python {sys.version.split()[0]}",
        "input": path,
        "format": "csv",
        "rows": rows,
        "intervals": int(len(frame)),
        "e_dc_kwh": float(e_dc),
        "e_it_kwh": e_it,
        "pue": float(e_dc) / e_it,
        "monthly_kwh": out,  # water.makeup in m3
    }
    text = json.dumps(result, indent=1) + "\n"
    if len(argv) == 3:
        with open(argv[2], "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
