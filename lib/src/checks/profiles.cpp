#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "dceff/checks/profile.hpp"
#include "dceff/error.hpp"
#include "dceff/metrics/ratios.hpp"
#include "dceff/time.hpp"

#include "checks/number_format.hpp"
#include "checks/report_facts.hpp"

namespace dceff::checks {
namespace {

using detail::has_role;
using detail::whole_period;
using std::chrono::year_month_day;
using namespace std::chrono_literals;

constexpr std::string_view kEed = "eu-eed-2024-1364";
constexpr std::string_view kEnefg = "de-enefg";
constexpr std::string_view kGb = "cn-gb40879";
constexpr std::string_view kLabel = "eu-label-2026";
constexpr std::string_view kSg = "sg-green-dc";
constexpr std::string_view kTw = "tw-new-dc";

constexpr std::array<std::string_view, 6> kNames{kEed, kEnefg, kGb, kLabel, kSg, kTw};

// EnEfG §11 dates (domain.md "Latest verification", EnEfG row, [P] [S25]).
constexpr year_month_day kNewFrom{2026y / std::chrono::July / 1};     // new DC from here
constexpr year_month_day kExisting15{2027y / std::chrono::July / 1};  // existing: PUE 1.5
constexpr year_month_day kExisting13{2030y / std::chrono::July / 1};  // existing: PUE 1.3
constexpr year_month_day kErf15From{2027y / std::chrono::July / 1};   // new: planned ERF 15 %
constexpr year_month_day kErf20From{2028y / std::chrono::July / 1};   // new: planned ERF 20 %
constexpr double kEnefgExisting15 = 1.5;
constexpr double kEnefgExisting13 = 1.3;
constexpr double kEnefgNewPue = 1.2;
constexpr double kEnefgErf10 = 0.10;
constexpr double kEnefgErf15 = 0.15;
constexpr double kEnefgErf20 = 0.20;
constexpr std::string_view kEnefgSource11_1 = "EnEfG §11(1) [P] [S25]";
constexpr std::string_view kEnefgSource11_2 = "EnEfG §11(2) [P] [S25]";

// GB 40879-2021 grade 3 (the limit value), [S] two sources [S28b] [S28c].
constexpr double kGbGrade3Max = 1.50;
constexpr std::string_view kGbSource = "GB 40879-2021 [S] [S28b] [S28c]";
// Grades 1 and 2 (domain.md "Latest verification", GB 40879 row): grade 2 <= 1.30 [S] [S28b],
// consistent with the 2025 green-DC recommendation [S32]; grade 1 <= 1.20 [S] [S28b] only
// (the defaults of ProfileOptions).
constexpr std::string_view kGbGradesSource =
    "GB 40879-2021 grade 2 [S] [S28b] [S32], grade 1 [S, single source] [S28b]";

// C(2026) 3472 Annex I Tables 1 and 2 (domain.md "Latest verification", [P via secondary]).
// Upper-inclusive: a value on a boundary takes the better class; above the last is G.
constexpr std::array<double, 6> kEuPueBounds{1.15, 1.25, 1.35, 1.5, 1.7, 1.9};
constexpr std::array<double, 6> kEuWueBounds{0.1, 0.2, 0.4, 0.6, 0.8, 1.0};
constexpr std::string_view kEuLabelSource = "C(2026) 3472 Annex I [P via secondary] [S24]";

// IMDA roadmap (domain.md 7.1, [S] [S34a]) and Taiwan MOEA (domain.md 7.1, [S] [S33]).
constexpr double kSgPue = 1.3;
constexpr double kTwHyperscalePue = 1.3;
constexpr double kTwColocationPue = 1.4;
constexpr std::string_view kSgSource = "IMDA green data centre roadmap (2024) [S] [S34a]";
constexpr std::string_view kTwSource = "Taiwan MOEA rule for new data centres [S] [S33]";

constexpr std::string_view kCoverageTag =
    "[U] dceff's own bar, not from a regulation; set with --min-profile-coverage";

auto format_date(const year_month_day& d) -> std::string {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), unsigned{d.month()},
                     unsigned{d.day()});
}

// A year later; 29 February gives 1 March.
auto years_later(const year_month_day& d, int years) -> year_month_day {
  auto out = d + std::chrono::years{years};
  return out.ok() ? out : out.year() / std::chrono::March / 1;
}

// The last local day of the period: `to` is exclusive.
auto last_day(const report::Report& r) -> year_month_day {
  const auto zone = TimeZone::load(r.timezone);
  const auto local = zone.to_local(r.to - std::chrono::milliseconds{1});
  return year_month_day{std::chrono::floor<std::chrono::days>(local)};
}

auto limit_word(Op failing) -> std::string_view {
  return failing == Op::kGreater || failing == Op::kGreaterEqual ? "maximum" : "minimum";
}

// The verdicts of one profile, with its name on each.
class Builder {
 public:
  Builder(std::string_view profile, RuleKind kind, const report::Report& report)
      : profile_{profile}, kind_{kind}, report_{report} {}

