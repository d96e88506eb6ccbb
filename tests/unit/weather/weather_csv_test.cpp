#include "dceff/weather/weather_csv.hpp"

#include <functional>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/io/byte_source.hpp"
#include "dceff/weather/psychrometrics.hpp"

#include "support/check_lines.hpp"
#include "support/error_message.hpp"

namespace {

using Catch::Matchers::Message;
using Catch::Matchers::WithinAbs;
using dceff::InputError;
using dceff::test::check_lines;
using dceff::weather::parse_weather_csv;
using dceff::weather::WeatherCsvOptions;
using dceff::weather::WeatherYear;

/// A year of hourly rows: `row(i, timestamp)` gives row i's text after the timestamp; the
/// default is dry bulb = hour of day (0..23 degC), RH 60 %, pressure 101000 Pa.
auto make_csv(const std::string& header, int year = 2025, int hours = 8760,
              const std::string& suffix = "", const std::function<std::string(int)>& row = {})
    -> std::string {
  std::string text = header + "\n";
  // Timestamps: walk the calendar by hand.
  const int month_days[] = {31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
                            31, 30,
                            31, 30,
                            31, 31,
                            30, 31,
                            30, 31};
  int i = 0;
  for (int month = 1; month <= 12 && i < hours; ++month) {
    for (int day = 1; day <= month_days[month - 1] && i < hours; ++day) {
      for (int hour = 0; hour < 24 && i < hours; ++hour, ++i) {
        text += fmt::format("{:04}-{:02}-{:02} {:02}:00{},", year, month, day, hour, suffix);
        text += row ? row(i) : fmt::format("{}.0,60,101000", hour);
        text += "\n";
      }
    }
  }
  return text;
}

constexpr const char* kHeader = "timestamp,dry_bulb_c,relative_humidity_pct,pressure_pa";

auto error_of(const std::string& text, const WeatherCsvOptions& options = {}) -> std::string {
  return dceff::test::error_message<InputError>(
      [&] { (void)parse_weather_csv(text, "t.csv", options); });
}

TEST_CASE("a weather CSV year reads value by value", "[weather][csv]") {
  const auto text = make_csv(kHeader);
  const auto year = parse_weather_csv(text, "t.csv");
  REQUIRE(year.hours.size() == 8760);
  CHECK(year.source == "t.csv");
  CHECK(year.sha256 == dceff::io::sha256_hex(text));
  // Row 8000 is hour 8000 mod 24 = 8 of its day.
  CHECK_THAT(year.hours[8000].dry_bulb_c, WithinAbs(8.0, 1e-12));
  CHECK_THAT(year.hours[8000].relative_humidity_pct, WithinAbs(60.0, 1e-12));
  CHECK_THAT(year.hours[8000].pressure_pa, WithinAbs(101000.0, 1e-9));
  CHECK_THAT(year.hours[8000].dew_point_c,
             WithinAbs(dceff::weather::dew_point_from_relative_humidity_c(8.0, 60.0), 1e-12));
  CHECK_THAT(
      year.hours[8000].wet_bulb_c,
      WithinAbs(dceff::weather::wet_bulb_from_relative_humidity_c(8.0, 60.0, 101000.0), 1e-3));
  check_lines(year.notes, {"t.csv: timestamps carry no UTC offset: utc_offset_h is unknown and "
                           "left at 0"});
}

TEST_CASE("a CSV with a dew point and no pressure uses the standard atmosphere", "[weather][csv]") {
  // Names are matched case-insensitively, in any order.
  const auto reordered = make_csv("timestamp,DRY_BULB_C,Dew_Point_C", 2025, 8760, "",
                                  [](int) { return std::string{"10.0,5.0"}; });
  const auto sea_level = parse_weather_csv(reordered, "t.csv");
  CHECK_THAT(sea_level.hours[0].pressure_pa, WithinAbs(101325.0, 1e-9));
  CHECK_THAT(sea_level.hours[0].relative_humidity_pct,
             WithinAbs(dceff::weather::relative_humidity_from_dew_point_pct(10.0, 5.0), 1e-12));
  CHECK(sea_level.notes[0] ==
        "t.csv: no pressure_pa column and no elevation: 101325 Pa, the "
        "standard atmosphere at sea level [T]");

  const auto high = parse_weather_csv(reordered, "t.csv", WeatherCsvOptions{500.0});
  // ASHRAE 2017 Fundamentals ch. 1 Table 1: 95461 Pa at 500 m.
  CHECK_THAT(high.hours[0].pressure_pa, WithinAbs(95461.0, 1.0));
  CHECK_THAT(high.elevation_m, WithinAbs(500.0, 1e-12));
  CHECK(high.notes[0] ==
        "t.csv: no pressure_pa column: 95461 Pa, the standard atmosphere at 500 "
        "m (ASHRAE 2017 Fundamentals ch. 1 eq. 3) [T]");
}

TEST_CASE("a fixed UTC offset sets the time zone; a leap year has 8784 rows", "[weather][csv]") {
  const auto year = parse_weather_csv(make_csv(kHeader, 2024, 8784, "+01:00"), "t.csv");
  REQUIRE(year.hours.size() == 8784);
  CHECK_THAT(year.utc_offset_h, WithinAbs(1.0, 1e-12));
  CHECK(year.notes.empty());
  const auto utc = parse_weather_csv(make_csv(kHeader, 2025, 8760, "Z"), "t.csv");
  CHECK_THAT(utc.utc_offset_h, WithinAbs(0.0, 1e-12));
  CHECK(utc.notes.empty());
}

TEST_CASE("empty CSV cells are filled like missing EPW values", "[weather][csv]") {
  // Rows 3 and 4 (lines 5 and 6, 01-01 03:00 and 04:00) have no dry bulb; neighbours 2.0 and
  // 5.0 give 3.0 and 4.0. Row 10 has no RH: its dew point is interpolated.
  const auto text = make_csv(kHeader, 2025, 8760, "", [](int i) {
    if (i == 3 || i == 4) {
      return std::string{",60,101000"};
    }
    if (i == 10) {
      return std::string{"10.0,,101000"};
    }
    return fmt::format("{}.0,60,101000", i % 24);
  });
  const auto year = parse_weather_csv(text, "t.csv");
  CHECK_THAT(year.hours[3].dry_bulb_c, WithinAbs(3.0, 1e-12));
  CHECK_THAT(year.hours[4].dry_bulb_c, WithinAbs(4.0, 1e-12));
  REQUIRE(year.notes.size() == 3);
  CHECK(year.notes[0] ==
        "t.csv: timestamps carry no UTC offset: utc_offset_h is unknown and "
        "left at 0");
  CHECK(year.notes[1] ==
        "t.csv:5-6: dry bulb missing for 2 hours, filled by linear "
        "interpolation between 2.0 and 5.0 degC");
  CHECK(year.notes[2].rfind("t.csv:12: relative humidity missing for 1 hour, filled by linear "
                            "interpolation between ",
                            0) == 0);
}

TEST_CASE("malformed weather CSV files are errors", "[weather][csv][errors]") {
  CHECK(error_of("") ==
        "t.csv:1: empty header (expected timestamp,dry_bulb_c,"
        "relative_humidity_pct or dew_point_c[,pressure_pa])");
  CHECK(error_of("timestamp,dry_bulb_c,wind_m_s\n") ==
        "t.csv:1: unknown column 'wind_m_s' (expected timestamp, dry_bulb_c, "
        "relative_humidity_pct, dew_point_c or pressure_pa)");
  CHECK(error_of("timestamp,dry_bulb_c,dry_bulb_c\n") ==
        "t.csv:1: column 'dry_bulb_c' appears twice");
  CHECK(error_of("timestamp,dry_bulb_c\n") ==
        "t.csv:1: header has neither relative_humidity_pct nor dew_point_c (expected "
        "timestamp,dry_bulb_c,relative_humidity_pct or dew_point_c[,pressure_pa])");
  CHECK(error_of("dry_bulb_c,relative_humidity_pct\n") ==
        "t.csv:1: header has no timestamp column (expected timestamp,dry_bulb_c,"
        "relative_humidity_pct or dew_point_c[,pressure_pa])");
  CHECK(error_of(std::string{kHeader} + "\n") ==
        "t.csv:1: no data rows (expected one row per hour of a year)");
  CHECK(error_of(std::string{kHeader} + "\n2025-01-01 01:00,1.0,60,101000\n") ==
        "t.csv:2: first timestamp '2025-01-01 01:00' (expected the start of a year, "
        "YYYY-01-01 00:00)");
  CHECK(error_of(std::string{kHeader} + "\n1735689600,1.0,60,101000\n") ==
        "t.csv:2: timestamp '1735689600' (expected a local date and time such as 2025-01-01 "
        "00:00, optionally with one fixed offset such as +01:00)");
  CHECK(error_of(make_csv(kHeader, 2025, 100)) ==
        "t.csv:101: file ends after 100 rows (expected 8760 hourly rows for 2025)");
  CHECK(error_of(make_csv(kHeader) + "2026-01-01 00:00,1.0,60,101000\n") ==
        "t.csv:8762: row after the last hour of 2025 (expected the end of the file after 8760 "
        "hourly rows)");
  CHECK(error_of(make_csv(kHeader, 2025, 8760, "", [](int i) {
          return i == 7 ? std::string{"7.0,60"} : fmt::format("{}.0,60,101000", i % 24);
        })) == "t.csv:9: row has 3 fields (expected 4, as in the header)");
  CHECK(error_of(make_csv(kHeader, 2025, 8760, "",
                          [](int i) {
                            return i == 7 ? std::string{"7.0,115,101000"}
                                          : fmt::format("{}.0,60,101000", i % 24);
                          })) ==
        "t.csv:9: relative humidity '115' out of range (expected 0..110 %, or an empty "
        "cell for missing)");
  CHECK(error_of(std::string{kHeader} +
                 "\n2025-01-01 00:00,1.0,60,101000\n2025-01-01 02:00,1.0,60,101000\n") ==
        "t.csv:3: timestamp '2025-01-01 02:00' (expected 2025-01-01 01:00: one row per hour, in "
        "order, without gaps or repeats)");
  CHECK(error_of(std::string{kHeader} + "\n2025-01-01T00:00:00+01:00,1.0,60,101000\n" +
                 "2025-01-01T01:00:00+02:00,1.0,60,101000\n") ==
        "t.csv:3: timestamp '2025-01-01T01:00:00+02:00' has UTC offset +02:00 but the first row "
        "+01:00 (expected one fixed offset: local standard time, no daylight saving)");
  CHECK(error_of(make_csv(kHeader), WeatherCsvOptions{12000.0}) ==
        "t.csv: elevation 12000 m (expected -1000..9999.9 m)");
}

}  // namespace
