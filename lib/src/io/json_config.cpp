#include "json_config.hpp"

#include <algorithm>
#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace dceff::io::detail {

using json = ConfigJson;

namespace {

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
auto without_id(const std::exception& e) -> std::string {
  std::string what = e.what();
  const auto end = what.find("] ");
  return end == std::string::npos ? what : what.substr(end + 2);
}

}  // namespace

auto parse_json_text(std::istream& in, std::string_view name,
                     const ConfigJson::parser_callback_t& callback) -> ConfigJson {
  try {
    return json::parse(in, callback, true, false);
  } catch (const json::parse_error& e) {
    // nlohmann reports "at line L, column C"; keep its position, drop its id prefix.
    throw ConfigError(fmt::format("{}: invalid JSON: {}", name, without_id(e)));
  } catch (const json::out_of_range& e) {
    // A number beyond double (1e400): nlohmann says "number overflow parsing '1e400'".
    throw ConfigError(
        fmt::format("{}: invalid JSON: {} (expected a finite number)", name, without_id(e)));
  }
}

auto parse_config_json(std::istream& in, std::string_view name,
                       std::string_view what_to_declare_once) -> ConfigJson {
  // One frame per open object or array: the pointer to a key is the frames' current tokens (the
  // key being read in an object, the element index in an array) followed by the key.
  struct Frame {
    bool array = false;
    std::size_t index = 0;          // arrays: index of the element being read
    std::string key;                // objects: the key being read
    std::vector<std::string> keys;  // objects: keys seen so far
  };
  std::vector<Frame> frames;
  std::optional<std::string> repeated;
  // A value (primitive or a closed container) is complete: an enclosing array moves on.
  const auto value_done = [&frames] {
    if (!frames.empty() && frames.back().array) {
      ++frames.back().index;
    }
  };
  const json::parser_callback_t callback = [&](int /*depth*/, json::parse_event_t event,
                                               json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        frames.push_back(Frame{});
        break;
      case json::parse_event_t::array_start:
        frames.emplace_back();
        frames.back().array = true;
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!frames.empty()) {
          frames.pop_back();
        }
        value_done();
        break;
      case json::parse_event_t::key: {
        if (frames.empty() || frames.back().array) {
          break;
        }
        auto key = parsed.get<std::string>();
        auto& frame = frames.back();
        if (!repeated && std::find(frame.keys.begin(), frame.keys.end(), key) != frame.keys.end()) {
          // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on `a + "/" + b`.
          std::string pointer;
          for (std::size_t i = 0; i + 1 < frames.size(); ++i) {
            pointer.append("/").append(frames[i].array ? std::to_string(frames[i].index)
                                                       : escape_pointer_token(frames[i].key));
          }
          pointer.append("/").append(escape_pointer_token(key));
          repeated = std::move(pointer);
        }
        frame.keys.push_back(key);
        frame.key = std::move(key);
        break;
      }
      case json::parse_event_t::value:
        value_done();
        break;
    }
    return true;
  };
  json doc = parse_json_text(in, name, callback);
  if (repeated) {
    ConfigContext{name}.fail(
        *repeated, fmt::format("this key appears twice in its object ({})", what_to_declare_once));
  }
  return doc;
}

}  // namespace dceff::io::detail
