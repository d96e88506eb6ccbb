#include "dceff/partial.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"

#include "support/same_report.hpp"
#include "support/scratch.hpp"

namespace {

namespace fs = std::filesystem;
using dceff::report::Period;
using dceff::report::Report;

const std::string kSamples = DCEFF_SAMPLES_DIR;

using dceff::test::read_lines;
using dceff::test::Scratch;

auto request_for(std::vector<std::string> inputs) -> dceff::AnalysisRequest {
  dceff::AnalysisRequest request;
  request.site_path = kSamples + "/site.json";
  request.inputs = std::move(inputs);
  request.period = Period::kHour;
  return request;
}

// A part goes through its JSON form, as between machines.
auto part_of(const std::vector<std::string>& inputs) -> dceff::PartialState {
  dceff::Diagnostics diagnostics;
  const auto state = dceff::analyze_partial(request_for(inputs), diagnostics);
  std::stringstream json;
  dceff::write_partial(state, json);
  return dceff::read_partial(json, "part.json");
}

void check_same(const Report& one, const Report& merged) {
  dceff::test::check_same(one, merged);
  dceff::test::check_same_meters(one, merged);
}

}  // namespace

TEST_CASE("merging parts split by time at random lines equals one run", "[partial][property]") {
  const auto lines = read_lines(kSamples + "/telemetry-long.csv");
  dceff::Diagnostics diagnostics;
  const auto one = dceff::analyze(request_for({kSamples + "/telemetry-long.csv"}), diagnostics);
  std::mt19937 rng{GENERATE(11u, 12u, 13u, 14u)};
  const auto parts = std::uniform_int_distribution<int>{2, 5}(rng);
  std::vector<std::size_t> cuts;
  for (int i = 1; i < parts; ++i) {
    cuts.push_back(std::uniform_int_distribution<std::size_t>{2, lines.size() - 1}(rng));
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.push_back(lines.size());
  const Scratch scratch;
  std::vector<dceff::PartialState> states;
  std::size_t start = 1;
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    std::vector<std::string> piece{lines.front()};
    piece.insert(piece.end(), lines.begin() + static_cast<std::ptrdiff_t>(start),
                 lines.begin() + static_cast<std::ptrdiff_t>(cuts[i]));
    start = cuts[i];
    states.push_back(part_of({scratch.write("p" + std::to_string(i) + ".csv", piece)}));
  }
  std::shuffle(states.begin(), states.end(), rng);  // parts may arrive in any order
  dceff::Diagnostics merged_diagnostics;
  const auto merged = dceff::merge(std::move(states), Period::kHour, merged_diagnostics);
  check_same(one, merged);
  CHECK(merged_diagnostics.count_code("gap") == diagnostics.count_code("gap"));
  CHECK(merged_diagnostics.count_code("rollover") == diagnostics.count_code("rollover"));
}

TEST_CASE("merging parts split by meter and by time equals one run", "[partial][property]") {
  const auto lines = read_lines(kSamples + "/telemetry-long.csv");
  dceff::Diagnostics diagnostics;
  const auto one = dceff::analyze(request_for({kSamples + "/telemetry-long.csv"}), diagnostics);
  // Meters whose id sorts before 'p' go to one file, the rest to another, each cut in two.
  std::vector<std::string> early{lines.front()};
  std::vector<std::string> late{lines.front()};
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto meter = lines[i].substr(lines[i].find(',') + 1);
    (meter < "p" ? early : late).push_back(lines[i]);
  }
  const Scratch scratch;
  std::vector<dceff::PartialState> states;
  for (const auto* group : {&early, &late}) {
    const auto middle = group->size() / 2 + 7;
    std::vector<std::string> first(group->begin(),
                                   group->begin() + static_cast<std::ptrdiff_t>(middle));
    std::vector<std::string> second{group->front()};
    second.insert(second.end(), group->begin() + static_cast<std::ptrdiff_t>(middle), group->end());
    states.push_back(part_of({scratch.write("a" + std::to_string(states.size()), first)}));
    states.push_back(part_of({scratch.write("b" + std::to_string(states.size()), second)}));
  }
  dceff::Diagnostics merged_diagnostics;
  check_same(one, dceff::merge(std::move(states), Period::kHour, merged_diagnostics));
}

