#include "dceff/io/telemetry_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/diagnostics.hpp"
#include "dceff/error.hpp"
#include "dceff/io/byte_source.hpp"
#include "dceff/time.hpp"
#include "dceff/units.hpp"

// Expected instants are computed by hand from days since 1970-01-01:
//   2025-01-01 = 55 * 365 + 14 leap days (1972..2024) = day 20089; 20089 * 86400 = 1735689600 s.
//   2025-03-30 = 20089 + 31 + 28 + 29 = day 20177 = 1743292800 s (the EU spring-forward Sunday:
//     clocks in Berlin jump from 02:00 CET to 03:00 CEST at 01:00Z).
//   2025-10-26 = 20089 + 298 = day 20387 = 1761436800 s (the EU fall-back Sunday: clocks in
//     Berlin go back from 03:00 CEST to 02:00 CET at 01:00Z, so 02:00..02:59 happens twice).

namespace {

using Catch::Matchers::Message;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using dceff::Diagnostics;
using dceff::InputError;
using dceff::Severity;
using dceff::TimeZone;
using dceff::io::ByteSource;
using dceff::io::MeterRef;
using dceff::io::ReaderOptions;
using dceff::io::ReadSummary;
using dceff::io::TelemetryFormat;
using dceff::io::TelemetryRow;

constexpr std::int64_t kNewYear = 1'735'689'600;        // 2025-01-01T00:00:00Z
constexpr std::int64_t kSpringForward = 1'743'292'800;  // 2025-03-30T00:00:00Z
constexpr std::int64_t kFallBack = 1'761'436'800;       // 2025-10-26T00:00:00Z

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;

// Milliseconds since the epoch of `seconds`, the unit TelemetryRow::time counts in.
constexpr auto ms(std::int64_t seconds) -> std::int64_t {
  return seconds * 1000;
}

auto ms_of(const TelemetryRow& row) -> std::int64_t {
  return row.time.time_since_epoch().count();
}

struct Resolution {
  std::string id;
  std::string file;
  std::uint64_t line = 0;
};

// Records every row it is given. Declared meters resolve to their position in the declaration
// list, with the given unit; any other id is skipped and its rows are counted in `skipped`.
class RecordingSink final : public dceff::io::RowSink {
 public:
  RecordingSink(std::initializer_list<std::pair<std::string_view, std::string_view>> meters) {
    for (const auto& [meter, unit] : meters) {
      ids_.emplace_back(meter);
      units_.push_back(dceff::parse_unit(unit).value());
    }
  }

  [[nodiscard]] auto resolve(std::string_view meter_id, std::string_view file, std::uint64_t line)
      -> MeterRef override {
    resolutions.push_back({std::string{meter_id}, std::string{file}, line});
    for (std::size_t i = 0; i < ids_.size(); ++i) {
      if (ids_[i] == meter_id) {
        MeterRef ref;
        ref.index = static_cast<std::uint32_t>(i);
        ref.quantity = units_[i].quantity;
        ref.unit = units_[i];
        return ref;
      }
    }
    MeterRef skip;
    skip.skipped_rows = &skipped;
    return skip;
  }

  void accept(std::span<const TelemetryRow> batch, std::string_view file) override {
    ++batches;
    files.emplace_back(file);
    rows.insert(rows.end(), batch.begin(), batch.end());
  }

  [[nodiscard]] auto id(const TelemetryRow& row) const -> const std::string& {
    return ids_.at(row.meter);
  }

  std::vector<TelemetryRow> rows;
  std::vector<Resolution> resolutions;
  std::vector<std::string> files;
  std::uint64_t skipped = 0;
  std::size_t batches = 0;

 private:
  std::vector<std::string> ids_;
  std::vector<dceff::Unit> units_;
};

auto read(std::string text, RecordingSink& sink, Diagnostics& diagnostics,
          const ReaderOptions& options = {}) -> ReadSummary {
  auto source = ByteSource::from_string(std::move(text), "t.csv");
  return dceff::io::read_telemetry(source, options, sink, diagnostics);
}

auto read(std::string text, RecordingSink& sink, const ReaderOptions& options = {}) -> ReadSummary {
  Diagnostics diagnostics;
  return read(std::move(text), sink, diagnostics, options);
}

// Asserts that the sink got exactly one row per instant in `want_ms` (ms since the epoch), in
// order.
void check_times(const RecordingSink& sink, const std::vector<std::int64_t>& want_ms) {
  REQUIRE(sink.rows.size() == want_ms.size());
  for (std::size_t i = 0; i < want_ms.size(); ++i) {
    CHECK(ms_of(sink.rows[i]) == want_ms[i]);
  }
}

auto sha256_of(std::string bytes) -> std::string {
  auto source = ByteSource::from_string(std::move(bytes), "mem");
  std::vector<char> buffer(4096);
  while (source.read(buffer) > 0) {
  }
  return source.sha256_hex();
}

constexpr std::string_view kNotANumber =
    " (expected a number, or an empty cell for a missing reading)";

}  // namespace

TEST_CASE("a long csv with a header yields one row per reading in file order", "[io][reader]") {
  RecordingSink sink{{"ups.out.a", "kW"}, {"ups.out.b", "kW"}};
  const std::string text =
      "timestamp,meter,value\n"
      "2025-01-01T00:00:00Z,ups.out.a,12.5\n"
      "2025-01-01T00:00:00Z,ups.out.b,7\n"
      "2025-01-01T00:15:00Z,ups.out.a,13.25\n";
  const auto summary = read(text, sink);

  CHECK(summary.format == TelemetryFormat::kLongCsv);
  CHECK(summary.rows == 3);
  REQUIRE(sink.rows.size() == 3);
  CHECK(sink.id(sink.rows[0]) == "ups.out.a");
  CHECK(ms_of(sink.rows[0]) == ms(kNewYear));
  CHECK_THAT(sink.rows[0].value, WithinRel(12.5, 1e-12));
  CHECK_FALSE(sink.rows[0].missing);
  CHECK(sink.rows[0].line == 2);
  CHECK(sink.id(sink.rows[1]) == "ups.out.b");
  CHECK(ms_of(sink.rows[1]) == ms(kNewYear));
  CHECK_THAT(sink.rows[1].value, WithinRel(7.0, 1e-12));
  CHECK(sink.rows[1].line == 3);
  CHECK(sink.id(sink.rows[2]) == "ups.out.a");
  CHECK(ms_of(sink.rows[2]) == ms(kNewYear + 15 * kMinute));
  CHECK_THAT(sink.rows[2].value, WithinRel(13.25, 1e-12));
  CHECK(sink.rows[2].line == 4);

  // Each distinct id is resolved once, with the file and the line it was first seen on.
  REQUIRE(sink.resolutions.size() == 2);
  CHECK(sink.resolutions[0].id == "ups.out.a");
  CHECK(sink.resolutions[0].file == "t.csv");
  CHECK(sink.resolutions[0].line == 2);
  CHECK(sink.resolutions[1].id == "ups.out.b");
  CHECK(sink.resolutions[1].line == 3);
  for (const auto& file : sink.files) {
    CHECK(file == "t.csv");
  }
}

TEST_CASE("a long csv without a header starts with a reading on line 1", "[io][reader]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  SECTION("three columns") {
    const auto summary = read(
        "2025-01-01T00:00:00Z,ups.out.a,12.5\n"
        "2025-01-01T00:15:00Z,ups.out.a,13\n",
        sink);
    CHECK(summary.format == TelemetryFormat::kLongCsv);
    REQUIRE(sink.rows.size() == 2);
    CHECK(sink.rows[0].line == 1);
    CHECK(ms_of(sink.rows[0]) == ms(kNewYear));
    CHECK_THAT(sink.rows[0].value, WithinRel(12.5, 1e-12));
    CHECK(sink.rows[1].line == 2);
    CHECK(ms_of(sink.rows[1]) == ms(kNewYear + 15 * kMinute));
    CHECK_THAT(sink.rows[1].value, WithinRel(13.0, 1e-12));
  }
  SECTION("a fourth column is the unit") {
    (void)read("2025-01-01T00:00:00Z,ups.out.a,1.5,MW\n", sink);
    REQUIRE(sink.rows.size() == 1);
    CHECK_THAT(sink.rows[0].value, WithinRel(1500.0, 1e-12));  // 1.5 MW = 1500 kW
  }
}