  // A condition of the profile; a failed one makes the profile refuse.
  void condition(std::string_view id, bool met, std::string message, std::string source,
                 std::optional<double> measured = std::nullopt,
                 std::optional<double> limit = std::nullopt, bool attention = false) {
    Verdict v = base(fmt::format("{}/condition/{}", profile_, id), "condition", source);
    v.passed = met;
    v.kind = Kind::kDataQuality;
    v.measured = measured;
    v.limit = limit;
    v.attention = attention;
    v.message = met ? std::move(message)
                    : fmt::format("{} refuses to give a verdict: {}", profile_, message);
    refused_ = refused_ || !met;
    out_.push_back(std::move(v));
  }

  // A limit: fails when `value failing limit`, and when the value could not be computed. With
  // `in_force` false it is shown but cannot fail (`why_not` says when it applies).
  void limit(std::string_view id, std::string_view metric, std::optional<double> value,
             std::string_view missing, Op failing, double limit, std::string_view limit_tag,
             std::string source, bool in_force = true, std::string_view why_not = "") {
    Verdict v = base(fmt::format("{}/{}", profile_, id), std::string{rule_kind_name(kind_)},
                     std::move(source));
    v.expression = fmt::format("{} {} {}", metric, op_symbol(failing), limit);
    v.limit = limit;
    v.measured = value;
    if (!value) {
      v.kind = Kind::kDataQuality;
      v.passed = !in_force;
      v.informational = !in_force;
      v.message = fmt::format("{} could not be computed over {} ({})", metric, v.period, missing);
      if (!in_force) {
        v.message += fmt::format("; {}", why_not);
      }
      out_.push_back(std::move(v));
      return;
    }
    const bool fails = compare(*value, failing, limit);
    const auto [a, b] = detail::format_pair(*value, limit);
    const auto shown = fails ? failing : negate(failing);
    v.message = fmt::format("{} {} {} {} ({}{}) over {}", metric, a, op_symbol(shown), b,
                            limit_word(failing), limit_tag, v.period);
    if (in_force) {
      v.passed = !fails;
    } else {
      v.passed = true;
      v.informational = true;
      v.message += fmt::format(": would {} the limit, {}", fails ? "miss" : "meet", why_not);
    }
    out_.push_back(std::move(v));
  }

  // A figure or class shown for information: it passes whatever its value.
  void info(std::string_view id, std::string message, std::string source,
            std::optional<double> measured = std::nullopt, bool attention = false) {
    Verdict v = base(fmt::format("{}/{}", profile_, id), std::string{rule_kind_name(kind_)},
                     std::move(source));
    v.passed = true;
    v.informational = true;
    v.attention = attention;
    v.measured = measured;
    v.message = std::move(message);
    out_.push_back(std::move(v));
  }

  [[nodiscard]] auto refused() const noexcept -> bool { return refused_; }
  [[nodiscard]] auto take() -> std::vector<Verdict> { return std::move(out_); }

 private:
  auto base(std::string gate, std::string rule, std::string source) const -> Verdict {
    Verdict v;
    v.gate = std::move(gate);
    v.profile = std::string{profile_};
    v.rule = std::move(rule);
    v.source = std::move(source);
    v.period = whole_period(report_);
    return v;
  }

  std::string_view profile_;
  RuleKind kind_;
  const report::Report& report_;
  std::vector<Verdict> out_;
  bool refused_ = false;
};

void twelve_months(Builder& b, const report::Report& r, std::string_view why) {
  // Longer than 12 months is not an annual figure either: a 2-year ratio can meet a limit the
  // latest year misses. The trailing twelve months start later than the period exactly then.
  const auto& ttm = r.trailing_twelve_months;
  if (r.twelve_months && ttm && ttm->from > r.from) {
    b.condition("twelve-months", false,
                fmt::format("the period {} is longer than 12 months ({}; expected one year: "
                            "pass --from and --to one year apart)",
                            whole_period(r), why),
                "ISO/IEC 30134-2 [S] [S1] [S3]");
  } else if (r.twelve_months) {
    b.condition("twelve-months", true,
                fmt::format("the period {} covers 12 months", whole_period(r)),
                "ISO/IEC 30134-2 [S] [S1] [S3]");
  } else {
    b.condition("twelve-months", false,
                fmt::format("the period {} is shorter than 12 months ({})", whole_period(r), why),
                "ISO/IEC 30134-2 [S] [S1] [S3]");
  }
}

void calendar_year(Builder& b, const report::Report& r, std::string_view why) {
  if (r.calendar_year) {
    b.condition(
        "calendar-year", true,
        fmt::format("the period {} is the calendar year {}", whole_period(r), *r.calendar_year),
        "Reg. (EU) 2024/1364 Art. 3 [S] [S23]");
  } else {
    b.condition("calendar-year", false,
                fmt::format("the period {} is not a calendar year ({}; expected local "
                            "1 January 00:00 to the next, e.g. --from 2025-01-01 --to "
                            "2026-01-01)",
                            whole_period(r), why),
                "Reg. (EU) 2024/1364 Art. 3 [S] [S23]");
  }
}

