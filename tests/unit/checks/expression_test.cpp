#include "dceff/checks/expression.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dceff/checks/gates.hpp"
#include "dceff/error.hpp"

#include "support/error_message.hpp"
#include "unit/checks/report_fixture.hpp"

namespace {

using Catch::Matchers::Message;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using dceff::Error;
using dceff::checks::Aggregate;
using dceff::checks::Expression;
using dceff::checks::Kpi;
using dceff::checks::measure;
using dceff::checks::Metric;
using dceff::checks::Op;
using dceff::checks::Selector;
using dceff::test::hand_report;
using dceff::test::kHandPeriod;

auto parse(const std::string& text) -> Expression {
  return Expression::parse(text, "--fail-if '" + text + "'");
}

auto canonical(const std::string& text) -> std::string {
  return parse(text).canonical();
}

// The message of the Error that parsing `text` throws, or "" when it throws none.
auto parse_error(const std::string& text) -> std::string {
  return dceff::test::error_message<Error>([&] { (void)Expression::parse(text, "x"); });
}

auto metric(const std::string& text) -> Metric {
  const auto expression = parse(text + " > 0");
  REQUIRE(expression.comparisons().size() == 1);
  REQUIRE(expression.comparisons()[0].left.metric);
  return *expression.comparisons()[0].left.metric;
}

constexpr const char* kKpiList =
    "pue, pue_cat1, pue_cat2, pue_cat3, dcie, ere, erf, ref, cue, wue, ppue_cooling, "
    "ppue_power_distribution, ppue_other, coverage, filled_share";

}  // namespace

TEST_CASE("and binds tighter than or", "[checks][expression]") {
  CHECK(canonical("pue > 1.3 || coverage < 0.95 && erf >= 0.1") ==
        "((pue > 1.3) || ((coverage < 0.95) && (erf >= 0.1)))");
  CHECK(canonical("pue > 1.3 && coverage < 0.95 || erf >= 0.1") ==
        "(((pue > 1.3) && (coverage < 0.95)) || (erf >= 0.1))");
}

TEST_CASE("and and or group from the left", "[checks][expression]") {
  CHECK(canonical("pue > 1 || ere > 1 || erf < 1") == "(((pue > 1) || (ere > 1)) || (erf < 1))");
  CHECK(canonical("pue > 1 && ere > 1 && erf < 1") == "(((pue > 1) && (ere > 1)) && (erf < 1))");
}

TEST_CASE("parentheses override precedence", "[checks][expression]") {
  CHECK(canonical("(pue > 1.3 || coverage < 0.95) && erf >= 0.1") ==
        "(((pue > 1.3) || (coverage < 0.95)) && (erf >= 0.1))");
  CHECK(canonical("((pue > 1.3))") == "(pue > 1.3)");
}

TEST_CASE("negation applies to the comparison or group that follows", "[checks][expression]") {
  CHECK(canonical("!(erf >= 0.1) && pue > 1.2") == "(!(erf >= 0.1) && (pue > 1.2))");
  CHECK(canonical("!pue > 1.3") == "!(pue > 1.3)");
  CHECK(canonical("!!pue > 1") == "!!(pue > 1)");
  CHECK(canonical("!(pue > 1 || ere > 1)") == "!((pue > 1) || (ere > 1))");

  const auto e = parse("!(pue > 1 || !ere > 1) && erf < 1");
  CHECK(e.is_negated(0));
  CHECK_FALSE(e.is_negated(1));  // two negations cancel
  CHECK_FALSE(e.is_negated(2));
}

TEST_CASE("every comparison operator is read and compares unrounded values",
          "[checks][expression]") {
  const std::vector<std::pair<std::string, Op>> ops{{"<", Op::kLess},    {"<=", Op::kLessEqual},
                                                    {">", Op::kGreater}, {">=", Op::kGreaterEqual},
                                                    {"==", Op::kEqual},  {"!=", Op::kNotEqual}};
  for (const auto& [symbol, op] : ops) {
    const auto e = parse("pue " + symbol + " 1.25");
    REQUIRE(e.comparisons().size() == 1);
    CHECK(e.comparisons()[0].op == op);
    CHECK(e.comparisons()[0].right.number == 1.25);
  }
  using dceff::checks::compare;
  CHECK(compare(1.0, Op::kLess, 2.0));
  CHECK_FALSE(compare(2.0, Op::kLess, 2.0));
  CHECK(compare(2.0, Op::kLessEqual, 2.0));
  CHECK_FALSE(compare(2.0, Op::kGreater, 2.0));
  CHECK(compare(2.0, Op::kGreaterEqual, 2.0));
  CHECK(compare(2.0, Op::kEqual, 2.0));
  CHECK_FALSE(compare(2.0, Op::kNotEqual, 2.0));
  CHECK(compare(1.2500000001, Op::kGreater, 1.25));
}

