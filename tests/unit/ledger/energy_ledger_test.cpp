#include "dceff/ledger/energy_ledger.hpp"

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"

#include "support/ledger_input.hpp"

namespace {

using Catch::Matchers::WithinAbs;
using dceff::Timestamp;
using dceff::io::TelemetryRow;
using dceff::ledger::ChannelConfig;
using dceff::ledger::ChannelQuality;
using dceff::ledger::EnergyLedger;
using dceff::ledger::LedgerOptions;
using dceff::test::booked_kwh;
using dceff::test::counter_channel;
using dceff::test::kHour0;
using dceff::test::kT0Ms;
using dceff::test::rate_channel;
using std::chrono::minutes;

auto at(int minute) -> Timestamp {
  return Timestamp{std::chrono::milliseconds{kT0Ms}} + minutes{minute};
}

// A reading `minute` minutes after kT0, on line minute + 2 of its file.
auto row(std::uint32_t meter, int minute, double value) -> TelemetryRow {
  return dceff::test::reading(meter, kT0Ms + minute * 60'000LL, value,
                              static_cast<std::uint64_t>(minute) + 2);
}

// A ledger with the one channel `config`, fed (minute, value) readings as rows of t.csv, then
// finished: the set-up of every single-meter test below.
struct OneChannel {
  OneChannel(ChannelConfig config, const std::vector<std::pair<int, double>>& readings,
             LedgerOptions options = {})
      : ledger{std::move(options), diagnostics}, meter{ledger.add_channel(std::move(config))} {
    std::vector<TelemetryRow> rows;
    for (const auto& [minute, value] : readings) {
      rows.push_back(row(meter, minute, value));
    }
    ledger.add(rows, "t.csv");
    ledger.finish();
  }

  [[nodiscard]] auto kwh(std::int64_t bucket) const -> double {
    return booked_kwh(ledger, meter, bucket);
  }
  [[nodiscard]] auto covered_ms(std::int64_t bucket) const -> std::uint32_t {
    return ledger.amount(meter, bucket).covered_ms;
  }
  [[nodiscard]] auto quality() const -> const ChannelQuality& { return ledger.quality(meter); }

  dceff::Diagnostics diagnostics;
  EnergyLedger ledger;
  std::uint32_t meter;
};

}  // namespace

