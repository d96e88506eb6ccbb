#include "dceff/ledger/energy_ledger.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "dceff/error.hpp"

namespace dceff::ledger {
namespace {

using model::ReadingKind;
using std::chrono::milliseconds;

constexpr double kMsPerHour = 3.6e6;
// Spread and reconcile tolerances: a delta may exceed max_rate x dt by this factor before it is
// implausible (meter clocks and rounding).
constexpr double kPlausibilitySlack = 1.01;
constexpr std::uint64_t kFlatlineSamples = 12;
constexpr milliseconds kFlatlineDuration{6 * 3'600'000};

auto floor_div(std::int64_t a, std::int64_t b) noexcept -> std::int64_t {
  const auto q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

auto hours(milliseconds span) noexcept -> double {
  return static_cast<double>(span.count()) / kMsPerHour;
}

auto format_duration(milliseconds span) -> std::string {
  const auto total_s = span.count() / 1000;
  if (total_s % 3600 == 0) {
    return fmt::format("{} h", total_s / 3600);
  }
  if (total_s % 60 == 0) {
    return fmt::format("{} min", total_s / 60);
  }
  return fmt::format("{} s", total_s);
}

// One interval of one meter may book up to 9e9 canonical units (9 TWh): anything more is a unit
// or data error that fixed point could not represent.
constexpr double kMaxPieceAmount = 9e9;

[[noreturn]] void beyond_fixed_point(const std::string& meter, double value) {
  throw InputError(
      fmt::format("meter '{}': {} in one bucket is beyond any plausible reading "
                  "(check its unit and values)",
                  meter, value));
}

auto to_quanta(double value, const std::string& meter) -> std::int64_t {
  if (!(std::abs(value) <= kMaxPieceAmount)) {
    beyond_fixed_point(meter, value);
  }
  return static_cast<std::int64_t>(std::llround(value * kQuantaPerUnit));
}

void add_quanta(std::int64_t& total, std::int64_t piece, const std::string& meter) {
  if (__builtin_add_overflow(total, piece, &total)) {
    beyond_fixed_point(meter, static_cast<double>(piece) / kQuantaPerUnit);
  }
}

}  // namespace

EnergyLedger::EnergyLedger(LedgerOptions options, Diagnostics& diagnostics)
    : options_{options}, diagnostics_{diagnostics} {}

auto EnergyLedger::add_channel(ChannelConfig config) -> std::uint32_t {
  channels_.push_back(Channel{});
  channels_.back().config = std::move(config);
  return static_cast<std::uint32_t>(channels_.size() - 1);
}

auto EnergyLedger::channel_name(std::uint32_t channel) const -> const std::string& {
  return channels_.at(channel).config.name;
}

auto EnergyLedger::bucket_start(std::int64_t bucket) const noexcept -> Timestamp {
  return Timestamp{milliseconds{bucket * options_.bucket.count() * 1000}};
}

auto EnergyLedger::quality(std::uint32_t channel) const -> const ChannelQuality& {
  return channels_.at(channel).quality;
}

void EnergyLedger::add(std::span<const io::TelemetryRow> rows, std::string_view file) {
  for (const auto& row : rows) {
    add_row(channels_[row.meter], row, file);
  }
}

void EnergyLedger::add_row(Channel& channel, const io::TelemetryRow& row, std::string_view file) {
  auto& q = channel.quality;
  ++q.rows;
  if (row.missing) {
    // An empty cell is the same as an absent row: the maximum-gap rule decides what is bridged,
    // so wide and long exports of the same data give the same energy.
    ++q.missing_values;
    return;
  }
  if (channel.previous) {
    const auto& previous = *channel.previous;
    if (row.time == previous.time) {
      if (row.value == previous.value) {
        ++q.duplicates;
        diagnostics_.add(Severity::kInfo, "duplicate", channel.config.name,
                         {std::string{file}, row.line},
                         "repeated reading with the same timestamp and value (ignored)");
      } else {
        ++q.conflicting_duplicates;
        diagnostics_.add(Severity::kWarning, "conflicting_duplicate", channel.config.name,
                         {std::string{file}, row.line},
                         fmt::format("second reading {} at {} differs from the first ({}); the "
                                     "first is kept",
                                     row.value, format_utc(row.time), previous.value));
      }
      return;
    }
    if (row.time < previous.time) {
      // The second reading of a meter already goes back: the file runs newest first (a common
      // BMS export order), and skipping every row would leave almost nothing.
      const auto readings =
          q.rows - q.missing_values - q.duplicates - q.conflicting_duplicates - q.out_of_order;
      if (readings == 2 && channel.first && channel.first->time == previous.time) {
        throw InputError(fmt::format(
            "{}:{}: meter '{}': the reading at {} is earlier than the one before it at {}: are "
            "the rows newest first? (expected rows in time order: sort the file)",
            file, row.line, channel.config.name, format_utc(row.time), format_utc(previous.time)));
      }
      ++q.out_of_order;
      diagnostics_.add(Severity::kWarning, "out_of_order", channel.config.name,
                       {std::string{file}, row.line},
                       fmt::format("reading at {} is earlier than the previous one at {} "
                                   "(skipped; give files in time order)",
                                   format_utc(row.time), format_utc(previous.time)));
      return;
    }
  }
  switch (channel.config.reading) {
    case ReadingKind::kRate:
      add_rate(channel, row, file);
      break;
    case ReadingKind::kCumulative:
      add_cumulative(channel, row, file);
      break;
    case ReadingKind::kInterval:
      add_interval(channel, row, file);
      break;
  }
}

void EnergyLedger::accept(Channel& channel, const io::TelemetryRow& row, std::string_view file) {
  // Only accepted readings mark the edges: a rejected counter value must neither start a
  // merge bridge nor stretch the period.
  check_span(row.time, file, row.line);
  channel.previous = Sample{row.time, row.value, row.line};
  if (!channel.first) {
    channel.first = channel.previous;
    channel.first_file = file;
  }
  if (channel.last_file != file) {
    channel.last_file = file;
  }
  auto& q = channel.quality;
  // An interval reading covers the time before its timestamp.
  const auto start = channel.config.reading == model::ReadingKind::kInterval
                         ? row.time - channel.config.interval
                         : row.time;
  if (!q.first || start < *q.first) {
    q.first = start;
  }
  if (!q.last || row.time > *q.last) {
    q.last = row.time;
  }
}

void EnergyLedger::check_span(Timestamp time, std::string_view file, std::uint64_t line) {
  if ((options_.from && time < *options_.from) || (options_.to && time >= *options_.to)) {
    return;  // not booked, so it does not stretch the period
  }
  if (earliest_ && time >= earliest_->time && latest_ && time <= latest_->time) {
    return;
  }
  const auto too_long = [&](const Edge& earlier, const Edge& later) {
    const double years =
        static_cast<double>((later.time - earlier.time).count()) / (365.25 * 24 * kMsPerHour);
    throw InputError(fmt::format(
        "{}:{}: the reading at {} is {:.1f} years after the one at {} ({}:{}): one run covers "
        "at most {} years (a wrong date? narrow the run with --from/--to)",
        later.file, later.line, format_utc(later.time), years, format_utc(earlier.time),
        earlier.file, earlier.line, kMaxSpanYears));
  };
  // In-order data moves the latest edge at nearly every row: update it in place.
  const auto move_to = [&](std::optional<Edge>& edge) {
    if (!edge) {
      edge = Edge{time, std::string{file}, line};
      return;
    }
    edge->time = time;
    edge->line = line;
    if (edge->file != file) {
      edge->file = file;
    }
  };
  if (!earliest_ || time < earliest_->time) {
    if (latest_ && latest_->time - time > kMaxSpan) {
      too_long(Edge{time, std::string{file}, line}, *latest_);
    }
    move_to(earliest_);
  }
  if (!latest_ || time > latest_->time) {
    if (earliest_ && time - earliest_->time > kMaxSpan) {
      too_long(*earliest_, Edge{time, std::string{file}, line});
    }
    move_to(latest_);
  }
}

void EnergyLedger::add_rate(Channel& channel, const io::TelemetryRow& row, std::string_view file) {
  auto& q = channel.quality;
  check_shape(channel, row, file);
  if (channel.previous) {
    const auto& previous = *channel.previous;
    const auto dt = row.time - previous.time;
    if (dt <= options_.max_gap) {
      book(channel, previous.time, row.time, previous.value * hours(dt), false);
    } else {
      ++q.gaps;
      q.gap_ms += dt.count();
      q.longest_gap_ms = std::max(q.longest_gap_ms, dt.count());
      const bool fill = options_.gap_fill != model::GapFill::kNone && dt <= options_.max_fill;
      diagnostics_.add(
          Severity::kWarning, "gap", channel.config.name, {std::string{file}, row.line},
          fmt::format("no reading for {} before {} (longer than the {} maximum "
                      "gap; {})",
                      format_duration(dt), format_utc(row.time), format_duration(options_.max_gap),
                      fill ? fmt::format("filled by the '{}' policy",
                                         model::gap_fill_name(options_.gap_fill))
                           : std::string{"energy missing"}));
      if (fill) {
        ++q.filled_gaps;
        const double value = options_.gap_fill == model::GapFill::kLinear
                                 ? 0.5 * (previous.value + row.value)
                                 : previous.value;
        book(channel, previous.time, row.time, value * hours(dt), true);
      }
    }
  }
  channel.before = channel.previous;
  accept(channel, row, file);
}

void EnergyLedger::add_cumulative(Channel& channel, const io::TelemetryRow& row,
                                  std::string_view file) {
  auto& q = channel.quality;
  const auto& config = channel.config;
  if (row.value < 0.0) {
    ++q.negative;
    diagnostics_.add(
        Severity::kWarning, "negative_counter", config.name, {std::string{file}, row.line},
        fmt::format("counter reads {} (a register cannot be negative; skipped)", row.value));
    return;
  }
  if (config.rollover && row.value > *config.rollover) {
    ++q.implausible;
    diagnostics_.add(Severity::kWarning, "above_rollover", config.name,
                     {std::string{file}, row.line},
                     fmt::format("counter reads {}, above its declared rollover {} (skipped)",
                                 row.value, *config.rollover));
    return;
  }
  if (channel.previous) {
    const auto& previous = *channel.previous;
    const auto dt = row.time - previous.time;
    const double limit = config.max_rate ? *config.max_rate * hours(dt) * kPlausibilitySlack
                                         : std::numeric_limits<double>::infinity();
    const double delta = row.value - previous.value;
    const auto where = [&] { return SourceLocation{std::string{file}, row.line}; };
    if (delta < 0.0) {
      const double wrapped = config.rollover ? row.value + *config.rollover - previous.value : -1.0;
      const double wrap_limit = config.max_rate ? limit : 0.5 * config.rollover.value_or(0.0);
      if (config.rollover && wrapped >= 0.0 && wrapped <= wrap_limit) {
        ++q.rollovers;
        diagnostics_.add(config.max_rate ? Severity::kInfo : Severity::kWarning, "rollover",
                         config.name, where(),
                         fmt::format("register rolled over at {} ({} -> {}); booked {}{}",
                                     *config.rollover, previous.value, row.value, wrapped,
                                     config.max_rate ? ""
                                                     : " (no max_power_kw declared: a reset "
                                                       "cannot be told from a rollover)"));
        book(channel, previous.time, row.time, wrapped, false);
      } else {
        ++q.resets;
        diagnostics_.add(Severity::kWarning, "counter_reset", config.name, where(),
                         fmt::format("counter fell from {} to {} at {} (reset or meter "
                                     "replacement): the interval is not booked and counts as "
                                     "missing",
                                     previous.value, row.value, format_utc(row.time)));
      }
    } else if (delta > limit) {
      ++q.implausible;
      diagnostics_.add(Severity::kWarning, "implausible_delta", config.name, where(),
                       fmt::format("counter rose by {} in {}, more than max {} per hour allows "
                                   "(meter replacement or glitch): the interval is not booked",
                                   delta, format_duration(dt), *config.max_rate));
    } else {
      if (dt > options_.max_gap) {
        diagnostics_.add(
            Severity::kInfo, "counter_gap", config.name, where(),
            fmt::format("counter delta over {} spread evenly across the gap", format_duration(dt)));
      }
      book(channel, previous.time, row.time, delta, false);
    }
  }
  accept(channel, row, file);
}

void EnergyLedger::add_interval(Channel& channel, const io::TelemetryRow& row,
                                std::string_view file) {
  auto& q = channel.quality;
  if (row.value < 0.0) {
    ++q.negative;
    diagnostics_.add(Severity::kWarning, "negative_interval", channel.config.name,
                     {std::string{file}, row.line},
                     fmt::format("interval amount {} is negative (skipped)", row.value));
    return;
  }
  const auto start = row.time - channel.config.interval;
  if (channel.previous && start < channel.previous->time) {
    ++q.out_of_order;
    diagnostics_.add(Severity::kWarning, "overlapping_interval", channel.config.name,
                     {std::string{file}, row.line}, "interval overlaps the previous one (skipped)");
    return;
  }
  book(channel, start, row.time, row.value, false);
  accept(channel, row, file);
}

void EnergyLedger::check_shape(Channel& channel, const io::TelemetryRow& row,
                               std::string_view file) {
  auto& q = channel.quality;
  const auto& config = channel.config;
  // Built only when something is reported: this runs for every sample.
  const auto where = [&] { return SourceLocation{std::string{file}, row.line}; };
  if (config.check_negative && row.value < 0.0) {
    ++q.negative;
    diagnostics_.add(
        Severity::kWarning, "negative_power", config.name, where(),
        fmt::format("negative reading {} (kept; check the CT orientation or sign)", row.value));
  }
  if (config.max_rate && row.value > *config.max_rate * kPlausibilitySlack) {
    ++q.implausible;
    diagnostics_.add(Severity::kWarning, "above_max", config.name, where(),
                     fmt::format("reading {} is above the declared maximum {} (kept)", row.value,
                                 *config.max_rate));
  }
  if (!channel.previous) {
    channel.flat_since = row.time;
    return;
  }
  const auto& previous = *channel.previous;
  // A stuck sensor repeats one non-zero value for hours; zero is a legitimate steady state.
  if (row.value == previous.value && row.value != 0.0) {
    ++channel.flat_count;
    if (!channel.flat_reported && channel.flat_count >= kFlatlineSamples &&
        row.time - channel.flat_since >= kFlatlineDuration) {
      channel.flat_reported = true;
      ++q.flatlines;
      diagnostics_.add(Severity::kWarning, "flatline", config.name, where(),
                       fmt::format("the same value {} since {} (stuck sensor?)", row.value,
                                   format_utc(channel.flat_since)));
    }
  } else {
    channel.flat_since = row.time;
    channel.flat_count = 0;
    channel.flat_reported = false;
  }
  // A spike: the previous sample stands far from both neighbours, which agree.
  if (channel.before && previous.time - channel.before->time <= options_.max_gap &&
      row.time - previous.time <= options_.max_gap) {
    const double around = 0.5 * (channel.before->value + row.value);
    const double scale = std::max(std::abs(channel.before->value), std::abs(row.value));
    const double deviation = std::abs(previous.value - around);
    if (deviation > 2.0 * scale && deviation > 1.0 &&
        std::abs(channel.before->value - row.value) <= 0.5 * scale) {
      ++q.spikes;
      diagnostics_.add(Severity::kWarning, "spike", config.name, {std::string{file}, previous.line},
                       fmt::format("reading {} stands out from its neighbours {} and {} (kept)",
                                   previous.value, channel.before->value, row.value));
    }
  }
}

auto EnergyLedger::cell(Channel& channel, std::int64_t bucket) -> CellRef {
  const auto chunk = floor_div(bucket, kChunk);
  if (chunk != channel.cached_chunk) {
    auto& slot = channel.cells[chunk];
    if (!slot) {
      slot = std::make_unique<CellChunk>();
    }
    channel.cached_chunk = chunk;
    channel.cached = slot.get();
  }
  return {*channel.cached, static_cast<std::size_t>(bucket - chunk * kChunk)};
}

void EnergyLedger::book(Channel& channel, Timestamp from, Timestamp to, double amount,
                        bool filled) {
  const auto full = to - from;
  if (full.count() <= 0) {
    return;
  }
  auto begin = from;
  auto end = to;
  if (options_.from && begin < *options_.from) {
    begin = *options_.from;
  }
  if (options_.to && end > *options_.to) {
    end = *options_.to;
  }
  if (end <= begin) {
    return;
  }
  const double rate = amount / static_cast<double>(full.count());  // per millisecond
  const std::int64_t bucket_ms = options_.bucket.count() * 1000;
  auto t = begin;
  while (t < end) {
    const auto bucket = floor_div(t.time_since_epoch().count(), bucket_ms);
    const Timestamp bucket_end{milliseconds{(bucket + 1) * bucket_ms}};
    const auto piece_end = std::min(bucket_end, end);
    const auto piece = (piece_end - t).count();
    const auto c = cell(channel, bucket);
    // A whole interval inside one bucket (the common case) books the exact amount.
    const double share =
        (t == from && piece_end == to) ? amount : rate * static_cast<double>(piece);
    const auto quanta = to_quanta(share, channel.config.name);
    add_quanta(c.chunk.amount[c.index], quanta, channel.config.name);
    if (filled) {
      add_quanta(c.chunk.filled_at(c.index), quanta, channel.config.name);
    }
    c.chunk.covered_ms[c.index] += static_cast<std::uint32_t>(piece);
    t = piece_end;
  }
}

auto EnergyLedger::snapshot(std::uint32_t channel) const -> ChannelSnapshot {
  const auto& c = channels_.at(channel);
  ChannelSnapshot out;
  out.quality = c.quality;
  const auto edge = [](const std::optional<Sample>& sample, const std::string& file) {
    return sample ? std::optional<EdgeReading>{EdgeReading{sample->time, sample->value,
                                                           sample->line, file}}
                  : std::nullopt;
  };
  out.first = edge(c.first, c.first_file);
  out.last = edge(c.previous, c.last_file);
  out.before = edge(c.before, c.last_file);
  out.flat_since = c.flat_since;
  out.flat_count = c.flat_count;
  out.flat_reported = c.flat_reported;
  for (const auto& [chunk, cells] : c.cells) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(kChunk); ++i) {
      const auto cell = cells->at(i);
      if (cell.covered_ms != 0 || cell.amount != 0 || cell.filled != 0) {
        out.buckets.emplace_back(chunk * kChunk + static_cast<std::int64_t>(i), cell);
      }
    }
  }
  return out;
}

