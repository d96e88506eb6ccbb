#pragma once

#include <optional>

#include "dceff/units.hpp"

namespace dceff::metrics {

/// Power Usage Effectiveness E_DC / E_IT (ISO/IEC 30134-2, EN 50600-4-2). Empty when E_IT is 0.
[[nodiscard]] auto pue(KilowattHours facility, KilowattHours it) noexcept -> std::optional<double>;

/// Data Centre infrastructure Efficiency E_IT / E_DC, as a fraction (The Green Grid).
[[nodiscard]] auto dcie(KilowattHours facility, KilowattHours it) noexcept -> std::optional<double>;

/// Partial PUE of a sub-metered part: (E_IT + E_part) / E_IT.
[[nodiscard]] auto ppue(KilowattHours part, KilowattHours it) noexcept -> std::optional<double>;

/// Energy Reuse Factor E_reuse / E_DC (ISO/IEC 30134-6, EN 50600-4-6).
[[nodiscard]] auto erf(KilowattHours reused, KilowattHours facility) noexcept
    -> std::optional<double>;

/// Energy Reuse Effectiveness (E_DC - E_reuse) / E_IT (The Green Grid WP29).
[[nodiscard]] auto ere(KilowattHours facility, KilowattHours reused, KilowattHours it) noexcept
    -> std::optional<double>;

/// Renewable Energy Factor E_ren / E_DC (ISO/IEC 30134-3, EN 50600-4-3).
[[nodiscard]] auto ref(KilowattHours renewable, KilowattHours facility) noexcept
    -> std::optional<double>;

/// Carbon Usage Effectiveness, kg CO2e per kWh of IT energy (ISO/IEC 30134-8).
[[nodiscard]] auto cue(double co2_kg, KilowattHours it) noexcept -> std::optional<double>;

/// Water Usage Effectiveness, litres per kWh of IT energy (ISO/IEC 30134-9).
[[nodiscard]] auto wue(double water_m3, KilowattHours it) noexcept -> std::optional<double>;

}  // namespace dceff::metrics
