#include "dceff/whatif/scenario_file.hpp"

#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"
#include "dceff/whatif/whatif.hpp"

#include "support/error_message.hpp"
#include "support/scratch.hpp"

namespace {

using Catch::Matchers::Message;
using dceff::ConfigError;
using dceff::whatif::ScenarioSet;

// A baseline with a DLC loop at 40/50 degC and a chiller with a water-side economiser.
constexpr std::string_view kBaseline = R"({
  "it_load": {"kw": 500},
  "air_path": {"heat_rejection": "cooling_tower", "chilled_water": {"supply_c": 14, "return_c": 20},
               "chiller": {}, "economiser": {"type": "water_side"}},
  "dlc": {"share": 0.6, "supply_c": 40, "return_c": 50}
})";

auto with_scenarios(std::string_view scenarios) -> std::string {
  return std::string{R"({"baseline": )"} + std::string{kBaseline} + R"(, "scenarios": )" +
         std::string{scenarios} + "}";
}

auto read(const std::string& text) -> ScenarioSet {
  std::istringstream in{text};
  return dceff::whatif::read_scenario_file(in, "s.json", ".", std::nullopt);
}

// The message of the ConfigError that reading `text` throws, or "" when it throws none.
auto error_of(const std::string& text) -> std::string {
  return dceff::test::error_message<ConfigError>([&] { (void)read(text); });
}

TEST_CASE("scenario changes are json merge patches of the baseline", "[whatif][scenarios]") {
  const auto set = read(with_scenarios(R"([
      {"name": "hot water", "changes": {"dlc": {"supply_c": 45, "return_c": 55}}},
      {"name": "no chiller", "changes": {"air_path": {"chiller": null}}},
      {"name": "no dlc", "description": "all air", "changes": {"dlc": null}},
      {"name": "more dlc", "changes": {"dlc": {"share": 0.8}}}])"));
  REQUIRE(set.scenarios.size() == 5);
  CHECK(set.scenarios[0].name == "baseline");
  CHECK(set.scenarios[0].changes.empty());
  CHECK(set.scenarios[0].model.dlc.supply_c == 40.0);
  // A nested object merges member by member: the share stays 0.6.
  const auto& hot = set.scenarios[1];
  CHECK(hot.model.dlc.supply_c == 45.0);
  CHECK(hot.model.dlc.return_c == 55.0);
  CHECK(hot.model.dlc.share == 0.6);
  CHECK(hot.changes == std::vector<std::string>{"/dlc/return_c", "/dlc/supply_c"});
  // null removes a member (RFC 7386): chiller-less, the economiser and tower stay.
  const auto& no_chiller = set.scenarios[2];
  CHECK_FALSE(no_chiller.model.air_path.chiller.enabled);
  CHECK(no_chiller.model.air_path.economiser == dceff::whatif::Economiser::kWaterSide);
  CHECK(no_chiller.changes == std::vector<std::string>{"/air_path/chiller"});
  CHECK(set.scenarios[3].model.dlc.share == 0.0);
  CHECK(set.scenarios[3].description == "all air");
  // Each scenario patches the baseline, not the scenario before it: 40/50 again.
  CHECK(set.scenarios[4].model.dlc.share == 0.8);
  CHECK(set.scenarios[4].model.dlc.supply_c == 40.0);
  CHECK(set.scenarios[4].model.air_path.chiller.enabled);
}

TEST_CASE("a bad value in a scenario names its pointer in the scenario file",
          "[whatif][scenarios][errors]") {
  CHECK(error_of(with_scenarios(R"([{"name": "a", "changes": {"dlc": {"share": 0.7}}},
      {"name": "b", "changes": {"dlc": {"capture_ratio": 0.9}}},
      {"name": "c", "changes": {"dlc": {"share": 1.7}}}])")) ==
        "s.json: /scenarios/2/changes/dlc/share: out of range: 1.7 (expected 0 to 1)");
  CHECK(error_of(with_scenarios(R"([{"name": "a", "changes": {"dlc": {"sharee": 0.7}}}])")) ==
        "s.json: /scenarios/0/changes/dlc/sharee: unknown field 'sharee' (expected one of: share, "
        "capture_ratio, supply_c, return_c, pump_head_kpa, pump_efficiency, dry_cooler, "
        "adiabatic, trim_chiller, comment)");
  CHECK(
      error_of(with_scenarios(R"([{"name": "a", "changes": {"dlc": {"capture_ratio": "x"}}}])")) ==
      "s.json: /scenarios/0/changes/dlc/capture_ratio: expected a number, got a string");
  // The supply the patch raises to 55 is no longer below the baseline's return of 50: the
  // field at fault is not in the patch, so the patch as a whole is named.
  CHECK(error_of(with_scenarios(R"([{"name": "a", "changes": {"dlc": {"supply_c": 55}}}])")) ==
        "s.json: /scenarios/0/changes: the patched model fails at /dlc/return_c: 50 is not "
        "above the supply temperature 55 (/dlc/supply_c)");
  // Removing the air path leaves a model without one.
  CHECK(error_of(with_scenarios(R"([{"name": "a", "changes": {"air_path": null}}])")) ==
        "s.json: /scenarios/0/changes: missing field 'air_path' (expected an object: the air "
        "path carries the heat the liquid does not take)");
}