TEST_CASE("long csv columns may come in any order, with names in any case", "[io][reader]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  SECTION("value, unit, meter, time") {
    const auto summary = read(
        "Value,Unit,Meter_ID,Time\n"
        "1500,W,ups.out.a,2025-01-01T00:00:00Z\n",
        sink);
    CHECK(summary.format == TelemetryFormat::kLongCsv);
    REQUIRE(sink.rows.size() == 1);
    CHECK(ms_of(sink.rows[0]) == ms(kNewYear));
    CHECK_THAT(sink.rows[0].value, WithinRel(1.5, 1e-12));  // 1500 W = 1.5 kW
  }
  SECTION("sensor, ts, reading with an extra column") {
    (void)read(
        "SENSOR,quality,TS,Reading\n"
        "ups.out.a,good,2025-01-01T00:15:00Z,42.75\n",
        sink);
    REQUIRE(sink.rows.size() == 1);
    CHECK(ms_of(sink.rows[0]) == ms(kNewYear + 15 * kMinute));
    CHECK_THAT(sink.rows[0].value, WithinRel(42.75, 1e-12));
  }
}

TEST_CASE("a unit column converts power, energy, temperature and volume readings",
          "[io][reader][units]") {
  RecordingSink sink{{"p", "kW"}, {"e", "kWh"}, {"t", "degC"}, {"w", "m3"}};
  (void)read(
      "timestamp,meter,value,unit\n"
      "2025-01-01T00:00:00Z,p,1500,W\n"
      "2025-01-01T00:00:00Z,p,2.5,kW\n"
      "2025-01-01T00:00:00Z,p,1.5,MW\n"
      "2025-01-01T00:00:00Z,e,2500,Wh\n"
      "2025-01-01T00:00:00Z,e,42,kWh\n"
      "2025-01-01T00:00:00Z,e,0.75,MWh\n"
      "2025-01-01T00:00:00Z,t,21.5,degC\n"
      "2025-01-01T00:00:00Z,t,300,K\n"
      "2025-01-01T00:00:00Z,t,212,degF\n"
      "2025-01-01T00:00:00Z,t,50,degF\n"
      "2025-01-01T00:00:00Z,w,3,m3\n"
      "2025-01-01T00:00:00Z,w,250,L\n"
      "2025-01-01T00:00:00Z,p,7,\n",
      sink);
  REQUIRE(sink.rows.size() == 13);
  CHECK_THAT(sink.rows[0].value, WithinRel(1.5, 1e-12));     // 1500 W
  CHECK_THAT(sink.rows[1].value, WithinRel(2.5, 1e-12));     // 2.5 kW
  CHECK_THAT(sink.rows[2].value, WithinRel(1500.0, 1e-12));  // 1.5 MW
  CHECK_THAT(sink.rows[3].value, WithinRel(2.5, 1e-12));     // 2500 Wh
  CHECK_THAT(sink.rows[4].value, WithinRel(42.0, 1e-12));    // 42 kWh
  CHECK_THAT(sink.rows[5].value, WithinRel(750.0, 1e-12));   // 0.75 MWh
  CHECK_THAT(sink.rows[6].value, WithinRel(21.5, 1e-12));    // 21.5 degC
  CHECK_THAT(sink.rows[7].value, WithinRel(26.85, 1e-12));   // 300 - 273.15
  CHECK_THAT(sink.rows[8].value, WithinRel(100.0, 1e-12));   // (212 - 32) * 5 / 9
  CHECK_THAT(sink.rows[9].value, WithinRel(10.0, 1e-12));    // (50 - 32) * 5 / 9
  CHECK_THAT(sink.rows[10].value, WithinRel(3.0, 1e-12));    // 3 m3
  CHECK_THAT(sink.rows[11].value, WithinRel(0.25, 1e-12));   // 250 L
  CHECK_THAT(sink.rows[12].value, WithinRel(7.0, 1e-12));    // empty unit: the meter's kW
}

TEST_CASE("a reading without a unit is in the unit the sink declared for its meter",
          "[io][reader][units]") {
  RecordingSink sink{{"grid", "MW"}, {"oat", "degF"}, {"fuel", "L"}};
  (void)read(
      "timestamp,meter,value,unit\n"
      "2025-01-01T00:00:00Z,grid,1.5,\n"
      "2025-01-01T00:00:00Z,grid,800,kW\n"
      "2025-01-01T00:00:00Z,oat,32,\n"
      "2025-01-01T00:00:00Z,fuel,1,\n",
      sink);
  REQUIRE(sink.rows.size() == 4);
  CHECK_THAT(sink.rows[0].value, WithinRel(1500.0, 1e-12));  // 1.5 MW
  CHECK_THAT(sink.rows[1].value, WithinRel(800.0, 1e-12));   // a row's own unit wins
  CHECK_THAT(sink.rows[2].value, WithinAbs(0.0, 1e-12));     // 32 degF = 0 degC
  CHECK_THAT(sink.rows[3].value, WithinRel(0.001, 1e-12));   // 1 L = 0.001 m3
}

TEST_CASE("a unit that does not measure the meter's quantity is an error",
          "[io][reader][units][errors]") {
  RecordingSink sink{{"ups.out.a", "kW"}, {"oat", "degC"}, {"grid.kwh", "kWh"}};
  const auto [meter, unit, message] = GENERATE(table<std::string, std::string, std::string>({
      {"ups.out.a", "kWh",
       "t.csv:2: unit 'kWh' does not fit meter 'ups.out.a' (expected a power unit such as kW)"},
      {"ups.out.a", "kVA",
       "t.csv:2: unit 'kVA' does not fit meter 'ups.out.a' (expected a power unit such as kW)"},
      {"oat", "L",
       "t.csv:2: unit 'L' does not fit meter 'oat' (expected a temperature unit such as degC)"},
      {"grid.kwh", "kW",
       "t.csv:2: unit 'kW' does not fit meter 'grid.kwh' (expected an energy unit such as kWh)"},
  }));
  CHECK_THROWS_MATCHES(
      read("timestamp,meter,value,unit\n2025-01-01T00:00:00Z," + meter + ",5," + unit + "\n", sink),
      InputError, Message(message));
}

