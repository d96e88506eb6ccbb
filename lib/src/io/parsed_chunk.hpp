#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dceff/time.hpp"
#include "dceff/units.hpp"

#include "text_fields.hpp"

namespace dceff::io::detail {

/// A reading as a parser thread leaves it: the meter as a chunk-local index, the value in the
/// row's own unit. The reader's thread finishes it in file order (meter resolution, units,
/// daylight-saving choices), so the result never depends on how the file was split.
struct ParsedRow {
  static constexpr std::uint8_t kMissing = 1;
  static constexpr std::uint8_t kLocalChoice = 2;  ///< ambiguous or skipped local time: see notes
  static constexpr std::uint8_t kInvalid = 4;      ///< bad value or unit: see problems
  static constexpr std::uint8_t kMeterUnit = 0xff;

  std::int64_t time_ms = 0;
  double value = 0.0;
  std::uint32_t meter = 0;
  std::uint32_t line = 0;  ///< 0-based, relative to the chunk's first line
  std::uint8_t flags = 0;
  std::uint8_t unit = kMeterUnit;  ///< index into ParsedChunk::units, or the meter's unit
};

/// A local time that needed a choice (repeated or skipped hour).
struct LocalTimeNote {
  std::size_t row = 0;
  bool ambiguous = false;  ///< else nonexistent
  std::int64_t later_ms = 0;
  std::string text;
};

/// A row-level problem that only matters if the row's meter is wanted.
struct RowProblem {
  std::size_t row = 0;
  std::string message;    ///< `{meter}` stands for the meter id
  std::string unit_text;  ///< non-empty: an unknown unit, worded once the meter is known
};

/// The first use of each decimal separator in a chunk, for the file-wide convention.
struct DecimalSighting {
  std::uint32_t line = 0;
  std::size_t row = 0;
  std::string text;
};

struct ParsedChunk {
  std::uint64_t first_line = 0;  ///< 1-based line number of the chunk's first line
  std::uint64_t lines = 0;
  std::vector<ParsedRow> rows;
  std::vector<std::string> ids;  ///< chunk-local meter ids, in order of first appearance
  std::vector<std::uint32_t> id_lines;
  std::vector<Unit> units;
  std::vector<LocalTimeNote> local_times;
  std::vector<RowProblem> problems;
  std::optional<DecimalSighting> first_comma;
  std::optional<DecimalSighting> first_point;
  /// A malformed record ends the chunk: rows before it are valid.
  std::optional<std::pair<std::uint32_t, std::string>> failure;

  void clear() {
    lines = 0;
    rows.clear();
    ids.clear();
    id_lines.clear();
    units.clear();
    local_times.clear();
    problems.clear();
    first_comma.reset();
    first_point.reset();
    failure.reset();
  }
};

}  // namespace dceff::io::detail
