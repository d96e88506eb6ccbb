#include <memory>
#include <string>
#include <vector>

#include "dceff/analyze.hpp"
#include "dceff/partial.hpp"
#include "dceff/report/writers.hpp"

#include "commands/commands.hpp"
#include "commands/output.hpp"

namespace dceff::cli {
namespace {

struct ReportOptions {
  AnalysisRequest request;
  std::string from;
  std::string to;
  std::string period = "day";
  std::string format = "table";
  std::string input_format = "auto";
  std::string output;
  bool partial = false;
};

}  // namespace

auto add_report_command(CLI::App& app) -> Command {
  auto options = std::make_shared<ReportOptions>();
  auto* sub = app.add_subcommand("report",
                                 "Compute PUE, ERE, ERF and the other KPIs from meter "
                                 "telemetry");
  sub->add_option("--site", options->request.site_path, "Site file (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("data", options->request.inputs,
                  "Telemetry files (long or wide CSV, JSON, NDJSON); - for standard input")
      ->required();
  sub->add_option("--from", options->from,
                  "Start (inclusive): RFC 3339, or a local date/time in the site's zone");
  sub->add_option("--to", options->to, "End (exclusive), as --from");
  sub->add_option("--period", options->period, "Granularity of the per-bucket series")
      ->check(CLI::IsMember({"hour", "day", "month", "year"}))
      ->capture_default_str();
  sub->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv", "md"}))
      ->capture_default_str();
  sub->add_option("--input-format", options->input_format, "Telemetry format")
      ->check(CLI::IsMember({"auto", "long", "wide", "json", "ndjson"}))
      ->capture_default_str();
  sub->add_option("--missing-marker", options->request.missing_markers,
                  "A cell text that means 'no reading' (repeatable), e.g. n/a");
  sub->add_option("-o,--output", options->output, "Write to this file (atomically)");
  sub->add_flag("--partial", options->partial,
                "Write the mergeable state of this part of the data (JSON) for 'dceff merge'");
  sub->add_option("--threads", options->request.threads,
                  "Parser threads (0: every core; the result is the same for any number)")
      ->check(CLI::Range(0U, 256U))
      ->capture_default_str();
  return Command{sub, [options]() {
                   if (!options->from.empty()) {
                     options->request.from = options->from;
                   }
                   if (!options->to.empty()) {
                     options->request.to = options->to;
                   }
                   options->request.period = report::parse_period(options->period);
                   options->request.format = io::parse_format(options->input_format);
                   const auto format = report::parse_format(options->format);
                   Diagnostics diagnostics;
                   if (options->partial) {
                     const auto state = analyze_partial(options->request, diagnostics);
                     emit(options->output, [&](std::ostream& out) { write_partial(state, out); });
                     return Outcome::kSuccess;
                   }
                   const auto result = analyze(options->request, diagnostics);
                   emit(options->output,
                        [&](std::ostream& out) { report::write_report(result, format, out); });
                   return Outcome::kSuccess;
                 }};
}

}  // namespace dceff::cli
