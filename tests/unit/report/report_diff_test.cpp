#include "dceff/report/report_diff.hpp"

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "dceff/error.hpp"

#include "support/scratch.hpp"

namespace {

using dceff::report::diff_reports;
using dceff::report::Direction;
using dceff::report::FigureChange;
using dceff::report::parse_regression_gate;
using dceff::report::ReportDiff;
using dceff::report::ReportSnapshot;
using dceff::report::Verdict;

struct Figures {
  double facility = 1250.0;
  double it = 1000.0;
  double reuse = 125.0;
  double coverage = 0.99;
  const char* from = "2025-01-01T00:00:00Z";
  const char* to = "2025-01-02T00:00:00Z";
  const char* variant = "iPUE";
  int category = 1;
  const char* site = "Hall";
  const char* extra_energy = "";  // e.g. `, "heat_upgrade": 20`
  const char* meters = R"({"id": "grid", "coverage": 1.0}, {"id": "it", "coverage": 0.99})";
};

// A minimal JSON report in the shape `dceff report --format json` writes; PUE and ERF are
// computed here from the energies (E_DC / E_IT, E_reuse / E_DC), CUE is n/a.
auto report_json(const Figures& f) -> std::string {
  return fmt::format(
      R"({{"dceff_report": 1, "tool": {{"name": "dceff", "version": "0.1.0"}},
 "site": {{"name": "{site}", "timezone": "UTC"}},
 "period": {{"from": "{from}", "to": "{to}", "granularity": "day", "twelve_months": {twelve}}},
 "kpis": {{"pue": {{"value": {pue}, "category": {category}, "label": "{variant}, category {category}",
   "variant": "{variant}", "coverage": {coverage},
   "by_category": {{"1": {{"value": {pue}, "coverage": {coverage}}}, "2": {{"value": null, "coverage": 0.0}}}}}},
  "ppue": {{"cooling": 1.1, "other": null, "definition": "(E_IT + E_part) / E_IT"}},
  "erf": {{"value": {erf}, "definition": "E_reuse / E_DC"}},
  "cue": {{"value": null, "unit": "kgCO2e/kWh"}}}},
 "energy_kwh": {{"facility": {facility}, "it": {{"1": {it}, "2": null}}, "reuse": {reuse}{extra}}},
 "water_m3": 2.0, "co2_kg": null,
 "quality": {{"coverage": {coverage}, "meters": [{meters}]}},
 "provenance": {{"site_sha256": "aa", "inputs": [{{"path": "d.csv", "bytes": 10, "sha256": "bb"}}]}}}})",
      fmt::arg("site", f.site), fmt::arg("from", f.from), fmt::arg("to", f.to),
      fmt::arg("twelve", std::string_view{f.variant} == "PUE" ? "true" : "false"),
      fmt::arg("pue", f.facility / f.it), fmt::arg("category", f.category),
      fmt::arg("variant", f.variant), fmt::arg("coverage", f.coverage),
      fmt::arg("erf", f.reuse / f.facility), fmt::arg("facility", f.facility), fmt::arg("it", f.it),
      fmt::arg("reuse", f.reuse), fmt::arg("extra", f.extra_energy), fmt::arg("meters", f.meters));
}

auto snapshot(const Figures& f, const std::string& name) -> ReportSnapshot {
  std::istringstream in{report_json(f)};
  return dceff::report::read_report_snapshot(in, name);
}

auto find(const std::vector<FigureChange>& changes, const std::string& name) -> FigureChange {
  for (const auto& c : changes) {
    if (c.name == name) {
      return c;
    }
  }
  FAIL("no figure " << name);
  return {};
}