TEST_CASE("a wide csv names meters in its header and an empty cell is a missing reading",
          "[io][reader]") {
  RecordingSink sink{{"ups.out.a", "kW"}, {"ups.out.b", "kW"}};
  const auto summary = read(
      "timestamp,ups.out.a,ups.out.b\n"
      "2025-01-01T00:00:00Z,10,20\n"
      "2025-01-01T00:15:00Z,,21.5\n"
      "2025-01-01T00:30:00Z,11,\n",
      sink);
  CHECK(summary.format == TelemetryFormat::kWideCsv);
  CHECK(summary.rows == 6);
  REQUIRE(sink.rows.size() == 6);

  CHECK(sink.id(sink.rows[0]) == "ups.out.a");
  CHECK_THAT(sink.rows[0].value, WithinRel(10.0, 1e-12));
  CHECK(sink.rows[0].line == 2);
  CHECK(ms_of(sink.rows[0]) == ms(kNewYear));
  CHECK(sink.id(sink.rows[1]) == "ups.out.b");
  CHECK_THAT(sink.rows[1].value, WithinRel(20.0, 1e-12));
  CHECK(ms_of(sink.rows[1]) == ms(kNewYear));

  CHECK(sink.id(sink.rows[2]) == "ups.out.a");
  CHECK(sink.rows[2].missing);
  CHECK(sink.rows[2].line == 3);
  CHECK(ms_of(sink.rows[2]) == ms(kNewYear + 15 * kMinute));
  CHECK_FALSE(sink.rows[3].missing);
  CHECK_THAT(sink.rows[3].value, WithinRel(21.5, 1e-12));

  CHECK_FALSE(sink.rows[4].missing);
  CHECK_THAT(sink.rows[4].value, WithinRel(11.0, 1e-12));
  CHECK(sink.id(sink.rows[5]) == "ups.out.b");
  CHECK(sink.rows[5].missing);
  CHECK(sink.rows[5].line == 4);

  // The header names the meters, so they are resolved on line 1.
  REQUIRE(sink.resolutions.size() == 2);
  CHECK(sink.resolutions[0].line == 1);
  CHECK(sink.resolutions[1].line == 1);
}

TEST_CASE("a meter named twice in a wide csv header is an error", "[io][reader][errors]") {
  RecordingSink sink{{"ups.out.a", "kW"}, {"ups.out.b", "kW"}};
  CHECK_THROWS_MATCHES(read("timestamp,ups.out.a,ups.out.b,ups.out.a\n"
                            "2025-01-01T00:00:00Z,1,2,3\n",
                            sink),
                       InputError,
                       Message("t.csv:1: meter 'ups.out.a' appears twice in the header (columns 2 "
                               "and 4)"));
}

TEST_CASE("a json array may be pretty-printed and rows carry the line their record starts on",
          "[io][reader][json]") {
  RecordingSink sink{{"ups.out.a", "kW"}, {"pdu \"7}\"", "kW"}};
  const auto summary = read(
      "[\n"
      "  {\n"
      "    \"timestamp\": \"2025-01-01T00:00:00Z\",\n"
      "    \"meter\": \"ups.out.a\",\n"
      "    \"value\": 12.5\n"
      "  },\n"
      "  {\"timestamp\": \"2025-01-01T00:15:00Z\", \"meter\": \"ups.out.a\", \"value\": 13},\n"
      "  {\"timestamp\": \"2025-01-01T00:15:00Z\", \"meter\": \"pdu \\\"7}\\\"\", \"value\": 1}\n"
      "]\n",
      sink);
  CHECK(summary.format == TelemetryFormat::kJson);
  CHECK(summary.rows == 3);
  REQUIRE(sink.rows.size() == 3);
  CHECK(sink.rows[0].line == 2);
  CHECK(ms_of(sink.rows[0]) == ms(kNewYear));
  CHECK_THAT(sink.rows[0].value, WithinRel(12.5, 1e-12));
  CHECK(sink.rows[1].line == 7);
  CHECK(ms_of(sink.rows[1]) == ms(kNewYear + 15 * kMinute));
  CHECK_THAT(sink.rows[1].value, WithinRel(13.0, 1e-12));
  // A quote and a closing brace inside a string do not end the record.
  CHECK(sink.id(sink.rows[2]) == "pdu \"7}\"");
  CHECK(sink.rows[2].line == 8);
  CHECK_THAT(sink.rows[2].value, WithinRel(1.0, 1e-12));
}

TEST_CASE("ndjson holds one record per line; null is missing and a value may be a string",
          "[io][reader][json]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  const auto summary = read(
      "{\"timestamp\": \"2025-01-01T00:00:00Z\", \"meter\": \"ups.out.a\", \"value\": 1.5}\n"
      "\n"
      "{\"timestamp\": \"2025-01-01T00:15:00Z\", \"meter\": \"ups.out.a\", \"value\": null}\n"
      "{\"timestamp\": \"2025-01-01T00:30:00Z\", \"meter\": \"ups.out.a\", \"value\": \"2.25\"}\n"
      "{\"timestamp\":\"2025-01-01T00:45:00Z\",\"meter\":\"ups.out.\\u0061\",\"value\":-3e2}\n",
      sink);
  CHECK(summary.format == TelemetryFormat::kNdjson);
  CHECK(summary.rows == 4);
  REQUIRE(sink.rows.size() == 4);
  CHECK(sink.rows[0].line == 1);
  CHECK_THAT(sink.rows[0].value, WithinRel(1.5, 1e-12));
  CHECK_FALSE(sink.rows[0].missing);
  CHECK(sink.rows[1].line == 3);
  CHECK(sink.rows[1].missing);
  CHECK(ms_of(sink.rows[1]) == ms(kNewYear + 15 * kMinute));
  CHECK(sink.rows[2].line == 4);
  CHECK_FALSE(sink.rows[2].missing);
  CHECK_THAT(sink.rows[2].value, WithinRel(2.25, 1e-12));
  CHECK(sink.rows[3].line == 5);
  CHECK_THAT(sink.rows[3].value, WithinRel(-300.0, 1e-12));
  CHECK(ms_of(sink.rows[3]) == ms(kNewYear + 45 * kMinute));
  // "\u0061" is 'a': one meter, resolved once.
  CHECK(sink.resolutions.size() == 1);
}

TEST_CASE("json timestamps may be epoch seconds or milliseconds and extra fields are ignored",
          "[io][reader][json]") {
  RecordingSink sink{{"a", "kW"}};
  (void)read(
      "{\"ts\": 1735689600, \"meter\": \"a\", \"value\": 1, \"quality\": \"good\", \"flags\": 3, "
      "\"ok\": true, \"note\": null}\n"
      "{\"timestamp\": 1735689600500, \"meter\": \"a\", \"value\": 2}\n"
      "{\"timestamp\": \"1735690500\", \"meter\": \"a\", \"value\": 3}\n"
      "{\"site\": \"x\", \"value\": 4, \"meter\": \"a\", \"timestamp\": "
      "\"2025-01-01T02:00:00+01:00\"}\n",
      sink);
  check_times(sink, {ms(kNewYear),                 // 10 digits: seconds
                     ms(kNewYear) + 500,           // 13 digits: milliseconds
                     ms(kNewYear + 15 * kMinute),  // 1735689600 + 900
                     ms(kNewYear + kHour)});       // 02:00 at +01:00 = 01:00Z
  CHECK_THAT(sink.rows[0].value, WithinRel(1.0, 1e-12));
  CHECK_THAT(sink.rows[3].value, WithinRel(4.0, 1e-12));
}

TEST_CASE("a nested value in a json record is an error", "[io][reader][json][errors]") {
  RecordingSink sink{{"a", "kW"}};
  CHECK_THROWS_MATCHES(
      read("{\"timestamp\": \"2025-01-01T00:00:00Z\", \"meter\": \"a\", \"value\": {\"v\": 1}}\n",
           sink),
      InputError, Message("t.csv:1: nested value (expected a number)"));
  CHECK_THROWS_MATCHES(
      read("{\"timestamp\": \"2025-01-01T00:00:00Z\", \"meter\": \"a\", \"value\": 1, "
           "\"tags\": [\"x\"]}\n",
           sink),
      InputError, Message("t.csv:1: nested value (expected a flat object of scalars)"));
  CHECK_THROWS_MATCHES(
      read("[\n"
           "  {\"timestamp\": \"2025-01-01T00:00:00Z\", \"meter\": \"a\", \"value\": 1},\n"
           "  {\"timestamp\": \"2025-01-01T00:00:00Z\", \"meter\": \"a\", \"value\": [1]}\n"
           "]\n",
           sink),
      InputError, Message("t.csv:3: nested value in a record (expected a flat object of scalars)"));
}

