#pragma once

// The `--fail-if` expression language. An expression describes when a gate FAILS:
//
//   or         := and ('||' and)*
//   and        := unary ('&&' unary)*
//   unary      := '!' unary | '(' or ')' | comparison
//   comparison := operand op operand            op: < <= > >= == !=
//   operand    := number | metric               (at least one side is a metric)
//   metric     := [selector '.'] kpi ['.' aggregate]
//   kpi        := pue | pue_cat1 | pue_cat2 | pue_cat3 | dcie | ere | erf | ref | cue | wue
//               | ppue_cooling | ppue_power_distribution | ppue_other | coverage | filled_share
//   selector   := annual | ttm | hourly | daily | monthly | yearly
//   aggregate  := max | min | mean
//
// `&&` binds tighter than `||`; both are left-associative. `annual` (the default) is the whole
// report period; `ttm` the trailing twelve months ending at the report's end (a ratio of sums
// like annual; with less than 12 months of data it has no value and the gate fails). The bucket
// selectors read the report's buckets, which must have that granularity (`monthly` needs `--period
// month`), and need an aggregate: `max` and `min` over the buckets that have a value, `mean` the
// plain mean of those values (each bucket counts once, whatever its energy: it is not the ratio of
// sums, which the annual figure is). Numbers are decimal (`1.3`, `.95`, `2e-3`); shares are
// fractions (`0.95`, not `95%`). Values are compared unrounded.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/report/report.hpp"

namespace dceff::checks {

/// A figure a gate can test: the report's KPIs, plus the two data-quality figures `coverage`
/// (share of the period with complete data) and `filled_share` (E_filled / E_DC).
enum class Kpi {
  kPue,
  kPueCat1,
  kPueCat2,
  kPueCat3,
  kDcie,
  kEre,
  kErf,
  kRef,
  kCue,
  kWue,
  kPpueCooling,
  kPpuePowerDistribution,
  kPpueOther,
  kCoverage,
  kFilledShare,
};

/// Which figures a metric is read from: the whole report period or the report's buckets.
enum class Selector { kAnnual, kTtm, kHourly, kDaily, kMonthly, kYearly };

/// How the values of the buckets are combined; `kNone` for the annual selector.
enum class Aggregate { kNone, kMax, kMin, kMean };

/// A comparison operator.
enum class Op { kLess, kLessEqual, kGreater, kGreaterEqual, kEqual, kNotEqual };

/// The name used in expressions, e.g. `pue_cat2`, `filled_share`.
[[nodiscard]] auto kpi_name(Kpi kpi) noexcept -> std::string_view;
/// `annual`, `ttm`, `hourly`, `daily`, `monthly` or `yearly`.
[[nodiscard]] auto selector_name(Selector selector) noexcept -> std::string_view;
/// `max`, `min`, `mean`, or empty for `kNone`.
[[nodiscard]] auto aggregate_name(Aggregate aggregate) noexcept -> std::string_view;
/// `<`, `<=`, `>`, `>=`, `==` or `!=`.
[[nodiscard]] auto op_symbol(Op op) noexcept -> std::string_view;
/// The operator that holds exactly when `op` does not (`<` and `>=`).
[[nodiscard]] auto negate(Op op) noexcept -> Op;
/// The operator with its operands swapped (`a < b` is `b > a`).
[[nodiscard]] auto mirror(Op op) noexcept -> Op;
/// `a op b` on unrounded values.
[[nodiscard]] auto compare(double a, Op op, double b) noexcept -> bool;
/// True for `coverage` and `filled_share`: figures about the data, not about efficiency.
[[nodiscard]] auto is_data_quality(Kpi kpi) noexcept -> bool;

/// A metric as written in an expression.
struct Metric {
  Selector selector = Selector::kAnnual;
  Kpi kpi = Kpi::kPue;
  Aggregate aggregate = Aggregate::kNone;
  std::string text;  ///< as written, e.g. `monthly.pue.max`
};

/// The report granularity a bucket selector reads; empty for `kAnnual`.
[[nodiscard]] auto required_period(Selector selector) noexcept -> std::optional<report::Period>;

/// A metric's value in one report.
struct Measurement {
  std::optional<double> value;  ///< empty when the report has no value for it
  /// What it was measured over: `2025-10-24T22:00:00Z..2025-10-27T21:55:00Z` (annual), the
  /// bucket's label (max, min) or `2025-10-25..2025-10-27 (mean of 3 days)` (mean).
  std::string period;
  std::string missing;  ///< why `value` is empty, e.g. `it needs a water meter and ...`
};

/// Reads a metric from a report.
/// @throws Error when a bucket selector does not match the report's granularity.
[[nodiscard]] auto measure(const Metric& metric, const report::Report& report) -> Measurement;

/// One side of a comparison: a metric or a number.
struct Operand {
  std::optional<Metric> metric;  ///< empty for a number
  double number = 0.0;
  std::string text;  ///< as written
};

struct Comparison {
  Operand left;
  Op op = Op::kGreater;
  Operand right;
};

/// Which comparisons decide an expression's value, and that value.
struct Outcome {
  bool value = false;
  /// Indices into `comparisons()`, ascending: for `a || b` the true sides when it is true and
  /// both when false; for `a && b` both when true and the false sides when false.
  std::vector<std::size_t> decisive;
};

/// A parsed `--fail-if` expression: a tree of comparisons joined by `!`, `&&` and `||`.
class Expression {
 public:
  /// Parses `text`. @throws Error `<where>: unexpected '>' at character 6 (expected a number or
  /// a metric)`, followed by two lines: the expression, and a caret under that character.
  [[nodiscard]] static auto parse(std::string_view text, std::string_view where) -> Expression;

  /// The text as given.
  [[nodiscard]] auto text() const noexcept -> const std::string& { return text_; }
  /// Every comparison, in the order written.
  [[nodiscard]] auto comparisons() const noexcept -> const std::vector<Comparison>& {
    return comparisons_;
  }
  /// True when comparison `index` sits under an odd number of `!`: its limit then works the
  /// other way round (`!(erf >= 0.1)` fails when erf < 0.1).
  [[nodiscard]] auto is_negated(std::size_t index) const -> bool { return negated_.at(index); }
  /// Fully parenthesised, e.g. `((pue > 1.3) || !(erf >= 0.1))`: how the text was read.
  [[nodiscard]] auto canonical() const -> std::string;
  /// The expression's value given whether each comparison holds (`holds[i]` for comparison i).
  [[nodiscard]] auto decide(const std::vector<bool>& holds) const -> Outcome;

 private:
  friend class ExpressionParser;
  struct Node {
    enum class Type { kComparison, kNot, kAnd, kOr };
    Type type = Type::kComparison;
    std::size_t first = 0;   // comparison index (kComparison) or child node
    std::size_t second = 0;  // right child (kAnd, kOr)
  };
  [[nodiscard]] auto canonical(std::size_t node) const -> std::string;
  [[nodiscard]] auto decide(std::size_t node, const std::vector<bool>& holds) const -> Outcome;

  std::string text_;
  std::vector<Comparison> comparisons_;
  std::vector<bool> negated_;
  std::vector<Node> nodes_;
  std::size_t root_ = 0;
};

}  // namespace dceff::checks