// Old: E_DC 1250, E_IT 1000 -> PUE 1.25; E_reuse 125 -> ERF 0.10; coverage 0.99.
// New: E_DC 1300, E_IT 1000 -> PUE 1.30; E_reuse 104 -> ERF 0.08; coverage 0.95.
auto worse_pair(const std::vector<std::string>& gates) -> ReportDiff {
  Figures old_figures;
  Figures new_figures;
  new_figures.facility = 1300.0;
  new_figures.reuse = 104.0;
  new_figures.coverage = 0.95;
  std::vector<dceff::report::RegressionGate> parsed;
  for (const auto& g : gates) {
    parsed.push_back(parse_regression_gate(g));
  }
  return diff_reports(snapshot(old_figures, "old.json"), snapshot(new_figures, "new.json"), parsed);
}

}  // namespace

TEST_CASE("diff: PUE 1.25 -> 1.30 is +0.05 absolute, +4 %, worse", "[diff]") {
  const auto d = worse_pair({});
  const auto pue = find(d.kpis, "pue");
  CHECK(pue.old_value == Approx(1.25));
  CHECK(pue.new_value == Approx(1.30));
  CHECK(*pue.absolute == Approx(0.05));   // 1.30 - 1.25
  CHECK(*pue.relative == Approx(0.04));   // 0.05 / 1.25
  CHECK(pue.verdict == Verdict::kWorse);  // lower is better
  CHECK(pue.direction == Direction::kLowerIsBetter);
  // ERF 0.10 -> 0.08: -0.02, -20 % (0.02 / 0.10), worse because higher is better.
  const auto erf = find(d.kpis, "erf");
  CHECK(*erf.absolute == Approx(-0.02));
  CHECK(*erf.relative == Approx(-0.20));
  CHECK(erf.verdict == Verdict::kWorse);
  // The by-category and nested figures are read generically.
  CHECK(find(d.kpis, "pue.by_category.1").verdict == Verdict::kWorse);
  CHECK(find(d.kpis, "pue.by_category.2").verdict == Verdict::kNotAvailable);
  CHECK(find(d.kpis, "ppue.cooling").verdict == Verdict::kUnchanged);
  CHECK(find(d.kpis, "cue").unit == "kgCO2e/kWh");
  CHECK(d.kpis.size() == 7);  // pue, pue.by_category.1/.2, ppue.cooling/.other, erf, cue
  // Energy: facility +50 kWh, +4 % (50 / 1250); neutral, so "changed", never better or worse.
  const auto facility = find(d.energy, "facility");
  CHECK(*facility.absolute == Approx(50.0));
  CHECK(*facility.relative == Approx(0.04));
  CHECK(facility.verdict == Verdict::kChanged);
  CHECK(find(d.energy, "it.1").verdict == Verdict::kUnchanged);
  CHECK(find(d.energy, "water_m3").unit == "m3");
  // Coverage 0.99 -> 0.95: -0.04, worse.
  CHECK(*d.coverage.absolute == Approx(-0.04));
  CHECK(d.coverage.verdict == Verdict::kWorse);
  CHECK(d.warnings.empty());
  CHECK(d.same_inputs);
  CHECK(d.passed());
}

TEST_CASE("diff: --fail-on-regression with absolute and relative tolerances", "[diff]") {
  struct Case {
    const char* gate;
    bool passed;
  };
  // PUE worse by 0.05 (4 %), ERF worse by 0.02 (20 %), coverage worse by 0.04 (about 4.04 %).
  const auto c =
      GENERATE(Case{"pue=0.06", true}, Case{"pue=0.02", false},
               Case{"pue=0.05", true},  // equal to the tolerance: not more than it
               Case{"pue=5%", true}, Case{"pue=3%", false}, Case{"pue=4%", true},
               Case{"pue", false},  // no tolerance: any worsening fails
               Case{"erf=0.01", false}, Case{"erf=25%", true}, Case{"coverage=0.05", true},
               Case{"coverage=0.03", false}, Case{"ppue.cooling", true},  // unchanged
               Case{"pue.by_category.1=0.1", true});
  INFO(c.gate);
  const auto d = worse_pair({c.gate});
  REQUIRE(d.regressions.size() == 1);
  CHECK(d.regressions[0].passed == c.passed);
  CHECK(d.passed() == c.passed);
}

