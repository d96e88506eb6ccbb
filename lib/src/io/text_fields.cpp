#include "text_fields.hpp"

#include <algorithm>
#include <initializer_list>

#include <fmt/format.h>

#include "dceff/units.hpp"

namespace dceff::io::detail {
namespace {

constexpr std::array<double, 23> kPowersOfTen{1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                              1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                              1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

auto is_one_of(std::string_view name, std::initializer_list<std::string_view> names) noexcept
    -> bool {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

auto quote(std::string_view text) -> std::string {
  // Cut at a character boundary (never inside a UTF-8 sequence) and show control characters
  // escaped, so the message stays one line whatever the input held.
  auto shown = text.substr(0, std::min(text.size(), kQuoteLimit));
  if (shown.size() < text.size()) {
    while (!shown.empty() && (static_cast<unsigned char>(text[shown.size()]) & 0xC0) == 0x80) {
      shown.remove_suffix(1);
    }
  }
  std::string out;
  out.reserve(shown.size() + 3);
  for (const char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  if (shown.size() < text.size()) {
    out += "...";
  }
  return out;
}

auto lower(std::string_view text) -> std::string {
  std::string out{text};
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

auto parse_number(std::string_view text, DecimalPolicy policy, double& out,
                  DecimalUsed& used) noexcept -> NumberStatus {
  used = DecimalUsed::kNone;
  if (text.empty()) {
    return NumberStatus::kInvalid;
  }
  if (text.front() == '+') {
    text.remove_prefix(1);
    if (text.empty() || text.front() == '-' || text.front() == '+') {
      return NumberStatus::kInvalid;
    }
  }
  // Fast path: [-]digits[.digits] with at most 15 significant digits.
  {
    std::size_t i = 0;
    const bool negative = text[0] == '-';
    i += negative ? 1U : 0U;
    std::uint64_t mantissa = 0;
    int digits = 0;
    int fraction = 0;
    bool separator = false;
    bool simple = i < text.size();
    char separator_char = 0;
    for (; i < text.size() && simple; ++i) {
      const char c = text[i];
      if (c >= '0' && c <= '9') {
        mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
        digits += (digits > 0 || c != '0') ? 1 : 0;
        fraction += separator ? 1 : 0;
      } else if ((c == '.' || c == ',') && !separator) {
        separator = true;
        separator_char = c;
      } else {
        simple = false;
      }
    }
    const bool has_digit = text.size() > (negative ? 1U : 0U) + (separator ? 1U : 0U);
    if (simple && has_digit && digits <= 15 && fraction <= 22) {
      if (separator_char == ',' && policy == DecimalPolicy::kPoint) {
        return NumberStatus::kInvalid;
      }
      used = separator_char == ','   ? DecimalUsed::kComma
             : separator_char == '.' ? DecimalUsed::kPoint
                                     : DecimalUsed::kNone;
      const double value =
          static_cast<double>(mantissa) / kPowersOfTen[static_cast<std::size_t>(fraction)];
      out = negative ? -value : value;
      return NumberStatus::kOk;
    }
  }
  const bool has_point = text.find('.') != std::string_view::npos;
  const bool has_comma = text.find(',') != std::string_view::npos;
  if ((has_point && has_comma) || (has_comma && policy == DecimalPolicy::kPoint)) {
    return NumberStatus::kInvalid;
  }
  std::array<char, 64> local{};
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (has_comma) {
    if (text.size() > local.size()) {
      return NumberStatus::kInvalid;
    }
    std::copy(text.begin(), text.end(), local.begin());
    std::replace(local.begin(), local.begin() + static_cast<std::ptrdiff_t>(text.size()), ',', '.');
    first = local.data();
    last = local.data() + text.size();
  }
  // from_chars accepts "nan" and "inf"; a reading must be a finite decimal number.
  const char c0 = *first == '-' && last - first > 1 ? first[1] : *first;
  if (!((c0 >= '0' && c0 <= '9') || c0 == '.')) {
    return NumberStatus::kInvalid;
  }
  const auto [end, ec] = std::from_chars(first, last, out, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) {
    return NumberStatus::kOutOfRange;
  }
  if (ec != std::errc{} || end != last) {
    return NumberStatus::kInvalid;
  }
  if (!std::isfinite(out)) {
    return NumberStatus::kOutOfRange;
  }
  used = has_comma ? DecimalUsed::kComma : has_point ? DecimalUsed::kPoint : DecimalUsed::kNone;
  return NumberStatus::kOk;
}

auto bad_number_reason(std::string_view text) -> std::string {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  // The numeric head: sign, digits, separators (with the grouping characters), exponent.
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    ++i;
  }
  std::size_t digits = 0;
  std::size_t points = 0;
  std::size_t commas = 0;
  std::size_t spaces = 0;
  std::size_t apostrophes = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      ++digits;
    } else if (c == '.') {
      ++points;
    } else if (c == ',') {
      ++commas;
    } else if ((c == ' ' || c == '\'') && i + 1 < text.size() && is_digit(text[i + 1]) &&
               digits > 0) {
      c == ' ' ? ++spaces : ++apostrophes;
    } else {
      break;
    }
  }
  if (digits == 0) {
    return {};
  }
  auto rest = trim(text.substr(i));
  // An exponent belongs to the number.
  if (!rest.empty() && (rest.front() == 'e' || rest.front() == 'E') && rest.size() > 1 &&
      (is_digit(rest[1]) || rest[1] == '-' || rest[1] == '+')) {
    return {};
  }
  if (!rest.empty()) {
    const auto c = static_cast<unsigned char>(rest.front());
    if (parse_unit(rest) || c == '%' || c >= 0x80) {
      return fmt::format(
          "'{}' is a unit inside the value (expected a bare number; declare the "
          "unit in the site file or a unit column)",
          quote(rest));
    }
    return {};
  }
  const bool grouped =
      spaces > 0 || apostrophes > 0 || (points > 0 && commas > 0) || points > 1 || commas > 1;
  if (!grouped) {
    return {};
  }
  // Drop the grouping; the last of '.' and ',' is the decimal separator when both occur.
  const auto last_point = text.rfind('.');
  const auto last_comma = text.rfind(',');
  std::size_t decimal = std::string_view::npos;
  if (points > 0 && commas > 0) {
    decimal = std::max(last_point, last_comma);
  } else if ((spaces > 0 || apostrophes > 0) && points + commas == 1) {
    decimal = points == 1 ? last_point : last_comma;
  }
  std::string plain;
  for (std::size_t k = 0; k < i; ++k) {
    if (k == decimal) {
      plain += '.';
    } else if (is_digit(text[k]) || text[k] == '-') {
      plain += text[k];
    }
  }
  return fmt::format(
      "digit grouping (thousands separators) is not read (expected a number "
      "without grouping, such as {})",
      plain);
}

auto is_time_column(std::string_view lowered) noexcept -> bool {
  return is_one_of(lowered, {"timestamp", "time", "ts", "datetime", "date_time", "date"});
}
auto is_meter_column(std::string_view lowered) noexcept -> bool {
  return is_one_of(lowered, {"meter", "meter_id", "id", "channel", "point", "sensor", "tag"});
}
auto is_value_column(std::string_view lowered) noexcept -> bool {
  return is_one_of(lowered, {"value", "reading", "val"});
}
auto is_unit_column(std::string_view lowered) noexcept -> bool {
  return is_one_of(lowered, {"unit", "units"});
}

}  // namespace dceff::io::detail
