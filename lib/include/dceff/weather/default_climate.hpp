#pragma once

#include "dceff/weather/weather_year.hpp"

namespace dceff::weather {

/// `source` of the built-in climate.
inline constexpr const char* kDefaultClimateSource = "built-in: temperate (fitted to Aachen TMYx)";

/// The climate used when no weather file is given: a synthetic temperate (Cfb) year of 8760
/// hours, generated deterministically (same numbers on every run, no data file).
///
/// Model, fitted to the Aachen TMYx EPW (Climate.OneBuilding.org, WMO 105010; [D]):
/// - daily mean dry bulb = annual mean 9.74 degC + two annual harmonics (least squares on the
///   365 daily means);
/// - plus a day-to-day "weather" anomaly: a first-order autoregressive series (lag-1
///   correlation 0.714, standard deviation 3.685 K, as in Aachen's daily means about the
///   harmonics), from a fixed-seed generator, centred and scaled to exactly that mean and
///   deviation, interpolated linearly between day centres;
/// - plus a daily cycle: a cosine peaking at 14:30 local standard time with half the daily range
///   as amplitude (the range itself 6.67 K on average, with two annual harmonics);
/// - dew point = its own two-harmonic annual curve + 0.768 x the dry-bulb anomaly + an
///   independent anomaly (same autocorrelation, 2.143 K), capped at the dry bulb; constant
///   through the day;
/// - pressure constant at Aachen's mean station pressure, 98883 Pa (232 m).
/// Compared with the Aachen file: annual mean equal, maximum 31.9 vs 32.8 degC, minimum -9.7 vs
/// -12.4 degC, hours above 25 degC 171 vs 144 (tested). A stand-in for a temperate site, not a
/// substitute for the site's own weather file; `notes` says so.
[[nodiscard]] auto default_climate() -> WeatherYear;

}  // namespace dceff::weather
