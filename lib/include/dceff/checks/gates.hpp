#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/checks/expression.hpp"
#include "dceff/report/report.hpp"

namespace dceff::checks {

/// What a gate judges. Data-quality gates are worded differently so that nobody mistakes bad
/// data for bad efficiency.
enum class Kind { kEfficiency, kDataQuality };

/// `efficiency` or `data quality`.
[[nodiscard]] auto kind_name(Kind kind) noexcept -> std::string_view;

/// The result of one gate. A failed gate is a result, not an error.
struct Verdict {
  std::string gate;        ///< `max-pue`, `fail-if-1` or a policy gate's name
  std::string expression;  ///< when the gate fails, e.g. `pue > 1.2`
  bool passed = false;
  std::optional<double> measured;  ///< the first deciding metric's value; empty when n/a
  std::optional<double> limit;     ///< the value it was compared with
  std::string period;              ///< what `measured` was measured over (see Measurement)
  Kind kind = Kind::kEfficiency;
  /// E.g. `pue 1.214 > 1.200 (maximum) over 2025-10-24T22:00:00Z..2025-10-27T21:55:00Z`, or
  /// `coverage 0.912 < 0.950 (minimum) over ...: KPIs rest on 91.2 % of the period`.
  std::string message;
  /// Set by profiles (profile.hpp) only; empty for gates.
  std::string profile;
  std::string rule;    ///< `legal target`, `label class`, ... or `condition`
  std::string source;  ///< e.g. `EnEfG §11(1) [P] [S25]`
  /// A label class, a reported figure or a rule not yet in force: shown, never fails.
  bool informational = false;
  /// Passes, but needs the user's attention: an input the profile requires and dceff cannot
  /// measure (a GitHub `::warning`).
  bool attention = false;
};

/// The common gates, as `dceff check` flags (`--max-pue`) and policy-file keys (`max_pue`).
enum class Threshold {
  kMaxPue,       ///< fail if pue > limit
  kMaxEre,       ///< fail if ere > limit
  kMinErf,       ///< fail if erf < limit
  kMinRef,       ///< fail if ref < limit
  kMaxWue,       ///< fail if wue > limit (L/kWh)
  kMinCoverage,  ///< fail if coverage < limit (data quality)
  kMaxFilled,    ///< fail if filled_share > limit (data quality)
};

/// Every threshold, in the order `dceff check` lists their verdicts.
inline constexpr std::array kThresholds{
    Threshold::kMaxPue, Threshold::kMaxEre,      Threshold::kMinErf,   Threshold::kMinRef,
    Threshold::kMaxWue, Threshold::kMinCoverage, Threshold::kMaxFilled};

/// The policy-file key: `max_pue`, `max_ere`, `min_erf`, `min_ref`, `max_wue`, `min_coverage`,
/// `max_filled`.
[[nodiscard]] auto threshold_key(Threshold threshold) noexcept -> std::string_view;

/// A named condition on a report.
struct Gate {
  std::string name;
  /// Where the gate was given, for error messages: `--max-pue`, `--fail-if 'pue > 1.3'`,
  /// `policy.json: /gates/1/fail_if`.
  std::string where;
  Expression fail_if;  ///< the gate fails when this is true
};

/// The gate of a threshold, e.g. `pue > 1.2` for kMaxPue and 1.2.
/// @throws Error `<where>: out of range: 0.5 (expected a PUE limit of 1 or more)`
[[nodiscard]] auto threshold_gate(Threshold threshold, double limit, std::string name,
                                  std::string where) -> Gate;

/// A gate from an expression. @throws Error with the parse error (see Expression::parse).
[[nodiscard]] auto fail_if_gate(std::string_view expression, std::string name, std::string where)
    -> Gate;

/// Checks that every bucket selector matches the report granularity, before a long analysis.
/// @throws Error `<where>: monthly.pue.max needs monthly buckets, but the report has daily
/// buckets (pass --period month)`
void require_period(std::span<const Gate> gates, report::Period period);

/// Evaluates one gate. It fails when its expression is true, and also when any metric it names
/// has no value in the report (n/a): a figure that could not be computed never passes.
/// @throws Error as require_period.
[[nodiscard]] auto evaluate(const Gate& gate, const report::Report& report) -> Verdict;

/// Evaluates every gate, in order. @throws Error as require_period.
[[nodiscard]] auto evaluate(std::span<const Gate> gates, const report::Report& report)
    -> std::vector<Verdict>;

/// True when every verdict passed (and for none).
[[nodiscard]] auto all_passed(std::span<const Verdict> verdicts) noexcept -> bool;

}  // namespace dceff::checks