// A share as a percentage with as many digits as the share shows: 0.9499 is 94.99 %, never a
// rounded 95.0 % next to a 95 % bar it misses.
auto percent_of(double share, const std::string& shown) -> std::string {
  const auto point = shown.find('.');
  const auto decimals = point == std::string::npos ? 0 : shown.size() - point - 1;
  return fmt::format("{:.{}f} %", share * 100.0, std::max(1, static_cast<int>(decimals) - 2));
}

void coverage(Builder& b, const report::Report& r, const ProfileOptions& o) {
  const double c = r.total.coverage;
  const auto [a, m] = detail::format_pair(c, o.min_coverage);
  if (c >= o.min_coverage) {
    b.condition("coverage", true,
                fmt::format("coverage {} >= {} (minimum, {}): KPIs rest on {} of the period", a, m,
                            kCoverageTag, percent_of(c, a)),
                "dceff [U]", c, o.min_coverage);
  } else {
    b.condition("coverage", false,
                fmt::format("coverage {} < {} (minimum, {}): KPIs rest on only {} of the period", a,
                            m, kCoverageTag, percent_of(c, a)),
                "dceff [U]", c, o.min_coverage);
  }
}

// E_IT at UPS output (2024/1364 Annex II: category 1; PDU only where there is no UPS).
void category_one(Builder& b, const report::Report& r) {
  const std::string source = "Reg. (EU) 2024/1364 Annex II [S] [S22]";
  if (r.headline_category == 1) {
    b.condition("category-1", true, "E_IT at UPS output (category 1)", source);
  } else if (has_role(r, "it", 1)) {
    b.condition("category-1", false,
                fmt::format("the headline is category {}, but the site has category 1 (UPS "
                            "output) meters: set \"headline_category\": 1 in the site file so "
                            "that E_DC and E_IT share their buckets",
                            r.headline_category),
                source);
  } else if (r.headline_category == 0) {
    b.condition("category-1", false, "no IT meter has data (expected E_IT at UPS output)", source);
  } else {
    b.condition("category-1", true,
                fmt::format("E_IT at {} (category {}): the site has no category 1 (UPS output) "
                            "meter; the regulation accepts that only where there is no UPS, "
                            "say so in the report",
                            report::category_point(r.headline_category), r.headline_category),
                source, std::nullopt, std::nullopt, /*attention=*/true);
  }
}

auto pue_missing() -> std::string_view {
  return "it needs facility and IT meters with complete data over the same time";
}

// --- de-enefg -------------------------------------------------------------------------------

auto enefg_as_of(const report::Report& r, const ProfileOptions& o) -> year_month_day {
  return o.as_of ? *o.as_of : last_day(r);
}

