#pragma once

namespace dceff::weather {

// Moist-air properties after the 2017 ASHRAE Handbook - Fundamentals, chapter 1 ("Psychrometrics"),
// all [T]. Temperatures in degrees Celsius, pressures in pascals, humidity ratios in kilograms of
// water vapour per kilogram of dry air. Below 0 degC saturation is over ice, as in the Handbook
// (and as the relative humidity of NOAA-derived EPW files is computed). The functions are pure and
// never throw; arguments outside the stated ranges give finite but meaningless numbers, so callers
// validate first (the weather readers do).

/// Saturation vapour pressure in Pa at a temperature in degC (Hyland and Wexler, ASHRAE 2017
/// Fundamentals ch. 1 eq. 5 over ice for -100..0 degC, eq. 6 over liquid water for 0..200 degC;
/// within 300 ppm of the Handbook's Table 3).
[[nodiscard]] auto saturation_vapour_pressure_pa(double temperature_c) noexcept -> double;

/// Humidity ratio in kg/kg from the partial pressure of water vapour and the total pressure
/// (ASHRAE 2017 Fundamentals ch. 1 eq. 20: W = 0.621945 p_w / (p - p_w)). Requires p_w < p.
[[nodiscard]] auto humidity_ratio_kg_per_kg(double vapour_pressure_pa, double pressure_pa) noexcept
    -> double;

/// Relative humidity in % (0..100) from dry bulb and dew point in degC: p_ws(t_d) / p_ws(t)
/// (ASHRAE 2017 Fundamentals ch. 1 eq. 22 and 37). A dew point above the dry bulb gives > 100.
[[nodiscard]] auto relative_humidity_from_dew_point_pct(double dry_bulb_c,
                                                        double dew_point_c) noexcept -> double;

/// Dew point in degC from dry bulb in degC and relative humidity in % (0 < RH <= 100): the
/// temperature whose saturation pressure equals RH x p_ws(t), solved by bisection to 1e-4 K.
[[nodiscard]] auto dew_point_from_relative_humidity_c(double dry_bulb_c,
                                                      double relative_humidity_pct) noexcept
    -> double;

/// Humidity ratio in kg/kg of air at a dry bulb whose thermodynamic wet bulb is `wet_bulb_c`
/// (ASHRAE 2017 Fundamentals ch. 1 eq. 33 for a wet bulb at or above 0 degC, eq. 35 below).
[[nodiscard]] auto humidity_ratio_from_wet_bulb_kg_per_kg(double dry_bulb_c, double wet_bulb_c,
                                                          double pressure_pa) noexcept -> double;

/// Thermodynamic wet-bulb temperature in degC from dry bulb (degC), humidity ratio (kg/kg) and
/// pressure (Pa): the root of humidity_ratio_from_wet_bulb_kg_per_kg(t, t*, p) = W, found by
/// bisection between the dew point and the dry bulb (at most 64 halvings, stopping below
/// 1e-4 K). Never above the dry bulb; equal to it at saturation.
[[nodiscard]] auto wet_bulb_c(double dry_bulb_c, double humidity_ratio_kg_per_kg,
                              double pressure_pa) noexcept -> double;

/// Wet bulb in degC from dry bulb (degC), dew point (degC, capped at the dry bulb) and pressure.
[[nodiscard]] auto wet_bulb_from_dew_point_c(double dry_bulb_c, double dew_point_c,
                                             double pressure_pa) noexcept -> double;

/// Wet bulb in degC from dry bulb (degC), relative humidity (%, capped at 100) and pressure.
[[nodiscard]] auto wet_bulb_from_relative_humidity_c(double dry_bulb_c,
                                                     double relative_humidity_pct,
                                                     double pressure_pa) noexcept -> double;

/// Standard-atmosphere pressure in Pa at an elevation in m (ASHRAE 2017 Fundamentals ch. 1
/// eq. 3: 101325 (1 - 2.25577e-5 Z)^5.2559), for -5000..11000 m.
[[nodiscard]] auto standard_pressure_pa(double elevation_m) noexcept -> double;

}  // namespace dceff::weather
