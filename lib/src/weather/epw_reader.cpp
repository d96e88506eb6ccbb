#include "dceff/weather/epw_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/io/byte_source.hpp"

#include "assemble_hours.hpp"
#include "io/text_fields.hpp"
#include "weather_bytes.hpp"
#include "weather_text.hpp"

namespace dceff::weather {
namespace {

using detail::checked_value;
using detail::LineCursor;
using detail::parse_decimal;
using detail::parse_integer;
using io::detail::quote;
using io::detail::trim;

constexpr std::size_t kFieldsPerRow = 35;
constexpr std::size_t kLocationFields = 10;
constexpr std::size_t kDataPeriodsFields = 7;
constexpr std::size_t kHoursPerDay = 24;
constexpr std::size_t kHoursPerYear = 8760;
constexpr std::size_t kHoursPerLeapYear = 8784;

// EnergyPlus reads a value at or above these as missing (Auxiliary Programs, "Missing data").
constexpr double kMissingTemperatureC = 99.9;
constexpr double kMissingRelativeHumidityPct = 999.0;
constexpr double kMissingPressurePa = 999999.0;

constexpr std::array<std::string_view, 8> kHeaderKeywords{"LOCATION",
                                                          "DESIGN CONDITIONS",
                                                          "TYPICAL/EXTREME PERIODS",
                                                          "GROUND TEMPERATURES",
                                                          "HOLIDAYS/DAYLIGHT SAVINGS",
                                                          "COMMENTS 1",
                                                          "COMMENTS 2",
                                                          "DATA PERIODS"};

auto days_in_month(int month, bool leap) noexcept -> int {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

auto is_leap_year(int year) noexcept -> bool {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

auto equals_ignoring_case(std::string_view a, std::string_view b) noexcept -> bool {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

struct MonthDay {
  int month = 0;
  int day = 0;
  std::optional<int> year;
};

/// `M/D` or `M/D/YYYY`, blanks allowed around the numbers (`1/ 1` is common).
auto parse_month_day(std::string_view text) -> std::optional<MonthDay> {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = text.find('/', start);
    parts.push_back(text.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos || parts.size() > 3) {
      break;
    }
    start = slash + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) {
    return std::nullopt;
  }
  const auto month = parse_integer(parts[0]);
  const auto day = parse_integer(parts[1]);
  if (!month || !day || *month < 1 || *month > 12 || *day < 1 || *day > 31) {
    return std::nullopt;
  }
  MonthDay result{*month, *day, std::nullopt};
  if (parts.size() == 3) {
    const auto year = parse_integer(parts[2]);
    if (!year || *year < 1 || *year > 9999) {
      return std::nullopt;
    }
    result.year = *year;
  }
  return result;
}

class EpwParser {
 public:
  EpwParser(std::string_view bytes, const std::string& name) : lines_{bytes}, name_{name} {}

  auto parse() -> WeatherYear {
    WeatherYear year;
    year.source = name_;
    read_header(year);
    read_rows();
    year.hours = detail::assemble_hours(std::move(raw_), name_, year.notes);
    return year;
  }

 private:
  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    throw InputError(fmt::format("{}:{}: {}", name_, line, what));
  }

  auto header_line(std::size_t index) -> std::string_view {
    const auto line = lines_.next();
    if (!line) {
      fail(std::max<std::size_t>(lines_.number(), 1),
           fmt::format("file ends in the header (expected 8 header lines, LOCATION to DATA "
                       "PERIODS, then the hourly rows; line {} is {})",
                       index + 1, kHeaderKeywords[index]));
    }
    detail::split_commas(*line, fields_);
    if (!equals_ignoring_case(trim(fields_[0]), kHeaderKeywords[index])) {
      fail(lines_.number(), fmt::format("header line '{}' (expected line {} of an EPW file to "
                                        "start with '{},')",
                                        quote(*line), index + 1, kHeaderKeywords[index]));
    }
    return *line;
  }

  auto location_number(std::size_t field, std::string_view what, double min, double max) -> double {
    const auto value = parse_decimal(fields_[field]);
    if (!value || *value < min || *value > max) {
      fail(1, fmt::format("LOCATION {} '{}' (expected a number in {:g}..{:g})", what,
                          quote(fields_[field]), min, max));
    }
    return *value;
  }

  void read_header(WeatherYear& year) {
    header_line(0);
    if (fields_.size() < kLocationFields) {
      fail(1, fmt::format("LOCATION line has {} fields (expected {}: LOCATION, city, state, "
                          "country, source, WMO, latitude, longitude, time zone, elevation)",
                          fields_.size(), kLocationFields));
    }
    std::string location;
    for (std::size_t i = 1; i <= 3; ++i) {
      const auto part = trim(fields_[i]);
      if (!part.empty()) {
        location += location.empty() ? "" : ", ";
        location += part;
      }
    }
    year.location = location;
    year.latitude_deg = location_number(6, "latitude", -90.0, 90.0);
    year.longitude_deg = location_number(7, "longitude", -180.0, 180.0);
    year.utc_offset_h = location_number(8, "time zone", -12.0, 14.0);
    year.elevation_m = location_number(9, "elevation", -1000.0, 9999.9);

    for (std::size_t i = 1; i < 4; ++i) {
      header_line(i);
    }
    header_line(4);
    const std::size_t holidays_line = lines_.number();
    const auto leap_flag = fields_.size() > 1 ? trim(fields_[1]) : std::string_view{};
    if (equals_ignoring_case(leap_flag, "yes")) {
      leap_ = true;
    } else if (!equals_ignoring_case(leap_flag, "no")) {
      fail(holidays_line, fmt::format("leap year observed '{}' (expected Yes or No as the "
                                      "second field of HOLIDAYS/DAYLIGHT SAVINGS)",
                                      quote(leap_flag)));
    }
    header_line(5);
    header_line(6);
    header_line(7);
    read_data_periods();
    expected_rows_ = leap_ ? kHoursPerLeapYear : kHoursPerYear;
  }

  void read_data_periods() {
    const std::size_t line = lines_.number();
    if (fields_.size() < kDataPeriodsFields) {
      fail(line, fmt::format("DATA PERIODS line has {} fields (expected {}: DATA PERIODS, number "
                             "of periods, records per hour, name, start weekday, start date, end "
                             "date)",
                             fields_.size(), kDataPeriodsFields));
    }
    const auto periods = parse_integer(fields_[1]);
    if (!periods || *periods != 1) {
      fail(line, fmt::format("{} data periods '{}' (expected 1: one period covering the year)",
                             "number of", quote(fields_[1])));
    }
    const auto per_hour = parse_integer(fields_[2]);
    if (!per_hour || *per_hour != 1) {
      fail(line, fmt::format("records per hour '{}' (expected 1: hourly data)", quote(fields_[2])));
    }
    const auto start = parse_month_day(fields_[5]);
    const auto end = parse_month_day(fields_[6]);
    if (!start || start->month != 1 || start->day != 1) {
      fail(line,
           fmt::format("data period start '{}' (expected 1/1: a whole year)", quote(fields_[5])));
    }
    if (!end || end->month != 12 || end->day != 31) {
      fail(line,
           fmt::format("data period end '{}' (expected 12/31: a whole year)", quote(fields_[6])));
    }
    if (start->year && end->year && start->year == end->year &&
        is_leap_year(*start->year) != leap_) {
      fail(line, fmt::format("data period of {} {} a leap year, but HOLIDAYS/DAYLIGHT SAVINGS says "
                             "leap year observed '{}' (expected the two to agree)",
                             *start->year, leap_ ? "is not" : "is", leap_ ? "Yes" : "No"));
    }
  }

  auto row_integer(std::size_t field, std::string_view what, int min, int max,
                   std::size_t line) const -> int {
    const auto value = parse_integer(fields_[field]);
    if (!value || *value < min || *value > max) {
      fail(line, fmt::format("{} '{}' (expected a whole number in {}..{})", what,
                             quote(fields_[field]), min, max));
    }
    return *value;
  }

  /// A weather value, NaN when missing (empty or at the EPW missing code).
  auto row_value(std::size_t field, const detail::Quantity& quantity, double missing_code,
                 std::size_t line) const -> double {
    const auto text = trim(fields_[field]);
    if (text.empty()) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    const auto hint = fmt::format(", or {:g} for missing", missing_code);
    const auto value = parse_decimal(text);
    if (value && *value >= missing_code) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    return checked_value(text, quantity, name_, line, hint);
  }

  void read_rows() {
    int month = 1;
    int day = 1;
    int hour = 1;
    std::size_t rows = 0;
    while (const auto line = detail::next_row(
               lines_, name_, "empty line among the data rows (expected a data row)")) {
      const std::size_t number = lines_.number();
      if (rows == expected_rows_) {
        fail(number, fmt::format("data row after 31 December hour 24 (expected the end of the "
                                 "file after {} hourly rows)",
                                 expected_rows_));
      }
      detail::split_commas(*line, fields_);
      if (fields_.size() != kFieldsPerRow) {
        fail(number, fmt::format("data row has {} fields (expected {} comma-separated fields)",
                                 fields_.size(), kFieldsPerRow));
      }
      row_integer(0, "year", std::numeric_limits<int>::min(), std::numeric_limits<int>::max(),
                  number);
      const int row_month = row_integer(1, "month", 1, 12, number);
      const int row_day = row_integer(2, "day", 1, 31, number);
      const int row_hour = row_integer(3, "hour", 1, 24, number);
      row_integer(4, "minute", 0, 60, number);
      if (row_month != month || row_day != day || row_hour != hour) {
        const bool stray_leap_day = row_month == 2 && row_day == 29 && !leap_;
        fail(number, fmt::format("row for month {}, day {}, hour {} is out of order (expected "
                                 "month {}, day {}, hour {}{})",
                                 row_month, row_day, row_hour, month, day, hour,
                                 stray_leap_day ? ": HOLIDAYS/DAYLIGHT SAVINGS says leap year "
                                                  "observed 'No', so there is no 29 February"
                                                : ": hourly rows from 1 January hour 1, in "
                                                  "order, without gaps or repeats"));
      }
      const double dry_bulb = row_value(6, detail::kDryBulb, kMissingTemperatureC, number);
      const double dew_point = row_value(7, detail::kDewPoint, kMissingTemperatureC, number);
      const double humidity =
          row_value(8, detail::kRelativeHumidity, kMissingRelativeHumidityPct, number);
      const double pressure = row_value(9, detail::kPressure, kMissingPressurePa, number);
      detail::check_consistency(dry_bulb, dew_point, pressure, name_, number);
      raw_.add_hour(dry_bulb, dew_point, humidity, pressure, number);
      ++rows;

      if (static_cast<std::size_t>(++hour) > kHoursPerDay) {
        hour = 1;
        if (++day > days_in_month(month, leap_)) {
          day = 1;
          ++month;
        }
      }
    }
    if (rows < expected_rows_) {
      fail(lines_.number(), fmt::format("file ends after {} data rows (expected {} hourly rows, "
                                        "1 January hour 1 to 31 December hour 24)",
                                        rows, expected_rows_));
    }
  }

  LineCursor lines_;
  const std::string& name_;
  std::vector<std::string_view> fields_;
  bool leap_ = false;
  std::size_t expected_rows_ = kHoursPerYear;
  detail::RawHours raw_;
};

}  // namespace

auto parse_epw(std::string_view bytes, const std::string& name) -> WeatherYear {
  auto year = EpwParser{bytes, name}.parse();
  year.sha256 = io::sha256_hex(bytes);
  return year;
}

auto read_epw(const std::string& path) -> WeatherYear {
  auto stored = detail::read_weather_bytes(path);
  auto year = EpwParser{stored.bytes, path}.parse();
  year.sha256 = std::move(stored.sha256);
  return year;
}

}  // namespace dceff::weather
