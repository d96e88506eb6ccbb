#include "dceff/whatif/writers.hpp"

#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dceff/whatif/comparison.hpp"
#include "dceff/whatif/simulation.hpp"

#include "unit/whatif/model_fixture.hpp"

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;
using namespace dceff::whatif;

// Baseline: a DLC hall with heat export through a heat pump inside the boundary; scenario: the
// same with the heat pump excluded (EnEfG), over 24 constant hours.
auto two_scenarios() -> WhatIfResult {
  WhatIfResult r;
  r.tool_version = "test";
  r.source = "s.json";
  r.weather.push_back(dceff::test::constant_year(5.0, 3.0, 0.0, 24));
  auto model = dceff::test::dlc_hall(0.6);
  model.heat_reuse.enabled = true;
  model.heat_reuse.network_supply_c = 70.0;
  model.heat_reuse.demand.peak_kw = 300.0;
  model.heat_reuse.demand.design_c = -12.0;
  model.heat_reuse.heat_pump.enabled = true;
  r.model_name = model.name;
  for (const auto boundary : {HeatPumpBoundary::kInside, HeatPumpBoundary::kExcluded}) {
    ScenarioResult s;
    s.name = boundary == HeatPumpBoundary::kInside ? "baseline" : "hp, excluded";
    s.model = model;
    s.model.heat_reuse.boundary = boundary;
    s.simulation = simulate(s.model, r.weather.front());
    r.scenarios.push_back(std::move(s));
  }
  r.scenarios[1].why = explain(r.scenarios[0].simulation, r.scenarios[1].simulation);
  return r;
}

TEST_CASE("the json output lists every scenario, baseline first, with its boundary",
          "[whatif][writers]") {
  const auto r = two_scenarios();
  std::ostringstream out;
  write_json(r, out);
  const auto doc = nlohmann::json::parse(out.str());
  CHECK(doc["dceff_whatif"] == 1);
  REQUIRE(doc["scenarios"].size() == 2);
  const auto& base = doc["scenarios"][0];
  CHECK(base["name"] == "baseline");
  CHECK(base["heat_pump_boundary"] == "inside");
  CHECK(base["delta"].is_null());
  for (const auto* key : {"dpue", "ppue_cooling", "ppue_power", "ere", "erf", "wue", "cue"}) {
    CHECK(base["kpis"].contains(key));
  }
  const auto& next = doc["scenarios"][1];
  CHECK(next["heat_pump_boundary"] == "excluded");
  // The heat pump's electricity leaves E_DC: the dPUE delta is minus its energy over E_IT.
  const double hp_kwh = base["energy_kwh"]["heat_pump"];
  const double it_kwh = base["totals_kwh"]["e_it"];
  CHECK_THAT(next["delta"]["kpis"]["dpue"].get<double>(), WithinRel(-hp_kwh / it_kwh, 1e-9));
  CHECK(next["why"]["text"] == r.scenarios[1].why.text);
  CHECK(doc["label"].get<std::string>().find("not a measured PUE") != std::string::npos);
  CHECK(!doc["defaults_used"].empty());
  CHECK(base["it_load"]["fraction_of_design"] == 1.0);
}

TEST_CASE("table, markdown and csv label design figures and state the boundary",
          "[whatif][writers]") {
  const auto r = two_scenarios();
  std::ostringstream table;
  write_table(r, table);
  CHECK_THAT(table.str(), Contains("dPUE is a design PUE (ISO/IEC 30134-2), not a measured PUE"));
  CHECK_THAT(table.str(), Contains("of the design IT load (the IT-load fraction"));
  CHECK_THAT(table.str(), Contains(" excluded "));
  std::ostringstream md;
  write_markdown(r, md);
  CHECK_THAT(md.str(), Contains("| dPUE |"));
  std::ostringstream csv;
  write_csv(r, csv);
  std::istringstream lines{csv.str()};
  std::string header;
  std::string row;
  std::getline(lines, header);
  CHECK_THAT(header, Contains("heat_pump_boundary"));
  std::size_t rows = 0;
  while (std::getline(lines, row)) {
    ++rows;
  }
  CHECK(rows == 2);
  // The name with a comma is quoted.
  CHECK_THAT(csv.str(), Contains("\n\"hp, excluded\","));
}

TEST_CASE("the hourly csv has a row per scenario and hour", "[whatif][writers]") {
  const auto r = two_scenarios();
  std::ostringstream out;
  write_hourly(r, out);
  std::istringstream lines{out.str()};
  std::string line;
  std::size_t n = 0;
  while (std::getline(lines, line)) {
    ++n;
  }
  CHECK(n == 1 + 2 * 24);
}

}  // namespace
