#include "dceff/units.hpp"

#include <optional>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

// Canonical units: kW, kWh, degC, m3, kg. Conversions by hand:
//   1 W = 0.001 kW, 1 MW = 1000 kW; 1 Wh = 0.001 kWh, 1 MWh = 1000 kWh, 1 GWh = 1e6 kWh;
//   K -> degC subtracts 273.15; degF -> degC is (F - 32) * 5 / 9; 1 L = 0.001 m3.

namespace {

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using dceff::parse_unit;
using dceff::Quantity;
using dceff::to_canonical;

}  // namespace

TEST_CASE("every documented unit symbol parses to its quantity and scale", "[units]") {
  struct Expected {
    std::string_view symbol;
    Quantity quantity;
    double scale;
  };
  const auto expected = GENERATE(values<Expected>({
      {"W", Quantity::kPower, 0.001},
      {"kW", Quantity::kPower, 1.0},
      {"MW", Quantity::kPower, 1000.0},
      {"Wh", Quantity::kEnergy, 0.001},
      {"kWh", Quantity::kEnergy, 1.0},
      {"MWh", Quantity::kEnergy, 1000.0},
      {"GWh", Quantity::kEnergy, 1e6},
      {"degC", Quantity::kTemperature, 1.0},
      {"\xC2\xB0"
       "C",
       Quantity::kTemperature, 1.0},  // "°C"
      {"C", Quantity::kTemperature, 1.0},
      {"K", Quantity::kTemperature, 1.0},
      {"degF", Quantity::kTemperature, 5.0 / 9.0},
      {"\xC2\xB0"
       "F",
       Quantity::kTemperature, 5.0 / 9.0},  // "°F"
      {"F", Quantity::kTemperature, 5.0 / 9.0},
      {"m3", Quantity::kVolume, 1.0},
      {"m\xC2\xB3", Quantity::kVolume, 1.0},  // "m³"
      {"L", Quantity::kVolume, 0.001},
      {"l", Quantity::kVolume, 0.001},
      {"kg", Quantity::kMass, 1.0},
  }));
  CAPTURE(expected.symbol);
  const auto unit = parse_unit(expected.symbol);
  REQUIRE(unit.has_value());
  CHECK(unit->quantity == expected.quantity);
  CHECK_THAT(unit->scale, WithinRel(expected.scale, 1e-12));
  CHECK(unit->symbol == expected.symbol);
}

TEST_CASE("unknown unit symbols give nothing", "[units]") {
  const auto symbol = GENERATE(as<std::string>{}, "", "kw", "KW", "mw", "VA", "kVA", "MJ", "gal",
                               "kWh ", " kW", "degc", "m^3", "lb", "t");
  CAPTURE(symbol);
  CHECK_FALSE(parse_unit(symbol).has_value());
}

TEST_CASE("power and energy readings convert to kW and kWh", "[units]") {
  CHECK_THAT(to_canonical(1500.0, *parse_unit("W")), WithinRel(1.5, 1e-12));
  CHECK_THAT(to_canonical(2.5, *parse_unit("kW")), WithinRel(2.5, 1e-12));
  CHECK_THAT(to_canonical(1.5, *parse_unit("MW")), WithinRel(1500.0, 1e-12));
  CHECK_THAT(to_canonical(2500.0, *parse_unit("Wh")), WithinRel(2.5, 1e-12));
  CHECK_THAT(to_canonical(42.0, *parse_unit("kWh")), WithinRel(42.0, 1e-12));
  CHECK_THAT(to_canonical(0.75, *parse_unit("MWh")), WithinRel(750.0, 1e-12));
  CHECK_THAT(to_canonical(2.0, *parse_unit("GWh")), WithinRel(2e6, 1e-12));
}

TEST_CASE("temperatures convert to degrees Celsius", "[units]") {
  CHECK_THAT(to_canonical(0.0, *parse_unit("degF")), WithinRel(-160.0 / 9.0, 1e-12));
  CHECK_THAT(to_canonical(0.0, *parse_unit("degF")), WithinRel(-17.7777777777778, 1e-12));
  CHECK_THAT(to_canonical(32.0, *parse_unit("degF")), WithinAbs(0.0, 1e-12));
  CHECK_THAT(to_canonical(212.0, *parse_unit("degF")), WithinRel(100.0, 1e-12));
  CHECK_THAT(to_canonical(-40.0, *parse_unit("degF")), WithinRel(-40.0, 1e-12));
  CHECK_THAT(to_canonical(98.6, *parse_unit("F")), WithinRel(37.0, 1e-12));
  CHECK_THAT(to_canonical(300.0, *parse_unit("K")), WithinRel(26.85, 1e-12));
  CHECK_THAT(to_canonical(273.15, *parse_unit("K")), WithinAbs(0.0, 1e-12));
  CHECK_THAT(to_canonical(0.0, *parse_unit("K")), WithinRel(-273.15, 1e-12));
  CHECK_THAT(to_canonical(21.5, *parse_unit("degC")), WithinRel(21.5, 1e-12));
  CHECK_THAT(to_canonical(-5.0, *parse_unit("\xC2\xB0"
                                            "C")),
             WithinRel(-5.0, 1e-12));
}

TEST_CASE("volumes convert to cubic metres and mass stays in kilograms", "[units]") {
  CHECK_THAT(to_canonical(1.0, *parse_unit("L")), WithinRel(0.001, 1e-12));
  CHECK_THAT(to_canonical(250.0, *parse_unit("l")), WithinRel(0.25, 1e-12));
  CHECK_THAT(to_canonical(3.0, *parse_unit("m3")), WithinRel(3.0, 1e-12));
  CHECK_THAT(to_canonical(3.0, *parse_unit("m\xC2\xB3")), WithinRel(3.0, 1e-12));
  CHECK_THAT(to_canonical(12.5, *parse_unit("kg")), WithinRel(12.5, 1e-12));
}

TEST_CASE("each quantity has a canonical symbol and a name for messages", "[units]") {
  CHECK(dceff::canonical_symbol(Quantity::kPower) == "kW");
  CHECK(dceff::canonical_symbol(Quantity::kEnergy) == "kWh");
  CHECK(dceff::canonical_symbol(Quantity::kTemperature) == "degC");
  CHECK(dceff::canonical_symbol(Quantity::kVolume) == "m3");
  CHECK(dceff::canonical_symbol(Quantity::kMass) == "kg");
  CHECK(dceff::quantity_name(Quantity::kPower) == "power");
  CHECK(dceff::quantity_name(Quantity::kEnergy) == "energy");
  CHECK(dceff::quantity_name(Quantity::kTemperature) == "temperature");
  CHECK(dceff::quantity_name(Quantity::kVolume) == "volume");
  CHECK(dceff::quantity_name(Quantity::kMass) == "mass");
}

TEST_CASE("a canonical unit symbol parses to a unit that changes nothing", "[units]") {
  for (const auto quantity : {Quantity::kPower, Quantity::kEnergy, Quantity::kTemperature,
                              Quantity::kVolume, Quantity::kMass}) {
    const auto unit = parse_unit(dceff::canonical_symbol(quantity));
    REQUIRE(unit.has_value());
    CHECK(unit->quantity == quantity);
    CHECK_THAT(to_canonical(123.25, *unit), WithinRel(123.25, 1e-12));
  }
}
