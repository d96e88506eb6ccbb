#!/usr/bin/env python3
"""Independent reference implementation of the dceff KPI computation.

Usage:
    reference_report.py SITE.json DATA.csv

DATA.csv is a long CSV with the header ``timestamp,meter,value`` and RFC 3339
UTC timestamps ending in ``Z`` (optionally with up to millisecond fractions).

The script prints one JSON object with the headline PUE, the PUE per IT
category, the energy figures, ERF/ERE/REF/WUE, the coverage, and the same
figures per local calendar day of the site's time zone.

This file is written from the written specification only (it deliberately
does not share code or reading with the C++ library), so that the two can be
tested against each other.  It uses the standard library only.

Arithmetic: all readings are parsed as exact rationals (fractions.Fraction),
so integration and spreading over hour buckets are exact; every
(meter, hour) amount is then rounded once to an integer number of 1e-9
quanta (half away from zero) and every later sum is an integer sum.
"""

import csv
import datetime as dt
import fnmatch
import json
import re
import sys
from fractions import Fraction
from zoneinfo import ZoneInfo

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

HOUR_MS = 3_600_000                 # one hour in milliseconds
QUANTA_PER_UNIT = 10 ** 9           # fixed point: 1 unit (kWh, m3, L) = 1e9 quanta
DIESEL_KWH_PER_L = Fraction(99, 10)  # 9.9 kWh per litre of diesel
RATE_LIMIT_SLACK = Fraction(101, 100)  # the 1.01 factor on the maximum rate

# Units accepted per kind, and whether the kind is a rate (integrated) or a
# cumulative counter (differenced).
RATE_KINDS = {"power": "kW", "heat": "kW", "temperature": "degC"}
COUNTER_KINDS = {"energy": "kWh", "water": "m3", "fuel": "L"}

# KPI groups (see group_of()).
GROUPS_FOR_COMPLETENESS_BASE = ("F", "FUEL", "ONSITE", "EXC", "COOL", "PD",
                                "OTH", "REUSE", "REN", "WAT")

_TS_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?[Zz]$")


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

def parse_timestamp_ms(text):
    """Parse an RFC 3339 UTC timestamp ``YYYY-MM-DDTHH:MM:SS[.fff]Z`` to epoch ms."""
    m = _TS_RE.match(text.strip())
    if not m:
        raise ValueError(f"unsupported timestamp (need RFC 3339 ...Z): {text!r}")
    year, mon, day, hh, mm, ss = (int(g) for g in m.groups()[:6])
    frac = m.group(7) or ""
    # Milliseconds resolution: digits beyond the third must be zero.
    if len(frac) > 3 and int(frac[3:]) != 0:
        raise ValueError(f"sub-millisecond timestamp not supported: {text!r}")
    ms = int((frac + "000")[:3])
    base = dt.datetime(year, mon, day, hh, mm, ss, tzinfo=dt.timezone.utc)
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    delta = base - epoch
    return (delta.days * 86400 + delta.seconds) * 1000 + ms


