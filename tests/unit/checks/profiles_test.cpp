#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/analyze.hpp"
#include "dceff/checks/profile.hpp"
#include "dceff/checks/writers.hpp"
#include "dceff/error.hpp"

#include "unit/checks/report_fixture.hpp"

namespace {

using Catch::Matchers::Message;
using dceff::Error;
using dceff::checks::all_passed;
using dceff::checks::evaluate_profile;
using dceff::checks::ProfileOptions;
using dceff::checks::Verdict;
using dceff::report::Report;
using std::chrono::year_month_day;
using namespace std::chrono_literals;

const std::string kSamples = DCEFF_SAMPLES_DIR;

// A meter with data (a year of hourly readings); rows 0 is a meter the site names without data.
auto meter(std::string role, int category = 0, std::uint64_t rows = 8761)
    -> dceff::report::MeterSummary {
  dceff::report::MeterSummary m;
  m.id = role;
  m.role = std::move(role);
  m.category = category;
  m.rows = rows;
  return m;
}

// A calendar year 2025 (UTC) at category 1 and full coverage: E_IT 1000 kWh, E_DC = pue x 1000.
auto year(double pue, std::optional<double> erf = std::nullopt) -> Report {
  Report r;
  r.tool_version = "0.1.0";
  r.site_name = "Hand Hall";
  r.site_path = "site.json";
  r.timezone = "UTC";
  r.from = dceff::test::utc(2025, 1, 1);
  r.to = dceff::test::utc(2026, 1, 1);
  r.twelve_months = true;
  r.calendar_year = 2025;
  r.headline_category = 1;
  r.total.from = r.from;
  r.total.to = r.to;
  r.total.coverage = 1.0;
  r.total.energy.it_kwh = 1000.0;
  r.total.energy.facility_kwh = pue * 1000.0;
  r.total.kpis.pue = pue;
  r.total.kpis.erf = erf;
  r.meters = {meter("facility_input"), meter("it", 1)};
  if (erf) {
    r.meters.push_back(meter("reuse"));
  }
  return r;
}

// Nine months: 2025-01-01..2025-10-01, neither 12 months nor a calendar year.
auto nine_months() -> Report {
  auto r = year(1.1, 0.3);
  r.to = dceff::test::utc(2025, 10, 1);
  r.total.to = r.to;
  r.twelve_months = false;
  r.calendar_year.reset();
  return r;
}

auto date(int y, unsigned m, unsigned d) -> year_month_day {
  return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

auto enefg(year_month_day commissioned, std::optional<year_month_day> as_of) -> ProfileOptions {
  ProfileOptions o;
  o.commissioned = commissioned;
  o.as_of = as_of;
  return o;
}

auto find(const std::vector<Verdict>& verdicts, const std::string& gate) -> const Verdict* {
  const auto it = std::find_if(verdicts.begin(), verdicts.end(),
                               [&](const Verdict& v) { return v.gate == gate; });
  return it == verdicts.end() ? nullptr : &*it;
}

auto has_rule_verdicts(const std::vector<Verdict>& verdicts) -> bool {
  return std::any_of(verdicts.begin(), verdicts.end(),
                     [](const Verdict& v) { return v.rule != "condition"; });
}

}  // namespace

TEST_CASE("there are six profiles, and an unknown one is an error naming them",
          "[checks][profiles][errors]") {
  CHECK(dceff::checks::profile_names().size() == 6);
  CHECK_THROWS_MATCHES(dceff::checks::require_profile("de-eneg"), Error,
                       Message("--profile: unknown profile 'de-eneg' (expected one of: "
                               "eu-eed-2024-1364, de-enefg, cn-gb40879, eu-label-2026, "
                               "sg-green-dc, tw-new-dc)"));
  CHECK_THROWS_AS(evaluate_profile("x", year(1.2), {}), Error);
}

TEST_CASE("profiles that need an option say which, and bad values are errors",
          "[checks][profiles][errors]") {
  CHECK_THROWS_MATCHES(
      dceff::checks::check_options("de-enefg", {}), Error,
      Message("--profile de-enefg: missing --commissioned YYYY-MM-DD (expected the date the data "
              "centre started operating: it decides which EnEfG §11 limits apply)"));
  CHECK_THROWS_MATCHES(dceff::checks::check_options("tw-new-dc", {}), Error,
                       Message("--profile tw-new-dc: missing --dc-type (expected hyperscale or "
                               "colocation: the limit is 1.3 or 1.4)"));
  ProfileOptions grades;
  grades.gb_grade1_max = 1.3;
  grades.gb_grade2_max = 1.3;
  CHECK_THROWS_MATCHES(dceff::checks::check_options("cn-gb40879", grades), Error,
                       Message("--gb-grade1-max 1.3, --gb-grade2-max 1.3: out of range "
                               "(expected 1 <= grade 1 < grade 2 < 1.5, the grade 3 limit)"));
  ProfileOptions coverage;
  coverage.min_coverage = 95.0;
  CHECK_THROWS_MATCHES(dceff::checks::check_options("sg-green-dc", coverage), Error,
                       Message("--min-profile-coverage: out of range: 95 (expected a share from "
                               "0 to 1, e.g. 0.95)"));
  CHECK(dceff::checks::parse_date("2026-07-01", "--commissioned") == date(2026, 7, 1));
  CHECK(dceff::checks::parse_date("2028-02-29", "--commissioned") == date(2028, 2, 29));
  for (const auto* bad : {"2026-13-01", "2027-02-29", "26-07-01", "2026-7-1", "2026-07-01x", ""}) {
    INFO(bad);
    CHECK_THROWS_MATCHES(
        dceff::checks::parse_date(bad, "--commissioned"), Error,
        Message(std::string{"--commissioned: not a date '"} + bad + "' (expected YYYY-MM-DD)"));
  }
  CHECK_THROWS_MATCHES(dceff::checks::parse_dc_type("edge", "--dc-type"), Error,
                       Message("--dc-type: unknown data-centre type 'edge' (expected hyperscale "
                               "or colocation)"));
}

TEST_CASE("every profile refuses a 9-month period and gives no verdict on its rule",
          "[checks][profiles]") {
  ProfileOptions o = enefg(date(2020, 1, 1), std::nullopt);
  o.dc_type = dceff::checks::DcType::kHyperscale;
  for (const auto name : dceff::checks::profile_names()) {
    INFO(name);
    const auto verdicts = evaluate_profile(name, nine_months(), o);
    CHECK_FALSE(all_passed(verdicts));
    CHECK_FALSE(has_rule_verdicts(verdicts));
    const auto failed =
        std::find_if(verdicts.begin(), verdicts.end(), [](const Verdict& v) { return !v.passed; });
    REQUIRE(failed != verdicts.end());
    CHECK(failed->kind == dceff::checks::Kind::kDataQuality);
    CHECK(failed->message.find(std::string{name} + " refuses to give a verdict: the period "
                                                   "2025-01-01T00:00:00Z..2025-10-01T00:00:00Z "
                                                   "is ") == 0);
  }
}

TEST_CASE("profiles on annual figures refuse a period longer than 12 months",
          "[checks][profiles]") {
  // 2024-01-01..2026-01-01: 24 months, the trailing twelve months start 2025-01-01. A 2-year
  // PUE of 1.25 would meet 1.3 whatever the latest year read.
  auto r = year(1.25);
  r.from = dceff::test::utc(2024, 1, 1);
  r.total.from = r.from;
  r.calendar_year.reset();
  r.trailing_twelve_months = r.total;
  r.trailing_twelve_months->from = dceff::test::utc(2025, 1, 1);
  const auto refused = evaluate_profile("sg-green-dc", r, {});
  CHECK_FALSE(all_passed(refused));
  CHECK_FALSE(has_rule_verdicts(refused));
  CHECK(find(refused, "sg-green-dc/condition/twelve-months")->message ==
        "sg-green-dc refuses to give a verdict: the period "
        "2024-01-01T00:00:00Z..2026-01-01T00:00:00Z is longer than 12 months (a PUE covers 12 "
        "months; expected one year: pass --from and --to one year apart)");
  // Exactly one year: the trailing twelve months are the period.
  auto one = year(1.25);
  one.trailing_twelve_months = one.total;
  CHECK(all_passed(evaluate_profile("sg-green-dc", one, {})));
}

TEST_CASE("the coverage condition is met at the bar and refuses just below it",
          "[checks][profiles]") {
  auto r = year(1.2);
  r.total.coverage = 0.95;
  CHECK(all_passed(evaluate_profile("sg-green-dc", r, {})));
  r.total.coverage = 0.9499;
  const auto refused = evaluate_profile("sg-green-dc", r, {});
  CHECK_FALSE(all_passed(refused));
  CHECK_FALSE(has_rule_verdicts(refused));
  CHECK(find(refused, "sg-green-dc/condition/coverage")->message ==
        "sg-green-dc refuses to give a verdict: coverage 0.9499 < 0.9500 (minimum, [U] dceff's "
        "own bar, not from a regulation; set with --min-profile-coverage): KPIs rest on only "
        "94.99 % of the period");
  // At the bar: 0.950 shown with 3 decimals, 95.0 %.
  r.total.coverage = 0.95;
  CHECK(find(evaluate_profile("sg-green-dc", r, {}), "sg-green-dc/condition/coverage")->message ==
        "coverage 0.950 >= 0.950 (minimum, [U] dceff's own bar, not from a regulation; set with "
        "--min-profile-coverage): KPIs rest on 95.0 % of the period");
  r.total.coverage = 0.9499;
  ProfileOptions lower;
  lower.min_coverage = 0.9;
  CHECK(all_passed(evaluate_profile("sg-green-dc", r, lower)));
}

TEST_CASE("de-enefg, existing data centre: PUE 1.5 from 2027-07-01, 1.3 from 2030-07-01",
          "[checks][profiles][enefg]") {
  // Commissioned 2026-06-30, the last day before the new-DC rules: existing.
  const auto existing = date(2026, 6, 30);
  SECTION("PUE 1.6 is shown but cannot fail on 2027-06-30, and fails on 2027-07-01") {
    const auto before = evaluate_profile("de-enefg", year(1.6), enefg(existing, date(2027, 6, 30)));
    CHECK(all_passed(before));
    CHECK(find(before, "de-enefg/pue-1.5")->informational);
    CHECK(find(before, "de-enefg/pue-1.5")
              ->message.find(
                  "would miss the limit, not yet in force on 2027-06-30 (from 2027-07-01)") !=
          std::string::npos);
    const auto after = evaluate_profile("de-enefg", year(1.6), enefg(existing, date(2027, 7, 1)));
    CHECK_FALSE(all_passed(after));
    CHECK_FALSE(find(after, "de-enefg/pue-1.5")->passed);
    CHECK(find(after, "de-enefg/pue-1.5")->limit == 1.5);
  }
  SECTION("PUE 1.5 exactly meets the 1.5 limit; PUE 1.4 fails 1.3 only from 2030-07-01") {
    CHECK(all_passed(evaluate_profile("de-enefg", year(1.5), enefg(existing, date(2028, 1, 1)))));
    CHECK_FALSE(all_passed(
        evaluate_profile("de-enefg", year(1.5000001), enefg(existing, date(2028, 1, 1)))));
    const auto before = evaluate_profile("de-enefg", year(1.4), enefg(existing, date(2030, 6, 30)));
    CHECK(all_passed(before));
    CHECK_FALSE(find(before, "de-enefg/pue-1.5")->informational);
    CHECK(find(before, "de-enefg/pue-1.3")->informational);
    const auto after = evaluate_profile("de-enefg", year(1.4), enefg(existing, date(2030, 7, 1)));
    CHECK_FALSE(all_passed(after));
    CHECK(find(after, "de-enefg/pue-1.5") == nullptr);  // replaced by the 1.3 limit
    CHECK(all_passed(evaluate_profile("de-enefg", year(1.3), enefg(existing, date(2030, 7, 1)))));
  }
  SECTION("without --as-of the rules are judged on the last day of the period") {
    // The period 2025-01-01..2026-01-01 (exclusive) ends on 2025-12-31: 1.5 not yet in force.
    const auto verdicts =
        evaluate_profile("de-enefg", year(1.6), enefg(date(2020, 1, 1), std::nullopt));
    CHECK(all_passed(verdicts));
    CHECK(find(verdicts, "de-enefg/scope")->message ==
          "existing data centre: commissioned 2020-01-01, before 2026-07-01: §11(1) applies, "
          "judged as of 2025-12-31");
  }
}

TEST_CASE("de-enefg, new data centre: ERF 10/15/20 % by commissioning date, due two years later",
          "[checks][profiles][enefg]") {
  struct Case {
    year_month_day commissioned;
    double erf_limit;
    const char* gate;
  };
  // Both sides of 2027-07-01 and 2028-07-01; 2026-07-01 itself is new (10 %).
  for (const auto& c : {Case{date(2026, 7, 1), 0.10, "de-enefg/erf-10"},
                        Case{date(2027, 6, 30), 0.10, "de-enefg/erf-10"},
                        Case{date(2027, 7, 1), 0.15, "de-enefg/erf-15"},
                        Case{date(2028, 6, 30), 0.15, "de-enefg/erf-15"},
                        Case{date(2028, 7, 1), 0.20, "de-enefg/erf-20"}}) {
    INFO(c.gate << " commissioned " << static_cast<int>(c.commissioned.year()) << "-"
                << unsigned{c.commissioned.month()} << "-" << unsigned{c.commissioned.day()});
    const auto as_of = date(2031, 1, 1);  // after every due date
    const auto at =
        evaluate_profile("de-enefg", year(1.15, c.erf_limit), enefg(c.commissioned, as_of));
    REQUIRE(find(at, c.gate) != nullptr);
    CHECK(find(at, c.gate)->limit == c.erf_limit);
    CHECK(all_passed(at));  // at the limit: ERF >= limit holds
    const auto below =
        evaluate_profile("de-enefg", year(1.15, c.erf_limit - 1e-6), enefg(c.commissioned, as_of));
    CHECK_FALSE(find(below, c.gate)->passed);
    CHECK_FALSE(all_passed(below));
  }
}

TEST_CASE("de-enefg, new data centre: the limits bind at the latest two years after commissioning",
          "[checks][profiles][enefg]") {
  // PUE 1.3 and ERF 5 % miss both limits; they only fail once due.
  const auto before =
      evaluate_profile("de-enefg", year(1.3, 0.05), enefg(date(2026, 7, 1), date(2028, 6, 30)));
  CHECK(all_passed(before));
  CHECK(find(before, "de-enefg/pue-1.2")->informational);
  CHECK(find(before, "de-enefg/pue-1.2")
            ->message.find(
                "would miss the limit, not yet due on 2028-06-30 (at the latest two years after "
                "commissioning: 2028-07-01)") != std::string::npos);
  const auto due =
      evaluate_profile("de-enefg", year(1.3, 0.05), enefg(date(2026, 7, 1), date(2028, 7, 1)));
  CHECK_FALSE(find(due, "de-enefg/pue-1.2")->passed);
  CHECK_FALSE(find(due, "de-enefg/erf-10")->passed);
  // 29 February: two years later is 1 March.
  const auto leap = enefg(date(2028, 2, 29), date(2030, 2, 28));
  CHECK(all_passed(evaluate_profile("de-enefg", year(1.3, 0.05), leap)));
  CHECK_FALSE(all_passed(
      evaluate_profile("de-enefg", year(1.3, 0.05), enefg(date(2028, 2, 29), date(2030, 3, 1)))));
  CHECK_THROWS_MATCHES(
      evaluate_profile("de-enefg", year(1.3), enefg(date(2026, 8, 1), date(2026, 7, 31))), Error,
      Message("--as-of 2026-07-31 is before --commissioned 2026-08-01 (expected a date on or "
              "after commissioning)"));
  // Both given: refused by check_options, which the CLI calls before the analysis.
  CHECK_THROWS_MATCHES(
      dceff::checks::check_options("de-enefg", enefg(date(2026, 8, 1), date(2026, 7, 31))), Error,
      Message("--as-of 2026-07-31 is before --commissioned 2026-08-01 (expected a date on or "
              "after commissioning)"));
  // Without --as-of the date is the period's last day (2025-12-31), which --as-of did not say.
  CHECK_THROWS_MATCHES(
      evaluate_profile("de-enefg", year(1.3), enefg(date(2026, 8, 1), std::nullopt)), Error,
      Message("the period 2025-01-01T00:00:00Z..2026-01-01T00:00:00Z ends on 2025-12-31, before "
              "--commissioned 2026-08-01 (expected data from after commissioning, or --as-of)"));
}

TEST_CASE("de-enefg leaves heat-upgrade electricity out of the new-DC PUE only",
          "[checks][profiles][enefg]") {
  // E_DC 1300, E_IT 1000, heat upgrade 120: (1300 - 120) / 1000 = 1.18 <= 1.2.
  auto r = year(1.3, 0.2);
  r.total.energy.heat_upgrade_kwh = 120.0;
  r.meters.push_back(meter("heat_upgrade"));
  const auto options = enefg(date(2026, 7, 1), date(2028, 7, 1));
  const auto verdicts = evaluate_profile("de-enefg", r, options);
  const auto* pue = find(verdicts, "de-enefg/pue-1.2");
  REQUIRE(pue != nullptr);
  CHECK(pue->passed);
  CHECK(pue->measured.value() == Approx(1.18).epsilon(1e-12));
  CHECK(pue->expression == "pue_without_heat_upgrade > 1.2");
  CHECK(find(verdicts, "de-enefg/heat-upgrade")->message ==
        "PUE without heat upgrade = (E_DC 1300.000 - heat_upgrade 120.000 kWh) / E_IT 1000.000 "
        "kWh = 1.180");
  // Without the heat_upgrade meter the same site reads 1.3 and fails.
  const auto plain = evaluate_profile("de-enefg", year(1.3, 0.2), options);
  CHECK_FALSE(find(plain, "de-enefg/pue-1.2")->passed);
  // The existing-DC limits keep the heat upgrade in E_DC: PUE 1.30001 fails 1.3, although
  // (1300.01 - 120) / 1000 = 1.18 would pass.
  // Heat upgrade and IT above E_DC: (1300 - 320) / 1000 = 0.98 < 1 is a mapping mistake, not
  // a PUE that meets 1.2.
  auto impossible = year(1.3, 0.2);
  impossible.total.energy.heat_upgrade_kwh = 320.0;
  CHECK_THROWS_MATCHES(
      evaluate_profile("de-enefg", impossible, options), dceff::ConfigError,
      Message("site.json: pue_without_heat_upgrade 0.9800 < 1 over "
              "2025-01-01T00:00:00Z..2026-01-01T00:00:00Z: heat_upgrade 320.000 kWh and IT "
              "1000.000 kWh exceed E_DC 1300.000 kWh (expected heat_upgrade meters that are a "
              "part of the facility inputs and meter no IT load)"));
  // Exactly E_DC - IT: (1300 - 300) / 1000 = 1.0 is possible.
  impossible.total.energy.heat_upgrade_kwh = 300.0;
  CHECK(find(evaluate_profile("de-enefg", impossible, options), "de-enefg/pue-1.2")->measured ==
        1.0);
  auto existing = year(1.30001, 0.2);
  existing.total.energy.heat_upgrade_kwh = 120.0;
  CHECK_FALSE(all_passed(
      evaluate_profile("de-enefg", existing, enefg(date(2020, 1, 1), date(2030, 7, 1)))));
}

TEST_CASE("cn-gb40879: grades at their boundaries, the grade 3 limit 1.50",
          "[checks][profiles][gb]") {
  const auto grade = [](double rm2, const ProfileOptions& o = {}) {
    const auto verdicts = evaluate_profile("cn-gb40879", year(rm2), o);
    return std::make_pair(all_passed(verdicts), find(verdicts, "cn-gb40879/grade")->message);
  };
  const auto has = [](const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  };
  CHECK(has(grade(1.20).second, "grade 1 (RM2 <= 1.2 [S, single source])"));
  CHECK(has(grade(1.2000001).second, "grade 2 (1.2 [S, single source] < RM2 <= 1.3 [S])"));
  CHECK(has(grade(1.30).second, "grade 2"));
  CHECK(has(grade(1.3000001).second, "grade 3 (1.3 [S] < RM2 <= 1.5)"));
  CHECK(grade(1.50).first);
  CHECK(has(grade(1.50).second, "grade 3"));
  CHECK_FALSE(grade(1.5000001).first);
  CHECK(has(grade(1.5000001).second, "no grade (RM2 > 1.5, above the grade 3 limit value)"));
  ProfileOptions o;
  o.gb_grade1_max = 1.25;
  o.gb_grade2_max = 1.35;
  CHECK(has(grade(1.25, o).second, "grade 1 (RM2 <= 1.25 [set with --gb-grade1-max])"));
  CHECK(has(grade(1.35, o).second,
            "grade 2 (1.25 [set with --gb-grade1-max] < RM2 <= 1.35 [set with --gb-grade2-max])"));
  const auto verdicts = evaluate_profile("cn-gb40879", year(1.25), {});
  CHECK(find(verdicts, "cn-gb40879/rm1")->message.find("is not computed") != std::string::npos);
}

TEST_CASE("eu-label-2026: PUE and WUE classes, a value on a boundary takes the better class",
          "[checks][profiles][label]") {
  const auto pue_class = [](double pue) {
    return find(evaluate_profile("eu-label-2026", year(pue), {}), "eu-label-2026/pue-class")
        ->message;
  };
  CHECK(pue_class(1.15) == "PUE 1.150: class A (PUE <= 1.15)");
  CHECK(pue_class(1.1500001) == "PUE 1.150: class B (1.15 < PUE <= 1.25)");
  CHECK(pue_class(1.25) == "PUE 1.250: class B (1.15 < PUE <= 1.25)");
  CHECK(pue_class(1.35) == "PUE 1.350: class C (1.25 < PUE <= 1.35)");
  CHECK(pue_class(1.5) == "PUE 1.500: class D (1.35 < PUE <= 1.5)");
  CHECK(pue_class(1.7) == "PUE 1.700: class E (1.5 < PUE <= 1.7)");
  CHECK(pue_class(1.9) == "PUE 1.900: class F (1.7 < PUE <= 1.9)");
  CHECK(pue_class(1.9000001) == "PUE 1.900: class G (PUE > 1.9)");
  const auto wue_class = [](double wue) {
    auto r = year(1.2);
    r.total.kpis.wue = wue;
    const auto message =
        find(evaluate_profile("eu-label-2026", r, {}), "eu-label-2026/wue-class")->message;
    return message.substr(0, message.find(';'));
  };
  CHECK(wue_class(0.1) == "WUE 0.100 L/kWh (= m3/MWh, unit [S]): class A (WUE <= 0.1)");
  CHECK(wue_class(0.2) == "WUE 0.200 L/kWh (= m3/MWh, unit [S]): class B (0.1 < WUE <= 0.2)");
  CHECK(wue_class(0.4) == "WUE 0.400 L/kWh (= m3/MWh, unit [S]): class C (0.2 < WUE <= 0.4)");
  CHECK(wue_class(0.6) == "WUE 0.600 L/kWh (= m3/MWh, unit [S]): class D (0.4 < WUE <= 0.6)");
  CHECK(wue_class(0.8) == "WUE 0.800 L/kWh (= m3/MWh, unit [S]): class E (0.6 < WUE <= 0.8)");
  CHECK(wue_class(1.0) == "WUE 1.000 L/kWh (= m3/MWh, unit [S]): class F (0.8 < WUE <= 1)");
  CHECK(wue_class(1.0000001) == "WUE 1.000 L/kWh (= m3/MWh, unit [S]): class G (WUE > 1)");
  // Labels are information: class G passes; without a water meter WUE is input required.
  const auto g = evaluate_profile("eu-label-2026", year(2.5), {});
  CHECK(all_passed(g));
  CHECK(find(g, "eu-label-2026/wue-class")->attention);
}

TEST_CASE("sg-green-dc and tw-new-dc at their limits", "[checks][profiles]") {
  CHECK(all_passed(evaluate_profile("sg-green-dc", year(1.3), {})));
  CHECK_FALSE(all_passed(evaluate_profile("sg-green-dc", year(1.3000001), {})));
  ProfileOptions hyperscale;
  hyperscale.dc_type = dceff::checks::DcType::kHyperscale;
  ProfileOptions colocation;
  colocation.dc_type = dceff::checks::DcType::kColocation;
  CHECK(all_passed(evaluate_profile("tw-new-dc", year(1.3), hyperscale)));
  CHECK_FALSE(all_passed(evaluate_profile("tw-new-dc", year(1.35), hyperscale)));
  CHECK(all_passed(evaluate_profile("tw-new-dc", year(1.35), colocation)));
  CHECK(all_passed(evaluate_profile("tw-new-dc", year(1.4), colocation)));
  CHECK_FALSE(all_passed(evaluate_profile("tw-new-dc", year(1.4000001), colocation)));
  const auto sg = evaluate_profile("sg-green-dc", year(1.2), {});
  CHECK(find(sg, "sg-green-dc/pue-1.3")->rule == "policy goal");
  CHECK(find(sg, "sg-green-dc/pue-1.3")->message.find("defined at 100 % IT load") !=
        std::string::npos);
}

TEST_CASE("eu-eed-2024-1364 lists missing inputs as input required, never guessed",
          "[checks][profiles][eed]") {
  const auto r = year(1.25);  // facility and IT meters only
  const auto fields = dceff::checks::eed_fields(r);
  const auto field = [&](const std::string& name) {
    return *std::find_if(fields.begin(), fields.end(),
                         [&](const auto& f) { return f.name == name; });
  };
  CHECK(field("E_DC").value == 1250.0);
  CHECK(field("E_IT").value == 1000.0);
  CHECK(field("PUE").value == 1.25);
  for (const auto* missing :
       {"E_DC-BG", "E_REUSE", "E_RES-TOT", "E_RES-GOO", "E_RES-PPA", "E_RES-OS", "W_IN", "WUE",
        "ERF", "REF", "PD_IT", "data_traffic_incoming", "data_traffic_outgoing", "data_storage"}) {
    INFO(missing);
    CHECK_FALSE(field(missing).value.has_value());
  }
  const auto verdicts = evaluate_profile("eu-eed-2024-1364", r, {});
  CHECK(all_passed(verdicts));  // reporting, not a limit
  CHECK(find(verdicts, "eu-eed-2024-1364/W_IN")->attention);
  CHECK(find(verdicts, "eu-eed-2024-1364/W_IN")->message ==
        "W_IN: input required (no meter with role water)");
  std::ostringstream csv;
  dceff::checks::write_eed_csv(std::span{fields}.first(3), csv);
  CHECK(csv.str() ==
        "field,value,unit,status,note\n"
        "E_DC,1250,kWh,measured,\"facility inputs less excluded loads, metered at the input "
        "before the transfer switch on every feed\"\n"
        "E_IT,1000,kWh,measured,\"IT energy at UPS output (category 1)\"\n"
        "E_DC-BG,,kWh,input required,\"backup-generator energy, reported separately: the site "
        "file does not say which inputs feed backup generators (fuel inputs over the period: "
        "0.000 kWh)\"\n");
}

TEST_CASE("eu profiles want E_IT at UPS output: category 2 only where no UPS is metered",
          "[checks][profiles][eed]") {
  auto r = year(1.25);
  r.headline_category = 2;
  r.meters = {meter("facility_input"), meter("it", 2)};
  const auto pdu = evaluate_profile("eu-eed-2024-1364", r, {});
  CHECK(all_passed(pdu));
  CHECK(find(pdu, "eu-eed-2024-1364/condition/category-1")->attention);
  // A category 1 meter named in the site file but without data is not a metered UPS output.
  r.meters.push_back(meter("it", 1, 0));
  const auto without_data = evaluate_profile("eu-eed-2024-1364", r, {});
  CHECK(all_passed(without_data));
  CHECK(find(without_data, "eu-eed-2024-1364/condition/category-1")->attention);
  r.meters.back().rows = 8761;
  const auto refused = evaluate_profile("eu-label-2026", r, {});
  CHECK_FALSE(all_passed(refused));
  CHECK(find(refused, "eu-label-2026/condition/category-1")->message ==
        "eu-label-2026 refuses to give a verdict: the headline is category 2, but the site has "
        "category 1 (UPS output) meters: set \"headline_category\": 1 in the site file so that "
        "E_DC and E_IT share their buckets");
}

TEST_CASE("a profile verdict in JUnit and GitHub output", "[checks][profiles][writers]") {
  auto verdicts = evaluate_profile("sg-green-dc", year(1.35), {});
  const dceff::checks::Verdict& failed = *find(verdicts, "sg-green-dc/pue-1.3");
  std::ostringstream junit;
  dceff::checks::write_junit(year(1.35), std::span{&failed, 1}, junit);
  const std::string message =
      "pue 1.350 &gt; 1.300 (maximum, goal within 10 years of 2024-05-30, defined at 100 % IT "
      "load; this is the metered annual PUE at the load the site ran) over "
      "2025-01-01T00:00:00Z..2026-01-01T00:00:00Z";
  CHECK(junit.str().find("  <testcase classname=\"dceff.profile.sg-green-dc\" "
                         "name=\"sg-green-dc/pue-1.3\">\n    <failure message=\"" +
                         message + "\" type=\"policy goal\">") != std::string::npos);
  std::ostringstream github;
  dceff::checks::write_github(year(1.35), std::span{&failed, 1}, github);
  CHECK(github.str().rfind(
            "::error title=dceff sg-green-dc policy goal::pue 1.350 > 1.300 (maximum, goal "
            "within 10 years of 2024-05-30, defined at 100 %25 IT load; this is the metered "
            "annual PUE at the load the site ran) over "
            "2025-01-01T00:00:00Z..2026-01-01T00:00:00Z (sg-green-dc/pue-1.3: IMDA green data "
            "centre roadmap (2024) [S] [S34a])\n",
            0) == 0);
  const auto label = evaluate_profile("eu-label-2026", year(1.2), {});
  std::ostringstream notes;
  dceff::checks::write_github(year(1.2), label, notes);
  CHECK(notes.str().find("::warning title=dceff eu-label-2026 label class::WUE: input required") !=
        std::string::npos);
}

TEST_CASE("the year sample: heat upgrade, calendar year, trailing twelve months, 9-month cut",
          "[checks][profiles][analyze]") {
  dceff::AnalysisRequest request;
  request.site_path = kSamples + "/year/site.json";
  request.inputs = {kSamples + "/year/telemetry.csv.gz"};
  dceff::Diagnostics diagnostics;
  const auto r = dceff::analyze(request, diagnostics);
  // 8760 local hours of 2025 at constant kW: grid 1240, UPS 1000, heat pump 120, export 150.
  CHECK(r.calendar_year == 2025);
  CHECK(r.twelve_months);
  CHECK(r.total.energy.facility_kwh == 1240.0 * 8760);
  CHECK(r.total.energy.it_kwh == 1000.0 * 8760);
  CHECK(r.total.energy.heat_upgrade_kwh == 120.0 * 8760);
  // unmetered = E_DC - E_IT - heat upgrade = (1240 - 1000 - 120) x 8760
  CHECK(r.total.energy.unmetered_kwh == 120.0 * 8760);
  CHECK(r.total.kpis.pue == Approx(1.24).epsilon(1e-12));  // heat upgrade stays in E_DC
  REQUIRE(r.trailing_twelve_months);
  CHECK(r.trailing_twelve_months->from == r.from);
  CHECK(r.trailing_twelve_months->energy.facility_kwh == r.total.energy.facility_kwh);
  const auto new_dc = evaluate_profile("de-enefg", r, enefg(date(2026, 7, 1), date(2028, 7, 1)));
  CHECK(find(new_dc, "de-enefg/pue-1.2")->measured.value() ==
        Approx((1240.0 - 120.0) / 1000.0).epsilon(1e-12));
  CHECK(all_passed(new_dc));  // 1.12 <= 1.2, ERF 150 / 1240 = 0.121 >= 0.10

  // From a month before the data: 13 months, of which the first has no data. The TTM starts
  // at local 2025-01-01 00:00 (2024-12-31T23:00Z) and is complete; the whole period is not.
  request.from = "2024-12-01";
  const auto longer = dceff::analyze(request, diagnostics);
  CHECK_FALSE(longer.calendar_year);
  REQUIRE(longer.trailing_twelve_months);
  CHECK(longer.trailing_twelve_months->from == r.from);
  CHECK(longer.trailing_twelve_months->coverage == 1.0);
  // 8760 complete of 8760 + 31 x 24 = 9504 hours.
  CHECK(longer.total.coverage == Approx(8760.0 / 9504.0).epsilon(1e-12));

  request.from = "2025-01-01";
  request.to = "2025-10-01";
  const auto nine = dceff::analyze(request, diagnostics);
  CHECK_FALSE(nine.twelve_months);
  CHECK_FALSE(nine.trailing_twelve_months);
  CHECK_FALSE(nine.calendar_year);
}

TEST_CASE("the summary counts gates and each profile apart, in words that read right",
          "[checks][profiles][writers]") {
  const auto last_line = [](const Report& r, const std::vector<Verdict>& verdicts) {
    std::ostringstream out;
    dceff::checks::write_table(r, verdicts, out);
    auto text = out.str();
    text.pop_back();
    return text.substr(text.rfind('\n') + 1);
  };
  // sg-green-dc on PUE 1.35: conditions twelve-months and coverage met, pue-1.3 (1.35 > 1.3)
  // not met.
  const auto sg = evaluate_profile("sg-green-dc", year(1.35), {});
  CHECK(last_line(year(1.35), sg) == "FAILED: profile sg-green-dc failed: 1 of 1 rule not met");
  // The same with one passing gate before it: the gate keeps its own count and verb.
  Verdict gate;
  gate.gate = "max-ere";
  gate.passed = true;
  auto mixed = sg;
  mixed.insert(mixed.begin(), gate);
  CHECK(last_line(year(1.35), mixed) ==
        "FAILED: 1 gate passed; profile sg-green-dc failed: 1 of 1 rule not met");
  // Nine months: twelve-months not met, coverage met; no rule is judged.
  CHECK(last_line(nine_months(), evaluate_profile("sg-green-dc", nine_months(), {})) ==
        "FAILED: profile sg-green-dc refused: 1 of 2 conditions not met");
  // eu-eed-2024-1364 on facility and IT only: calendar-year, category-1 and coverage met; 17
  // fields shown, of which 14 are input required (the list of the eu-eed test above).
  CHECK(last_line(year(1.25), evaluate_profile("eu-eed-2024-1364", year(1.25), {})) ==
        "PASSED: profile eu-eed-2024-1364 passed: 3 conditions met, 17 shown for information "
        "(14 need input)");
  // tw-new-dc hyperscale at 1.3: two conditions and the one limit met.
  ProfileOptions hyperscale;
  hyperscale.dc_type = dceff::checks::DcType::kHyperscale;
  CHECK(last_line(year(1.3), evaluate_profile("tw-new-dc", year(1.3), hyperscale)) ==
        "PASSED: profile tw-new-dc passed: 2 conditions and 1 rule met");
  // de-enefg, existing, judged 2027-06-30: scope, pue-1.5 and pue-1.3 not yet in force are all
  // information; both profiles in one line.
  auto both = evaluate_profile("de-enefg", year(1.6), enefg(date(2020, 1, 1), date(2027, 6, 30)));
  const auto tw = evaluate_profile("tw-new-dc", year(1.6), hyperscale);
  both.insert(both.end(), tw.begin(), tw.end());
  CHECK(last_line(year(1.6), both) ==
        "FAILED: profile de-enefg passed: 2 conditions met, 3 shown for information; profile "
        "tw-new-dc failed: 1 of 1 rule not met");
}
