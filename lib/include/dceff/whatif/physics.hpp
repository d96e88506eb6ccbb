#pragma once

#include <algorithm>
#include <cmath>

namespace dceff::whatif {

/// 0 degC in kelvin [T].
inline constexpr double kZeroCelsiusK = 273.15;

/// Loss of one power-chain unit as a fraction of its rating, `a + b*x + c*x^2` at load fraction x
/// (no-load + proportional + square-law terms; Schneider "Definitions of losses" [S43a],
/// domain.md section 9).
[[nodiscard]] constexpr auto loss_fraction(double a, double b, double c, double x) noexcept
    -> double {
  return a + b * x + c * x * x;
}

/// Efficiency of a unit at load fraction x: `x / (x + a + b*x + c*x^2)` (domain.md section 9 [D]);
/// 0 at x = 0.
[[nodiscard]] constexpr auto unit_efficiency(double a, double b, double c, double x) noexcept
    -> double {
  return x <= 0.0 ? 0.0 : x / (x + loss_fraction(a, b, c, x));
}

/// Chiller COP (cooling) as a Carnot fraction: `eta * T_evap / (T_cond - T_evap)` in kelvin, the
/// lift held at `min_lift_k` or more (a compressor needs a pressure difference, and the Carnot
/// expression diverges as the lift goes to 0). Temperatures in degC. domain.md section 9 [D].
[[nodiscard]] inline auto chiller_cop(double eta, double evaporator_c, double condenser_c,
                                      double min_lift_k) noexcept -> double {
  const double lift_k = std::max(condenser_c - evaporator_c, min_lift_k);
  return eta * (evaporator_c + kZeroCelsiusK) / lift_k;
}

/// Heat-pump COP (heating) as a Carnot fraction: `eta * T_cond / (T_cond - T_evap)` in kelvin,
/// with the refrigerant `approach_k` below the source and above the sink (domain.md section 9
/// [D]: 45 -> 75 degC with 5 K approaches and eta 0.45 gives about 4.0). The lift is held at
/// 1 K or more so the expression stays finite. Temperatures in degC.
[[nodiscard]] inline auto heat_pump_cop(double eta, double source_c, double sink_c,
                                        double approach_k) noexcept -> double {
  const double evaporator_k = source_c - approach_k + kZeroCelsiusK;
  const double condenser_k = sink_c + approach_k + kZeroCelsiusK;
  return eta * condenser_k / std::max(condenser_k - evaporator_k, 1.0);
}

/// Fan or pump power as a fraction of its full-speed power at `speed` (fraction of full speed):
/// `speed^exponent` (affinity law P ~ N^3; practical exponent 2.7, domain.md section 9 [D]).
[[nodiscard]] inline auto affinity_power_fraction(double speed, double exponent) noexcept
    -> double {
  return speed <= 0.0 ? 0.0 : std::pow(speed, exponent);
}

/// Water mass flow that carries `heat_kw` at a temperature difference `delta_t_k`:
/// `m = Q / (cp * dT)` in kg/s, cp in kJ/(kg K) (domain.md section 9 [S]).
[[nodiscard]] constexpr auto water_flow_kg_per_s(double heat_kw, double delta_t_k,
                                                 double cp_kj_per_kg_k) noexcept -> double {
  return heat_kw / (cp_kj_per_kg_k * delta_t_k);
}

/// Hydraulic power over wire-to-water efficiency: `P = V * dp / eta`, in kW for a volume flow in
/// m3/s and a head in kPa.
[[nodiscard]] constexpr auto pump_power_kw(double volume_flow_m3_per_s, double head_kpa,
                                           double efficiency) noexcept -> double {
  return volume_flow_m3_per_s * head_kpa / efficiency;
}

/// Cooling-tower make-up water: evaporation `E = heat * rate` plus blow-down,
/// `M = E * CoC / (CoC - 1)`, drift neglected (domain.md section 9 [D]). Heat in kWh_th, rate in
/// L/kWh_th, result in litres. Precondition: cycles of concentration > 1.
[[nodiscard]] constexpr auto tower_makeup_l(double heat_kwh_th, double evaporation_l_per_kwh_th,
                                            double cycles_of_concentration) noexcept -> double {
  return heat_kwh_th * evaporation_l_per_kwh_th * cycles_of_concentration /
         (cycles_of_concentration - 1.0);
}

/// Share of a water loop's heat an economiser removes without a chiller, when the heat sink
/// (outdoor wet or dry bulb plus approach) is at `sink_c`: 1 when the sink is at or below the
/// supply temperature, 0 at or above the return temperature, linear in between (the economiser
/// pre-cools the return water and the chiller trims the rest). Temperatures in degC, return above
/// supply.
[[nodiscard]] constexpr auto free_cooling_fraction(double sink_c, double supply_c,
                                                   double return_c) noexcept -> double {
  if (sink_c <= supply_c) {
    return 1.0;
  }
  if (sink_c >= return_c) {
    return 0.0;
  }
  return (return_c - sink_c) / (return_c - supply_c);
}

/// Space-heating demand from heating degree-hours: `baseload` plus `(peak - baseload)` scaled by
/// `(base - T) / (base - design)`, held between 0 and 1 (no heating above the base temperature,
/// the connection's peak at and below the design temperature). kW and degC; design below base.
[[nodiscard]] constexpr auto degree_hour_demand_kw(double dry_bulb_c, double base_c,
                                                   double design_c, double peak_kw,
                                                   double baseload_kw) noexcept -> double {
  const double share = std::clamp((base_c - dry_bulb_c) / (base_c - design_c), 0.0, 1.0);
  return baseload_kw + (peak_kw - baseload_kw) * share;
}

}  // namespace dceff::whatif
