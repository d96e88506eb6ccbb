#include "dceff/checks/gates.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "dceff/error.hpp"

#include "checks/number_format.hpp"

namespace dceff::checks {
namespace {

constexpr double kUnbounded = std::numeric_limits<double>::max();

struct ThresholdSpec {
  Threshold threshold;
  std::string_view key;
  Kpi kpi;
  Op op;  // fails the gate
  double min;
  double max;
  std::string_view expected;
};

constexpr std::array<ThresholdSpec, 7> kSpecs{{
    {Threshold::kMaxPue, "max_pue", Kpi::kPue, Op::kGreater, 1.0, kUnbounded,
     "a PUE limit of 1 or more"},
    {Threshold::kMaxEre, "max_ere", Kpi::kEre, Op::kGreater, 0.0, kUnbounded,
     "an ERE limit of 0 or more"},
    {Threshold::kMinErf, "min_erf", Kpi::kErf, Op::kLess, 0.0, 1.0, "a share from 0 to 1"},
    {Threshold::kMinRef, "min_ref", Kpi::kRef, Op::kLess, 0.0, 1.0, "a share from 0 to 1"},
    {Threshold::kMaxWue, "max_wue", Kpi::kWue, Op::kGreater, 0.0, kUnbounded,
     "litres per kWh, 0 or more"},
    {Threshold::kMinCoverage, "min_coverage", Kpi::kCoverage, Op::kLess, 0.0, 1.0,
     "a share from 0 to 1, e.g. 0.95"},
    {Threshold::kMaxFilled, "max_filled", Kpi::kFilledShare, Op::kGreater, 0.0, 1.0,
     "a share from 0 to 1, e.g. 0.05"},
}};

auto spec(Threshold threshold) -> const ThresholdSpec& {
  for (const auto& s : kSpecs) {
    if (s.threshold == threshold) {
      return s;
    }
  }
  return kSpecs.front();
}

auto percent(double share) -> std::string {
  return fmt::format("{:.1f} %", share * 100.0);
}

auto is_efficiency(const Operand& operand) -> bool {
  return operand.metric && !is_data_quality(operand.metric->kpi);
}

// A comparison is about data quality only when every metric in it is.
auto comparison_kind(const Comparison& c) -> Kind {
  return is_efficiency(c.left) || is_efficiency(c.right) ? Kind::kEfficiency : Kind::kDataQuality;
}

auto limit_word(Op failing) -> std::string_view {
  switch (failing) {
    case Op::kGreater:
    case Op::kGreaterEqual:
      return " (maximum)";
    case Op::kLess:
    case Op::kLessEqual:
      return " (minimum)";
    case Op::kEqual:
    case Op::kNotEqual:
      break;
  }
  return "";
}

auto bucket_noun(Selector selector) -> std::string_view {
  switch (selector) {
    case Selector::kHourly:
      return "hour";
    case Selector::kDaily:
      return "day";
    case Selector::kMonthly:
      return "month";
    case Selector::kYearly:
      return "year";
    case Selector::kAnnual:
    case Selector::kTtm:
      break;
  }
  return "period";
}

// What a failed data-quality figure means for the KPIs, so it reads as a data problem.
auto data_quality_note(const Metric& metric, const Measurement& m) -> std::string {
  if (metric.kpi == Kpi::kCoverage) {
    std::string of;
    switch (metric.aggregate) {
      case Aggregate::kNone:
        of = "the period";
        break;
      case Aggregate::kMax:
      case Aggregate::kMin:
        of = m.period;
        break;
      case Aggregate::kMean:
        of = fmt::format("each {} on average", bucket_noun(metric.selector));
        break;
    }
    return fmt::format(": KPIs rest on {} of {}", percent(*m.value), of);
  }
  return fmt::format(": {} of E_DC was filled by the gap policy, not measured", percent(*m.value));
}

struct Side {
  const Operand* operand = nullptr;
  Measurement measurement;
};

auto measure_side(const Operand& operand, const report::Report& report) -> Side {
  if (operand.metric) {
    return {&operand, measure(*operand.metric, report)};
  }
  return {&operand, Measurement{operand.number, "", ""}};
}

auto undefined_text(const Side& side) -> std::string {
  return fmt::format("{} could not be computed over {} ({})", side.operand->text,
                     side.measurement.period, side.measurement.missing);
}

struct Evaluated {
  Side left;  // a metric: comparisons with the number on the left are mirrored
  Op op = Op::kGreater;
  Side right;
  bool negated = false;

  [[nodiscard]] auto defined() const -> bool {
    return left.measurement.value && right.measurement.value;
  }
  [[nodiscard]] auto holds() const -> bool {
    return compare(*left.measurement.value, op, *right.measurement.value);
  }