void enefg_rules(Builder& b, const report::Report& r, const ProfileOptions& o) {
  const auto commissioned = *o.commissioned;
  const auto as_of = enefg_as_of(r, o);
  if (as_of < commissioned) {  // without --as-of: check_options refused an explicit one
    throw Error(
        fmt::format("the period {} ends on {}, before --commissioned {} (expected data "
                    "from after commissioning, or --as-of)",
                    whole_period(r), format_date(as_of), format_date(commissioned)));
  }
  const auto& k = r.total.kpis;
  if (commissioned < kNewFrom) {
    b.info("scope",
           fmt::format("existing data centre: commissioned {}, before {}: §11(1) applies, judged "
                       "as of {}",
                       format_date(commissioned), format_date(kNewFrom), format_date(as_of)),
           std::string{kEnefgSource11_1});
    if (as_of < kExisting13) {
      const bool in_force = as_of >= kExisting15;
      b.limit("pue-1.5", "pue", k.pue, pue_missing(), Op::kGreater, kEnefgExisting15,
              ", annual average, in force from 2027-07-01", std::string{kEnefgSource11_1}, in_force,
              fmt::format("not yet in force on {} (from {})", format_date(as_of),
                          format_date(kExisting15)));
    }
    b.limit("pue-1.3", "pue", k.pue, pue_missing(), Op::kGreater, kEnefgExisting13,
            ", annual average, in force from 2030-07-01", std::string{kEnefgSource11_1},
            as_of >= kExisting13,
            fmt::format("not yet in force on {} (from {})", format_date(as_of),
                        format_date(kExisting13)));
    return;
  }
  const auto due = years_later(commissioned, 2);
  const bool in_force = as_of >= due;
  const auto not_yet =
      fmt::format("not yet due on {} (at the latest two years after commissioning: {})",
                  format_date(as_of), format_date(due));
  const double erf_limit = commissioned < kErf15From   ? kEnefgErf10
                           : commissioned < kErf20From ? kEnefgErf15
                                                       : kEnefgErf20;
  b.info("scope",
         fmt::format("new data centre: commissioned {}, on or after {}: §11(2) applies, PUE "
                     "{:.1f} and ERF {:.0f} %, due {}, judged as of {}",
                     format_date(commissioned), format_date(kNewFrom), kEnefgNewPue,
                     erf_limit * 100.0, format_date(due), format_date(as_of)),
         std::string{kEnefgSource11_2});
  // §11(2): electricity of installations that exclusively upgrade the DC's waste heat is left
  // out of this PUE (domain.md 4.2), and only of this one.
  std::optional<double> pue = k.pue;
  std::string metric = "pue";
  const auto& e = r.total.energy;
  if (e.heat_upgrade_kwh && k.pue) {
    pue =
        metrics::pue(KilowattHours{e.facility_kwh - *e.heat_upgrade_kwh}, KilowattHours{e.it_kwh});
    // A PUE below 1 is impossible (design.md): heat upgrade and IT together cannot exceed E_DC,
    // and a value below 1 would meet the 1.2 limit by a mapping mistake.
    if (pue && *pue < 1.0 - 1e-9) {
      throw ConfigError(fmt::format(
          "{}: pue_without_heat_upgrade {:.4f} < 1 over {}: heat_upgrade {:.3f} kWh and IT "
          "{:.3f} kWh exceed E_DC {:.3f} kWh (expected heat_upgrade meters that are a part of "
          "the facility inputs and meter no IT load)",
          r.site_path, *pue, whole_period(r), *e.heat_upgrade_kwh, e.it_kwh, e.facility_kwh));
    }
    metric = "pue_without_heat_upgrade";
    b.info("heat-upgrade",
           fmt::format("PUE without heat upgrade = (E_DC {:.3f} - heat_upgrade {:.3f} kWh) / "
                       "E_IT {:.3f} kWh = {}",
                       e.facility_kwh, *e.heat_upgrade_kwh, e.it_kwh,
                       pue ? fmt::format("{:.3f}", *pue) : std::string{"n/a"}),
           std::string{kEnefgSource11_2}, pue);
  } else if (k.pue) {
    b.info("heat-upgrade",
           "no heat_upgrade meter in the site file: nothing is left out of the PUE (declare "
           "installations that exclusively upgrade waste heat with role heat_upgrade)",
           std::string{kEnefgSource11_2});
  }
  b.limit("pue-1.2", metric, pue, pue_missing(), Op::kGreater, kEnefgNewPue,
          ", annual average, heat-upgrade electricity excluded", std::string{kEnefgSource11_2},
          in_force, not_yet);
  b.limit(
      fmt::format("erf-{:.0f}", erf_limit * 100.0), "erf", k.erf,
      "it needs a reuse meter and complete facility and IT data", Op::kLess, erf_limit,
      fmt::format(", for commissioning {}", commissioned < kErf15From   ? "2026-07-01..2027-06-30"
                                            : commissioned < kErf20From ? "2027-07-01..2028-06-30"
                                                                        : "from 2028-07-01"),
      std::string{kEnefgSource11_2}, in_force, not_yet);
}

// --- cn-gb40879 -----------------------------------------------------------------------------

void gb_rules(Builder& b, const report::Report& r, const ProfileOptions& o) {
  const auto& pue = r.total.kpis.pue;
  b.limit("grade-3-limit", "rm2", pue, pue_missing(), Op::kGreater, kGbGrade3Max,
          ", grade 3 = the limit value", std::string{kGbSource});
  if (pue) {
    const double v = *pue;
    // "Latest verification": grade 2 [S] (and the 2025 recommendation), grade 1 [S] from a
    // single source; a value the user set is shown as theirs.
    const ProfileOptions defaults;
    const auto g1 =
        fmt::format("{} {}", o.gb_grade1_max,
                    o.gb_grade1_max == defaults.gb_grade1_max ? "[S, single source]"
                                                              : "[set with --gb-grade1-max]");
    const auto g2 = fmt::format(
        "{} {}", o.gb_grade2_max,
        o.gb_grade2_max == defaults.gb_grade2_max ? "[S]" : "[set with --gb-grade2-max]");
    std::string grade;
    if (v <= o.gb_grade1_max) {
      grade = fmt::format("grade 1 (RM2 <= {})", g1);
    } else if (v <= o.gb_grade2_max) {
      grade = fmt::format("grade 2 ({} < RM2 <= {})", g1, g2);
    } else if (v <= kGbGrade3Max) {
      grade = fmt::format("grade 3 ({} < RM2 <= {})", g2, kGbGrade3Max);
    } else {
      grade = fmt::format("no grade (RM2 > {}, above the grade 3 limit value)", kGbGrade3Max);
    }
    b.info("grade",
           fmt::format("RM2 {:.3f} over {}: {}; grade 1 rests on a single source, not yet checked "
                       "against the standard's text (set with --gb-grade1-max, --gb-grade2-max)",
                       v, whole_period(r), grade),
           std::string{kGbGradesSource}, pue);
  }
  b.info("rm1",
         "RM1 (8760 x the 5 characteristic operating points weighted by the Annex B temperature "
         "distribution) is not computed; RM2 is the metered annual ratio E / E_IT, and which of "
         "the two governs is unconfirmed [U]",
         "GB 40879-2021 §6.3.2 [P-mirror] [S28d]");
}

// --- eu-label-2026 --------------------------------------------------------------------------