void EnergyLedger::append(std::uint32_t channel, const ChannelSnapshot& later) {
  auto& c = channels_.at(channel);
  auto& q = c.quality;
  const auto& l = later.quality;
  q.rows += l.rows;
  q.missing_values += l.missing_values;
  q.gaps += l.gaps;
  q.gap_ms += l.gap_ms;
  q.longest_gap_ms = std::max(q.longest_gap_ms, l.longest_gap_ms);
  q.filled_gaps += l.filled_gaps;
  q.duplicates += l.duplicates;
  q.conflicting_duplicates += l.conflicting_duplicates;
  q.out_of_order += l.out_of_order;
  q.negative += l.negative;
  q.rollovers += l.rollovers;
  q.resets += l.resets;
  q.implausible += l.implausible;
  q.flatlines += l.flatlines;
  q.spikes += l.spikes;
  if (!later.first || !later.last) {
    return;  // the part saw the meter but accepted no reading: only its tallies count
  }
  check_span(later.first->time, later.first->file, later.first->line);
  check_span(later.last->time, later.last->file, later.last->line);
  // The period tallies are the edges' times (accept() sets both): other values would stretch
  // the report period beyond the data (fuzz: a last_ms 500 years on took minutes to aggregate).
  const auto data_start = c.config.reading == model::ReadingKind::kInterval
                              ? later.first->time - c.config.interval
                              : later.first->time;
  if (!l.first || !l.last || *l.first != data_start || *l.last != later.last->time) {
    throw InputError(fmt::format(
        "{}: meter '{}': the part's period ({} .. {}) does not match its first and last "
        "readings ({} .. {}) (a partial file dceff did not write?)",
        later.last->file, c.config.name, l.first ? format_utc(*l.first) : "none",
        l.last ? format_utc(*l.last) : "none", format_utc(data_start),
        format_utc(later.last->time)));
  }
  const bool continuing = c.previous.has_value();
  if (continuing) {
    const auto& previous = *c.previous;
    const auto& first = *later.first;
    const auto start = c.config.reading == model::ReadingKind::kInterval
                           ? first.time - c.config.interval
                           : first.time;
    const bool overlap =
        start < previous.time || (first.time == previous.time && first.value != previous.value);
    if (overlap) {
      throw InputError(fmt::format(
          "{}:{}: meter '{}' has data at {} in one part that overlaps or contradicts the "
          "reading at {} in an earlier one (parts must not overlap in time)",
          first.file, first.line, c.config.name, format_utc(first.time),
          format_utc(previous.time)));
    }
  }
  if (continuing && c.config.reading != model::ReadingKind::kInterval) {
    // Book the interval that crosses the split as one run would have.
    io::TelemetryRow bridge;
    bridge.meter = channel;
    bridge.time = later.first->time;
    bridge.value = later.first->value;
    bridge.line = later.first->line;
    add_row(c, bridge, later.first->file);
    --q.rows;  // the part counted this reading already
  }
  const auto bucket_ms = std::chrono::duration_cast<milliseconds>(options_.bucket).count();
  for (const auto& [bucket, amount] : later.buckets) {
    // A part's buckets lie between its first and last readings and hold at most a bucket of
    // data, also summed with an earlier part's share of the same bucket: anything else would
    // merge into a coverage above 1 (a partial file dceff did not write).
    const auto start = bucket_start(bucket);
    if (start + milliseconds{bucket_ms} <= data_start || start >= later.last->time ||
        static_cast<std::int64_t>(amount.covered_ms) > bucket_ms) {
      throw InputError(fmt::format(
          "{}: meter '{}': the bucket at {} claims {} ms of data, outside the part's readings "
          "({} .. {}) or beyond the bucket length of {} ms (a partial file dceff did not write?)",
          later.last->file, c.config.name, format_utc(start), amount.covered_ms,
          format_utc(data_start), format_utc(later.last->time), bucket_ms));
    }
    const auto cell = this->cell(c, bucket);
    const auto merged = static_cast<std::int64_t>(cell.chunk.covered_ms[cell.index]) +
                        static_cast<std::int64_t>(amount.covered_ms);
    if (merged > bucket_ms) {
      throw InputError(fmt::format(
          "{}: meter '{}': the bucket at {} would hold {} ms of data after the merge, more than "
          "its {} ms (parts overlap, or a partial file dceff did not write?)",
          later.last->file, c.config.name, format_utc(start), merged, bucket_ms));
    }
    add_quanta(cell.chunk.amount[cell.index], amount.amount, c.config.name);
    if (amount.filled != 0) {
      add_quanta(cell.chunk.filled_at(cell.index), amount.filled, c.config.name);
    }
    cell.chunk.covered_ms[cell.index] += amount.covered_ms;
  }
  if (l.first && (!q.first || *l.first < *q.first)) {
    q.first = l.first;
  }
  if (l.last && (!q.last || *l.last > *q.last)) {
    q.last = l.last;
  }
  if (!c.first) {
    c.first = Sample{later.first->time, later.first->value, later.first->line};
    c.first_file = later.first->file;
  }
  c.previous = Sample{later.last->time, later.last->value, later.last->line};
  c.last_file = later.last->file;
  if (later.before) {
    c.before = Sample{later.before->time, later.before->value, later.before->line};
  }
  if (later.flat_since > c.flat_since || !continuing) {
    c.flat_since = later.flat_since;
    c.flat_count = later.flat_count;
    c.flat_reported = later.flat_reported;
  }
}

