#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/diagnostics.hpp"
#include "dceff/io/telemetry_reader.hpp"
#include "dceff/model/site.hpp"
#include "dceff/time.hpp"

namespace dceff::ledger {

/// How a rate meter's samples become energy. Printed in every report.
/// Left Riemann: each sample holds until the next sample of the same meter, if that comes within
/// the maximum gap; the last sample of a meter marks the end of its data and books nothing.
inline constexpr std::string_view kIntegrationRule =
    "left Riemann: each sample holds until the next one if that comes within the maximum gap";

/// Energy is held in fixed point, 1e-9 of the canonical unit (1 uWh for kWh): every booked piece
/// is rounded once, so bucket sums are exact integers whatever order they are added in. All
/// granularities reconcile exactly, and ledgers of separate shards merge exactly.
inline constexpr double kQuantaPerUnit = 1e9;

/// The longest time one run may cover (20 years of 365.25 days). Memory and run time grow with
/// the span, and a span beyond it is a wrong date (a stray 1975 or 2099), not a metering archive.
inline constexpr int kMaxSpanYears = 20;
inline constexpr std::chrono::milliseconds kMaxSpan{kMaxSpanYears * 36525LL * 864'000};

struct LedgerOptions {
  std::chrono::seconds bucket{3600};  ///< base bucket; divides every local hour boundary
  std::chrono::milliseconds max_gap{900'000};
  model::GapFill gap_fill = model::GapFill::kNone;
  std::chrono::milliseconds max_fill{3'600'000};
  std::optional<Timestamp> from;  ///< nothing before is booked
  std::optional<Timestamp> to;    ///< nothing at or after is booked
};

struct ChannelConfig {
  std::string name;
  model::ReadingKind reading = model::ReadingKind::kRate;
  std::optional<double> rollover;  ///< register maximum, canonical units
  std::optional<double> max_rate;  ///< canonical units per hour
  std::chrono::milliseconds interval{0};
  bool check_negative = true;  ///< flag negative rates (loads); not for temperatures
};

/// One base bucket of one channel, after `finish()`.
struct BucketAmount {
  std::int64_t amount = 0;       ///< quanta booked (measured + filled)
  std::int64_t filled = 0;       ///< quanta booked by the gap policy
  std::uint32_t covered_ms = 0;  ///< time with data (measured or filled)
};

/// Per-channel data-quality tallies.
struct ChannelQuality {
  std::uint64_t rows = 0;
  std::uint64_t missing_values = 0;
  std::uint64_t gaps = 0;
  std::int64_t gap_ms = 0;
  std::int64_t longest_gap_ms = 0;
  std::uint64_t filled_gaps = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t conflicting_duplicates = 0;
  std::uint64_t out_of_order = 0;
  std::uint64_t negative = 0;
  std::uint64_t rollovers = 0;
  std::uint64_t resets = 0;
  std::uint64_t implausible = 0;
  std::uint64_t flatlines = 0;
  std::uint64_t spikes = 0;
  std::optional<Timestamp> first;
  std::optional<Timestamp> last;
};

/// A reading kept at a shard's edge, where the next shard continues.
struct EdgeReading {
  Timestamp time{};
  double value = 0.0;
  std::uint64_t line = 0;
  std::string file;
};

/// One channel of a ledger as a later run needs it to continue exactly: its buckets, tallies and
/// the readings at its edges (`dceff report --partial`, `dceff merge`).
struct ChannelSnapshot {
  ChannelQuality quality;
  std::optional<EdgeReading> first;   ///< the first accepted reading
  std::optional<EdgeReading> last;    ///< the last accepted reading
  std::optional<EdgeReading> before;  ///< the reading before `last` (spike context)
  Timestamp flat_since{};
  std::uint64_t flat_count = 0;
  bool flat_reported = false;
  std::vector<std::pair<std::int64_t, BucketAmount>> buckets;  ///< non-empty buckets, in order
};

/// Energy (or any integrated quantity) per channel per base bucket, fed row by row in time order.
/// Memory grows with channels x buckets, never with rows.
class EnergyLedger {
 public:
  EnergyLedger(LedgerOptions options, Diagnostics& diagnostics);

  [[nodiscard]] auto add_channel(ChannelConfig config) -> std::uint32_t;
  [[nodiscard]] auto channel_count() const noexcept -> std::size_t { return channels_.size(); }
  [[nodiscard]] auto channel_name(std::uint32_t channel) const -> const std::string&;

  /// Books rows of one file; rows of a channel must come in time order (earlier rows are
  /// reported and skipped). @throws InputError when an amount is beyond fixed point (9e9 units
  /// in one interval: a unit error).
  void add(std::span<const io::TelemetryRow> rows, std::string_view file);

  /// The channel's state for a later merge.
  [[nodiscard]] auto snapshot(std::uint32_t channel) const -> ChannelSnapshot;

  /// Continues a channel with a later shard: the interval from this ledger's last reading to the
  /// shard's first is booked with the ordinary rules (gap, rollover, reset, spike), then the
  /// shard's buckets and tallies are added. Integer buckets make the result identical to one run
  /// over both shards' rows. @throws InputError when the shard starts before the channel ends.
  void append(std::uint32_t channel, const ChannelSnapshot& later);

  /// Ends the input: no more rows after this.
  void finish();

  /// Index of the first base bucket with any booking and one past the last (empty: equal).
  [[nodiscard]] auto first_bucket() const noexcept -> std::int64_t { return first_bucket_; }
  [[nodiscard]] auto end_bucket() const noexcept -> std::int64_t { return end_bucket_; }
  [[nodiscard]] auto bucket_length() const noexcept -> std::chrono::seconds {
    return options_.bucket;
  }
  [[nodiscard]] auto bucket_start(std::int64_t bucket) const noexcept -> Timestamp;
  [[nodiscard]] auto amount(std::uint32_t channel, std::int64_t bucket) const noexcept
      -> BucketAmount;
  [[nodiscard]] auto quality(std::uint32_t channel) const -> const ChannelQuality&;
  [[nodiscard]] auto options() const noexcept -> const LedgerOptions& { return options_; }

 private:
  static constexpr std::int64_t kChunk = 512;  // buckets per chunk: 21 days of hours
  /// 512 buckets of one channel in 12 bytes each, since memory grows with the period times the
  /// meters: the filled part exists only where a gap policy booked something, which is rare.
  struct CellChunk {
    std::array<std::int64_t, static_cast<std::size_t>(kChunk)> amount{};
    std::array<std::uint32_t, static_cast<std::size_t>(kChunk)> covered_ms{};
    std::unique_ptr<std::array<std::int64_t, static_cast<std::size_t>(kChunk)>> filled;

    [[nodiscard]] auto at(std::size_t i) const noexcept -> BucketAmount {
      return {amount[i], filled ? (*filled)[i] : 0, covered_ms[i]};
    }
    auto filled_at(std::size_t i) -> std::int64_t& {
      if (!filled) {
        filled = std::make_unique<
            std::array<std::int64_t, static_cast<std::size_t>(kChunk)>>();  // zeroed
      }
      return (*filled)[i];
    }
  };
  struct CellRef {
    CellChunk& chunk;
    std::size_t index;
  };
  struct Sample {
    Timestamp time{};
    double value = 0.0;
    std::uint64_t line = 0;
  };
  struct Channel {
    ChannelConfig config;
    ChannelQuality quality;
    std::optional<Sample> first;  ///< first accepted reading
    std::string first_file;
    std::string last_file;
    std::optional<Sample> previous;  ///< last accepted reading
    std::optional<Sample> before;    ///< the reading before `previous`, for spike detection
    Timestamp flat_since{};          ///< start of the current run of identical rate values
    std::uint64_t flat_count = 0;
    bool flat_reported = false;
    std::map<std::int64_t, std::unique_ptr<CellChunk>> cells;  ///< sparse: chunks with data
    std::int64_t cached_chunk = std::numeric_limits<std::int64_t>::min();
    CellChunk* cached = nullptr;
  };

  void add_row(Channel& channel, const io::TelemetryRow& row, std::string_view file);
  void accept(Channel& channel, const io::TelemetryRow& row, std::string_view file);
  void add_rate(Channel& channel, const io::TelemetryRow& row, std::string_view file);
  void add_cumulative(Channel& channel, const io::TelemetryRow& row, std::string_view file);
  void add_interval(Channel& channel, const io::TelemetryRow& row, std::string_view file);
  /// Spreads `amount` uniformly over [from, to), clipped to the analysis period.
  void book(Channel& channel, Timestamp from, Timestamp to, double amount, bool filled);
  auto cell(Channel& channel, std::int64_t bucket) -> CellRef;
  void check_shape(Channel& channel, const io::TelemetryRow& row, std::string_view file);
  /// Refuses a reading that stretches the data beyond kMaxSpan: run cost grows with the span.
  void check_span(Timestamp time, std::string_view file, std::uint64_t line);

  struct Edge {
    Timestamp time{};
    std::string file;
    std::uint64_t line = 0;
  };

  LedgerOptions options_;
  Diagnostics& diagnostics_;
  std::vector<Channel> channels_;
  std::int64_t first_bucket_ = 0;
  std::int64_t end_bucket_ = 0;
  bool finished_ = false;
  std::optional<Edge> earliest_;  ///< accepted readings inside the analysis period
  std::optional<Edge> latest_;
};

}  // namespace dceff::ledger
