#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace dceff::report {

/// One named figure of a JSON report, read generically: a KPI, an energy sum, a coverage.
struct NamedFigure {
  std::string name;  ///< `pue`, `pue.by_category.2`, `ppue.cooling`, `facility`, `it.1`, ...
  std::string unit;  ///< `kWh`, `m3`, `kg`, `L/kWh`, `kgCO2e/kWh`, `share` or empty (a ratio)
  std::optional<double> value;  ///< empty where the report says `null`
};

struct InputHash {
  std::string path;
  std::string sha256;
  std::uint64_t bytes = 0;
};

/// What `dceff diff` needs of a JSON report (`dceff_report` 1): the KPI and energy objects are
/// read member by member, so fields added to the report appear without code changes.
struct ReportSnapshot {
  std::string path;  ///< as given, for messages
  std::string tool_version;
  std::string site_name;
  std::string timezone;
  std::string site_sha256;
  std::string from;  ///< RFC 3339 UTC, as in the report
  std::string to;
  std::int64_t period_seconds = 0;
  std::string granularity;
  bool twelve_months = false;
  std::string pue_variant;  ///< `PUE` or `iPUE`
  int pue_category = 0;
  std::string pue_label;
  std::vector<NamedFigure> kpis;    ///< in report order
  std::vector<NamedFigure> energy;  ///< energy_kwh members, then water_m3 and co2_kg
  std::optional<double> coverage;
  std::vector<NamedFigure> meter_coverage;  ///< name = meter id, in report order
  std::vector<InputHash> inputs;
};

/// Reads a report written by `dceff report --format json` (or `merge`); numbers beyond a double
/// (1e400), a category outside 0..3, a negative size or a period ending before it starts are
/// refused.
/// @throws ConfigError `<path>: <json pointer>: <what> (expected ...)` for anything else, e.g.
/// `old.json: /dceff_report: missing (expected a JSON report of 'dceff report --format json')`.
[[nodiscard]] auto read_report_snapshot(std::istream& in, const std::string& path)
    -> ReportSnapshot;
/// The same from a regular file of at most 1 GiB. @throws ConfigError when it cannot be opened
/// or is larger.
[[nodiscard]] auto load_report_snapshot(const std::string& path) -> ReportSnapshot;

/// Which way a figure improves.
enum class Direction { kLowerIsBetter, kHigherIsBetter, kNeutral };
/// pue, ere, wue, cue, ppue.* (and their by-category forms) lower; erf, ref, dcie, coverage
/// higher; everything else (energy, KPIs unknown to this version) neutral.
[[nodiscard]] auto direction_of(std::string_view figure) noexcept -> Direction;

enum class Verdict { kBetter, kWorse, kUnchanged, kChanged, kNotAvailable };
[[nodiscard]] auto verdict_name(Verdict verdict) noexcept -> std::string_view;

struct FigureChange {
  std::string name;
  std::string unit;
  Direction direction = Direction::kNeutral;
  std::optional<double> old_value;  ///< empty: n/a (null) in the old report, or absent
  std::optional<double> new_value;
  bool in_old = true;  ///< false: the old report has no such field
  bool in_new = true;
  std::optional<double> absolute;  ///< new - old
  std::optional<double> relative;  ///< (new - old) / |old|, a fraction; empty when old is 0
  Verdict verdict = Verdict::kNotAvailable;
};

/// `--fail-on-regression KPI[=TOL]`: TOL absolute (`0.02`) or relative to the old value (`2%`);
/// none means any worsening fails.
struct RegressionGate {
  std::string text;  ///< as given, for messages
  std::string figure;
  double tolerance = 0.0;  ///< absolute, or a fraction of |old| when relative
  bool relative = false;
};

/// @throws Error `--fail-on-regression 'pue=abc': invalid tolerance 'abc' (expected ...)`.
[[nodiscard]] auto parse_regression_gate(std::string_view text) -> RegressionGate;

struct RegressionResult {
  RegressionGate gate;
  bool passed = false;
  std::optional<double> worse_by;  ///< in the figure's direction: > 0 is worse
  std::optional<double> worse_by_relative;
  std::string message;
};

struct Warning {
  std::string code;  ///< `different_site`, `different_period_length`, ...
  std::string message;
};

struct ReportDiff {
  ReportSnapshot old_report;  ///< figures not repeated here; see kpis/energy
  ReportSnapshot new_report;
  std::vector<Warning> warnings;  ///< empty: the reports are comparable
  std::vector<FigureChange> kpis;
  std::vector<FigureChange> energy;
  FigureChange coverage;
  std::vector<FigureChange> meters;  ///< sorted by id; in_old/in_new say added or removed
  bool same_inputs = false;          ///< same paths and SHA-256 in the same order
  bool same_site_file = false;
  std::vector<RegressionResult> regressions;

  [[nodiscard]] auto passed() const -> bool;
};

/// Compares two reports figure by figure and evaluates the gates.
/// A gate fails, never passes, where it cannot tell: a KPI n/a or absent in either report, two
/// different sites, or a figure divided by the headline E_IT when the headline categories differ
/// (the by-category figures, erf, ref and coverage stay comparable).
/// @throws Error for a gate on a figure without a direction (an energy sum) or absent from both
/// reports (a misspelt name: every report lists each KPI, null when n/a).
[[nodiscard]] auto diff_reports(const ReportSnapshot& old_report, const ReportSnapshot& new_report,
                                const std::vector<RegressionGate>& gates) -> ReportDiff;

enum class DiffFormat { kTable, kJson, kMarkdown };
/// `table`, `json` or `md`. @throws Error for any other name.
[[nodiscard]] auto parse_diff_format(std::string_view name) -> DiffFormat;
/// Deterministic: the same two reports and gates give the same bytes. JSON: `dceff_diff` 1,
/// schema/diff.schema.json.
void write_diff(const ReportDiff& diff, DiffFormat format, std::ostream& out);

}  // namespace dceff::report
