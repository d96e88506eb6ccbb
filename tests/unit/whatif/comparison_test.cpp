#include "dceff/whatif/comparison.hpp"

#include <cstddef>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/whatif/simulation.hpp"

#include "unit/whatif/model_fixture.hpp"

namespace {

using dceff::test::air_cooled_hall;
using dceff::test::dlc_hall;
using dceff::test::synthetic_year;
using namespace dceff::whatif;

auto ix(Use use) -> std::size_t {
  return static_cast<std::size_t>(use);
}

TEST_CASE("the explanation lists the largest changes in a fixed order", "[whatif][comparison]") {
  Simulation base;
  Simulation next;
  base.kpis.dpue = 1.2;
  next.kpis.dpue = 1.15;
  base.kpis.ere = next.kpis.ere = 1.1;
  base.totals.energy_kwh[ix(Use::kChiller)] = 100000.0;
  next.totals.energy_kwh[ix(Use::kChiller)] = 40000.0;  // -60.0 MWh
  base.totals.energy_kwh[ix(Use::kCrahFans)] = 50000.0;
  next.totals.energy_kwh[ix(Use::kCrahFans)] = 45000.0;  // -5.0 MWh
  base.totals.energy_kwh[ix(Use::kChilledWaterPumps)] = 10000.0;
  next.totals.energy_kwh[ix(Use::kChilledWaterPumps)] = 12000.0;  // +2.0 MWh
  base.totals.energy_kwh[ix(Use::kTowerFans)] = 1000.0;
  next.totals.energy_kwh[ix(Use::kTowerFans)] = 1010.0;  // 4th largest: not listed
  base.totals.energy_kwh[ix(Use::kIt)] = 5.0;            // IT is never a reason
  base.totals.air_mode_hours = {3000, 760, 5000, 0};
  next.totals.air_mode_hours = {2000, 760, 6000, 0};
  const auto why = explain(base, next);
  REQUIRE(why.energy.size() == 3);
  CHECK(why.energy[0].use == Use::kChiller);
  CHECK(why.energy[0].delta_kwh() == -60000.0);
  CHECK(why.energy[1].use == Use::kCrahFans);
  CHECK(why.energy[2].use == Use::kChilledWaterPumps);
  // Equal |changes| of 1000 h keep the enum order: chiller before free_cooling.
  REQUIRE(why.mode_hours.size() == 2);
  CHECK(why.mode_hours[0].mode == "chiller");
  CHECK(why.mode_hours[0].delta() == -1000);
  CHECK(why.mode_hours[1].mode == "free_cooling");
  CHECK(why.e_reuse_delta_kwh == 0.0);
  CHECK(why.text ==
        "dPUE 1.200 -> 1.150 (-0.050): chiller -60.0 MWh, crah_fans -5.0 MWh, "
        "chilled_water_pumps +2.0 MWh; hours: chiller -1000, free_cooling +1000");
}

TEST_CASE("simulations are bit-identical for any thread count", "[whatif][comparison][property]") {
  const auto year = synthetic_year(10.0, 9.0, 4.0, 3.0);
  std::vector<FacilityModel> models;
  for (int i = 0; i < 7; ++i) {
    models.push_back(dlc_hall(0.1 * i));
  }
  std::vector<Run> runs;
  for (const auto& m : models) {
    runs.push_back({&m, &year});
  }
  const auto one = simulate_all(runs, 1);
  for (const unsigned threads : {2U, 3U, 16U, 0U}) {
    const auto many = simulate_all(runs, threads);
    REQUIRE(many.size() == one.size());
    for (std::size_t i = 0; i < one.size(); ++i) {
      CHECK(many[i].totals.e_dc_kwh == one[i].totals.e_dc_kwh);
      CHECK(many[i].totals.energy_kwh == one[i].totals.energy_kwh);
      CHECK(many[i].totals.air_mode_hours == one[i].totals.air_mode_hours);
      CHECK(*many[i].kpis.dpue == *one[i].kpis.dpue);
    }
  }
}

// Direction tests: each change moves the KPIs the way the physics says, and the explanation
// names the mechanism. Synthetic temperate year: 10 degC mean, +-9 K annual, +-4 K daily, wet
// bulb 3 K below the dry bulb.
TEST_CASE("moving 70 % of it to warm-water dlc lowers dpue, and says why",
          "[whatif][comparison][direction]") {
  const auto year = synthetic_year(10.0, 9.0, 4.0, 3.0);
  const auto base = simulate(dlc_hall(0.3), year);
  const auto more = simulate(dlc_hall(0.7), year);
  // 40 % more of 1000 kW IT at capture 0.85 = 340 kW leaves the air path for the liquid: the
  // chiller and CRAH fans carry less, the dry coolers (fans at 2 % of their heat) more.
  CHECK(*more.kpis.dpue < *base.kpis.dpue);
  const auto why = explain(base, more);
  REQUIRE(!why.energy.empty());
  CHECK(why.energy[0].delta_kwh() < 0.0);
  bool chiller_down = false;
  bool dry_up = false;
  for (const auto& e : why.energy) {
    chiller_down = chiller_down || (e.use == Use::kChiller && e.delta_kwh() < 0.0);
    chiller_down = chiller_down || (e.use == Use::kCrahFans && e.delta_kwh() < 0.0);
    dry_up = dry_up || (e.use == Use::kDryCoolerFans && e.delta_kwh() > 0.0);
  }
  CHECK(chiller_down);
  CHECK(dry_up);
  CHECK_THAT(why.text, Catch::Matchers::StartsWith("dPUE "));
}

TEST_CASE("raised chilled-water set points lower dpue through more economiser hours",
          "[whatif][comparison][direction]") {
  const auto year = synthetic_year(10.0, 9.0, 4.0, 3.0);
  auto raised = air_cooled_hall();
  raised.air_path.chilled_water.supply_c = 18.0;  // from 14/20
  raised.air_path.chilled_water.return_c = 24.0;
  const auto base = simulate(air_cooled_hall(), year);
  const auto next = simulate(raised, year);
  CHECK(*next.kpis.dpue < *base.kpis.dpue);
  const auto why = explain(base, next);
  // Free cooling needs wet bulb + 4 K <= supply: 4 K more supply buys the hours with a wet bulb
  // from 10 to 14 degC, which the chiller and partial economiser had.
  bool free_up = false;
  for (const auto& m : why.mode_hours) {
    free_up = free_up || (m.mode == "free_cooling" && m.delta() > 0);
  }
  CHECK(free_up);
  REQUIRE(!why.energy.empty());
  CHECK(why.energy[0].use == Use::kChiller);
  CHECK(why.energy[0].delta_kwh() < 0.0);
  CHECK_THAT(why.text, Catch::Matchers::Contains("free_cooling +"));
}

TEST_CASE("heat reuse raises erf and lowers ere, and says why", "[whatif][comparison][direction]") {
  const auto year = synthetic_year(9.0, 9.0, 4.0, 3.0);
  auto reuse = dlc_hall(0.6);
  reuse.heat_reuse.enabled = true;
  reuse.heat_reuse.network_supply_c = 70.0;
  reuse.heat_reuse.demand.peak_kw = 400.0;
  reuse.heat_reuse.demand.design_c = -12.0;
  reuse.heat_reuse.demand.baseload_kw = 50.0;  // demand every hour
  reuse.heat_reuse.heat_pump.enabled = true;
  const auto base = simulate(dlc_hall(0.6), year);
  const auto with = simulate(reuse, year);
  CHECK(*with.kpis.erf > *base.kpis.erf);
  CHECK(*with.kpis.ere < *base.kpis.ere);
  const auto why = explain(base, with);
  CHECK(why.e_reuse_delta_kwh > 0.0);
  // Heat-pump electricity is the largest change (inside the boundary), the dry coolers reject
  // less; the heat pump runs every hour because of the 50 kW base load.
  REQUIRE(!why.energy.empty());
  CHECK(why.energy[0].use == Use::kHeatPump);
  CHECK(why.energy[0].delta_kwh() > 0.0);
  REQUIRE(!why.mode_hours.empty());
  CHECK(why.mode_hours[0].mode == "reuse_heat_pump");
  CHECK(why.mode_hours[0].delta() == 8760);
  CHECK_THAT(why.text, Catch::Matchers::Contains("E_reuse +"));
  CHECK_THAT(why.text, Catch::Matchers::Contains("; ERE "));
}

}  // namespace
