#include <memory>
#include <string>
#include <vector>

#include "commands/commands.hpp"
#include "commands/output.hpp"
#include "dceff/analyze.hpp"
#include "dceff/report/writers.hpp"

namespace dceff::cli {
namespace {

struct ReportOptions {
  AnalysisRequest request;
  std::string from;
  std::string to;
  report::Format format = report::Format::kTable;
  std::string output;
};

}  // namespace

auto add_report_command(CLI::App& app) -> Command {
  auto options = std::make_shared<ReportOptions>();
  auto* sub = app.add_subcommand("report", "Compute PUE, ERE, ERF and the other KPIs from meter "
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
  sub->add_option("--period", options->request.period, "Granularity of the per-bucket series")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, report::Period>{{"hour", report::Period::kHour},
                                                {"day", report::Period::kDay},
                                                {"month", report::Period::kMonth},
                                                {"year", report::Period::kYear}},
          CLI::ignore_case))
      ->default_str("day");
  sub->add_option("--format", options->format, "Output format")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, report::Format>{{"table", report::Format::kTable},
                                                {"json", report::Format::kJson},
                                                {"csv", report::Format::kCsv},
                                                {"md", report::Format::kMarkdown}},
          CLI::ignore_case))
      ->default_str("table");
  sub->add_option("--input-format", options->request.format, "Telemetry format")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, io::TelemetryFormat>{{"auto", io::TelemetryFormat::kAuto},
                                                     {"long", io::TelemetryFormat::kLongCsv},
                                                     {"wide", io::TelemetryFormat::kWideCsv},
                                                     {"json", io::TelemetryFormat::kJson},
                                                     {"ndjson", io::TelemetryFormat::kNdjson}},
          CLI::ignore_case))
      ->default_str("auto");
  sub->add_option("--missing-marker", options->request.missing_markers,
                  "A cell text that means 'no reading' (repeatable), e.g. n/a");
  sub->add_option("-o,--output", options->output, "Write to this file (atomically)");
  return Command{sub, [options]() {
                   if (!options->from.empty()) {
                     options->request.from = options->from;
                   }
                   if (!options->to.empty()) {
                     options->request.to = options->to;
                   }
                   Diagnostics diagnostics;
                   const auto result = analyze(options->request, diagnostics);
                   emit(options->output, [&](std::ostream& out) {
                     report::write_report(result, options->format, out);
                   });
                   return Outcome::kSuccess;
                 }};
}

}  // namespace dceff::cli
