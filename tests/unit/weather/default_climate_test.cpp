#include "dceff/weather/default_climate.hpp"

#include <algorithm>
#include <cstddef>

#include <catch2/catch.hpp>

namespace {

using Catch::Matchers::WithinAbs;
using dceff::weather::default_climate;

// Figures of DEU_NW_Aachen.105010_TMYx.epw (the file the climate is fitted to), computed with
//   awk -F, 'NR>8{n++; s+=$7; r+=$9; d+=$8; if($7>25)h++; if(n==1||$7<lo)lo=$7;
//     if(n==1||$7>hi)hi=$7} END{print s/n, lo, hi, h, r/n, d/n}'
// -> 9.739543 -12.4 32.8 144 76.369 5.452660
constexpr double kAachenMeanC = 9.739543;
constexpr double kAachenMinC = -12.4;
constexpr double kAachenMaxC = 32.8;
constexpr std::size_t kAachenHoursAbove25C = 144;
constexpr double kAachenMeanRelativeHumidityPct = 76.369;
constexpr double kAachenMeanDewPointC = 5.452660;

TEST_CASE("the built-in climate is a documented, deterministic temperate year",
          "[weather][default_climate]") {
  const auto year = default_climate();
  REQUIRE(year.hours.size() == 8760);
  CHECK(year.source == "built-in: temperate (fitted to Aachen TMYx)");
  CHECK(year.sha256.empty());
  REQUIRE(year.notes.size() == 1);
  const auto again = default_climate();
  for (std::size_t i = 0; i < year.hours.size(); ++i) {
    REQUIRE(again.hours[i].dry_bulb_c == year.hours[i].dry_bulb_c);
    REQUIRE(again.hours[i].wet_bulb_c == year.hours[i].wet_bulb_c);
  }
}

TEST_CASE("the built-in climate matches the Aachen file within stated tolerances",
          "[weather][default_climate]") {
  const auto year = default_climate();
  double sum = 0.0;
  double humidity = 0.0;
  double dew_point = 0.0;
  double lowest = year.hours[0].dry_bulb_c;
  double highest = lowest;
  std::size_t above_25 = 0;
  for (const auto& hour : year.hours) {
    sum += hour.dry_bulb_c;
    humidity += hour.relative_humidity_pct;
    dew_point += hour.dew_point_c;
    lowest = std::min(lowest, hour.dry_bulb_c);
    highest = std::max(highest, hour.dry_bulb_c);
    above_25 += hour.dry_bulb_c > 25.0 ? 1U : 0U;
    CHECK(hour.dew_point_c <= hour.dry_bulb_c);
    CHECK(hour.wet_bulb_c <= hour.dry_bulb_c);
    CHECK(hour.wet_bulb_c >= hour.dew_point_c - 1e-3);
    CHECK(hour.relative_humidity_pct <= 100.0 + 1e-9);
  }
  const double hours = static_cast<double>(year.hours.size());
  // The annual mean is exact by construction (centred anomalies, mean-free harmonics and daily
  // cosine), up to the fit's rounding to 6 decimals.
  CHECK_THAT(sum / hours, WithinAbs(kAachenMeanC, 0.01));
  // Extremes of a smooth model are tamer than a real year's: within 2 K (hot) and 4 K (cold).
  CHECK_THAT(highest, WithinAbs(kAachenMaxC, 2.0));
  CHECK_THAT(lowest, WithinAbs(kAachenMinC, 4.0));
  // Hours above 25 degC (what decides chiller hours in free-cooling studies): within 50 %.
  CHECK(above_25 >= kAachenHoursAbove25C / 2);
  CHECK(above_25 <= kAachenHoursAbove25C * 3 / 2);
  CHECK_THAT(humidity / hours, WithinAbs(kAachenMeanRelativeHumidityPct, 3.0));
  CHECK_THAT(dew_point / hours, WithinAbs(kAachenMeanDewPointC, 0.5));
}

}  // namespace
