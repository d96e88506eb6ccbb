#include "dceff/weather/weather_csv.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/io/byte_source.hpp"
#include "dceff/time.hpp"
#include "dceff/weather/psychrometrics.hpp"

#include "assemble_hours.hpp"
#include "io/text_fields.hpp"
#include "weather_bytes.hpp"
#include "weather_text.hpp"

namespace dceff::weather {
namespace {

using detail::LineCursor;
using io::detail::lower;
using io::detail::quote;
using io::detail::trim;
namespace chrono = std::chrono;

constexpr double kSeaLevelPressurePa = 101325.0;
constexpr std::string_view kExpectedHeader =
    "timestamp,dry_bulb_c,relative_humidity_pct or dew_point_c[,pressure_pa]";

enum Column : std::size_t { kTimestamp, kDryBulb, kHumidity, kDewPoint, kPressure, kColumns };
constexpr std::array<std::string_view, kColumns> kColumnNames{
    "timestamp", "dry_bulb_c", "relative_humidity_pct", "dew_point_c", "pressure_pa"};

/// A timestamp's wall-clock time, and its UTC offset when it states one.
struct WallClock {
  LocalTimestamp local;
  std::optional<chrono::milliseconds> offset;
};

auto parse_wall_clock(std::string_view text) -> std::optional<WallClock> {
  const auto parsed = parse_timestamp(text);
  if (!parsed) {
    return std::nullopt;
  }
  if (parsed->is_local) {
    return WallClock{parsed->local, std::nullopt};
  }
  // An instant: read the same text without its offset to get the wall clock it was written in.
  // Epoch numbers have no wall clock and stay rejected.
  std::string_view wall = text;
  if (!wall.empty() && (wall.back() == 'Z' || wall.back() == 'z')) {
    wall.remove_suffix(1);
  } else {
    const std::size_t sign = wall.find_last_of("+-");
    if (sign == std::string_view::npos || sign < 11) {
      return std::nullopt;
    }
    wall = wall.substr(0, sign);
  }
  const auto local = parse_timestamp(wall);
  if (!local || !local->is_local) {
    return std::nullopt;
  }
  return WallClock{local->local,
                   local->local.time_since_epoch() - parsed->instant.time_since_epoch()};
}

auto format_wall_clock(LocalTimestamp local) -> std::string {
  const auto day = chrono::floor<chrono::days>(local);
  const chrono::year_month_day date{day};
  const auto hour = chrono::duration_cast<chrono::hours>(local - day).count();
  return fmt::format("{:04}-{:02}-{:02} {:02}:00", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), hour);
}

auto format_offset(const std::optional<chrono::milliseconds>& offset) -> std::string {
  if (!offset) {
    return "none";
  }
  const auto minutes = chrono::duration_cast<chrono::minutes>(*offset).count();
  const auto magnitude = minutes < 0 ? -minutes : minutes;
  return fmt::format("{}{:02}:{:02}", minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

class CsvParser {
 public:
  CsvParser(std::string_view bytes, const std::string& name, const WeatherCsvOptions& options)
      : lines_{bytes}, name_{name}, options_{options} {}

  auto parse() -> WeatherYear {
    WeatherYear year;
    year.source = name_;
    if (options_.elevation_m &&
        !(*options_.elevation_m >= -1000.0 && *options_.elevation_m <= 9999.9)) {
      throw InputError(fmt::format("{}: elevation {:g} m (expected -1000..9999.9 m)", name_,
                                   *options_.elevation_m));
    }
    read_header();
    read_rows();
    if (columns_[kPressure] == kAbsent) {
      const double pressure =
          options_.elevation_m ? standard_pressure_pa(*options_.elevation_m) : kSeaLevelPressurePa;
      raw_.pressure_pa.assign(raw_.dry_bulb_c.size(), pressure);
      year.notes.push_back(
          options_.elevation_m
              ? fmt::format("{}: no pressure_pa column: {:.0f} Pa, the standard atmosphere at "
                            "{:g} m (ASHRAE 2017 Fundamentals ch. 1 eq. 3) [T]",
                            name_, pressure, *options_.elevation_m)
              : fmt::format("{}: no pressure_pa column and no elevation: 101325 Pa, the "
                            "standard atmosphere at sea level [T]",
                            name_));
    }
    if (options_.elevation_m) {
      year.elevation_m = *options_.elevation_m;
    }
    if (offset_) {
      year.utc_offset_h = static_cast<double>(offset_->count()) / 3.6e6;
    } else {
      year.notes.push_back(
          fmt::format("{}: timestamps carry no UTC offset: utc_offset_h is "
                      "unknown and left at 0",
                      name_));
    }
    year.hours = detail::assemble_hours(std::move(raw_), name_, year.notes);
    return year;
  }

 private:
  static constexpr std::size_t kAbsent = std::numeric_limits<std::size_t>::max();

  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    throw InputError(fmt::format("{}:{}: {}", name_, line, what));
  }

  void read_header() {
    const auto line = lines_.next();
    if (!line || trim(*line).empty()) {
      fail(1, fmt::format("empty header (expected {})", kExpectedHeader));
    }
    detail::split_commas(*line, fields_);
    columns_.fill(kAbsent);
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const auto column_name = lower(trim(fields_[i]));
      std::size_t column = 0;
      while (column < kColumns && kColumnNames[column] != column_name) {
        ++column;
      }
      if (column == kColumns) {
        fail(1, fmt::format("unknown column '{}' (expected timestamp, dry_bulb_c, "
                            "relative_humidity_pct, dew_point_c or pressure_pa)",
                            quote(trim(fields_[i]))));
      }
      if (columns_[column] != kAbsent) {
        fail(1, fmt::format("column '{}' appears twice", kColumnNames[column]));
      }
      columns_[column] = i;
    }
    width_ = fields_.size();
    for (const auto required : {kTimestamp, kDryBulb}) {
      if (columns_[required] == kAbsent) {
        fail(1, fmt::format("header has no {} column (expected {})", kColumnNames[required],
                            kExpectedHeader));
      }
    }
    if (columns_[kHumidity] == kAbsent && columns_[kDewPoint] == kAbsent) {
      fail(1, fmt::format("header has neither relative_humidity_pct nor dew_point_c (expected {})",
                          kExpectedHeader));
    }
    raw_.relative_humidity_given = columns_[kHumidity] != kAbsent;
    raw_.dew_point_given = columns_[kDewPoint] != kAbsent;
  }

  auto value(Column column, const detail::Quantity& quantity, std::size_t line) const -> double {
    if (columns_[column] == kAbsent) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    const auto text = trim(fields_[columns_[column]]);
    if (text.empty()) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    return detail::checked_value(text, quantity, name_, line, ", or an empty cell for missing");
  }

  void check_time(std::string_view text, std::size_t line) {
    const auto clock = parse_wall_clock(trim(text));
    if (!clock) {
      fail(line, fmt::format("timestamp '{}' (expected a local date and time such as "
                             "2025-01-01 00:00, optionally with one fixed offset such as +01:00)",
                             quote(trim(text))));
    }
    if (rows_ == 0) {
      const auto day = chrono::floor<chrono::days>(clock->local);
      const chrono::year_month_day date{day};
      if (clock->local != day || date.month() != chrono::January || date.day() != chrono::day{1}) {
        fail(line, fmt::format("first timestamp '{}' (expected the start of a year, "
                               "YYYY-01-01 00:00)",
                               quote(trim(text))));
      }
      first_ = clock->local;
      offset_ = clock->offset;
      expected_rows_ = date.year().is_leap() ? 8784 : 8760;
      year_ = static_cast<int>(date.year());
      return;
    }
    const auto expected = first_ + chrono::hours{rows_};
    if (clock->local != expected) {
      fail(line, fmt::format("timestamp '{}' (expected {}: one row per hour, in order, without "
                             "gaps or repeats)",
                             quote(trim(text)), format_wall_clock(expected)));
    }
    if (clock->offset != offset_) {
      fail(line,
           fmt::format("timestamp '{}' has UTC offset {} but the first row {} (expected one "
                       "fixed offset: local standard time, no daylight saving)",
                       quote(trim(text)), format_offset(clock->offset), format_offset(offset_)));
    }
  }

  void read_rows() {
    while (const auto line =
               detail::next_row(lines_, name_, "empty line among the rows (expected a row)")) {
      const std::size_t number = lines_.number();
      if (rows_ > 0 && rows_ == expected_rows_) {
        fail(number, fmt::format("row after the last hour of {} (expected the end of the file "
                                 "after {} hourly rows)",
                                 year_, expected_rows_));
      }
      detail::split_commas(*line, fields_);
      if (fields_.size() != width_) {
        fail(number, fmt::format("row has {} fields (expected {}, as in the header)",
                                 fields_.size(), width_));
      }
      check_time(fields_[columns_[kTimestamp]], number);
      const double dry_bulb = value(kDryBulb, detail::kDryBulb, number);
      const double dew_point = value(kDewPoint, detail::kDewPoint, number);
      const double humidity = value(kHumidity, detail::kRelativeHumidity, number);
      const double pressure = value(kPressure, detail::kPressure, number);
      detail::check_consistency(dry_bulb, dew_point, pressure, name_, number);
      raw_.add_hour(dry_bulb, dew_point, humidity, pressure, number);
      ++rows_;
    }
    if (rows_ == 0 || rows_ < expected_rows_) {
      fail(lines_.number(),
           rows_ == 0 ? std::string{"no data rows (expected one row per hour of a year)"}
                      : fmt::format("file ends after {} rows (expected {} hourly rows for {})",
                                    rows_, expected_rows_, year_));
    }
  }

  LineCursor lines_;
  const std::string& name_;
  const WeatherCsvOptions& options_;
  std::vector<std::string_view> fields_;
  std::array<std::size_t, kColumns> columns_{};
  std::size_t width_ = 0;
  std::size_t rows_ = 0;
  std::size_t expected_rows_ = 0;
  int year_ = 0;
  LocalTimestamp first_{};
  std::optional<chrono::milliseconds> offset_;
  detail::RawHours raw_;
};

}  // namespace

auto parse_weather_csv(std::string_view bytes, const std::string& name,
                       const WeatherCsvOptions& options) -> WeatherYear {
  auto year = CsvParser{bytes, name, options}.parse();
  year.sha256 = io::sha256_hex(bytes);
  return year;
}

auto read_weather_csv(const std::string& path, const WeatherCsvOptions& options) -> WeatherYear {
  auto stored = detail::read_weather_bytes(path);
  auto year = CsvParser{stored.bytes, path, options}.parse();
  year.sha256 = std::move(stored.sha256);
  return year;
}

}  // namespace dceff::weather