auto label_class(double value, const std::array<double, 6>& bounds, std::string_view name)
    -> std::string {
  constexpr std::string_view kLetters = "ABCDEFG";
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (value <= bounds[i]) {
      if (i == 0) {
        return fmt::format("class A ({} <= {})", name, bounds[0]);
      }
      return fmt::format("class {} ({} < {} <= {})", kLetters[i], bounds[i - 1], name, bounds[i]);
    }
  }
  return fmt::format("class G ({} > {})", name, bounds.back());
}

void label_rules(Builder& b, const report::Report& r) {
  const auto& k = r.total.kpis;
  if (k.pue) {
    b.info("pue-class",
           fmt::format("PUE {:.3f}: {}", *k.pue, label_class(*k.pue, kEuPueBounds, "PUE")),
           std::string{kEuLabelSource}, k.pue);
  } else {
    b.info("pue-class",
           fmt::format("PUE could not be computed: input required ({})", pue_missing()),
           std::string{kEuLabelSource}, std::nullopt, true);
  }
  if (k.wue) {
    b.info("wue-class",
           fmt::format("WUE {:.3f} L/kWh (= m3/MWh, unit [S]): {}; the site's water meters are "
                       "taken as the freshwater input W_IN-FRE",
                       *k.wue, label_class(*k.wue, kEuWueBounds, "WUE")),
           std::string{kEuLabelSource}, k.wue);
  } else {
    b.info("wue-class",
           "WUE: input required (W_IN-FRE, freshwater input in m3: declare a meter with role "
           "water)",
           std::string{kEuLabelSource}, std::nullopt, true);
  }
}

// --- eu-eed-2024-1364 -----------------------------------------------------------------------

void eed_rules(Builder& b, const report::Report& r) {
  for (const auto& f : eed_fields(r)) {
    if (f.value) {
      b.info(f.name,
             fmt::format("{} = {:.3f}{}{} ({})", f.name, *f.value, f.unit.empty() ? "" : " ",
                         f.unit, f.note),
             "Reg. (EU) 2024/1364 Annex II, III [S] [S22] [S23]", f.value);
    } else {
      b.info(f.name, fmt::format("{}: input required ({})", f.name, f.note),
             "Reg. (EU) 2024/1364 Annex II [S] [S22] [S23]", std::nullopt, true);
    }
  }
}

// --- sg-green-dc, tw-new-dc -----------------------------------------------------------------

void sg_rules(Builder& b, const report::Report& r) {
  b.limit("pue-1.3", "pue", r.total.kpis.pue, pue_missing(), Op::kGreater, kSgPue,
          ", goal within 10 years of 2024-05-30, defined at 100 % IT load; this is the metered "
          "annual PUE at the load the site ran",
          std::string{kSgSource});
}

void tw_rules(Builder& b, const report::Report& r, const ProfileOptions& o) {
  const bool hyperscale = *o.dc_type == DcType::kHyperscale;
  b.limit(hyperscale ? "pue-1.3-hyperscale" : "pue-1.4-colocation", "pue", r.total.kpis.pue,
          pue_missing(), Op::kGreater, hyperscale ? kTwHyperscalePue : kTwColocationPue,
          hyperscale ? ", hyperscale, new or expanded >= 5 MW from 2025-11-05"
                     : ", colocation, new or expanded >= 5 MW from 2025-11-05",
          std::string{kTwSource});
}

auto kind_of(std::string_view name) -> RuleKind {
  if (name == kEed) {
    return RuleKind::kReportingDuty;
  }
  if (name == kLabel) {
    return RuleKind::kLabelClass;
  }
  if (name == kSg) {
    return RuleKind::kPolicyGoal;
  }
  return RuleKind::kLegalTarget;
}

auto title_of(std::string_view name) -> std::string_view {
  if (name == kEed) {
    return "EU data-centre reporting: Annex III indicators of Delegated Regulation (EU) "
           "2024/1364";
  }
  if (name == kEnefg) {
    return "Germany, Energieeffizienzgesetz §11: PUE and ERF limits by commissioning date";
  }
  if (name == kGb) {
    return "China, GB 40879-2021: energy-efficiency grade and limit value";
  }
  if (name == kLabel) {
    return "EU rating scheme C(2026) 3472: A-G classes for PUE and WUE";
  }
  if (name == kSg) {
    return "Singapore, IMDA green data centre roadmap: PUE 1.3";
  }
  return "Taiwan, MOEA rule for new data centres >= 5 MW: PUE 1.3 / 1.4";
}

}  // namespace

auto rule_kind_name(RuleKind kind) noexcept -> std::string_view {
  switch (kind) {
    case RuleKind::kLegalTarget:
      return "legal target";
    case RuleKind::kCertificationBar:
      return "certification bar";
    case RuleKind::kPolicyGoal:
      return "policy goal";
    case RuleKind::kLabelClass:
      return "label class";
    case RuleKind::kReportingDuty:
      return "reporting duty";
  }
  return "";
}

auto profile_names() -> std::span<const std::string_view> {
  return kNames;
}

