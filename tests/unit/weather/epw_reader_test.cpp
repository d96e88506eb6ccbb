#include "dceff/weather/epw_reader.hpp"

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"
#include "dceff/io/byte_source.hpp"
#include "dceff/weather/psychrometrics.hpp"

#include "support/check_lines.hpp"
#include "support/error_message.hpp"
#include "support/weather_files.hpp"

namespace {

using Catch::Matchers::Message;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using dceff::InputError;
using dceff::test::check_lines;
using dceff::test::epw_row;
using dceff::test::make_epw;
using dceff::test::SyntheticEpw;
using dceff::weather::parse_epw;
using dceff::weather::read_epw;
using dceff::weather::WeatherYear;

const std::string kAurora =
    std::string{DCEFF_SAMPLES_DIR} + "/weather/USA_CO_Aurora-Buckley.Field.ANGB.724695_TMY3.epw";
const std::string kAachen =
    std::string{DCEFF_SHARED_WEATHER_DIR} + "/DEU_NW_Aachen.105010_TMYx.epw";

auto mean_dry_bulb(const WeatherYear& year) -> double {
  double sum = 0.0;
  for (const auto& hour : year.hours) {
    sum += hour.dry_bulb_c;
  }
  return sum / static_cast<double>(year.hours.size());
}

auto parse(const SyntheticEpw& epw) -> WeatherYear {
  return parse_epw(epw.text(), "t.epw");
}

void set(SyntheticEpw& epw, std::size_t row, std::size_t field, const std::string& value) {
  epw.rows.at(row).at(field) = value;
}

TEST_CASE("the Aurora TMY3 sample reads as a full year with its location", "[weather][epw]") {
  const auto year = read_epw(kAurora);
  REQUIRE(year.hours.size() == 8760);
  CHECK(year.source == kAurora);
  CHECK(year.location == "Aurora Buckley Field Angb, CO, USA");
  CHECK_THAT(year.latitude_deg, WithinAbs(39.72, 1e-12));
  CHECK_THAT(year.longitude_deg, WithinAbs(-104.75, 1e-12));
  CHECK_THAT(year.utc_offset_h, WithinAbs(-7.0, 1e-12));
  CHECK_THAT(year.elevation_m, WithinAbs(1726.0, 1e-12));
  // samples/weather/README.md and the copy's source both give this hash.
  CHECK(year.sha256 == "3b0d0f177e5657c4cec1fb152de815977a1a707e659e1c5a0494c5703d57d3c0");
  CHECK(year.notes.empty());
  // tr -d '\r' < FILE | awk -F, 'NR>8{s+=$7} END{print s, s/8760}' -> 87746.5 10.016724
  CHECK_THAT(mean_dry_bulb(year), WithinAbs(87746.5 / 8760.0, 1e-9));
  // First row: 2005,1,1,1,0,...,3.0,-8.0,41,81100; wet bulb -1.7477 degC (PsychroLib by hand).
  CHECK_THAT(year.hours[0].dry_bulb_c, WithinAbs(3.0, 1e-12));
  CHECK_THAT(year.hours[0].dew_point_c, WithinAbs(-8.0, 1e-12));
  CHECK_THAT(year.hours[0].relative_humidity_pct, WithinAbs(41.0, 1e-12));
  CHECK_THAT(year.hours[0].pressure_pa, WithinAbs(81100.0, 1e-9));
  CHECK_THAT(year.hours[0].wet_bulb_c, WithinAbs(-1.7477, 3e-3));
}

TEST_CASE("the files' RH agrees with RH computed from their dew points", "[weather][epw]") {
  // A check on the psychrometrics and on the column mapping at once: RH in the file is whole
  // per cent, so the mean absolute difference should be well under 1 point.
  const auto year = read_epw(kAurora);
  double total = 0.0;
  for (const auto& hour : year.hours) {
    total += std::abs(
        dceff::weather::relative_humidity_from_dew_point_pct(hour.dry_bulb_c, hour.dew_point_c) -
        hour.relative_humidity_pct);
    CHECK(hour.wet_bulb_c <= hour.dry_bulb_c);
    CHECK(hour.wet_bulb_c >= hour.dew_point_c - 1e-3);
  }
  CHECK(total / 8760.0 < 0.5);
}

TEST_CASE("the Aachen TMYx file reads as a full year with its location", "[weather][epw]") {
  if (!std::filesystem::exists(kAachen)) {
    WARN("skipped: " << kAachen << " not found (shared/ is not beside the repository)");
    return;
  }
  const auto year = read_epw(kAachen);
  REQUIRE(year.hours.size() == 8760);
  CHECK(year.location == "Aachen, NW, DEU");
  CHECK_THAT(year.latitude_deg, WithinAbs(50.7983, 1e-12));
  CHECK_THAT(year.longitude_deg, WithinAbs(6.0244, 1e-12));
  CHECK_THAT(year.utc_offset_h, WithinAbs(1.0, 1e-12));
  CHECK_THAT(year.elevation_m, WithinAbs(232.0, 1e-12));
  CHECK(year.sha256 == "34078c34f3896af6959bdacb55592ffb9be5c2aa11145a09c293981325641187");
  // awk -F, 'NR>8{s+=$7} END{print s, s/8760}' -> 85318.4 9.739543
  CHECK_THAT(mean_dry_bulb(year), WithinAbs(85318.4 / 8760.0, 1e-9));
}

TEST_CASE("a synthetic EPW year reads value by value", "[weather][epw]") {
  const auto year = parse(make_epw());
  REQUIRE(year.hours.size() == 8760);
  CHECK(year.source == "t.epw");
  CHECK(year.location == "Testville, TS, XYZ");
  CHECK_THAT(year.latitude_deg, WithinAbs(50.5, 1e-12));
  CHECK_THAT(year.longitude_deg, WithinAbs(-6.25, 1e-12));
  CHECK_THAT(year.elevation_m, WithinAbs(120.0, 1e-12));
  CHECK(year.notes.empty());
  // 10 March hour 15: dry bulb = hour - 1 = 14, dew point 14 - 5 = 9.
  const auto& hour = year.hours[epw_row(3, 10, 15)];
  CHECK_THAT(hour.dry_bulb_c, WithinAbs(14.0, 1e-12));
  CHECK_THAT(hour.dew_point_c, WithinAbs(9.0, 1e-12));
  CHECK_THAT(hour.relative_humidity_pct, WithinAbs(70.0, 1e-12));
  CHECK_THAT(hour.pressure_pa, WithinAbs(100000.0, 1e-9));
  CHECK_THAT(hour.wet_bulb_c,
             WithinAbs(dceff::weather::wet_bulb_from_dew_point_c(14.0, 9.0, 100000.0), 1e-12));
  CHECK(year.sha256 == dceff::io::sha256_hex(make_epw().text()));
}

TEST_CASE("CRLF, LF, a byte-order mark and a missing final newline read the same",
          "[weather][epw]") {
  const auto epw = make_epw();
  const auto lf = parse_epw(epw.text("\n"), "t.epw");
  for (const auto& text : {epw.text("\r\n"), "\xEF\xBB\xBF" + epw.text("\n"), epw.text("\n", false),
                           epw.text("\r\n", false), epw.text() + "\n\n"}) {
    const auto other = parse_epw(text, "t.epw");
    REQUIRE(other.hours.size() == lf.hours.size());
    for (std::size_t i = 0; i < lf.hours.size(); ++i) {
      REQUIRE(other.hours[i].dry_bulb_c == lf.hours[i].dry_bulb_c);
      REQUIRE(other.hours[i].wet_bulb_c == lf.hours[i].wet_bulb_c);
    }
    CHECK(other.location == lf.location);
    CHECK(other.notes == lf.notes);
  }
}

TEST_CASE("a leap-year file has 8784 rows including 29 February", "[weather][epw]") {
  auto epw = make_epw(true);
  set(epw, epw_row(2, 29, 1, true), SyntheticEpw::kDryBulb, "-3.5");
  set(epw, epw_row(2, 29, 1, true), SyntheticEpw::kDewPoint, "-6.0");
  const auto year = parse(epw);
  REQUIRE(year.hours.size() == 8784);
  // 31 + 28 days before 29 February: its first hour is hour 59 x 24 = 1416.
  CHECK_THAT(year.hours[1416].dry_bulb_c, WithinAbs(-3.5, 1e-12));
  CHECK_THAT(year.hours[8783].dry_bulb_c, WithinAbs(23.0, 1e-12));
}

TEST_CASE("a typical year mixing source years month by month is ordered by month, day, hour",
          "[weather][epw]") {
  auto mixed = make_epw();
  // Source years as in Aachen's TMYx, including a leap year (1988) for a February without 29th.
  const int years[] = {1982, 1988, 1983, 1982, 1932, 1974, 1989, 1988, 1936, 1983, 1991, 1991};
  for (auto& row : mixed.rows) {
    row[0] = std::to_string(years[std::stoi(row[1]) - 1]);
  }
  const auto plain = parse(make_epw());
  const auto year = parse(mixed);
  REQUIRE(year.hours.size() == 8760);
  for (std::size_t i = 0; i < year.hours.size(); ++i) {
    REQUIRE(year.hours[i].dry_bulb_c == plain.hours[i].dry_bulb_c);
  }
}

TEST_CASE("short gaps are filled by linear interpolation and noted", "[weather][epw]") {
  auto epw = make_epw();
  // 5 January hours 5-7 (dry bulb 4, 5, 6) missing; hour 4 has 3.0 and hour 8 has 7.0:
  // 3 + (7 - 3) x k / 4 = 4, 5, 6. Rows 4 x 24 + 4..6 = 100..102, lines 109..111.
  for (std::size_t row = 100; row <= 102; ++row) {
    set(epw, row, SyntheticEpw::kDryBulb, "99.9");
  }
  // Pressure missing for one hour (999999), between two 100000 Pa.
  set(epw, 200, SyntheticEpw::kPressure, "999999");
  const auto year = parse(epw);
  CHECK_THAT(year.hours[100].dry_bulb_c, WithinAbs(4.0, 1e-12));
  CHECK_THAT(year.hours[101].dry_bulb_c, WithinAbs(5.0, 1e-12));
  CHECK_THAT(year.hours[102].dry_bulb_c, WithinAbs(6.0, 1e-12));
  CHECK_THAT(year.hours[200].pressure_pa, WithinAbs(100000.0, 1e-9));
  check_lines(
      year.notes,
      {"t.epw:109-111: dry bulb missing for 3 hours, filled by linear interpolation between "
       "3.0 and 7.0 degC",
       "t.epw:209: pressure missing for 1 hour, filled by linear interpolation between "
       "100000.0 and 100000.0 Pa"});
}

TEST_CASE("a gap at the start of the year interpolates from 31 December", "[weather][epw]") {
  auto epw = make_epw();
  set(epw, 0, SyntheticEpw::kDryBulb, "99.9");
  set(epw, 1, SyntheticEpw::kDryBulb, "");
  const auto year = parse(epw);
  // Neighbours: 31 December hour 24 (23.0) and 1 January hour 3 (2.0):
  // 23 + (2 - 23) / 3 = 16, 23 + 2 x (2 - 23) / 3 = 9.
  CHECK_THAT(year.hours[0].dry_bulb_c, WithinAbs(16.0, 1e-12));
  CHECK_THAT(year.hours[1].dry_bulb_c, WithinAbs(9.0, 1e-12));
  check_lines(
      year.notes,
      {"t.epw:9-10: dry bulb missing for 2 hours, filled by linear interpolation between 23.0 "
       "and 2.0 degC"});
}

TEST_CASE("a missing humidity measure is derived from the other one", "[weather][epw]") {
  auto epw = make_epw();
  set(epw, 300, SyntheticEpw::kDewPoint, "99.9");  // 13 January hour 13: 12.0 degC, RH 70
  set(epw, 400, SyntheticEpw::kHumidity, "999");   // 17 January hour 17: 16.0, dew point 11.0
  // Both missing on 21 January hours 1-2 (rows 480, 481): the dew point is interpolated between
  // 20 January hour 24 (23 - 5 = 18.0) and 21 January hour 3 (2 - 5 = -3.0): 11.0 and 4.0.
  for (std::size_t row = 480; row <= 481; ++row) {
    set(epw, row, SyntheticEpw::kDewPoint, "99.9");
    set(epw, row, SyntheticEpw::kHumidity, "999");
  }
  const auto year = parse(epw);
  using dceff::weather::relative_humidity_from_dew_point_pct;
  CHECK_THAT(relative_humidity_from_dew_point_pct(12.0, year.hours[300].dew_point_c),
             WithinAbs(70.0, 1e-3));
  CHECK_THAT(year.hours[400].relative_humidity_pct,
             WithinRel(relative_humidity_from_dew_point_pct(16.0, 11.0), 1e-12));
  // 21 January hour 1 has a dry bulb of 0.0, so the interpolated 11.0 is capped at 0.0.
  CHECK_THAT(year.hours[480].dew_point_c, WithinAbs(0.0, 1e-12));
  CHECK_THAT(year.hours[481].dew_point_c, WithinAbs(1.0, 1e-12));  // capped at 1.0 (not 4.0)
  check_lines(
      year.notes,
      {"t.epw:309: dew point missing for 1 hour, derived from dry bulb and relative humidity",
       "t.epw:489-490: dew point and relative humidity missing for 2 hours, filled by linear "
       "interpolation between 18.0 and -3.0 degC dew point",
       "t.epw:409: relative humidity missing for 1 hour, derived from dry bulb "
       "and dew point",
       "t.epw: dew point above the dry bulb in 2 hours (by up to 11.0 K), "
       "capped at the dry bulb"});
}

TEST_CASE("a dew point just above the dry bulb and RH above 100 are capped and noted",
          "[weather][epw]") {
  auto epw = make_epw();
  set(epw, 10, SyntheticEpw::kDewPoint, "10.3");  // dry bulb 10.0: 0.3 K above, within 0.5 K
  set(epw, 11, SyntheticEpw::kHumidity, "104");
  const auto year = parse(epw);
  CHECK_THAT(year.hours[10].dew_point_c, WithinAbs(10.0, 1e-12));
  CHECK_THAT(year.hours[10].wet_bulb_c, WithinAbs(10.0, 1e-3));
  CHECK_THAT(year.hours[11].relative_humidity_pct, WithinAbs(100.0, 1e-12));
  check_lines(
      year.notes,
      {"t.epw: dew point above the dry bulb in 1 hour (by up to 0.3 K), capped at the dry bulb",
       "t.epw: relative humidity above 100 % in 1 hour (up to 104 %), capped at 100 %"});
}

TEST_CASE("gaps longer than 6 hours are errors", "[weather][epw][errors]") {
  auto epw = make_epw();
  for (std::size_t row = 100; row <= 106; ++row) {
    set(epw, row, SyntheticEpw::kDryBulb, "99.9");
  }
  CHECK_THROWS_MATCHES(parse(epw), InputError,
                       Message("t.epw:109: dry bulb missing for 7 consecutive hours from here "
                               "(expected gaps of at most 6 hours, which are filled by linear "
                               "interpolation)"));
  auto all = make_epw();
  for (auto& row : all.rows) {
    row[SyntheticEpw::kPressure] = "999999";
  }
  CHECK_THROWS_MATCHES(parse(all), InputError,
                       Message("t.epw:9: pressure missing in every row (expected values, with "
                               "gaps of at most 6 hours)"));
}

auto error_of(const SyntheticEpw& epw) -> std::string {
  return dceff::test::error_message<InputError>([&] { (void)parse(epw); });
}

TEST_CASE("malformed data rows are errors with file, line, text and expectation",
          "[weather][epw][errors]") {
  auto epw = make_epw();
  SECTION("field count") {
    epw.rows[5].pop_back();
    CHECK(error_of(epw) == "t.epw:14: data row has 34 fields (expected 35 comma-separated fields)");
  }
  SECTION("a field that is out of range or not a number") {
    // Row 5 is line 14, 1 January hour 6: dry bulb 5.0, dew point 0.0.
    const auto [field, value, message] = GENERATE(table<std::size_t, std::string, std::string>({
        {1, "13", "t.epw:14: month '13' (expected a whole number in 1..12)"},
        {3, "6.5", "t.epw:14: hour '6.5' (expected a whole number in 1..24)"},
        {3, "5",
         "t.epw:14: row for month 1, day 1, hour 5 is out of order (expected month 1, day 1, "
         "hour 6: hourly rows from 1 January hour 1, in order, without gaps or repeats)"},
        {SyntheticEpw::kDryBulb, "warm",
         "t.epw:14: dry bulb 'warm' is not a number (expected dry bulb in degC, "
         "or 99.9 for missing)"},
        {SyntheticEpw::kDryBulb, "75.5",
         "t.epw:14: dry bulb '75.5' out of range (expected -90..70 degC, or 99.9 for missing)"},
        {SyntheticEpw::kHumidity, "120",
         "t.epw:14: relative humidity '120' out of range (expected 0..110 %, "
         "or 999 for missing)"},
        {SyntheticEpw::kPressure, "25000",
         "t.epw:14: pressure '25000' out of range (expected 30000..120000 Pa, "
         "or 999999 for missing)"},
        {SyntheticEpw::kDewPoint, "6.0",
         "t.epw:14: dew point 6 degC above the dry bulb 5 degC (expected a dew "
         "point at most 0.5 K above the dry bulb)"},
    }));
    set(epw, 5, field, value);
    CHECK(error_of(epw) == message);
  }
  SECTION("air above boiling at the station pressure") {
    set(epw, 5, SyntheticEpw::kDryBulb, "70");
    set(epw, 5, SyntheticEpw::kPressure, "30000");
    CHECK(error_of(epw) ==
          "t.epw:14: dry bulb 70 degC is at or above the boiling point at 30000 "
          "Pa (expected air below boiling)");
  }
  SECTION("the file ends early") {
    epw.rows.resize(100);
    CHECK(error_of(epw) ==
          "t.epw:108: file ends after 100 data rows (expected 8760 hourly rows, "
          "1 January hour 1 to 31 December hour 24)");
  }
  SECTION("a row after 31 December") {
    epw.rows.push_back(epw.rows.back());
    CHECK(error_of(epw) ==
          "t.epw:8769: data row after 31 December hour 24 (expected the end of "
          "the file after 8760 hourly rows)");
  }
  SECTION("an empty line among the rows") {
    epw.rows[5] = {""};
    CHECK(error_of(epw) == "t.epw:14: empty line among the data rows (expected a data row)");
  }
}

TEST_CASE("malformed headers are errors", "[weather][epw][errors]") {
  auto epw = make_epw();
  SECTION("empty input") {
    CHECK_THROWS_MATCHES(parse_epw("", "t.epw"), InputError,
                         Message("t.epw:1: file ends in the header (expected 8 header lines, "
                                 "LOCATION to DATA PERIODS, then the hourly rows; line 1 is "
                                 "LOCATION)"));
  }
  SECTION("a header line out of place") {
    std::swap(epw.header[5], epw.header[6]);
    CHECK(error_of(epw) ==
          "t.epw:6: header line 'COMMENTS 2,' (expected line 6 of an EPW file "
          "to start with 'COMMENTS 1,')");
  }
  SECTION("a header line with a value that cannot be used") {
    const auto [index, line, message] = GENERATE(table<std::size_t, std::string, std::string>({
        {0, "LOCATION,Testville,TS,XYZ",
         "t.epw:1: LOCATION line has 4 fields (expected 10: LOCATION, city, "
         "state, country, source, WMO, latitude, longitude, time zone, "
         "elevation)"},
        {0, "LOCATION,Testville,TS,XYZ,Synthetic,123456,95.0,-6.25,1.0,120.0",
         "t.epw:1: LOCATION latitude '95.0' (expected a number in -90..90)"},
        {7, "DATA PERIODS,1,4,Data,Sunday, 1/ 1,12/31",  // sub-hourly data
         "t.epw:8: records per hour '4' (expected 1: hourly data)"},
        {7, "DATA PERIODS,1,1,Data,Sunday, 2/ 1,12/31",  // a partial year
         "t.epw:8: data period start ' 2/ 1' (expected 1/1: a whole year)"},
        {4, "HOLIDAYS/DAYLIGHT SAVINGS,Maybe,0,0,0",
         "t.epw:5: leap year observed 'Maybe' (expected Yes or No as the "
         "second field of HOLIDAYS/DAYLIGHT SAVINGS)"},
    }));
    epw.header.at(index) = line;
    CHECK(error_of(epw) == message);
  }
}

TEST_CASE("the leap-year header, the data period and the rows must agree",
          "[weather][epw][errors]") {
  SECTION("leap year observed but no 29 February") {
    auto epw = make_epw();
    epw.header[4] = "HOLIDAYS/DAYLIGHT SAVINGS,Yes,0,0,0";
    CHECK(error_of(epw) ==
          "t.epw:1425: row for month 3, day 1, hour 1 is out of order (expected month 2, day 29, "
          "hour 1: hourly rows from 1 January hour 1, in order, without gaps or repeats)");
  }
  SECTION("29 February in a year without leap year observed") {
    auto epw = make_epw(true);
    epw.header[4] = "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0";
    CHECK(error_of(epw) ==
          "t.epw:1425: row for month 2, day 29, hour 1 is out of order (expected month 3, day 1, "
          "hour 1: HOLIDAYS/DAYLIGHT SAVINGS says leap year observed 'No', so there is no 29 "
          "February)");
  }
  SECTION("a leap-year data period without leap year observed") {
    auto epw = make_epw();
    epw.header[7] = "DATA PERIODS,1,1,Data,Wednesday,1/1/2020,12/31/2020";
    CHECK(error_of(epw) ==
          "t.epw:8: data period of 2020 is a leap year, but HOLIDAYS/DAYLIGHT "
          "SAVINGS says leap year observed 'No' (expected the two to agree)");
  }
}

}  // namespace