TEST_CASE("a json record without timestamp, meter or value is an error",
          "[io][reader][json][errors]") {
  RecordingSink sink{{"a", "kW"}};
  CHECK_THROWS_MATCHES(read("{\"timestamp\": \"2025-01-01T00:00:00Z\", \"value\": 1}\n", sink),
                       InputError,
                       Message("t.csv:1: missing field 'meter' (expected timestamp, meter and "
                               "value)"));
  CHECK_THROWS_MATCHES(read("{\"meter\": \"a\", \"value\": 1}\n", sink), InputError,
                       Message("t.csv:1: missing field 'timestamp' (expected timestamp, meter "
                               "and value)"));
  CHECK_THROWS_MATCHES(
      read("[\n"
           "  {\"timestamp\": \"2025-01-01T00:00:00Z\", \"meter\": \"a\", \"value\": 1},\n"
           "  {\"timestamp\": \"2025-01-01T00:15:00Z\",\n"
           "   \"meter\": \"a\"}\n"
           "]\n",
           sink),
      InputError, Message("t.csv:3: missing field 'value' (expected timestamp, meter and value)"));
}

TEST_CASE("a semicolon-separated csv may use a decimal comma", "[io][reader][csv]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  const std::string text =
      "timestamp;meter;value\n"
      "2025-01-01T00:00:00Z;ups.out.a;12,5\n"
      "2025-01-01T00:15:00Z;ups.out.a;-0,25\n"
      "2025-01-01T00:30:00Z;ups.out.a;7\n";
  SECTION("the comma is the decimal separator") {
    const auto summary = read(text, sink);
    CHECK(summary.format == TelemetryFormat::kLongCsv);
    REQUIRE(sink.rows.size() == 3);
    CHECK_THAT(sink.rows[0].value, WithinRel(12.5, 1e-12));
    CHECK_THAT(sink.rows[1].value, WithinRel(-0.25, 1e-12));
    CHECK_THAT(sink.rows[2].value, WithinRel(7.0, 1e-12));
    CHECK(ms_of(sink.rows[2]) == ms(kNewYear + 30 * kMinute));
  }
  SECTION("a decimal point after a decimal comma is an error") {
    CHECK_THROWS_MATCHES(read(text + "2025-01-01T00:45:00Z;ups.out.a;7.5\n", sink), InputError,
                         Message("t.csv:5: value '7.5' for meter 'ups.out.a' uses a different "
                                 "decimal separator than earlier rows (expected ',')"));
  }
  SECTION("a thousands separator is rejected") {
    CHECK_THROWS_MATCHES(
        read("timestamp;meter;value\n2025-01-01T00:00:00Z;ups.out.a;1.234,5\n", sink), InputError,
        Message("t.csv:2: invalid value '1.234,5' for meter 'ups.out.a': digit grouping "
                "(thousands separators) is not read (expected a number without grouping, such "
                "as 1234.5)"));
  }
  SECTION("too few fields names the delimiter") {
    CHECK_THROWS_MATCHES(read("timestamp;meter;value\n2025-01-01T00:00:00Z;ups.out.a\n", sink),
                         InputError,
                         Message("t.csv:2: expected 3 fields separated by ';', got 2 in "
                                 "'2025-01-01T00:00:00Z;ups.out.a'"));
  }
}

TEST_CASE("a tab-separated csv is read", "[io][reader][csv]") {
  RecordingSink sink{{"ups.out.a", "kW"}, {"ups.out.b", "kW"}};
  SECTION("long") {
    (void)read(
        "timestamp\tmeter\tvalue\n"
        "2025-01-01T00:00:00Z\tups.out.a\t12.5\n",
        sink);
    REQUIRE(sink.rows.size() == 1);
    CHECK(sink.id(sink.rows[0]) == "ups.out.a");
    CHECK_THAT(sink.rows[0].value, WithinRel(12.5, 1e-12));
  }
  SECTION("wide") {
    const auto summary = read(
        "timestamp\tups.out.a\tups.out.b\n"
        "2025-01-01 00:00:00Z\t1.25\t\n",
        sink);
    CHECK(summary.format == TelemetryFormat::kWideCsv);
    REQUIRE(sink.rows.size() == 2);
    CHECK_THAT(sink.rows[0].value, WithinRel(1.25, 1e-12));
    CHECK(sink.rows[1].missing);
  }
}

TEST_CASE("a utf-8 byte order mark is skipped", "[io][reader]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  SECTION("before a csv header") {
    const std::string text =
        "\xEF\xBB\xBFtimestamp,meter,value\n"
        "2025-01-01T00:00:00Z,ups.out.a,12.5\n";
    const auto summary = read(text, sink);
    CHECK(summary.format == TelemetryFormat::kLongCsv);
    CHECK(summary.bytes == text.size());  // the mark is still read and hashed
    REQUIRE(sink.rows.size() == 1);
    CHECK(sink.rows[0].line == 2);
    CHECK_THAT(sink.rows[0].value, WithinRel(12.5, 1e-12));
  }
  SECTION("before a json array") {
    const auto summary = read(
        "\xEF\xBB\xBF[{\"timestamp\": \"2025-01-01T00:00:00Z\", \"meter\": \"ups.out.a\", "
        "\"value\": 3}]",
        sink);
    CHECK(summary.format == TelemetryFormat::kJson);
    REQUIRE(sink.rows.size() == 1);
    CHECK(sink.rows[0].line == 1);
  }
}

TEST_CASE("crlf line ends are accepted", "[io][reader][csv]") {
  RecordingSink sink{{"ups.out.a", "kW"}, {"ups.out.b", "kW"}};
  SECTION("long") {
    (void)read(
        "timestamp,meter,value\r\n"
        "2025-01-01T00:00:00Z,ups.out.a,12.5\r\n"
        "2025-01-01T00:15:00Z,ups.out.a,13\r\n",
        sink);
    REQUIRE(sink.rows.size() == 2);
    CHECK_THAT(sink.rows[0].value, WithinRel(12.5, 1e-12));
    CHECK_THAT(sink.rows[1].value, WithinRel(13.0, 1e-12));
    CHECK(sink.rows[1].line == 3);
  }
  SECTION("ndjson") {
    (void)read(
        "{\"timestamp\": \"2025-01-01T00:00:00Z\", \"meter\": \"ups.out.a\", \"value\": 4}\r\n"
        "{\"timestamp\": \"2025-01-01T00:15:00Z\", \"meter\": \"ups.out.a\", \"value\": 5}\r\n",
        sink);
    REQUIRE(sink.rows.size() == 2);
    CHECK_THAT(sink.rows[1].value, WithinRel(5.0, 1e-12));
    CHECK(sink.rows[1].line == 2);
  }
  SECTION("wide, with an empty last cell") {
    (void)read(
        "timestamp,ups.out.a,ups.out.b\r\n"
        "2025-01-01T00:00:00Z,10,\r\n",
        sink);
    REQUIRE(sink.rows.size() == 2);
    CHECK_THAT(sink.rows[0].value, WithinRel(10.0, 1e-12));
    CHECK(sink.rows[1].missing);
  }
}

TEST_CASE("quoted csv fields may hold doubled quotes and the delimiter", "[io][reader][csv]") {
  RecordingSink sink{{"pdu \"A\", row 1", "kW"}, {"ups.out.a", "kW"}};
  (void)read(
      "timestamp,meter,value\n"
      "\"2025-01-01T00:00:00Z\",\"pdu \"\"A\"\", row 1\",\"12.5\"\n"
      "2025-01-01T00:15:00Z, \"ups.out.a\" ,7\n",
      sink);
  REQUIRE(sink.rows.size() == 2);
  CHECK(sink.id(sink.rows[0]) == "pdu \"A\", row 1");
  CHECK(ms_of(sink.rows[0]) == ms(kNewYear));
  CHECK_THAT(sink.rows[0].value, WithinRel(12.5, 1e-12));
  CHECK(sink.id(sink.rows[1]) == "ups.out.a");
  CHECK_THAT(sink.rows[1].value, WithinRel(7.0, 1e-12));
  REQUIRE(sink.resolutions.size() == 2);
  CHECK(sink.resolutions[0].id == "pdu \"A\", row 1");
}

