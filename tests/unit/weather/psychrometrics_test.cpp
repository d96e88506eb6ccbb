#include "dceff/weather/psychrometrics.hpp"

#include <catch2/catch.hpp>

namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using namespace dceff::weather;

TEST_CASE("saturation vapour pressure matches the ASHRAE Handbook table", "[weather][psychro]") {
  // ASHRAE 2017 Fundamentals ch. 1 Table 3 (as quoted by PsychroLib's test suite); the
  // Hyland-Wexler equations claim 300 ppm. Below 0 degC the table is over ice.
  CHECK_THAT(saturation_vapour_pressure_pa(-20.0), WithinRel(103.24, 3e-4));
  CHECK_THAT(saturation_vapour_pressure_pa(-5.0), WithinRel(401.74, 3e-4));
  CHECK_THAT(saturation_vapour_pressure_pa(5.0), WithinRel(872.6, 3e-4));
  CHECK_THAT(saturation_vapour_pressure_pa(25.0), WithinRel(3169.7, 3e-4));
  CHECK_THAT(saturation_vapour_pressure_pa(50.0), WithinRel(12351.3, 3e-4));
  // IAPWS steam tables: water boils at 101.418 kPa at 100 degC.
  CHECK_THAT(saturation_vapour_pressure_pa(100.0), WithinRel(101418.0, 3e-4));
  CHECK_THAT(saturation_vapour_pressure_pa(150.0), WithinRel(476101.4, 3e-4));
}

TEST_CASE("humidity ratio follows eq. 20", "[weather][psychro]") {
  // 0.621945 x 3169.7 / (95461 - 3169.7) = 1971.399 / 92291.3 = 0.0213604 (25 degC saturated,
  // standard atmosphere at 500 m).
  CHECK_THAT(humidity_ratio_kg_per_kg(3169.7, 95461.0), WithinRel(0.0213603998047487, 1e-9));
}

TEST_CASE("humidity ratio from the wet bulb, above and below freezing", "[weather][psychro]") {
  // Values of PsychroLib's SI tests (computed there in a spreadsheet from eq. 33 and 35).
  CHECK_THAT(humidity_ratio_from_wet_bulb_kg_per_kg(30.0, 25.0, 95461.0),
             WithinRel(0.0192281274241096, 3e-4));
  CHECK_THAT(humidity_ratio_from_wet_bulb_kg_per_kg(-1.0, -5.0, 95461.0),
             WithinRel(0.00120399819933844, 3e-4));
}

TEST_CASE("wet bulb inverts the wet-bulb humidity ratio to better than 0.001 K",
          "[weather][psychro]") {
  CHECK_THAT(wet_bulb_c(30.0, humidity_ratio_from_wet_bulb_kg_per_kg(30.0, 25.0, 95461.0), 95461.0),
             WithinAbs(25.0, 1e-3));
  CHECK_THAT(wet_bulb_c(-1.0, humidity_ratio_from_wet_bulb_kg_per_kg(-1.0, -5.0, 95461.0), 95461.0),
             WithinAbs(-5.0, 1e-3));
}

TEST_CASE("wet bulb at published psychrometric points", "[weather][psychro]") {
  // Psychrometric chart at 101.325 kPa: 30 degC / 50 % -> about 22.0 degC; 35 degC / 40 % ->
  // about 24 degC. The 4-decimal references are PsychroLib 2.5 (JavaScript, an independent
  // implementation of the same ASHRAE equations, converged to 0.001 K), run by hand.
  CHECK_THAT(wet_bulb_from_relative_humidity_c(30.0, 50.0, 101325.0), WithinAbs(22.0052, 3e-3));
  CHECK_THAT(wet_bulb_from_relative_humidity_c(20.0, 100.0, 101325.0), WithinAbs(20.0, 1e-3));
  CHECK_THAT(wet_bulb_from_relative_humidity_c(35.0, 40.0, 101325.0), WithinAbs(23.9342, 3e-3));
  // Below freezing (ice at the wet bulb), and at Denver's station pressure.
  CHECK_THAT(wet_bulb_from_relative_humidity_c(-5.0, 60.0, 101325.0), WithinAbs(-6.7906, 3e-3));
  CHECK_THAT(wet_bulb_from_relative_humidity_c(25.0, 50.0, 82723.0), WithinAbs(17.4082, 3e-3));
  CHECK_THAT(wet_bulb_from_relative_humidity_c(2.0, 80.0, 95000.0), WithinAbs(0.7110, 3e-3));
  // First hour of the Aurora TMY3 file: 3.0 degC, dew point -8.0 degC, 81100 Pa.
  CHECK_THAT(wet_bulb_from_dew_point_c(3.0, -8.0, 81100.0), WithinAbs(-1.7477, 3e-3));
}

