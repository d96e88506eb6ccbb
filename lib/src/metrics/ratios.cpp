#include "dceff/metrics/ratios.hpp"

namespace dceff::metrics {
namespace {

constexpr double kLitresPerM3 = 1000.0;

auto ratio(double numerator, double denominator) noexcept -> std::optional<double> {
  if (!(denominator > 0.0)) {
    return std::nullopt;
  }
  return numerator / denominator;
}

}  // namespace

auto pue(KilowattHours facility, KilowattHours it) noexcept -> std::optional<double> {
  return ratio(facility.value, it.value);
}

auto dcie(KilowattHours facility, KilowattHours it) noexcept -> std::optional<double> {
  return ratio(it.value, facility.value);
}

auto ppue(KilowattHours part, KilowattHours it) noexcept -> std::optional<double> {
  return ratio(it.value + part.value, it.value);
}

auto erf(KilowattHours reused, KilowattHours facility) noexcept -> std::optional<double> {
  return ratio(reused.value, facility.value);
}

auto ere(KilowattHours facility, KilowattHours reused, KilowattHours it) noexcept
    -> std::optional<double> {
  return ratio(facility.value - reused.value, it.value);
}

auto ref(KilowattHours renewable, KilowattHours facility) noexcept -> std::optional<double> {
  return ratio(renewable.value, facility.value);
}

auto cue(double co2_kg, KilowattHours it) noexcept -> std::optional<double> {
  return ratio(co2_kg, it.value);
}

auto wue(double water_m3, KilowattHours it) noexcept -> std::optional<double> {
  return ratio(water_m3 * kLitresPerM3, it.value);
}

}  // namespace dceff::metrics
