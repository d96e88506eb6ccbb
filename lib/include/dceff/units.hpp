#pragma once

#include <optional>
#include <string_view>

namespace dceff {

/// Power in kilowatts.
struct Kilowatts {
  double value = 0.0;
};

/// Energy in kilowatt-hours.
struct KilowattHours {
  double value = 0.0;
};

[[nodiscard]] constexpr auto operator+(KilowattHours a, KilowattHours b) noexcept -> KilowattHours {
  return KilowattHours{a.value + b.value};
}
[[nodiscard]] constexpr auto operator-(KilowattHours a, KilowattHours b) noexcept -> KilowattHours {
  return KilowattHours{a.value - b.value};
}

/// The physical quantity a reading measures; each has one canonical unit that dceff computes in.
enum class Quantity {
  kPower,        ///< canonical kW
  kEnergy,       ///< canonical kWh
  kTemperature,  ///< canonical degC
  kVolume,       ///< canonical m3
  kMass,         ///< canonical kg
};

/// A unit as written in a file: `canonical = reading * scale + offset`.
struct Unit {
  Quantity quantity = Quantity::kPower;
  double scale = 1.0;
  double offset = 0.0;
  std::string_view symbol;
};

/// Parses a unit symbol (W, kW, MW, Wh, kWh, MWh, degC, K, degF, m3, L, kg; case-sensitive
/// SI prefixes, a few common spellings such as "°C" and "m³"). Empty when unknown.
[[nodiscard]] auto parse_unit(std::string_view symbol) noexcept -> std::optional<Unit>;

/// The canonical unit symbol of a quantity ("kW", "kWh", "degC", "m3", "kg").
[[nodiscard]] auto canonical_symbol(Quantity quantity) noexcept -> std::string_view;

/// The name of a quantity as used in messages ("power", "energy", ...).
[[nodiscard]] auto quantity_name(Quantity quantity) noexcept -> std::string_view;

/// Converts a reading in `unit` to the canonical unit of its quantity.
[[nodiscard]] constexpr auto to_canonical(double reading, const Unit& unit) noexcept -> double {
  return reading * unit.scale + unit.offset;
}

}  // namespace dceff
