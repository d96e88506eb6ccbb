#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "dceff/io/telemetry_reader.hpp"
#include "dceff/ledger/energy_ledger.hpp"

namespace dceff::test {

// Rows and channels built by hand for tests that feed an EnergyLedger directly, without the
// telemetry reader; the ledger, limits and KPI property tests all start on the same day.

/// 2025-01-01T00:00:00Z = 1735689600 s, in milliseconds.
inline constexpr std::int64_t kT0Ms = 1'735'689'600'000;

/// The hourly bucket of kT0Ms: 1735689600 / 3600 = 482136.
inline constexpr std::int64_t kHour0 = 482136;

/// A reading of channel `meter` at `time_ms` (ms since the epoch), from line `line` of its file.
inline auto reading(std::uint32_t meter, std::int64_t time_ms, double value, std::uint64_t line)
    -> io::TelemetryRow {
  io::TelemetryRow r;
  r.meter = meter;
  r.time = Timestamp{std::chrono::milliseconds{time_ms}};
  r.value = value;
  r.line = line;
  return r;
}

/// A power meter: rate readings, no rollover, no maximum, negative readings flagged.
inline auto rate_channel(std::string name) -> ledger::ChannelConfig {
  return ledger::ChannelConfig{std::move(name), model::ReadingKind::kRate, {}, {}, {}, true};
}

/// An energy counter: cumulative readings with an optional register maximum (rollover) and an
/// optional maximum power in kW.
inline auto counter_channel(std::string name, std::optional<double> rollover = {},
                            std::optional<double> max_kw = {}) -> ledger::ChannelConfig {
  return ledger::ChannelConfig{
      std::move(name), model::ReadingKind::kCumulative, rollover, max_kw, {}, true};
}

/// The energy booked for `channel` in `bucket` (measured and filled), in kWh.
inline auto booked_kwh(const ledger::EnergyLedger& ledger, std::uint32_t channel,
                       std::int64_t bucket) -> double {
  return static_cast<double>(ledger.amount(channel, bucket).amount) / ledger::kQuantaPerUnit;
}

}  // namespace dceff::test
