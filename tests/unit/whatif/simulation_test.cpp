#include "dceff/whatif/simulation.hpp"

#include <cmath>
#include <cstddef>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"
#include "dceff/weather/epw_reader.hpp"
#include "dceff/whatif/facility_model.hpp"
#include "dceff/whatif/parameters.hpp"

#include "support/check_lines.hpp"
#include "unit/whatif/model_fixture.hpp"

namespace {

using Catch::Matchers::Message;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using dceff::test::air_cooled_hall;
using dceff::test::check_lines;
using dceff::test::constant_year;
using dceff::test::dlc_hall;
using dceff::test::synthetic_year;
using namespace dceff::whatif;

auto at(const HourResult& r, Use use) -> double {
  return r.power_kw[static_cast<std::size_t>(use)];
}
auto total(const Simulation& s, Use use) -> double {
  return s.totals.energy_kwh[static_cast<std::size_t>(use)];
}
auto hours_in(const Simulation& s, AirMode mode) -> std::size_t {
  return s.totals.air_mode_hours[static_cast<std::size_t>(mode)];
}
auto hours_in(const Simulation& s, LiquidMode mode) -> std::size_t {
  return s.totals.liquid_mode_hours[static_cast<std::size_t>(mode)];
}

auto weather_hour(double dry_bulb_c, double wet_bulb_c, double dew_point_c)
    -> dceff::weather::Hour {
  dceff::weather::Hour h;
  h.dry_bulb_c = dry_bulb_c;
  h.wet_bulb_c = wet_bulb_c;
  h.dew_point_c = dew_point_c;
  return h;
}

// IT 1000 kW, no power chain, no lighting; water-cooled chiller with a water-side economiser at
// 14/20 degC; every physics parameter at its default.
auto bare_plant() -> FacilityModel {
  FacilityModel m;
  m.it_load.kw = 1000.0;
  m.air_path.chilled_water.supply_c = 14.0;
  m.air_path.chilled_water.return_c = 20.0;
  m.air_path.chiller.enabled = true;
  m.air_path.heat_rejection = HeatRejection::kCoolingTower;
  m.air_path.economiser = Economiser::kWaterSide;
  return m;
}

TEST_CASE("a free-cooling hour of a bare plant matches the hand calculation",
          "[whatif][simulation]") {
  const auto r = simulate_hour(bare_plant(), weather_hour(10.0, 5.0, 2.0), 1000.0, 0.0);
  // Fans: capacity 1.25 * 1000 = 1250 kW_th, speed 1000/1250 = 0.8,
  // full speed 0.04 * 1250 = 50 kW, 50 * 0.8^2.7 = 27.372406 kW
  CHECK_THAT(at(r, Use::kCrahFans), WithinRel(27.372405759774416, 1e-12));
  // Chilled water: 1027.372406 / (4.18 * 6) = 40.9639 kg/s -> 0.0409639 m3/s * 200 kPa / 0.7
  CHECK_THAT(at(r, Use::kChilledWaterPumps), WithinRel(11.703946294825412, 1e-12));
  // Wet bulb 5 + approach 4 = 9 <= 14: the economiser takes all 1039.076352 kW; no chiller
  CHECK(r.air_mode == AirMode::kFreeCooling);
  CHECK(at(r, Use::kChiller) == 0.0);
  // Condenser water: 1039.076352 / (4.18 * 5.6) kg/s * 150 kPa / 0.7 / 1000
  CHECK_THAT(at(r, Use::kCondenserPumps), WithinRel(9.512099209561441, 1e-12));
  // Tower: 1039.076352 + 9.512099 = 1048.588451 kW_th; fans 0.013 * that
  CHECK_THAT(r.heat_rejected_kw, WithinRel(1048.5884512641612, 1e-12));
  CHECK_THAT(at(r, Use::kTowerFans), WithinRel(13.631649866434095, 1e-12));
  // Make-up: 1048.588451 * 1.26 * 4 / 3 = 1761.63 L
  CHECK_THAT(r.water_l, WithinRel(1761.6285981237909, 1e-12));
  // Grid: 1000 + 27.372406 + 11.703946 + 9.512099 + 13.631650 = 1062.220101 kW
  CHECK_THAT(r.grid_kw, WithinRel(1062.2201011305954, 1e-12));
  CHECK(r.e_dc_kw == r.grid_kw);
}

TEST_CASE("a partial-economiser hour splits the load and runs the chiller on the rest",
          "[whatif][simulation]") {
  const auto r = simulate_hour(bare_plant(), weather_hour(20.0, 15.0, 12.0), 1000.0, 0.0);
  // Sink 15 + 4 = 19 degC: free share (20 - 19) / 6 = 1/6
  CHECK(r.air_mode == AirMode::kPartialEconomiser);
  // Condensing 15 + 4 + 7 = 26 degC, lift 12 K: COP 0.5 * 287.15 / 12 = 11.964583
  CHECK_THAT(r.chiller_cop, WithinRel(11.964583333333332, 1e-12));
  // Chiller load 1039.076352 * 5/6 = 865.896960 kW; / 11.964583 = 72.371677 kW
  CHECK_THAT(at(r, Use::kChiller), WithinRel(72.3716769670625, 1e-12));
  // Grid: 1000 + 27.372406 + 11.703946 + 72.371677 + 10.174617 + 14.581094 = 1136.203740
  CHECK_THAT(r.grid_kw, WithinRel(1136.203740422296, 1e-12));
}

TEST_CASE("the water-side economiser switches exactly at the supply set point",
          "[whatif][simulation][economiser]") {
  const auto model = bare_plant();
  // Wet bulb 10 + approach 4 = 14 = supply: full free cooling
  const auto at_threshold = simulate_hour(model, weather_hour(15.0, 10.0, 7.0), 1000.0, 0.0);
  CHECK(at_threshold.air_mode == AirMode::kFreeCooling);
  CHECK(at(at_threshold, Use::kChiller) == 0.0);
  const auto above = simulate_hour(model, weather_hour(15.0, 10.001, 7.0), 1000.0, 0.0);
  CHECK(above.air_mode == AirMode::kPartialEconomiser);
  CHECK(at(above, Use::kChiller) > 0.0);
  // 16 + 4 = 20 = return: the economiser cannot pre-cool at all
  const auto off = simulate_hour(model, weather_hour(22.0, 16.0, 13.0), 1000.0, 0.0);
  CHECK(off.air_mode == AirMode::kChiller);
}

TEST_CASE("the air-side economiser needs a dry enough dew point", "[whatif][simulation]") {
  auto model = bare_plant();
  model.air_path.economiser = Economiser::kAirSide;
  model.air_path.air_side.supply_air_c = 24.0;
  model.air_path.air_side.return_air_c = 36.0;
  const auto cool = simulate_hour(model, weather_hour(20.0, 14.0, 10.0), 1000.0, 0.0);
  CHECK(cool.air_mode == AirMode::kFreeCooling);
  CHECK(at(cool, Use::kChilledWaterPumps) == 0.0);
  // Dry bulb 30: (36 - 30) / 12 = half the air heat leaves with the outside air
  const auto warm = simulate_hour(model, weather_hour(30.0, 18.0, 12.0), 1000.0, 0.0);
  CHECK(warm.air_mode == AirMode::kPartialEconomiser);
  // Dew point 16 > 15: no outside air
  const auto humid = simulate_hour(model, weather_hour(20.0, 17.0, 16.0), 1000.0, 0.0);
  CHECK(humid.air_mode == AirMode::kChiller);
}

TEST_CASE("a 2n ups shares the load over twice its units", "[whatif][simulation][ups]") {
  FacilityModel model = bare_plant();
  model.power_chain.ups.enabled = true;
  model.power_chain.ups.capacity_kw = 1200.0;
  model.power_chain.ups.units = 2.0;
  model.power_chain.ups.redundancy = Redundancy::k2N;
  model.power_chain.ups.loss_a = 0.010;
  model.power_chain.ups.loss_b = 0.015;
  model.power_chain.ups.loss_c = 0.010;
  const auto hour = weather_hour(10.0, 5.0, 2.0);
  // 4 units of 600 kW share 1000 kW: x = 1000 / 2400 = 0.416667,
  // loss 2400 * (0.01 + 0.015 x + 0.01 x^2) = 2400 * 0.0179861 = 43.166667 kW
  CHECK_THAT(at(simulate_hour(model, hour, 1000.0, 0.0), Use::kUpsLoss),
             WithinRel(43.16666666666667, 1e-12));
  // N: 2 units of 600 kW, x = 1000 / 1200: 1200 * (0.01 + 0.0125 + 0.0069444) = 35.333333 kW
  model.power_chain.ups.redundancy = Redundancy::kN;
  CHECK_THAT(at(simulate_hour(model, hour, 1000.0, 0.0), Use::kUpsLoss),
             WithinRel(35.333333333333336, 1e-12));
  // Eco mode at 99 %: 1000 * (1 / 0.99 - 1) = 10.10101 kW
  model.power_chain.ups_eco_mode = true;
  CHECK_THAT(at(simulate_hour(model, hour, 1000.0, 0.0), Use::kUpsLoss),
             WithinRel(10.101010101010101, 1e-9));
}

TEST_CASE("the heat-pump boundary books the domain worked example", "[whatif][heat_reuse]") {
  // domain.md section 4.3 example 3: IT 10, other overhead 1.5, the heat pump uses 2 and delivers
  // 8 (so it takes 6 from the DC). Units GWh.
  const double it = 10.0;
  const double grid = 11.5;
  const auto inside = book_heat_pump(HeatPumpBoundary::kInside, 6.0, 8.0, 2.0);
  // E_DC 13.5 -> PUE 1.35, ERF 8 / 13.5 = 0.593, ERE (13.5 - 8) / 10 = 0.55
  CHECK_THAT((grid + inside.e_dc_kw) / it, WithinRel(1.35, 1e-12));
  CHECK_THAT(inside.e_reuse_kw / (grid + inside.e_dc_kw), WithinAbs(0.593, 0.0005));
  CHECK_THAT((grid + inside.e_dc_kw - inside.e_reuse_kw) / it, WithinRel(0.55, 1e-12));
  const auto excluded = book_heat_pump(HeatPumpBoundary::kExcluded, 6.0, 8.0, 2.0);
  // EnEfG: PUE 11.5 / 10 = 1.15; the operator still pays the 2
  CHECK_THAT((grid + excluded.e_dc_kw) / it, WithinRel(1.15, 1e-12));
  CHECK(excluded.paid_kw == 2.0);
  const auto outside = book_heat_pump(HeatPumpBoundary::kOutside, 6.0, 8.0, 2.0);
  // Outside: E_DC 11.5, E_reuse 6: ERF 6 / 11.5 = 0.522 (domain.md: 0.52), ERE 5.5 / 10 = 0.55
  CHECK_THAT(outside.e_reuse_kw / (grid + outside.e_dc_kw), WithinAbs(0.52, 0.005));
  CHECK_THAT((grid + outside.e_dc_kw - outside.e_reuse_kw) / it, WithinRel(0.55, 1e-12));
  CHECK(outside.paid_kw == 0.0);
}

TEST_CASE("the heat pump lifts dlc return water to the network in an hour",
          "[whatif][simulation][heat_reuse]") {
  auto model = dlc_hall(0.6);
  model.heat_reuse.enabled = true;
  model.heat_reuse.network_supply_c = 70.0;
  model.heat_reuse.heat_pump.enabled = true;
  const auto r = simulate_hour(model, weather_hour(5.0, 3.0, 0.0), 1000.0, 300.0);
  // 50 -> 70 degC with 5 K approaches: 0.45 * 348.15 / 30 = 5.22225
  CHECK(r.reuse_mode == ReuseMode::kHeatPump);
  CHECK_THAT(r.heat_pump_cop, WithinRel(5.22225, 1e-12));
  // Demand 300 kW (the loop holds 510 kW + pump work): work 300 / 5.22225 = 57.446503 kW,
  // taken from the loop 300 - 57.446503 = 242.553497 kW
  CHECK_THAT(at(r, Use::kHeatPump), WithinRel(57.44650294413328, 1e-12));
  CHECK_THAT(r.heat_pump_source_kw, WithinRel(242.55349705586673, 1e-12));
  CHECK_THAT(r.heat_reused_kw, WithinRel(300.0, 1e-12));
  // Inside the boundary: E_reuse is the heat delivered and the heat pump is in E_DC
  CHECK_THAT(r.e_reuse_kw, WithinRel(300.0, 1e-12));
  CHECK_THAT(r.e_dc_kw, WithinRel(r.grid_kw + at(r, Use::kHeatPump), 1e-12));
}

TEST_CASE("return water hot enough for the network is used directly",
          "[whatif][simulation][heat_reuse]") {
  auto model = dlc_hall(0.6);
  model.heat_reuse.enabled = true;
  model.heat_reuse.network_supply_c = 45.0;  // 50 - 3 >= 45
  model.heat_reuse.heat_pump.enabled = true;
  const auto r = simulate_hour(model, weather_hour(5.0, 3.0, 0.0), 1000.0, 2000.0);
  CHECK(r.reuse_mode == ReuseMode::kDirect);
  CHECK(at(r, Use::kHeatPump) == 0.0);
  // Demand above the loop's heat: all of it, 1000 * 0.6 * 0.85 = 510 kW plus pump work
  CHECK_THAT(r.heat_reused_kw, WithinRel(510.0 + at(r, Use::kDlcPumps), 1e-12));
}

TEST_CASE("energy balance closes every hour of random models", "[whatif][simulation][property]") {
  std::mt19937 rng{20250917};
  auto uniform = [&rng](double lo, double hi) {
    return std::uniform_real_distribution<double>{lo, hi}(rng);
  };
  auto coin = [&rng] { return std::bernoulli_distribution{0.5}(rng); };
  for (int i = 0; i < 24; ++i) {
    auto m = dlc_hall(coin() ? 0.0 : uniform(0.05, 1.0));
    m.it_load.kw = uniform(50.0, 3000.0);
    m.it_load.growth_factor = uniform(0.5, 1.5);
    m.dlc.capture_ratio = uniform(0.6, 1.0);
    m.dlc.supply_c = uniform(18.0, 50.0);
    m.dlc.return_c = m.dlc.supply_c + uniform(4.0, 15.0);
    m.dlc.adiabatic.enabled = coin();
    m.dlc.trim_chiller.enabled = coin();
    m.air_path.chilled_water.supply_c = uniform(6.0, 22.0);
    m.air_path.chilled_water.return_c = m.air_path.chilled_water.supply_c + uniform(3.0, 10.0);
    m.air_path.heat_rejection = coin() ? HeatRejection::kCoolingTower : HeatRejection::kDryCooler;
    const int econ = std::uniform_int_distribution<int>{0, 2}(rng);
    m.air_path.economiser = static_cast<Economiser>(econ);
    m.air_path.air_side.supply_air_c = 22.0;
    m.air_path.air_side.return_air_c = 35.0;
    m.air_path.chiller.enabled = m.air_path.economiser == Economiser::kNone || coin();
    m.power_chain.ups_eco_mode = coin();
    m.power_chain.pdu.enabled = coin();
    m.fixed_loads.other_kw = uniform(0.0, 50.0);
    if (m.dlc.share > 0.0 && coin()) {
      m.heat_reuse.enabled = true;
      m.heat_reuse.boundary =
          static_cast<HeatPumpBoundary>(std::uniform_int_distribution<int>{0, 2}(rng));
      m.heat_reuse.network_supply_c = uniform(35.0, 90.0);
      m.heat_reuse.demand.peak_kw = uniform(10.0, 2000.0);
      m.heat_reuse.demand.design_c = -12.0;
      m.heat_reuse.heat_pump.enabled = coin();
      m.heat_reuse.heat_pump.capacity_kw_th = coin() ? 0.0 : uniform(10.0, 500.0);
    }
    const auto year = synthetic_year(uniform(-5.0, 30.0), uniform(0.0, 15.0), uniform(0.0, 8.0),
                                     uniform(0.5, 10.0));
    INFO("model " << i);
    std::size_t checked = 0;
    const auto sim = simulate(m, year, [&](const HourResult& r) {
      double uses_kw = 0.0;
      for (double p : r.power_kw) {
        uses_kw += p;
        REQUIRE(p >= 0.0);
      }
      // Electricity in = sum of uses; every kW of it leaves as heat: rejected, released, reused.
      REQUIRE_THAT(r.grid_kw + at(r, Use::kHeatPump), WithinRel(uses_kw, 1e-12));
      REQUIRE_THAT(r.heat_rejected_kw + r.heat_released_kw + r.heat_reused_kw,
                   WithinRel(uses_kw, 1e-12));
      // IT heat: what the liquid takes plus what reaches the air (and no more than both).
      REQUIRE(r.heat_captured_kw <= r.heat_it_kw + 1e-9);
      REQUIRE(r.water_l >= 0.0);
      ++checked;
    });
    CHECK(checked == 8760);
    REQUIRE(sim.kpis.dpue);
    CHECK(*sim.kpis.dpue > 1.0);
    CHECK(*sim.kpis.erf >= 0.0);
    CHECK(*sim.kpis.erf <= 1.0);
    CHECK(*sim.kpis.ere <= *sim.kpis.dpue);
    // ERE = (1 - ERF) * PUE holds for sums over the same hours (domain.md section 4.1)
    CHECK_THAT(*sim.kpis.ere, WithinRel((1.0 - *sim.kpis.erf) * *sim.kpis.dpue, 1e-12));
    std::size_t modes = 0;
    for (auto n : sim.totals.air_mode_hours) {
      modes += n;
    }
    CHECK(modes == 8760);
  }
}

TEST_CASE("annual kpis are ratios of the annual sums", "[whatif][simulation]") {
  const auto sim = simulate(air_cooled_hall(), synthetic_year(10.0, 10.0, 4.0, 4.0));
  const auto& t = sim.totals;
  double uses = 0.0;
  double cooling = 0.0;
  for (std::size_t i = 0; i < kUseCount; ++i) {
    uses += t.energy_kwh[i];
    cooling += is_cooling(static_cast<Use>(i)) ? t.energy_kwh[i] : 0.0;
  }
  CHECK_THAT(t.e_dc_kwh, WithinRel(uses, 1e-12));  // no heat pump
  CHECK_THAT(t.e_it_kwh, WithinRel(8760.0 * 1000.0, 1e-12));
  CHECK_THAT(*sim.kpis.dpue, WithinRel(t.e_dc_kwh / t.e_it_kwh, 1e-12));
  CHECK_THAT(*sim.kpis.ppue_cooling, WithinRel((t.e_it_kwh + cooling) / t.e_it_kwh, 1e-12));
  CHECK_THAT(*sim.kpis.wue_l_per_kwh, WithinRel(t.water_m3 * 1000.0 / t.e_it_kwh, 1e-12));
  CHECK(*sim.kpis.erf == 0.0);
  CHECK(!sim.kpis.cue_kg_per_kwh);  // no grid factor given
  CHECK(!t.cost);
  CHECK_THAT(t.it_load_fraction, WithinRel(1.0, 1e-12));
}

TEST_CASE("cost and co2 use the paid electricity and the grid factor", "[whatif][simulation]") {
  auto model = air_cooled_hall();
  model.prices.electricity_per_kwh = 0.2;
  model.prices.water_per_m3 = 3.0;
  model.prices.grid_carbon_kg_per_kwh = 0.4;
  const auto sim = simulate(model, constant_year(10.0, 6.0, 3.0, 24));
  const auto& t = sim.totals;
  CHECK_THAT(*t.cost, WithinRel(t.grid_kwh * 0.2 + t.water_m3 * 3.0, 1e-12));
  CHECK_THAT(*t.co2_kg, WithinRel(t.grid_kwh * 0.4, 1e-12));
  // CUE = CO2 of E_DC / E_IT = 0.4 * dPUE for a single grid factor (domain.md section 1)
  CHECK_THAT(*sim.kpis.cue_kg_per_kwh, WithinRel(0.4 * *sim.kpis.dpue, 1e-12));
}

TEST_CASE("more dlc share lowers dpue", "[whatif][simulation][direction]") {
  const auto year = synthetic_year(10.0, 9.0, 4.0, 3.0);
  const auto low = simulate(dlc_hall(0.3), year);
  const auto high = simulate(dlc_hall(0.7), year);
  CHECK(*high.kpis.dpue < *low.kpis.dpue);
  // Because the chiller and CRAH fans carry less heat.
  CHECK(total(high, Use::kChiller) < total(low, Use::kChiller));
  CHECK(total(high, Use::kCrahFans) < total(low, Use::kCrahFans));
}

TEST_CASE("a higher chilled-water supply raises free-cooling hours and lowers dpue",
          "[whatif][simulation][direction]") {
  const auto year = synthetic_year(10.0, 9.0, 4.0, 3.0);
  auto cold = air_cooled_hall();
  cold.air_path.chilled_water.supply_c = 10.0;
  cold.air_path.chilled_water.return_c = 16.0;
  auto warm = air_cooled_hall();
  warm.air_path.chilled_water.supply_c = 18.0;
  warm.air_path.chilled_water.return_c = 24.0;
  const auto a = simulate(cold, year);
  const auto b = simulate(warm, year);
  CHECK(hours_in(b, AirMode::kFreeCooling) > hours_in(a, AirMode::kFreeCooling));
  CHECK(*b.kpis.dpue < *a.kpis.dpue);
}

TEST_CASE("a higher dlc supply temperature raises dry free-cooling hours and lowers dpue",
          "[whatif][simulation][direction]") {
  const auto year = synthetic_year(14.0, 10.0, 6.0, 4.0);
  auto cool = dlc_hall(0.7);
  cool.dlc.supply_c = 25.0;
  cool.dlc.return_c = 35.0;
  const auto a = simulate(cool, year);
  const auto b = simulate(dlc_hall(0.7), year);  // 40/50
  CHECK(hours_in(b, LiquidMode::kFree) > hours_in(a, LiquidMode::kFree));
  CHECK(total(b, Use::kTrimChiller) < total(a, Use::kTrimChiller));
  CHECK(*b.kpis.dpue < *a.kpis.dpue);
}

TEST_CASE("heat reuse raises erf and lowers ere", "[whatif][simulation][direction]") {
  const auto year = synthetic_year(9.0, 9.0, 4.0, 3.0);
  const auto without = simulate(dlc_hall(0.6), year);
  for (const auto boundary :
       {HeatPumpBoundary::kInside, HeatPumpBoundary::kOutside, HeatPumpBoundary::kExcluded}) {
    auto model = dlc_hall(0.6);
    model.heat_reuse.enabled = true;
    model.heat_reuse.boundary = boundary;
    model.heat_reuse.network_supply_c = 70.0;
    model.heat_reuse.demand.peak_kw = 400.0;
    model.heat_reuse.demand.design_c = -12.0;
    model.heat_reuse.heat_pump.enabled = true;
    const auto with = simulate(model, year);
    INFO("boundary " << boundary_name(boundary));
    CHECK(with.heat_pump_boundary == boundary);
    CHECK(*with.kpis.erf > *without.kpis.erf);
    CHECK(*with.kpis.ere < *without.kpis.ere);
    // The heat pump takes load off the dry coolers.
    CHECK(total(with, Use::kDryCoolerFans) < total(without, Use::kDryCoolerFans));
    if (boundary == HeatPumpBoundary::kInside) {
      CHECK(*with.kpis.dpue > *without.kpis.dpue);  // its electricity is in E_DC
    } else {
      CHECK(*with.kpis.dpue < *without.kpis.dpue);
    }
  }
}

TEST_CASE("ups eco mode lowers power losses", "[whatif][simulation][direction]") {
  const auto year = synthetic_year(10.0, 9.0, 4.0, 3.0);
  auto eco = air_cooled_hall();
  eco.power_chain.ups_eco_mode = true;
  const auto a = simulate(air_cooled_hall(), year);
  const auto b = simulate(eco, year);
  CHECK(total(b, Use::kUpsLoss) < total(a, Use::kUpsLoss));
  CHECK(*b.kpis.ppue_power < *a.kpis.ppue_power);
  CHECK(*b.kpis.dpue < *a.kpis.dpue);
}

// NREL ESIF (domain.md sections 8 and "Latest verification": annualised PUE 1.036, design
// <= 1.06): configured like it, in the Aurora (Denver) TMY3 climate, 35 km from ESIF. Each
// parameter and why:
// - 1 MW IT (ESIF runs about 1 MW, domain.md section 8), constant;
// - chiller-less: no chiller on either loop (ESIF design, [S41a]);
// - all racks on DLC with capture 0.9 ("about 90 % liquid capture", issue 5; SD650-class 90 %
//   [S39b]); the remaining 10 % air heat by a tower-fed water-side economiser at 24/30 degC;
// - DLC loop 75/95 degF = 24/35 degC (ESIF's energy-recovery water), rejected by dry coolers
//   with evaporative assist (the model's stand-in for ESIF's towers); their fans at
//   0.01 kW/kW_th, the low end of the typical 0.01-0.03, because ESIF rejects through
//   evaporative towers with variable-speed fans, which need less fan power than dry coolers
//   (the registry's own tower figure is 0.013) [U];
// - power chain: the transformer at its default losses, no UPS and no PDUs: HPC nodes ride
//   through on the utility and ESIF feeds 480 V to the racks, so E_IT is metered at the rack
//   input with no PDU stage in between (an assumption about ESIF's distribution, not in
//   domain.md: [U]);
// - 5 kW lighting; every other parameter at its default.
// With PDUs at their default losses (119 MWh/yr) and dry-cooler fans at the 0.02 default
// (159 MWh/yr) the same hall gives dPUE 1.060, ESIF's design figure; the measured 1.036 needs the
// leaner power chain and heat rejection above.
TEST_CASE("a chiller-less warm-water hpc hall in denver comes out near esif's pue",
          "[whatif][simulation][magnitude]") {
  const auto year = dceff::weather::read_epw(
      std::string{DCEFF_SAMPLES_DIR} + "/weather/USA_CO_Aurora-Buckley.Field.ANGB.724695_TMY3.epw");
  FacilityModel m;
  m.it_load.kw = 1000.0;
  m.power_chain.transformer.enabled = true;
  m.power_chain.transformer.capacity_kw = 2000.0;
  m.dlc.share = 1.0;
  m.dlc.capture_ratio = 0.9;
  m.dlc.supply_c = 24.0;
  m.dlc.return_c = 35.0;
  m.dlc.adiabatic.enabled = true;
  m.dlc.dry_cooler.fan_kw_per_kw_th = 0.01;
  m.air_path.heat_rejection = HeatRejection::kCoolingTower;
  m.air_path.economiser = Economiser::kWaterSide;
  m.air_path.chilled_water.supply_c = 24.0;
  m.air_path.chilled_water.return_c = 30.0;
  m.fixed_loads.lighting_kw = 5.0;
  const auto sim = simulate(m, year);
  INFO("dPUE " << *sim.kpis.dpue << ", WUE " << *sim.kpis.wue_l_per_kwh << " L/kWh");
  // Near ESIF's measured 1.036: within +-0.01.
  CHECK(*sim.kpis.dpue >= 1.026);
  CHECK(*sim.kpis.dpue <= 1.046);
  CHECK(total(sim, Use::kChiller) == 0.0);
  CHECK(total(sim, Use::kTrimChiller) == 0.0);
  CHECK(hours_in(sim, AirMode::kUnmet) == 0);
}

// An air-cooled chiller plant without economiser in a hot climate: a synthetic year at 35 degC
// mean dry bulb (+-6 K daily) and about 24 degC wet bulb, the hot season of a Gulf site held all
// year; 1 MW IT, 2N UPS, PDUs, transformer, chilled water at 7/13 degC (the classic 44 degF
// supply of a plant without economiser), and the chiller at eta 0.47: domain.md section 9 derives
// 0.47 for air-cooled chillers from the AHRI minimum (EER 9.562 -> COP 2.80); the 0.5 default is
// the water-cooled figure. Every other parameter at its default. Check of the chiller alone at the
// mean hour: condensing 35 + 15 = 50 degC, lift 43 K, COP 0.47 x 280.15 / 43 = 3.06, so about
// 1.1 MW of air heat costs 0.36 MW of compressor power; with fans, pumps and the 2N UPS the hall
// lands well above 1.4.
TEST_CASE("an air-cooled chiller plant without economiser in a hot climate is above 1.4",
          "[whatif][simulation][magnitude]") {
  auto m = air_cooled_hall();
  m.air_path.heat_rejection = HeatRejection::kDryCooler;
  m.air_path.economiser = Economiser::kNone;
  m.air_path.chilled_water.supply_c = 7.0;
  m.air_path.chilled_water.return_c = 13.0;
  m.air_path.chiller.eta = 0.47;
  const auto sim = simulate(m, synthetic_year(35.0, 0.0, 6.0, 11.0));
  INFO("dPUE " << *sim.kpis.dpue);
  CHECK(*sim.kpis.dpue > 1.45);
  CHECK(hours_in(sim, AirMode::kChiller) == 8760);
}

TEST_CASE("a chiller-less air path reports its unmet hours", "[whatif][simulation]") {
  auto model = bare_plant();
  model.air_path.chiller.enabled = false;
  const auto sim = simulate(model, constant_year(30.0, 20.0, 15.0, 10));
  CHECK(hours_in(sim, AirMode::kUnmet) == 10);
  check_lines(sim.notes,
              {"air path: 10 h in which the chiller-less economiser cannot hold the chilled-water "
               "supply of 14 degC"});
}

TEST_CASE("an it profile must have one value per weather hour", "[whatif][simulation][errors]") {
  auto model = bare_plant();
  model.it_load.profile.values.assign(24, 500.0);
  model.it_load.profile.where = "model.json: /it_load/profile_csv";
  CHECK_THROWS_MATCHES(simulate(model, constant_year(10.0, 5.0, 2.0, 48)), dceff::ConfigError,
                       Message("model.json: /it_load/profile_csv: 24 hourly values but the "
                               "weather year has 48 hours (expected one value per hour)"));
  const auto sim = simulate(model, constant_year(10.0, 5.0, 2.0, 24));
  CHECK_THAT(sim.totals.e_it_kwh, WithinRel(24.0 * 500.0, 1e-12));
}

TEST_CASE("simulate checks the model first", "[whatif][simulation][errors]") {
  auto model = bare_plant();
  model.source = "m.json";
  model.air_path.chilled_water.return_c = 12.0;
  CHECK_THROWS_MATCHES(simulate(model, constant_year(10.0, 5.0, 2.0, 2)), dceff::ConfigError,
                       Message("m.json: /air_path/chilled_water/return_c: 12 is not above the "
                               "supply temperature 14 (/air_path/chilled_water/supply_c)"));
}

TEST_CASE("the defaults used are listed with their provenance", "[whatif][simulation]") {
  const auto sim = simulate(dlc_hall(0.5), constant_year(10.0, 5.0, 2.0, 2));
  bool capture = false;
  bool hp_eta = false;
  for (const auto& d : sim.defaults_used) {
    if (d.path == "/dlc/capture_ratio") {
      capture = true;
      CHECK(d.value == 0.85);
      CHECK(d.tag == "[S]");
      CHECK(d.unit == "1");
    }
    hp_eta = hp_eta || d.path == "/heat_reuse/heat_pump/eta";  // no heat reuse: not used
  }
  CHECK(capture);
  CHECK_FALSE(hp_eta);
}

}  // namespace
