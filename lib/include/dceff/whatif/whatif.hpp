#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "dceff/weather/weather_year.hpp"
#include "dceff/whatif/comparison.hpp"
#include "dceff/whatif/facility_model.hpp"
#include "dceff/whatif/simulation.hpp"
#include "dceff/whatif/sweep.hpp"

namespace dceff::whatif {

/// What `dceff whatif` is asked to do.
struct WhatIfRequest {
  std::optional<std::string> model_path;      ///< the baseline (overrides the scenario file's)
  std::optional<std::string> scenarios_path;  ///< scenario file
  /// Weather of the baseline (and of every scenario without its own); overrides the scenario
  /// file's `weather`; neither = the built-in default climate.
  std::optional<std::string> weather_path;
  std::optional<std::string> sweep;  ///< `PARAM=FROM:TO:STEP`; not with scenarios
  bool sensitivity = false;          ///< tornado data for the baseline
  bool hourly = false;               ///< hourly results wanted: refused with a sweep
  unsigned threads = 0;              ///< 0 = one per core; results are identical for any count
};

/// One simulated scenario and how it differs from the baseline.
struct ScenarioResult {
  std::string name;
  std::string description;
  std::vector<std::string> changes;  ///< model fields the scenario changes
  std::size_t weather = 0;           ///< index into WhatIfResult::weather
  std::optional<double> sweep_value;
  FacilityModel model;
  Simulation simulation;
  Explanation why;  ///< empty for the baseline
};

/// Everything the writers print.
struct WhatIfResult {
  std::string tool_version;
  std::string source;                         ///< scenario file, else the model file
  std::string model_name;                     ///< the baseline model's `name`
  std::vector<weather::WeatherYear> weather;  ///< distinct weather years, the baseline's first
  std::vector<ScenarioResult> scenarios;      ///< baseline first
  std::optional<SweepSpec> sweep;
  bool sensitivity_run = false;
  std::vector<SensitivityRow> sensitivity;  ///< for the baseline, largest dPUE swing first
};

/// Reads the model or scenario file and the weather, simulates baseline and scenarios (or the
/// sweep points) in parallel, explains each against the baseline and, when asked, runs the
/// sensitivity analysis.
/// @throws ConfigError for a bad model, scenario file or sweep, or a bad combination of options;
/// InputError for a bad weather or CSV file
[[nodiscard]] auto run_whatif(const WhatIfRequest& request) -> WhatIfResult;

}  // namespace dceff::whatif
