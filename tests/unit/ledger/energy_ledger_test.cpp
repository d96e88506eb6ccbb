#include "dceff/ledger/energy_ledger.hpp"

#include <vector>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"

namespace {

using dceff::Timestamp;
using dceff::io::TelemetryRow;
using dceff::ledger::ChannelConfig;
using dceff::ledger::EnergyLedger;
using dceff::ledger::LedgerOptions;
using dceff::model::ReadingKind;
using std::chrono::milliseconds;
using std::chrono::minutes;

// 2025-01-01T00:00:00Z = 1735689600 s.
const Timestamp kT0{milliseconds{1'735'689'600'000}};

auto at(int minute) -> Timestamp {
  return kT0 + minutes{minute};
}

auto row(std::uint32_t meter, int minute, double value) -> TelemetryRow {
  TelemetryRow r;
  r.meter = meter;
  r.time = at(minute);
  r.value = value;
  r.line = static_cast<std::uint64_t>(minute) + 2;
  return r;
}

auto kwh(const EnergyLedger& ledger, std::uint32_t channel, std::int64_t bucket) -> double {
  return static_cast<double>(ledger.amount(channel, bucket).amount) / dceff::ledger::kQuantaPerUnit;
}

// Bucket index of kT0 for hourly buckets: 1735689600 / 3600 = 482136.
constexpr std::int64_t kHour0 = 482136;

}  // namespace

