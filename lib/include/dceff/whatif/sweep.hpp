#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/weather/weather_year.hpp"
#include "dceff/whatif/facility_model.hpp"
#include "dceff/whatif/parameters.hpp"

namespace dceff::whatif {

/// Most points a sweep may have.
inline constexpr std::size_t kMaxSweepPoints = 10000;

/// `--sweep PARAM=FROM:TO:STEP`: a registry parameter over an arithmetic range.
struct SweepSpec {
  std::string text;       ///< as given
  std::string_view path;  ///< the registry path, `/dlc/supply_c`
  double from = 0.0;
  double to = 0.0;
  double step = 0.0;
  std::vector<double> values;  ///< from, from + step, ... up to `to` (within 1e-9 of a step)
};

/// Parses a sweep for `model`. PARAM is a model path as the model file spells it, as a JSON
/// pointer (`/dlc/supply_c`) or with dots (`dlc.supply_c`). Values are rounded to 12 significant
/// digits so that 0.1 steps print as such.
/// @throws ConfigError `--sweep 'dlc.share=0:2:0.1': 2 is out of range for /dlc/share (expected
/// 0 to 1)`; also for a malformed spec, a zero step or one pointing away from TO, more than
/// kMaxSweepPoints points, an unknown parameter, or one the model does not use
[[nodiscard]] auto parse_sweep(std::string_view text, const FacilityModel& model) -> SweepSpec;

/// The models of a sweep: `model` with the parameter set to each value, checked.
/// @throws ConfigError `--sweep '<text>': at <value>: <path>: ...` when a value breaks a relation
[[nodiscard]] auto sweep_models(const SweepSpec& sweep, const FacilityModel& model)
    -> std::vector<FacilityModel>;

/// One bar of a tornado chart: an uncertain parameter at the low and high end of its registry
/// (typical) range, everything else as in the baseline.
struct SensitivityRow {
  const ParameterInfo* parameter = nullptr;
  double baseline_value = 0.0;
  double low = 0.0;
  double high = 0.0;
  std::optional<double> dpue_low;
  std::optional<double> dpue_high;
  std::optional<double> ere_low;
  std::optional<double> ere_high;
  double dpue_swing = 0.0;   ///< |dPUE(high) - dPUE(low)|
  double ere_swing = 0.0;    ///< |ERE(high) - ERE(low)|
  std::size_t ere_rank = 0;  ///< 1 = largest ERE swing
};

/// The parameters a sensitivity analysis varies for `model`: every physics parameter with a
/// documented typical range whose component is present, except textbook constants ([T]).
[[nodiscard]] auto sensitivity_parameters(const FacilityModel& model)
    -> std::vector<const ParameterInfo*>;

/// Varies each sensitivity parameter over its typical range on up to `threads` threads and ranks
/// the rows by dPUE swing (then ERE swing, then registry order). Deterministic for any thread
/// count. @throws ConfigError when a varied model breaks a relation of check_model
[[nodiscard]] auto sensitivity(const FacilityModel& model, const weather::WeatherYear& weather,
                               unsigned threads) -> std::vector<SensitivityRow>;

}  // namespace dceff::whatif
