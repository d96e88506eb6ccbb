#include "dceff/checks/gates.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/error.hpp"

#include "unit/checks/report_fixture.hpp"

namespace {

using Catch::Matchers::Message;
using dceff::Error;
using dceff::checks::evaluate;
using dceff::checks::fail_if_gate;
using dceff::checks::Gate;
using dceff::checks::Kind;
using dceff::checks::Threshold;
using dceff::checks::threshold_gate;
using dceff::checks::Verdict;
using dceff::test::hand_report;

const std::string kPeriod = dceff::test::kHandPeriod;

auto check_if(const std::string& expression, const dceff::report::Report& report = hand_report())
    -> Verdict {
  return evaluate(fail_if_gate(expression, "g", "--fail-if '" + expression + "'"), report);
}

auto threshold(Threshold t, double limit, const dceff::report::Report& report = hand_report())
    -> Verdict {
  return evaluate(threshold_gate(t, limit, "t", "--t"), report);
}

}  // namespace

TEST_CASE("each threshold is the documented expression", "[checks][gates]") {
  CHECK(threshold_gate(Threshold::kMaxPue, 1.2, "a", "w").fail_if.text() == "pue > 1.2");
  CHECK(threshold_gate(Threshold::kMaxEre, 1, "a", "w").fail_if.text() == "ere > 1");
  CHECK(threshold_gate(Threshold::kMinErf, 0.1, "a", "w").fail_if.text() == "erf < 0.1");
  CHECK(threshold_gate(Threshold::kMinRef, 0.5, "a", "w").fail_if.text() == "ref < 0.5");
  CHECK(threshold_gate(Threshold::kMaxWue, 1.8, "a", "w").fail_if.text() == "wue > 1.8");
  CHECK(threshold_gate(Threshold::kMinCoverage, 0.95, "a", "w").fail_if.text() ==
        "coverage < 0.95");
  CHECK(threshold_gate(Threshold::kMaxFilled, 0.05, "a", "w").fail_if.text() ==
        "filled_share > 0.05");
  CHECK(dceff::checks::threshold_key(Threshold::kMaxFilled) == "max_filled");
}

TEST_CASE("a threshold gate passes within its limit and states value limit and period",
          "[checks][gates]") {
  const auto v = threshold(Threshold::kMaxPue, 1.3);
  CHECK(v.gate == "t");
  CHECK(v.expression == "pue > 1.3");
  CHECK(v.passed);
  CHECK(v.kind == Kind::kEfficiency);
  CHECK(v.measured == 1.25);
  CHECK(v.limit == 1.3);
  CHECK(v.period == kPeriod);
  CHECK(v.message == "pue 1.250 <= 1.300 (maximum) over " + kPeriod);
}

TEST_CASE("a threshold gate fails beyond its limit", "[checks][gates]") {
  auto v = threshold(Threshold::kMaxPue, 1.2);
  CHECK_FALSE(v.passed);
  CHECK(v.message == "pue 1.250 > 1.200 (maximum) over " + kPeriod);

  v = threshold(Threshold::kMinErf, 0.15);
  CHECK_FALSE(v.passed);
  CHECK(v.kind == Kind::kEfficiency);
  CHECK(v.message == "erf 0.120 < 0.150 (minimum) over " + kPeriod);

  v = threshold(Threshold::kMaxWue, 1.5);  // equal is within a maximum
  CHECK(v.passed);
  CHECK(v.message == "wue 1.500 <= 1.500 (maximum) over " + kPeriod);

  CHECK_FALSE(threshold(Threshold::kMaxEre, 1.0).passed);
  CHECK(threshold(Threshold::kMinRef, 0.3).passed);
}

TEST_CASE("a gate on a figure the report could not compute fails and says so", "[checks][gates]") {
  auto r = hand_report();
  r.total.kpis.pue.reset();
  const auto v = threshold(Threshold::kMaxPue, 1.2, r);
  CHECK_FALSE(v.passed);
  CHECK_FALSE(v.measured);
  CHECK(v.limit == 1.2);
  CHECK(v.period == kPeriod);
  CHECK(v.kind == Kind::kEfficiency);
  CHECK(v.message == "pue could not be computed over " + kPeriod +
                         " (it needs facility and IT meters with complete data over the same "
                         "time)");
}

TEST_CASE("an undefined metric fails the gate under negation and beside a false comparison",
          "[checks][gates]") {
  const std::string cue = "cue could not be computed over " + kPeriod +
                          " (it needs grid_carbon_kg_per_kwh in the site file, co2_kg_per_kwh "
                          "for every fuel meter and complete IT data)";
  auto v = check_if("!(cue > 0.5)");
  CHECK_FALSE(v.passed);
  CHECK(v.message == cue);
  v = check_if("pue > 2 || cue > 0.5");
  CHECK_FALSE(v.passed);
  CHECK(v.message == cue);
  v = check_if("pue > 2 && cue > 0.5");  // false whatever cue is: still not a silent pass
  CHECK_FALSE(v.passed);
  CHECK(v.message == cue);
}