TEST_CASE("a power sample holds until the next and is split across bucket boundaries", "[ledger]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto meter =
      ledger.add_channel(ChannelConfig{"grid", ReadingKind::kRate, {}, {}, {}, true});
  // 120 kW from 00:50 to 01:05 (15 min): 10 min in hour 0 = 20 kWh, 5 min in hour 1 = 10 kWh.
  const std::vector<TelemetryRow> rows{row(meter, 50, 120.0), row(meter, 65, 60.0)};
  ledger.add(rows, "t.csv");
  ledger.finish();
  CHECK_THAT(kwh(ledger, meter, kHour0), Catch::Matchers::WithinAbs(20.0, 1e-9));
  CHECK_THAT(kwh(ledger, meter, kHour0 + 1), Catch::Matchers::WithinAbs(10.0, 1e-9));
  CHECK(ledger.amount(meter, kHour0).covered_ms == 10 * 60'000);
  CHECK(ledger.amount(meter, kHour0 + 1).covered_ms == 5 * 60'000);
  CHECK(ledger.first_bucket() == kHour0);
  CHECK(ledger.end_bucket() == kHour0 + 2);
}

TEST_CASE("an interval longer than the maximum gap is not bridged and is reported", "[ledger]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto meter =
      ledger.add_channel(ChannelConfig{"grid", ReadingKind::kRate, {}, {}, {}, true});
  const std::vector<TelemetryRow> rows{row(meter, 0, 100.0), row(meter, 10, 100.0),
                                       row(meter, 30, 100.0), row(meter, 40, 100.0)};
  ledger.add(rows, "t.csv");
  ledger.finish();
  // 00:00-00:10 and 00:30-00:40 booked (2 x 100 kW x 1/6 h); the 20-min hole is missing.
  CHECK_THAT(kwh(ledger, meter, kHour0), Catch::Matchers::WithinAbs(200.0 / 6.0, 1e-6));
  CHECK(ledger.amount(meter, kHour0).covered_ms == 20 * 60'000);
  CHECK(ledger.quality(meter).gaps == 1);
  CHECK(ledger.quality(meter).longest_gap_ms == 20 * 60'000);
  CHECK(diagnostics.count_code("gap") == 1);
  REQUIRE(diagnostics.entries().size() == 1);
  CHECK(diagnostics.entries()[0].message ==
        "no reading for 20 min before 2025-01-01T00:30:00Z (longer than the 15 min maximum gap; "
        "energy missing)");
  CHECK(diagnostics.entries()[0].where.line == 32);
}

TEST_CASE("the hold gap policy fills with the earlier sample and records the filled energy",
          "[ledger]") {
  dceff::Diagnostics diagnostics;
  LedgerOptions options;
  options.gap_fill = dceff::model::GapFill::kHold;
  EnergyLedger ledger{options, diagnostics};
  const auto meter =
      ledger.add_channel(ChannelConfig{"grid", ReadingKind::kRate, {}, {}, {}, true});
  // 90 kW held over the 30-min gap = 45 kWh filled; 00:30-00:36 at 30 kW = 3 kWh measured.
  const std::vector<TelemetryRow> rows{row(meter, 0, 90.0), row(meter, 30, 30.0),
                                       row(meter, 36, 30.0)};
  ledger.add(rows, "t.csv");
  ledger.finish();
  CHECK_THAT(kwh(ledger, meter, kHour0), Catch::Matchers::WithinAbs(48.0, 1e-9));
  CHECK(static_cast<double>(ledger.amount(meter, kHour0).filled) ==
        45.0 * dceff::ledger::kQuantaPerUnit);
  CHECK(ledger.quality(meter).filled_gaps == 1);
}

TEST_CASE("a counter rollover is booked as the wrapped delta when plausible", "[ledger]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto meter = ledger.add_channel(
      ChannelConfig{"grid.kwh", ReadingKind::kCumulative, 1000.0, 500.0, {}, true});
  // 990 -> 5 over 10 min: wrapped delta 1000 - 990 + 5 = 15 kWh <= 500 kW x 1/6 h = 83.3 kWh.
  const std::vector<TelemetryRow> rows{row(meter, 0, 990.0), row(meter, 10, 5.0)};
  ledger.add(rows, "t.csv");
  ledger.finish();
  CHECK_THAT(kwh(ledger, meter, kHour0), Catch::Matchers::WithinAbs(15.0, 1e-9));
  CHECK(ledger.quality(meter).rollovers == 1);
  CHECK(ledger.quality(meter).resets == 0);
}

TEST_CASE("a counter decrease that no plausible rollover explains is a reset, never consumption",
          "[ledger]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  // Rollover at 1e6 but a 100 kW limit: 999000 -> 2000 would be 3000 kWh in 10 min: implausible.
  const auto meter =
      ledger.add_channel(ChannelConfig{"grid.kwh", ReadingKind::kCumulative, 1e6, 100.0, {}, true});
  const std::vector<TelemetryRow> rows{row(meter, 0, 998990.0), row(meter, 10, 999000.0),
                                       row(meter, 20, 2000.0), row(meter, 30, 2010.0)};
  ledger.add(rows, "t.csv");
  ledger.finish();
  // 10 + 10 kWh booked; the reset interval 00:10-00:20 is neither booked nor covered.
  CHECK_THAT(kwh(ledger, meter, kHour0), Catch::Matchers::WithinAbs(20.0, 1e-9));
  CHECK(ledger.amount(meter, kHour0).covered_ms == 20 * 60'000);
  CHECK(ledger.quality(meter).resets == 1);
  CHECK(diagnostics.count_code("counter_reset") == 1);
}

TEST_CASE("a counter jump above the maximum power is not booked", "[ledger]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto meter =
      ledger.add_channel(ChannelConfig{"grid.kwh", ReadingKind::kCumulative, {}, 600.0, {}, true});
  // 600 kW x 1/6 h = 100 kWh at most; +5000 is a meter swap.
  const std::vector<TelemetryRow> rows{row(meter, 0, 100.0), row(meter, 10, 5100.0),
                                       row(meter, 20, 5150.0)};
  ledger.add(rows, "t.csv");
  ledger.finish();
  CHECK_THAT(kwh(ledger, meter, kHour0), Catch::Matchers::WithinAbs(50.0, 1e-9));
  CHECK(ledger.quality(meter).implausible == 1);
}

TEST_CASE("duplicates, conflicting duplicates and out-of-order rows are skipped and counted",
          "[ledger]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto meter =
      ledger.add_channel(ChannelConfig{"grid", ReadingKind::kRate, {}, {}, {}, true});
  const std::vector<TelemetryRow> rows{row(meter, 0, 60.0),  row(meter, 0, 60.0),
                                       row(meter, 0, 70.0),  row(meter, 10, 60.0),
                                       row(meter, 5, 999.0), row(meter, 20, 60.0)};
  ledger.add(rows, "t.csv");
  ledger.finish();
  // 60 kW over 20 min = 20 kWh; the 999 kW row at 00:05 came after 00:10 and is skipped.
  CHECK_THAT(kwh(ledger, meter, kHour0), Catch::Matchers::WithinAbs(20.0, 1e-9));
  const auto& q = ledger.quality(meter);
  CHECK(q.duplicates == 1);
  CHECK(q.conflicting_duplicates == 1);
  CHECK(q.out_of_order == 1);
}

TEST_CASE("an explicit missing value is the same as an absent row", "[ledger]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto a = ledger.add_channel(ChannelConfig{"a", ReadingKind::kRate, {}, {}, {}, true});
  const auto b = ledger.add_channel(ChannelConfig{"b", ReadingKind::kRate, {}, {}, {}, true});
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
  dceff::Diagnostics diagnostics;
  LedgerOptions options;
  options.from = at(10);
  options.to = at(40);
  EnergyLedger ledger{options, diagnostics};
  const auto meter =
      ledger.add_channel(ChannelConfig{"grid", ReadingKind::kRate, {}, {}, {}, true});
  std::vector<TelemetryRow> rows;
  for (int m = 0; m <= 60; m += 5) {
    rows.push_back(row(meter, m, 120.0));
  }
  ledger.add(rows, "t.csv");
  ledger.finish();
  // Only 00:10-00:40 counts: 120 kW x 0.5 h = 60 kWh.
  CHECK_THAT(kwh(ledger, meter, kHour0), Catch::Matchers::WithinAbs(60.0, 1e-9));
  CHECK(ledger.amount(meter, kHour0).covered_ms == 30 * 60'000);
}

TEST_CASE("a bucket beyond any plausible amount is an error, not an overflow", "[ledger][errors]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto meter =
      ledger.add_channel(ChannelConfig{"grid", ReadingKind::kRate, {}, {}, {}, true});
  const std::vector<TelemetryRow> rows{row(meter, 0, 1e300), row(meter, 10, 1.0)};
  CHECK_THROWS_MATCHES(ledger.add(rows, "t.csv"), dceff::InputError,
                       Catch::Matchers::Message("meter 'grid': 1.6666666666666668e+299 in one "
                                                "bucket is beyond any plausible reading (check "
                                                "its unit and values)"));
}

TEST_CASE("flat-lined sensors and single-sample spikes are reported, not altered", "[ledger]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto flat = ledger.add_channel(ChannelConfig{"flat", ReadingKind::kRate, {}, {}, {}, true});
  const auto spiky =
      ledger.add_channel(ChannelConfig{"spiky", ReadingKind::kRate, {}, {}, {}, true});
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
  CHECK_THAT(kwh(ledger, spiky, kHour0), Catch::Matchers::WithinAbs(1000.0 / 6.0, 1e-6));
}

TEST_CASE("property: a counter never books negative energy", "[ledger][property]") {
  const auto seed = GENERATE(take(20, random(1, 1'000'000)));
  std::uint64_t state = static_cast<std::uint64_t>(seed);
  auto next = [&]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 33) / static_cast<double>(1ULL << 31);
  };
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto meter =
      ledger.add_channel(ChannelConfig{"c", ReadingKind::kCumulative, 1000.0, 2000.0, {}, true});
  std::vector<TelemetryRow> rows;
  for (int m = 0; m < 600; m += 5) {
    rows.push_back(row(meter, m, std::floor(next() * 1000.0)));  // random walk with resets
  }
  ledger.add(rows, "t.csv");
  ledger.finish();
  for (auto b = ledger.first_bucket(); b < ledger.end_bucket(); ++b) {
    CHECK(ledger.amount(meter, b).amount >= 0);
  }
}
