#include "assemble_hours.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/weather/psychrometrics.hpp"

namespace dceff::weather::detail {
namespace {

/// Consecutive missing hours, possibly wrapping from the last hour of the year to the first.
struct Run {
  std::size_t first = 0;
  std::size_t count = 0;
};

/// Maximal runs of `missing(i)`, cyclic; every index missing is one run of the whole year.
template <typename Missing>
auto find_runs(std::size_t size, Missing missing) -> std::vector<Run> {
  std::vector<Run> runs;
  std::optional<std::size_t> present;
  for (std::size_t i = 0; i < size; ++i) {
    if (!missing(i)) {
      present = i;
      break;
    }
  }
  if (!present) {
    if (size > 0) {
      runs.push_back({0, size});
    }
    return runs;
  }
  // Walk once around the year starting just after a present hour, so no run is split.
  for (std::size_t step = 1; step <= size; ++step) {
    const std::size_t i = (*present + step) % size;
    if (!missing(i)) {
      continue;
    }
    if (!runs.empty()) {
      const Run& last = runs.back();
      if ((last.first + last.count) % size == i) {
        runs.back().count += 1;
        continue;
      }
    }
    runs.push_back({i, 1});
  }
  return runs;
}

auto lines_of(const RawHours& raw, const Run& run, std::string_view name) -> std::string {
  const std::size_t last = (run.first + run.count - 1) % raw.line.size();
  if (run.count == 1) {
    return fmt::format("{}:{}", name, raw.line[run.first]);
  }
  return fmt::format("{}:{}-{}", name, raw.line[run.first], raw.line[last]);
}

/// Linear interpolation over each short run of NaN in `values`, one note per run.
void fill_gaps(std::vector<double>& values, const RawHours& raw, std::string_view name,
               std::string_view what, std::string_view unit, std::vector<std::string>& notes) {
  const std::size_t size = values.size();
  const auto runs = find_runs(size, [&](std::size_t i) { return std::isnan(values[i]); });
  for (const Run& run : runs) {
    if (run.count == size) {
      throw InputError(
          fmt::format("{}:{}: {} missing in every row (expected values, with gaps of "
                      "at most {} hours)",
                      name, raw.line.front(), what, kMaxFilledRunH));
    }
    if (run.count > kMaxFilledRunH) {
      throw InputError(fmt::format(
          "{}:{}: {} missing for {} consecutive hours from here (expected gaps of at most {} "
          "hours, which are filled by linear interpolation)",
          name, raw.line[run.first], what, run.count, kMaxFilledRunH));
    }
    const double before = values[(run.first + size - 1) % size];
    const double after = values[(run.first + run.count) % size];
    for (std::size_t k = 0; k < run.count; ++k) {
      const double fraction = static_cast<double>(k + 1) / static_cast<double>(run.count + 1);
      values[(run.first + k) % size] = before + (after - before) * fraction;
    }
    notes.push_back(fmt::format(
        "{}: {} missing for {} hour{}, filled by linear interpolation "
        "between {:.1f} and {:.1f} {}",
        lines_of(raw, run, name), what, run.count, run.count == 1 ? "" : "s", before, after, unit));
  }
}

/// Fills the hours where `target` is missing and `source` is not with `derive(hour)`, one note
/// per run when the column exists (a format without the column needs no note per hour).
template <typename Derive>
void derive_missing(std::vector<double>& target, const std::vector<double>& source, bool noted,
                    const RawHours& raw, std::string_view name, std::string_view what,
                    std::string_view from, Derive derive, std::vector<std::string>& notes) {
  const std::size_t size = target.size();
  const auto runs = find_runs(
      size, [&](std::size_t i) { return std::isnan(target[i]) && !std::isnan(source[i]); });
  for (const Run& run : runs) {
    for (std::size_t k = 0; k < run.count; ++k) {
      const std::size_t i = (run.first + k) % size;
      target[i] = derive(i);
    }
    if (noted) {
      notes.push_back(fmt::format("{}: {} missing for {} hour{}, derived from {}",
                                  lines_of(raw, run, name), what, run.count,
                                  run.count == 1 ? "" : "s", from));
    }
  }
}

}  // namespace

auto assemble_hours(RawHours raw, std::string_view name, std::vector<std::string>& notes)
    -> std::vector<Hour> {
  const std::size_t size = raw.dry_bulb_c.size();
  fill_gaps(raw.dry_bulb_c, raw, name, "dry bulb", "degC", notes);
  fill_gaps(raw.pressure_pa, raw, name, "pressure", "Pa", notes);

  // Humidity: one measure is derived from the other where only one is missing; where both are,
  // the dew point (the smoother of the two) is interpolated and RH follows from it.
  std::vector<bool> both_missing(size);
  for (std::size_t i = 0; i < size; ++i) {
    both_missing[i] = std::isnan(raw.dew_point_c[i]) && std::isnan(raw.relative_humidity_pct[i]);
  }
  const auto relative_humidity = [&](std::size_t i) {
    return relative_humidity_from_dew_point_pct(raw.dry_bulb_c[i],
                                                std::min(raw.dew_point_c[i], raw.dry_bulb_c[i]));
  };
  derive_missing(
      raw.dew_point_c, raw.relative_humidity_pct, raw.dew_point_given, raw, name, "dew point",
      "dry bulb and relative humidity",
      [&](std::size_t i) {
        return dew_point_from_relative_humidity_c(raw.dry_bulb_c[i],
                                                  std::min(raw.relative_humidity_pct[i], 100.0));
      },
      notes);
  // Now every hour with RH has a dew point, so the interpolation has its neighbours.
  const char* humidity = !raw.dew_point_given           ? "relative humidity"
                         : !raw.relative_humidity_given ? "dew point"
                                                        : "dew point and relative humidity";
  fill_gaps(raw.dew_point_c, raw, name, humidity, "degC dew point", notes);
  for (std::size_t i = 0; i < size; ++i) {
    if (both_missing[i]) {
      raw.relative_humidity_pct[i] = relative_humidity(i);  // noted with the fill above
    }
  }
  derive_missing(raw.relative_humidity_pct, raw.dew_point_c, raw.relative_humidity_given, raw, name,
                 "relative humidity", "dry bulb and dew point", relative_humidity, notes);

  std::size_t dew_point_capped = 0;
  double dew_point_excess_k = 0.0;
  std::size_t humidity_capped = 0;
  double humidity_max_pct = 0.0;
  std::vector<Hour> hours(size);
  for (std::size_t i = 0; i < size; ++i) {
    Hour& hour = hours[i];
    hour.dry_bulb_c = raw.dry_bulb_c[i];
    hour.pressure_pa = raw.pressure_pa[i];
    hour.dew_point_c = raw.dew_point_c[i];
    if (hour.dew_point_c > hour.dry_bulb_c) {
      ++dew_point_capped;
      dew_point_excess_k = std::max(dew_point_excess_k, hour.dew_point_c - hour.dry_bulb_c);
      hour.dew_point_c = hour.dry_bulb_c;
    }
    hour.relative_humidity_pct = raw.relative_humidity_pct[i];
    if (hour.relative_humidity_pct > 100.0) {
      ++humidity_capped;
      humidity_max_pct = std::max(humidity_max_pct, hour.relative_humidity_pct);
      hour.relative_humidity_pct = 100.0;
    }
    // The dew point (0.1 K resolution in EPW files) pins the vapour content more finely than RH
    // (whole per cent), so it sets the wet bulb.
    hour.wet_bulb_c =
        wet_bulb_from_dew_point_c(hour.dry_bulb_c, hour.dew_point_c, hour.pressure_pa);
  }
  if (dew_point_capped > 0) {
    notes.push_back(
        fmt::format("{}: dew point above the dry bulb in {} hour{} (by up to {:.1f} K), "
                    "capped at the dry bulb",
                    name, dew_point_capped, dew_point_capped == 1 ? "" : "s", dew_point_excess_k));
  }
  if (humidity_capped > 0) {
    notes.push_back(
        fmt::format("{}: relative humidity above 100 % in {} hour{} (up to {:g} %), "
                    "capped at 100 %",
                    name, humidity_capped, humidity_capped == 1 ? "" : "s", humidity_max_pct));
  }
  return hours;
}

}  // namespace dceff::weather::detail
