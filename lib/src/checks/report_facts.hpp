#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "dceff/report/report.hpp"
#include "dceff/time.hpp"

namespace dceff::checks::detail {

/// The report's whole period as verdicts print it: `2025-01-01T00:00:00Z..2026-01-01T00:00:00Z`.
inline auto whole_period(const report::Report& r) -> std::string {
  return fmt::format("{}..{}", format_utc(r.from), format_utc(r.to));
}

/// Whether the site has a meter with data in `role` (and, unless 0, measurement `category`).
inline auto has_role(const report::Report& r, std::string_view role, int category = 0) -> bool {
  return std::any_of(r.meters.begin(), r.meters.end(), [&](const report::MeterSummary& m) {
    // A meter the site file names but that has no data is listed with 0 rows: not "with data".
    return m.rows > 0 && m.role == role && (category == 0 || m.category == category);
  });
}

}  // namespace dceff::checks::detail