TEST_CASE("data-quality gates are worded as data problems", "[checks][gates]") {
  auto v = threshold(Threshold::kMinCoverage, 0.97);
  CHECK_FALSE(v.passed);
  CHECK(v.kind == Kind::kDataQuality);
  CHECK(v.measured == 0.96);
  CHECK(v.limit == 0.97);
  CHECK(v.message ==
        "coverage 0.960 < 0.970 (minimum) over " + kPeriod + ": KPIs rest on 96.0 % of the period");

  v = threshold(Threshold::kMaxFilled, 0.01);
  CHECK_FALSE(v.passed);
  CHECK(v.kind == Kind::kDataQuality);
  CHECK(v.message == "filled_share 0.020 > 0.010 (maximum) over " + kPeriod +
                         ": 2.0 % of E_DC was filled by the gap policy, not measured");

  v = threshold(Threshold::kMinCoverage, 0.95);
  CHECK(v.passed);
  CHECK(v.kind == Kind::kDataQuality);
  CHECK(v.message == "coverage 0.960 >= 0.950 (minimum) over " + kPeriod);
}

TEST_CASE("a mixed expression is worded by what made it fail", "[checks][gates]") {
  auto v = check_if("pue > 1.3 || coverage < 0.97");
  CHECK_FALSE(v.passed);
  CHECK(v.kind == Kind::kDataQuality);
  CHECK(v.message ==
        "coverage 0.960 < 0.970 (minimum) over " + kPeriod + ": KPIs rest on 96.0 % of the period");
  CHECK(v.measured == 0.96);

  v = check_if("pue > 1.2 || coverage < 0.9");
  CHECK_FALSE(v.passed);
  CHECK(v.kind == Kind::kEfficiency);
  CHECK(v.message == "pue 1.250 > 1.200 (maximum) over " + kPeriod);

  v = check_if("pue > 1.2 || coverage < 0.97");
  CHECK_FALSE(v.passed);
  CHECK(v.kind == Kind::kEfficiency);
  CHECK(v.message == "pue 1.250 > 1.200 (maximum) over " + kPeriod +
                         "; coverage 0.960 < 0.970 (minimum) over " + kPeriod +
                         ": KPIs rest on 96.0 % of the period");

  v = check_if("pue > 1.3 || coverage < 0.9");
  CHECK(v.passed);
  CHECK(v.kind == Kind::kEfficiency);
  CHECK(v.message == "pue 1.250 <= 1.300 (maximum) over " + kPeriod +
                         "; coverage 0.960 >= 0.900 (minimum) over " + kPeriod);
}

TEST_CASE("a negated comparison turns its limit around", "[checks][gates]") {
  auto v = check_if("!(erf >= 0.15)");
  CHECK_FALSE(v.passed);
  CHECK(v.message == "erf 0.120 < 0.150 (minimum) over " + kPeriod);

  v = check_if("!(erf >= 0.1) && pue > 1.2");
  CHECK(v.passed);
  CHECK(v.message == "erf 0.120 >= 0.100 (minimum) over " + kPeriod);

  v = check_if("!(coverage >= 0.97)");
  CHECK_FALSE(v.passed);
  CHECK(v.kind == Kind::kDataQuality);
  CHECK(v.message ==
        "coverage 0.960 < 0.970 (minimum) over " + kPeriod + ": KPIs rest on 96.0 % of the period");
}

TEST_CASE("every operator decides the gate as written", "[checks][gates]") {
  // pue is 1.25: the gate fails exactly when the comparison holds.
  CHECK(check_if("pue < 1.25").passed);
  CHECK_FALSE(check_if("pue <= 1.25").passed);
  CHECK(check_if("pue > 1.25").passed);
  CHECK_FALSE(check_if("pue >= 1.25").passed);
  CHECK_FALSE(check_if("pue == 1.25").passed);
  CHECK(check_if("pue != 1.25").passed);
  CHECK(check_if("pue == 1.25").message == "pue 1.250 == 1.250 over " + kPeriod);
  CHECK(check_if("pue != 1.25").message == "pue 1.250 == 1.250 over " + kPeriod);
  CHECK(check_if("pue < 1.25").message == "pue 1.250 >= 1.250 (minimum) over " + kPeriod);
}

TEST_CASE("a number on the left is read as the mirrored comparison", "[checks][gates]") {
  const auto v = check_if("1.2 < pue");
  CHECK_FALSE(v.passed);
  CHECK(v.measured == 1.25);
  CHECK(v.limit == 1.2);
  CHECK(v.message == "pue 1.250 > 1.200 (maximum) over " + kPeriod);
}

TEST_CASE("values close to the limit get the decimals that tell them apart", "[checks][gates]") {
  CHECK(check_if("pue > 1.2504").message == "pue 1.2500 <= 1.2504 (maximum) over " + kPeriod);
  CHECK(check_if("pue > 1.2499999").message ==
        "pue 1.2500000 > 1.2499999 (maximum) over " + kPeriod);
}

