#pragma once

#include <filesystem>
#include <istream>
#include <string_view>

#include "dceff/whatif/facility_model.hpp"

#include "json_config.hpp"

namespace dceff::io::detail {

/// Parses JSON text into a document, rejecting a key repeated in an object (the last would win
/// silently). @throws ConfigError `name: invalid JSON: ...` or `name: /pointer: this key appears
/// twice ...`
[[nodiscard]] auto parse_config_json(std::istream& in, std::string_view name) -> ConfigJson;

/// Builds a facility model from an already-parsed model document, so the scenario layer can
/// merge-patch the baseline and parse the result again. Same rules and messages as
/// io::read_model.
[[nodiscard]] auto model_from_json(const ConfigJson& doc, std::string_view name,
                                   const std::filesystem::path& base_dir) -> whatif::FacilityModel;

}  // namespace dceff::io::detail
