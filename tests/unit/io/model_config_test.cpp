#include "dceff/io/model_config.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dceff/error.hpp"
#include "dceff/whatif/facility_model.hpp"
#include "dceff/whatif/parameters.hpp"
#include "dceff/whatif/simulation.hpp"

#include "io/model_config_json.hpp"
#include "support/error_message.hpp"
#include "support/scratch.hpp"
#include "unit/whatif/model_fixture.hpp"

namespace {

using Catch::Matchers::Message;
using Catch::Matchers::StartsWith;
using Catch::Matchers::WithinRel;
using dceff::ConfigError;
using dceff::InputError;
using dceff::whatif::FacilityModel;

const std::string kSample = std::string{DCEFF_SAMPLES_DIR} + "/model.json";

// The smallest valid model: IT and an air path.
constexpr std::string_view kMinimal = R"({
  "it_load": {"kw": 500},
  "air_path": {"heat_rejection": "dry_cooler", "chilled_water": {"supply_c": 12, "return_c": 18},
               "chiller": {}}
})";

auto parse(std::string_view text, const std::filesystem::path& base = ".") -> FacilityModel {
  std::istringstream in{std::string{text}};
  return dceff::io::read_model(in, "model.json", base);
}

// kMinimal with `"key": value` members added at the top level.
auto minimal_with(std::string_view members) -> std::string {
  std::string text{kMinimal};
  text.insert(text.rfind('}'), std::string{", "} + std::string{members});
  return text;
}

auto config_error(std::string_view text) -> std::string {
  return dceff::test::error_message<ConfigError>([&] { (void)parse(text); });
}

TEST_CASE("the sample model reads into the structs", "[io][model]") {
  const auto m = dceff::io::load_model(kSample);
  CHECK(m.source == kSample);
  CHECK(m.it_load.kw == 1000.0);
  CHECK(m.power_chain.ups.enabled);
  CHECK(m.power_chain.ups.redundancy == dceff::whatif::Redundancy::k2N);
  CHECK(m.power_chain.ups.units == 2.0);
  CHECK(m.air_path.economiser == dceff::whatif::Economiser::kWaterSide);
  CHECK(m.air_path.chiller.enabled);
  CHECK(m.dlc.share == 0.6);
  CHECK(m.dlc.capture_ratio == 0.85);  // default
  CHECK(m.dlc.adiabatic.enabled);
  CHECK(m.dlc.trim_chiller.enabled);
  CHECK(m.heat_reuse.enabled);
  CHECK(m.heat_reuse.boundary == dceff::whatif::HeatPumpBoundary::kInside);
  CHECK(m.heat_reuse.heat_pump.capacity_kw_th == 500.0);
  CHECK(m.prices.currency == "EUR");
  CHECK(std::is_sorted(m.explicit_parameters.begin(), m.explicit_parameters.end()));
  CHECK(std::binary_search(m.explicit_parameters.begin(), m.explicit_parameters.end(),
                           std::string{"/dlc/share"}));
}

TEST_CASE("the sample model simulates to a plausible design pue", "[io][model][whatif]") {
  const auto m = dceff::io::load_model(kSample);
  const auto sim = dceff::whatif::simulate(m, dceff::test::synthetic_year(10.0, 9.0, 4.0, 3.0));
  INFO("dPUE " << *sim.kpis.dpue << " ERE " << *sim.kpis.ere << " ERF " << *sim.kpis.erf);
  CHECK(*sim.kpis.dpue > 1.1);
  CHECK(*sim.kpis.dpue < 1.4);
  CHECK(*sim.kpis.erf > 0.0);
  CHECK(*sim.kpis.ere < *sim.kpis.dpue);
  bool capture_listed = false;
  for (const auto& d : sim.defaults_used) {
    capture_listed = capture_listed || d.path == "/dlc/capture_ratio";
  }
  CHECK(capture_listed);
}

TEST_CASE("a minimal model needs only it load and an air path", "[io][model]") {
  const auto m = parse(kMinimal);
  CHECK(m.name == "model");
  CHECK(m.it_load.kw == 500.0);
  CHECK(m.dlc.share == 0.0);
  CHECK(!m.power_chain.ups.enabled);
  CHECK(m.air_path.heat_rejection == dceff::whatif::HeatRejection::kDryCooler);
}