TEST_CASE("negate and mirror pair the operators", "[checks][expression]") {
  using dceff::checks::mirror;
  using dceff::checks::negate;
  CHECK(negate(Op::kLess) == Op::kGreaterEqual);
  CHECK(negate(Op::kLessEqual) == Op::kGreater);
  CHECK(negate(Op::kEqual) == Op::kNotEqual);
  CHECK(mirror(Op::kLess) == Op::kGreater);
  CHECK(mirror(Op::kGreaterEqual) == Op::kLessEqual);
  CHECK(mirror(Op::kNotEqual) == Op::kNotEqual);
}

TEST_CASE("numbers are decimal with an optional fraction and exponent", "[checks][expression]") {
  CHECK(parse("coverage < .95").comparisons()[0].right.number == 0.95);
  CHECK(parse("pue > 1.").comparisons()[0].right.number == 1.0);
  CHECK(parse("filled_share > 2e-3").comparisons()[0].right.number == 0.002);
  CHECK(parse("pue > 12E+1").comparisons()[0].right.number == 120.0);
  const auto e = parse("1.3 < pue");
  CHECK_FALSE(e.comparisons()[0].left.metric);
  CHECK(e.comparisons()[0].right.metric->kpi == Kpi::kPue);
}

TEST_CASE("metrics read selector kpi and aggregate", "[checks][expression]") {
  const auto plain = metric("pue_cat2");
  CHECK(plain.selector == Selector::kAnnual);
  CHECK(plain.kpi == Kpi::kPueCat2);
  CHECK(plain.aggregate == Aggregate::kNone);
  CHECK(plain.text == "pue_cat2");

  const auto annual = metric("annual.filled_share");
  CHECK(annual.selector == Selector::kAnnual);
  CHECK(annual.kpi == Kpi::kFilledShare);

  const auto monthly = metric("monthly.ppue_power_distribution.mean");
  CHECK(monthly.selector == Selector::kMonthly);
  CHECK(monthly.kpi == Kpi::kPpuePowerDistribution);
  CHECK(monthly.aggregate == Aggregate::kMean);
  CHECK(monthly.text == "monthly.ppue_power_distribution.mean");

  CHECK(metric("hourly.pue.max").selector == Selector::kHourly);
  CHECK(metric("daily.coverage.min").aggregate == Aggregate::kMin);
  CHECK(metric("yearly.wue.max").selector == Selector::kYearly);
}

TEST_CASE("every kpi name parses back to itself", "[checks][expression]") {
  for (int k = 0; k <= static_cast<int>(Kpi::kFilledShare); ++k) {
    const auto kpi = static_cast<Kpi>(k);
    const std::string name{dceff::checks::kpi_name(kpi)};
    CHECK(metric(name).kpi == kpi);
  }
}

TEST_CASE("decide names the comparisons that settle the result", "[checks][expression]") {
  // or(c0, and(c1, not(c2)))
  const auto e = parse("pue > 1 || coverage < 0.9 && !(erf >= 0.1)");
  REQUIRE(e.comparisons().size() == 3);

  auto outcome = e.decide({false, true, false});
  CHECK(outcome.value);
  CHECK(outcome.decisive == std::vector<std::size_t>{1, 2});

  outcome = e.decide({true, true, true});
  CHECK(outcome.value);
  CHECK(outcome.decisive == std::vector<std::size_t>{0});

  outcome = e.decide({false, false, true});
  CHECK_FALSE(outcome.value);
  CHECK(outcome.decisive == std::vector<std::size_t>{0, 1, 2});

  outcome = e.decide({false, true, true});
  CHECK_FALSE(outcome.value);
  CHECK(outcome.decisive == std::vector<std::size_t>{0, 2});
}

TEST_CASE("the annual selector reads the whole period", "[checks][measure]") {
  const auto r = hand_report();
  auto m = measure(metric("pue"), r);
  REQUIRE(m.value);
  CHECK(*m.value == 1.25);
  CHECK(m.period == kHandPeriod);
  CHECK(*measure(metric("annual.pue_cat1"), r).value == 1.2);
  CHECK(*measure(metric("coverage"), r).value == 0.96);
  CHECK_THAT(*measure(metric("filled_share"), r).value, WithinRel(0.02, 1e-12));
  CHECK(*measure(metric("ppue_other"), r).value == 1.02);
}

