#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dceff/io/telemetry_reader.hpp"

#include "parsed_chunk.hpp"

namespace dceff::io::detail {

/// A malformed record: the message without its location, which the reader adds.
struct RecordFailure {
  std::string message;
};

/// How the records of a line-oriented file are laid out; fixed once the header is read.
struct LineLayout {
  TelemetryFormat format = TelemetryFormat::kLongCsv;  ///< long CSV, wide CSV or NDJSON
  char delimiter = ',';
  DecimalPolicy decimal = DecimalPolicy::kPoint;
  std::size_t time_col = 0;
  std::size_t meter_col = 1;
  std::size_t value_col = 2;
  std::optional<std::size_t> unit_col;
  std::size_t columns = 3;        ///< fields a long row needs at least; a wide row has exactly
  std::size_t header_fields = 0;  ///< fields of the header a long row may not exceed (0: any)
  const std::vector<std::string>* missing_markers = nullptr;
  const TimeZone* zone = nullptr;
};

/// Splits one CSV line. Quoted cells are unquoted into internal storage; a line without quotes
/// costs one memchr per cell.
class CsvSplitter {
 public:
  explicit CsvSplitter(char delimiter) : delimiter_{delimiter} {}
  /// @throws RecordFailure on a malformed quote
  void split(std::string_view line, std::vector<std::string_view>& cells);

 private:
  char delimiter_;
  std::string storage_;
};

/// The fields of a flat JSON record (`{"timestamp": ..., "meter": ..., "value": ...}`).
struct JsonRecord {
  std::string_view timestamp;
  std::string meter;
  std::string_view value;  ///< raw number text, or a string's content
  bool value_is_null = false;
  bool has_timestamp = false;
  bool has_meter = false;
  bool has_value = false;
  std::string unit;
};

/// Parses one flat JSON object; the storages back the views in `record`.
/// @throws RecordFailure
void parse_json_record(std::string_view text, JsonRecord& record, std::string& timestamp_storage,
                       std::string& value_storage);

/// Turns complete lines into a ParsedChunk. Pure apart from its own caches, so one instance per
/// thread can work on different chunks of the same file at once.
class ChunkParser {
 public:
  explicit ChunkParser(const LineLayout& layout) : layout_{layout}, splitter_{layout.delimiter} {}

  /// Parses `text` (whole lines) into `out`. A malformed record stops the chunk and is recorded
  /// in `out.failure`; the rows before it stay.
  void parse(std::string_view text, ParsedChunk& out);

  /// Starts a chunk that `add_record` fills (the JSON array reader).
  void begin(ParsedChunk& out);
  /// Adds one record given as fields. @throws RecordFailure
  void add_record(std::string_view time_text, std::string_view meter_id, std::string_view cell,
                  bool value_is_null, std::string_view unit_text, std::uint32_t line,
                  ParsedChunk& out);

 private:
  void parse_line(std::string_view line, std::uint32_t line_index, ParsedChunk& out);
  auto local_meter(std::string_view id, std::uint32_t line, ParsedChunk& out) -> std::uint32_t;
  void set_time(std::string_view text, ParsedRow& row, ParsedChunk& out);
  static void check_time_range(std::string_view text, std::int64_t time_ms);
  void set_value(std::string_view cell, bool value_is_null, ParsedRow& row, ParsedChunk& out);
  void set_unit(std::string_view unit_text, ParsedRow& row, ParsedChunk& out);

  struct StringHash {
    using is_transparent = void;
    auto operator()(std::string_view text) const noexcept -> std::size_t {
      return std::hash<std::string_view>{}(text);
    }
  };

  const LineLayout& layout_;
  CsvSplitter splitter_;
  std::vector<std::string_view> cells_;
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> ids_;
  std::vector<std::uint32_t> successor_;  ///< the local id that followed each id last time
  std::uint32_t previous_meter_ = 0xffffffffU;
  std::string time_text_;  ///< cache: consecutive rows usually share a timestamp
  ParsedRow time_row_{};
  std::optional<LocalTimeNote> time_note_;
  bool time_valid_ = false;
  std::string json_timestamp_;
  std::string json_value_;
};

}  // namespace dceff::io::detail