def to_fraction(value):
    """Exact rational from a JSON number or a decimal string."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueError("boolean is not a number")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        # Use the shortest decimal representation (what the JSON text said).
        return Fraction(repr(value))
    return Fraction(str(value).strip())


def round_half_away(x):
    """Round a Fraction to the nearest integer, ties away from zero."""
    if x >= 0:
        return int((x + Fraction(1, 2)).__floor__())
    return -int((-x + Fraction(1, 2)).__floor__())


def ratio(num, den):
    """num / den as a float, or None when the denominator is zero."""
    if den == 0:
        return None
    return float(Fraction(num, den))


def quanta_to_float(q):
    """Integer quanta -> float units (kWh or m3)."""
    return float(Fraction(q, QUANTA_PER_UNIT))


# --------------------------------------------------------------------------
# Site file
# --------------------------------------------------------------------------

class MeterDecl:
    """One meter declaration of the site file (an exact id or a glob)."""

    def __init__(self, key, spec):
        self.key = key
        self.kind = spec.get("kind")
        self.unit = spec.get("unit")
        self.role = spec.get("role")
        self.category = int(spec.get("category", 1))  # IT category, default 1
        self.rollover = (to_fraction(spec["rollover"])
                         if spec.get("rollover") is not None else None)
        self.max_power_kw = (to_fraction(spec["max_power_kw"])
                             if spec.get("max_power_kw") is not None else None)
        self.max_flow_m3_per_h = (to_fraction(spec["max_flow_m3_per_h"])
                                  if spec.get("max_flow_m3_per_h") is not None
                                  else None)
        self.fuel = spec.get("fuel")

        if self.kind in RATE_KINDS:
            self.is_rate = True
            expected = RATE_KINDS[self.kind]
        elif self.kind in COUNTER_KINDS:
            self.is_rate = False
            expected = COUNTER_KINDS[self.kind]
        else:
            raise ValueError(f"meter {key!r}: unsupported kind {self.kind!r}")
        if self.unit != expected:
            raise ValueError(f"meter {key!r}: kind {self.kind} needs unit "
                             f"{expected}, got {self.unit!r}")
        if self.kind == "fuel" and self.fuel not in (None, "diesel"):
            raise ValueError(f"meter {key!r}: only diesel fuel is supported")

    def max_rate(self):
        """Maximum plausible rate in the meter's own unit per hour, or None.

        energy: max_power_kw (kWh/h); fuel: max_power_kw / 9.9 (L/h);
        water: max_flow_m3_per_h (m3/h).
        """
        if self.kind == "energy":
            return self.max_power_kw
        if self.kind == "fuel":
            if self.max_power_kw is None:
                return None
            return self.max_power_kw / DIESEL_KWH_PER_L
        if self.kind == "water":
            return self.max_flow_m3_per_h
        return None

    def group(self):
        """KPI group of the meter, or None when it does not enter the KPIs."""
        role = self.role
        if role == "facility_input":
            return "FUEL" if self.kind == "fuel" else "F"
        return {
            "onsite_renewable": "ONSITE",
            "excluded_load": "EXC",
            "it": f"IT_{self.category}",
            "cooling": "COOL",
            "power_distribution": "PD",
            "other": "OTH",
            "reuse": "REUSE",
            "renewable": "REN",
            "water": "WAT",
        }.get(role)  # outdoor_temperature, info, ...: None


class Site:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)  # dicts keep the file order
        self.name = doc.get("site")
        self.timezone = ZoneInfo(doc["timezone"])
        self.max_gap_ms = to_fraction(doc.get("max_gap_s", 900)) * 1000
        self.decls = [MeterDecl(k, v) for k, v in doc["meters"].items()]
        self._exact = {d.key: d for d in self.decls}
        self._cache = {}

    def resolve(self, meter_id):
        """Exact id first, else the first glob (in file order) that matches."""
        if meter_id in self._cache:
            return self._cache[meter_id]
        decl = self._exact.get(meter_id)
        if decl is None:
            for d in self.decls:
                if any(c in d.key for c in "*?") and \
                        fnmatch.fnmatchcase(meter_id, d.key):
                    decl = d
                    break
        self._cache[meter_id] = decl
        return decl


# --------------------------------------------------------------------------
# Per-meter hourly accumulation
# --------------------------------------------------------------------------

class MeterState:
    """Readings bookkeeping and hour buckets of one meter id."""

    def __init__(self, meter_id, decl):
        self.id = meter_id
        self.decl = decl
        self.prev = None          # (t_ms, value) of the previous reading
        self.amount = {}          # hour index -> Fraction (own unit)
        self.covered_ms = {}      # hour index -> int milliseconds
        self.quanta = {}          # hour index -> int (after finalize())

    def book(self, t1, t2, amount):
        """Spread `amount` uniformly over [t1, t2) into UTC hour buckets and
        mark the interval as covered."""
        length = t2 - t1
        if length <= 0:
            return  # an empty interval can hold nothing
        h = t1 // HOUR_MS
        while h * HOUR_MS < t2:
            lo = max(t1, h * HOUR_MS)
            hi = min(t2, (h + 1) * HOUR_MS)
            overlap = hi - lo
            if overlap > 0:
                self.amount[h] = self.amount.get(h, 0) + \
                    amount * Fraction(overlap, length)
                self.covered_ms[h] = self.covered_ms.get(h, 0) + overlap
            h += 1

    def add_reading(self, t, v, max_gap_ms):
        prev, self.prev = self.prev, (t, v)
        if prev is None:
            return
        t1, v1 = prev
        if self.decl.group() is None:
            return  # ignored for the KPIs: no need to integrate
        if self.decl.is_rate:
            self._rate_interval(t1, v1, t, max_gap_ms)
        else:
            self._counter_interval(t1, v1, t, v)

    def _rate_interval(self, t1, v1, t2, max_gap_ms):
        """Left Riemann: v1 holds over [t1, t2) unless the step is a gap."""
        if t2 - t1 > max_gap_ms:
            return  # gap: nothing booked, not covered
        self.book(t1, t2, v1 * Fraction(t2 - t1, HOUR_MS))

    def _counter_interval(self, t1, v1, t2, v2):
        """Counter delta with rollover, reset and implausibility handling."""
        dt_h = Fraction(t2 - t1, HOUR_MS)
        max_rate = self.decl.max_rate()
        limit = None if max_rate is None else max_rate * dt_h * RATE_LIMIT_SLACK
        delta = v2 - v1
        if delta < 0:
            R = self.decl.rollover
            if R is None:
                return  # reset: not booked, not covered
            wrapped = v2 + R - v1
            if limit is not None:
                is_rollover = 0 <= wrapped <= limit
            else:
                is_rollover = wrapped <= R / 2
            if is_rollover:
                self.book(t1, t2, wrapped)
            return  # else: reset, not booked, not covered
        if limit is not None and delta > limit:
            return  # implausible jump: not booked, not covered
        self.book(t1, t2, delta)

    def finalize(self):
        """Round every hour bucket to integer 1e-9 quanta (half away from 0).

        Fuel is kept in litres here and converted to kWh by the caller."""
        self.quanta = {h: round_half_away(a * QUANTA_PER_UNIT)
                       for h, a in self.amount.items()}
        if self.decl.kind == "fuel":
            # rounded litre quanta x 9.9, rounded again to an integer quantum
            self.quanta = {h: round_half_away(q * DIESEL_KWH_PER_L)
                           for h, q in self.quanta.items()}


# --------------------------------------------------------------------------
# Reading the data
# --------------------------------------------------------------------------

def read_long_csv(path, site):
    """Read the long CSV and feed every mapped reading to its meter.

    Returns (meters by id in order of first appearance, t_from, t_to)."""
    meters = {}
    t_from = t_to = None
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != \
                ["timestamp", "meter", "value"]:
            raise ValueError("expected a long CSV with header timestamp,meter,value")
        for row in reader:
            if not row or all(not c.strip() for c in row):
                continue
            ts, meter_id, value = row[0], row[1].strip(), row[2].strip()
            decl = site.resolve(meter_id)
            if decl is None:
                continue  # not declared: ignored, and not part of the period
            if value == "":
                continue  # no reading
            t = parse_timestamp_ms(ts)
            v = Fraction(value)
            st = meters.get(meter_id)
            if st is None:
                st = meters[meter_id] = MeterState(meter_id, decl)
            st.add_reading(t, v, site.max_gap_ms)
            t_from = t if t_from is None else min(t_from, t)
            t_to = t if t_to is None else max(t_to, t)
    return meters, t_from, t_to


# --------------------------------------------------------------------------
# KPI computation
# --------------------------------------------------------------------------

class Figures:
    """Integer-quanta sums of the groups over a set of hour buckets."""

    def __init__(self):
        self.g = {}            # group -> int quanta
        self.span_ms = 0       # total span of the buckets summed
        self.complete_ms = 0   # span of the complete buckets

    def add(self, group, q):
        self.g[group] = self.g.get(group, 0) + q

    def get(self, group):
        return self.g.get(group, 0)

    def e_dc(self):
        return (self.get("F") + self.get("FUEL") + self.get("ONSITE")
                - self.get("EXC"))


def compute(site, meters, t_from, t_to):
    for st in meters.values():
        st.finalize()

    # Meters with data, grouped.
    by_group = {}
    for st in meters.values():
        grp = st.decl.group()
        if grp is not None:
            by_group.setdefault(grp, []).append(st)
    # A meter of E_DC or E_IT the site file names exactly (no glob) without any reading is a
    # gap over the whole period: it joins its group with no covered time.
    for d in site.decls:
        grp = d.group()
        if grp is not None and (grp in ("F", "FUEL", "ONSITE", "EXC")
                                or grp.startswith("IT_")) \
                and not any(c in d.key for c in "*?") and d.key not in meters:
            by_group.setdefault(d.group(), []).append(MeterState(d.key, d))

    # The headline: the highest IT category with a reading, else the highest declared one.
    it_categories = sorted(int(g[3:]) for g in by_group if g.startswith("IT_"))
    with_data = [c for c in it_categories
                 if any(st.prev is not None for st in by_group[f"IT_{c}"])]
    headline = max(with_data or it_categories) if it_categories else None

    completeness_groups = list(GROUPS_FOR_COMPLETENESS_BASE)
    if headline is not None:
        completeness_groups.append(f"IT_{headline}")
    completeness_meters = [st for g in completeness_groups
                           for st in by_group.get(g, [])]

    # Hour buckets intersecting [t_from, t_to).
    buckets = []  # (hour index, span_ms)
    if t_from is not None and t_to > t_from:
        for h in range(t_from // HOUR_MS, (t_to - 1) // HOUR_MS + 1):
            lo = max(t_from, h * HOUR_MS)
            hi = min(t_to, (h + 1) * HOUR_MS)
            if hi > lo:
                buckets.append((h, hi - lo))

    def complete(meter_list, h, span):
        return all(st.covered_ms.get(h, 0) == span for st in meter_list)

    # Accumulators: overall, per category (for non-headline PUE_c), per day.
    total = Figures()
    per_cat = {c: Figures() for c in it_categories}
    days = {}  # label -> Figures
    day_order = []
    for h, span in buckets:
        start_local = dt.datetime.fromtimestamp(
            h * HOUR_MS // 1000, tz=dt.timezone.utc).astimezone(site.timezone)
        label = start_local.date().isoformat()
        if label not in days:
            days[label] = Figures()
            day_order.append(label)
        day = days[label]
        total.span_ms += span
        day.span_ms += span

        if not complete(completeness_meters, h, span):
            continue
        total.complete_ms += span
        day.complete_ms += span
        for grp, sts in by_group.items():
            q = sum(st.quanta.get(h, 0) for st in sts)
            total.add(grp, q)
            day.add(grp, q)
        # Non-headline categories need their own IT meters complete too.
        for c in it_categories:
            sts = by_group[f"IT_{c}"]
            if c == headline or complete(sts, h, span):
                per_cat[c].complete_ms += span
                for grp, gsts in by_group.items():
                    per_cat[c].add(grp, sum(st.quanta.get(h, 0) for st in gsts))

    it_key = f"IT_{headline}" if headline is not None else None

    def kpis(fig):
        e_dc = fig.e_dc()
        it = fig.get(it_key) if it_key else 0
        reuse = fig.get("REUSE")
        ren = fig.get("REN") + fig.get("ONSITE")
        # A KPI whose numerator has no meter (with data) at all is not computed, not 0.
        def given(*groups):
            return any(g in by_group for g in groups)
        return {
            "pue": ratio(e_dc, it),
            "erf": ratio(reuse, e_dc) if given("REUSE") else None,
            "ere": ratio(e_dc - reuse, it) if given("REUSE") else None,
            "ref": ratio(ren, e_dc) if given("REN", "ONSITE") else None,
            # WUE in L/kWh: 1000 L per m3; both sides in 1e-9 quanta.
            "wue": ratio(1000 * fig.get("WAT"), it) if given("WAT") else None,
            "facility_kwh": quanta_to_float(e_dc),
            "it_kwh": quanta_to_float(it),
        }

    head = kpis(total)
    pue_by_category = {}
    for c in (1, 2, 3):
        if c not in it_categories:
            pue_by_category[str(c)] = None
        elif c == headline:
            pue_by_category[str(c)] = head["pue"]
        else:
            fig = per_cat[c]
            pue_by_category[str(c)] = ratio(fig.e_dc(), fig.get(f"IT_{c}"))

    period_ms = (t_to - t_from) if t_from is not None else 0
    out = {
        "site": site.name,
        "headline_category": headline,
        "period": {
            "from_ms": t_from,
            "to_ms": t_to,
        },
        "pue": head["pue"],
        "pue_by_category": pue_by_category,
        "facility_kwh": head["facility_kwh"],
        "facility_input_kwh": quanta_to_float(total.get("F")),
        "it_kwh": head["it_kwh"],
        "it_kwh_by_category": {
            str(c): (quanta_to_float(total.get(f"IT_{c}"))
                     if c in it_categories else None) for c in (1, 2, 3)},
        "cooling_kwh": quanta_to_float(total.get("COOL")),
        "power_distribution_kwh": quanta_to_float(total.get("PD")),
        "other_kwh": quanta_to_float(total.get("OTH")),
        "reuse_kwh": quanta_to_float(total.get("REUSE")),
        "renewable_kwh": quanta_to_float(total.get("REN") + total.get("ONSITE")),
        "onsite_renewable_kwh": quanta_to_float(total.get("ONSITE")),
        "excluded_kwh": quanta_to_float(total.get("EXC")),
        "fuel_kwh": quanta_to_float(total.get("FUEL")),
        "water_m3": quanta_to_float(total.get("WAT")),
        "erf": head["erf"],
        "ere": head["ere"],
        "ref": head["ref"],
        "wue": head["wue"],
        "coverage": ratio(total.complete_ms, period_ms),
        "days": [],
    }
    for label in day_order:
        fig = days[label]
        k = kpis(fig)
        out["days"].append({
            "label": label,
            "pue": k["pue"],
            "facility_kwh": k["facility_kwh"],
            "it_kwh": k["it_kwh"],
            "coverage": ratio(fig.complete_ms, fig.span_ms),
        })
    return out


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: reference_report.py SITE.json DATA.csv\n")
        return 2
    site = Site(argv[1])
    meters, t_from, t_to = read_long_csv(argv[2], site)
    result = compute(site, meters, t_from, t_to)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
