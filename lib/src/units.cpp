#include "dceff/units.hpp"

#include <array>

namespace dceff {
namespace {

struct UnitEntry {
  std::string_view symbol;
  Quantity quantity;
  double scale;
  double offset;
};

// Temperatures: K -> degC subtracts 273.15; degF -> degC is (F - 32) * 5/9.
constexpr double kFahrenheitScale = 5.0 / 9.0;
constexpr std::array kUnits{
    UnitEntry{"W", Quantity::kPower, 1e-3, 0.0},
    UnitEntry{"kW", Quantity::kPower, 1.0, 0.0},
    UnitEntry{"MW", Quantity::kPower, 1e3, 0.0},
    UnitEntry{"Wh", Quantity::kEnergy, 1e-3, 0.0},
    UnitEntry{"kWh", Quantity::kEnergy, 1.0, 0.0},
    UnitEntry{"MWh", Quantity::kEnergy, 1e3, 0.0},
    UnitEntry{"GWh", Quantity::kEnergy, 1e6, 0.0},
    UnitEntry{"degC", Quantity::kTemperature, 1.0, 0.0},
    UnitEntry{"°C", Quantity::kTemperature, 1.0, 0.0},
    UnitEntry{"C", Quantity::kTemperature, 1.0, 0.0},
    UnitEntry{"K", Quantity::kTemperature, 1.0, -273.15},
    UnitEntry{"degF", Quantity::kTemperature, kFahrenheitScale, -32.0 * kFahrenheitScale},
    UnitEntry{"°F", Quantity::kTemperature, kFahrenheitScale, -32.0 * kFahrenheitScale},
    UnitEntry{"F", Quantity::kTemperature, kFahrenheitScale, -32.0 * kFahrenheitScale},
    UnitEntry{"m3", Quantity::kVolume, 1.0, 0.0},
    UnitEntry{"m³", Quantity::kVolume, 1.0, 0.0},
    UnitEntry{"L", Quantity::kVolume, 1e-3, 0.0},
    UnitEntry{"l", Quantity::kVolume, 1e-3, 0.0},
    UnitEntry{"kg", Quantity::kMass, 1.0, 0.0},
};

}  // namespace

auto parse_unit(std::string_view symbol) noexcept -> std::optional<Unit> {
  for (const auto& entry : kUnits) {
    if (entry.symbol == symbol) {
      return Unit{entry.quantity, entry.scale, entry.offset, entry.symbol};
    }
  }
  return std::nullopt;
}

auto canonical_symbol(Quantity quantity) noexcept -> std::string_view {
  switch (quantity) {
    case Quantity::kPower:
      return "kW";
    case Quantity::kEnergy:
      return "kWh";
    case Quantity::kTemperature:
      return "degC";
    case Quantity::kVolume:
      return "m3";
    case Quantity::kMass:
      return "kg";
  }
  return "";
}

auto quantity_name(Quantity quantity) noexcept -> std::string_view {
  switch (quantity) {
    case Quantity::kPower:
      return "power";
    case Quantity::kEnergy:
      return "energy";
    case Quantity::kTemperature:
      return "temperature";
    case Quantity::kVolume:
      return "volume";
    case Quantity::kMass:
      return "mass";
  }
  return "";
}

}  // namespace dceff
