#include "dceff/io/model_config.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dceff/error.hpp"
#include "dceff/io/hourly_series.hpp"
#include "dceff/whatif/parameters.hpp"

#include "json_config.hpp"
#include "model_config_json.hpp"

namespace dceff::io {
namespace detail {
namespace {

using json = ConfigJson;
using Context = ConfigContext;
using whatif::FacilityModel;
using whatif::HourlySeries;

// Reads the sections of a model document into a FacilityModel, one member per JSON object.
class ModelReader {
 public:
  ModelReader(const Context& ctx, std::filesystem::path base_dir)
      : ctx_{ctx}, base_dir_{std::move(base_dir)} {}

  auto read(const json& doc) -> FacilityModel {
    expect_object(doc, "");
    reject_unknown_keys(ctx_, doc, "",
                        {"dceff_model", "name", "description", "comment", "it_load", "power_chain",
                         "air_path", "dlc", "heat_reuse", "fixed_loads", "prices", "water"});
    if (doc.contains("dceff_model")) {
      const auto& version = doc["dceff_model"];
      if (!version.is_number_integer() || version.get<int>() != 1) {
        ctx_.fail("/dceff_model",
                  fmt::format("unsupported model file version {} (expected 1)", version.dump()));
      }
    }
    model_.source = ctx_.name();
    model_.name = doc.contains("name") ? string(doc["name"], "/name") : std::string{"model"};
    if (doc.contains("description")) {
      (void)string(doc["description"], "/description");
    }
    if (!doc.contains("it_load")) {
      ctx_.fail("", "missing field 'it_load' (expected an object with 'kw' or 'profile_csv')");
    }
    it_load(doc);
    if (doc.contains("power_chain")) {
      power_chain(doc);
    }
    if (!doc.contains("air_path")) {
      ctx_.fail("",
                "missing field 'air_path' (expected an object: the air path carries the heat "
                "the liquid does not take)");
    }
    air_path(doc);
    if (doc.contains("dlc")) {
      dlc(doc);
    }
    if (doc.contains("heat_reuse")) {
      heat_reuse(doc);
    }
    if (doc.contains("fixed_loads")) {
      const auto& loads = section(doc, "/fixed_loads", {"lighting_kw", "other_kw", "comment"});
      number(loads, "/fixed_loads", "lighting_kw");
      number(loads, "/fixed_loads", "other_kw");
    }
    if (doc.contains("prices")) {
      prices(doc);
    }
    if (doc.contains("water")) {
      const auto& water =
          section(doc, "/water", {"cp_kj_per_kg_k", "density_kg_per_m3", "comment"});
      number(water, "/water", "cp_kj_per_kg_k");
      number(water, "/water", "density_kg_per_m3");
    }
    std::sort(model_.explicit_parameters.begin(), model_.explicit_parameters.end());
    whatif::check_model(model_, ctx_.name());
    return std::move(model_);
  }

 private:
  void expect_object(const json& value, const std::string& pointer) const {
    if (!value.is_object()) {
      ctx_.fail(pointer, fmt::format("expected an object, got {}", type_name(value)));
    }
  }

  // The member `pointer` (last token the key) of `parent`, checked to be an object with only the
  // known keys.
  auto section(const json& parent, const std::string& pointer,
               std::initializer_list<std::string_view> known) const -> const json& {
    const auto& value = parent[pointer.substr(pointer.rfind('/') + 1)];
    expect_object(value, pointer);
    reject_unknown_keys(ctx_, value, pointer, known);
    return value;
  }

  auto string(const json& value, const std::string& pointer) const -> std::string {
    if (!value.is_string()) {
      ctx_.fail(pointer, fmt::format("expected a string, got {}", type_name(value)));
    }
    return value.get<std::string>();
  }

  auto boolean(const json& value, const std::string& pointer) const -> bool {
    if (!value.is_boolean()) {
      ctx_.fail(pointer, fmt::format("expected true or false, got {}", type_name(value)));
    }
    return value.get<bool>();
  }

  // Reads `object[key]` into the registry parameter `base/key`. Design inputs are required
  // unless `required` says otherwise.
  void number(const json& object, const std::string& base, std::string_view key,
              std::optional<bool> required = std::nullopt) {
    const std::string pointer = base + "/" + std::string{key};
    const auto* parameter = whatif::find_parameter(pointer);
    if (parameter == nullptr) {
      throw std::logic_error("model reader: no registry entry for " + pointer);
    }
    const auto k = std::string{key};
    if (!object.contains(k)) {
      if (required.value_or(parameter->kind == whatif::ParameterKind::kDesign)) {
        ctx_.fail(base, fmt::format("missing field '{}' (expected {})", key,
                                    whatif::describe_range(*parameter)));
      }
      return;
    }
    const auto& value = object[k];
    if (!value.is_number()) {
      ctx_.fail(pointer, fmt::format("expected a number, got {}", type_name(value)));
    }
    const auto number = value.get<double>();
    if (!std::isfinite(number) || !parameter->valid.contains(number) ||
        (parameter->integer && number != std::floor(number))) {
      ctx_.fail(pointer, fmt::format("out of range: {} (expected {})", value.dump(),
                                     whatif::describe_range(*parameter)));
    }
    parameter->set(model_, number);
    model_.explicit_parameters.push_back(pointer);
  }

