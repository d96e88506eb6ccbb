#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace dceff::io::detail {

/// Longest offending text quoted in a message.
inline constexpr std::size_t kQuoteLimit = 60;

/// User text for a message, cut so it cannot flood a terminal.
[[nodiscard]] auto quote(std::string_view text) -> std::string;
/// Without leading and trailing blanks and tabs (inline: it runs for every cell).
[[nodiscard]] inline auto trim(std::string_view text) noexcept -> std::string_view {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}
[[nodiscard]] auto lower(std::string_view text) -> std::string;

enum class NumberStatus { kOk, kInvalid, kOutOfRange };

/// Which decimal separators a file may use: `,`-delimited files only the point; `;` and tab
/// files either, the first one seen fixing the convention (checked by the caller).
enum class DecimalPolicy { kPoint, kEither };

/// What separator a parsed number used.
enum class DecimalUsed : std::uint8_t { kNone, kPoint, kComma };

/// Parses a reading: an optional sign, digits with one decimal separator, an optional exponent.
/// Thousands separators, hex, NaN and infinities are rejected. Plain decimals of up to 15
/// significant digits take an exact fast path (Clinger: both parts exactly representable, one
/// correctly rounded division); anything else goes through std::from_chars. Both give the
/// correctly rounded double, so results never depend on the path.
[[nodiscard]] auto parse_number(std::string_view text, DecimalPolicy policy, double& out,
                                DecimalUsed& used) noexcept -> NumberStatus;

/// Why a cell that parse_number refused is not a number, for the message: a unit written into
/// the cell or digit grouping (thousands separators); empty when neither.
[[nodiscard]] auto bad_number_reason(std::string_view text) -> std::string;

// Column names recognised in headers and JSON records.
[[nodiscard]] auto is_time_column(std::string_view lowered) noexcept -> bool;
[[nodiscard]] auto is_meter_column(std::string_view lowered) noexcept -> bool;
[[nodiscard]] auto is_value_column(std::string_view lowered) noexcept -> bool;
[[nodiscard]] auto is_unit_column(std::string_view lowered) noexcept -> bool;

}  // namespace dceff::io::detail
