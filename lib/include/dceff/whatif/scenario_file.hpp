#pragma once

#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/whatif/facility_model.hpp"

namespace dceff::whatif {

/// One model to simulate: the baseline or a named change to it.
struct Scenario {
  std::string name;
  std::string description;
  FacilityModel model;
  /// Weather file of this scenario (path resolved against the scenario file); empty = the
  /// baseline's weather.
  std::string weather_path;
  /// Paths of the model fields the scenario's patch sets or removes (`/dlc/share`), sorted;
  /// empty for the baseline.
  std::vector<std::string> changes;
};

/// A baseline and its scenarios, baseline first (named `baseline`); names are unique.
struct ScenarioSet {
  std::string source;  ///< the scenario file, or the model file when there is none
  /// Weather of the baseline named by the scenario file (resolved), empty when it names none.
  std::string weather_path;
  std::vector<Scenario> scenarios;
};

/// Reads a scenario file (JSON, `dceff_scenarios` version 1):
/// `{"baseline": "model.json" | {model}, "weather": "w.epw", "scenarios": [{"name",
/// "description", "changes": {JSON Merge Patch, RFC 7386}, "weather"}]}`. Each scenario's model
/// is the baseline document patched by `changes` and read again by the model reader, so every
/// rule and range of io/model_config.hpp applies; its errors name the pointer in the scenario file
/// (`s.json: /scenarios/2/changes/dlc/share: out of range: 1.7 (expected 0 to 1)`). Relative
/// paths resolve against `base_dir`. When `model_path` is given it is the baseline and the file's
/// own `baseline` is optional and ignored.
/// @throws ConfigError naming `name` (or the model file) and a JSON pointer; InputError from a CSV
/// file a model references
[[nodiscard]] auto read_scenario_file(std::istream& in, std::string_view name,
                                      const std::filesystem::path& base_dir,
                                      const std::optional<std::string>& model_path) -> ScenarioSet;

/// Reads a scenario file from disk (paths resolve against its directory).
/// @throws ConfigError, also when the file cannot be opened
[[nodiscard]] auto load_scenario_file(const std::string& path,
                                      const std::optional<std::string>& model_path) -> ScenarioSet;

/// A set of just the baseline read from a model file (`dceff whatif --model` alone).
/// @throws ConfigError, InputError as io::load_model
[[nodiscard]] auto baseline_only(const std::string& model_path) -> ScenarioSet;

}  // namespace dceff::whatif
