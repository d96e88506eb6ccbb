#include <memory>
#include <string>

#include "dceff/analyze.hpp"
#include "dceff/error.hpp"
#include "dceff/partial.hpp"
#include "dceff/report/evidence.hpp"
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
  std::string evidence;
  bool force = false;
};

}  // namespace

auto add_report_command(CLI::App& app) -> Command {
  auto options = std::make_shared<ReportOptions>();
  auto* sub =
      app.add_subcommand("report", "Compute PUE, ERE, ERF and the other KPIs from meter telemetry");
  add_analysis_options(*sub, options->analysis);
  add_format_option(*sub, options->format, {"table", "json", "csv", "md"});
  add_output_option(*sub, options->output);
  sub->add_flag("--partial", options->partial,
                "Write the mergeable state of this part of the data (JSON) for 'dceff merge'");
  auto* evidence =
      sub->add_option("--evidence", options->evidence,
                      "Also write an auditor's evidence bundle into this new directory: the JSON "
                      "report, the site file and a manifest of hashes ('dceff verify' checks it)");
  // Without --evidence, --force would be ignored silently; -o always replaces its file anyway.
  sub->add_flag("--force", options->force,
                "With --evidence: replace an earlier bundle in that directory")
      ->needs(evidence);
  return Command{
      sub, [options]() {
        const auto request = to_request(options->analysis);
        const auto format = report::parse_format(options->format);
        Diagnostics diagnostics;
        if (options->partial && !options->evidence.empty()) {
          throw Error(
              "--evidence with --partial: a part is not a report (expected "
              "--evidence on 'dceff report' without --partial)");
        }
        if (options->partial) {
          const auto state = analyze_partial(request, diagnostics);
          emit(options->output, [&](std::ostream& out) { write_partial(state, out); });
          return Outcome::kSuccess;
        }
        if (!options->evidence.empty()) {
          // Refuse standard input or an occupied directory before reading any data.
          report::check_evidence_request(options->evidence, request,
                                         report::EvidenceOptions{options->force, options->output});
        }
        const auto result = analyze(request, diagnostics);
        if (!options->evidence.empty()) {
          report::write_evidence(options->evidence, request, result,
                                 report::EvidenceOptions{options->force, options->output});
        }
        emit(options->output,
             [&](std::ostream& out) { report::write_report(result, format, out); });
        return Outcome::kSuccess;
      }};
}

}  // namespace dceff::cli