void require_profile(std::string_view name, std::string_view where) {
  if (std::find(kNames.begin(), kNames.end(), name) == kNames.end()) {
    throw Error(fmt::format("{}: unknown profile '{}' (expected one of: {})", where, name,
                            fmt::join(kNames, ", ")));
  }
}

void check_options(std::string_view name, const ProfileOptions& o) {
  require_profile(name);
  if (!std::isfinite(o.min_coverage) || o.min_coverage < 0.0 || o.min_coverage > 1.0) {
    throw Error(
        fmt::format("--min-profile-coverage: out of range: {} (expected a share from 0 "
                    "to 1, e.g. 0.95)",
                    o.min_coverage));
  }
  if (name == kEnefg && !o.commissioned) {
    throw Error(
        "--profile de-enefg: missing --commissioned YYYY-MM-DD (expected the date the data "
        "centre started operating: it decides which EnEfG §11 limits apply)");
  }
  // Before a long analysis; without --as-of the date is only known from the period.
  if (name == kEnefg && o.as_of && *o.as_of < *o.commissioned) {
    throw Error(
        fmt::format("--as-of {} is before --commissioned {} (expected a date on or after "
                    "commissioning)",
                    format_date(*o.as_of), format_date(*o.commissioned)));
  }
  if (name == kTw && !o.dc_type) {
    throw Error(
        "--profile tw-new-dc: missing --dc-type (expected hyperscale or colocation: the limit "
        "is 1.3 or 1.4)");
  }
  if (name == kGb) {
    if (!std::isfinite(o.gb_grade1_max) || !std::isfinite(o.gb_grade2_max) ||
        o.gb_grade1_max < 1.0 || o.gb_grade1_max >= o.gb_grade2_max ||
        o.gb_grade2_max >= kGbGrade3Max) {
      throw Error(
          fmt::format("--gb-grade1-max {}, --gb-grade2-max {}: out of range (expected 1 "
                      "<= grade 1 < grade 2 < {}, the grade 3 limit)",
                      o.gb_grade1_max, o.gb_grade2_max, kGbGrade3Max));
    }
  }
}

auto conditions_met(std::span<const Verdict> verdicts, std::string_view name) noexcept -> bool {
  return std::none_of(verdicts.begin(), verdicts.end(), [&](const Verdict& v) {
    return v.profile == name && v.rule == "condition" && !v.passed;
  });
}

auto evaluate_profile(std::string_view name, const report::Report& report,
                      const ProfileOptions& options) -> std::vector<Verdict> {
  check_options(name, options);
  Builder b{name, kind_of(name), report};
  if (name == kEed || name == kLabel) {
    calendar_year(b, report, "EU reports cover the preceding calendar year");
    category_one(b, report);
  } else {
    twelve_months(b, report,
                  name == kEnefg ? "the EnEfG limits hold as an annual average"
                  : name == kGb  ? "RM2 is the metered annual ratio"
                                 : "a PUE covers 12 months");
  }
  coverage(b, report, options);
  if (b.refused()) {
    return b.take();
  }
  if (name == kEed) {
    eed_rules(b, report);
  } else if (name == kEnefg) {
    enefg_rules(b, report, options);
  } else if (name == kGb) {
    gb_rules(b, report, options);
  } else if (name == kLabel) {
    label_rules(b, report);
  } else if (name == kSg) {
    sg_rules(b, report);
  } else {
    tw_rules(b, report, options);
  }
  return b.take();
}

