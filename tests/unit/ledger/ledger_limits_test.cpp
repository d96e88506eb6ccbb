// Issue 6 findings on the ledger: the time span a run may cover, newest-first files, and
// partial states whose buckets a run could not have produced.
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"
#include "dceff/ledger/energy_ledger.hpp"

#include "support/ledger_input.hpp"

namespace {

using Catch::Matchers::Message;
using dceff::InputError;
using dceff::Timestamp;
using dceff::io::TelemetryRow;
using dceff::ledger::EnergyLedger;
using dceff::ledger::LedgerOptions;
using dceff::test::kT0Ms;
using dceff::test::rate_channel;
using dceff::test::reading;
using std::chrono::milliseconds;

constexpr std::int64_t kMinuteMs = 60'000;

}  // namespace

TEST_CASE("one run covers at most 20 years of data", "[ledger][errors]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto a = ledger.add_channel(rate_channel("a"));
  const auto b = ledger.add_channel(rate_channel("b"));
  // kMaxSpan = 20 x 365.25 days = 7305 days = 631152000000 ms.
  constexpr std::int64_t kSpanMs = 7305LL * 86'400'000;
  static_assert(dceff::ledger::kMaxSpan.count() == kSpanMs);
  SECTION("exactly the limit is accepted, across meters") {
    const std::vector<TelemetryRow> rows{reading(a, kT0Ms, 1.0, 2),
                                         reading(b, kT0Ms + kSpanMs, 1.0, 3)};
    ledger.add(rows, "t.csv");
    SUCCEED();
  }
  SECTION("one millisecond more names both readings") {
    // 7305 days after 2025-01-01 is 2045-01-01 (20 x 365 + 5 leap days 2028..2044); (7305 days
    // + 1 ms) / 365.25 days = 20.0 years.
    const std::vector<TelemetryRow> rows{reading(a, kT0Ms, 1.0, 2),
                                         reading(b, kT0Ms + kSpanMs + 1, 1.0, 7)};
    CHECK_THROWS_MATCHES(
        ledger.add(rows, "t.csv"), InputError,
        Message("t.csv:7: the reading at 2045-01-01T00:00:00.001Z is 20.0 years after the one at "
                "2025-01-01T00:00:00Z (t.csv:2): one run covers at most 20 years (a wrong date? "
                "narrow the run with --from/--to)"));
  }
  SECTION("an early stray reading after the rest is named as the earlier one") {
    // 7305 days before 2025-01-01 is 2005-01-01 (leap days 2008..2024: 5); one minute earlier.
    const std::vector<TelemetryRow> rows{reading(a, kT0Ms, 1.0, 2),
                                         reading(b, kT0Ms - kSpanMs - kMinuteMs, 1.0, 9)};
    CHECK_THROWS_MATCHES(
        ledger.add(rows, "t.csv"), InputError,
        Message("t.csv:2: the reading at 2025-01-01T00:00:00Z is 20.0 years after the one at "
                "2004-12-31T23:59:00Z (t.csv:9): one run covers at most 20 years (a wrong date? "
                "narrow the run with --from/--to)"));
  }
  SECTION("readings outside --from/--to do not stretch the span") {
    LedgerOptions options;
    options.from = Timestamp{milliseconds{kT0Ms}};
    EnergyLedger bounded{options, diagnostics};
    const auto c = bounded.add_channel(rate_channel("c"));
    const std::vector<TelemetryRow> rows{reading(c, kT0Ms - 2 * kSpanMs, 1.0, 2),
                                         reading(c, kT0Ms + kMinuteMs, 1.0, 3)};
    bounded.add(rows, "t.csv");
    SUCCEED();
  }
}

TEST_CASE("a file whose rows run newest first is refused at its second reading",
          "[ledger][errors]") {
  dceff::Diagnostics diagnostics;
  EnergyLedger ledger{LedgerOptions{}, diagnostics};
  const auto a = ledger.add_channel(rate_channel("grid"));
  const std::vector<TelemetryRow> rows{reading(a, kT0Ms + 15 * kMinuteMs, 1.0, 2),
                                       reading(a, kT0Ms, 1.0, 3)};
  CHECK_THROWS_MATCHES(ledger.add(rows, "t.csv"), InputError,
                       Message("t.csv:3: meter 'grid': the reading at 2025-01-01T00:00:00Z is "
                               "earlier than the one before it at 2025-01-01T00:15:00Z: are the "
                               "rows newest first? (expected rows in time order: sort the file)"));
}

TEST_CASE("a merged bucket never holds more than a bucket of data", "[ledger][partial][errors]") {
  dceff::Diagnostics diagnostics;
  // A part with readings at 00:00, 00:15 and 00:30 (1 kW, within the 15-min maximum gap):
  // bucket 482136 (2025-01-01T00, 1735689600 / 3600) holds 30 min.
  EnergyLedger part{LedgerOptions{}, diagnostics};
  const auto p = part.add_channel(rate_channel("grid"));
  const std::vector<TelemetryRow> rows{reading(p, kT0Ms, 1.0, 2),
                                       reading(p, kT0Ms + 15 * kMinuteMs, 1.0, 3),
                                       reading(p, kT0Ms + 30 * kMinuteMs, 1.0, 4)};
  part.add(rows, "part.csv");
  part.finish();
  auto snapshot = part.snapshot(p);
  REQUIRE(snapshot.buckets.size() == 1);
  CHECK(snapshot.buckets[0].second.covered_ms == 30 * kMinuteMs);

  EnergyLedger whole{LedgerOptions{}, diagnostics};
  const auto w = whole.add_channel(rate_channel("grid"));
  SECTION("an untampered part merges") {
    whole.append(w, snapshot);
    whole.finish();
    CHECK(whole.amount(w, 482136).covered_ms == 30 * kMinuteMs);
  }
  SECTION("a bucket claiming 61 minutes of a 60-minute bucket") {
    snapshot.buckets[0].second.covered_ms = 61 * 60'000;
    CHECK_THROWS_MATCHES(
        whole.append(w, snapshot), InputError,
        Message("part.csv: meter 'grid': the bucket at 2025-01-01T00:00:00Z claims 3660000 ms of "
                "data, outside the part's readings (2025-01-01T00:00:00Z .. "
                "2025-01-01T00:30:00Z) or beyond the bucket length of 3600000 ms (a partial file "
                "dceff did not write?)"));
  }
  SECTION("a bucket after the part's last reading") {
    snapshot.buckets[0].first += 5;
    CHECK_THROWS_AS(whole.append(w, snapshot), InputError);
  }
  SECTION("a period tally beyond the last reading (fuzz finding: 500 years of empty buckets)") {
    snapshot.quality.last =
        Timestamp{milliseconds{17'410'790'800'000}};  // 17410790800 s: 2521-09-22T18:46:40Z
    CHECK_THROWS_MATCHES(
        whole.append(w, snapshot), InputError,
        Message("part.csv: meter 'grid': the part's period (2025-01-01T00:00:00Z .. "
                "2521-09-22T18:46:40Z) does not match its first and last readings "
                "(2025-01-01T00:00:00Z .. 2025-01-01T00:30:00Z) (a partial file dceff did not "
                "write?)"));
  }
  SECTION("the same part merged twice overlaps") {
    whole.append(w, snapshot);
    auto again = snapshot;
    CHECK_THROWS_AS(whole.append(w, again), InputError);
  }
}