  auto series(const json& value, const std::string& pointer, const SeriesLimits& limits) const
      -> HourlySeries {
    const auto text = string(value, pointer);
    const auto path =
        std::filesystem::path{text}.is_relative() ? base_dir_ / text : std::filesystem::path{text};
    std::ifstream in{path, std::ios::binary};
    if (!in) {
      ctx_.fail(pointer, fmt::format("cannot open '{}': {}", path.string(), std::strerror(errno)));
    }
    return {read_hourly_series(in, path.string(), limits), ctx_.where(pointer)};
  }

  void it_load(const json& doc) {
    const auto& load =
        section(doc, "/it_load", {"kw", "profile_csv", "growth_factor", "design_kw", "comment"});
    const bool has_profile = load.contains("profile_csv");
    if (has_profile && load.contains("kw")) {
      ctx_.fail("/it_load", "both 'kw' and 'profile_csv' given (expected one of them)");
    }
    if (!has_profile && !load.contains("kw")) {
      ctx_.fail("/it_load",
                "missing field 'kw' (expected a constant IT power in kW, or 'profile_csv')");
    }
    number(load, "/it_load", "kw", false);
    if (has_profile) {
      model_.it_load.profile = series(load["profile_csv"], "/it_load/profile_csv",
                                      {0.0, 1e7, "an IT power in kW from 0 to 10000000"});
    }
    number(load, "/it_load", "growth_factor");
    number(load, "/it_load", "design_kw");
  }

  void power_stage(const json& chain, const std::string& pointer, whatif::PowerStage& stage,
                   bool is_ups) {
    std::initializer_list<std::string_view> keys = {"capacity_kw", "units",  "redundancy", "loss_a",
                                                    "loss_b",      "loss_c", "comment"};
    std::initializer_list<std::string_view> ups_keys = {
        "capacity_kw", "units",    "redundancy",     "loss_a", "loss_b",
        "loss_c",      "eco_mode", "eco_efficiency", "comment"};
    const auto& object = section(chain, pointer, is_ups ? ups_keys : keys);
    stage.enabled = true;
    number(object, pointer, "capacity_kw");
    number(object, pointer, "units");
    if (!object.contains("redundancy")) {
      ctx_.fail(pointer, "missing field 'redundancy' (expected one of: N, N+1, 2N)");
    }
    stage.redundancy = pick<whatif::Redundancy>(
        ctx_, pointer + "/redundancy", string(object["redundancy"], pointer + "/redundancy"),
        {{"N", whatif::Redundancy::kN},
         {"N+1", whatif::Redundancy::kNPlus1},
         {"2N", whatif::Redundancy::k2N}});
    number(object, pointer, "loss_a");
    number(object, pointer, "loss_b");
    number(object, pointer, "loss_c");
    if (is_ups) {
      if (object.contains("eco_mode")) {
        model_.power_chain.ups_eco_mode = boolean(object["eco_mode"], pointer + "/eco_mode");
      }
      number(object, pointer, "eco_efficiency");
    }
  }

  void power_chain(const json& doc) {
    const auto& chain = section(doc, "/power_chain", {"transformer", "ups", "pdu", "comment"});
    if (chain.contains("transformer")) {
      power_stage(chain, "/power_chain/transformer", model_.power_chain.transformer, false);
    }
    if (chain.contains("ups")) {
      power_stage(chain, "/power_chain/ups", model_.power_chain.ups, true);
    }
    if (chain.contains("pdu")) {
      power_stage(chain, "/power_chain/pdu", model_.power_chain.pdu, false);
    }
  }

