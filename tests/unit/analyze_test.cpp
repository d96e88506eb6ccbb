#include "dceff/analyze.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/io/byte_source.hpp"

#include "support/same_report.hpp"
#include "support/scratch.hpp"

namespace {

namespace fs = std::filesystem;
using dceff::report::Period;
using dceff::report::Report;

const std::string kSamples = DCEFF_SAMPLES_DIR;

auto run(std::vector<std::string> inputs, Period period = Period::kDay,
         std::string site = kSamples + "/site.json") -> Report {
  dceff::AnalysisRequest request;
  request.site_path = std::move(site);
  request.inputs = std::move(inputs);
  request.period = period;
  dceff::Diagnostics diagnostics;
  return dceff::analyze(request, diagnostics);
}

using dceff::test::read_lines;
using dceff::test::Scratch;

// Same figures bit for bit: the KPIs are deterministic functions of the same integer sums.
using dceff::test::check_same;

// A power meter's readings every 15 minutes over 2025-01-01 00:00..01:00 UTC: one full hour.
void add_quarter_hours(std::vector<std::string>& rows, std::string_view meter, int kw) {
  for (const auto* time : {"00:00", "00:15", "00:30", "00:45", "01:00"}) {
    rows.push_back(fmt::format("2025-01-01T{}:00Z,{},{}", time, meter, kw));
  }
}

auto quanta(double kwh) -> long long {
  return std::llround(kwh * 1e9);
}

}  // namespace

TEST_CASE("the same data in long CSV, wide CSV, NDJSON and JSON give identical reports",
          "[analyze][formats]") {
  const auto period = GENERATE(Period::kHour, Period::kDay);
  const auto reference = run({kSamples + "/telemetry-long.csv"}, period);
  for (const auto* name : {"telemetry-wide.csv", "telemetry.ndjson", "telemetry.json"}) {
    INFO(name);
    check_same(reference, run({kSamples + "/" + name}, period));
  }
  CHECK(reference.total.kpis.pue.has_value());
  CHECK(reference.headline_category == 2);
}

TEST_CASE("the sample's rollover is booked and its gaps leave hours out of the KPIs",
          "[analyze][samples]") {
  const auto report = run({kSamples + "/telemetry-long.csv"});
  const auto grid = std::find_if(report.meters.begin(), report.meters.end(),
                                 [](const auto& m) { return m.id == "grid.main.kwh"; });
  REQUIRE(grid != report.meters.end());
  CHECK(grid->rollovers == 1);
  CHECK(grid->resets == 0);
  // 72 h of data end at the last reading (71 h 55 min); the pdu.b2 gap (45 min) touches two
  // hours and the export outage (25 min) one more partial hour: 4 of 72 hours are incomplete.
  CHECK(report.total.coverage < 1.0);
  CHECK(report.total.coverage > 0.9);
  CHECK(report.declarations_without_data.empty());
  CHECK(report.unmapped.empty());
  CHECK(report.pue_variant() == "iPUE");
}

TEST_CASE("hourly, daily, monthly and whole-period energies reconcile exactly",
          "[analyze][property]") {
  const auto total = run({kSamples + "/telemetry-long.csv"}, Period::kMonth).total;
  for (const auto period : {Period::kHour, Period::kDay, Period::kMonth}) {
    const auto report = run({kSamples + "/telemetry-long.csv"}, period);
    long long facility = 0;
    long long it = 0;
    long long reuse = 0;
    for (const auto& b : report.buckets) {
      facility += quanta(b.energy.facility_kwh);
      it += quanta(b.energy.it_kwh);
      reuse += quanta(b.energy.reuse_kwh);
    }
    CHECK(facility == quanta(total.energy.facility_kwh));
    CHECK(it == quanta(total.energy.it_kwh));
    CHECK(reuse == quanta(total.energy.reuse_kwh));
  }
}

TEST_CASE("ERE equals (1 - ERF) x PUE in every bucket", "[analyze][property]") {
  const auto report = run({kSamples + "/telemetry-long.csv"}, Period::kHour);
  for (const auto& b : report.buckets) {
    if (b.kpis.pue && b.kpis.erf && b.kpis.ere) {
      CHECK_THAT(*b.kpis.ere, Catch::Matchers::WithinRel((1.0 - *b.kpis.erf) * *b.kpis.pue, 1e-12));
      CHECK(*b.kpis.pue >= 1.0);
    }
  }
}