TEST_CASE("parts that overlap in time for a meter cannot be merged", "[partial][errors]") {
  auto first = part_of({kSamples + "/telemetry-long.csv"});
  auto second = part_of({kSamples + "/telemetry-long.csv"});
  std::vector<dceff::PartialState> states;
  states.push_back(std::move(first));
  states.push_back(std::move(second));
  dceff::Diagnostics diagnostics;
  CHECK_THROWS_AS(dceff::merge(std::move(states), Period::kDay, diagnostics), dceff::InputError);
}

TEST_CASE("a part made with another site file is refused", "[partial][errors]") {
  auto a = part_of({kSamples + "/telemetry-long.csv"});
  auto b = a;
  b.site_sha256 = std::string(64, '0');
  std::vector<dceff::PartialState> states{a, b};
  dceff::Diagnostics diagnostics;
  CHECK_THROWS_AS(dceff::merge(std::move(states), Period::kDay, diagnostics), dceff::ConfigError);
}

TEST_CASE("a malformed partial file names the JSON pointer", "[partial][errors]") {
  std::istringstream in{R"({"dceff_partial": 1, "tool_version": "x", "site": {"path": "s",
    "sha256": "h", "text": "{}"}, "from_ms": null, "to_ms": null, "inputs": [], "unmapped": [],
    "diagnostics": [], "meters": [{"id": "m"}]})"};
  CHECK_THROWS_MATCHES(dceff::read_partial(in, "p.json"), dceff::ConfigError,
                       Catch::Matchers::Message("p.json: /meters/0: missing field 'quality'"));
  std::istringstream other{R"({"dceff_report": 1})"};
  CHECK_THROWS_MATCHES(
      dceff::read_partial(other, "r.json"), dceff::ConfigError,
      Catch::Matchers::Message("r.json: /dceff_partial: not a dceff partial state version 1 "
                               "(expected the output of 'dceff report --partial')"));
}

namespace {

auto counter_site(dceff::test::Scratch& scratch, std::string_view reading) -> std::string {
  return scratch.write(
      "site.json",
      {R"({"site": "x", "timezone": "UTC", "meters": {"grid": {"kind": "energy", "unit": "kWh", )" +
       std::string{reading} + R"("role": "facility_input"}}})"});
}

auto part_with(const std::string& site, const std::string& data) -> dceff::PartialState {
  dceff::AnalysisRequest request;
  request.site_path = site;
  request.inputs = {data};
  dceff::Diagnostics diagnostics;
  return dceff::analyze_partial(request, diagnostics);
}

// Merges, by day, the parts that `site` makes of each file.
auto merge_files(const std::string& site, const std::vector<std::string>& files,
                 dceff::Diagnostics& diagnostics) -> Report {
  std::vector<dceff::PartialState> parts;
  for (const auto& file : files) {
    parts.push_back(part_with(site, file));
  }
  return dceff::merge(std::move(parts), Period::kDay, diagnostics);
}

// The counter 'grid' from 0 kWh at 00:00 to 10 kWh at 00:05: the first part of each merge below.
const std::vector<std::string> kFirstPart{"timestamp,meter,value", "2025-01-01T00:00:00Z,grid,0",
                                          "2025-01-01T00:05:00Z,grid,10"};

auto grid_of(const Report& report) -> const dceff::report::MeterSummary& {
  REQUIRE(report.meters.size() == 1);
  return report.meters.front();
}

}  // namespace

TEST_CASE("a part whose first counter reading is rejected still merges like one run",
          "[partial][errors]") {
  dceff::test::Scratch scratch;
  const auto site = counter_site(scratch, "");
  const auto a = scratch.write("a.csv", kFirstPart);
  const auto b = scratch.write("b.csv", {"timestamp,meter,value", "2025-01-01T00:10:00Z,grid,-5",
                                         "2025-01-01T00:15:00Z,grid,30"});
  // One run: 0 -> 10 -> (negative skipped) -> 30: 30 kWh, one negative reading.
  dceff::AnalysisRequest request;
  request.site_path = site;
  request.inputs = {a, b};
  dceff::Diagnostics diagnostics;
  const auto one = dceff::analyze(request, diagnostics);
  dceff::Diagnostics merged_diagnostics;
  const auto merged = merge_files(site, {a, b}, merged_diagnostics);
  CHECK(grid_of(one).total == 30.0);
  CHECK(grid_of(merged).total == grid_of(one).total);
  CHECK(grid_of(merged).negative == 1);
  CHECK(grid_of(merged).coverage == grid_of(one).coverage);
}