TEST_CASE("diff: the messages of regression gates state both values and the tolerance", "[diff]") {
  const auto d = worse_pair({"pue=0.02", "erf=25%"});
  CHECK(d.regressions[0].message ==
        "pue: 1.2500 -> 1.3000, worse by 0.0500 (4.00 %), more than the tolerance 0.02");
  CHECK(d.regressions[1].message ==
        "erf: 0.1000 -> 0.0800, worse by 0.0200 (20.00 %), within the tolerance 25 %");
  CHECK(*d.regressions[1].worse_by_relative == Approx(0.20));
}

TEST_CASE("diff: a KPI that is n/a or absent fails its gate and says why", "[diff]") {
  const auto na = worse_pair({"cue=0.1"});
  CHECK_FALSE(na.regressions[0].passed);
  CHECK(na.regressions[0].message ==
        "cue: n/a in the old report old.json (no value); a regression cannot be ruled out");
  // Absent from one report only (a newer report's field): the gate fails, saying which.
  Figures old_figures;
  Figures new_figures;
  new_figures.extra_energy = "";
  std::string with_ref = report_json(new_figures);
  with_ref.replace(with_ref.find(R"("cue":)"), 6, R"("ref": {"value": 0.2}, "cue":)");
  std::istringstream in{with_ref};
  const auto absent = diff_reports(snapshot(old_figures, "old.json"),
                                   dceff::report::read_report_snapshot(in, "new.json"),
                                   {parse_regression_gate("ref")});
  CHECK_FALSE(absent.regressions[0].passed);
  CHECK(absent.regressions[0].message ==
        "ref: absent from the old report old.json; a regression cannot be ruled out");
}

TEST_CASE("diff: gates on energy sums or unknown names are invalid invocations", "[diff]") {
  CHECK_THROWS_WITH(worse_pair({"facility=1"}),
                    Catch::StartsWith("--fail-on-regression 'facility=1': an energy sum is "
                                      "neither better nor worse when it grows: 'facility'"));
  CHECK_THROWS_WITH(
      worse_pair({"peu=1"}),
      Catch::StartsWith("--fail-on-regression 'peu=1': no such figure in either report: 'peu' "
                        "(expected a KPI that has a better direction: pue, pue.by_category.1"));
  // A known base with a misspelt tail is no figure of either report either: exit 2, not 1.
  CHECK_THROWS_WITH(worse_pair({"pue.by_category.3"}),
                    Catch::StartsWith("--fail-on-regression 'pue.by_category.3': no such figure "
                                      "in either report: 'pue.by_category.3'"));
}

TEST_CASE("diff: bad tolerance text is refused, quoted", "[diff]") {
  const auto text =
      GENERATE("pue=abc", "pue=", "pue=-1", "pue=1e-2", "pue=2%%", "pue=0x1", "pue=.", "pue=inf");
  INFO(text);
  const auto tolerance = std::string{text}.substr(4);
  CHECK_THROWS_AS(parse_regression_gate(text), dceff::Error);
  CHECK_THROWS_WITH(parse_regression_gate(text),
                    fmt::format("--fail-on-regression '{}': invalid tolerance '{}' (expected a "
                                "decimal number >= 0, absolute as 0.02 or relative to the old "
                                "value as 2%)",
                                text, tolerance));
  CHECK_THROWS_WITH(parse_regression_gate("=0.1"),
                    Catch::StartsWith("--fail-on-regression '=0.1': invalid KPI name ''"));
  CHECK(parse_regression_gate("pue=2%").tolerance == Approx(0.02));
  CHECK(parse_regression_gate("pue=2%").relative);
  CHECK(parse_regression_gate(".5").figure == ".5");  // a name, which diff then refuses
}