TEST_CASE("scenario file structure errors", "[whatif][scenarios][errors]") {
  CHECK(error_of(with_scenarios(R"([{"name": "a", "changes": {"dlc": {"share": 0.7}}},
      {"name": "a", "changes": {"dlc": {"share": 0.8}}}])")) ==
        "s.json: /scenarios/1/name: scenario name 'a' is used twice (expected unique names)");
  CHECK(error_of(with_scenarios(R"([{"name": "baseline", "changes": {"dlc": {"share": 0.7}}}])")) ==
        "s.json: /scenarios/0/name: the name 'baseline' is taken by the baseline (expected "
        "another name)");
  CHECK(error_of(with_scenarios(R"([{"name": "a", "changes": [1]}])")) ==
        "s.json: /scenarios/0/changes: expected an object (a JSON merge patch of the baseline "
        "model), got an array");
  CHECK(error_of(with_scenarios(R"([{"name": "a", "changes": {}}])")) ==
        "s.json: /scenarios/0/changes: no change (expected at least one model field to change, "
        "or a 'weather')");
  CHECK(error_of(with_scenarios(R"([{"name": "a", "chnages": {}}])")) ==
        "s.json: /scenarios/0/chnages: unknown field 'chnages' (expected one of: name, "
        "description, changes, weather, comment)");
  CHECK(error_of(with_scenarios(R"([{"changes": {"dlc": {"share": 0.7}}}])")) ==
        "s.json: /scenarios/0: missing field 'name' (expected a unique scenario name)");
  CHECK(error_of(with_scenarios(R"({"a": 1})")) ==
        "s.json: /scenarios: expected an array, got an object");
  CHECK(error_of(R"({"scenarios": []})") ==
        "s.json: /: missing field 'baseline' (expected a model file path or an inline model "
        "object, or give --model)");
  CHECK(error_of(R"({"baseline": {"it_load": {"kw": 0}, "air_path": {}}, "scenarios": []})") ==
        "s.json: /baseline/it_load/kw: out of range: 0 (expected more than 0 and at most "
        "10000000 kW)");
  CHECK(error_of(R"({"dceff_scenarios": 2, "baseline": {}, "scenarios": []})") ==
        "s.json: /dceff_scenarios: unsupported scenario file version 2 (expected 1)");
  CHECK(error_of(with_scenarios(R"([{"name": "a", "changes": {"dlc": {"share": 1e400}}}])")) ==
        "s.json: invalid JSON: number overflow parsing '1e400' (expected a finite number)");
  CHECK(error_of(R"({"baseline": 5, "scenarios": []})") ==
        "s.json: /baseline: expected a model file path or a model object, got a number");
}

TEST_CASE("file paths resolve against the scenario file and --model replaces the baseline",
          "[whatif][scenarios]") {
  dceff::test::Scratch scratch;
  const auto model = scratch.write("hall.json", {std::string{kBaseline}});
  const auto other = scratch.write(
      "other.json", {R"({"it_load": {"kw": 800}, "air_path": {"heat_rejection": "dry_cooler",)",
                     R"( "chilled_water": {"supply_c": 12, "return_c": 18}, "chiller": {}},)",
                     R"( "dlc": {"share": 0.5, "supply_c": 30, "return_c": 40}})"});
  const auto path =
      scratch.write("s.json", {R"({"baseline": "hall.json", "weather": "w.epw", "scenarios": [)",
                               R"({"name": "elsewhere", "weather": "sub/x.csv", "changes": {}},)",
                               R"({"name": "bigger", "changes": {"it_load": {"kw": 600}}}]})"});
  const auto dir = std::filesystem::path{path}.parent_path();
  const auto set = dceff::whatif::load_scenario_file(path, std::nullopt);
  CHECK(set.source == path);
  CHECK(set.weather_path == (dir / "w.epw").string());
  CHECK(set.scenarios[0].model.it_load.kw == 500.0);
  CHECK(set.scenarios[0].model.source == model);
  CHECK(set.scenarios[1].weather_path == (dir / "sub/x.csv").string());
  CHECK(set.scenarios[1].changes.empty());
  CHECK(set.scenarios[2].model.it_load.kw == 600.0);
  const auto replaced = dceff::whatif::load_scenario_file(path, other);
  CHECK(replaced.scenarios[0].model.it_load.kw == 800.0);
  CHECK(replaced.scenarios[2].model.it_load.kw == 600.0);
  CHECK(replaced.scenarios[2].model.dlc.supply_c == 30.0);  // patched onto the other baseline

  // A bad baseline file is reported with its own name.
  const auto bad = scratch.write("bad.json", {R"({"it_load": {"kw": -1}, "air_path": {}})"});
  CHECK_THROWS_MATCHES(dceff::whatif::load_scenario_file(path, bad), ConfigError,
                       Message(bad + ": /it_load/kw: out of range: -1 (expected more than 0 and "
                                     "at most 10000000 kW)"));
}

TEST_CASE("whatif needs a model and refuses a sweep over scenarios", "[whatif][errors]") {
  dceff::whatif::WhatIfRequest request;
  CHECK_THROWS_MATCHES(dceff::whatif::run_whatif(request), ConfigError,
                       Message("whatif: no model given (expected --model MODEL.json or "
                               "--scenarios S.json)"));
  request.scenarios_path = "s.json";
  request.sweep = "dlc.share=0:1:0.5";
  CHECK_THROWS_MATCHES(dceff::whatif::run_whatif(request), ConfigError,
                       Message("whatif: --sweep varies the baseline alone (expected --sweep or "
                               "--scenarios, not both)"));
  // Every sweep point's year would be 8760 rows: 1000 points are 8.76 M rows (about 4 GB).
  request.scenarios_path.reset();
  request.model_path = std::string{DCEFF_SAMPLES_DIR} + "/model.json";
  request.hourly = true;
  CHECK_THROWS_MATCHES(dceff::whatif::run_whatif(request), ConfigError,
                       Message("whatif: --hourly with --sweep would write 8760 rows per sweep "
                               "point (expected --hourly with --scenarios or a single model)"));
}

}  // namespace
