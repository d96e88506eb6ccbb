#include <memory>
#include <string>
#include <vector>

#include "dceff/report/report_diff.hpp"

#include "commands/commands.hpp"
#include "commands/output.hpp"

namespace dceff::cli {
namespace {

struct DiffOptions {
  std::string old_path;
  std::string new_path;
  std::string format = "table";
  std::vector<std::string> gates;
  std::string output;
};

}  // namespace

auto add_diff_command(CLI::App& app) -> Command {
  auto options = std::make_shared<DiffOptions>();
  auto* sub = app.add_subcommand(
      "diff", "Compare two JSON reports: what changed and by how much; gates on regressions");
  sub->add_option("old", options->old_path, "The earlier (baseline) JSON report")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("new", options->new_path, "The later JSON report")
      ->required()
      ->check(CLI::ExistingFile);
  add_format_option(*sub, options->format, {"table", "json", "md"});
  sub->add_option("--fail-on-regression", options->gates,
                  "Exit 1 if this KPI got worse by more than TOL: KPI[=TOL], TOL absolute "
                  "(pue=0.02) or relative to the old value (pue=2%); repeatable")
      ->allow_extra_args(false);
  add_output_option(*sub, options->output);
  return Command{sub, [options]() {
                   std::vector<report::RegressionGate> gates;
                   for (const auto& text : options->gates) {
                     gates.push_back(report::parse_regression_gate(text));
                   }
                   const auto format = report::parse_diff_format(options->format);
                   const auto old_report = report::load_report_snapshot(options->old_path);
                   const auto new_report = report::load_report_snapshot(options->new_path);
                   const auto diff = report::diff_reports(old_report, new_report, gates);
                   emit(options->output,
                        [&](std::ostream& out) { report::write_diff(diff, format, out); });
                   return diff.passed() ? Outcome::kSuccess : Outcome::kCheckFailed;
                 }};
}

}  // namespace dceff::cli
