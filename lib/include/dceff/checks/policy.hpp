#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/checks/gates.hpp"

namespace dceff::checks {

/// Reads a policy file: named gates that a repository of sites can share.
///
///   {"dceff_policy": 1,
///    "gates": [{"name": "pue-target", "fail_if": "pue > 1.3"},
///              {"name": "data", "min_coverage": 0.95}]}
///
/// Each gate has a unique `name` and exactly one condition: `fail_if` (an expression, see
/// expression.hpp) or a threshold key (`max_pue`, `max_ere`, `min_erf`, `min_ref`, `max_wue`,
/// `min_coverage`, `max_filled`); `description` and `comment` are allowed anywhere. `name` is
/// the file name used in messages.
/// @throws ConfigError `policy.json: /gates/1/fail_if: unexpected '>' at character 6 ...`
[[nodiscard]] auto read_policy(std::istream& in, std::string_view name) -> std::vector<Gate>;

/// Reads a policy file from disk. @throws ConfigError, also when it cannot be opened.
[[nodiscard]] auto load_policy(const std::string& path) -> std::vector<Gate>;

}  // namespace dceff::checks
