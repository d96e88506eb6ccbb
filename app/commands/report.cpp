#include <memory>
#include <string>

#include "dceff/analyze.hpp"
#include "dceff/partial.hpp"
#include "dceff/report/writers.hpp"

#include "commands/analysis_options.hpp"
#include "commands/commands.hpp"
#include "commands/output.hpp"

namespace dceff::cli {
namespace {

struct ReportOptions {
  AnalysisOptions analysis;
  std::string format = "table";
  std::string output;
  bool partial = false;
};

}  // namespace

auto add_report_command(CLI::App& app) -> Command {
  auto options = std::make_shared<ReportOptions>();
  auto* sub =
      app.add_subcommand("report", "Compute PUE, ERE, ERF and the other KPIs from meter telemetry");
  add_analysis_options(*sub, options->analysis);
  sub->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv", "md"}))
      ->capture_default_str();
  sub->add_option("-o,--output", options->output, "Write to this file (atomically)");
  sub->add_flag("--partial", options->partial,
                "Write the mergeable state of this part of the data (JSON) for 'dceff merge'");
  return Command{sub, [options]() {
                   const auto request = to_request(options->analysis);
                   const auto format = report::parse_format(options->format);
                   Diagnostics diagnostics;
                   if (options->partial) {
                     const auto state = analyze_partial(request, diagnostics);
                     emit(options->output, [&](std::ostream& out) { write_partial(state, out); });
                     return Outcome::kSuccess;
                   }
                   const auto result = analyze(request, diagnostics);
                   emit(options->output,
                        [&](std::ostream& out) { report::write_report(result, format, out); });
                   return Outcome::kSuccess;
                 }};
}

}  // namespace dceff::cli
