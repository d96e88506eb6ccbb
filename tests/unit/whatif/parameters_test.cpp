#include "dceff/whatif/parameters.hpp"

#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"
#include "dceff/whatif/facility_model.hpp"

#include "unit/whatif/model_fixture.hpp"

namespace {

using Catch::Matchers::Message;
using dceff::ConfigError;
using namespace dceff::whatif;

TEST_CASE("parameter paths are unique json pointers", "[whatif][parameters]") {
  std::set<std::string_view> seen;
  for (const auto& p : parameters()) {
    INFO(p.path);
    CHECK(p.path.front() == '/');
    CHECK(seen.insert(p.path).second);
    CHECK(find_parameter(p.path) == &p);
    CHECK(!p.unit.empty());
    CHECK(!p.description.empty());
  }
  CHECK(find_parameter("/dlc/nonsense") == nullptr);
}

TEST_CASE("a default-constructed model holds every documented default", "[whatif][parameters]") {
  const FacilityModel model;
  for (const auto& p : parameters()) {
    INFO(p.path);
    if (p.kind == ParameterKind::kDesign) {
      CHECK(p.source.empty());
      continue;
    }
    CHECK(p.get(model) == p.default_value);
    if (p.kind == ParameterKind::kPhysics) {
      CHECK(!p.source.empty());
      CHECK(
          (p.tag == "[D]" || p.tag == "[S]" || p.tag == "[T]" || p.tag == "[U]" || p.tag == "[P]"));
      CHECK(p.valid.contains(p.default_value));
      REQUIRE(p.has_sensitivity);
      CHECK(p.sensitivity_low <= p.default_value);
      CHECK(p.default_value <= p.sensitivity_high);
      CHECK(p.valid.contains(p.sensitivity_low));
      CHECK(p.valid.contains(p.sensitivity_high));
    }
  }
}

TEST_CASE("unconfirmed defaults from domain.md keep their tags", "[whatif][parameters]") {
  // domain.md section 9: capture ratio [S], heat-pump and chiller eta [D], CoC [U], affinity [D]
  CHECK(find_parameter("/dlc/capture_ratio")->tag == "[S]");
  CHECK(find_parameter("/heat_reuse/heat_pump/eta")->tag == "[D]");
  CHECK(find_parameter("/air_path/chiller/eta")->tag == "[D]");
  CHECK(find_parameter("/air_path/tower/cycles_of_concentration")->tag == "[U]");
  CHECK(find_parameter("/air_path/fans/affinity_exponent")->tag == "[D]");
  CHECK(find_parameter("/power_chain/ups/eco_efficiency")->tag == "[U]");
}

TEST_CASE("ranges read as words with the typical range", "[whatif][parameters]") {
  CHECK(describe_range(*find_parameter("/dlc/capture_ratio")) == "0 to 1; typical 0.75 to 0.95");
  CHECK(describe_range(*find_parameter("/air_path/tower/cycles_of_concentration")) ==
        "more than 1 and at most 50; typical 3 to 6");
  CHECK(describe_range(*find_parameter("/air_path/chiller/eta")) ==
        "more than 0 and less than 1; typical 0.45 to 0.65");
  CHECK(describe_range(*find_parameter("/dlc/supply_c")) == "5 to 80 degC");
  CHECK(describe_range(*find_parameter("/power_chain/ups/units")) == "1 to 1000, a whole number");
}

TEST_CASE("set_parameter validates, sets and marks the parameter explicit",
          "[whatif][parameters]") {
  auto model = dceff::test::dlc_hall(0.5);
  set_parameter(model, "/dlc/capture_ratio", 0.9);
  CHECK(model.dlc.capture_ratio == 0.9);
  set_parameter(model, "/air_path/chiller/eta", 0.6);
  set_parameter(model, "/dlc/capture_ratio", 0.8);
  CHECK(model.explicit_parameters ==
        std::vector<std::string>{"/air_path/chiller/eta", "/dlc/capture_ratio"});
  CHECK_THROWS_MATCHES(set_parameter(model, "/dlc/capture_ratio", 1.3), ConfigError,
                       Message("/dlc/capture_ratio: out of range: 1.3 (expected 0 to 1; typical "
                               "0.75 to 0.95)"));
  CHECK_THROWS_MATCHES(set_parameter(model, "/power_chain/ups/units", 2.5), ConfigError,
                       Message("/power_chain/ups/units: out of range: 2.5 (expected 1 to 1000, a "
                               "whole number)"));
  CHECK_THROWS_MATCHES(set_parameter(model, "/dlc/captur", 1.0), ConfigError,
                       Message("/dlc/captur: unknown parameter (expected a path such as "
                               "/dlc/share)"));
}

TEST_CASE("defaults used are the physics defaults of present components not set explicitly",
          "[whatif][parameters]") {
  auto model = dceff::test::dlc_hall(0.5);
  auto listed = [&model](std::string_view path) {
    for (const auto& d : defaults_used(model)) {
      if (d.path == path) {
        return true;
      }
    }
    return false;
  };
  CHECK(listed("/dlc/capture_ratio"));
  CHECK(listed("/power_chain/ups/loss_a"));
  CHECK_FALSE(listed("/power_chain/ups/eco_efficiency"));  // eco mode off
  CHECK_FALSE(listed("/heat_reuse/heat_pump/eta"));        // no heat reuse
  CHECK_FALSE(listed("/dlc/share"));                       // a design input, not a default
  set_parameter(model, "/dlc/capture_ratio", 0.85);        // the same value, given explicitly
  CHECK_FALSE(listed("/dlc/capture_ratio"));
  model.power_chain.ups_eco_mode = true;
  CHECK(listed("/power_chain/ups/eco_efficiency"));
  CHECK_FALSE(listed("/power_chain/ups/loss_a"));
}

TEST_CASE("check_model names the pointer of an inconsistent model",
          "[whatif][parameters][errors]") {
  auto no_dlc = dceff::test::air_cooled_hall();
  no_dlc.heat_reuse.enabled = true;
  no_dlc.heat_reuse.network_supply_c = 70.0;
  no_dlc.heat_reuse.demand.peak_kw = 100.0;
  no_dlc.heat_reuse.demand.design_c = -10.0;
  CHECK_THROWS_MATCHES(check_model(no_dlc, "m.json"), ConfigError,
                       Message("m.json: /heat_reuse: heat reuse takes its heat from the DLC return "
                               "water (expected /dlc/share above 0)"));

  auto no_plant = dceff::test::air_cooled_hall();
  no_plant.air_path.chiller.enabled = false;
  no_plant.air_path.economiser = Economiser::kNone;
  CHECK_THROWS_MATCHES(check_model(no_plant, "m.json"), ConfigError,
                       Message("m.json: /air_path: the air path has neither a chiller nor an "
                               "economiser (expected 'chiller', 'economiser' or both)"));

  auto missing_supply = dceff::test::dlc_hall(0.5);
  missing_supply.dlc.supply_c = 0.0;
  CHECK_THROWS_MATCHES(check_model(missing_supply, "m.json"), ConfigError,
                       Message("m.json: /dlc/supply_c: out of range: 0 (expected 5 to 80 degC)"));
}

}  // namespace
