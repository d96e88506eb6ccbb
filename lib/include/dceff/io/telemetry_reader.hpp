#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/diagnostics.hpp"
#include "dceff/io/byte_source.hpp"
#include "dceff/time.hpp"
#include "dceff/units.hpp"

namespace dceff::io {

enum class TelemetryFormat {
  kAuto,     ///< `[` starts a JSON array, `{` NDJSON; CSV: long if the header names meter and
             ///< value columns, else wide
  kLongCsv,  ///< `timestamp,meter,value[,unit]`
  kWideCsv,  ///< `timestamp,<meter1>,<meter2>,...`
  kJson,     ///< a JSON array of `{"timestamp","meter","value"[,"unit"]}` objects
  kNdjson,   ///< one such object per line
};

[[nodiscard]] auto format_name(TelemetryFormat format) noexcept -> std::string_view;
/// `auto`, `long`, `wide`, `json` or `ndjson`. @throws Error for any other name.
[[nodiscard]] auto parse_format(std::string_view name) -> TelemetryFormat;

/// One reading, in the canonical unit of its meter's quantity.
struct TelemetryRow {
  std::uint32_t meter = 0;  ///< index given by the sink's `resolve`
  bool missing = false;     ///< an explicit missing value (empty cell, declared marker, null)
  Timestamp time{};
  double value = 0.0;
  std::uint64_t line = 0;  ///< 1-based line in the file where the reading starts
};

/// Where a meter id's rows go. `kSkip` means the rows are not wanted (an unmapped meter).
struct MeterRef {
  static constexpr std::uint32_t kSkip = 0xffffffffU;
  std::uint32_t index = kSkip;
  Quantity quantity = Quantity::kPower;   ///< what a per-row unit must measure
  Unit unit{};                            ///< the unit readings are in unless a row says otherwise
  std::uint64_t* skipped_rows = nullptr;  ///< counts the rows of a skipped meter, if set
};

/// Receives rows in batches, in file order.
class RowSink {
 public:
  RowSink() = default;
  RowSink(const RowSink&) = delete;
  auto operator=(const RowSink&) -> RowSink& = delete;
  virtual ~RowSink() = default;
  /// Called once per distinct meter id per file, with the line it was first seen on.
  [[nodiscard]] virtual auto resolve(std::string_view meter_id, std::string_view file,
                                     std::uint64_t line) -> MeterRef = 0;
  virtual void accept(std::span<const TelemetryRow> rows, std::string_view file) = 0;
};

struct ReaderOptions {
  TelemetryFormat format = TelemetryFormat::kAuto;
  /// Cell texts that mean "no reading" besides the empty cell (e.g. "n/a", "-", "NaN").
  std::vector<std::string> missing_markers;
  /// The zone naive local timestamps are in; DST gaps and repeated hours are resolved and
  /// reported through `Diagnostics`.
  const TimeZone* zone = nullptr;
  /// Parser threads for line-oriented formats; 0 uses every core. The result is identical for
  /// any number: chunks are finished in file order.
  unsigned threads = 1;
  /// Bytes per chunk handed to a parser thread (tests use small chunks).
  std::size_t chunk_bytes = std::size_t{4} << 20;
};

/// What a read saw, for provenance.
struct ReadSummary {
  std::string name;
  TelemetryFormat format = TelemetryFormat::kAuto;
  std::uint64_t rows = 0;  ///< readings, including explicit missing ones
  std::uint64_t bytes = 0;
  std::string sha256;
};

/// Streams one telemetry source into `sink`: memory stays bounded by the chunks in flight, the
/// longest record and the number of distinct meter ids, whatever the file's length.
/// @throws InputError `name:line: ...` on malformed input.
[[nodiscard]] auto read_telemetry(ByteSource& source, const ReaderOptions& options, RowSink& sink,
                                  Diagnostics& diagnostics) -> ReadSummary;

}  // namespace dceff::io