auto explain(std::string_view name, const ProfileOptions& o) -> ProfileExplanation {
  require_profile(name);
  ProfileExplanation x;
  x.name = std::string{name};
  x.title = std::string{title_of(name)};
  x.kind = kind_of(name);
  const std::string coverage_condition = fmt::format(
      "coverage >= {} of the period with complete data ({})", o.min_coverage, kCoverageTag);
  if (name == kEed || name == kLabel) {
    x.conditions = {
        "the period is one local calendar year (EU reports cover the preceding "
        "calendar year) [S] [S23]",
        "E_IT at UPS output (category 1); category 2 is accepted only where there is "
        "no UPS, and the output says so [S] [S22]",
        coverage_condition};
  } else {
    x.conditions = {
        "the period covers 12 months, not more (a PUE is an annual figure; shorter is an "
        "interim PUE, longer no annual average) [S] [S1] [S3]",
        coverage_condition};
  }
  x.options = {"--min-profile-coverage F (default 0.95) [U]"};
  if (name == kEed) {
    x.summary =
        "Reporting, not a limit: the Annex III indicators PUE = E_DC / E_IT, WUE = W_IN / E_IT, "
        "ERF = E_REUSE / E_DC, REF = E_RES-TOT / E_DC and the figures they rest on, for a "
        "calendar year, under the delegated regulation's field names (--export-json, "
        "--export-csv). Inputs dceff cannot measure are listed as \"input required\", never "
        "guessed. Every verdict passes unless a condition fails.";
    x.sources = {"Directive (EU) 2023/1791 Art. 12, Annex VII [S] [S23] [S27a]",
                 "Delegated Regulation (EU) 2024/1364, Annex II and III [P] [S21], summaries "
                 "[S] [S22] [S23]"};
    x.limits = {
        {"no limit", "reporting only: the EU sets no PUE limit", "domain.md 7.1 [S24]", "[S]"}};
    x.notes = {
        "E_DC is metered at the input before the transfer switch on every feed; backup-generator "
        "energy E_DC-BG is reported separately: input required, dceff cannot tell which inputs "
        "feed backup generators [S] [S22]",
        "E_RES-TOT = E_RES-GOO + E_RES-PPA + E_RES-OS; the GOO/PPA split is input required [U]",
        "data traffic and storage fields and units are unconfirmed [U]: input required",
        "W_IN in m3; the 2026 amendment renames it W_IN-FRE (freshwater input) [S] [S24]"};
    x.options.push_back("--export-json FILE, --export-csv FILE: the fields by name");
  } else if (name == kEnefg) {
    x.summary =
        "The EnEfG §11 limits chosen by commissioning date, each as an annual average: existing "
        "data centres PUE <= 1.5 from 2027-07-01 and <= 1.3 from 2030-07-01; new data centres "
        "PUE <= 1.2 (electricity of installations that exclusively upgrade waste heat, role "
        "heat_upgrade, left out) and ERF >= 10 / 15 / 20 %, due at the latest two years after "
        "commissioning. A limit not yet in force on --as-of is shown, but cannot fail.";
    x.sources = {"EnEfG §11, gesetze.legal/bund/enefg/11 (statute text) [P] [S25]",
                 "domain.md \"Latest verification\", EnEfG row; 7.3"};
    x.limits = {{"existing (operating before 2026-07-01): PUE maximum from 2027-07-01", "1.5",
                 "EnEfG §11(1) [S25]", "[P]"},
                {"existing: PUE maximum from 2030-07-01", "1.3", "EnEfG §11(1) [S25]", "[P]"},
                {"new (operating from 2026-07-01): PUE maximum, heat upgrade excluded", "1.2",
                 "EnEfG §11(2) [S25]", "[P]"},
                {"new, commissioned 2026-07-01..2027-06-30: ERF minimum", "0.10",
                 "EnEfG §11(2) [S25]", "[P]"},
                {"new, commissioned 2027-07-01..2028-06-30: ERF minimum (planned)", "0.15",
                 "EnEfG §11(2) [S25]", "[P]"},
                {"new, commissioned from 2028-07-01: ERF minimum (planned)", "0.20",
                 "EnEfG §11(2) [S25]", "[P]"},
                {"new: due date", "commissioning + 2 years", "EnEfG §11(2) [S25]", "[P]"}};
    x.options.insert(x.options.begin(),
                     {"--commissioned YYYY-MM-DD (required)",
                      "--as-of YYYY-MM-DD (default: the last day of the report period)"});
    x.notes = {
        "§11(3) waives the ERF requirement for events outside the operator's control or "
        "with a waste-heat agreement; dceff does not judge waivers [P] [S25]",
        "ERF per DIN EN 50600-4-6 = E_reuse / E_DC; heat-upgrade electricity stays in "
        "E_DC for ERF and for every other KPI"};
  } else if (name == kGb) {
    x.summary =
        "The grade of GB 40879-2021 from RM2, the metered annual ratio E / E_IT (the report's "
        "PUE over 12 months). RM2 above the grade 3 limit value 1.50 fails; grades 1 and 2 are "
        "shown with their limits' sources (grade 1: a single source). RM1 (5 characteristic "
        "operating points) is not "
        "computed.";
    x.sources = {
        "GB 40879-2021 record [P] [S28a]; grade summary [S] [S28b]; grade 3 limit "
        "[S] [S28c]; calculation, standard-text mirror §6.3.2 [P-mirror] [S28d]"};
    x.limits = {
        {"grade 3 (the limit value): RM2 maximum", "1.50", "GB 40879-2021 [S28b] [S28c]", "[S]"},
        {"grade 2: RM2 maximum", fmt::format("{}", o.gb_grade2_max),
         "[S28b], consistent with the 2025 green-DC recommendation [S32]",
         "[S]; configurable with --gb-grade2-max"},
        {"grade 1: RM2 maximum", fmt::format("{}", o.gb_grade1_max), "[S28b]",
         "[S, single source]: unconfirmed against the standard's text, configurable with "
         "--gb-grade1-max"}};
    x.options.push_back(
        "--gb-grade1-max X (default 1.20, [S] single source), --gb-grade2-max X (default "
        "1.30, [S])");
    x.notes = {
        "scope: new and renovated data centres with air cooling and electric air "
        "conditioning; edge data centres (<= 100 standard racks) are out [P] [S28a]",
        "a mandatory revision (plan 20251056-Q-469) will replace the 2021 edition [S] "
        "[S28e]"};
  } else if (name == kLabel) {
    x.summary =
        "The A-G classes of the EU rating scheme for PUE and WUE. Labels are information, not "
        "pass/fail: the check exits 0 unless a condition fails.";
    x.sources = {
        "Delegated Regulation C(2026) 3472, Annex I Tables 1 and 2 [P via secondary] "
        "[S24]",
        "WUE = W_IN-FRE / E_IT, Annex III (3)(a) [P via secondary]; unit m3/MWh = L/kWh "
        "[S]"};
    x.limits = {{"PUE classes (upper-inclusive)",
                 "A <= 1.15; B <= 1.25; C <= 1.35; D <= 1.5; E <= 1.7; F <= 1.9; G > 1.9",
                 "C(2026) 3472 Annex I [S24]", "[P via secondary]"},
                {"WUE classes, L/kWh (upper-inclusive)",
                 "A <= 0.1; B <= 0.2; C <= 0.4; D <= 0.6; E <= 0.8; F <= 1.0; G > 1.0",
                 "C(2026) 3472 Annex I [S24]", "[P via secondary]; unit [S]"}};
    x.notes = {"a value on a boundary takes the better class",
               "the EU database generates the labels by 15 Aug 2027 and yearly [P via secondary]"};
  } else if (name == kSg) {
    x.summary =
        "The IMDA roadmap goal PUE <= 1.3, to be reached within 10 years of 2024-05-30. The goal "
        "is defined at 100 % IT load; dceff compares the metered annual PUE at the load the "
        "site ran, which at part load is usually higher.";
    x.sources = {
        "IMDA factsheet \"Charting green growth for data centres in SG\" (2024) [S] "
        "[S34a]"};
    x.limits = {{"PUE maximum at 100 % IT load", "1.3", "IMDA roadmap [S34a]", "[S]"}};
    x.notes = {
        "the Green Mark certification bars (PUE at 25 % IT load) are not part of this "
        "profile [S] [S34b]"};
  } else {
    x.summary =
        "The Taiwan MOEA limit for new or expanded data centres of 5 MW or more: PUE <= 1.3 for "
        "hyperscale, <= 1.4 for colocation, from 2025-11-05.";
    x.sources = {"Taiwan MOEA rule (udn.com 9116893; ltn.com.tw 5234171) [S] [S33]"};
    x.limits = {{"hyperscale: PUE maximum", "1.3", "Taiwan MOEA [S33]", "[S]"},
                {"colocation: PUE maximum", "1.4", "Taiwan MOEA [S33]", "[S]"}};
    x.options.insert(x.options.begin(), "--dc-type hyperscale|colocation (required)");
    x.notes = {
        "dceff cannot tell a site's size: the profile applies to new or expanded "
        "projects of 5 MW or more"};
  }
  return x;
}