TEST_CASE("a power sample holds until the next and is split across bucket boundaries", "[ledger]") {
  // 120 kW from 00:50 to 01:05 (15 min): 10 min in hour 0 = 20 kWh, 5 min in hour 1 = 10 kWh.
  const OneChannel run{rate_channel("grid"), {{50, 120.0}, {65, 60.0}}};
  CHECK_THAT(run.kwh(kHour0), WithinAbs(20.0, 1e-9));
  CHECK_THAT(run.kwh(kHour0 + 1), WithinAbs(10.0, 1e-9));
  CHECK(run.covered_ms(kHour0) == 10 * 60'000);
  CHECK(run.covered_ms(kHour0 + 1) == 5 * 60'000);
  CHECK(run.ledger.first_bucket() == kHour0);
  CHECK(run.ledger.end_bucket() == kHour0 + 2);
}

TEST_CASE("an interval longer than the maximum gap is not bridged and is reported", "[ledger]") {
  const OneChannel run{rate_channel("grid"), {{0, 100.0}, {10, 100.0}, {30, 100.0}, {40, 100.0}}};
  // 00:00-00:10 and 00:30-00:40 booked (2 x 100 kW x 1/6 h); the 20-min hole is missing.
  CHECK_THAT(run.kwh(kHour0), WithinAbs(200.0 / 6.0, 1e-6));
  CHECK(run.covered_ms(kHour0) == 20 * 60'000);
  CHECK(run.quality().gaps == 1);
  CHECK(run.quality().longest_gap_ms == 20 * 60'000);
  CHECK(run.diagnostics.count_code("gap") == 1);
  REQUIRE(run.diagnostics.entries().size() == 1);
  CHECK(run.diagnostics.entries()[0].message ==
        "no reading for 20 min before 2025-01-01T00:30:00Z (longer than the 15 min maximum gap; "
        "energy missing)");
  CHECK(run.diagnostics.entries()[0].where.line == 32);
}

TEST_CASE("the hold gap policy fills with the earlier sample and records the filled energy",
          "[ledger]") {
  LedgerOptions options;
  options.gap_fill = dceff::model::GapFill::kHold;
  // 90 kW held over the 30-min gap = 45 kWh filled; 00:30-00:36 at 30 kW = 3 kWh measured.
  const OneChannel run{rate_channel("grid"), {{0, 90.0}, {30, 30.0}, {36, 30.0}}, options};
  CHECK_THAT(run.kwh(kHour0), WithinAbs(48.0, 1e-9));
  CHECK(static_cast<double>(run.ledger.amount(run.meter, kHour0).filled) ==
        45.0 * dceff::ledger::kQuantaPerUnit);
  CHECK(run.quality().filled_gaps == 1);
}

TEST_CASE("a counter rollover is booked as the wrapped delta when plausible", "[ledger]") {
  // 990 -> 5 over 10 min: wrapped delta 1000 - 990 + 5 = 15 kWh <= 500 kW x 1/6 h = 83.3 kWh.
  const OneChannel run{counter_channel("grid.kwh", 1000.0, 500.0), {{0, 990.0}, {10, 5.0}}};
  CHECK_THAT(run.kwh(kHour0), WithinAbs(15.0, 1e-9));
  CHECK(run.quality().rollovers == 1);
  CHECK(run.quality().resets == 0);
}

TEST_CASE("a counter decrease that no plausible rollover explains is a reset, never consumption",
          "[ledger]") {
  // Rollover at 1e6 but a 100 kW limit: 999000 -> 2000 would be 3000 kWh in 10 min: implausible.
  const OneChannel run{counter_channel("grid.kwh", 1e6, 100.0),
                       {{0, 998990.0}, {10, 999000.0}, {20, 2000.0}, {30, 2010.0}}};
  // 10 + 10 kWh booked; the reset interval 00:10-00:20 is neither booked nor covered.
  CHECK_THAT(run.kwh(kHour0), WithinAbs(20.0, 1e-9));
  CHECK(run.covered_ms(kHour0) == 20 * 60'000);
  CHECK(run.quality().resets == 1);
  CHECK(run.diagnostics.count_code("counter_reset") == 1);
}

TEST_CASE("a counter jump above the maximum power is not booked", "[ledger]") {
  // 600 kW x 1/6 h = 100 kWh at most; +5000 is a meter swap.
  const OneChannel run{counter_channel("grid.kwh", {}, 600.0),
                       {{0, 100.0}, {10, 5100.0}, {20, 5150.0}}};
  CHECK_THAT(run.kwh(kHour0), WithinAbs(50.0, 1e-9));
  CHECK(run.quality().implausible == 1);
}

TEST_CASE("duplicates, conflicting duplicates and out-of-order rows are skipped and counted",
          "[ledger]") {
  const OneChannel run{rate_channel("grid"),
                       {{0, 60.0}, {0, 60.0}, {0, 70.0}, {10, 60.0}, {5, 999.0}, {20, 60.0}}};
  // 60 kW over 20 min = 20 kWh; the 999 kW row at 00:05 came after 00:10 and is skipped.
  CHECK_THAT(run.kwh(kHour0), WithinAbs(20.0, 1e-9));
  const auto& q = run.quality();
  CHECK(q.duplicates == 1);
  CHECK(q.conflicting_duplicates == 1);
  CHECK(q.out_of_order == 1);
}

TEST_CASE("an explicit missing value is the same as an absent row", "[ledger]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto a = ledger.add_channel(rate_channel("a"));
  const auto b = ledger.add_channel(rate_channel("b"));
  auto missing = row(a, 5, 0.0);
  missing.missing = true;
  const std::vector<TelemetryRow> rows{row(a, 0, 30.0), missing, row(a, 10, 30.0), row(b, 0, 30.0),
                                       row(b, 10, 30.0)};
  ledger.add(rows, "t.csv");
  ledger.finish();
  CHECK(ledger.amount(a, kHour0).amount == ledger.amount(b, kHour0).amount);
  CHECK(ledger.quality(a).missing_values == 1);
}

TEST_CASE("the analysis period clips booking at both ends", "[ledger]") {
  LedgerOptions options;
  options.from = at(10);
  options.to = at(40);
  std::vector<std::pair<int, double>> readings;
  for (int m = 0; m <= 60; m += 5) {
    readings.emplace_back(m, 120.0);
  }
  const OneChannel run{rate_channel("grid"), readings, options};
  // Only 00:10-00:40 counts: 120 kW x 0.5 h = 60 kWh.
  CHECK_THAT(run.kwh(kHour0), WithinAbs(60.0, 1e-9));
  CHECK(run.covered_ms(kHour0) == 30 * 60'000);
}

TEST_CASE("a bucket beyond any plausible amount is an error, not an overflow", "[ledger][errors]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto meter = ledger.add_channel(rate_channel("grid"));
  const std::vector<TelemetryRow> rows{row(meter, 0, 1e300), row(meter, 10, 1.0)};
  CHECK_THROWS_MATCHES(ledger.add(rows, "t.csv"), dceff::InputError,
                       Catch::Matchers::Message("meter 'grid': 1.6666666666666668e+299 in one "
                                                "bucket is beyond any plausible reading (check "
                                                "its unit and values)"));
}

TEST_CASE("flat-lined sensors and single-sample spikes are reported, not altered", "[ledger]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto flat = ledger.add_channel(rate_channel("flat"));
  const auto spiky = ledger.add_channel(rate_channel("spiky"));
  std::vector<TelemetryRow> rows;
  for (int m = 0; m <= 7 * 60; m += 10) {
    rows.push_back(row(flat, m, 42.0));  // 7 h of the same non-zero value
  }
  rows.push_back(row(spiky, 0, 100.0));
  rows.push_back(row(spiky, 10, 900.0));
  rows.push_back(row(spiky, 20, 100.0));
  ledger.add(rows, "t.csv");
  ledger.finish();
  CHECK(ledger.quality(flat).flatlines == 1);
  CHECK(ledger.quality(spiky).spikes == 1);
  // The spike stays in the energy: 100 x 1/6 + 900 x 1/6 = 166.67 kWh.
  CHECK_THAT(booked_kwh(ledger, spiky, kHour0), WithinAbs(1000.0 / 6.0, 1e-6));
}

TEST_CASE("property: a counter never books negative energy", "[ledger][property]") {
  const auto seed = GENERATE(take(20, random(1, 1'000'000)));
  std::uint64_t state = static_cast<std::uint64_t>(seed);
  auto next = [&]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 33) / static_cast<double>(1ULL << 31);
  };
  std::vector<std::pair<int, double>> readings;
  for (int m = 0; m < 600; m += 5) {
    readings.emplace_back(m, std::floor(next() * 1000.0));  // random walk with resets
  }
  const OneChannel run{counter_channel("c", 1000.0, 2000.0), readings};
  for (auto b = run.ledger.first_bucket(); b < run.ledger.end_bucket(); ++b) {
    CHECK(run.ledger.amount(run.meter, b).amount >= 0);
  }
}