TEST_CASE("two metrics compare with each other", "[checks][gates]") {
  auto v = check_if("pue_cat1 > pue_cat2");
  CHECK(v.passed);
  CHECK(v.measured == 1.2);
  CHECK(v.limit == 1.25);
  CHECK(v.message == "pue_cat1 1.200 <= pue_cat2 1.250 over " + kPeriod);
  v = check_if("monthly.pue.max > pue");
  CHECK_FALSE(v.passed);
  CHECK(v.message == "monthly.pue.max 1.300 over 2025-01 > pue 1.250 over " + kPeriod);
}

TEST_CASE("bucket gates name the bucket that decided them", "[checks][gates]") {
  auto v = check_if("monthly.pue.max > 1.28");
  CHECK_FALSE(v.passed);
  CHECK(v.kind == Kind::kEfficiency);
  CHECK(v.measured == 1.30);
  CHECK(v.period == "2025-01");
  CHECK(v.message == "monthly.pue.max 1.300 > 1.280 (maximum) over 2025-01");

  v = check_if("monthly.coverage.min < 0.5");
  CHECK_FALSE(v.passed);
  CHECK(v.kind == Kind::kDataQuality);
  CHECK(v.message ==
        "monthly.coverage.min 0.000 < 0.500 (minimum) over 2025-02: KPIs rest on 0.0 % of 2025-02");

  v = check_if("monthly.coverage.mean < 0.9");
  CHECK_FALSE(v.passed);
  CHECK(v.message ==
        "monthly.coverage.mean 0.627 < 0.900 (minimum) over 2025-01..2025-03 (mean of 3 "
        "months): KPIs rest on 62.7 % of each month on average");

  v = check_if("monthly.pue.mean > 1.25");
  CHECK(v.passed);
  CHECK(v.period == "2025-01..2025-03 (mean of 2 months)");
}

TEST_CASE("a bucket selector that does not match the report is an invocation error",
          "[checks][gates][errors]") {
  const std::vector<Gate> gates{
      fail_if_gate("pue > 1.3", "a", "--fail-if 'pue > 1.3'"),
      fail_if_gate("daily.pue.max > 1.4", "b", "--fail-if 'daily.pue.max > 1.4'")};
  const auto message =
      "--fail-if 'daily.pue.max > 1.4': daily.pue.max needs daily buckets, but the report has "
      "monthly buckets (pass --period day)";
  CHECK_THROWS_MATCHES(dceff::checks::require_period(gates, dceff::report::Period::kMonth), Error,
                       Message(message));
  CHECK_NOTHROW(dceff::checks::require_period(gates, dceff::report::Period::kDay));
  CHECK_THROWS_MATCHES(evaluate(gates, hand_report()), Error, Message(message));
}

TEST_CASE("thresholds out of their range are refused", "[checks][gates][errors]") {
  CHECK_THROWS_MATCHES(threshold_gate(Threshold::kMaxPue, 0.5, "max-pue", "--max-pue"), Error,
                       Message("--max-pue: out of range: 0.5 (expected a PUE limit of 1 or more)"));
  CHECK_THROWS_MATCHES(
      threshold_gate(Threshold::kMinCoverage, 95, "min-coverage", "--min-coverage"), Error,
      Message("--min-coverage: out of range: 95 (expected a share from 0 to 1, e.g. 0.95)"));
  CHECK_THROWS_MATCHES(threshold_gate(Threshold::kMaxWue, -1, "max-wue", "--max-wue"), Error,
                       Message("--max-wue: out of range: -1 (expected litres per kWh, 0 or more)"));
  CHECK_THROWS_MATCHES(threshold_gate(Threshold::kMaxEre, std::numeric_limits<double>::infinity(),
                                      "max-ere", "--max-ere"),
                       Error,
                       Message("--max-ere: out of range: inf (expected an ERE limit of 0 "
                               "or more)"));
  CHECK_THROWS_AS(threshold_gate(Threshold::kMinErf, std::nan(""), "min-erf", "--min-erf"), Error);
  CHECK_NOTHROW(threshold_gate(Threshold::kMinCoverage, 1.0, "a", "b"));
  CHECK_NOTHROW(threshold_gate(Threshold::kMaxPue, 1.0, "a", "b"));
}

TEST_CASE("gates are evaluated in order and all_passed needs every one", "[checks][gates]") {
  const std::vector<Gate> gates{
      threshold_gate(Threshold::kMaxPue, 1.3, "max-pue", "--max-pue"),
      threshold_gate(Threshold::kMinCoverage, 0.97, "min-coverage", "--min-coverage"),
      fail_if_gate("erf < 0.1", "fail-if-1", "--fail-if 'erf < 0.1'")};
  const auto verdicts = evaluate(gates, hand_report());
  REQUIRE(verdicts.size() == 3);
  CHECK(verdicts[0].gate == "max-pue");
  CHECK(verdicts[0].passed);
  CHECK(verdicts[1].gate == "min-coverage");
  CHECK_FALSE(verdicts[1].passed);
  CHECK(verdicts[2].gate == "fail-if-1");
  CHECK(verdicts[2].passed);
  CHECK_FALSE(dceff::checks::all_passed(verdicts));
  CHECK(dceff::checks::all_passed(std::span{verdicts}.first(1)));
  CHECK(dceff::checks::all_passed(std::span<const Verdict>{}));
}