TEST_CASE("ASHRAE Handbook example 1: 40 degC dry bulb, 20 degC wet bulb", "[weather][psychro]") {
  // ASHRAE 2017 Fundamentals ch. 1 example 1: RH about 14 % at 101.325 kPa.
  const double humidity_ratio = humidity_ratio_from_wet_bulb_kg_per_kg(40.0, 20.0, 101325.0);
  // p_w = p W / (0.621945 + W); RH = p_w / p_ws(40 degC) = p_w / 7384.9 Pa.
  const double vapour_pa = 101325.0 * humidity_ratio / (0.621945 + humidity_ratio);
  CHECK_THAT(vapour_pa / saturation_vapour_pressure_pa(40.0), WithinAbs(0.14, 0.005));
  CHECK_THAT(wet_bulb_from_relative_humidity_c(
                 40.0, 100.0 * vapour_pa / saturation_vapour_pressure_pa(40.0), 101325.0),
             WithinAbs(20.0, 1e-3));
}

TEST_CASE("dew point and relative humidity convert both ways", "[weather][psychro]") {
  // PsychroLib's documented example: 25 degC, 80 % -> dew point 21.3094 degC.
  CHECK_THAT(dew_point_from_relative_humidity_c(25.0, 80.0), WithinAbs(21.3094, 1e-3));
  CHECK_THAT(relative_humidity_from_dew_point_pct(25.0, 21.3094), WithinAbs(80.0, 0.01));
  CHECK_THAT(relative_humidity_from_dew_point_pct(12.5, 12.5), WithinAbs(100.0, 1e-12));
  // Below freezing both pressures are over ice: 3 degC / 41 % -> -7.9701 degC (PsychroLib).
  CHECK_THAT(dew_point_from_relative_humidity_c(3.0, 41.0), WithinAbs(-7.9701, 1e-3));
}

TEST_CASE("standard atmosphere pressure matches the Handbook's Table 1", "[weather][psychro]") {
  CHECK_THAT(standard_pressure_pa(0.0), WithinAbs(101325.0, 1.0));
  CHECK_THAT(standard_pressure_pa(500.0), WithinAbs(95461.0, 1.0));
  CHECK_THAT(standard_pressure_pa(1000.0), WithinAbs(89875.0, 1.0));
  CHECK_THAT(standard_pressure_pa(4000.0), WithinAbs(61640.0, 1.0));
}

TEST_CASE("wet bulb lies between dew point and dry bulb and rises with humidity",
          "[weather][psychro][property]") {
  const double dry_bulb = GENERATE(take(20, random(-30.0, 45.0)));
  const double humidity = GENERATE(take(3, random(5.0, 90.0)));
  const double pressure = GENERATE(80000.0, 101325.0);
  const double wet_bulb = wet_bulb_from_relative_humidity_c(dry_bulb, humidity, pressure);
  const double dew_point = dew_point_from_relative_humidity_c(dry_bulb, humidity);
  CHECK(wet_bulb <= dry_bulb);
  CHECK(wet_bulb >= dew_point - 1e-3);
  CHECK(wet_bulb_from_relative_humidity_c(dry_bulb, humidity + 5.0, pressure) > wet_bulb);
  CHECK_THAT(wet_bulb_from_relative_humidity_c(dry_bulb, 100.0, pressure),
             WithinAbs(dry_bulb, 1e-3));
  // The dew-point route gives the same air, so the same wet bulb.
  CHECK_THAT(wet_bulb_from_dew_point_c(dry_bulb, dew_point, pressure), WithinAbs(wet_bulb, 1e-3));
  // Round trip: the wet bulb reproduces the humidity ratio it was solved from.
  const double vapour_pa = humidity / 100.0 * saturation_vapour_pressure_pa(dry_bulb);
  const double wet_bulb_back = wet_bulb_c(
      dry_bulb, humidity_ratio_from_wet_bulb_kg_per_kg(dry_bulb, wet_bulb, pressure), pressure);
  CHECK_THAT(wet_bulb_back, WithinAbs(wet_bulb, 1e-3));
  CHECK(humidity_ratio_kg_per_kg(vapour_pa, pressure) > 0.0);
}

TEST_CASE("wet bulb never returns a non-number for boiling or supersaturated air",
          "[weather][psychro]") {
  // Vapour at the total pressure: no finite humidity ratio; the wet bulb is the dry bulb.
  CHECK(wet_bulb_from_relative_humidity_c(70.0, 100.0, 30000.0) == 70.0);
  CHECK(wet_bulb_c(20.0, 1.0, 101325.0) == 20.0);
}

}  // namespace
