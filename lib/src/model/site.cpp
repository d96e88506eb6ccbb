#include "dceff/model/site.hpp"

namespace dceff::model {

auto glob_match(std::string_view pattern, std::string_view text) noexcept -> bool {
  // Iterative matcher with single-star backtracking: linear in practice, no recursion.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

auto Site::find(std::string_view id) const noexcept -> const MeterSpec* {
  for (const auto& meter : meters) {
    if (!meter.is_glob() && meter.pattern == id) {
      return &meter;
    }
  }
  for (const auto& meter : meters) {
    if (meter.is_glob() && glob_match(meter.pattern, id)) {
      return &meter;
    }
  }
  return nullptr;
}

auto role_name(Role role) noexcept -> std::string_view {
  switch (role) {
    case Role::kFacilityInput:
      return "facility_input";
    case Role::kOnsiteRenewable:
      return "onsite_renewable";
    case Role::kExcludedLoad:
      return "excluded_load";
    case Role::kIt:
      return "it";
    case Role::kCooling:
      return "cooling";
    case Role::kPowerDistribution:
      return "power_distribution";
    case Role::kOther:
      return "other";
    case Role::kHeatUpgrade:
      return "heat_upgrade";
    case Role::kReuse:
      return "reuse";
    case Role::kRenewable:
      return "renewable";
    case Role::kWater:
      return "water";
    case Role::kOutdoorTemperature:
      return "outdoor_temperature";
    case Role::kInfo:
      return "info";
  }
  return "";
}

auto kind_name(MeterKind kind) noexcept -> std::string_view {
  switch (kind) {
    case MeterKind::kPower:
      return "power";
    case MeterKind::kEnergy:
      return "energy";
    case MeterKind::kHeat:
      return "heat";
    case MeterKind::kTemperature:
      return "temperature";
    case MeterKind::kWater:
      return "water";
    case MeterKind::kFuel:
      return "fuel";
  }
  return "";
}

auto fuel_name(Fuel fuel) noexcept -> std::string_view {
  switch (fuel) {
    case Fuel::kNone:
      return "none";
    case Fuel::kDiesel:
      return "diesel";
    case Fuel::kNaturalGas:
      return "natural_gas";
    case Fuel::kHydrogen:
      return "hydrogen";
    case Fuel::kBioethanol:
      return "bioethanol";
  }
  return "";
}

auto gap_fill_name(GapFill fill) noexcept -> std::string_view {
  switch (fill) {
    case GapFill::kNone:
      return "none";
    case GapFill::kLinear:
      return "linear";
    case GapFill::kHold:
      return "hold";
  }
  return "";
}

}  // namespace dceff::model
