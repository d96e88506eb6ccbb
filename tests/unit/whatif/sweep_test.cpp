#include "dceff/whatif/sweep.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"
#include "dceff/whatif/simulation.hpp"

#include "support/error_message.hpp"
#include "unit/whatif/model_fixture.hpp"

namespace {

using Catch::Matchers::Message;
using Catch::Matchers::WithinAbs;
using dceff::ConfigError;
using dceff::test::constant_year;
using dceff::test::dlc_hall;
using namespace dceff::whatif;

auto sweep_error(const std::string& text) -> std::string {
  return dceff::test::error_message<ConfigError>([&] { (void)parse_sweep(text, dlc_hall(0.6)); });
}

TEST_CASE("a sweep takes a model path with dots or a json pointer", "[whatif][sweep]") {
  const auto model = dlc_hall(0.6);
  const auto a = parse_sweep("dlc.supply_c=30:50:10", model);
  CHECK(a.path == "/dlc/supply_c");
  CHECK(a.values == std::vector<double>{30.0, 40.0, 50.0});
  // 0, 0.1, ..., 1: eleven points, each rounded to 12 digits so 3 * 0.1 is 0.3
  const auto b = parse_sweep("/dlc/share=0:1:0.1", model);
  REQUIRE(b.values.size() == 11);
  CHECK(b.values[3] == 0.3);
  CHECK(b.values[10] == 1.0);
  // Downwards with a negative step; a TO between steps is not reached: 50, 45, 40
  const auto c = parse_sweep("dlc.return_c=50:38:-5", model);
  CHECK(c.values == std::vector<double>{50.0, 45.0, 40.0});
}

TEST_CASE("bad sweep specs are exit-2 errors that say what was expected",
          "[whatif][sweep][errors]") {
  CHECK(sweep_error("dlc.share") ==
        "--sweep 'dlc.share': missing '=' (expected PARAM=FROM:TO:STEP, e.g. "
        "dlc.supply_c=30:50:5 or /dlc/supply_c=30:50:5)");
  CHECK(sweep_error("dlc.share=0:1") ==
        "--sweep 'dlc.share=0:1': range '0:1' is not FROM:TO:STEP (expected PARAM=FROM:TO:STEP, "
        "e.g. dlc.supply_c=30:50:5 or /dlc/supply_c=30:50:5)");
  CHECK(sweep_error("dlc.share=a:1:0.1") ==
        "--sweep 'dlc.share=a:1:0.1': invalid number 'a' (expected a finite decimal number)");
  CHECK(sweep_error("dlc.share=0:1:0") ==
        "--sweep 'dlc.share=0:1:0': step is 0 (expected a step that goes from FROM to TO)");
  CHECK(sweep_error("dlc.share=0:1:-0.1") ==
        "--sweep 'dlc.share=0:1:-0.1': step -0.1 goes away from 1 (expected a positive step)");
  CHECK(sweep_error("dlc.share=0:2:0.1") ==
        "--sweep 'dlc.share=0:2:0.1': 2 is out of range for /dlc/share (expected 0 to 1)");
  // (20000 - 1) / 1 + 1 = 20000 points
  CHECK(sweep_error("it_load.kw=1:20000:1") ==
        "--sweep 'it_load.kw=1:20000:1': 20000 points (expected at most 10000)");
  CHECK(sweep_error("dlc.foo=0:1:0.1") ==
        "--sweep 'dlc.foo=0:1:0.1': unknown parameter 'dlc.foo' (expected a model path such as "
        "dlc.supply_c or /air_path/chilled_water/supply_c; the model file reference lists "
        "them)");
  CHECK(sweep_error("heat_reuse.heat_pump.eta=0.4:0.5:0.05") ==
        "--sweep 'heat_reuse.heat_pump.eta=0.4:0.5:0.05': /heat_reuse/heat_pump/eta takes no "
        "part in this model (its component is absent)");
  CHECK(sweep_error("power_chain.ups.units=1:3:0.5") ==
        "--sweep 'power_chain.ups.units=1:3:0.5': 1.5 is not a whole number (expected whole "
        "numbers for /power_chain/ups/units)");
  // A value that breaks a relation with the rest of the model: supply 50 = return 50.
  const auto spec = parse_sweep("dlc.supply_c=40:60:10", dlc_hall(0.6));
  CHECK_THROWS_MATCHES(sweep_models(spec, dlc_hall(0.6)), ConfigError,
                       Message("--sweep 'dlc.supply_c=40:60:10': at 50: /dlc/return_c: 50 is not "
                               "above the supply temperature 50 (/dlc/supply_c)"));
}

TEST_CASE("sweep models differ only in the swept parameter", "[whatif][sweep]") {
  const auto model = dlc_hall(0.6);
  const auto spec = parse_sweep("dlc.share=0.2:0.6:0.2", model);
  const auto models = sweep_models(spec, model);
  REQUIRE(models.size() == 3);
  CHECK(models[0].dlc.share == 0.2);
  CHECK(models[2].dlc.share == 0.6);
  CHECK(models[1].dlc.supply_c == model.dlc.supply_c);
  CHECK(std::binary_search(models[1].explicit_parameters.begin(),
                           models[1].explicit_parameters.end(), std::string{"/dlc/share"}));
}

TEST_CASE("sensitivity ranks the uncertain parameters by their dpue swing",
          "[whatif][sensitivity]") {
  const auto model = dlc_hall(0.6);
  const auto year = constant_year(10.0, 6.0, 3.0, 24);
  const auto rows = sensitivity(model, year, 2);
  REQUIRE(rows.size() == sensitivity_parameters(model).size());
  REQUIRE(rows.size() > 10);
  bool ups_a = false;
  std::vector<std::size_t> ere_ranks;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].parameter->tag != "[T]");
    CHECK(rows[i].parameter->applies(model));
    if (i > 0) {
      CHECK(rows[i - 1].dpue_swing >= rows[i].dpue_swing);
    }
    ere_ranks.push_back(rows[i].ere_rank);
    if (rows[i].parameter->path == "/power_chain/ups/loss_a") {
      ups_a = true;
      // 2N UPS of 2 x 600 kW: 4 units share the load, 2400 kW installed. No-load loss 0.005 ->
      // 0.015 of 2400 kW = 24 kW more on 1000 kW IT, plus what handling that heat costs in the
      // free-cooling hour (CRAH fans 2.7 x 0.04 x 0.75^1.7 = 0.066 kW/kW, chilled-water pumps
      // 200 / (4.18 x 6 x 0.7 x 1000) = 0.011, condenser pumps and tower fans about 0.021, the
      // transformer a little): about 0.1 kW per kW, so a swing of 0.024 to 0.028.
      CHECK(rows[i].dpue_swing > 0.024);
      CHECK(rows[i].dpue_swing < 0.028);
      CHECK(*rows[i].dpue_high > *rows[i].dpue_low);
    }
    // The heat pump is absent: its parameters take no part.
    CHECK(rows[i].parameter->path != "/heat_reuse/heat_pump/eta");
  }
  CHECK(ups_a);
  std::sort(ere_ranks.begin(), ere_ranks.end());
  for (std::size_t i = 0; i < ere_ranks.size(); ++i) {
    CHECK(ere_ranks[i] == i + 1);
  }
  // Same rows on one thread.
  const auto serial = sensitivity(model, year, 1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(serial[i].parameter == rows[i].parameter);
    CHECK(serial[i].dpue_swing == rows[i].dpue_swing);
  }
}

}  // namespace
