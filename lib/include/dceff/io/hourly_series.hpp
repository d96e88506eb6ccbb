#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace dceff::io {

/// What the values of an hourly series mean, for range checks and messages.
struct SeriesLimits {
  double min = 0.0;
  double max = 0.0;
  std::string_view expected;  ///< `a power in kW from 0 to 10000000`
};

/// Reads an hourly series (IT power, heat demand, grid carbon factor): one value per line, the
/// value in the last comma-separated field so `timestamp,kw` exports work as they are. A first
/// line whose last field is not a number is a header; blank lines and lines starting with `#` are
/// skipped. `name` starts every message.
/// @throws InputError `it.csv:7: invalid value 'n/a' (expected a power in kW ...)`, also for a
/// series without values
[[nodiscard]] auto read_hourly_series(std::istream& in, std::string_view name,
                                      const SeriesLimits& limits) -> std::vector<double>;

/// Reads an hourly series from a file. @throws InputError, also when it cannot be opened
[[nodiscard]] auto load_hourly_series(const std::string& path, const SeriesLimits& limits)
    -> std::vector<double>;

}  // namespace dceff::io