TEST_CASE("diff: fields unknown to this version are compared too", "[diff]") {
  Figures old_figures;
  Figures new_figures;
  new_figures.extra_energy = R"(, "heat_upgrade": 20)";
  new_figures.meters = R"({"id": "grid", "coverage": 1.0}, {"id": "hp", "coverage": 0.5})";
  const auto d = diff_reports(snapshot(old_figures, "a"), snapshot(new_figures, "b"), {});
  const auto upgrade = find(d.energy, "heat_upgrade");
  CHECK_FALSE(upgrade.in_old);
  CHECK(upgrade.in_new);
  CHECK(upgrade.new_value == Approx(20.0));
  // Meters sorted by id: grid (both), hp (added), it (removed).
  REQUIRE(d.meters.size() == 3);
  CHECK(d.meters[0].name == "grid");
  CHECK(d.meters[1].name == "hp");
  CHECK_FALSE(d.meters[1].in_old);
  CHECK(d.meters[2].name == "it");
  CHECK_FALSE(d.meters[2].in_new);
}

TEST_CASE("diff: incomparable reports are flagged", "[diff]") {
  Figures a;
  Figures b;
  b.to = "2025-01-03T00:00:00Z";  // 2 days against 1
  b.variant = "PUE";
  b.category = 2;
  b.site = "Other hall";
  const auto d = diff_reports(snapshot(a, "a"), snapshot(b, "b"), {});
  REQUIRE(d.warnings.size() == 4);
  CHECK(d.warnings[0].code == "different_site");
  CHECK(d.warnings[1].code == "different_period_length");
  CHECK(d.warnings[1].message == "the periods differ in length: 1d 0h 0m and 2d 0h 0m");
  CHECK(d.warnings[2].code == "different_pue_variant");
  CHECK(d.warnings[3].code == "different_pue_category");
  std::ostringstream out;
  write_diff(d, dceff::report::DiffFormat::kTable, out);
  CHECK_THAT(out.str(), Catch::Contains("warning: not comparable: iPUE and PUE"));
}

TEST_CASE("diff: documents that are not reports are refused with their pointer", "[diff]") {
  const auto read = [](const std::string& text) {
    std::istringstream in{text};
    return dceff::report::read_report_snapshot(in, "x.json");
  };
  CHECK_THROWS_WITH(read(R"({"dceff_partial": 1})"),
                    "x.json: /dceff_report: missing (expected a JSON report of 'dceff report "
                    "--format json' or 'dceff merge')");
  CHECK_THROWS_WITH(read(R"({"dceff_report": 2})"),
                    "x.json: /dceff_report: unsupported report version '2' (expected 1)");
  CHECK_THROWS_WITH(read("[1]"), Catch::StartsWith("x.json: /: an array '[1]' (expected"));
  CHECK_THROWS_AS(read("{"), dceff::ConfigError);
  auto text = report_json(Figures{});
  text.replace(text.find(R"("facility": 1250)"), 16, R"("facility": "1250")");
  CHECK_THROWS_WITH(
      read(text), "x.json: /energy_kwh/facility: a string '\"1250\"' (expected a number or null)");
}

TEST_CASE("diff: output is deterministic in every format", "[diff]") {
  for (const auto format : {dceff::report::DiffFormat::kTable, dceff::report::DiffFormat::kJson,
                            dceff::report::DiffFormat::kMarkdown}) {
    std::ostringstream a;
    std::ostringstream b;
    write_diff(worse_pair({"pue=0.02"}), format, a);
    write_diff(worse_pair({"pue=0.02"}), format, b);
    CHECK(a.str() == b.str());
    CHECK_THAT(a.str(), Catch::Contains("pue"));
  }
}

