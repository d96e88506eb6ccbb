#include "dceff/io/hourly_series.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "dceff/error.hpp"

#include "text_fields.hpp"

namespace dceff::io {
namespace {

auto parse_number(std::string_view text) -> std::optional<double> {
  double value = 0.0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

auto read_hourly_series(std::istream& in, std::string_view name, const SeriesLimits& limits)
    -> std::vector<double> {
  std::vector<double> values;
  values.reserve(8784);
  std::string line;
  std::size_t line_number = 0;
  bool first = true;
  while (std::getline(in, line)) {
    ++line_number;
    std::string_view text{line};
    if (!text.empty() && text.back() == '\r') {
      text.remove_suffix(1);  // CRLF files
    }
    text = detail::trim(text);
    if (text.empty() || text.front() == '#') {
      continue;
    }
    const auto comma = text.rfind(',');
    const auto field =
        detail::trim(comma == std::string_view::npos ? text : text.substr(comma + 1));
    const auto value = parse_number(field);
    if (first && !value) {
      first = false;  // a header line
      continue;
    }
    first = false;
    if (!value || !std::isfinite(*value) || *value < limits.min || *value > limits.max) {
      throw InputError(fmt::format("{}:{}: invalid value '{}' (expected {})", name, line_number,
                                   field, limits.expected));
    }
    values.push_back(*value);
  }
  if (values.empty()) {
    throw InputError(
        fmt::format("{}: no values (expected one line per hour with {})", name, limits.expected));
  }
  return values;
}

auto load_hourly_series(const std::string& path, const SeriesLimits& limits)
    -> std::vector<double> {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw InputError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  return read_hourly_series(in, path, limits);
}

}  // namespace dceff::io