TEST_CASE("a part with only missing values keeps its tallies in a merge", "[partial]") {
  dceff::test::Scratch scratch;
  const auto site = counter_site(scratch, "");
  const auto a = scratch.write("a.csv", kFirstPart);
  const auto m = scratch.write("m.csv", {"timestamp,meter,value", "2025-01-01T00:10:00Z,grid,",
                                         "2025-01-01T00:15:00Z,grid,"});
  dceff::Diagnostics diagnostics;
  const auto merged = merge_files(site, {a, m}, diagnostics);
  CHECK(grid_of(merged).rows == 4);
  CHECK(grid_of(merged).missing_values == 2);
}

TEST_CASE("parts that disagree at the split or overlap by an interval are refused",
          "[partial][errors]") {
  dceff::test::Scratch scratch;
  SECTION("a counter read twice at the split with different values") {
    const auto site = counter_site(scratch, "");
    const auto a = scratch.write("a.csv", kFirstPart);
    const auto b = scratch.write("b.csv", {"timestamp,meter,value", "2025-01-01T00:05:00Z,grid,12",
                                           "2025-01-01T00:10:00Z,grid,20"});
    dceff::Diagnostics diagnostics;
    CHECK_THROWS_AS(merge_files(site, {a, b}, diagnostics), dceff::InputError);
  }
  SECTION("interval readings whose intervals overlap across the split") {
    const auto site = counter_site(scratch, R"("reading": "interval", "interval_s": 900, )");
    const auto a =
        scratch.write("a.csv", {"timestamp,meter,value", "2025-01-01T00:15:00Z,grid,10"});
    const auto b = scratch.write("b.csv", {"timestamp,meter,value", "2025-01-01T00:20:00Z,grid,10",
                                           "2025-01-01T00:35:00Z,grid,10"});
    dceff::Diagnostics diagnostics;
    CHECK_THROWS_AS(merge_files(site, {a, b}, diagnostics), dceff::InputError);
  }
}

TEST_CASE("a bucket amount beyond 64 bits in a partial file is refused", "[partial][errors]") {
  std::istringstream in{R"({"dceff_partial": 1, "tool_version": "x", "site": {"path": "s",
    "sha256": "h", "text": "{}"}, "from_ms": null, "to_ms": null, "inputs": [], "unmapped": [],
    "diagnostics": [], "meters": [{"id": "m", "quality": {"rows": 0, "missing_values": 0,
    "gaps": 0, "gap_ms": 0, "longest_gap_ms": 0, "filled_gaps": 0, "duplicates": 0,
    "conflicting_duplicates": 0, "out_of_order": 0, "negative": 0, "rollovers": 0, "resets": 0,
    "implausible": 0, "flatlines": 0, "spikes": 0, "first_ms": null, "last_ms": null},
    "first": null, "last": null, "before": null, "flat_since_ms": 0, "flat_count": 0,
    "flat_reported": false, "buckets": [[1, 18446744073709551615, 0, 100]]}]})"};
  CHECK_THROWS_MATCHES(dceff::read_partial(in, "p.json"), dceff::ConfigError,
                       Catch::Matchers::Message("p.json: /meters/0/buckets/0: expected [bucket, "
                                                "amount, filled, covered_ms] integers, "
                                                "covered_ms at most 3600000"));
}

