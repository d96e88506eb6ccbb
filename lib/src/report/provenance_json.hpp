#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "dceff/report/report.hpp"

namespace dceff::report::detail {

/// The inputs of a run as every JSON document of dceff lists them.
[[nodiscard]] inline auto inputs_json(const std::vector<InputProvenance>& inputs)
    -> nlohmann::ordered_json {
  auto list = nlohmann::ordered_json::array();
  for (const auto& i : inputs) {
    list.push_back({{"path", i.path},
                    {"format", i.format},
                    {"rows", i.rows},
                    {"bytes", i.bytes},
                    {"sha256", i.sha256}});
  }
  return list;
}

/// Dumps without throwing on invalid UTF-8 (a meter id from a Latin-1 export, a path): such bytes
/// become U+FFFD instead of aborting the output half-way.
[[nodiscard]] inline auto dump_json(const nlohmann::ordered_json& doc, int indent) -> std::string {
  return doc.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace dceff::report::detail
