#include "dceff/whatif/physics.hpp"

#include <catch2/catch.hpp>

namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using namespace dceff::whatif;

TEST_CASE("chiller cop is a carnot fraction of the lift in kelvin", "[whatif][physics]") {
  // 0.5 * (10 + 273.15) / (40 - 10) = 141.575 / 30 = 4.719167
  CHECK_THAT(chiller_cop(0.5, 10.0, 40.0, 10.0), WithinRel(4.719166666666667, 1e-12));
  // The AHRI water-cooled minimum of domain.md section 9: 0.780 kW/ton -> COP 3.517/0.78 = 4.509
  // at 44 degF (6.667 degC) chilled water; with condensing at 40.2 degC, eta = 4.509 * 33.53 /
  // 279.82 = 0.540, the eta 0.54 domain.md quotes.
  CHECK_THAT(chiller_cop(0.540, 6.667, 40.2, 10.0), WithinRel(4.506, 1e-3));
}

TEST_CASE("chiller lift is held at its minimum", "[whatif][physics]") {
  // Lift 18 - 14 = 4 K < 10 K: 0.5 * 287.15 / 10 = 14.3575
  CHECK_THAT(chiller_cop(0.5, 14.0, 18.0, 10.0), WithinRel(14.3575, 1e-12));
  CHECK_THAT(chiller_cop(0.5, 14.0, 0.0, 10.0), WithinRel(14.3575, 1e-12));
}

TEST_CASE("ups efficiency follows the domain curve at 100, 50, 30 and 10 percent load",
          "[whatif][physics][ups]") {
  // x / (x + 0.010 + 0.015 x + 0.010 x^2): domain.md section 9 gives 96.6 / 96.2 / 95.1 / 89.6 %
  // 1.0: 1 / 1.035 = 0.966184
  CHECK_THAT(unit_efficiency(0.010, 0.015, 0.010, 1.0), WithinAbs(0.966, 0.0005));
  // 0.5: 0.5 / (0.5 + 0.01 + 0.0075 + 0.0025) = 0.5 / 0.52 = 0.961538
  CHECK_THAT(unit_efficiency(0.010, 0.015, 0.010, 0.5), WithinAbs(0.962, 0.0005));
  // 0.3: 0.3 / (0.3 + 0.01 + 0.0045 + 0.0009) = 0.3 / 0.3154 = 0.951173
  CHECK_THAT(unit_efficiency(0.010, 0.015, 0.010, 0.3), WithinAbs(0.951, 0.0005));
  // 0.1: 0.1 / (0.1 + 0.01 + 0.0015 + 0.0001) = 0.1 / 0.1116 = 0.896057
  CHECK_THAT(unit_efficiency(0.010, 0.015, 0.010, 0.1), WithinAbs(0.896, 0.0005));
  CHECK_THAT(unit_efficiency(0.010, 0.015, 0.010, 0.5), WithinRel(0.5 / 0.52, 1e-12));
  CHECK(unit_efficiency(0.010, 0.015, 0.010, 0.0) == 0.0);
  // Loss as a fraction of rating at half load: 0.01 + 0.0075 + 0.0025 = 0.02
  CHECK_THAT(loss_fraction(0.010, 0.015, 0.010, 0.5), WithinRel(0.02, 1e-12));
}

TEST_CASE("heat pump lifting 45 to 75 degc has a cop near 4", "[whatif][physics][heat_pump]") {
  // Refrigerant 40 -> 80 degC: 0.45 * 353.15 / 40 = 3.9729 (domain.md: Carnot 8.83 x 0.45)
  CHECK_THAT(heat_pump_cop(0.45, 45.0, 75.0, 5.0), WithinRel(3.9729375, 1e-12));
  // A smaller lift, 45 -> 60 degC: 0.45 * 338.15 / 25 = 6.08670
  CHECK_THAT(heat_pump_cop(0.45, 45.0, 60.0, 5.0), WithinRel(6.0867, 1e-12));
}

