#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/time.hpp"
#include "dceff/units.hpp"

namespace dceff::model {

/// What a meter measures, as declared in the site file.
enum class MeterKind { kPower, kEnergy, kHeat, kTemperature, kWater, kFuel };

/// Where a meter sits in the data-centre boundary (EN 50600-4-2 / ISO/IEC 30134-2).
enum class Role {
  kFacilityInput,      ///< energy entering the boundary: part of E_DC
  kOnsiteRenewable,    ///< on-site generation behind the facility meters: part of E_DC and REF
  kExcludedLoad,       ///< a load fed through the facility meters but outside the DC (offices)
  kIt,                 ///< IT energy, at the measurement category's point
  kCooling,            ///< sub-metered part of E_DC: cooling
  kPowerDistribution,  ///< sub-metered part of E_DC: power-chain losses or loads
  kOther,              ///< sub-metered part of E_DC: lighting, security, ...
  /// Sub-metered part of E_DC: installations that serve exclusively to upgrade the DC's waste
  /// heat (usually heat pumps). Left out only of the EnEfG §11(2) new-DC PUE (domain.md 4.2).
  kHeatUpgrade,
  kReuse,               ///< heat leaving the boundary to a consumer (ERF, ERE)
  kRenewable,           ///< renewable energy owned or contracted (REF numerator only)
  kWater,               ///< site water input (WUE)
  kOutdoorTemperature,  ///< information for the report
  kInfo,                ///< read and quality-checked, not used in any KPI
};

/// How a meter's readings relate to time.
enum class ReadingKind {
  kRate,        ///< instantaneous rate (kW, degC): integrated over time
  kCumulative,  ///< a register that only counts up (kWh, m3, litres): deltas
  kInterval,    ///< the amount since the previous interval: summed
};

enum class Fuel { kNone, kDiesel, kNaturalGas, kHydrogen, kBioethanol };

/// Gap policy for rate meters: how an interval longer than `max_gap` is treated.
enum class GapFill {
  kNone,    ///< not bridged: the interval is missing (default; never zero-filled)
  kLinear,  ///< filled with the mean of the two bounding samples; reported as filled
  kHold,    ///< filled with the earlier sample; reported as filled
};

/// One term of a virtual meter: `coefficient x meter`.
struct Term {
  double coefficient = 1.0;
  std::string meter;
};

/// A meter declaration from the site file, matching one id or a glob of ids.
struct MeterSpec {
  std::string pattern;  ///< exact id or glob (`*`, `?`)
  std::string pointer;  ///< JSON pointer of the declaration, for messages
  MeterKind kind = MeterKind::kPower;
  Role role = Role::kInfo;
  int category = 0;  ///< IT measurement category 1..3 (0 when not IT)
  ReadingKind reading = ReadingKind::kRate;
  Unit unit{};                       ///< the unit readings are in, unless a row says otherwise
  std::optional<double> rollover;    ///< register maximum, in `unit`
  std::optional<double> max_rate;    ///< plausibility bound per hour, canonical units (kW, m3/h)
  std::chrono::seconds interval{0};  ///< for interval readings: the length of one interval
  Fuel fuel = Fuel::kNone;
  double fuel_kwh_per_unit = 0.0;        ///< calorific factor, kWh per canonical unit (m3, kg)
  std::optional<double> co2_kg_per_kwh;  ///< emission factor of a fuel, per kWh of fuel energy
  std::vector<Term> terms;               ///< non-empty for a virtual meter (`expr`)
  std::string expr;                      ///< the expression as written

  [[nodiscard]] auto is_virtual() const noexcept -> bool { return !terms.empty(); }
  [[nodiscard]] auto is_glob() const noexcept -> bool {
    return pattern.find_first_of("*?") != std::string::npos;
  }
};

/// The site: its boundary, meters and analysis settings.
struct Site {
  int version = 1;
  std::string name;
  TimeZone zone = TimeZone::utc();
  std::chrono::seconds max_gap{900};
  GapFill gap_fill = GapFill::kNone;
  std::chrono::seconds max_fill{3600};  ///< longest interval a gap policy may fill
  std::vector<std::string> missing_markers;
  std::optional<int> headline_category;
  std::optional<double> grid_carbon_kg_per_kwh;
  std::vector<MeterSpec> meters;

  /// The declaration an id resolves to: an exact id first, then the first glob in file order.
  [[nodiscard]] auto find(std::string_view id) const noexcept -> const MeterSpec*;
};

/// Glob match with `*` (any run) and `?` (one character).
[[nodiscard]] auto glob_match(std::string_view pattern, std::string_view text) noexcept -> bool;

[[nodiscard]] auto role_name(Role role) noexcept -> std::string_view;

/// Whether a meter in `role` enters E_DC or E_IT, and so every KPI (each divides by one of them).
[[nodiscard]] constexpr auto enters_e_dc_or_e_it(Role role) noexcept -> bool {
  return role == Role::kFacilityInput || role == Role::kOnsiteRenewable ||
         role == Role::kExcludedLoad || role == Role::kIt;
}
[[nodiscard]] auto kind_name(MeterKind kind) noexcept -> std::string_view;
[[nodiscard]] auto fuel_name(Fuel fuel) noexcept -> std::string_view;
[[nodiscard]] auto gap_fill_name(GapFill fill) noexcept -> std::string_view;

/// Does this role's energy count towards E_DC (before exclusions)?
[[nodiscard]] constexpr auto is_facility_input(Role role) noexcept -> bool {
  return role == Role::kFacilityInput || role == Role::kOnsiteRenewable;
}
/// Is this role a sub-metered part of E_DC with its own pPUE?
[[nodiscard]] constexpr auto is_part(Role role) noexcept -> bool {
  return role == Role::kCooling || role == Role::kPowerDistribution || role == Role::kOther;
}

}  // namespace dceff::model
