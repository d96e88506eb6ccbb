// Runs every domain test vector in tests/vectors/: a site, inline telemetry and hand-computed
// expectations (see tests/vectors/README.md).
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dceff/analyze.hpp"
#include "dceff/error.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Every figure a vector may pin, by name.
auto figures_by_name(const dceff::report::Figures& f)
    -> std::map<std::string, std::optional<double>> {
  const auto& k = f.kpis;
  const auto& e = f.energy;
  return {
      {"pue", k.pue},
      {"pue_cat1", k.pue_by_category[0]},
      {"pue_cat2", k.pue_by_category[1]},
      {"pue_cat3", k.pue_by_category[2]},
      {"dcie", k.dcie},
      {"ere", k.ere},
      {"erf", k.erf},
      {"ref", k.ref},
      {"cue", k.cue},
      {"wue", k.wue},
      {"ppue_cooling", k.ppue_cooling},
      {"ppue_power_distribution", k.ppue_power_distribution},
      {"ppue_other", k.ppue_other},
      {"coverage", f.coverage},
      {"facility_kwh", e.facility_kwh},
      {"facility_input_kwh", e.facility_input_kwh},
      {"fuel_kwh", e.fuel_kwh},
      {"excluded_kwh", e.excluded_kwh},
      {"it_kwh", e.it_kwh},
      {"it_cat1_kwh", e.it_by_category_kwh[0]},
      {"it_cat2_kwh", e.it_by_category_kwh[1]},
      {"it_cat3_kwh", e.it_by_category_kwh[2]},
      {"cooling_kwh", e.cooling_kwh},
      {"other_kwh", e.other_kwh},
      {"unmetered_kwh", e.unmetered_kwh},
      {"reuse_kwh", e.reuse_kwh},
      {"renewable_kwh", e.renewable_kwh},
      {"water_m3", e.water_m3},
      {"filled_kwh", e.filled_kwh},
      {"co2_kg", e.co2_kg},
      {"outdoor_temperature_c", f.outdoor_temperature_c},
  };
}

void check_figures(const dceff::report::Figures& got, const json& want, double tolerance,
                   const std::string& where) {
  const auto values = figures_by_name(got);
  for (const auto& [name, expected] : want.items()) {
    INFO(where << " " << name);
    if (name == "label") {
      CHECK(got.label == expected.get<std::string>());
      continue;
    }
    const auto it = values.find(name);
    REQUIRE(it != values.end());
    if (expected.is_null()) {
      CHECK_FALSE(it->second.has_value());
      continue;
    }
    REQUIRE(it->second.has_value());
    const double value = *it->second;
    const double target = expected.get<double>();
    if (target == 0.0) {
      CHECK_THAT(value, Catch::Matchers::WithinAbs(0.0, tolerance));
    } else {
      CHECK_THAT(value, Catch::Matchers::WithinRel(target, tolerance));
    }
  }
}

void run_vector(const fs::path& file) {
  json vector = json::parse(std::ifstream{file});
  const auto scratch = fs::temp_directory_path() / ("dceff-vector-" + file.stem().string());
  fs::create_directories(scratch);
  const auto site_path = (scratch / "site.json").string();
  std::ofstream{site_path} << vector.at("site").dump(2);
  const auto data_name = vector.value("telemetry_file", std::string{"telemetry.csv"});
  const auto data_path = (scratch / data_name).string();
  {
    std::ofstream data{data_path, std::ios::binary};
    for (const auto& line : vector.at("telemetry")) {
      data << line.get<std::string>() << '\n';
    }
  }
  dceff::AnalysisRequest request;
  request.site_path = site_path;
  request.inputs = {data_path};
  const auto options = vector.value("options", json::object());
  if (options.contains("from")) {
    request.from = options["from"].get<std::string>();
  }
  if (options.contains("to")) {
    request.to = options["to"].get<std::string>();
  }
  if (options.contains("period")) {
    request.period = dceff::report::parse_period(options["period"].get<std::string>());
  }
  dceff::Diagnostics diagnostics;
  if (vector.contains("expect_error")) {
    const auto fragment = vector["expect_error"].get<std::string>();
    CHECK_THROWS_WITH(dceff::analyze(request, diagnostics), Catch::Matchers::Contains(fragment));
    return;
  }
  const auto report = dceff::analyze(request, diagnostics);
  const double tolerance = vector.value("tolerance", 1e-9);
  const auto& expect = vector.at("expect");
  if (expect.contains("total")) {
    check_figures(report.total, expect["total"], tolerance, "total");
  }
  if (expect.contains("variant")) {
    CHECK(report.pue_variant() == expect["variant"].get<std::string>());
  }
  if (expect.contains("headline_category")) {
    CHECK(report.headline_category == expect["headline_category"].get<int>());
  }
  if (expect.contains("hourly_pue")) {
    const auto& want = expect["hourly_pue"];
    CHECK(report.hourly_pue.hours == want.at("hours").get<std::uint64_t>());
    for (const auto& [name, value] :
         {std::pair{"p5", report.hourly_pue.p5}, std::pair{"p50", report.hourly_pue.p50},
          std::pair{"p95", report.hourly_pue.p95}}) {
      INFO(name);
      REQUIRE(value.has_value());
      CHECK_THAT(*value, Catch::Matchers::WithinRel(want.at(name).get<double>(), tolerance));
    }
  }
  if (expect.contains("buckets")) {
    REQUIRE(report.buckets.size() == expect["buckets"].size());
    for (std::size_t i = 0; i < report.buckets.size(); ++i) {
      check_figures(report.buckets[i], expect["buckets"][i], tolerance,
                    "bucket " + std::to_string(i));
    }
  }
  if (expect.contains("diagnostics")) {
    for (const auto& [code, count] : expect["diagnostics"].items()) {
      INFO("diagnostic " << code);
      CHECK(diagnostics.count_code(code) == count.get<std::uint64_t>());
    }
  }
  fs::remove_all(scratch);
}

}  // namespace

TEST_CASE("domain test vectors give their hand-computed results", "[vectors][domain]") {
  const fs::path dir = fs::path{DCEFF_TESTS_DIR} / "vectors";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator{dir}) {
    if (entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 10);
  for (const auto& file : files) {
    SECTION(file.stem().string()) {
      run_vector(file);
    }
  }
}