  void air_path(const json& doc) {
    const std::string base = "/air_path";
    const auto& air = section(doc, base,
                              {"heat_rejection", "fans", "chilled_water", "chiller", "economiser",
                               "tower", "dry_cooler", "comment"});
    if (!air.contains("heat_rejection")) {
      ctx_.fail(base,
                "missing field 'heat_rejection' (expected one of: cooling_tower, "
                "dry_cooler)");
    }
    model_.air_path.heat_rejection = pick<whatif::HeatRejection>(
        ctx_, base + "/heat_rejection", string(air["heat_rejection"], base + "/heat_rejection"),
        {{"cooling_tower", whatif::HeatRejection::kCoolingTower},
         {"dry_cooler", whatif::HeatRejection::kDryCooler}});
    if (air.contains("fans")) {
      const auto& fans =
          section(air, base + "/fans",
                  {"kw_per_kw_th", "capacity_margin", "min_speed", "affinity_exponent", "comment"});
      for (const auto* key :
           {"kw_per_kw_th", "capacity_margin", "min_speed", "affinity_exponent"}) {
        number(fans, base + "/fans", key);
      }
    }
    if (!air.contains("chilled_water")) {
      ctx_.fail(base,
                "missing field 'chilled_water' (expected an object with supply_c and "
                "return_c)");
    }
    const auto& chw =
        section(air, base + "/chilled_water",
                {"supply_c", "return_c", "pump_head_kpa", "pump_efficiency", "comment"});
    for (const auto* key : {"supply_c", "return_c", "pump_head_kpa", "pump_efficiency"}) {
      number(chw, base + "/chilled_water", key);
    }
    if (air.contains("chiller")) {
      const auto& chiller = section(
          air, base + "/chiller",
          {"eta", "min_lift_k", "air_condenser_approach_k", "condenser_water_rise_k", "comment"});
      model_.air_path.chiller.enabled = true;
      for (const auto* key :
           {"eta", "min_lift_k", "air_condenser_approach_k", "condenser_water_rise_k"}) {
        number(chiller, base + "/chiller", key);
      }
    }
    if (air.contains("economiser")) {
      economiser(air, base + "/economiser");
    }
    if (air.contains("tower")) {
      const auto& tower =
          section(air, base + "/tower",
                  {"approach_k", "range_k", "fan_kw_per_kw_th", "evaporation_l_per_kwh_th",
                   "cycles_of_concentration", "pump_head_kpa", "pump_efficiency", "comment"});
      for (const auto* key :
           {"approach_k", "range_k", "fan_kw_per_kw_th", "evaporation_l_per_kwh_th",
            "cycles_of_concentration", "pump_head_kpa", "pump_efficiency"}) {
        number(tower, base + "/tower", key);
      }
    }
    if (air.contains("dry_cooler")) {
      const auto& dry =
          section(air, base + "/dry_cooler", {"approach_k", "fan_kw_per_kw_th", "comment"});
      number(dry, base + "/dry_cooler", "approach_k");
      number(dry, base + "/dry_cooler", "fan_kw_per_kw_th");
    }
  }

  void economiser(const json& air, const std::string& pointer) {
    const auto& econ = section(
        air, pointer, {"type", "supply_air_c", "return_air_c", "max_dew_point_c", "comment"});
    if (!econ.contains("type")) {
      ctx_.fail(pointer, "missing field 'type' (expected one of: none, water_side, air_side)");
    }
    model_.air_path.economiser =
        pick<whatif::Economiser>(ctx_, pointer + "/type", string(econ["type"], pointer + "/type"),
                                 {{"none", whatif::Economiser::kNone},
                                  {"water_side", whatif::Economiser::kWaterSide},
                                  {"air_side", whatif::Economiser::kAirSide}});
    const bool air_side = model_.air_path.economiser == whatif::Economiser::kAirSide;
    for (const auto* key : {"supply_air_c", "return_air_c", "max_dew_point_c"}) {
      if (!air_side && econ.contains(key)) {
        ctx_.fail(pointer + "/" + key, "only meaningful for type 'air_side'");
      }
    }
    if (air_side) {
      number(econ, pointer, "supply_air_c");
      number(econ, pointer, "return_air_c");
      number(econ, pointer, "max_dew_point_c");
    }
  }

  void dlc(const json& doc) {
    const std::string base = "/dlc";
    const auto& dlc =
        section(doc, base,
                {"share", "capture_ratio", "supply_c", "return_c", "pump_head_kpa",
                 "pump_efficiency", "dry_cooler", "adiabatic", "trim_chiller", "comment"});
    for (const auto* key :
         {"share", "capture_ratio", "supply_c", "return_c", "pump_head_kpa", "pump_efficiency"}) {
      number(dlc, base, key);
    }
    if (dlc.contains("dry_cooler")) {
      const auto& dry =
          section(dlc, base + "/dry_cooler", {"approach_k", "fan_kw_per_kw_th", "comment"});
      number(dry, base + "/dry_cooler", "approach_k");
      number(dry, base + "/dry_cooler", "fan_kw_per_kw_th");
    }
    if (dlc.contains("adiabatic")) {
      const auto& spray =
          section(dlc, base + "/adiabatic", {"approach_k", "water_l_per_kwh_th", "comment"});
      model_.dlc.adiabatic.enabled = true;
      number(spray, base + "/adiabatic", "approach_k");
      number(spray, base + "/adiabatic", "water_l_per_kwh_th");
    }
    if (dlc.contains("trim_chiller")) {
      const auto& trim = section(dlc, base + "/trim_chiller",
                                 {"eta", "min_lift_k", "condenser_rise_k", "comment"});
      model_.dlc.trim_chiller.enabled = true;
      for (const auto* key : {"eta", "min_lift_k", "condenser_rise_k"}) {
        number(trim, base + "/trim_chiller", key);
      }
    }
  }