  // `pue 1.214 > 1.200 (maximum) over P`, stating the relation that holds; `(maximum)` and
  // `(minimum)` name the role of the limit, which a `!` around the comparison reverses.
  [[nodiscard]] auto describe() const -> std::string {
    if (!defined()) {
      std::string out;
      for (const auto* side : {&left, &right}) {
        if (!side->measurement.value) {
          out += out.empty() ? "" : "; ";
          out += undefined_text(*side);
        }
      }
      return out;
    }
    const bool holding = holds();
    const auto shown = holding ? op : negate(op);
    const auto [a, b] = detail::format_pair(*left.measurement.value, *right.measurement.value);
    if (right.operand->metric) {
      if (left.measurement.period == right.measurement.period) {
        return fmt::format("{} {} {} {} {} over {}", left.operand->text, a, op_symbol(shown),
                           right.operand->text, b, left.measurement.period);
      }
      return fmt::format("{} {} over {} {} {} {} over {}", left.operand->text, a,
                         left.measurement.period, op_symbol(shown), right.operand->text, b,
                         right.measurement.period);
    }
    const auto failing_op = negated ? negate(op) : op;
    auto out = fmt::format("{} {} {} {}{} over {}", left.operand->text, a, op_symbol(shown), b,
                           limit_word(failing_op), left.measurement.period);
    const auto& metric = *left.operand->metric;
    if (holding != negated && is_data_quality(metric.kpi)) {
      out += data_quality_note(metric, left.measurement);
    }
    return out;
  }
};

}  // namespace

auto kind_name(Kind kind) noexcept -> std::string_view {
  return kind == Kind::kDataQuality ? "data quality" : "efficiency";
}

auto threshold_key(Threshold threshold) noexcept -> std::string_view {
  return spec(threshold).key;
}

auto threshold_gate(Threshold threshold, double limit, std::string name, std::string where)
    -> Gate {
  const auto& s = spec(threshold);
  if (!std::isfinite(limit) || limit < s.min || limit > s.max) {
    throw Error(fmt::format("{}: out of range: {} (expected {})", where, limit, s.expected));
  }
  const auto text = fmt::format("{} {} {}", kpi_name(s.kpi), op_symbol(s.op), limit);
  auto expression = Expression::parse(text, where);
  return Gate{std::move(name), std::move(where), std::move(expression)};
}

auto fail_if_gate(std::string_view expression, std::string name, std::string where) -> Gate {
  auto parsed = Expression::parse(expression, where);
  return Gate{std::move(name), std::move(where), std::move(parsed)};
}

void require_period(std::span<const Gate> gates, report::Period period) {
  for (const auto& gate : gates) {
    for (const auto& c : gate.fail_if.comparisons()) {
      for (const auto* operand : {&c.left, &c.right}) {
        if (!operand->metric) {
          continue;
        }
        const auto selector = operand->metric->selector;
        const auto needed = required_period(selector);
        if (needed && *needed != period) {
          const std::array<std::string_view, 4> adjectives{"hourly", "daily", "monthly", "yearly"};
          throw Error(fmt::format(
              "{}: {} needs {} buckets, but the report has {} buckets (pass --period {})",
              gate.where, operand->text, selector_name(selector),
              adjectives.at(static_cast<std::size_t>(period)), report::period_name(*needed)));
        }
      }
    }
  }
}

auto evaluate(const Gate& gate, const report::Report& report) -> Verdict {
  require_period({&gate, 1}, report.period);
  const auto& expression = gate.fail_if;
  const auto& comparisons = expression.comparisons();

  std::vector<Evaluated> evaluated;
  std::vector<std::size_t> undefined;
  for (std::size_t i = 0; i < comparisons.size(); ++i) {
    const auto& c = comparisons[i];
    Evaluated e;
    e.negated = expression.is_negated(i);
    if (c.left.metric) {
      e = {measure_side(c.left, report), c.op, measure_side(c.right, report), e.negated};
    } else {
      e = {measure_side(c.right, report), mirror(c.op), measure_side(c.left, report), e.negated};
    }
    if (!e.defined()) {
      undefined.push_back(i);
    }
    evaluated.push_back(std::move(e));
  }

  Verdict verdict;
  verdict.gate = gate.name;
  verdict.expression = expression.text();
  std::vector<std::size_t> decisive;
  if (!undefined.empty()) {
    // An unknown figure never passes, whatever the rest of the expression says.
    verdict.passed = false;
    decisive = undefined;
  } else {
    std::vector<bool> holds;
    for (const auto& e : evaluated) {
      holds.push_back(e.holds());
    }
    auto outcome = expression.decide(holds);
    verdict.passed = !outcome.value;
    decisive = std::move(outcome.decisive);
  }

  // A mixed expression is worded by what decided a failure, so that a coverage shortfall is
  // never reported as an efficiency problem.
  const auto kind_of = [&](std::size_t i) { return comparison_kind(comparisons[i]); };
  const bool all_data = std::all_of(comparisons.begin(), comparisons.end(), [](const auto& c) {
    return comparison_kind(c) == Kind::kDataQuality;
  });
  const bool decided_by_data = !verdict.passed && !decisive.empty() &&
                               std::all_of(decisive.begin(), decisive.end(), [&](std::size_t i) {
                                 return kind_of(i) == Kind::kDataQuality;
                               });
  verdict.kind = all_data || decided_by_data ? Kind::kDataQuality : Kind::kEfficiency;

  for (const auto i : decisive) {
    verdict.message += verdict.message.empty() ? "" : "; ";
    verdict.message += evaluated[i].describe();
  }
  if (!decisive.empty()) {
    const auto& first = evaluated[decisive.front()];
    verdict.measured = first.left.measurement.value;
    verdict.limit = first.right.measurement.value;
    verdict.period = first.left.measurement.period;
  }
  return verdict;
}

auto evaluate(std::span<const Gate> gates, const report::Report& report) -> std::vector<Verdict> {
  require_period(gates, report.period);
  std::vector<Verdict> verdicts;
  verdicts.reserve(gates.size());
  for (const auto& gate : gates) {
    verdicts.push_back(evaluate(gate, report));
  }
  return verdicts;
}

auto all_passed(std::span<const Verdict> verdicts) noexcept -> bool {
  return std::all_of(verdicts.begin(), verdicts.end(), [](const Verdict& v) { return v.passed; });
}

}  // namespace dceff::checks