TEST_CASE("fan power at 80 percent speed is 0.8 to the 2.7", "[whatif][physics][fans]") {
  // 0.8^2.7 = exp(2.7 ln 0.8) = exp(-0.602488) = 0.547448; with exponent 3: 0.512
  CHECK_THAT(affinity_power_fraction(0.8, 2.7), WithinRel(0.5474481151954883, 1e-12));
  CHECK_THAT(affinity_power_fraction(0.8, 3.0), WithinRel(0.512, 1e-12));
  CHECK(affinity_power_fraction(1.0, 2.7) == 1.0);
  CHECK(affinity_power_fraction(0.0, 2.7) == 0.0);
}

TEST_CASE("pump power follows flow and head", "[whatif][physics][pumps]") {
  // 100 kW at 10 K: 100 / (4.18 * 10) = 2.392344 kg/s (domain.md: 2.39 kg/s)
  const double flow_kg_per_s = water_flow_kg_per_s(100.0, 10.0, 4.18);
  CHECK_THAT(flow_kg_per_s, WithinRel(2.3923444976076556, 1e-12));
  // 2.392344e-3 m3/s * 200 kPa / 0.7 = 0.683527 kW
  CHECK_THAT(pump_power_kw(flow_kg_per_s / 1000.0, 200.0, 0.7),
             WithinRel(0.6835269993164731, 1e-12));
}

TEST_CASE("tower make-up per kwh rejected includes blow-down", "[whatif][physics][water]") {
  // Evaporation 1000 kWh_th * 1.26 L = 1260 L; CoC 4: M = 1260 * 4 / 3 = 1680 L
  CHECK_THAT(tower_makeup_l(1000.0, 1.26, 4.0), WithinRel(1680.0, 1e-12));
  // All latent (domain.md upper figure 1.48 L/kWh_th), CoC 3: 1.48 * 3 / 2 = 2.22 L/kWh_th
  CHECK_THAT(tower_makeup_l(1.0, 1.48, 3.0), WithinRel(2.22, 1e-12));
}

TEST_CASE("free cooling is full at the supply set point and off at the return",
          "[whatif][physics][economiser]") {
  CHECK(free_cooling_fraction(14.0, 14.0, 20.0) == 1.0);
  CHECK(free_cooling_fraction(13.9, 14.0, 20.0) == 1.0);
  // Just above the set point: (20 - 14.001) / 6 = 0.99983
  CHECK_THAT(free_cooling_fraction(14.001, 14.0, 20.0), WithinRel(5.999 / 6.0, 1e-12));
  CHECK(free_cooling_fraction(14.001, 14.0, 20.0) < 1.0);
  // Half way: (20 - 17) / 6 = 0.5
  CHECK_THAT(free_cooling_fraction(17.0, 14.0, 20.0), WithinRel(0.5, 1e-12));
  CHECK(free_cooling_fraction(20.0, 14.0, 20.0) == 0.0);
  CHECK(free_cooling_fraction(25.0, 14.0, 20.0) == 0.0);
}

TEST_CASE("heat demand follows heating degree hours between base and design temperature",
          "[whatif][physics][heat_reuse]") {
  // base 15, design -10, peak 500, baseload 100
  CHECK(degree_hour_demand_kw(20.0, 15.0, -10.0, 500.0, 100.0) == 100.0);
  CHECK(degree_hour_demand_kw(15.0, 15.0, -10.0, 500.0, 100.0) == 100.0);
  // 2.5 degC: 100 + 400 * (15 - 2.5) / 25 = 100 + 200 = 300
  CHECK_THAT(degree_hour_demand_kw(2.5, 15.0, -10.0, 500.0, 100.0), WithinRel(300.0, 1e-12));
  CHECK(degree_hour_demand_kw(-10.0, 15.0, -10.0, 500.0, 100.0) == 500.0);
  CHECK(degree_hour_demand_kw(-20.0, 15.0, -10.0, 500.0, 100.0) == 500.0);
}

}  // namespace