TEST_CASE("malformed quotes in a csv are errors", "[io][reader][csv][errors]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  CHECK_THROWS_MATCHES(
      read("timestamp,meter,value\n2025-01-01T00:00:00Z,\"ups.out.a,5\n", sink), InputError,
      Message("t.csv:2: unterminated quoted field (a quote must close on the same line)"));
  CHECK_THROWS_MATCHES(read("timestamp,meter,value\n2025-01-01T00:00:00Z,ups\"out,5\n", sink),
                       InputError, Message("t.csv:2: stray quote in field 'ups\"out'"));
  CHECK_THROWS_MATCHES(read("timestamp,meter,value\n2025-01-01T00:00:00Z,\"ups.out.a\"x,5\n", sink),
                       InputError,
                       Message("t.csv:2: unexpected 'x' after a quoted field (expected ',')"));
}

TEST_CASE("blank lines are skipped and do not shift line numbers", "[io][reader][csv]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  const auto summary = read(
      "\n"
      "timestamp,meter,value\n"
      "\n"
      "2025-01-01T00:00:00Z,ups.out.a,1\n"
      "   \n"
      "\t\n"
      "2025-01-01T00:15:00Z,ups.out.a,2\n"
      "\n",
      sink);
  CHECK(summary.rows == 2);
  REQUIRE(sink.rows.size() == 2);
  CHECK(sink.rows[0].line == 4);
  CHECK(sink.rows[1].line == 7);
  CHECK_THAT(sink.rows[1].value, WithinRel(2.0, 1e-12));
}

TEST_CASE("a missing marker is an error unless it is declared", "[io][reader][errors]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  const std::string text =
      "timestamp,meter,value\n"
      "2025-01-01T00:00:00Z,ups.out.a,n/a\n"
      "2025-01-01T00:15:00Z,ups.out.a, - \n"
      "2025-01-01T00:30:00Z,ups.out.a,4\n";
  SECTION("by default") {
    CHECK_THROWS_MATCHES(
        read(text, sink), InputError,
        Message("t.csv:2: invalid value 'n/a' for meter 'ups.out.a' (expected a number, or an "
                "empty cell for a missing reading)"));
  }
  SECTION("declared") {
    ReaderOptions options;
    options.missing_markers = {"n/a", "-"};
    const auto summary = read(text, sink, options);
    CHECK(summary.rows == 3);
    REQUIRE(sink.rows.size() == 3);
    CHECK(sink.rows[0].missing);
    CHECK(sink.rows[1].missing);  // surrounding blanks are trimmed
    CHECK_FALSE(sink.rows[2].missing);
    CHECK_THAT(sink.rows[2].value, WithinRel(4.0, 1e-12));
  }
  SECTION("an undeclared text is still an error, and the message names the markers") {
    ReaderOptions options;
    options.missing_markers = {"n/a"};
    CHECK_THROWS_MATCHES(
        read(text, sink, options), InputError,
        Message("t.csv:3: invalid value '-' for meter 'ups.out.a' (expected a number, an empty "
                "cell or a declared missing marker)"));
  }
}

TEST_CASE("not-a-number, infinities, overflow and hex readings are rejected",
          "[io][reader][errors]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  const auto [cell, message] = GENERATE(table<std::string, std::string>({
      {"NaN", "t.csv:2: invalid value 'NaN' for meter 'ups.out.a'" + std::string{kNotANumber}},
      {"nan", "t.csv:2: invalid value 'nan' for meter 'ups.out.a'" + std::string{kNotANumber}},
      {"inf", "t.csv:2: invalid value 'inf' for meter 'ups.out.a'" + std::string{kNotANumber}},
      {"-inf", "t.csv:2: invalid value '-inf' for meter 'ups.out.a'" + std::string{kNotANumber}},
      {"Infinity",
       "t.csv:2: invalid value 'Infinity' for meter 'ups.out.a'" + std::string{kNotANumber}},
      {"0x10", "t.csv:2: invalid value '0x10' for meter 'ups.out.a'" + std::string{kNotANumber}},
      {"12 kW",
       "t.csv:2: invalid value '12 kW' for meter 'ups.out.a': 'kW' is a unit inside the value "
       "(expected a bare number; declare the unit in the site file or a unit column)"},
      {"-", "t.csv:2: invalid value '-' for meter 'ups.out.a'" + std::string{kNotANumber}},
      {"1e400",
       "t.csv:2: value '1e400' for meter 'ups.out.a' is out of range (expected a finite number)"},
      {"-1e400",
       "t.csv:2: value '-1e400' for meter 'ups.out.a' is out of range (expected a finite number)"},
  }));
  CAPTURE(cell);
  CHECK_THROWS_MATCHES(
      read("timestamp,meter,value\n2025-01-01T00:00:00Z,ups.out.a," + cell + "\n", sink),
      InputError, Message(message));
}

TEST_CASE("ordinary number spellings are accepted", "[io][reader]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  (void)read(
      "timestamp,meter,value\n"
      "2025-01-01T00:00:00Z,ups.out.a,-0\n"
      "2025-01-01T00:00:00Z,ups.out.a,+5\n"
      "2025-01-01T00:00:00Z,ups.out.a,.5\n"
      "2025-01-01T00:00:00Z,ups.out.a,1.5e3\n"
      "2025-01-01T00:00:00Z,ups.out.a, 42 \n",
      sink);
  REQUIRE(sink.rows.size() == 5);
  CHECK_FALSE(sink.rows[0].missing);
  CHECK_THAT(sink.rows[0].value, WithinAbs(0.0, 0.0));
  CHECK_THAT(sink.rows[1].value, WithinRel(5.0, 1e-12));
  CHECK_THAT(sink.rows[2].value, WithinRel(0.5, 1e-12));
  CHECK_THAT(sink.rows[3].value, WithinRel(1500.0, 1e-12));
  CHECK_THAT(sink.rows[4].value, WithinRel(42.0, 1e-12));
}

TEST_CASE("an invalid timestamp is an error naming the accepted forms", "[io][reader][errors]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  CHECK_THROWS_MATCHES(
      read("timestamp,meter,value\n2025-13-01T00:00:00Z,ups.out.a,1\n", sink), InputError,
      Message("t.csv:2: invalid timestamp '2025-13-01T00:00:00Z' (expected RFC 3339 such as "
              "2025-01-31T13:45:00Z, a local time such as 2025-01-31 14:45:00, or Unix epoch "
              "seconds or milliseconds)"));
  CHECK_THROWS_MATCHES(
      read("timestamp,ups.out.a\nyesterday,1\n", sink), InputError,
      Message("t.csv:2: invalid timestamp 'yesterday' (expected RFC 3339 such as "
              "2025-01-31T13:45:00Z, a local time such as 2025-01-31 14:45:00, or Unix epoch "
              "seconds or milliseconds)"));
  CHECK_THROWS_MATCHES(
      read("timestamp,meter,value\n2025-01-01 00:00:00,ups.out.a,1\n", sink), InputError,
      Message("t.csv:2: local timestamp '2025-01-01 00:00:00' but no time zone is known"));
}