TEST_CASE("bad model values name the pointer and the expected range", "[io][model][errors]") {
  CHECK(config_error(minimal_with(R"("dlc": {"share": 0.5, "capture_ratio": 1.3, "supply_c": 40,
                                             "return_c": 50})")) ==
        "model.json: /dlc/capture_ratio: out of range: 1.3 (expected 0 to 1; typical 0.75 to "
        "0.95)");
  CHECK(config_error(minimal_with(R"("dlc": {"share": 0.5, "supply_c": 40})")) ==
        "model.json: /dlc: missing field 'return_c' (expected 5 to 90 degC)");
  CHECK(config_error(minimal_with(R"("dlc": {"share": 0.5, "supply_c": 40, "return_c": 35})")) ==
        "model.json: /dlc/return_c: 35 is not above the supply temperature 40 (/dlc/supply_c)");
  CHECK(config_error(minimal_with(R"("dlc": {"share": 0.5, "captur_ratio": 0.9})")) ==
        "model.json: /dlc/captur_ratio: unknown field 'captur_ratio' (expected one of: share, "
        "capture_ratio, supply_c, return_c, pump_head_kpa, pump_efficiency, dry_cooler, "
        "adiabatic, trim_chiller, comment)");
  CHECK(config_error(R"({"it_load": {"kw": "1000"}, "air_path": {}})") ==
        "model.json: /it_load/kw: expected a number, got a string");
  CHECK(config_error(R"({"it_load": {"kw": 0}, "air_path": {}})") ==
        "model.json: /it_load/kw: out of range: 0 (expected more than 0 and at most 10000000 kW)");
  CHECK(config_error(R"({"it_load": {"kw": 100}})") ==
        "model.json: /: missing field 'air_path' (expected an object: the air path carries the "
        "heat the liquid does not take)");
  CHECK(config_error(minimal_with(R"("power_chain": {"ups": {"capacity_kw": 1200,
                                       "redundancy": "3N"}})")) ==
        "model.json: /power_chain/ups/redundancy: unknown value '3N' (expected one of: N, N+1, "
        "2N)");
  CHECK(config_error(minimal_with(R"("power_chain": {"ups": {"capacity_kw": 1200,
                                       "units": 1.5, "redundancy": "N"}})")) ==
        "model.json: /power_chain/ups/units: out of range: 1.5 (expected 1 to 1000, a whole "
        "number)");
  CHECK(config_error(minimal_with(
            R"("air_path": {"heat_rejection": "dry_cooler", "chilled_water": {"supply_c": 12,
                 "return_c": 18}, "chiller": {"eta": 0}})")) ==
        "model.json: /air_path: this key appears twice in its object (each setting must be given "
        "once)");
}

TEST_CASE("heat reuse needs an explicit heat-pump boundary", "[io][model][errors]") {
  CHECK(config_error(minimal_with(R"("dlc": {"share": 0.5, "supply_c": 40, "return_c": 50},
        "heat_reuse": {"network_supply_c": 70, "demand": {"peak_kw": 300, "design_c": -12}})")) ==
        "model.json: /heat_reuse: missing field 'boundary' (expected one of: inside, outside, "
        "excluded; where the heat pump's electricity is booked)");
  CHECK(config_error(minimal_with(R"("dlc": {"share": 0.5, "supply_c": 40, "return_c": 50},
        "heat_reuse": {"boundary": "beside", "network_supply_c": 70,
                       "demand": {"peak_kw": 300, "design_c": -12}})")) ==
        "model.json: /heat_reuse/boundary: unknown value 'beside' (expected one of: inside, "
        "outside, excluded)");
  CHECK(config_error(minimal_with(R"("heat_reuse": {"boundary": "inside",
        "network_supply_c": 70, "demand": {"peak_kw": 300, "design_c": -12}})")) ==
        "model.json: /heat_reuse: heat reuse takes its heat from the DLC return water (expected "
        "/dlc/share above 0)");
}

TEST_CASE("structural mistakes in a model file are errors", "[io][model][errors]") {
  CHECK(config_error(R"({"it_load": {"kw": 100, "profile_csv": "it.csv"}, "air_path": {}})") ==
        "model.json: /it_load: both 'kw' and 'profile_csv' given (expected one of them)");
  CHECK(config_error(R"({"dceff_model": 2, "it_load": {"kw": 100}, "air_path": {}})") ==
        "model.json: /dceff_model: unsupported model file version 2 (expected 1)");
  CHECK(config_error(minimal_with(R"("water": 4.18)")) ==
        "model.json: /water: expected an object, got a number");
  CHECK(config_error(R"({"it_load": {"kw": 100}, "air_path": {"heat_rejection": "dry_cooler",
        "chilled_water": {"supply_c": 12, "return_c": 18},
        "economiser": {"type": "water_side", "supply_air_c": 24}}})") ==
        "model.json: /air_path/economiser/supply_air_c: only meaningful for type 'air_side'");
  CHECK_THAT(
      config_error(R"({"it_load": {"kw": 100},)"),
      StartsWith("model.json: invalid JSON: parse error at line 1, column 25: syntax error"));
  // 1e400 overflows a double inside the JSON parser: bad input (exit 2), not an internal error.
  CHECK(config_error(R"({"it_load": {"kw": 1e400}, "air_path": {}})") ==
        "model.json: invalid JSON: number overflow parsing '1e400' (expected a finite number)");
  CHECK_THROWS_MATCHES(dceff::io::load_model("/nonexistent/model.json"), ConfigError,
                       Message("/nonexistent/model.json: cannot open: No such file or directory"));
}

