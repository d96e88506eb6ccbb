#pragma once

#include <catch2/catch.hpp>

#include "dceff/report/report.hpp"

namespace dceff::test {

/// The same figures bit for bit: KPIs are deterministic functions of the same integer sums.
inline void check_same(const report::Figures& a, const report::Figures& b) {
  CHECK(a.label == b.label);
  CHECK(a.from == b.from);
  CHECK(a.to == b.to);
  CHECK(a.coverage == b.coverage);
  CHECK(a.kpis.pue == b.kpis.pue);
  CHECK(a.kpis.pue_by_category == b.kpis.pue_by_category);
  CHECK(a.kpis.ere == b.kpis.ere);
  CHECK(a.kpis.erf == b.kpis.erf);
  CHECK(a.kpis.ref == b.kpis.ref);
  CHECK(a.kpis.wue == b.kpis.wue);
  CHECK(a.kpis.cue == b.kpis.cue);
  CHECK(a.kpis.ppue_cooling == b.kpis.ppue_cooling);
  CHECK(a.energy.facility_kwh == b.energy.facility_kwh);
  CHECK(a.energy.it_kwh == b.energy.it_kwh);
  CHECK(a.energy.reuse_kwh == b.energy.reuse_kwh);
  CHECK(a.energy.water_m3 == b.energy.water_m3);
  CHECK(a.energy.unmetered_kwh == b.energy.unmetered_kwh);
}

/// The same period, headline, totals and buckets.
inline void check_same(const report::Report& a, const report::Report& b) {
  CHECK(a.from == b.from);
  CHECK(a.to == b.to);
  CHECK(a.headline_category == b.headline_category);
  check_same(a.total, b.total);
  REQUIRE(a.buckets.size() == b.buckets.size());
  for (std::size_t i = 0; i < a.buckets.size(); ++i) {
    check_same(a.buckets[i], b.buckets[i]);
  }
}

/// The same per-meter totals and tallies.
inline void check_same_meters(const report::Report& one, const report::Report& other) {
  REQUIRE(one.meters.size() == other.meters.size());
  for (std::size_t i = 0; i < one.meters.size(); ++i) {
    const auto& a = one.meters[i];
    const auto& b = other.meters[i];
    INFO(a.id);
    CHECK(a.id == b.id);
    CHECK(a.total == b.total);
    CHECK(a.coverage == b.coverage);
    CHECK(a.rows == b.rows);
    CHECK(a.gaps == b.gaps);
    CHECK(a.rollovers == b.rollovers);
    CHECK(a.resets == b.resets);
    CHECK(a.duplicates == b.duplicates);
    CHECK(a.first == b.first);
    CHECK(a.last == b.last);
  }
}

}  // namespace dceff::test
