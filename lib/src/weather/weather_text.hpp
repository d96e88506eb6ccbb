#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dceff::weather::detail {

/// Hands out the lines of a text one at a time: a UTF-8 byte-order mark at the start is skipped,
/// LF and CRLF ends are accepted (the CR is dropped), a final line needs no newline.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) noexcept;
  /// The next line, or empty at the end of the text.
  [[nodiscard]] auto next() noexcept -> std::optional<std::string_view>;
  /// 1-based number of the line last returned.
  [[nodiscard]] auto number() const noexcept -> std::size_t { return number_; }

 private:
  std::string_view rest_;
  std::size_t number_ = 0;
  bool done_ = false;
};

/// The next line that is not blank, or empty at the end of the text. Blank lines may end a file
/// but not stand among its rows (a sign of two files run together).
/// @throws InputError `<name>:<first blank line>: <blank_among_rows>`
[[nodiscard]] auto next_row(LineCursor& lines, std::string_view name,
                            std::string_view blank_among_rows) -> std::optional<std::string_view>;

/// Splits at commas into `fields` (cleared first); no quoting, blanks kept.
void split_commas(std::string_view line, std::vector<std::string_view>& fields);

/// A decimal number ('.' separator, optional sign and exponent), surrounding blanks allowed.
[[nodiscard]] auto parse_decimal(std::string_view text) noexcept -> std::optional<double>;

/// A whole number of at most 9 digits, optional leading '-', surrounding blanks allowed.
[[nodiscard]] auto parse_integer(std::string_view text) noexcept -> std::optional<int>;

/// One weather quantity's valid range and wording for messages.
struct Quantity {
  std::string_view what;  ///< `dry bulb`
  std::string_view unit;  ///< `degC`
  double min = 0.0;
  double max = 0.0;
};

inline constexpr Quantity kDryBulb{"dry bulb", "degC", -90.0, 70.0};
inline constexpr Quantity kDewPoint{"dew point", "degC", -90.0, 70.0};
inline constexpr Quantity kRelativeHumidity{"relative humidity", "%", 0.0, 110.0};
inline constexpr Quantity kPressure{"pressure", "Pa", 30000.0, 120000.0};

/// Parses and range-checks one value; `missing_hint` ends the expectation (e.g. `, or 99.9 for
/// missing`). @throws InputError `<name>:<line>: <what> '<text>' ...`
[[nodiscard]] auto checked_value(std::string_view text, const Quantity& quantity,
                                 std::string_view name, std::size_t line,
                                 std::string_view missing_hint) -> double;

/// Checks dew point against dry bulb, and that the air is below its boiling point at the
/// pressure; any argument may be NaN (missing), which skips the checks it takes part in.
/// @throws InputError `<name>:<line>: ...`
void check_consistency(double dry_bulb_c, double dew_point_c, double pressure_pa,
                       std::string_view name, std::size_t line);

}  // namespace dceff::weather::detail
