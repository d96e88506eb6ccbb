#pragma once

#include <initializer_list>
#include <istream>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dceff/error.hpp"

namespace dceff::io::detail {

/// JSON configuration files keep their keys in file order (the first matching glob wins).
using ConfigJson = nlohmann::ordered_json;

/// One token of a JSON pointer (RFC 6901): `~` as `~0`, `/` as `~1`.
[[nodiscard]] inline auto escape_pointer_token(std::string_view token) -> std::string {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

/// Parses JSON text as dceff reads every JSON file (no comments), a failure a ConfigError naming
/// `name`; `callback` (nlohmann's parser callback) may watch the parse.
/// @throws ConfigError `name: invalid JSON: ... at line L, column C`, or for a number beyond a
/// double `name: invalid JSON: number overflow parsing '1e400' (expected a finite number)`
[[nodiscard]] auto parse_json_text(std::istream& in, std::string_view name,
                                   const ConfigJson::parser_callback_t& callback = nullptr)
    -> ConfigJson;

/// Parses a configuration file's JSON text, rejecting a key repeated in an object: JSON lets the
/// last one win, which in a configuration silently replaces a setting. `what_to_declare_once`
/// ends the message, e.g. `each setting must be given once`.
/// @throws ConfigError as parse_json_text(), or `name: /pointer: this key appears twice in its
/// object (<what_to_declare_once>)`
[[nodiscard]] auto parse_config_json(std::istream& in, std::string_view name,
                                     std::string_view what_to_declare_once) -> ConfigJson;

/// Errors of a configuration file read the same everywhere: `file: /json/pointer: what`.
class ConfigContext {
 public:
  explicit ConfigContext(std::string_view name) : name_{name} {}
  [[noreturn]] void fail(std::string_view pointer, std::string_view what) const {
    throw ConfigError(fmt::format("{}: {}: {}", name_, pointer.empty() ? "/" : pointer, what));
  }
  [[nodiscard]] auto name() const noexcept -> const std::string& { return name_; }
  /// `file: /json/pointer`, for messages built elsewhere.
  [[nodiscard]] auto where(std::string_view pointer) const -> std::string {
    return fmt::format("{}: {}", name_, pointer);
  }

 private:
  std::string name_;
};

/// "a string", "an object", ... for messages.
[[nodiscard]] inline auto type_name(const ConfigJson& value) -> std::string_view {
  switch (value.type()) {
    case ConfigJson::value_t::null:
      return "null";
    case ConfigJson::value_t::object:
      return "an object";
    case ConfigJson::value_t::array:
      return "an array";
    case ConfigJson::value_t::string:
      return "a string";
    case ConfigJson::value_t::boolean:
      return "a boolean";
    case ConfigJson::value_t::number_integer:
    case ConfigJson::value_t::number_unsigned:
    case ConfigJson::value_t::number_float:
      return "a number";
    default:
      return "a value";
  }
}

/// The choice named `text`. @throws ConfigError `unknown value '<text>' (expected one of: ...)`
template <typename T>
auto pick(const ConfigContext& ctx, const std::string& pointer, const std::string& text,
          std::initializer_list<std::pair<std::string_view, T>> choices) -> T {
  std::string names;
  for (const auto& [name, choice] : choices) {
    if (name == text) {
      return choice;
    }
    names += names.empty() ? "" : ", ";
    names += name;
  }
  ctx.fail(pointer, fmt::format("unknown value '{}' (expected one of: {})", text, names));
}

/// A misspelt field must not be ignored silently. @throws ConfigError naming it and the known ones
inline void reject_unknown_keys(const ConfigContext& ctx, const ConfigJson& object,
                                const std::string& pointer,
                                std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : object.items()) {
    bool found = false;
    for (auto k : known) {
      found = found || k == key;
    }
    if (!found) {
      std::string names;
      for (auto k : known) {
        names += names.empty() ? "" : ", ";
        names += k;
      }
      ctx.fail(pointer + "/" + escape_pointer_token(key),
               fmt::format("unknown field '{}' (expected one of: {})", key, names));
    }
  }
}

}  // namespace dceff::io::detail