TEST_CASE("diff: a gate over two different quantities fails instead of passing", "[diff]") {
  Figures old_figures;
  Figures new_figures;  // the same figures: every gate would pass on the numbers alone
  SECTION("different sites") {
    new_figures.site = "Hall 2";
    const auto d = diff_reports(snapshot(old_figures, "a"), snapshot(new_figures, "b"),
                                {parse_regression_gate("erf")});
    CHECK_FALSE(d.passed());
    CHECK(d.regressions[0].message ==
          "erf: the reports are of different sites ('Hall', 'Hall 2'), so no figure of one is a "
          "regression of the other");
  }
  SECTION("a headline E_IT metered elsewhere") {
    new_figures.category = 2;
    const auto d =
        diff_reports(snapshot(old_figures, "a"), snapshot(new_figures, "b"),
                     {parse_regression_gate("pue"), parse_regression_gate("ppue.cooling"),
                      parse_regression_gate("pue.by_category.1"), parse_regression_gate("erf")});
    CHECK_FALSE(d.regressions[0].passed);
    CHECK(d.regressions[0].message ==
          "pue: E_IT is category 1 in the old report and 2 in the new one (metered at different "
          "points), so the figures are not comparable (expected a gate on pue.by_category.N)");
    CHECK_FALSE(d.regressions[1].passed);  // (E_IT + E_cooling) / E_IT: headline E_IT too
    CHECK(d.regressions[2].passed);        // category 1 in both
    CHECK(d.regressions[3].passed);        // E_reuse / E_DC: no E_IT in it
  }
}

TEST_CASE("diff: hostile numbers are refused, never a crash or a cast", "[diff]") {
  // 400 digits overflow a double; std::stod threw out_of_range (exit 3).
  const auto huge = "pue=1" + std::string(400, '0');
  CHECK_THROWS_WITH(parse_regression_gate(huge),
                    Catch::StartsWith("--fail-on-regression '" + huge + "': invalid tolerance"));
  const auto read = [](std::string text) {
    std::istringstream in{text};
    return dceff::report::read_report_snapshot(in, "x.json");
  };
  auto text = report_json(Figures{});
  auto overflow = text;
  overflow.replace(overflow.find(R"("facility": 1250)"), 16, R"("facility": 1e400)");
  CHECK_THROWS_WITH(read(overflow),
                    "x.json: invalid JSON: number overflow parsing '1e400' "
                    "(expected a finite number)");
  auto category = text;
  category.replace(category.find(R"("category": 1,)"), 14, R"("category": 1e300,)");
  CHECK_THROWS_WITH(read(category),
                    "x.json: /kpis/pue/category: a number '1e+300' (expected a "
                    "whole number from 0 to 3)");
  auto bytes = text;
  bytes.replace(bytes.find(R"("bytes": 10)"), 11, R"("bytes": -10)");
  CHECK_THROWS_WITH(read(bytes),
                    "x.json: /provenance/inputs/0/bytes: a number '-10' (expected a "
                    "whole number >= 0)");
  auto backwards = text;
  backwards.replace(backwards.find("2025-01-02T00:00:00Z"), 20, "2024-12-31T00:00:00Z");
  CHECK_THROWS_WITH(read(backwards),
                    "x.json: /period/to: '2024-12-31T00:00:00Z' is before /period/from "
                    "'2025-01-01T00:00:00Z' (expected a period that ends after it starts)");
}

TEST_CASE("diff: a report file larger than 1 GiB is refused before parsing", "[diff]") {
  const dceff::test::Scratch scratch;
  const auto path = scratch.write("big.json", {"{}"});
  std::filesystem::resize_file(path, std::uintmax_t{3} << 30);  // sparse: no disk used
  CHECK_THROWS_WITH(dceff::report::load_report_snapshot(path),
                    path +
                        ": 3221225472 bytes, more than the 1 GiB a dceff JSON document can be "
                        "(expected a JSON report)");
}

TEST_CASE("diff: a '|' in a meter id does not break the Markdown table", "[diff]") {
  Figures f;
  f.meters = R"({"id": "a|b", "coverage": 1.0})";
  std::ostringstream out;
  write_diff(diff_reports(snapshot(f, "a"), snapshot(f, "b"), {}),
             dceff::report::DiffFormat::kMarkdown, out);
  // 1.0 -> 1.0: +0.0000, +0.00 %, unchanged; six cells, the id's bar escaped.
  CHECK_THAT(out.str(), Catch::Contains(
                            "| meter a\\|b | 1.0000 | 1.0000 | +0.0000 | +0.00 % | unchanged |\n"));
}
