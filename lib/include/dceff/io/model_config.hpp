#pragma once

#include <filesystem>
#include <istream>
#include <string>
#include <string_view>

#include "dceff/whatif/facility_model.hpp"

namespace dceff::io {

/// Reads a what-if facility model (JSON, `dceff_model` version 1; layout in samples/README.md,
/// parameters, defaults and ranges in whatif/parameters.hpp). Keys repeated in an object and
/// unknown keys are errors; every number is checked against its valid range; relative CSV paths
/// (`profile_csv`, `csv`, `grid_carbon_csv`) resolve against `base_dir`. `name` starts messages.
/// @throws ConfigError `model.json: /dlc/capture_ratio: out of range: 1.3 (expected 0 to 1;
/// typical 0.75 to 0.95)`; InputError `it.csv:7: ...` from a referenced CSV file
[[nodiscard]] auto read_model(std::istream& in, std::string_view name,
                              const std::filesystem::path& base_dir) -> whatif::FacilityModel;

/// Reads a model file from disk; CSV paths resolve against the file's directory.
/// @throws ConfigError, also when the file cannot be opened; InputError from a CSV file
[[nodiscard]] auto load_model(const std::string& path) -> whatif::FacilityModel;

}  // namespace dceff::io