TEST_CASE("the ttm selector reads the trailing twelve months", "[checks][measure]") {
  auto r = hand_report();
  // hand_report covers 3 months: no trailing twelve months, so no value, and a reason.
  const auto none = measure(metric("ttm.pue"), r);
  CHECK_FALSE(none.value);
  CHECK(none.missing == "ttm needs at least 12 months of data, and the report covers less");
  const auto gate = dceff::checks::evaluate(
      dceff::checks::fail_if_gate("ttm.pue > 1.3", "g", "--fail-if 'ttm.pue > 1.3'"), r);
  CHECK_FALSE(gate.passed);
  CHECK(gate.message == std::string{"ttm.pue could not be computed over "} + kHandPeriod +
                            " (ttm needs at least 12 months of data, and the report covers less)");
  dceff::report::Figures ttm;
  ttm.from = dceff::test::utc(2024, 4, 1);
  ttm.to = r.to;
  ttm.kpis.pue = 1.28;
  ttm.coverage = 0.99;
  r.trailing_twelve_months = ttm;
  const auto m = measure(metric("ttm.pue"), r);
  CHECK(m.value == 1.28);
  CHECK(m.period == "2024-04-01T00:00:00Z..2025-04-01T00:00:00Z (trailing twelve months)");
  CHECK(measure(metric("ttm.coverage"), r).value == 0.99);
  CHECK(metric("ttm.erf").selector == Selector::kTtm);
  CHECK(parse_error("ttm.pue.max > 1") ==
        "x: aggregate 'max' with the ttm selector at character 9 (expected hourly, daily, "
        "monthly or yearly: an aggregate combines buckets)\n"
        "  ttm.pue.max > 1\n"
        "          ^");
}

TEST_CASE("a figure the report could not compute has no value and says why", "[checks][measure]") {
  const auto r = hand_report();
  auto m = measure(metric("pue_cat3"), r);
  CHECK_FALSE(m.value);
  CHECK(m.period == kHandPeriod);
  CHECK(m.missing == "it needs category 3 IT meters (IT equipment input) with complete data");
  CHECK(measure(metric("cue"), r).missing ==
        "it needs grid_carbon_kg_per_kwh in the site file, co2_kg_per_kwh for every fuel meter "
        "and complete IT data");

  auto no_energy = r;
  no_energy.total.energy.facility_kwh = 0.0;
  m = measure(metric("filled_share"), no_energy);
  CHECK_FALSE(m.value);
  CHECK(m.missing == "E_DC is zero: no time with complete facility data");
}

TEST_CASE("max and min over buckets skip buckets without a value and name the bucket",
          "[checks][measure]") {
  const auto r = hand_report();
  auto m = measure(metric("monthly.pue.max"), r);
  CHECK(*m.value == 1.30);
  CHECK(m.period == "2025-01");
  m = measure(metric("monthly.pue.min"), r);
  CHECK(*m.value == 1.20);
  CHECK(m.period == "2025-03");
  m = measure(metric("monthly.coverage.min"), r);
  CHECK(*m.value == 0.0);
  CHECK(m.period == "2025-02");
  m = measure(metric("monthly.filled_share.max"), r);
  CHECK_THAT(*m.value, WithinRel(1.0 / 30.0, 1e-12));
  CHECK(m.period == "2025-03");
  m = measure(metric("monthly.filled_share.min"), r);
  CHECK(*m.value == 0.0);
  CHECK(m.period == "2025-01");
}

TEST_CASE("mean over buckets is the plain mean of the bucket values", "[checks][measure]") {
  const auto r = hand_report();
  auto m = measure(metric("monthly.pue.mean"), r);
  CHECK_THAT(*m.value, WithinRel(1.25, 1e-12));  // (1.30 + 1.20) / 2: February has no PUE
  CHECK(m.period == "2025-01..2025-03 (mean of 2 months)");
  m = measure(metric("monthly.coverage.mean"), r);
  CHECK_THAT(*m.value, WithinRel(1.88 / 3.0, 1e-12));  // (1.00 + 0.00 + 0.88) / 3
  CHECK(m.period == "2025-01..2025-03 (mean of 3 months)");
  m = measure(metric("monthly.erf.mean"), r);
  CHECK_THAT(*m.value, WithinRel(0.12, 1e-12));  // (0.10 + 0.14) / 2

  auto one = r;
  one.buckets.resize(1);
  m = measure(metric("monthly.pue.mean"), one);
  CHECK(*m.value == 1.30);
  CHECK(m.period == "2025-01 (mean of 1 month)");
}

