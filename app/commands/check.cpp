#include <array>
#include <filesystem>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "dceff/analyze.hpp"
#include "dceff/checks/gates.hpp"
#include "dceff/checks/policy.hpp"
#include "dceff/checks/profile.hpp"
#include "dceff/checks/writers.hpp"
#include "dceff/error.hpp"

#include "commands/analysis_options.hpp"
#include "commands/commands.hpp"
#include "commands/output.hpp"
#include "commands/profile_options.hpp"

namespace dceff::cli {
namespace {

struct ThresholdFlag {
  checks::Threshold threshold;
  std::string_view name;  // the flag without its dashes, and the gate's name
  std::string_view help;
};

constexpr std::array<ThresholdFlag, checks::kThresholds.size()> kThresholdFlags{{
    {checks::Threshold::kMaxPue, "max-pue", "Fail if PUE (headline category) is above this"},
    {checks::Threshold::kMaxEre, "max-ere", "Fail if ERE is above this"},
    {checks::Threshold::kMinErf, "min-erf", "Fail if ERF is below this share (0..1)"},
    {checks::Threshold::kMinRef, "min-ref", "Fail if REF is below this share (0..1)"},
    {checks::Threshold::kMaxWue, "max-wue", "Fail if WUE (L/kWh) is above this"},
    {checks::Threshold::kMinCoverage, "min-coverage",
     "Data quality: fail if the share of the period with complete data is below this (0..1)"},
    {checks::Threshold::kMaxFilled, "max-filled",
     "Data quality: fail if the share of E_DC filled by the gap policy is above this (0..1)"},
}};

struct CheckOptions {
  AnalysisOptions analysis;
  std::array<double, kThresholdFlags.size()> limits{};
  std::array<CLI::Option*, kThresholdFlags.size()> limit_options{};
  std::vector<std::string> fail_if;
  std::vector<std::string> policies;
  std::string format = "table";
  std::string output;
  ProfileFlags profile;
};

// Flags first (in kThresholdFlags order), then --fail-if and policy gates in the order given.
auto gates_from(const CheckOptions& options) -> std::vector<checks::Gate> {
  std::vector<checks::Gate> gates;
  for (std::size_t i = 0; i < kThresholdFlags.size(); ++i) {
    if (options.limit_options[i]->count() > 0) {
      const auto& flag = kThresholdFlags[i];
      gates.push_back(checks::threshold_gate(flag.threshold, options.limits[i],
                                             std::string{flag.name},
                                             fmt::format("--{}", flag.name)));
    }
  }
  for (std::size_t i = 0; i < options.fail_if.size(); ++i) {
    const auto& text = options.fail_if[i];
    gates.push_back(checks::fail_if_gate(text, fmt::format("fail-if-{}", i + 1),
                                         fmt::format("--fail-if '{}'", text)));
  }
  for (const auto& path : options.policies) {
    auto policy = checks::load_policy(path);
    gates.insert(gates.end(), std::make_move_iterator(policy.begin()),
                 std::make_move_iterator(policy.end()));
  }
  if (gates.empty() && options.profile.profiles.empty()) {
    throw Error(
        "no gate given (expected --max-pue, --max-ere, --min-erf, --min-ref, --max-wue, "
        "--min-coverage, --max-filled, --fail-if, --policy or --profile)");
  }
  return gates;
}

}  // namespace

auto add_check_command(CLI::App& app) -> Command {
  auto options = std::make_shared<CheckOptions>();
  auto* sub = app.add_subcommand(
      "check",
      "Evaluate KPI and data-quality gates for CI: exit 0 when all pass, 1 when any fails");
  add_analysis_options(*sub, options->analysis);
  for (std::size_t i = 0; i < kThresholdFlags.size(); ++i) {
    options->limit_options[i] =
        sub->add_option(fmt::format("--{}", kThresholdFlags[i].name), options->limits[i],
                        std::string{kThresholdFlags[i].help});
  }
  // One expression or file per occurrence, so that DATA after them is not swallowed.
  sub->add_option("--fail-if", options->fail_if,
                  "Fail if this expression is true (repeatable), e.g. 'monthly.pue.max > 1.4'")
      ->allow_extra_args(false);
  sub->add_option("--policy", options->policies, "Policy file of named gates (JSON, repeatable)")
      ->allow_extra_args(false)
      ->check(CLI::ExistingFile);
  add_format_option(*sub, options->format, {"table", "json", "junit", "github"});
  add_output_option(*sub, options->output);
  add_profile_options(*sub, options->profile);
  return Command{
      sub, [options]() {
        const auto gates = gates_from(*options);
        const auto profile_options = to_profile_options(options->profile);
        const auto request = to_request(options->analysis);
        checks::require_period(gates, request.period);
        const auto format = checks::parse_format(options->format);
        Diagnostics diagnostics;
        const auto result = analyze(request, diagnostics);
        auto verdicts = checks::evaluate(gates, result);
        for (const auto& name : options->profile.profiles) {
          auto more = checks::evaluate_profile(name, result, profile_options);
          verdicts.insert(verdicts.end(), more.begin(), more.end());
        }
        const auto& p = options->profile;
        const bool exporting = !p.export_json.empty() || !p.export_csv.empty();
        if (exporting && !checks::conditions_met(verdicts, "eu-eed-2024-1364")) {
          // The check output says which condition failed. No file that looks ready to file may
          // stay at the export path for a period the regulation does not accept: an earlier
          // export there (from a run whose conditions passed) is removed.
          std::string removed;
          for (const auto* path : {&p.export_json, &p.export_csv}) {
            std::error_code error;
            if (!path->empty() && *path != "-" && std::filesystem::is_regular_file(*path, error) &&
                std::filesystem::remove(*path, error)) {
              removed += fmt::format("; the earlier '{}' was removed", *path);
            }
          }
          fmt::print(stderr,
                     "dceff: warning: --export-json/--export-csv: not written: a condition of "
                     "eu-eed-2024-1364 failed (see the check output){}\n",
                     removed);
        } else if (exporting) {
          const auto fields = checks::eed_fields(result);
          if (!p.export_json.empty()) {
            emit(p.export_json,
                 [&](std::ostream& out) { checks::write_eed_json(result, fields, out); });
          }
          if (!p.export_csv.empty()) {
            emit(p.export_csv, [&](std::ostream& out) { checks::write_eed_csv(fields, out); });
          }
        }
        emit(options->output,
             [&](std::ostream& out) { checks::write_check(result, verdicts, format, out); });
        return checks::all_passed(verdicts) ? Outcome::kSuccess : Outcome::kCheckFailed;
      }};
}

}  // namespace dceff::cli
