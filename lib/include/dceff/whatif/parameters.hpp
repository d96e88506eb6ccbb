#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/whatif/facility_model.hpp"

namespace dceff::whatif {

/// What kind of value a parameter holds.
enum class ParameterKind : std::uint8_t {
  kPhysics,   ///< has a documented default with a source and tag; listed when the default is used
  kDesign,    ///< the facility's own figure (IT kW, set points): required where it applies
  kOptional,  ///< absent means "none" (growth 1, no lighting, no price): never a default
};

/// A closed or open interval.
struct ParameterRange {
  double min = 0.0;
  double max = 0.0;
  bool min_exclusive = false;
  bool max_exclusive = false;
  [[nodiscard]] constexpr auto contains(double v) const noexcept -> bool {
    return (min_exclusive ? v > min : v >= min) && (max_exclusive ? v < max : v <= max);
  }
};

/// One numeric model parameter: its path (the JSON pointer in the model file), unit, default
/// and provenance, the range a model may use (validation) and, for uncertain physics, the
/// narrower range a sensitivity analysis should vary it over.
struct ParameterInfo {
  std::string_view path;  ///< `/dlc/capture_ratio`
  std::string_view unit;  ///< `1` for ratios and fractions
  ParameterKind kind = ParameterKind::kPhysics;
  double default_value = 0.0;  ///< kPhysics: the documented default; kOptional: the "none" value
  ParameterRange valid;        ///< physical range; values outside are rejected
  bool has_sensitivity = false;
  double sensitivity_low = 0.0;   ///< typical low end (domain.md range where it gives one)
  double sensitivity_high = 0.0;  ///< typical high end
  bool integer = false;           ///< a whole number (unit counts)
  std::string_view source;        ///< domain.md section and source key, or why it is unconfirmed
  std::string_view tag;  ///< `[D]`, `[S]`, `[T]`, `[U]` (domain.md); empty for design inputs
  std::string_view description;
  double (*get)(const FacilityModel&) = nullptr;
  void (*set)(FacilityModel&, double) = nullptr;
  /// Whether the parameter takes part in simulating `model` (its component is present).
  bool (*applies)(const FacilityModel&) = nullptr;
};

/// Every numeric parameter of the facility model, in model-file order.
[[nodiscard]] auto parameters() noexcept -> std::span<const ParameterInfo>;

/// The parameter at `path`, or nullptr.
[[nodiscard]] auto find_parameter(std::string_view path) noexcept -> const ParameterInfo*;

/// The valid range in words, with the typical range when there is one:
/// `0 to 1; typical 0.75 to 0.95`, `more than 1 and at most 20`.
[[nodiscard]] auto describe_range(const ParameterInfo& parameter) -> std::string;

/// A default the simulation used: a physics parameter of a present component that the model file
/// did not set and that still holds its documented default.
struct DefaultUsed {
  std::string_view path;
  double value = 0.0;
  std::string_view unit;
  std::string_view source;
  std::string_view tag;
  std::string_view description;
};

/// The defaults `model` uses, in registry order.
[[nodiscard]] auto defaults_used(const FacilityModel& model) -> std::vector<DefaultUsed>;

/// Sets a parameter by path (sweeps, sensitivity) and marks it explicit.
/// @throws ConfigError `<path>: unknown parameter` or `<path>: out of range: <v> (expected ...)`
void set_parameter(FacilityModel& model, std::string_view path, double value);

/// Checks every applicable parameter against its valid range and the relations between them
/// (return above supply, heat reuse needs a DLC loop, ...). `name` starts each message.
/// @throws ConfigError `model.json: /dlc/return_c: ...`
void check_model(const FacilityModel& model, std::string_view name);

}  // namespace dceff::whatif
