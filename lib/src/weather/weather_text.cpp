#include "weather_text.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/weather/psychrometrics.hpp"

#include "assemble_hours.hpp"
#include "io/text_fields.hpp"

namespace dceff::weather::detail {

LineCursor::LineCursor(std::string_view text) noexcept : rest_{text} {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (rest_.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    rest_.remove_prefix(kByteOrderMark.size());
  }
}

auto LineCursor::next() noexcept -> std::optional<std::string_view> {
  if (done_ || rest_.empty()) {
    done_ = true;
    return std::nullopt;
  }
  ++number_;
  const std::size_t end = rest_.find('\n');
  std::string_view line = rest_.substr(0, end);
  if (end == std::string_view::npos) {
    rest_ = {};
  } else {
    rest_.remove_prefix(end + 1);
  }
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

auto next_row(LineCursor& lines, std::string_view name, std::string_view blank_among_rows)
    -> std::optional<std::string_view> {
  std::size_t blank_line = 0;
  while (const auto line = lines.next()) {
    if (io::detail::trim(*line).empty()) {
      blank_line = blank_line == 0 ? lines.number() : blank_line;
      continue;
    }
    if (blank_line != 0) {
      throw InputError(fmt::format("{}:{}: {}", name, blank_line, blank_among_rows));
    }
    return line;
  }
  return std::nullopt;
}

void split_commas(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  while (true) {
    const std::size_t comma = line.find(',');
    fields.push_back(line.substr(0, comma));
    if (comma == std::string_view::npos) {
      return;
    }
    line.remove_prefix(comma + 1);
  }
}

auto parse_decimal(std::string_view text) noexcept -> std::optional<double> {
  double value = 0.0;
  io::detail::DecimalUsed used{};
  if (io::detail::parse_number(io::detail::trim(text), io::detail::DecimalPolicy::kPoint, value,
                               used) != io::detail::NumberStatus::kOk ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

auto parse_integer(std::string_view text) noexcept -> std::optional<int> {
  text = io::detail::trim(text);
  if (text.empty() || text.size() > 10) {
    return std::nullopt;
  }
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

auto checked_value(std::string_view text, const Quantity& quantity, std::string_view name,
                   std::size_t line, std::string_view missing_hint) -> double {
  const auto value = parse_decimal(text);
  if (!value) {
    throw InputError(fmt::format("{}:{}: {} '{}' is not a number (expected {} in {}{})", name, line,
                                 quantity.what, io::detail::quote(text), quantity.what,
                                 quantity.unit, missing_hint));
  }
  if (*value < quantity.min || *value > quantity.max) {
    throw InputError(fmt::format("{}:{}: {} '{}' out of range (expected {:g}..{:g} {}{})", name,
                                 line, quantity.what, io::detail::quote(io::detail::trim(text)),
                                 quantity.min, quantity.max, quantity.unit, missing_hint));
  }
  return *value;
}

void check_consistency(double dry_bulb_c, double dew_point_c, double pressure_pa,
                       std::string_view name, std::size_t line) {
  if (dew_point_c > dry_bulb_c + kDewPointExcessToleranceK) {
    throw InputError(
        fmt::format("{}:{}: dew point {:g} degC above the dry bulb {:g} degC "
                    "(expected a dew point at most {:g} K above the dry bulb)",
                    name, line, dew_point_c, dry_bulb_c, kDewPointExcessToleranceK));
  }
  if (saturation_vapour_pressure_pa(dry_bulb_c) >= pressure_pa) {
    throw InputError(
        fmt::format("{}:{}: dry bulb {:g} degC is at or above the boiling point at "
                    "{:g} Pa (expected air below boiling)",
                    name, line, dry_bulb_c, pressure_pa));
  }
}

}  // namespace dceff::weather::detail