TEST_CASE("a bucket aggregate with no bucket value has no value", "[checks][measure]") {
  auto r = hand_report();
  for (auto& b : r.buckets) {
    b.kpis.pue.reset();
  }
  auto m = measure(metric("monthly.pue.max"), r);
  CHECK_FALSE(m.value);
  CHECK(m.period == kHandPeriod);
  CHECK(m.missing ==
        "no monthly bucket has a value: it needs facility and IT meters with complete data over "
        "the same time");
  r.buckets.clear();
  m = measure(metric("monthly.coverage.min"), r);
  CHECK_FALSE(m.value);
  CHECK(m.missing == "the report has no buckets");
}

TEST_CASE("a bucket selector needs buckets of its granularity", "[checks][measure][errors]") {
  const auto r = hand_report();
  CHECK_THROWS_MATCHES(measure(metric("daily.pue.max"), r), Error,
                       Message("daily.pue.max needs daily buckets, but the report has monthly "
                               "buckets (pass --period day)"));
  CHECK_THROWS_MATCHES(measure(metric("yearly.pue.max"), r), Error,
                       Message("yearly.pue.max needs yearly buckets, but the report has monthly "
                               "buckets (pass --period year)"));
  CHECK_NOTHROW(measure(metric("monthly.pue.max"), r));
}

TEST_CASE("a doubled operator points at the second character with a caret",
          "[checks][expression][errors]") {
  CHECK_THROWS_MATCHES(parse("pue >> 1.3"), Error,
                       Message("--fail-if 'pue >> 1.3': unexpected '>' at character 6 (expected a "
                               "number or a metric)\n"
                               "  pue >> 1.3\n"
                               "       ^"));
}

TEST_CASE("parse errors name the character and what was expected", "[checks][expression][errors]") {
  CHECK(parse_error("pue > ") ==
        "x: unexpected end at character 7 (expected a number or a metric)\n"
        "  pue > \n"
        "        ^");
  CHECK(parse_error("") ==
        "x: unexpected end at character 1 (expected a comparison, '!' or '(')\n"
        "  \n"
        "  ^");
  CHECK(parse_error("(pue > 1.3") ==
        "x: unexpected end at character 11 (expected ')' to close the '(' at character 1)\n"
        "  (pue > 1.3\n"
        "            ^");
  CHECK(parse_error("pue > 1.3)") ==
        "x: unexpected ')' at character 10 (expected '&&', '||' or the end)\n"
        "  pue > 1.3)\n"
        "           ^");
  CHECK(parse_error("(pue > 1.3 coverage") ==
        "x: unexpected 'c' at character 12 (expected '&&', '||' or ')')\n"
        "  (pue > 1.3 coverage\n"
        "             ^");
  CHECK(parse_error("pue = 1.3") ==
        "x: unexpected '=' at character 5 (expected a comparison operator: <, <=, >, >=, == or "
        "!=)\n"
        "  pue = 1.3\n"
        "      ^");
  CHECK(parse_error("pue > 1.3 & coverage < 0.9") ==
        "x: unexpected '&' at character 11 (expected '&&', '||' or the end)\n"
        "  pue > 1.3 & coverage < 0.9\n"
        "            ^");
  CHECK(parse_error("coverage < 95%") ==
        "x: unexpected '%' at character 14 (expected '&&', '||' or the end)\n"
        "  coverage < 95%\n"
        "               ^");
  CHECK(parse_error("1 > 2") ==
        "x: a comparison of two numbers at character 1 (expected a metric on at least one side)\n"
        "  1 > 2\n"
        "  ^");
  CHECK(parse_error("pue > 1e999") ==
        "x: invalid number '1e999' at character 7 (expected a finite number)\n"
        "  pue > 1e999\n"
        "        ^");
  CHECK(parse_error("> 1") ==
        "x: unexpected '>' at character 1 (expected a comparison, '!' or '(')\n"
        "  > 1\n"
        "  ^");
}

