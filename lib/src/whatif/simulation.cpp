#include "dceff/whatif/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/whatif/physics.hpp"

namespace dceff::whatif {
namespace {

constexpr auto index(Use use) -> std::size_t {
  return static_cast<std::size_t>(use);
}

// Per-unit figures of a power stage, fixed for the year.
struct StagePlan {
  bool enabled = false;
  double capacity_kw = 0.0;   // N capacity
  double installed_kw = 0.0;  // rating of the units sharing the load
  double a = 0.0;
  double b = 0.0;
  double c = 0.0;
};

auto plan_stage(const PowerStage& stage) -> StagePlan {
  if (!stage.enabled) {
    return {};
  }
  const double unit_kw = stage.capacity_kw / stage.units;
  double sharing = stage.units;
  switch (stage.redundancy) {
    case Redundancy::kN:
      break;
    case Redundancy::kNPlus1:
      sharing = stage.units + 1.0;
      break;
    case Redundancy::k2N:
      sharing = 2.0 * stage.units;
      break;
  }
  return {true, stage.capacity_kw, sharing * unit_kw, stage.loss_a, stage.loss_b, stage.loss_c};
}

// Every sharing unit carries the same fraction x of its rating, so the stage loses
// installed * (a + b*x + c*x^2) with x = output / installed.
auto stage_loss_kw(const StagePlan& stage, double output_kw) -> double {
  if (!stage.enabled) {
    return 0.0;
  }
  const double x = output_kw / stage.installed_kw;
  return stage.installed_kw * loss_fraction(stage.a, stage.b, stage.c, x);
}

// What stays fixed over the year.
struct Plan {
  StagePlan transformer;
  StagePlan ups;
  StagePlan pdu;
  double design_it_kw = 0.0;
  double fan_capacity_kw_th = 0.0;  // installed air cooling
  double fan_full_speed_kw = 0.0;
};

auto design_it_kw(const FacilityModel& model) -> double {
  if (model.it_load.design_kw > 0.0) {
    return model.it_load.design_kw;
  }
  const auto& profile = model.it_load.profile.values;
  if (profile.empty()) {
    return model.it_load.kw;
  }
  return *std::max_element(profile.begin(), profile.end());
}

auto make_plan(const FacilityModel& model) -> Plan {
  Plan plan;
  plan.transformer = plan_stage(model.power_chain.transformer);
  plan.ups = plan_stage(model.power_chain.ups);
  plan.pdu = plan_stage(model.power_chain.pdu);
  plan.design_it_kw = design_it_kw(model);
  // Fans are sized for the air heat at the design IT load; the margin covers losses and N+1.
  const double captured_share = model.dlc.share * model.dlc.capture_ratio;
  const double design_air_kw =
      plan.design_it_kw * (1.0 - captured_share) + model.fixed_loads.lighting_kw;
  plan.fan_capacity_kw_th = model.air_path.fans.capacity_margin * design_air_kw;
  plan.fan_full_speed_kw = model.air_path.fans.kw_per_kw_th * plan.fan_capacity_kw_th;
  return plan;
}

// Flags raised in an hour, counted over the year.
struct HourFlags {
  bool fans_over_capacity = false;
  bool power_over_capacity = false;
};

auto pump_kw(double heat_kw, double delta_t_k, double head_kpa, double efficiency,
             const WaterProperties& water) -> double {
  const double flow_kg_per_s = water_flow_kg_per_s(heat_kw, delta_t_k, water.cp_kj_per_kg_k);
  return pump_power_kw(flow_kg_per_s / water.density_kg_per_m3, head_kpa, efficiency);
}

auto run_hour(const FacilityModel& m, const Plan& plan, const weather::Hour& w, double it_kw,
              double demand_kw, HourFlags& flags) -> HourResult {
  HourResult r;
  auto& u = r.power_kw;
  const auto& water = m.water;

  // Power chain, from the IT load upstream. UPS and PDU losses heat air-cooled rooms.
  u[index(Use::kIt)] = it_kw;
  u[index(Use::kPduLoss)] = stage_loss_kw(plan.pdu, it_kw);
  const double ups_out_kw = it_kw + u[index(Use::kPduLoss)];
  if (plan.ups.enabled) {
    u[index(Use::kUpsLoss)] = m.power_chain.ups_eco_mode
                                  ? ups_out_kw * (1.0 / m.power_chain.ups_eco_efficiency - 1.0)
                                  : stage_loss_kw(plan.ups, ups_out_kw);
  }
  const double ups_in_kw = ups_out_kw + u[index(Use::kUpsLoss)];
  flags.power_over_capacity = (plan.pdu.enabled && it_kw > plan.pdu.capacity_kw) ||
                              (plan.ups.enabled && ups_out_kw > plan.ups.capacity_kw);

  // DLC loop: captured IT heat plus the pump work that ends up in the water.
  const bool dlc = m.dlc.share > 0.0;
  const double captured_kw = dlc ? it_kw * m.dlc.share * m.dlc.capture_ratio : 0.0;
  double dlc_heat_kw = 0.0;
  if (dlc) {
    u[index(Use::kDlcPumps)] = pump_kw(captured_kw, m.dlc.return_c - m.dlc.supply_c,
                                       m.dlc.pump_head_kpa, m.dlc.pump_efficiency, water);
    dlc_heat_kw = captured_kw + u[index(Use::kDlcPumps)];
  }

  // Heat export takes DLC return water first; the rest goes to the dry coolers.
  const auto& reuse = m.heat_reuse;
  double source_kw = 0.0;
  double delivered_kw = 0.0;
  if (reuse.enabled) {
    r.heat_demand_kw = demand_kw;
    if (demand_kw > 0.0 && dlc_heat_kw > 0.0) {
      if (m.dlc.return_c - reuse.direct_approach_k >= reuse.network_supply_c) {
        delivered_kw = std::min(demand_kw, dlc_heat_kw);
        source_kw = delivered_kw;
        r.reuse_mode = ReuseMode::kDirect;
      } else if (reuse.heat_pump.enabled) {
        const double cop = heat_pump_cop(reuse.heat_pump.eta, m.dlc.return_c,
                                         reuse.network_supply_c, reuse.heat_pump.approach_k);
        // Below COP 1 the heat pump would take no heat from the loop: it stays off.
        if (cop > 1.0) {
          // Output = source + work; the loop's heat or the demand (or capacity) limits it.
          delivered_kw = demand_kw;
          if (reuse.heat_pump.capacity_kw_th > 0.0) {
            delivered_kw = std::min(delivered_kw, reuse.heat_pump.capacity_kw_th);
          }
          double work_kw = delivered_kw / cop;
          source_kw = delivered_kw - work_kw;
          if (source_kw > dlc_heat_kw) {
            source_kw = dlc_heat_kw;
            work_kw = source_kw / (cop - 1.0);
            delivered_kw = source_kw + work_kw;
          }
          u[index(Use::kHeatPump)] = work_kw;
          r.heat_pump_cop = cop;
          r.reuse_mode = ReuseMode::kHeatPump;
        }
      }
    }
  }

  double rejected_kw = 0.0;
  double released_kw = 0.0;
  double water_l = 0.0;

  if (dlc) {
    const double reject_kw = dlc_heat_kw - source_kw;
    const double dry_sink_c = w.dry_bulb_c + m.dlc.dry_cooler.approach_k;
    const double wet_sink_c = w.wet_bulb_c + m.dlc.adiabatic.approach_k;
    const bool can_spray = m.dlc.adiabatic.enabled;
    bool spray = false;
    double chiller_share = 0.0;
    double cop = 0.0;
    if (dry_sink_c <= m.dlc.supply_c) {
      r.liquid_mode = LiquidMode::kFree;
    } else if (can_spray && wet_sink_c <= m.dlc.supply_c) {
      r.liquid_mode = LiquidMode::kAdiabatic;
      spray = true;
    } else {
      spray = can_spray && wet_sink_c < dry_sink_c;
      const double sink_c = spray ? wet_sink_c : dry_sink_c;
      if (m.dlc.trim_chiller.enabled) {
        // The dry coolers pre-cool the return water as far as the sink allows.
        r.liquid_mode = LiquidMode::kTrim;
        chiller_share = 1.0 - free_cooling_fraction(sink_c, m.dlc.supply_c, m.dlc.return_c);
        cop = chiller_cop(m.dlc.trim_chiller.eta, m.dlc.supply_c,
                          sink_c + m.dlc.trim_chiller.condenser_rise_k,
                          m.dlc.trim_chiller.min_lift_k);
      } else {
        r.liquid_mode = LiquidMode::kUnmet;
      }
    }
    if (chiller_share > 0.0) {
      u[index(Use::kTrimChiller)] = chiller_share * reject_kw / cop;
    }
    const double dry_cooler_heat_kw = reject_kw + u[index(Use::kTrimChiller)];
    const double fans_kw = m.dlc.dry_cooler.fan_kw_per_kw_th * dry_cooler_heat_kw;
    u[index(Use::kDryCoolerFans)] += fans_kw;
    rejected_kw += dry_cooler_heat_kw;
    released_kw += fans_kw;  // fan motors sit in the outdoor air stream
    if (spray) {
      water_l += m.dlc.adiabatic.water_l_per_kwh_th * dry_cooler_heat_kw;
    }
  }

  // Air path: the IT heat the liquid does not take, UPS and PDU losses, lighting, fan work.
  const auto& air = m.air_path;
  const double lighting_kw = m.fixed_loads.lighting_kw;
  u[index(Use::kLighting)] = lighting_kw;
  u[index(Use::kOther)] = m.fixed_loads.other_kw;
  const double air_load_kw =
      (it_kw - captured_kw) + u[index(Use::kUpsLoss)] + u[index(Use::kPduLoss)] + lighting_kw;
  if (plan.fan_capacity_kw_th > 0.0) {
    const double speed = air_load_kw / plan.fan_capacity_kw_th;
    flags.fans_over_capacity = speed > 1.0;
    u[index(Use::kCrahFans)] =
        plan.fan_full_speed_kw *
        affinity_power_fraction(std::max(speed, air.fans.min_speed), air.fans.affinity_exponent);
  }
  const double air_heat_kw = air_load_kw + u[index(Use::kCrahFans)];

  const bool tower = air.heat_rejection == HeatRejection::kCoolingTower;
  const bool chiller = air.chiller.enabled;
  double free_share = 0.0;
  if (air.economiser == Economiser::kWaterSide) {
    const double sink_c =
        tower ? w.wet_bulb_c + air.tower.approach_k : w.dry_bulb_c + air.dry_cooler.approach_k;
    free_share =
        free_cooling_fraction(sink_c, air.chilled_water.supply_c, air.chilled_water.return_c);
  } else if (air.economiser == Economiser::kAirSide &&
             w.dew_point_c <= air.air_side.max_dew_point_c) {
    free_share =
        free_cooling_fraction(w.dry_bulb_c, air.air_side.supply_air_c, air.air_side.return_air_c);
  }
  if (free_share >= 1.0) {
    r.air_mode = AirMode::kFreeCooling;
  } else if (!chiller) {
    // Chiller-less: the economiser takes everything and the set point drifts up.
    r.air_mode = AirMode::kUnmet;
    free_share = 1.0;
  } else {
    r.air_mode = free_share > 0.0 ? AirMode::kPartialEconomiser : AirMode::kChiller;
  }

  double outside_air_kw = 0.0;  // removed by outside air (air-side economiser)
  double coil_kw = air_heat_kw;
  if (air.economiser == Economiser::kAirSide) {
    outside_air_kw = free_share * air_heat_kw;
    coil_kw = air_heat_kw - outside_air_kw;
  }
  if (coil_kw > 0.0) {
    u[index(Use::kChilledWaterPumps)] =
        pump_kw(coil_kw, air.chilled_water.return_c - air.chilled_water.supply_c,
                air.chilled_water.pump_head_kpa, air.chilled_water.pump_efficiency, water);
  }
  const double plant_kw = coil_kw + u[index(Use::kChilledWaterPumps)];
  const double economiser_kw =
      air.economiser == Economiser::kWaterSide ? free_share * plant_kw : 0.0;
  const double chiller_load_kw = plant_kw - economiser_kw;
  if (chiller && chiller_load_kw > 0.0) {
    const double condenser_c =
        tower ? w.wet_bulb_c + air.tower.approach_k + air.chiller.condenser_water_rise_k
              : w.dry_bulb_c + air.chiller.air_condenser_approach_k;
    r.chiller_cop = chiller_cop(air.chiller.eta, air.chilled_water.supply_c, condenser_c,
                                air.chiller.min_lift_k);
    u[index(Use::kChiller)] = chiller_load_kw / r.chiller_cop;
  }
  const double condenser_kw = chiller_load_kw + u[index(Use::kChiller)];
  rejected_kw += outside_air_kw;
  if (tower) {
    const double tower_in_kw = condenser_kw + economiser_kw;
    if (tower_in_kw > 0.0) {
      u[index(Use::kCondenserPumps)] =
          pump_kw(tower_in_kw, air.tower.range_k, air.tower.pump_head_kpa,
                  air.tower.pump_efficiency, water);
      const double tower_kw = tower_in_kw + u[index(Use::kCondenserPumps)];
      u[index(Use::kTowerFans)] = air.tower.fan_kw_per_kw_th * tower_kw;
      rejected_kw += tower_kw;
      released_kw += u[index(Use::kTowerFans)];
      water_l += tower_makeup_l(tower_kw, air.tower.evaporation_l_per_kwh_th,
                                air.tower.cycles_of_concentration);
    }
  } else {
    // Air-cooled condenser fans are inside the chiller's eta (AHRI ratings include them).
    const double fans_kw = air.dry_cooler.fan_kw_per_kw_th * economiser_kw;
    u[index(Use::kDryCoolerFans)] += fans_kw;
    rejected_kw += condenser_kw + economiser_kw;
    released_kw += fans_kw;
  }

  // The transformer feeds the UPS, the mechanical plant and the fixed loads; its losses and the
  // other loads' heat are released outside the cooled rooms.
  double transformer_out_kw = ups_in_kw + lighting_kw + m.fixed_loads.other_kw;
  for (const Use use :
       {Use::kCrahFans, Use::kChiller, Use::kTrimChiller, Use::kChilledWaterPumps,
        Use::kCondenserPumps, Use::kDlcPumps, Use::kDryCoolerFans, Use::kTowerFans}) {
    transformer_out_kw += u[index(use)];
  }
  u[index(Use::kTransformerLoss)] = stage_loss_kw(plan.transformer, transformer_out_kw);
  flags.power_over_capacity =
      flags.power_over_capacity ||
      (plan.transformer.enabled && transformer_out_kw > plan.transformer.capacity_kw);
  released_kw += u[index(Use::kTransformerLoss)] + m.fixed_loads.other_kw;

  r.grid_kw = transformer_out_kw + u[index(Use::kTransformerLoss)];
  const auto booking =
      book_heat_pump(reuse.boundary, source_kw, delivered_kw, u[index(Use::kHeatPump)]);
  r.e_dc_kw = r.grid_kw + booking.e_dc_kw;
  r.e_reuse_kw = booking.e_reuse_kw;
  r.heat_it_kw = it_kw;
  r.heat_captured_kw = captured_kw;
  r.heat_to_air_kw = air_heat_kw;
  r.heat_rejected_kw = rejected_kw;
  r.heat_released_kw = released_kw;
  r.heat_reused_kw = delivered_kw;
  r.heat_pump_source_kw = source_kw;
  r.water_l = water_l;
  return r;
}

auto series_value(const HourlySeries& series, std::size_t hour, double otherwise) -> double {
  return series.values.empty() ? otherwise : series.values[hour];
}

void check_length(const HourlySeries& series, std::size_t hours) {
  if (!series.values.empty() && series.values.size() != hours) {
    throw ConfigError(fmt::format(
        "{}: {} hourly values but the weather year has {} hours (expected one value per hour)",
        series.where, series.values.size(), hours));
  }
}

auto ratio(double numerator, double denominator) -> std::optional<double> {
  if (denominator <= 0.0) {
    return std::nullopt;
  }
  return numerator / denominator;
}

}  // namespace

auto use_name(Use use) noexcept -> std::string_view {
  switch (use) {
    case Use::kIt:
      return "it";
    case Use::kTransformerLoss:
      return "transformer_loss";
    case Use::kUpsLoss:
      return "ups_loss";
    case Use::kPduLoss:
      return "pdu_loss";
    case Use::kCrahFans:
      return "crah_fans";
    case Use::kChiller:
      return "chiller";
    case Use::kTrimChiller:
      return "trim_chiller";
    case Use::kChilledWaterPumps:
      return "chilled_water_pumps";
    case Use::kCondenserPumps:
      return "condenser_pumps";
    case Use::kDlcPumps:
      return "dlc_pumps";
    case Use::kDryCoolerFans:
      return "dry_cooler_fans";
    case Use::kTowerFans:
      return "tower_fans";
    case Use::kHeatPump:
      return "heat_pump";
    case Use::kLighting:
      return "lighting";
    case Use::kOther:
      return "other";
  }
  return "";
}

auto is_power_loss(Use use) noexcept -> bool {
  return use == Use::kTransformerLoss || use == Use::kUpsLoss || use == Use::kPduLoss;
}

auto is_cooling(Use use) noexcept -> bool {
  switch (use) {
    case Use::kCrahFans:
    case Use::kChiller:
    case Use::kTrimChiller:
    case Use::kChilledWaterPumps:
    case Use::kCondenserPumps:
    case Use::kDlcPumps:
    case Use::kDryCoolerFans:
    case Use::kTowerFans:
      return true;
    default:
      return false;
  }
}

auto mode_name(AirMode mode) noexcept -> std::string_view {
  switch (mode) {
    case AirMode::kChiller:
      return "chiller";
    case AirMode::kPartialEconomiser:
      return "partial_economiser";
    case AirMode::kFreeCooling:
      return "free_cooling";
    case AirMode::kUnmet:
      return "air_unmet";
  }
  return "";
}

auto mode_name(LiquidMode mode) noexcept -> std::string_view {
  switch (mode) {
    case LiquidMode::kNone:
      return "none";
    case LiquidMode::kFree:
      return "dlc_free";
    case LiquidMode::kAdiabatic:
      return "dlc_adiabatic";
    case LiquidMode::kTrim:
      return "dlc_trim";
    case LiquidMode::kUnmet:
      return "dlc_unmet";
  }
  return "";
}

auto mode_name(ReuseMode mode) noexcept -> std::string_view {
  switch (mode) {
    case ReuseMode::kNone:
      return "none";
    case ReuseMode::kDirect:
      return "reuse_direct";
    case ReuseMode::kHeatPump:
      return "reuse_heat_pump";
  }
  return "";
}

auto simulate_hour(const FacilityModel& model, const weather::Hour& weather_hour, double it_kw,
                   double heat_demand_kw) -> HourResult {
  HourFlags flags;
  return run_hour(model, make_plan(model), weather_hour, it_kw, heat_demand_kw, flags);
}

auto simulate(const FacilityModel& model, const weather::WeatherYear& weather) -> Simulation {
  return simulate(model, weather, HourSink{});
}

auto simulate(const FacilityModel& model, const weather::WeatherYear& weather, const HourSink& sink)
    -> Simulation {
  const std::string name = model.source.empty() ? std::string{"model"} : model.source;
  check_model(model, name);
  const std::size_t hours = weather.hours.size();
  check_length(model.it_load.profile, hours);
  check_length(model.heat_reuse.demand.hourly, hours);
  check_length(model.prices.grid_carbon_hourly, hours);

  const Plan plan = make_plan(model);
  const auto& demand = model.heat_reuse.demand;
  const bool carbon_known =
      !model.prices.grid_carbon_hourly.values.empty() || model.prices.grid_carbon_kg_per_kwh >= 0.0;

  Simulation sim;
  sim.hours = hours;
  sim.heat_pump_boundary = model.heat_reuse.boundary;
  auto& t = sim.totals;
  double co2_kg = 0.0;
  double e_dc_co2_kg = 0.0;
  double scale_kw = 1.0;  // largest power seen, for the balance tolerance
  for (std::size_t h = 0; h < hours; ++h) {
    const auto& w = weather.hours[h];
    const double it_kw =
        series_value(model.it_load.profile, h, model.it_load.kw) * model.it_load.growth_factor;
    double demand_kw = 0.0;
    if (model.heat_reuse.enabled) {
      demand_kw = demand.hourly.values.empty()
                      ? degree_hour_demand_kw(w.dry_bulb_c, demand.base_c, demand.design_c,
                                              demand.peak_kw, demand.baseload_kw)
                      : demand.hourly.values[h];
    }
    HourFlags flags;
    HourResult r = run_hour(model, plan, w, it_kw, demand_kw, flags);
    r.hour = h;

    double uses_kw = 0.0;
    for (std::size_t i = 0; i < kUseCount; ++i) {
      t.energy_kwh[i] += r.power_kw[i];
      uses_kw += r.power_kw[i];
    }
    // Every kW of electricity ends as heat; heat leaves as rejected, released or reused.
    const double electricity_in_kw = r.grid_kw + r.power_kw[index(Use::kHeatPump)];
    const double heat_out_kw = r.heat_rejected_kw + r.heat_released_kw + r.heat_reused_kw;
    t.max_electricity_imbalance_kw =
        std::max(t.max_electricity_imbalance_kw, std::abs(electricity_in_kw - uses_kw));
    t.max_heat_imbalance_kw = std::max(t.max_heat_imbalance_kw, std::abs(uses_kw - heat_out_kw));
    scale_kw = std::max(scale_kw, uses_kw);

    // What the operator pays: the grid, plus the heat pump as booked under its boundary.
    const double paid_kw =
        r.grid_kw + book_heat_pump(model.heat_reuse.boundary, r.heat_pump_source_kw,
                                   r.heat_reused_kw, r.power_kw[index(Use::kHeatPump)])
                        .paid_kw;
    t.e_dc_kwh += r.e_dc_kw;
    t.e_it_kwh += it_kw;
    t.e_reuse_kwh += r.e_reuse_kw;
    t.grid_kwh += r.grid_kw;
    t.paid_electricity_kwh += paid_kw;
    t.heat_rejected_kwh += r.heat_rejected_kw;
    t.heat_reused_kwh += r.heat_reused_kw;
    t.heat_demand_kwh += r.heat_demand_kw;
    t.water_m3 += r.water_l / 1000.0;
    if (carbon_known) {
      const double factor =
          series_value(model.prices.grid_carbon_hourly, h, model.prices.grid_carbon_kg_per_kwh);
      co2_kg += paid_kw * factor;
      e_dc_co2_kg += r.e_dc_kw * factor;
    }
    ++t.air_mode_hours[static_cast<std::size_t>(r.air_mode)];
    ++t.liquid_mode_hours[static_cast<std::size_t>(r.liquid_mode)];
    ++t.reuse_mode_hours[static_cast<std::size_t>(r.reuse_mode)];
    t.fans_over_capacity_hours += flags.fans_over_capacity ? 1 : 0;
    t.power_over_capacity_hours += flags.power_over_capacity ? 1 : 0;
    if (sink) {
      sink(r);
    }
  }
  if (t.max_electricity_imbalance_kw > 1e-9 * scale_kw ||
      t.max_heat_imbalance_kw > 1e-9 * scale_kw) {
    throw std::logic_error(fmt::format(
        "what-if energy balance does not close: electricity {} kW, heat {} kW off in the worst "
        "hour",
        t.max_electricity_imbalance_kw, t.max_heat_imbalance_kw));
  }

  for (std::size_t i = 0; i < kUseCount; ++i) {
    const auto use = static_cast<Use>(i);
    t.e_cooling_kwh += is_cooling(use) ? t.energy_kwh[i] : 0.0;
    t.e_power_losses_kwh += is_power_loss(use) ? t.energy_kwh[i] : 0.0;
  }
  const auto& prices = model.prices;
  if (prices.electricity_per_kwh >= 0.0) {
    t.electricity_cost = t.paid_electricity_kwh * prices.electricity_per_kwh;
    t.cost = t.electricity_cost;
  }
  if (prices.water_per_m3 >= 0.0) {
    t.water_cost = t.water_m3 * prices.water_per_m3;
    if (t.cost) {
      *t.cost += *t.water_cost;
    }
  }
  if (prices.heat_per_kwh >= 0.0 && model.heat_reuse.enabled) {
    t.heat_revenue = t.heat_reused_kwh * prices.heat_per_kwh;
  }
  if (carbon_known) {
    t.co2_kg = co2_kg;
    t.e_dc_co2_kg = e_dc_co2_kg;
  }
  if (hours > 0) {
    t.mean_it_kw = t.e_it_kwh / static_cast<double>(hours);
    t.it_load_fraction = plan.design_it_kw > 0.0 ? t.mean_it_kw / plan.design_it_kw : 0.0;
  }

  auto& k = sim.kpis;
  k.dpue = ratio(t.e_dc_kwh, t.e_it_kwh);
  k.ppue_cooling = ratio(t.e_it_kwh + t.e_cooling_kwh, t.e_it_kwh);
  k.ppue_power = ratio(t.e_it_kwh + t.e_power_losses_kwh, t.e_it_kwh);
  k.ere = ratio(t.e_dc_kwh - t.e_reuse_kwh, t.e_it_kwh);
  k.erf = ratio(t.e_reuse_kwh, t.e_dc_kwh);
  k.wue_l_per_kwh = ratio(t.water_m3 * 1000.0, t.e_it_kwh);
  if (t.e_dc_co2_kg) {
    k.cue_kg_per_kwh = ratio(*t.e_dc_co2_kg, t.e_it_kwh);
  }

  sim.defaults_used = defaults_used(model);
  const auto unmet_air = t.air_mode_hours[static_cast<std::size_t>(AirMode::kUnmet)];
  if (unmet_air > 0) {
    sim.notes.push_back(fmt::format(
        "air path: {} h in which the chiller-less economiser cannot hold the chilled-water supply "
        "of {} degC",
        unmet_air, model.air_path.chilled_water.supply_c));
  }
  const auto unmet_dlc = t.liquid_mode_hours[static_cast<std::size_t>(LiquidMode::kUnmet)];
  if (unmet_dlc > 0) {
    sim.notes.push_back(fmt::format(
        "dlc: {} h in which the dry coolers cannot hold the supply of {} degC (no trim chiller)",
        unmet_dlc, model.dlc.supply_c));
  }
  if (t.fans_over_capacity_hours > 0) {
    sim.notes.push_back(fmt::format("air path: {} h with air heat above the installed fan capacity",
                                    t.fans_over_capacity_hours));
  }
  if (t.power_over_capacity_hours > 0) {
    sim.notes.push_back(fmt::format("power chain: {} h with a stage loaded above its N capacity",
                                    t.power_over_capacity_hours));
  }
  return sim;
}

}  // namespace dceff::whatif