namespace {

// A one-meter partial state with readings at 00:00 and 00:30 of 2025-01-01 (1735689600000 ms)
// and its bucket 482136 (1735689600 / 3600) half covered; `from` -> `to` tampers with one field.
auto tampered(const std::string& from, const std::string& to) -> std::string {
  std::string text = R"({"dceff_partial": 1, "tool_version": "x", "site": {"path": "s",
    "sha256": "h", "text": "{}"}, "from_ms": null, "to_ms": null, "inputs": [], "unmapped": [],
    "diagnostics": [], "meters": [{"id": "m", "quality": {"rows": 3, "missing_values": 0,
    "gaps": 0, "gap_ms": 0, "longest_gap_ms": 0, "filled_gaps": 0, "duplicates": 0,
    "conflicting_duplicates": 0, "out_of_order": 0, "negative": 0, "rollovers": 0, "resets": 0,
    "implausible": 0, "flatlines": 0, "spikes": 0, "first_ms": 1735689600000,
    "last_ms": 1735691400000},
    "first": {"time_ms": 1735689600000, "value": 1, "file": "a.csv", "line": 2},
    "last": {"time_ms": 1735691400000, "value": 1, "file": "a.csv", "line": 4},
    "before": null, "flat_since_ms": 0, "flat_count": 0,
    "flat_reported": false, "buckets": [[482136, 500000000, 0, 1800000]]}]})";
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

auto read_text(const std::string& text) -> dceff::PartialState {
  std::istringstream in{text};
  return dceff::read_partial(in, "p.json");
}

}  // namespace

TEST_CASE("a partial file's tallies must be ones a run can produce", "[partial][errors]") {
  using Catch::Matchers::Message;
  CHECK(read_text(tampered("\"rows\": 3", "\"rows\": 3")).meters.size() == 1);
  SECTION("more missing values than rows") {
    CHECK_THROWS_MATCHES(read_text(tampered("\"missing_values\": 0", "\"missing_values\": 4")),
                         dceff::ConfigError,
                         Message("p.json: /meters/0/quality/missing_values: 4 exceeds rows 3 "
                                 "(expected at most 3)"));
  }
  SECTION("a longest gap beyond all gaps") {
    CHECK_THROWS_MATCHES(read_text(tampered("\"longest_gap_ms\": 0", "\"longest_gap_ms\": 5")),
                         dceff::ConfigError,
                         Message("p.json: /meters/0/quality/longest_gap_ms: longest gap 5 ms with "
                                 "gaps of 0 ms in all (expected 0 <= longest <= total)"));
  }
  SECTION("the last reading before the first") {
    CHECK_THROWS_MATCHES(read_text(tampered("\"last_ms\": 1735691400000", "\"last_ms\": 1")),
                         dceff::ConfigError,
                         Message("p.json: /meters/0/quality/last_ms: expected first_ms <= "
                                 "last_ms, both set or both null"));
  }
  SECTION("a bucket covering more than an hour") {
    CHECK_THROWS_MATCHES(
        read_text(tampered("0, 1800000]", "0, 3600001]")), dceff::ConfigError,
        Message("p.json: /meters/0/buckets/0: expected [bucket, amount, filled, covered_ms] "
                "integers, covered_ms at most 3600000"));
  }
  SECTION("a bucket listed twice would merge into coverage above 1") {
    CHECK_THROWS_MATCHES(
        read_text(tampered("[[482136, 500000000, 0, 1800000]]",
                           "[[482136, 500000000, 0, 1800000], [482136, 500000000, 0, 1800000]]")),
        dceff::ConfigError,
        Message("p.json: /meters/0/buckets/1: bucket 482136 does not follow bucket 482136 "
                "(expected increasing bucket indices, each once)"));
  }
}

TEST_CASE("a number beyond double range in a partial file is an input error", "[partial][errors]") {
  CHECK_THROWS_MATCHES(
      read_text(tampered("\"value\": 1, \"file\": \"a.csv\", \"line\": 2",
                         "\"value\": 1e400, \"file\": \"a.csv\", \"line\": 2")),
      dceff::ConfigError,
      Catch::Matchers::Message(
          "p.json: invalid JSON: number overflow parsing '1e400' (expected a finite number)"));
}

TEST_CASE("a key repeated in a partial file is refused, not read as the last one",
          "[partial][errors]") {
  // An edited part could otherwise replace a bucket's tallies while the first copy is still in
  // the file for anyone reading it.
  CHECK_THROWS_MATCHES(
      read_text(tampered("\"rows\": 3", "\"rows\": 3, \"rows\": 2")), dceff::ConfigError,
      Catch::Matchers::Message("p.json: /meters/0/quality/rows: this key appears twice in its "
                               "object (dceff writes each field once)"));
}