TEST_CASE("reordering rows between meters does not change any figure", "[analyze][property]") {
  const auto seed = GENERATE(1u, 2u, 3u);
  auto lines = read_lines(kSamples + "/telemetry-long.csv");
  // Group rows by meter in a random meter order: each meter's rows stay in time order.
  std::map<std::string, std::vector<std::string>> by_meter;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto first = lines[i].find(',');
    const auto second = lines[i].find(',', first + 1);
    by_meter[lines[i].substr(first + 1, second - first - 1)].push_back(lines[i]);
  }
  std::vector<std::string> meters;
  for (const auto& [meter, rows] : by_meter) {
    meters.push_back(meter);
  }
  std::mt19937 rng{seed};
  std::shuffle(meters.begin(), meters.end(), rng);
  std::vector<std::string> shuffled{lines.front()};
  for (const auto& meter : meters) {
    shuffled.insert(shuffled.end(), by_meter[meter].begin(), by_meter[meter].end());
  }
  const Scratch scratch;
  check_same(run({kSamples + "/telemetry-long.csv"}),
             run({scratch.write("shuffled.csv", shuffled)}));
}

TEST_CASE("splitting a file in two and reading both parts gives the same report",
          "[analyze][property]") {
  const auto lines = read_lines(kSamples + "/telemetry-long.csv");
  const auto cut = GENERATE(take(3, random(2, 14000)));
  const std::vector<std::string> first(lines.begin(), lines.begin() + cut);
  std::vector<std::string> second{lines.front()};
  second.insert(second.end(), lines.begin() + cut, lines.end());
  const Scratch scratch;
  check_same(run({kSamples + "/telemetry-long.csv"}),
             run({scratch.write("a.csv", first), scratch.write("b.csv", second)}));
}

TEST_CASE("writing power in W and energy in Wh instead of kW and kWh changes no KPI",
          "[analyze][property]") {
  auto lines = read_lines(kSamples + "/telemetry-long.csv");
  std::vector<std::string> scaled{"timestamp,meter,value,unit"};
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto& line = lines[i];
    const auto last = line.rfind(',');
    const auto meter_start = line.find(',') + 1;
    const auto meter = line.substr(meter_start, last - meter_start);
    const auto value = line.substr(last + 1);
    std::string unit;
    if (meter == "grid.main.kwh") {
      unit = "Wh";
    } else if (meter == "genset.fuel" || meter == "water.makeup" || meter == "oat") {
      scaled.push_back(line + ",");
      continue;
    } else {
      unit = "W";
    }
    // Multiply by 1000 by moving the decimal point three places: exact in text.
    const auto point = value.find('.');
    std::string digits = value.substr(0, point) + value.substr(point + 1);
    scaled.push_back(line.substr(0, last + 1) + digits + "," + unit);
  }
  const Scratch scratch;
  const auto base = run({kSamples + "/telemetry-long.csv"});
  const auto in_watts = run({scratch.write("watts.csv", scaled)});
  REQUIRE(in_watts.total.kpis.pue.has_value());
  CHECK_THAT(*in_watts.total.kpis.pue, Catch::Matchers::WithinRel(*base.total.kpis.pue, 1e-12));
  CHECK_THAT(*in_watts.total.kpis.ere, Catch::Matchers::WithinRel(*base.total.kpis.ere, 1e-12));
  CHECK_THAT(in_watts.total.energy.facility_kwh,
             Catch::Matchers::WithinRel(base.total.energy.facility_kwh, 1e-12));
  CHECK(in_watts.total.coverage == base.total.coverage);
}

TEST_CASE("meters the site file does not map, and declared meters without data, are reported",
          "[analyze]") {
  const Scratch scratch;
  const auto data = scratch.write(
      "t.csv", {"timestamp,meter,value", "2025-01-01T00:00:00Z,grid.main.kwh,100",
                "2025-01-01T00:00:00Z,ups.out.a,50", "2025-01-01T00:00:00Z,mystery,1",
                "2025-01-01T00:15:00Z,ups.out.a,50", "2025-01-01T00:30:00Z,ups.out.a,50",
                "2025-01-01T00:45:00Z,ups.out.a,50", "2025-01-01T01:00:00Z,grid.main.kwh,160",
                "2025-01-01T01:00:00Z,ups.out.a,50", "2025-01-01T01:00:00Z,mystery,2"});
  // The sample's meters by glob only: a glob that matches nothing names no particular meter.
  const auto site = scratch.write("site.json", {R"({"site": "x", "timezone": "UTC", "meters": {
           "grid.main.kwh": {"kind": "energy", "unit": "kWh", "role": "facility_input"},
           "ups.out.*": {"kind": "power", "unit": "kW", "role": "it", "category": 1},
           "pdu.*": {"kind": "power", "unit": "kW", "role": "it", "category": 2}}})"});
  const auto report = run({data}, Period::kDay, site);
  REQUIRE(report.unmapped.size() == 1);
  CHECK(report.unmapped[0].id == "mystery");
  CHECK(report.unmapped[0].rows == 2);
  CHECK(report.unmapped[0].first_seen.line == 4);
  CHECK(report.declarations_without_data == std::vector<std::string>{"pdu.*"});
  // Only category 1 has data here: 60 kWh / 50 kWh.
  CHECK(report.headline_category == 1);
  REQUIRE(report.total.kpis.pue.has_value());
  CHECK_THAT(*report.total.kpis.pue, Catch::Matchers::WithinRel(1.2, 1e-12));
  CHECK(report.total.coverage == 1.0);
}