TEST_CASE("a local hour repeated when clocks go back is resolved by row order",
          "[io][reader][dst]") {
  const auto zone = TimeZone::load("Europe/Berlin");
  ReaderOptions options;
  options.zone = &zone;
  Diagnostics diagnostics;
  // 01:30 CEST = 23:30Z the day before; 02:30 CEST = 00:30Z; 02:30 CET = 01:30Z;
  // 03:30 CET = 02:30Z.
  constexpr std::int64_t k0130 = kFallBack - 30 * kMinute;
  constexpr std::int64_t kFirst0230 = kFallBack + 30 * kMinute;
  constexpr std::int64_t kSecond0230 = kFallBack + kHour + 30 * kMinute;
  constexpr std::int64_t k0330 = kFallBack + 2 * kHour + 30 * kMinute;

  SECTION("long csv, one meter") {
    RecordingSink sink{{"a", "kW"}};
    (void)read(
        "timestamp,meter,value\n"
        "2025-10-26 01:30:00,a,1\n"
        "2025-10-26 02:30:00,a,2\n"
        "2025-10-26 02:30:00,a,3\n"
        "2025-10-26 03:30:00,a,4\n",
        sink, diagnostics, options);
    check_times(sink, {ms(k0130), ms(kFirst0230), ms(kSecond0230), ms(k0330)});
    CHECK(diagnostics.count_code("dst_repeated_hour") == 2);
    CHECK(diagnostics.count(Severity::kWarning) == 0);  // an info, not a warning
  }
  SECTION("long csv, two meters interleaved, each keeps its own order") {
    RecordingSink sink{{"a", "kW"}, {"b", "kW"}};
    (void)read(
        "timestamp,meter,value\n"
        "2025-10-26 02:30:00,a,1\n"
        "2025-10-26 02:30:00,b,1\n"
        "2025-10-26 02:30:00,a,2\n"
        "2025-10-26 02:30:00,b,2\n",
        sink, diagnostics, options);
    check_times(sink, {ms(kFirst0230), ms(kFirst0230), ms(kSecond0230), ms(kSecond0230)});
  }
  SECTION("an unmapped meter in between does not disturb a mapped one") {
    RecordingSink sink{{"a", "kW"}};
    (void)read(
        "timestamp,meter,value\n"
        "2025-10-26 02:30:00,a,1\n"
        "2025-10-26 02:30:00,spare,1\n"
        "2025-10-26 02:30:00,spare,1\n"
        "2025-10-26 02:45:00,a,2\n",
        sink, diagnostics, options);
    check_times(sink, {ms(kFirst0230), ms(kFirst0230 + 15 * kMinute)});
    CHECK(sink.skipped == 2);
  }
  SECTION("wide csv") {
    RecordingSink sink{{"a", "kW"}};
    (void)read(
        "timestamp,a\n"
        "2025-10-26 02:30:00,1\n"
        "2025-10-26 02:30:00,2\n",
        sink, diagnostics, options);
    check_times(sink, {ms(kFirst0230), ms(kSecond0230)});
  }
  SECTION("ndjson") {
    RecordingSink sink{{"a", "kW"}};
    (void)read(
        "{\"timestamp\": \"2025-10-26 02:30:00\", \"meter\": \"a\", \"value\": 1}\n"
        "{\"timestamp\": \"2025-10-26 02:30:00\", \"meter\": \"a\", \"value\": 2}\n",
        sink, diagnostics, options);
    check_times(sink, {ms(kFirst0230), ms(kSecond0230)});
  }
}

TEST_CASE("a local time skipped when clocks go forward is read with the offset before",
          "[io][reader][dst]") {
  const auto zone = TimeZone::load("Europe/Berlin");
  ReaderOptions options;
  options.zone = &zone;
  Diagnostics diagnostics;
  RecordingSink sink{{"a", "kW"}};
  (void)read(
      "timestamp,meter,value\n"
      "2025-03-30 01:30:00,a,1\n"
      "2025-03-30 02:30:00,a,2\n"
      "2025-03-30 04:00:00,a,3\n",
      sink, diagnostics, options);
  check_times(sink, {ms(kSpringForward + 30 * kMinute),          // +01:00
                     ms(kSpringForward + kHour + 30 * kMinute),  // 02:30 at +01:00
                     ms(kSpringForward + 2 * kHour)});           // +02:00

  REQUIRE(diagnostics.entries().size() == 1);
  const auto& entry = diagnostics.entries().front();
  CHECK(entry.code == "dst_skipped_hour");
  CHECK(entry.severity == Severity::kWarning);
  CHECK(entry.where.file == "t.csv");
  CHECK(entry.where.line == 3);
  CHECK(entry.count == 1);
  CHECK(entry.message ==
        "local time '2025-03-30 02:30:00' does not exist (clocks go forward); read with the "
        "offset before the change");
}

TEST_CASE("a row with too few fields is an error", "[io][reader][errors]") {
  RecordingSink sink{{"ups.out.a", "kW"}, {"ups.out.b", "kW"}};
  CHECK_THROWS_MATCHES(read("timestamp,meter,value\n"
                            "2025-01-01T00:00:00Z,ups.out.a,1\n"
                            "2025-01-01T00:15:00Z,ups.out.a\n",
                            sink),
                       InputError,
                       Message("t.csv:3: expected 3 fields separated by ',', got 2 in "
                               "'2025-01-01T00:15:00Z,ups.out.a'"));
  CHECK_THROWS_MATCHES(read("timestamp,ups.out.a,ups.out.b\n2025-01-01T00:00:00Z,10\n", sink),
                       InputError,
                       Message("t.csv:2: expected 3 fields separated by ',' as in the header, got "
                               "2 in '2025-01-01T00:00:00Z,10'"));
  CHECK_THROWS_MATCHES(read("timestamp,meter,value\n2025-01-01T00:00:00Z,,1\n", sink), InputError,
                       Message("t.csv:2: empty meter id (expected a meter id)"));
}

TEST_CASE("a long meter id is shortened in messages", "[io][reader][errors]") {
  const std::string id(100, 'm');
  RecordingSink sink{{id, "kW"}};
  CHECK_THROWS_MATCHES(read("timestamp,meter,value\n2025-01-01T00:00:00Z," + id + ",bad\n", sink),
                       InputError,
                       Message("t.csv:2: invalid value 'bad' for meter '" + std::string(60, 'm') +
                               "...'" + std::string{kNotANumber}));
}

TEST_CASE("rows of an unmapped meter are counted and not delivered", "[io][reader]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  SECTION("long csv") {
    const auto summary = read(
        "timestamp,meter,value\n"
        "2025-01-01T00:00:00Z,ups.out.a,1\n"
        "2025-01-01T00:00:00Z,spare.1,9\n"
        "2025-01-01T00:15:00Z,spare.1,8\n"
        "2025-01-01T00:15:00Z,ups.out.a,2\n",
        sink);
    CHECK(sink.skipped == 2);
    CHECK(summary.rows == 4);  // every reading the file holds
    REQUIRE(sink.rows.size() == 2);
    CHECK(sink.id(sink.rows[0]) == "ups.out.a");
    CHECK(sink.id(sink.rows[1]) == "ups.out.a");
    CHECK_THAT(sink.rows[1].value, WithinRel(2.0, 1e-12));
    REQUIRE(sink.resolutions.size() == 2);
    CHECK(sink.resolutions[1].id == "spare.1");
    CHECK(sink.resolutions[1].line == 3);
  }
  SECTION("wide csv") {
    (void)read(
        "timestamp,spare.1,ups.out.a\n"
        "2025-01-01T00:00:00Z,9,1\n"
        "2025-01-01T00:15:00Z,,2\n",
        sink);
    CHECK(sink.skipped == 2);
    REQUIRE(sink.rows.size() == 2);
    CHECK_THAT(sink.rows[0].value, WithinRel(1.0, 1e-12));
    CHECK_THAT(sink.rows[1].value, WithinRel(2.0, 1e-12));
  }
}

