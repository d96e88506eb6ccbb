#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "dceff/report/report.hpp"

namespace dceff::test {

inline auto utc(int y, unsigned m, unsigned d) -> Timestamp {
  return Timestamp{
      std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}};
}

inline auto month(std::string label, Timestamp from, Timestamp to, std::optional<double> pue,
                  double coverage, std::optional<double> erf, double facility_kwh,
                  double filled_kwh) -> report::Figures {
  report::Figures f;
  f.label = std::move(label);
  f.from = from;
  f.to = to;
  f.coverage = coverage;
  f.kpis.pue = pue;
  f.kpis.pue_by_category[1] = pue;
  f.kpis.erf = erf;
  f.energy.facility_kwh = facility_kwh;
  f.energy.filled_kwh = filled_kwh;
  return f;
}

/// A report written by hand, so that every expected figure below is known without dceff:
///
///   whole period 2025-01-01..2025-04-01 (UTC): pue 1.25 (category 2), pue_cat1 1.2,
///   pue_cat3 n/a, dcie 0.8, ere 1.1, erf 0.12, ref 0.3, cue n/a, wue 1.5, ppue_cooling 1.15,
///   ppue_power_distribution n/a, ppue_other 1.02, coverage 0.96, E_DC 1000 kWh of which
///   20 kWh filled (filled_share 0.02);
///
///   monthly buckets   pue    coverage  erf   E_DC  filled  filled_share
///   2025-01           1.30   1.00      0.10  400   0       0
///   2025-02           n/a    0.00      n/a   0     0       n/a
///   2025-03           1.20   0.88      0.14  600   20      1/30
inline auto hand_report() -> report::Report {
  report::Report r;
  r.tool_version = "0.1.0";
  r.site_name = "Hand Hall";
  r.site_path = "site.json";
  r.site_sha256 = "00";
  r.timezone = "UTC";
  r.from = utc(2025, 1, 1);
  r.to = utc(2025, 4, 1);
  r.headline_category = 2;
  r.period = report::Period::kMonth;
  auto& t = r.total;
  t.label = "2025-01-01..2025-04-01";
  t.from = r.from;
  t.to = r.to;
  t.coverage = 0.96;
  t.kpis.pue = 1.25;
  t.kpis.pue_by_category = {1.2, 1.25, std::nullopt};
  t.kpis.dcie = 0.8;
  t.kpis.ere = 1.1;
  t.kpis.erf = 0.12;
  t.kpis.ref = 0.3;
  t.kpis.wue = 1.5;
  t.kpis.ppue_cooling = 1.15;
  t.kpis.ppue_other = 1.02;
  t.energy.facility_kwh = 1000.0;
  t.energy.filled_kwh = 20.0;
  r.buckets.push_back(month("2025-01", utc(2025, 1, 1), utc(2025, 2, 1), 1.30, 1.0, 0.10, 400, 0));
  r.buckets.push_back(
      month("2025-02", utc(2025, 2, 1), utc(2025, 3, 1), std::nullopt, 0.0, std::nullopt, 0, 0));
  r.buckets.push_back(
      month("2025-03", utc(2025, 3, 1), utc(2025, 4, 1), 1.20, 0.88, 0.14, 600, 20));
  report::InputProvenance input;
  input.path = "telemetry.csv";
  input.format = "long-csv";
  input.rows = 3;
  input.bytes = 42;
  input.sha256 = "ab";
  r.inputs.push_back(input);
  return r;
}

/// The whole period of hand_report() as gates print it.
inline constexpr const char* kHandPeriod = "2025-01-01T00:00:00Z..2025-04-01T00:00:00Z";

}  // namespace dceff::test