TEST_CASE(
    "a meter the site file names exactly but without data leaves the KPIs it feeds "
    "uncomputed",
    "[analyze]") {
  // Two IT meters of 50 kW each and a grid counter of 100 kWh an hour: PUE 1.0. Without ups.b
  // the IT sum would be 50 kWh and PUE 2.0, a silently wrong figure; with on-site PV missing,
  // E_DC would be understated instead. Either way the hour is incomplete, as for any gap.
  const Scratch scratch;
  const auto site = scratch.write("site.json", {R"({"site": "x", "timezone": "UTC", "meters": {
           "grid": {"kind": "energy", "unit": "kWh", "role": "facility_input"},
           "ups.a": {"kind": "power", "unit": "kW", "role": "it", "category": 1},
           "ups.b": {"kind": "power", "unit": "kW", "role": "it", "category": 1},
           "oat": {"kind": "temperature", "unit": "degC", "role": "outdoor_temperature"}}})"});
  std::vector<std::string> rows{"timestamp,meter,value", "2025-01-01T00:00:00Z,grid,0",
                                "2025-01-01T01:00:00Z,grid,100"};
  add_quarter_hours(rows, "ups.a", 50);
  const auto without_b = run({scratch.write("a.csv", rows)}, Period::kHour, site);
  CHECK(without_b.declarations_without_data == std::vector<std::string>{"ups.b", "oat"});
  CHECK_FALSE(without_b.total.kpis.pue.has_value());
  CHECK(without_b.total.coverage == 0.0);
  const auto b = std::find_if(without_b.meters.begin(), without_b.meters.end(),
                              [](const auto& m) { return m.id == "ups.b"; });
  REQUIRE(b != without_b.meters.end());
  CHECK(b->rows == 0);
  CHECK(b->coverage == 0.0);
  // The temperature meter feeds no KPI: its absence alone does not stop them.
  add_quarter_hours(rows, "ups.b", 50);
  const auto with_b = run({scratch.write("ab.csv", rows)}, Period::kHour, site);
  CHECK(with_b.headline_category == 1);
  CHECK(with_b.declarations_without_data == std::vector<std::string>{"oat"});
  REQUIRE(with_b.total.kpis.pue.has_value());
  CHECK_THAT(*with_b.total.kpis.pue, Catch::Matchers::WithinRel(1.0, 1e-12));
  CHECK(with_b.total.coverage == 1.0);
}

TEST_CASE("a category whose meters are declared exactly but have no data is not the headline",
          "[analyze]") {
  // Category 2 PDU meters declared by id, none in the data: the headline stays category 1,
  // whose meters all have data, at 120 kWh / 100 kWh; the PDUs' absence is reported.
  const Scratch scratch;
  const auto site = scratch.write("site.json", {R"({"site": "x", "timezone": "UTC", "meters": {
           "grid": {"kind": "energy", "unit": "kWh", "role": "facility_input"},
           "ups": {"kind": "power", "unit": "kW", "role": "it", "category": 1},
           "pdu.1": {"kind": "power", "unit": "kW", "role": "it", "category": 2}}})"});
  std::vector<std::string> rows{"timestamp,meter,value", "2025-01-01T00:00:00Z,grid,0",
                                "2025-01-01T01:00:00Z,grid,120"};
  add_quarter_hours(rows, "ups", 100);
  const auto report = run({scratch.write("t.csv", rows)}, Period::kHour, site);
  CHECK(report.headline_category == 1);
  CHECK(report.declarations_without_data == std::vector<std::string>{"pdu.1"});
  REQUIRE(report.total.kpis.pue.has_value());
  CHECK_THAT(*report.total.kpis.pue, Catch::Matchers::WithinRel(1.2, 1e-12));
  CHECK(report.total.coverage == 1.0);
  CHECK_FALSE(report.total.kpis.pue_by_category[1].has_value());
}

TEST_CASE("a report with no readings at all is an input error", "[analyze][errors]") {
  const Scratch scratch;
  const auto data = scratch.write("t.csv", {"timestamp,meter,value"});
  CHECK_THROWS_AS(run({data}), dceff::InputError);
}