void EnergyLedger::finish() {
  if (finished_) {
    return;
  }
  finished_ = true;
  bool any = false;
  for (auto& channel : channels_) {
    for (const auto& [chunk, cells] : channel.cells) {
      for (std::size_t i = 0; i < static_cast<std::size_t>(kChunk); ++i) {
        if (cells->covered_ms[i] == 0 && cells->amount[i] == 0) {
          continue;
        }
        const auto bucket = chunk * kChunk + static_cast<std::int64_t>(i);
        if (!any) {
          first_bucket_ = bucket;
          end_bucket_ = bucket + 1;
          any = true;
        }
        first_bucket_ = std::min(first_bucket_, bucket);
        end_bucket_ = std::max(end_bucket_, bucket + 1);
      }
    }
    channel.cached = nullptr;
    channel.cached_chunk = std::numeric_limits<std::int64_t>::min();
  }
}

auto EnergyLedger::amount(std::uint32_t channel, std::int64_t bucket) const noexcept
    -> BucketAmount {
  const auto& cells = channels_[channel].cells;
  const auto chunk = floor_div(bucket, kChunk);
  const auto it = cells.find(chunk);
  if (it == cells.end()) {
    return {};
  }
  return it->second->at(static_cast<std::size_t>(bucket - chunk * kChunk));
}

}  // namespace dceff::ledger