TEST_CASE("unknown names in a metric are reported at that name", "[checks][expression][errors]") {
  CHECK(parse_error("pux > 1") == std::string{"x: unknown metric 'pux' at character 1 (expected "
                                              "one of: "} +
                                      kKpiList + ")\n  pux > 1\n  ^");
  CHECK(parse_error("weekly.pue.max > 1") ==
        "x: unknown selector 'weekly' at character 1 (expected one of: annual, ttm, hourly, daily, "
        "monthly, yearly)\n"
        "  weekly.pue.max > 1\n"
        "  ^");
  CHECK(parse_error("weekly.pue > 1") ==
        "x: unknown selector 'weekly' at character 1 (expected one of: annual, ttm, hourly, daily, "
        "monthly, yearly)\n"
        "  weekly.pue > 1\n"
        "  ^");
  CHECK(parse_error("monthly.pux.max > 1") ==
        std::string{"x: unknown KPI 'pux' at character 9 (expected one of: "} + kKpiList +
            ")\n  monthly.pux.max > 1\n          ^");
  CHECK(parse_error("monthly.pue.median > 1") ==
        "x: unknown aggregate 'median' at character 13 (expected one of: max, min, mean)\n"
        "  monthly.pue.median > 1\n"
        "              ^");
  CHECK(parse_error("monthly.pue.max.min > 1") ==
        "x: unexpected '.' at character 16 (expected a metric as [selector.]kpi[.aggregate], e.g. "
        "monthly.pue.max)\n"
        "  monthly.pue.max.min > 1\n"
        "                 ^");
}

TEST_CASE("selectors and aggregates must come together", "[checks][expression][errors]") {
  CHECK(parse_error("monthly.pue > 1.4") ==
        "x: missing aggregate after 'monthly.pue' at character 12 (expected monthly.pue.max, "
        "monthly.pue.min or monthly.pue.mean)\n"
        "  monthly.pue > 1.4\n"
        "             ^");
  CHECK(parse_error("pue.max > 1.4") ==
        "x: aggregate 'max' without a bucket selector at character 5 (expected hourly, daily, "
        "monthly or yearly first, e.g. monthly.pue.max)\n"
        "  pue.max > 1.4\n"
        "      ^");
  CHECK(parse_error("annual.pue.max > 1") ==
        "x: aggregate 'max' with the annual selector at character 12 (expected hourly, daily, "
        "monthly or yearly: an aggregate combines buckets)\n"
        "  annual.pue.max > 1\n"
        "             ^");
  CHECK(parse_error("monthly > 1") ==
        "x: incomplete metric 'monthly' at character 8 (expected a KPI after the selector, e.g. "
        "monthly.pue.max)\n"
        "  monthly > 1\n"
        "         ^");
}

TEST_CASE("the caret counts tabs and characters rather than bytes",
          "[checks][expression][errors]") {
  CHECK(parse_error("pue\t>> 1") ==
        "x: unexpected '>' at character 6 (expected a number or a metric)\n"
        "  pue\t>> 1\n"
        "     \t ^");
  CHECK(parse_error("pue > 1 && \xC3\xA9 > 1") ==
        "x: unexpected '\xC3\xA9' at character 12 (expected a comparison, '!' or '(')\n"
        "  pue > 1 && \xC3\xA9 > 1\n"
        "             ^");
  CHECK(parse_error("pue >\n 1") ==
        "x: unexpected character U+000A at character 6 (expected a number or a metric)\n"
        "  pue >  1\n"
        "       ^");
}

TEST_CASE("deep nesting is refused before it exhausts the stack", "[checks][expression][errors]") {
  const std::string text = std::string(101, '!') + "pue > 1";
  CHECK(parse_error(text) ==
        "x: too deeply nested at character 101 (expected at most 100 "
        "levels)\n  " +
            text + "\n  " + std::string(100, ' ') + "^");
  CHECK_NOTHROW(parse(std::string(100, '!') + "pue > 1"));
}

TEST_CASE("a metric built by hand must pair bucket selectors with aggregates",
          "[checks][measure][errors]") {
  const auto r = hand_report();
  CHECK_THROWS_MATCHES(measure(Metric{Selector::kMonthly, Kpi::kPue, Aggregate::kNone, ""}, r),
                       Error,
                       Message("monthly.pue: a bucket selector needs an aggregate (expected max, "
                               "min or mean)"));
  CHECK_THROWS_MATCHES(measure(Metric{Selector::kAnnual, Kpi::kPue, Aggregate::kMax, ""}, r), Error,
                       Message("pue.max: an aggregate needs a bucket selector (expected hourly, "
                               "daily, monthly or yearly)"));
}
