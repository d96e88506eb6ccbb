#pragma once

#include <istream>
#include <string>
#include <string_view>

#include "dceff/model/site.hpp"

namespace dceff::io {

/// Reads a site file (JSON, `dceff_site` version 1; schema in schema/site.schema.json).
/// `name` is used in messages. @throws ConfigError `site.json: /meters/pdu.*/unit: ...`
[[nodiscard]] auto read_site(std::istream& in, std::string_view name) -> model::Site;

/// Reads a site file from disk. @throws ConfigError, also when the file cannot be opened.
[[nodiscard]] auto load_site(const std::string& path) -> model::Site;

/// Parses a virtual meter's linear expression (`a + b - 0.5 * c`, ids with characters other
/// than letters, digits, `_ . :` in single quotes). @throws ConfigError naming `where` and the
/// character position.
[[nodiscard]] auto parse_linear_expression(std::string_view text, std::string_view where)
    -> std::vector<model::Term>;

}  // namespace dceff::io