  void heat_reuse(const json& doc) {
    const std::string base = "/heat_reuse";
    const auto& reuse = section(
        doc, base,
        {"boundary", "network_supply_c", "direct_approach_k", "demand", "heat_pump", "comment"});
    auto& out = model_.heat_reuse;
    out.enabled = true;
    // domain.md section 4.2: the boundary is a required report field, so it is never defaulted.
    if (!reuse.contains("boundary")) {
      ctx_.fail(base,
                "missing field 'boundary' (expected one of: inside, outside, excluded; "
                "where the heat pump's electricity is booked)");
    }
    out.boundary = pick<whatif::HeatPumpBoundary>(
        ctx_, base + "/boundary", string(reuse["boundary"], base + "/boundary"),
        {{"inside", whatif::HeatPumpBoundary::kInside},
         {"outside", whatif::HeatPumpBoundary::kOutside},
         {"excluded", whatif::HeatPumpBoundary::kExcluded}});
    number(reuse, base, "network_supply_c");
    number(reuse, base, "direct_approach_k");
    if (!reuse.contains("demand")) {
      ctx_.fail(base,
                "missing field 'demand' (expected an object with 'csv', or 'peak_kw' and "
                "'design_c')");
    }
    const auto& demand =
        section(reuse, base + "/demand",
                {"csv", "peak_kw", "design_c", "base_c", "baseload_kw", "comment"});
    if (demand.contains("csv")) {
      for (const auto* key : {"peak_kw", "design_c", "base_c", "baseload_kw"}) {
        if (demand.contains(key)) {
          ctx_.fail(base + "/demand/" + key,
                    "not used with 'csv' (expected either 'csv' or the degree-hour fields)");
        }
      }
      out.demand.hourly = series(demand["csv"], base + "/demand/csv",
                                 {0.0, 1e7, "a heat demand in kW from 0 to 10000000"});
    } else {
      for (const auto* key : {"peak_kw", "design_c", "base_c", "baseload_kw"}) {
        number(demand, base + "/demand", key);
      }
    }
    if (reuse.contains("heat_pump")) {
      const auto& pump =
          section(reuse, base + "/heat_pump", {"eta", "approach_k", "capacity_kw_th", "comment"});
      out.heat_pump.enabled = true;
      for (const auto* key : {"eta", "approach_k", "capacity_kw_th"}) {
        number(pump, base + "/heat_pump", key);
      }
    }
  }

  void prices(const json& doc) {
    const std::string base = "/prices";
    const auto& prices = section(doc, base,
                                 {"currency", "electricity_per_kwh", "water_per_m3", "heat_per_kwh",
                                  "grid_carbon_kg_per_kwh", "grid_carbon_csv", "comment"});
    if (prices.contains("currency")) {
      model_.prices.currency = string(prices["currency"], base + "/currency");
    }
    for (const auto* key : {"electricity_per_kwh", "water_per_m3", "heat_per_kwh"}) {
      number(prices, base, key);
    }
    if (prices.contains("grid_carbon_csv")) {
      if (prices.contains("grid_carbon_kg_per_kwh")) {
        ctx_.fail(base,
                  "both 'grid_carbon_kg_per_kwh' and 'grid_carbon_csv' given (expected "
                  "one of them)");
      }
      model_.prices.grid_carbon_hourly =
          series(prices["grid_carbon_csv"], base + "/grid_carbon_csv",
                 {0.0, 2.0, "a grid carbon factor in kg/kWh from 0 to 2"});
    } else {
      number(prices, base, "grid_carbon_kg_per_kwh");
    }
  }

  const Context& ctx_;
  std::filesystem::path base_dir_;
  FacilityModel model_;
};

}  // namespace

auto parse_config_json(std::istream& in, std::string_view name) -> ConfigJson {
  return parse_config_json(in, name, "each setting must be given once");
}

auto model_from_json(const ConfigJson& doc, std::string_view name,
                     const std::filesystem::path& base_dir) -> whatif::FacilityModel {
  const Context ctx{name};
  return ModelReader{ctx, base_dir}.read(doc);
}

}  // namespace detail

auto read_model(std::istream& in, std::string_view name, const std::filesystem::path& base_dir)
    -> whatif::FacilityModel {
  return detail::model_from_json(detail::parse_config_json(in, name), name, base_dir);
}

auto load_model(const std::string& path) -> whatif::FacilityModel {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw ConfigError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  return read_model(in, path, std::filesystem::path{path}.parent_path());
}

}  // namespace dceff::io
