#include "json_config.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace dceff::io::detail {

using json = ConfigJson;

auto parse_config_json(std::istream& in, std::string_view name,
                       std::string_view what_to_declare_once) -> ConfigJson {
  // Track the keys of each open object.
  std::vector<std::vector<std::string>> open_keys;
  std::vector<std::string> path;
  std::optional<std::string> repeated;
  const json::parser_callback_t callback = [&](int /*depth*/, json::parse_event_t event,
                                               json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        open_keys.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!open_keys.empty()) {
          open_keys.pop_back();
        }
        if (!path.empty()) {
          path.pop_back();
        }
        break;
      case json::parse_event_t::key: {
        const auto key = parsed.get<std::string>();
        if (!open_keys.empty()) {
          auto& keys = open_keys.back();
          if (!repeated && std::find(keys.begin(), keys.end(), key) != keys.end()) {
            // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on `a + "/" + b`.
            std::string pointer;
            for (const auto& p : path) {
              pointer.append("/").append(escape_pointer_token(p));
            }
            pointer.append("/").append(escape_pointer_token(key));
            repeated = std::move(pointer);
          }
          keys.push_back(key);
        }
        path.push_back(key);
        break;
      }
      case json::parse_event_t::value:
        if (!path.empty() && !parsed.is_object() && !parsed.is_array()) {
          path.pop_back();
        }
        break;
      case json::parse_event_t::array_start:
      case json::parse_event_t::array_end:
        break;
    }
    return true;
  };
  json doc;
  try {
    doc = json::parse(in, callback, true, false);
  } catch (const json::parse_error& e) {
    // nlohmann reports "at line L, column C"; keep its position, drop its id prefix.
    std::string what = e.what();
    const auto colon = what.find("] ");
    throw ConfigError(fmt::format("{}: invalid JSON: {}", name,
                                  colon == std::string::npos ? what : what.substr(colon + 2)));
  }
  if (repeated) {
    ConfigContext{name}.fail(
        *repeated, fmt::format("this key appears twice in its object ({})", what_to_declare_once));
  }
  return doc;
}

}  // namespace dceff::io::detail
