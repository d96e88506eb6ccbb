#include "dceff/whatif/parameters.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dceff/error.hpp"

namespace dceff::whatif {
namespace {

using Get = double (*)(const FacilityModel&);
using Set = void (*)(FacilityModel&, double);
using Applies = bool (*)(const FacilityModel&);

// `Field` is a captureless generic lambda returning a reference to the member.
template <typename Field>
struct Accessors {
  static auto get(const FacilityModel& m) -> double { return Field{}(m); }
  static void set(FacilityModel& m, double v) { Field{}(m) = v; }
};

template <typename Field>
auto with(ParameterInfo info, Field /*field*/, Applies applies) -> ParameterInfo {
  info.get = &Accessors<Field>::get;
  info.set = &Accessors<Field>::set;
  info.applies = applies;
  return info;
}

constexpr auto closed(double min, double max) -> ParameterRange {
  return {min, max, false, false};
}
constexpr auto above(double min, double max) -> ParameterRange {
  return {min, max, true, false};
}
constexpr auto open(double min, double max) -> ParameterRange {
  return {min, max, true, true};
}

auto physics(std::string_view path, std::string_view unit, double value, ParameterRange valid,
             double low, double high, std::string_view source, std::string_view tag,
             std::string_view description) -> ParameterInfo {
  return {.path = path,
          .unit = unit,
          .kind = ParameterKind::kPhysics,
          .default_value = value,
          .valid = valid,
          .has_sensitivity = true,
          .sensitivity_low = low,
          .sensitivity_high = high,
          .source = source,
          .tag = tag,
          .description = description};
}

auto design(std::string_view path, std::string_view unit, ParameterRange valid,
            std::string_view description) -> ParameterInfo {
  ParameterInfo info;
  info.path = path;
  info.unit = unit;
  info.kind = ParameterKind::kDesign;
  info.valid = valid;
  info.description = description;
  return info;
}

auto optional(std::string_view path, std::string_view unit, double none, ParameterRange valid,
              std::string_view description) -> ParameterInfo {
  ParameterInfo info;
  info.path = path;
  info.unit = unit;
  info.kind = ParameterKind::kOptional;
  info.default_value = none;
  info.valid = valid;
  info.description = description;
  return info;
}

auto always(const FacilityModel& /*m*/) -> bool {
  return true;
}
auto constant_it(const FacilityModel& m) -> bool {
  return m.it_load.profile.values.empty();
}
auto transformer(const FacilityModel& m) -> bool {
  return m.power_chain.transformer.enabled;
}
auto ups(const FacilityModel& m) -> bool {
  return m.power_chain.ups.enabled;
}
auto ups_curve(const FacilityModel& m) -> bool {
  return ups(m) && !m.power_chain.ups_eco_mode;
}
auto ups_eco(const FacilityModel& m) -> bool {
  return ups(m) && m.power_chain.ups_eco_mode;
}
auto pdu(const FacilityModel& m) -> bool {
  return m.power_chain.pdu.enabled;
}
auto chiller(const FacilityModel& m) -> bool {
  return m.air_path.chiller.enabled;
}
auto water_side(const FacilityModel& m) -> bool {
  return m.air_path.economiser == Economiser::kWaterSide;
}
auto tower(const FacilityModel& m) -> bool {
  return m.air_path.heat_rejection == HeatRejection::kCoolingTower && (chiller(m) || water_side(m));
}
auto air_cooled_chiller(const FacilityModel& m) -> bool {
  return chiller(m) && m.air_path.heat_rejection == HeatRejection::kDryCooler;
}
auto water_cooled_chiller(const FacilityModel& m) -> bool {
  return chiller(m) && m.air_path.heat_rejection == HeatRejection::kCoolingTower;
}
auto air_dry_cooler(const FacilityModel& m) -> bool {
  return water_side(m) && m.air_path.heat_rejection == HeatRejection::kDryCooler;
}
auto air_side(const FacilityModel& m) -> bool {
  return m.air_path.economiser == Economiser::kAirSide;
}
auto dlc(const FacilityModel& m) -> bool {
  return m.dlc.share > 0.0;
}
auto adiabatic(const FacilityModel& m) -> bool {
  return dlc(m) && m.dlc.adiabatic.enabled;
}
auto trim(const FacilityModel& m) -> bool {
  return dlc(m) && m.dlc.trim_chiller.enabled;
}
auto reuse(const FacilityModel& m) -> bool {
  return m.heat_reuse.enabled;
}
auto degree_hours(const FacilityModel& m) -> bool {
  return reuse(m) && m.heat_reuse.demand.hourly.values.empty();
}
auto heat_pump(const FacilityModel& m) -> bool {
  return reuse(m) && m.heat_reuse.heat_pump.enabled;
}
auto constant_carbon(const FacilityModel& m) -> bool {
  return m.prices.grid_carbon_hourly.values.empty();
}

constexpr std::string_view kUps =
    "domain.md section 9, UPS losses [S43a]; coefficients illustrative";
constexpr std::string_view kTransformer =
    "not in domain.md: typical dry-type transformer, no-load 0.2 %, copper 0.8 % of rating";
constexpr std::string_view kPdu = "not in domain.md: typical PDU, no-load 0.3 %, square-law 1.2 %";
constexpr std::string_view kPump = "not in domain.md: wire-to-water efficiency of a VSD pump set";
constexpr std::string_view kApproach = "domain.md section 9, free cooling available: 3-6 K";
constexpr std::string_view kChillerEta =
    "domain.md section 9, chiller COP (AHRI minimums [S44a], eta 0.47-0.54)";
constexpr std::string_view kMinLift = "not in domain.md: compressors need a minimum lift";
constexpr std::string_view kCondenserRise =
    "not in domain.md: AHRI 85/95 degF condenser range 5.6 K + refrigerant approach";

auto build_registry() -> std::vector<ParameterInfo> {
  std::vector<ParameterInfo> r;
  // IT load
  r.push_back(with(
      design("/it_load/kw", "kW", above(0, 1e7), "constant IT power"),
      [](auto& m) -> auto& { return m.it_load.kw; }, constant_it));
  r.push_back(with(
      optional("/it_load/growth_factor", "1", 1.0, above(0, 10), "IT power multiplier"),
      [](auto& m) -> auto& { return m.it_load.growth_factor; }, always));
  r.push_back(with(
      optional("/it_load/design_kw", "kW", 0.0, closed(0, 1e7),
               "IT power the fans were sized for (0 = peak of the load)"),
      [](auto& m) -> auto& { return m.it_load.design_kw; }, always));

  // Power chain
  r.push_back(with(
      design("/power_chain/transformer/capacity_kw", "kW", above(0, 1e7), "transformer N capacity"),
      [](auto& m) -> auto& { return m.power_chain.transformer.capacity_kw; }, transformer));
  r.push_back(with(
      optional("/power_chain/transformer/units", "1", 1.0, closed(1, 1000),
               "transformers making up the N capacity"),
      [](auto& m) -> auto& { return m.power_chain.transformer.units; }, transformer));
  r.back().integer = true;
  r.push_back(with(
      physics("/power_chain/transformer/loss_a", "1", 0.002, closed(0, 0.2), 0.001, 0.004,
              kTransformer, "[U]", "transformer no-load loss / rating"),
      [](auto& m) -> auto& { return m.power_chain.transformer.loss_a; }, transformer));
  r.push_back(with(
      physics("/power_chain/transformer/loss_b", "1", 0.0, closed(0, 0.2), 0.0, 0.002, kTransformer,
              "[U]", "transformer proportional loss / rating"),
      [](auto& m) -> auto& { return m.power_chain.transformer.loss_b; }, transformer));
  r.push_back(with(
      physics("/power_chain/transformer/loss_c", "1", 0.008, closed(0, 0.2), 0.005, 0.012,
              kTransformer, "[U]", "transformer square-law loss / rating"),
      [](auto& m) -> auto& { return m.power_chain.transformer.loss_c; }, transformer));
  r.push_back(with(
      design("/power_chain/ups/capacity_kw", "kW", above(0, 1e7), "UPS N capacity"),
      [](auto& m) -> auto& { return m.power_chain.ups.capacity_kw; }, ups));
  r.push_back(with(
      optional("/power_chain/ups/units", "1", 1.0, closed(1, 1000),
               "UPS units making up the N capacity"),
      [](auto& m) -> auto& { return m.power_chain.ups.units; }, ups));
  r.back().integer = true;
  r.push_back(with(
      physics("/power_chain/ups/loss_a", "1", 0.010, closed(0, 0.2), 0.005, 0.015, kUps, "[D]",
              "UPS no-load loss / rating"),
      [](auto& m) -> auto& { return m.power_chain.ups.loss_a; }, ups_curve));
  r.push_back(with(
      physics("/power_chain/ups/loss_b", "1", 0.015, closed(0, 0.2), 0.010, 0.020, kUps, "[D]",
              "UPS proportional loss / rating"),
      [](auto& m) -> auto& { return m.power_chain.ups.loss_b; }, ups_curve));
  r.push_back(with(
      physics("/power_chain/ups/loss_c", "1", 0.010, closed(0, 0.2), 0.005, 0.015, kUps, "[D]",
              "UPS square-law loss / rating"),
      [](auto& m) -> auto& { return m.power_chain.ups.loss_c; }, ups_curve));
  r.push_back(with(
      physics("/power_chain/ups/eco_efficiency", "1", 0.99, above(0.5, 1), 0.98, 0.995,
              "not in domain.md: vendor eco-mode (bypass) claims", "[U]",
              "UPS efficiency in eco mode"),
      [](auto& m) -> auto& { return m.power_chain.ups_eco_efficiency; }, ups_eco));
  r.push_back(with(
      design("/power_chain/pdu/capacity_kw", "kW", above(0, 1e7), "PDU N capacity"),
      [](auto& m) -> auto& { return m.power_chain.pdu.capacity_kw; }, pdu));
  r.push_back(with(
      optional("/power_chain/pdu/units", "1", 1.0, closed(1, 1000),
               "PDUs making up the N capacity"),
      [](auto& m) -> auto& { return m.power_chain.pdu.units; }, pdu));
  r.back().integer = true;
  r.push_back(with(
      physics("/power_chain/pdu/loss_a", "1", 0.003, closed(0, 0.2), 0.001, 0.005, kPdu, "[U]",
              "PDU no-load loss / rating"),
      [](auto& m) -> auto& { return m.power_chain.pdu.loss_a; }, pdu));
  r.push_back(with(
      physics("/power_chain/pdu/loss_b", "1", 0.0, closed(0, 0.2), 0.0, 0.002, kPdu, "[U]",
              "PDU proportional loss / rating"),
      [](auto& m) -> auto& { return m.power_chain.pdu.loss_b; }, pdu));
  r.push_back(with(
      physics("/power_chain/pdu/loss_c", "1", 0.012, closed(0, 0.2), 0.006, 0.02, kPdu, "[U]",
              "PDU square-law loss / rating"),
      [](auto& m) -> auto& { return m.power_chain.pdu.loss_c; }, pdu));

  // Air path
  r.push_back(with(
      physics("/air_path/fans/kw_per_kw_th", "kW/kW_th", 0.04, closed(0, 0.5), 0.025, 0.06,
              "not in domain.md: CRAH fan power at full speed, 3-5 % of duty", "[U]",
              "full-speed fan power per kW of installed air cooling"),
      [](auto& m) -> auto& { return m.air_path.fans.kw_per_kw_th; }, always));
  r.push_back(with(
      physics("/air_path/fans/capacity_margin", "1", 1.25, closed(1, 5), 1.1, 1.5,
              "not in domain.md: N+1 CRAH units and design margin", "[U]",
              "installed air cooling / design air heat"),
      [](auto& m) -> auto& { return m.air_path.fans.capacity_margin; }, always));
  r.push_back(with(
      physics("/air_path/fans/min_speed", "1", 0.25, closed(0, 1), 0.2, 0.3,
              "domain.md section 9, fan affinity: min speed 20-30 %", "[U]", "minimum fan speed"),
      [](auto& m) -> auto& { return m.air_path.fans.min_speed; }, always));
  r.push_back(with(
      physics("/air_path/fans/affinity_exponent", "1", 2.7, closed(1, 3), 2.0, 3.0,
              "domain.md section 9, fan affinity [S45a] [S45c]", "[D]",
              "exponent of fan power on speed"),
      [](auto& m) -> auto& { return m.air_path.fans.affinity_exponent; }, always));
  r.push_back(with(
      design("/air_path/chilled_water/supply_c", "degC", closed(0, 40),
             "chilled-water supply temperature"),
      [](auto& m) -> auto& { return m.air_path.chilled_water.supply_c; }, always));
  r.push_back(with(
      design("/air_path/chilled_water/return_c", "degC", closed(0, 50),
             "chilled-water return temperature"),
      [](auto& m) -> auto& { return m.air_path.chilled_water.return_c; }, always));
  r.push_back(with(
      physics("/air_path/chilled_water/pump_head_kpa", "kPa", 200.0, closed(0, 1000), 150.0, 300.0,
              "not in domain.md: typical chilled-water loop head", "[U]",
              "chilled-water pump head"),
      [](auto& m) -> auto& { return m.air_path.chilled_water.pump_head_kpa; }, always));
  r.push_back(with(
      physics("/air_path/chilled_water/pump_efficiency", "1", 0.7, above(0, 1), 0.6, 0.8, kPump,
              "[U]", "chilled-water pump efficiency"),
      [](auto& m) -> auto& { return m.air_path.chilled_water.pump_efficiency; }, always));
  r.push_back(with(
      physics("/air_path/chiller/eta", "1", 0.5, open(0, 1), 0.45, 0.65, kChillerEta, "[D]",
              "chiller Carnot fraction"),
      [](auto& m) -> auto& { return m.air_path.chiller.eta; }, chiller));
  r.push_back(with(
      physics("/air_path/chiller/min_lift_k", "K", 10.0, closed(1, 40), 5.0, 15.0, kMinLift, "[U]",
              "minimum chiller lift"),
      [](auto& m) -> auto& { return m.air_path.chiller.min_lift_k; }, chiller));
  r.push_back(with(
      physics("/air_path/chiller/air_condenser_approach_k", "K", 15.0, closed(0, 40), 10.0, 20.0,
              "not in domain.md: air-cooled condensing 10-20 K above dry bulb", "[U]",
              "condensing temperature above dry bulb (air-cooled)"),
      [](auto& m) -> auto& { return m.air_path.chiller.air_condenser_approach_k; },
      air_cooled_chiller));
  r.push_back(with(
      physics("/air_path/chiller/condenser_water_rise_k", "K", 7.0, closed(0, 20), 5.0, 9.0,
              kCondenserRise, "[U]", "condensing temperature above tower water (water-cooled)"),
      [](auto& m) -> auto& { return m.air_path.chiller.condenser_water_rise_k; },
      water_cooled_chiller));
  r.push_back(with(
      physics("/air_path/tower/approach_k", "K", 4.0, closed(0, 20), 3.0, 6.0, kApproach, "[U]",
              "tower water above wet bulb (incl. economiser HX)"),
      [](auto& m) -> auto& { return m.air_path.tower.approach_k; }, tower));
  r.push_back(with(
      physics("/air_path/tower/range_k", "K", 5.6, above(0, 20), 4.0, 8.0,
              "not in domain.md: AHRI 85/95 degF condenser water", "[U]",
              "condenser-water temperature difference"),
      [](auto& m) -> auto& { return m.air_path.tower.range_k; }, tower));
  r.push_back(with(
      physics("/air_path/tower/fan_kw_per_kw_th", "kW/kW_th", 0.013, closed(0, 0.1), 0.008, 0.02,
              "not in domain.md: ASHRAE 90.1 tower minimum, 38.2 gpm/hp", "[U]",
              "tower fan power per kW rejected"),
      [](auto& m) -> auto& { return m.air_path.tower.fan_kw_per_kw_th; }, tower));
  r.push_back(with(
      physics("/air_path/tower/evaporation_l_per_kwh_th", "L/kWh_th", 1.26, closed(0, 2), 1.1, 1.5,
              "domain.md section 9, tower evaporation (85 % latent) [S55]", "[D]",
              "evaporation per kWh rejected"),
      [](auto& m) -> auto& { return m.air_path.tower.evaporation_l_per_kwh_th; }, tower));
  r.push_back(with(
      physics("/air_path/tower/cycles_of_concentration", "1", 4.0, above(1, 50), 3.0, 6.0,
              "domain.md section 9, tower make-up", "[U]", "cycles of concentration"),
      [](auto& m) -> auto& { return m.air_path.tower.cycles_of_concentration; }, tower));
  r.push_back(with(
      physics("/air_path/tower/pump_head_kpa", "kPa", 150.0, closed(0, 1000), 100.0, 200.0,
              "not in domain.md: typical condenser-water loop head", "[U]",
              "condenser-water pump head"),
      [](auto& m) -> auto& { return m.air_path.tower.pump_head_kpa; }, tower));
  r.push_back(with(
      physics("/air_path/tower/pump_efficiency", "1", 0.7, above(0, 1), 0.6, 0.8, kPump, "[U]",
              "condenser-water pump efficiency"),
      [](auto& m) -> auto& { return m.air_path.tower.pump_efficiency; }, tower));
  r.push_back(with(
      physics("/air_path/dry_cooler/approach_k", "K", 5.0, closed(0, 20), 3.0, 6.0, kApproach,
              "[U]", "dry-cooler water above dry bulb"),
      [](auto& m) -> auto& { return m.air_path.dry_cooler.approach_k; }, air_dry_cooler));
  r.push_back(with(
      physics("/air_path/dry_cooler/fan_kw_per_kw_th", "kW/kW_th", 0.02, closed(0, 0.1), 0.01, 0.03,
              "not in domain.md: dry-cooler fans, 1-3 % of heat rejected", "[U]",
              "dry-cooler fan power per kW rejected"),
      [](auto& m) -> auto& { return m.air_path.dry_cooler.fan_kw_per_kw_th; }, air_dry_cooler));
  r.push_back(with(
      design("/air_path/economiser/supply_air_c", "degC", closed(10, 40),
             "room supply air (air-side economiser)"),
      [](auto& m) -> auto& { return m.air_path.air_side.supply_air_c; }, air_side));
  r.push_back(with(
      design("/air_path/economiser/return_air_c", "degC", closed(10, 60),
             "room return air (air-side economiser)"),
      [](auto& m) -> auto& { return m.air_path.air_side.return_air_c; }, air_side));
  r.push_back(with(
      physics("/air_path/economiser/max_dew_point_c", "degC", 15.0, closed(-20, 30), 13.0, 17.0,
              "not in domain.md: ASHRAE TC 9.9 recommended upper dew point", "[U]",
              "outside air used only up to this dew point"),
      [](auto& m) -> auto& { return m.air_path.air_side.max_dew_point_c; }, air_side));

  // Warm-water DLC
  r.push_back(with(
      design("/dlc/share", "1", closed(0, 1), "share of IT power on DLC racks"),
      [](auto& m) -> auto& { return m.dlc.share; }, always));
  r.push_back(with(
      physics("/dlc/capture_ratio", "1", 0.85, closed(0, 1), 0.75, 0.95,
              "domain.md section 9, liquid capture ratio [S46a] [S46b] [S39b]", "[S]",
              "share of DLC racks' heat taken by the liquid"),
      [](auto& m) -> auto& { return m.dlc.capture_ratio; }, dlc));
  r.push_back(with(
      design("/dlc/supply_c", "degC", closed(5, 80), "DLC supply temperature"),
      [](auto& m) -> auto& { return m.dlc.supply_c; }, dlc));
  r.push_back(with(
      design("/dlc/return_c", "degC", closed(5, 90), "DLC return temperature"),
      [](auto& m) -> auto& { return m.dlc.return_c; }, dlc));
  r.push_back(with(
      physics("/dlc/pump_head_kpa", "kPa", 250.0, closed(0, 1000), 150.0, 350.0,
              "not in domain.md: cold-plate loop and CDU head", "[U]", "DLC pump head"),
      [](auto& m) -> auto& { return m.dlc.pump_head_kpa; }, dlc));
  r.push_back(with(
      physics("/dlc/pump_efficiency", "1", 0.7, above(0, 1), 0.6, 0.8, kPump, "[U]",
              "DLC pump efficiency"),
      [](auto& m) -> auto& { return m.dlc.pump_efficiency; }, dlc));
  r.push_back(with(
      physics("/dlc/dry_cooler/approach_k", "K", 5.0, closed(0, 20), 3.0, 6.0, kApproach, "[U]",
              "dry-cooler water above dry bulb"),
      [](auto& m) -> auto& { return m.dlc.dry_cooler.approach_k; }, dlc));
  r.push_back(with(
      physics("/dlc/dry_cooler/fan_kw_per_kw_th", "kW/kW_th", 0.02, closed(0, 0.1), 0.01, 0.03,
              "not in domain.md: dry-cooler fans, 1-3 % of heat rejected", "[U]",
              "dry-cooler fan power per kW rejected"),
      [](auto& m) -> auto& { return m.dlc.dry_cooler.fan_kw_per_kw_th; }, dlc));
  r.push_back(with(
      physics("/dlc/adiabatic/approach_k", "K", 4.0, closed(0, 20), 3.0, 6.0, kApproach, "[U]",
              "sprayed dry-cooler water above wet bulb"),
      [](auto& m) -> auto& { return m.dlc.adiabatic.approach_k; }, adiabatic));
  r.push_back(with(
      physics("/dlc/adiabatic/water_l_per_kwh_th", "L/kWh_th", 1.26, closed(0, 2), 0.6, 1.48,
              "domain.md section 9 tower evaporation, used as an upper bound", "[U]",
              "spray water per kWh rejected while spraying"),
      [](auto& m) -> auto& { return m.dlc.adiabatic.water_l_per_kwh_th; }, adiabatic));
  r.push_back(with(
      physics("/dlc/trim_chiller/eta", "1", 0.5, open(0, 1), 0.45, 0.65, kChillerEta, "[D]",
              "trim chiller Carnot fraction"),
      [](auto& m) -> auto& { return m.dlc.trim_chiller.eta; }, trim));
  r.push_back(with(
      physics("/dlc/trim_chiller/min_lift_k", "K", 10.0, closed(1, 40), 5.0, 15.0, kMinLift, "[U]",
              "minimum trim-chiller lift"),
      [](auto& m) -> auto& { return m.dlc.trim_chiller.min_lift_k; }, trim));
  r.push_back(with(
      physics("/dlc/trim_chiller/condenser_rise_k", "K", 7.0, closed(0, 20), 5.0, 9.0,
              kCondenserRise, "[U]",
              "trim-chiller condensing temperature above the dry-cooler water"),
      [](auto& m) -> auto& { return m.dlc.trim_chiller.condenser_rise_k; }, trim));

  // Heat reuse
  r.push_back(with(
      design("/heat_reuse/network_supply_c", "degC", closed(20, 130),
             "heat network supply temperature"),
      [](auto& m) -> auto& { return m.heat_reuse.network_supply_c; }, reuse));
  r.push_back(with(
      physics("/heat_reuse/direct_approach_k", "K", 3.0, closed(0, 20), 2.0, 5.0,
              "not in domain.md: plate heat-exchanger approach", "[U]",
              "direct use needs DLC return - this >= network supply"),
      [](auto& m) -> auto& { return m.heat_reuse.direct_approach_k; }, reuse));
  r.push_back(with(
      design("/heat_reuse/demand/peak_kw", "kW", above(0, 1e7),
             "heat demand at the design temperature"),
      [](auto& m) -> auto& { return m.heat_reuse.demand.peak_kw; }, degree_hours));
  r.push_back(with(
      design("/heat_reuse/demand/design_c", "degC", closed(-60, 30), "heating design temperature"),
      [](auto& m) -> auto& { return m.heat_reuse.demand.design_c; }, degree_hours));
  r.push_back(with(
      physics("/heat_reuse/demand/base_c", "degC", 15.0, closed(-20, 30), 12.0, 18.0,
              "not in domain.md: heating limit temperature (German G15 degree days)", "[U]",
              "no space heating above this dry bulb"),
      [](auto& m) -> auto& { return m.heat_reuse.demand.base_c; }, degree_hours));
  r.push_back(with(
      optional("/heat_reuse/demand/baseload_kw", "kW", 0.0, closed(0, 1e7),
               "demand at any temperature"),
      [](auto& m) -> auto& { return m.heat_reuse.demand.baseload_kw; }, degree_hours));
  r.push_back(with(
      physics("/heat_reuse/heat_pump/eta", "1", 0.45, open(0, 1), 0.40, 0.55,
              "domain.md section 9, heat-pump COP [S42a]", "[D]", "heat-pump Carnot fraction"),
      [](auto& m) -> auto& { return m.heat_reuse.heat_pump.eta; }, heat_pump));
  r.push_back(with(
      physics("/heat_reuse/heat_pump/approach_k", "K", 5.0, closed(0, 20), 3.0, 7.0,
              "domain.md section 9, heat-pump COP", "[D]", "refrigerant approach each side"),
      [](auto& m) -> auto& { return m.heat_reuse.heat_pump.approach_k; }, heat_pump));
  r.push_back(with(
      optional("/heat_reuse/heat_pump/capacity_kw_th", "kW", 0.0, closed(0, 1e7),
               "heat-pump output limit (0 = none)"),
      [](auto& m) -> auto& { return m.heat_reuse.heat_pump.capacity_kw_th; }, heat_pump));

  // Fixed loads, prices, water
  r.push_back(with(
      optional("/fixed_loads/lighting_kw", "kW", 0.0, closed(0, 1e7), "lighting"),
      [](auto& m) -> auto& { return m.fixed_loads.lighting_kw; }, always));
  r.push_back(with(
      optional("/fixed_loads/other_kw", "kW", 0.0, closed(0, 1e7),
               "other loads inside the boundary"),
      [](auto& m) -> auto& { return m.fixed_loads.other_kw; }, always));
  r.push_back(with(
      optional("/prices/electricity_per_kwh", "currency/kWh", -1.0, closed(0, 1e3),
               "electricity tariff"),
      [](auto& m) -> auto& { return m.prices.electricity_per_kwh; }, always));
  r.push_back(with(
      optional("/prices/water_per_m3", "currency/m3", -1.0, closed(0, 1e4), "water price"),
      [](auto& m) -> auto& { return m.prices.water_per_m3; }, always));
  r.push_back(with(
      optional("/prices/heat_per_kwh", "currency/kWh", -1.0, closed(0, 1e3),
               "price paid for exported heat"),
      [](auto& m) -> auto& { return m.prices.heat_per_kwh; }, always));
  r.push_back(with(
      optional("/prices/grid_carbon_kg_per_kwh", "kg/kWh", -1.0, closed(0, 2),
               "grid carbon factor"),
      [](auto& m) -> auto& { return m.prices.grid_carbon_kg_per_kwh; }, constant_carbon));
  r.push_back(with(
      physics("/water/cp_kj_per_kg_k", "kJ/(kg K)", 4.18, closed(3.5, 4.5), 4.17, 4.19,
              "domain.md section 9, water c_p [S3]", "[T]", "specific heat of water"),
      [](auto& m) -> auto& { return m.water.cp_kj_per_kg_k; }, always));
  r.push_back(with(
      physics("/water/density_kg_per_m3", "kg/m3", 1000.0, closed(900, 1100), 983.0, 1000.0,
              "domain.md section 9, water density (1 kg/L within 2 %)", "[T]", "density of water"),
      [](auto& m) -> auto& { return m.water.density_kg_per_m3; }, always));
  return r;
}

auto registry() -> const std::vector<ParameterInfo>& {
  static const std::vector<ParameterInfo> kRegistry = build_registry();
  return kRegistry;
}

auto is_explicit(const FacilityModel& model, std::string_view path) -> bool {
  return std::binary_search(model.explicit_parameters.begin(), model.explicit_parameters.end(),
                            path, std::less<>{});
}

void fail(std::string_view name, std::string_view pointer, std::string_view what) {
  throw ConfigError(fmt::format("{}: {}: {}", name, pointer, what));
}

}  // namespace

auto parameters() noexcept -> std::span<const ParameterInfo> {
  return registry();
}

auto find_parameter(std::string_view path) noexcept -> const ParameterInfo* {
  for (const auto& p : registry()) {
    if (p.path == path) {
      return &p;
    }
  }
  return nullptr;
}

auto describe_range(const ParameterInfo& parameter) -> std::string {
  const auto& v = parameter.valid;
  std::string text;
  if (!v.min_exclusive && !v.max_exclusive) {
    text = fmt::format("{} to {}", v.min, v.max);
  } else if (v.min_exclusive && !v.max_exclusive) {
    text = fmt::format("more than {} and at most {}", v.min, v.max);
  } else if (!v.min_exclusive) {
    text = fmt::format("at least {} and less than {}", v.min, v.max);
  } else {
    text = fmt::format("more than {} and less than {}", v.min, v.max);
  }
  if (parameter.unit != "1") {
    text += fmt::format(" {}", parameter.unit);
  }
  if (parameter.integer) {
    text += ", a whole number";
  }
  if (parameter.has_sensitivity) {
    text +=
        fmt::format("; typical {} to {}", parameter.sensitivity_low, parameter.sensitivity_high);
  }
  return text;
}

auto defaults_used(const FacilityModel& model) -> std::vector<DefaultUsed> {
  std::vector<DefaultUsed> used;
  for (const auto& p : registry()) {
    // A value that differs from the default was set by code (a sweep that did not mark it):
    // it is not a default, so only unchanged values are listed.
    if (p.kind == ParameterKind::kPhysics && p.applies(model) && !is_explicit(model, p.path) &&
        p.get(model) == p.default_value) {
      used.push_back({p.path, p.default_value, p.unit, p.source, p.tag, p.description});
    }
  }
  return used;
}

void set_parameter(FacilityModel& model, std::string_view path, double value) {
  const auto* p = find_parameter(path);
  if (p == nullptr) {
    throw ConfigError(
        fmt::format("{}: unknown parameter (expected a path such as /dlc/share)", path));
  }
  if (!std::isfinite(value) || !p->valid.contains(value) ||
      (p->integer && value != std::floor(value))) {
    throw ConfigError(
        fmt::format("{}: out of range: {} (expected {})", path, value, describe_range(*p)));
  }
  p->set(model, value);
  auto& paths = model.explicit_parameters;
  const auto at = std::lower_bound(paths.begin(), paths.end(), path, std::less<>{});
  if (at == paths.end() || *at != path) {
    paths.insert(at, std::string{path});
  }
}

void check_model(const FacilityModel& model, std::string_view name) {
  for (const auto& p : registry()) {
    if (!p.applies(model)) {
      continue;
    }
    const double value = p.get(model);
    if (p.kind == ParameterKind::kOptional && value == p.default_value) {
      continue;
    }
    if (!std::isfinite(value) || !p.valid.contains(value) ||
        (p.integer && value != std::floor(value))) {
      fail(name, p.path, fmt::format("out of range: {} (expected {})", value, describe_range(p)));
    }
  }
  const auto& air = model.air_path;
  if (air.chilled_water.return_c <= air.chilled_water.supply_c) {
    fail(name, "/air_path/chilled_water/return_c",
         fmt::format("{} is not above the supply temperature {} (/air_path/chilled_water/supply_c)",
                     air.chilled_water.return_c, air.chilled_water.supply_c));
  }
  if (air.economiser == Economiser::kAirSide &&
      air.air_side.return_air_c <= air.air_side.supply_air_c) {
    fail(name, "/air_path/economiser/return_air_c",
         fmt::format("{} is not above the supply air temperature {} "
                     "(/air_path/economiser/supply_air_c)",
                     air.air_side.return_air_c, air.air_side.supply_air_c));
  }
  if (!air.chiller.enabled && air.economiser == Economiser::kNone) {
    fail(name, "/air_path",
         "the air path has neither a chiller nor an economiser (expected 'chiller', "
         "'economiser' or both)");
  }
  if (model.dlc.share > 0.0 && model.dlc.return_c <= model.dlc.supply_c) {
    fail(name, "/dlc/return_c",
         fmt::format("{} is not above the supply temperature {} (/dlc/supply_c)",
                     model.dlc.return_c, model.dlc.supply_c));
  }
  const auto& reuse = model.heat_reuse;
  if (reuse.enabled && model.dlc.share <= 0.0) {
    fail(name, "/heat_reuse",
         "heat reuse takes its heat from the DLC return water (expected /dlc/share above 0)");
  }
  if (degree_hours(model)) {
    if (reuse.demand.design_c >= reuse.demand.base_c) {
      fail(name, "/heat_reuse/demand/design_c",
           fmt::format("{} is not below the heating limit temperature {} "
                       "(/heat_reuse/demand/base_c)",
                       reuse.demand.design_c, reuse.demand.base_c));
    }
    if (reuse.demand.baseload_kw > reuse.demand.peak_kw) {
      fail(name, "/heat_reuse/demand/baseload_kw",
           fmt::format("{} is above the peak demand {} (/heat_reuse/demand/peak_kw)",
                       reuse.demand.baseload_kw, reuse.demand.peak_kw));
    }
  }
}

}  // namespace dceff::whatif