TEST_CASE("the read summary names the source, its format, size and sha-256", "[io][reader]") {
  SECTION("a long csv") {
    RecordingSink sink{{"ups.out.a", "kW"}};
    const std::string text =
        "timestamp,meter,value\n"
        "2025-01-01T00:00:00Z,ups.out.a,1\n"
        "2025-01-01T00:15:00Z,ups.out.a,\n";
    const auto summary = read(text, sink);
    CHECK(summary.name == "t.csv");
    CHECK(summary.format == TelemetryFormat::kLongCsv);
    CHECK(summary.rows == 2);    // the missing reading counts
    CHECK(summary.bytes == 87);  // 22 + 33 + 32
    CHECK(summary.bytes == text.size());
    CHECK(summary.sha256.size() == 64);
  }
  SECTION("the bytes 'abc'") {
    RecordingSink sink{};
    const auto summary = read("abc", sink);
    CHECK(summary.bytes == 3);
    CHECK(summary.rows == 0);
    CHECK(summary.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
  SECTION("an empty source") {
    RecordingSink sink{};
    const auto summary = read("", sink);
    CHECK(summary.bytes == 0);
    CHECK(summary.rows == 0);
    CHECK(summary.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}

TEST_CASE("a byte source hashes every byte it serves", "[io][source]") {
  CHECK(sha256_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // FIPS 180-2 appendix B.3: one million 'a', served in many reads.
  CHECK(sha256_of(std::string(1'000'000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

  auto source = ByteSource::from_string("abc", "mem");
  std::vector<char> buffer(2);
  CHECK(source.read(buffer) == 2);
  CHECK(source.bytes_read() == 2);
  CHECK(source.read(buffer) == 1);
  CHECK(source.read(buffer) == 0);
  CHECK(source.bytes_read() == 3);
  CHECK(source.name() == "mem");
}

TEST_CASE("a record longer than the read block still parses", "[io][reader]") {
  const std::string id = "m" + std::string(std::size_t{3} << 20, 'x');  // 3 MiB
  SECTION("a 3 MiB meter id in a long csv") {
    RecordingSink sink{{id, "kW"}, {"short", "kW"}};
    const auto summary = read(
        "timestamp,meter,value\n"
        "2025-01-01T00:00:00Z," +
            id +
            ",7\n"
            "2025-01-01T00:15:00Z,short,8\n",
        sink);
    CHECK(summary.rows == 2);
    REQUIRE(sink.rows.size() == 2);
    CHECK(sink.id(sink.rows[0]) == id);
    CHECK_THAT(sink.rows[0].value, WithinRel(7.0, 1e-12));
    CHECK(sink.rows[0].line == 2);
    CHECK(sink.id(sink.rows[1]) == "short");
    CHECK_THAT(sink.rows[1].value, WithinRel(8.0, 1e-12));
    CHECK(sink.rows[1].line == 3);
  }
  SECTION("3 MiB of padding in an ndjson record") {
    RecordingSink sink{{"a", "kW"}};
    (void)read("{\"timestamp\": \"2025-01-01T00:00:00Z\", \"meter\": \"a\", \"comment\": \"" + id +
                   "\", \"value\": 1}\n" +
                   "{\"timestamp\": \"2025-01-01T00:15:00Z\", \"meter\": \"a\", \"value\": 2}\n",
               sink);
    REQUIRE(sink.rows.size() == 2);
    CHECK_THAT(sink.rows[0].value, WithinRel(1.0, 1e-12));
    CHECK(sink.rows[1].line == 2);
    CHECK_THAT(sink.rows[1].value, WithinRel(2.0, 1e-12));
  }
  SECTION("3 MiB of padding in a json array record") {
    RecordingSink sink{{"a", "kW"}};
    (void)read("[{\"timestamp\": \"2025-01-01T00:00:00Z\", \"meter\": \"a\",\n\"comment\": \"" +
                   id + "\", \"value\": 1},\n" +
                   "{\"timestamp\": \"2025-01-01T00:15:00Z\", \"meter\": \"a\", \"value\": 2}]\n",
               sink);
    REQUIRE(sink.rows.size() == 2);
    CHECK(sink.rows[0].line == 1);
    CHECK(sink.rows[1].line == 3);
    CHECK_THAT(sink.rows[1].value, WithinRel(2.0, 1e-12));
  }
}

TEST_CASE("a file longer than the read block is delivered whole and in order", "[io][reader]") {
  // About 1.3 MB of rows with epoch-second timestamps, one minute apart.
  constexpr std::int64_t kRows = 30'000;
  std::string text = "timestamp,meter,value\n";
  for (std::int64_t i = 0; i < kRows; ++i) {
    text += std::to_string(kNewYear + i * kMinute) + ",ups.out.a," + std::to_string(i) + "\n";
  }
  RecordingSink sink{{"ups.out.a", "kW"}};
  const auto summary = read(text, sink);
  CHECK(summary.rows == static_cast<std::uint64_t>(kRows));
  CHECK(summary.bytes == text.size());
  REQUIRE(sink.rows.size() == static_cast<std::size_t>(kRows));
  CHECK(sink.batches > 1);
  std::int64_t wrong = 0;
  for (std::int64_t i = 0; i < kRows; ++i) {
    const auto& row = sink.rows[static_cast<std::size_t>(i)];
    if (ms_of(row) != ms(kNewYear + i * kMinute) || row.value != static_cast<double>(i) ||
        row.line != static_cast<std::uint64_t>(i + 2)) {
      ++wrong;
    }
  }
  CHECK(wrong == 0);
}

TEST_CASE("opening a path that does not exist names the path and the reason",
          "[io][source][errors]") {
  CHECK_THROWS_MATCHES(ByteSource::open("/nonexistent-dceff-dir/t.csv"), InputError,
                       Message("/nonexistent-dceff-dir/t.csv: cannot open: No such file or "
                               "directory"));
}

TEST_CASE("in a json array a bad record is reported before a later structural error",
          "[io][reader][json][errors]") {
  RecordingSink sink{{"ups.out.a", "kW"}};
  CHECK_THROWS_MATCHES(
      read("[{\"timestamp\": \"2025-01-01T00:00:00Z\", \"meter\": \"ups.out.a\", \"value\": "
           "\"abc\"},\n{\"timestamp\": \"2025-01-01T00:05:00Z\", \"meter\": \"ups.out.a\", "
           "\"value\": 1} x\n",
           sink),
      InputError,
      Message("t.csv:1: invalid value 'abc' for meter 'ups.out.a' (expected a number, or an empty "
              "cell for a missing reading)"));
}

// Issue 6: the bad-input corpus (tests/corpus) found these; each is refused at its line.

TEST_CASE("text that is not UTF-8 is refused before parsing", "[io][reader][errors]") {
  RecordingSink sink{{"grid", "kW"}};
  SECTION("UTF-16 with a byte-order mark") {
    CHECK_THROWS_MATCHES(read(std::string{"\xff\xfet\0i\0m\0e\0", 10}, sink), InputError,
                         Message("t.csv:1: UTF-16 text (expected UTF-8: save as 'CSV UTF-8' or "
                                 "convert with iconv)"));
  }
  SECTION("UTF-16 without one: every other byte is zero") {
    CHECK_THROWS_MATCHES(read(std::string{"t\0i\0m\0e\0", 8}, sink), InputError,
                         Message("t.csv:1: UTF-16 text without a byte-order mark (expected "
                                 "UTF-8: save as 'CSV UTF-8' or convert with iconv)"));
  }
  SECTION("a ZIP archive (an .xlsx workbook)") {
    CHECK_THROWS_MATCHES(read(std::string{"PK\x03\x04rest", 8}, sink), InputError,
                         Message("t.csv:1: a ZIP archive such as an Excel workbook (expected "
                                 "CSV, JSON or NDJSON text: export the sheet as CSV)"));
  }
  SECTION("a NUL byte names its line and offset") {
    // "timestamp,meter,value\n" is 22 bytes: the NUL is at offset 22 + 3 on line 2.
    CHECK_THROWS_MATCHES(read(std::string{"timestamp,meter,value\n202\0", 26}, sink), InputError,
                         Message("t.csv:2: binary data: a NUL byte at offset 25 (expected CSV, "
                                 "JSON or NDJSON text)"));
  }
}

TEST_CASE("a long row with more fields than its header is refused", "[io][reader][errors]") {
  RecordingSink sink{{"grid", "kW"}};
  SECTION("a decimal comma in a comma file would lose the fraction") {
    CHECK_THROWS_MATCHES(
        read("timestamp,meter,value\n2025-01-01T00:00:00Z,grid,150,5\n", sink), InputError,
        Message("t.csv:2: expected 3 fields separated by ',' as in the header, got 4 in "
                "'2025-01-01T00:00:00Z,grid,150,5' (a decimal comma? quote the value or "
                "separate fields with ';')"));
  }
  SECTION("any other extra field") {
    CHECK_THROWS_MATCHES(read("timestamp,meter,value\n2025-01-01T00:00:00Z,grid,150,kW\n", sink),
                         InputError,
                         Message("t.csv:2: expected 3 fields separated by ',' as in the header, "
                                 "got 4 in '2025-01-01T00:00:00Z,grid,150,kW'"));
  }
  SECTION("a headerless file takes its first line's field count") {
    CHECK_THROWS_MATCHES(
        read("2025-01-01T00:00:00Z,grid,1\n2025-01-01T00:15:00Z,grid,1,2\n", sink), InputError,
        Message("t.csv:2: expected 3 fields separated by ',' as in the header, got 4 in "
                "'2025-01-01T00:15:00Z,grid,1,2' (a decimal comma? quote the value or separate "
                "fields with ';')"));
  }
  SECTION("header columns the reader does not use still count") {
    read("timestamp,meter,value,quality\n2025-01-01T00:00:00Z,grid,1,good\n", sink);
    CHECK(sink.rows.size() == 1);
  }
}

TEST_CASE("timestamps outside 1970..2199 and Excel serials are refused", "[io][reader][errors]") {
  RecordingSink sink{{"grid", "kW"}};
  const std::string header = "timestamp,meter,value\n";
  SECTION("an Excel date serial read as epoch seconds would land in 1970") {
    CHECK_THROWS_MATCHES(
        read(header + "45717.5,grid,1\n", sink), InputError,
        Message("t.csv:2: timestamp '45717.5' read as Unix epoch time is before 1973-03-03: an "
                "Excel date serial (days since 1899-12-30)? (expected RFC 3339 such as "
                "2025-01-31T13:45:00Z, or Unix epoch seconds or milliseconds)"));
  }
  SECTION("epoch 1e8 s (1973-03-03T09:46:40Z) is the first accepted epoch number") {
    read(header + "100000000,grid,1\n", sink);
    check_times(sink, {ms(100'000'000)});
    CHECK_THROWS_AS(read(header + "99999999,grid,1\n", sink), InputError);
  }
  SECTION("a placeholder year such as 9999") {
    CHECK_THROWS_MATCHES(read(header + "9999-12-31T00:00:00Z,grid,1\n", sink), InputError,
                         Message("t.csv:2: timestamp '9999-12-31T00:00:00Z' is in the year 2200 "
                                 "or later: a placeholder date? (expected a date from 1970 to "
                                 "2199)"));
  }
  SECTION("the last second of 2199 is accepted") {
    // 2200-01-01 = day 84006 (230 years x 365 + 56 leap days); minus one second.
    read(header + "2199-12-31T23:59:59Z,grid,1\n", sink);
    check_times(sink, {ms(84006LL * 86400 - 1)});
  }
  SECTION("before 1970") {
    CHECK_THROWS_MATCHES(read(header + "1969-12-31T23:45:00Z,grid,1\n", sink), InputError,
                         Message("t.csv:2: timestamp '1969-12-31T23:45:00Z' is before 1970 "
                                 "(expected a date from 1970 to 2199)"));
  }
}

TEST_CASE("header mistakes get a message that says what happened", "[io][reader][errors]") {
  RecordingSink sink{{"grid", "kW"}};
  SECTION("a header repeated mid-file (two exports joined)") {
    CHECK_THROWS_MATCHES(read("timestamp,meter,value\n2025-01-01T00:00:00Z,grid,1\n"
                              "timestamp,meter,value\n",
                              sink),
                         InputError,
                         Message("t.csv:3: the header 'timestamp' repeats here (two exports "
                                 "joined together? expected a timestamp)"));
  }
  SECTION("separate date and time columns") {
    CHECK_THROWS_MATCHES(read("date,time,meter,value\n2025-01-01,00:00:00,grid,1\n", sink),
                         InputError,
                         Message("t.csv:1: header 'date,time,meter,value' has separate 'date' "
                                 "and 'time' columns (expected one timestamp column such as "
                                 "2025-01-31T13:45:00Z)"));
  }
  SECTION("an unsupported delimiter leaves one field") {
    CHECK_THROWS_MATCHES(read("timestamp|meter|value\n", sink), InputError,
                         Message("t.csv:1: header 'timestamp|meter|value' has a single field "
                                 "(expected fields separated by ',', ';' or a tab)"));
  }
  SECTION("a unit in a wide column name") {
    CHECK_THROWS_MATCHES(read("timestamp,grid [kW]\n2025-01-01T00:00:00Z,1\n", sink), InputError,
                         Message("t.csv:1: meter column 'grid [kW]' has a unit in its name "
                                 "(expected the meter id as the site file declares it, such as "
                                 "'grid'; the unit belongs in the site file)"));
  }
  SECTION("a bracketed suffix that is no unit is just an unmapped meter") {
    read("timestamp,grid (old)\n2025-01-01T00:00:00Z,1\n", sink);
    CHECK(sink.skipped == 1);
  }
}

TEST_CASE("values with units or digit grouping say so", "[io][reader][errors]") {
  RecordingSink sink{{"grid", "kW"}};
  const auto [text, message] = GENERATE(table<std::string, std::string>({
      {"timestamp,meter,value\n2025-01-01T00:00:00Z,grid,150kW\n",
       "t.csv:2: invalid value '150kW' for meter 'grid': 'kW' is a unit inside the value "
       "(expected a bare number; declare the unit in the site file or a unit column)"},
      {"timestamp,meter,value\n2025-01-01T00:00:00Z,grid,95 %\n",
       "t.csv:2: invalid value '95 %' for meter 'grid': '%' is a unit inside the value (expected "
       "a bare number; declare the unit in the site file or a unit column)"},
      {"timestamp,meter,value\n2025-01-01T00:00:00Z,grid,\"1,500.5\"\n",
       "t.csv:2: invalid value '1,500.5' for meter 'grid': digit grouping (thousands "
       "separators) is not read (expected a number without grouping, such as 1500.5)"},
      {"timestamp,meter,value\n2025-01-01T00:00:00Z,grid,1 500 000\n",
       "t.csv:2: invalid value '1 500 000' for meter 'grid': digit grouping (thousands "
       "separators) is not read (expected a number without grouping, such as 1500000)"},
      {"timestamp;meter;value\n2025-01-01T00:00:00Z;grid;1'500,25\n",
       "t.csv:2: invalid value '1'500,25' for meter 'grid': digit grouping (thousands "
       "separators) is not read (expected a number without grouping, such as 1500.25)"},
      {"timestamp,meter,value\n2025-01-01T00:00:00Z,grid,0x10\n",
       "t.csv:2: invalid value '0x10' for meter 'grid' (expected a number, or an empty cell for "
       "a missing reading)"},
  }));
  CAPTURE(text);
  CHECK_THROWS_MATCHES(read(text, sink), InputError, Message(message));
}
