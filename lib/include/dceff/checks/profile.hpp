#pragma once

// Regulatory profiles for `dceff check --profile NAME`: each tests one rule the way its source
// defines it, says what kind of rule that is (domain.md 7.1), and first checks its own
// conditions (period, measurement category, coverage). A profile whose conditions fail refuses:
// it gives no verdict on the rule, only the failed conditions, and the check exits 1.

#include <chrono>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dceff/checks/gates.hpp"
#include "dceff/report/report.hpp"

namespace dceff::checks {

/// What kind of rule a profile tests (domain.md 7.1: every check must say which).
enum class RuleKind { kLegalTarget, kCertificationBar, kPolicyGoal, kLabelClass, kReportingDuty };

/// `legal target`, `certification bar`, `policy goal`, `label class` or `reporting duty`.
[[nodiscard]] auto rule_kind_name(RuleKind kind) noexcept -> std::string_view;

/// The Taiwan MOEA rule distinguishes the two (domain.md 7.1, [S33]).
enum class DcType { kHyperscale, kColocation };

/// Inputs some profiles need, and the [U] values every user may set.
struct ProfileOptions {
  /// de-enefg: the commissioning date (start of operation) decides which §11 rules apply.
  std::optional<std::chrono::year_month_day> commissioned;
  /// de-enefg: the date the rules are judged at; default the last local day of the period
  /// (never the wall clock, so that the output depends only on the inputs).
  std::optional<std::chrono::year_month_day> as_of;
  /// tw-new-dc: hyperscale (PUE 1.3) or colocation (1.4).
  std::optional<DcType> dc_type;
  /// Share of the period with complete data a profile needs; dceff's own bar, [U].
  double min_coverage = 0.95;
  /// cn-gb40879 grade 1 ([S], single source) and grade 2 ([S]) maxima of RM2 (domain.md
  /// "Latest verification", GB 40879 row; 7.1 still calls them [U]): configurable.
  double gb_grade1_max = 1.20;
  double gb_grade2_max = 1.30;
};

/// A limit or class boundary a profile applies, with its provenance.
struct ProfileLimit {
  std::string name;    ///< e.g. `PUE maximum, existing data centres, from 2027-07-01`
  std::string value;   ///< e.g. `1.5`, `A <= 1.15; B <= 1.25; ...`
  std::string source;  ///< domain.md source key and where, e.g. `EnEfG §11(1) [S25]`
  std::string tag;     ///< `[P]`, `[S]`, `[U] unconfirmed, set with --gb-grade1-max`
};

/// What `dceff profiles --explain NAME` prints.
struct ProfileExplanation {
  std::string name;
  std::string title;
  RuleKind kind = RuleKind::kLegalTarget;
  std::string summary;  ///< what it computes
  std::vector<std::string> sources;
  std::vector<ProfileLimit> limits;
  std::vector<std::string> conditions;
  std::vector<std::string> options;  ///< the command-line options it takes
  std::vector<std::string> notes;    ///< scope and what dceff does not compute
};

/// One figure of the EU 2024/1364 report, under the delegated regulation's field name.
struct ReportingField {
  std::string name;             ///< `E_DC`, `E_IT`, `W_IN`, `PUE`, ...
  std::string unit;             ///< `kWh`, `m3`, `L/kWh`, or empty for a ratio
  std::optional<double> value;  ///< empty: input required (never guessed)
  std::string note;             ///< how it was obtained, or why it is required
};

/// Every profile name, in the order `dceff profiles` lists them.
[[nodiscard]] auto profile_names() -> std::span<const std::string_view>;

/// @throws Error `--profile: unknown profile 'x' (expected one of: eu-eed-2024-1364, ...)`,
/// starting with `where`.
void require_profile(std::string_view name, std::string_view where = "--profile");

/// Checks that the options a profile needs are there and the [U] values are consistent.
/// @throws Error `--profile de-enefg: missing --commissioned YYYY-MM-DD (...)`, or `--as-of` before
/// `--commissioned`.
void check_options(std::string_view name, const ProfileOptions& options);

/// The sources, limits with tags, conditions and options of a profile.
/// @throws Error for an unknown name.
[[nodiscard]] auto explain(std::string_view name, const ProfileOptions& options)
    -> ProfileExplanation;

/// Evaluates a profile: its condition verdicts and, when they all pass, its rule verdicts.
/// Label classes and reported figures are informational verdicts (they pass).
/// @throws Error as check_options, and (without `--as-of`) when the period ends before
/// `--commissioned`; ConfigError when the de-enefg PUE without heat upgrade is below 1.
[[nodiscard]] auto evaluate_profile(std::string_view name, const report::Report& report,
                                    const ProfileOptions& options) -> std::vector<Verdict>;

/// Whether every condition of profile `name` among `verdicts` passed (a profile that refused
/// must not hand out a filing that looks complete).
[[nodiscard]] auto conditions_met(std::span<const Verdict> verdicts, std::string_view name) noexcept
    -> bool;

/// The Annex III indicators and the figures they rest on for eu-eed-2024-1364.
[[nodiscard]] auto eed_fields(const report::Report& report) -> std::vector<ReportingField>;

/// `dceff_eu_eed_2024_1364` 1: site, period, category, and the fields by name.
void write_eed_json(const report::Report& report, std::span<const ReportingField> fields,
                    std::ostream& out);
/// `field,value,unit,status,note`, one row per field; an empty value means input required.
void write_eed_csv(std::span<const ReportingField> fields, std::ostream& out);

/// `dceff profiles`: one line per profile with its kind and title.
void write_profile_list(std::ostream& out);
/// `dceff profiles --explain NAME`.
void write_explanation(const ProfileExplanation& explanation, std::ostream& out);

/// Parses `YYYY-MM-DD`. @throws Error `<where>: not a date '2026-13-01' (expected YYYY-MM-DD)`
[[nodiscard]] auto parse_date(std::string_view text, std::string_view where)
    -> std::chrono::year_month_day;

/// `hyperscale` or `colocation`. @throws Error for any other name.
[[nodiscard]] auto parse_dc_type(std::string_view text, std::string_view where) -> DcType;

}  // namespace dceff::checks
