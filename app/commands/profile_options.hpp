#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "dceff/checks/profile.hpp"

namespace dceff::cli {

/// The `--profile` options of `dceff check`, as given.
struct ProfileFlags {
  std::vector<std::string> profiles;
  std::string commissioned;
  std::string as_of;
  std::string dc_type;
  checks::ProfileOptions values;  // the [U] defaults, overridden by the flags
  std::string export_json;
  std::string export_csv;
  // Set by add_profile_options: whether a setting was given (its value has a default).
  CLI::Option* min_coverage_option = nullptr;
  CLI::Option* gb_grade1_option = nullptr;
  CLI::Option* gb_grade2_option = nullptr;
};

/// Adds `--profile`, `--commissioned`, `--as-of`, `--dc-type`, `--min-profile-coverage`,
/// `--gb-grade1-max`, `--gb-grade2-max`, `--export-json`, `--export-csv`.
void add_profile_options(CLI::App& sub, ProfileFlags& flags);

/// Parses the dates and type and checks every profile's options, before any analysis.
/// @throws Error (exit 2) for an unknown profile, a missing or malformed option.
[[nodiscard]] auto to_profile_options(const ProfileFlags& flags) -> checks::ProfileOptions;

}  // namespace dceff::cli
