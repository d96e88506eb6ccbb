#include "dceff/whatif/facility_model.hpp"

namespace dceff::whatif {

auto redundancy_name(Redundancy redundancy) noexcept -> std::string_view {
  switch (redundancy) {
    case Redundancy::kN:
      return "N";
    case Redundancy::kNPlus1:
      return "N+1";
    case Redundancy::k2N:
      return "2N";
  }
  return "";
}

auto heat_rejection_name(HeatRejection rejection) noexcept -> std::string_view {
  switch (rejection) {
    case HeatRejection::kCoolingTower:
      return "cooling_tower";
    case HeatRejection::kDryCooler:
      return "dry_cooler";
  }
  return "";
}

auto economiser_name(Economiser economiser) noexcept -> std::string_view {
  switch (economiser) {
    case Economiser::kNone:
      return "none";
    case Economiser::kWaterSide:
      return "water_side";
    case Economiser::kAirSide:
      return "air_side";
  }
  return "";
}

auto boundary_name(HeatPumpBoundary boundary) noexcept -> std::string_view {
  switch (boundary) {
    case HeatPumpBoundary::kInside:
      return "inside";
    case HeatPumpBoundary::kOutside:
      return "outside";
    case HeatPumpBoundary::kExcluded:
      return "excluded";
  }
  return "";
}

}  // namespace dceff::whatif