void write_profile_list(std::ostream& out) {
  for (const auto name : kNames) {
    fmt::print(out, "{:<18} {:<15} {}\n", name, rule_kind_name(kind_of(name)), title_of(name));
  }
  fmt::print(out,
             "\nUse: dceff check --site SITE DATA... --profile NAME; details: dceff profiles "
             "--explain NAME\n");
}

void write_explanation(const ProfileExplanation& x, std::ostream& out) {
  fmt::print(out, "{}: {}\nKind: {}\n\n{}\n", x.name, x.title, rule_kind_name(x.kind), x.summary);
  const auto section = [&](std::string_view heading, const std::vector<std::string>& lines) {
    if (lines.empty()) {
      return;
    }
    fmt::print(out, "\n{}\n", heading);
    for (const auto& line : lines) {
      fmt::print(out, "  - {}\n", line);
    }
  };
  fmt::print(out, "\nLimits\n");
  for (const auto& l : x.limits) {
    fmt::print(out, "  - {}: {} ({}; {})\n", l.name, l.value, l.source, l.tag);
  }
  section("Conditions (checked before any verdict; a failed one refuses, exit 1)", x.conditions);
  section("Options", x.options);
  section("Sources", x.sources);
  section("Notes", x.notes);
}

auto parse_date(std::string_view text, std::string_view where) -> year_month_day {
  const auto fail = [&]() {
    return Error(fmt::format("{}: not a date '{}' (expected YYYY-MM-DD)", where, text));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    throw fail();
  }
  int fields[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (std::size_t f = 0; f < 3; ++f) {
    for (std::size_t i = starts[f]; i < starts[f] + lengths[f]; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        throw fail();
      }
      fields[f] = fields[f] * 10 + (text[i] - '0');
    }
  }
  const year_month_day d{std::chrono::year{fields[0]},
                         std::chrono::month{static_cast<unsigned>(fields[1])},
                         std::chrono::day{static_cast<unsigned>(fields[2])}};
  if (!d.ok() || fields[0] < 1970) {
    throw fail();
  }
  return d;
}

auto parse_dc_type(std::string_view text, std::string_view where) -> DcType {
  if (text == "hyperscale") {
    return DcType::kHyperscale;
  }
  if (text == "colocation") {
    return DcType::kColocation;
  }
  throw Error(fmt::format("{}: unknown data-centre type '{}' (expected hyperscale or colocation)",
                          where, text));
}

}  // namespace dceff::checks