TEST_CASE("hourly csv files resolve against the model's directory", "[io][model]") {
  dceff::test::Scratch scratch;
  std::vector<std::string> lines{"timestamp,kw"};
  for (int h = 0; h < 24; ++h) {
    lines.push_back(fmt::format("2025-01-01T{:02}:00,{}", h, 400 + h));
  }
  scratch.write("it.csv", lines);
  const auto model_path = scratch.write(
      "model.json", {R"({"it_load": {"profile_csv": "it.csv"}, "air_path": {"heat_rejection":)",
                     R"( "dry_cooler", "chilled_water": {"supply_c": 12, "return_c": 18},)",
                     R"( "chiller": {}}})"});
  const auto m = dceff::io::load_model(model_path);
  REQUIRE(m.it_load.profile.values.size() == 24);
  CHECK(m.it_load.profile.values[23] == 423.0);
  CHECK(m.it_load.profile.where == model_path + ": /it_load/profile_csv");
  // Sum 400..423 = 24 * 411.5 = 9876 kWh
  const auto sim = dceff::whatif::simulate(m, dceff::test::constant_year(10.0, 6.0, 3.0, 24));
  CHECK_THAT(sim.totals.e_it_kwh, WithinRel(9876.0, 1e-12));

  const auto dir =
      std::filesystem::path{scratch.write("bad.csv", {"kw", "400", "-5"})}.parent_path();
  CHECK_THROWS_MATCHES(
      parse(R"({"it_load": {"profile_csv": "bad.csv"}, "air_path": {}})", dir), InputError,
      Message((dir / "bad.csv").string() +
              ":3: invalid value '-5' (expected an IT power in kW from 0 to 10000000)"));
  CHECK_THROWS_MATCHES(parse(R"({"it_load": {"profile_csv": "missing.csv"}, "air_path": {}})", dir),
                       ConfigError,
                       Message("model.json: /it_load/profile_csv: cannot open '" +
                               (dir / "missing.csv").string() + "': No such file or directory"));
}

TEST_CASE("a merge-patched baseline document parses again", "[io][model]") {
  std::ifstream in{kSample};
  auto doc = dceff::io::detail::parse_config_json(in, kSample);
  doc.merge_patch(dceff::io::detail::ConfigJson::parse(
      R"({"dlc": {"share": 0.8, "supply_c": 45, "return_c": 55}, "heat_reuse": null})"));
  const auto m = dceff::io::detail::model_from_json(doc, "scenario 'more dlc'", ".");
  CHECK(m.dlc.share == 0.8);
  CHECK(m.dlc.supply_c == 45.0);
  CHECK(!m.heat_reuse.enabled);
  doc.merge_patch(dceff::io::detail::ConfigJson::parse(R"({"dlc": {"capture_ratio": 2}})"));
  CHECK_THROWS_MATCHES(dceff::io::detail::model_from_json(doc, "scenario 'x'", "."), ConfigError,
                       Message("scenario 'x': /dlc/capture_ratio: out of range: 2 (expected 0 to "
                               "1; typical 0.75 to 0.95)"));
}

TEST_CASE("a repeated key is named by its full pointer, also after arrays", "[io][model][errors]") {
  const auto repeated_at = [](const std::string& text) -> std::string {
    std::istringstream in{text};
    return dceff::test::error_message<ConfigError>(
        [&] { (void)dceff::io::detail::parse_config_json(in, "m.json"); });
  };
  const std::string tail =
      ": this key appears twice in its object (each setting must be given once)";
  // Each element of an array of numbers once popped the path: `/b` instead of `/x/b`.
  CHECK(repeated_at(R"({"x": {"a": [1, 2], "b": 1, "b": 2}})") == "m.json: /x/b" + tail);
  // An empty array never popped it: `/x/a/b` instead of `/x/b`.
  CHECK(repeated_at(R"({"x": {"a": [], "b": 1, "b": 2}})") == "m.json: /x/b" + tail);
  // Inside an array the pointer holds the element's index.
  CHECK(repeated_at(R"({"list": [{"k": 1}, {"k": 1, "k": 2}]})") == "m.json: /list/1/k" + tail);
  CHECK(repeated_at(R"({"a": [[1, {"z": 0}], {"y": [true, null, "s"], "y": 1}]})") ==
        "m.json: /a/1/y" + tail);
  CHECK(repeated_at(R"({"a": [1, [2, 3], {}], "b": {"c": {"d": 1}}, "b": 3})") ==
        "m.json: /b" + tail);
  CHECK(repeated_at(R"({"a": [1, 2], "b": {"c": [{}], "d": 1}})").empty());
}

}  // namespace
