#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "dceff/error.hpp"

#include "io/json_config.hpp"
#include "report/provenance_json.hpp"

namespace dceff::report::detail {

/// Largest JSON document dceff reads back (a report, a manifest): 20 years of hourly buckets
/// are about 200 MB; a larger file is not one of ours, and parsing it would take gigabytes.
inline constexpr std::uintmax_t kMaxJsonDocumentBytes = std::uintmax_t{1} << 30;

/// Parses a JSON document written by dceff from a file, which must be a regular file of at most
/// kMaxJsonDocumentBytes. @throws ConfigError `<path>: cannot open (expected <expected>)` and as
/// io::detail::parse_config_json() (invalid JSON, 1e400, a repeated key)
[[nodiscard]] inline auto load_json_document(const std::string& path, std::string_view expected,
                                             std::string_view what_to_declare_once)
    -> io::detail::ConfigJson {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  std::ifstream in{path, std::ios::binary};
  if (error || !in) {
    throw ConfigError(fmt::format("{}: cannot open (expected {})", path, expected));
  }
  if (size > kMaxJsonDocumentBytes) {
    throw ConfigError(
        fmt::format("{}: {} bytes, more than the 1 GiB a dceff JSON document can "
                    "be (expected {})",
                    path, size, expected));
  }
  return io::detail::parse_config_json(in, path, what_to_declare_once);
}

/// The fields of a dceff JSON document, each read with its JSON pointer so that a missing or
/// mistyped one fails as `file: /pointer: a string '"x"' (expected a number)`.
class JsonFields {
 public:
  JsonFields(const io::detail::ConfigJson& doc, std::string_view name) : doc_{doc}, ctx_{name} {}

  /// Null when absent.
  [[nodiscard]] auto find(const std::string& pointer) const -> const io::detail::ConfigJson* {
    const io::detail::ConfigJson::json_pointer ptr{pointer};
    return doc_.contains(ptr) ? &doc_.at(ptr) : nullptr;
  }
  [[nodiscard]] auto value(const std::string& pointer, std::string_view expected) const
      -> const io::detail::ConfigJson& {
    const auto* v = find(pointer);
    if (v == nullptr) {
      ctx_.fail(pointer, fmt::format("missing (expected {})", expected));
    }
    return *v;
  }
  [[noreturn]] void wrong_type(const std::string& pointer, const io::detail::ConfigJson& v,
                               std::string_view expected) const {
    ctx_.fail(pointer, fmt::format("{} '{}' (expected {})", io::detail::type_name(v),
                                   dump_json(v, -1).substr(0, 60), expected));
  }
  [[nodiscard]] auto object(const std::string& pointer) const -> const io::detail::ConfigJson& {
    const auto& v = value(pointer, "an object");
    if (!v.is_object()) {
      wrong_type(pointer, v, "an object");
    }
    return v;
  }
  [[nodiscard]] auto array(const std::string& pointer) const -> const io::detail::ConfigJson& {
    const auto& v = value(pointer, "an array");
    if (!v.is_array()) {
      wrong_type(pointer, v, "an array");
    }
    return v;
  }
  [[nodiscard]] auto string(const std::string& pointer) const -> std::string {
    const auto& v = value(pointer, "a string");
    if (!v.is_string()) {
      wrong_type(pointer, v, "a string");
    }
    return v.get<std::string>();
  }
  /// Null when the field is null (it must be present).
  [[nodiscard]] auto string_or_null(const std::string& pointer) const
      -> std::optional<std::string> {
    return value(pointer, "a string or null").is_null() ? std::nullopt
                                                        : std::optional{string(pointer)};
  }
  /// Empty when absent or not a string: labels that only decorate messages.
  [[nodiscard]] auto optional_string(const std::string& pointer) const -> std::string {
    const auto* v = find(pointer);
    return v != nullptr && v->is_string() ? v->get<std::string>() : std::string{};
  }
  [[nodiscard]] auto strings(const std::string& pointer) const -> std::vector<std::string> {
    std::vector<std::string> out;
    for (std::size_t i = 0, n = array(pointer).size(); i < n; ++i) {
      out.push_back(string(fmt::format("{}/{}", pointer, i)));
    }
    return out;
  }
  [[nodiscard]] auto boolean(const std::string& pointer) const -> bool {
    const auto& v = value(pointer, "true or false");
    if (!v.is_boolean()) {
      wrong_type(pointer, v, "true or false");
    }
    return v.get<bool>();
  }
  [[nodiscard]] auto number(const std::string& pointer) const -> double {
    const auto& v = value(pointer, "a number");
    if (!v.is_number()) {
      wrong_type(pointer, v, "a number");
    }
    return v.get<double>();
  }
  /// Empty for null: an undefined ratio.
  [[nodiscard]] auto number_or_null(const std::string& pointer) const -> std::optional<double> {
    return value(pointer, "a number or null").is_null() ? std::nullopt
                                                        : std::optional{number_of(pointer)};
  }
  /// A whole number in [0, max]: sizes, counts, categories; never a cast of an arbitrary double.
  [[nodiscard]] auto count(const std::string& pointer, std::uint64_t max = UINT64_MAX) const
      -> std::uint64_t {
    const auto& v = value(pointer, "a whole number >= 0");
    const bool whole =
        v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
    if (!whole || v.get<std::uint64_t>() > max) {
      wrong_type(pointer, v,
                 max == UINT64_MAX ? std::string{"a whole number >= 0"}
                                   : fmt::format("a whole number from 0 to {}", max));
    }
    return v.get<std::uint64_t>();
  }
  [[nodiscard]] auto context() const -> const io::detail::ConfigContext& { return ctx_; }

 private:
  [[nodiscard]] auto number_of(const std::string& pointer) const -> double {
    const auto& v = value(pointer, "a number or null");
    if (!v.is_number()) {
      wrong_type(pointer, v, "a number or null");
    }
    return v.get<double>();
  }

  const io::detail::ConfigJson& doc_;
  io::detail::ConfigContext ctx_;
};

}  // namespace dceff::report::detail
