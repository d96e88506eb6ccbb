#include "dceff/weather/psychrometrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dceff::weather {
namespace {

constexpr double kKelvinOffset = 273.15;
// Ratio of the molar masses of water vapour and dry air (ASHRAE 2017 Fundamentals ch. 1 eq. 20).
constexpr double kMolarMassRatio = 0.621945;
// Bisection stops once the bracket is narrower than this; the answer is its midpoint, so the
// error is at most half of it.
constexpr double kToleranceK = 1e-4;
constexpr int kMaxHalvings = 64;

}  // namespace

auto saturation_vapour_pressure_pa(double temperature_c) noexcept -> double {
  const double t = temperature_c + kKelvinOffset;
  if (temperature_c < 0.0) {
    // Eq. 5, over ice, -100..0 degC.
    constexpr double kC1 = -5.6745359e3;
    constexpr double kC2 = 6.3925247;
    constexpr double kC3 = -9.6778430e-3;
    constexpr double kC4 = 6.2215701e-7;
    constexpr double kC5 = 2.0747825e-9;
    constexpr double kC6 = -9.4840240e-13;
    constexpr double kC7 = 4.1635019;
    return std::exp(kC1 / t + kC2 + t * (kC3 + t * (kC4 + t * (kC5 + t * kC6))) +
                    kC7 * std::log(t));
  }
  // Eq. 6, over liquid water, 0..200 degC.
  constexpr double kC8 = -5.8002206e3;
  constexpr double kC9 = 1.3914993;
  constexpr double kC10 = -4.8640239e-2;
  constexpr double kC11 = 4.1764768e-5;
  constexpr double kC12 = -1.4452093e-8;
  constexpr double kC13 = 6.5459673;
  return std::exp(kC8 / t + kC9 + t * (kC10 + t * (kC11 + t * kC12)) + kC13 * std::log(t));
}

auto humidity_ratio_kg_per_kg(double vapour_pressure_pa, double pressure_pa) noexcept -> double {
  if (!(vapour_pressure_pa < pressure_pa)) {
    // Vapour at or above the total pressure (boiling): no finite humidity ratio.
    return std::numeric_limits<double>::infinity();
  }
  return kMolarMassRatio * vapour_pressure_pa / (pressure_pa - vapour_pressure_pa);
}

auto relative_humidity_from_dew_point_pct(double dry_bulb_c, double dew_point_c) noexcept
    -> double {
  return 100.0 * saturation_vapour_pressure_pa(dew_point_c) /
         saturation_vapour_pressure_pa(dry_bulb_c);
}

auto dew_point_from_relative_humidity_c(double dry_bulb_c, double relative_humidity_pct) noexcept
    -> double {
  const double target_pa = std::clamp(relative_humidity_pct, 0.0, 100.0) / 100.0 *
                           saturation_vapour_pressure_pa(dry_bulb_c);
  // p_ws rises with temperature, so bisect between -100 degC (the formula's lower end) and the
  // dry bulb, where p_ws >= target.
  double low = std::min(-100.0, dry_bulb_c);
  double high = dry_bulb_c;
  for (int i = 0; i < kMaxHalvings && high - low > kToleranceK; ++i) {
    const double middle = 0.5 * (low + high);
    if (saturation_vapour_pressure_pa(middle) < target_pa) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return 0.5 * (low + high);
}

auto humidity_ratio_from_wet_bulb_kg_per_kg(double dry_bulb_c, double wet_bulb_c,
                                            double pressure_pa) noexcept -> double {
  const double saturated =
      humidity_ratio_kg_per_kg(saturation_vapour_pressure_pa(wet_bulb_c), pressure_pa);
  if (wet_bulb_c >= 0.0) {
    // Eq. 33: liquid water at the wet bulb.
    return ((2501.0 - 2.326 * wet_bulb_c) * saturated - 1.006 * (dry_bulb_c - wet_bulb_c)) /
           (2501.0 + 1.86 * dry_bulb_c - 4.186 * wet_bulb_c);
  }
  // Eq. 35: ice at the wet bulb.
  return ((2830.0 - 0.24 * wet_bulb_c) * saturated - 1.006 * (dry_bulb_c - wet_bulb_c)) /
         (2830.0 + 1.86 * dry_bulb_c - 2.1 * wet_bulb_c);
}

auto wet_bulb_c(double dry_bulb_c, double humidity_ratio_kg_per_kg, double pressure_pa) noexcept
    -> double {
  // W(t*) rises with t*; at t* = t it is the saturation humidity ratio, and 100 K below the dry
  // bulb the sensible term makes it negative, so the root is bracketed by [t - 100, t].
  if (!(humidity_ratio_kg_per_kg <
        humidity_ratio_from_wet_bulb_kg_per_kg(dry_bulb_c, dry_bulb_c, pressure_pa))) {
    return dry_bulb_c;  // saturated (or supersaturated, or not a number): wet bulb = dry bulb
  }
  double low = dry_bulb_c - 100.0;
  double high = dry_bulb_c;
  for (int i = 0; i < kMaxHalvings && high - low > kToleranceK; ++i) {
    const double middle = 0.5 * (low + high);
    if (humidity_ratio_from_wet_bulb_kg_per_kg(dry_bulb_c, middle, pressure_pa) <
        humidity_ratio_kg_per_kg) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return 0.5 * (low + high);
}

auto wet_bulb_from_dew_point_c(double dry_bulb_c, double dew_point_c, double pressure_pa) noexcept
    -> double {
  const double vapour_pa = saturation_vapour_pressure_pa(std::min(dew_point_c, dry_bulb_c));
  return wet_bulb_c(dry_bulb_c, humidity_ratio_kg_per_kg(vapour_pa, pressure_pa), pressure_pa);
}

auto wet_bulb_from_relative_humidity_c(double dry_bulb_c, double relative_humidity_pct,
                                       double pressure_pa) noexcept -> double {
  const double vapour_pa = std::clamp(relative_humidity_pct, 0.0, 100.0) / 100.0 *
                           saturation_vapour_pressure_pa(dry_bulb_c);
  return wet_bulb_c(dry_bulb_c, humidity_ratio_kg_per_kg(vapour_pa, pressure_pa), pressure_pa);
}

auto standard_pressure_pa(double elevation_m) noexcept -> double {
  return 101325.0 * std::pow(1.0 - 2.25577e-5 * elevation_m, 5.2559);
}

}  // namespace dceff::weather
