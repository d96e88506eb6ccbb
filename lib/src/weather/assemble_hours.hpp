#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/weather/weather_year.hpp"

namespace dceff::weather::detail {

/// Longest run of consecutive missing hours that is filled by linear interpolation; a longer
/// run is an error, because a straight line across more than a quarter of a day would erase the
/// daily cycle the cooling model depends on.
inline constexpr std::size_t kMaxFilledRunH = 6;

/// Dew point may exceed the dry bulb by this much (rounding in the source) before it is an error;
/// within it, the dew point is capped at the dry bulb.
inline constexpr double kDewPointExcessToleranceK = 0.5;

/// Hourly values as read, first hour first; NaN marks a missing value. `line` is the file line
/// of each hour, for messages.
struct RawHours {
  std::vector<double> dry_bulb_c;
  std::vector<double> dew_point_c;
  std::vector<double> relative_humidity_pct;
  std::vector<double> pressure_pa;
  std::vector<std::size_t> line;
  bool dew_point_given = true;  ///< false when the format has no dew-point column
  bool relative_humidity_given = true;

  /// Appends the next hour, read from file line `at_line`.
  void add_hour(double dry_bulb, double dew_point, double relative_humidity, double pressure,
                std::size_t at_line) {
    dry_bulb_c.push_back(dry_bulb);
    dew_point_c.push_back(dew_point);
    relative_humidity_pct.push_back(relative_humidity);
    pressure_pa.push_back(pressure);
    line.push_back(at_line);
  }
};

/// Fills short gaps (year treated as cyclic, so a gap at 1 January interpolates from
/// 31 December), derives the missing humidity measure from the other one, caps a dew point just
/// above the dry bulb and RH above 100 %, and computes the wet bulb. Each repair adds one line
/// to `notes`. @throws InputError `<name>:<line>: ...` for a gap longer than kMaxFilledRunH.
[[nodiscard]] auto assemble_hours(RawHours raw, std::string_view name,
                                  std::vector<std::string>& notes) -> std::vector<Hour>;

}  // namespace dceff::weather::detail