TEST_CASE("the from and to bounds select the period in the site's local time", "[analyze]") {
  dceff::AnalysisRequest request;
  request.site_path = kSamples + "/site.json";
  request.inputs = {kSamples + "/telemetry-long.csv"};
  request.from = "2025-10-26";
  request.to = "2025-10-27";
  dceff::Diagnostics diagnostics;
  const auto report = dceff::analyze(request, diagnostics);
  // Local 2025-10-26 00:00 CEST = 2025-10-25T22:00Z; 2025-10-27 00:00 CET = 2025-10-26T23:00Z.
  CHECK(dceff::format_utc(report.from) == "2025-10-25T22:00:00Z");
  CHECK(dceff::format_utc(report.to) == "2025-10-26T23:00:00Z");
  REQUIRE(report.buckets.size() == 1);
  CHECK(report.buckets[0].label == "2025-10-26");
}

TEST_CASE("any number of parser threads and any chunk size give bit-identical reports",
          "[analyze][threads]") {
  const auto reference = run({kSamples + "/telemetry-long.csv"}, Period::kHour);
  for (const auto* name :
       {"telemetry-long.csv", "telemetry-wide.csv", "telemetry.ndjson", "telemetry.json"}) {
    for (const unsigned threads : {1U, 2U, 3U}) {
      for (const std::size_t chunk : {std::size_t{100}, std::size_t{4096}, std::size_t{1} << 20}) {
        INFO(name << " threads " << threads << " chunk " << chunk);
        dceff::AnalysisRequest request;
        request.site_path = kSamples + "/site.json";
        request.inputs = {kSamples + "/" + name};
        request.period = Period::kHour;
        request.threads = threads;
        request.chunk_bytes = chunk;
        dceff::Diagnostics diagnostics;
        const auto report = dceff::analyze(request, diagnostics);
        check_same(reference, report);
        // With two or more threads the pipeline hashes the chunks on a thread of its own.
        REQUIRE(report.inputs.size() == 1);
        CHECK(report.inputs[0].sha256 == dceff::io::sha256_file(kSamples + "/" + name));
        for (std::size_t m = 0; m < report.meters.size(); ++m) {
          CHECK(report.meters[m].total == reference.meters[m].total);
          CHECK(report.meters[m].gaps == reference.meters[m].gaps);
        }
      }
    }
  }
}

TEST_CASE("an error deep in a file is reported at its line with any number of threads",
          "[analyze][threads][errors]") {
  auto lines = read_lines(kSamples + "/telemetry-long.csv");
  lines[9000] = "2025-10-26T10:00:00Z,ups.out.a,n/a";
  const Scratch scratch;
  const auto data = scratch.write("bad.csv", lines);
  for (const unsigned threads : {1U, 2U}) {
    dceff::AnalysisRequest request;
    request.site_path = kSamples + "/site.json";
    request.inputs = {data};
    request.threads = threads;
    request.chunk_bytes = 1000;
    dceff::Diagnostics diagnostics;
    CHECK_THROWS_MATCHES(
        dceff::analyze(request, diagnostics), dceff::InputError,
        Catch::Matchers::Message(data + ":9001: invalid value 'n/a' for meter 'ups.out.a' "
                                        "(expected a number, or an empty cell for a missing "
                                        "reading)"));
  }
}

TEST_CASE("interval readings start the period where their first interval starts", "[analyze]") {
  const Scratch scratch;
  const auto site = scratch.write(
      "site.json",
      {R"({"site": "x", "timezone": "UTC", "meters": {)",
       R"("grid": {"kind": "energy", "reading": "interval", "interval_s": 900, "role": "facility_input"},)",
       R"("ups": {"kind": "energy", "reading": "interval", "interval_s": 900, "role": "it", "category": 1}}})"});
  // Four 15-minute amounts ending 00:15..01:00 cover 00:00-01:00: 120 / 100 kWh.
  std::vector<std::string> lines{"timestamp,meter,value"};
  for (const auto* t : {"00:15", "00:30", "00:45", "01:00"}) {
    lines.push_back(std::string{"2025-01-01T"} + t + ":00Z,grid,30");
    lines.push_back(std::string{"2025-01-01T"} + t + ":00Z,ups,25");
  }
  const auto report = run({scratch.write("t.csv", lines)}, Period::kDay, site);
  CHECK(dceff::format_utc(report.from) == "2025-01-01T00:00:00Z");
  CHECK(report.total.coverage == 1.0);
  REQUIRE(report.total.kpis.pue.has_value());
  CHECK_THAT(*report.total.kpis.pue, Catch::Matchers::WithinRel(1.2, 1e-12));
}
