#include <iostream>
#include <memory>
#include <string>

#include <fmt/ostream.h>

#include "dceff/analyze.hpp"
#include "dceff/io/site_config.hpp"

#include "commands/commands.hpp"

namespace dceff::cli {
namespace {

struct ValidateOptions {
  AnalysisRequest request;
  bool strict = false;
};

}  // namespace

auto add_validate_command(CLI::App& app) -> Command {
  auto options = std::make_shared<ValidateOptions>();
  auto* sub = app.add_subcommand("validate",
                                 "Check a site file and telemetry without computing "
                                 "a report");
  sub->add_option("--site", options->request.site_path, "Site file (JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("data", options->request.inputs, "Telemetry files; - for standard input");
  sub->add_flag("--strict", options->strict, "Exit 1 when the data have warnings");
  return Command{
      sub, [options]() {
        const auto site = io::load_site(options->request.site_path);
        fmt::print(std::cout, "{}: ok: site '{}', {} meter declarations, time zone {}\n",
                   options->request.site_path, site.name, site.meters.size(), site.zone.name());
        if (options->request.inputs.empty()) {
          return Outcome::kSuccess;
        }
        Diagnostics diagnostics;
        const auto result = analyze(options->request, diagnostics);
        for (const auto& input : result.inputs) {
          fmt::print(std::cout, "{}: ok: {} rows, {}\n", input.path, input.rows, input.format);
        }
        const auto warnings = diagnostics.count(Severity::kWarning);
        for (const auto& d : diagnostics.entries()) {
          if (d.severity != Severity::kInfo) {
            fmt::print(std::cerr, "dceff: {}: {}{}: {}{}\n", severity_name(d.severity),
                       format_location(d.where),
                       d.meter.empty() ? "" : fmt::format(" [{}]", d.meter), d.message,
                       d.count > 1 ? fmt::format(" (x{})", d.count) : "");
          }
        }
        for (const auto& u : result.unmapped) {
          fmt::print(std::cerr,
                     "dceff: warning: {}: meter '{}' is not in the site "
                     "file ({} rows)\n",
                     format_location(u.first_seen), u.id, u.rows);
        }
        for (const auto& d : result.declarations_without_data) {
          fmt::print(std::cerr, "dceff: warning: declared meter '{}' has no data\n", d);
        }
        fmt::print(std::cout, "coverage {:.1f} %, {} warnings\n", result.total.coverage * 100.0,
                   warnings);
        const bool clean =
            warnings == 0 && result.unmapped.empty() && result.declarations_without_data.empty();
        return options->strict && !clean ? Outcome::kCheckFailed : Outcome::kSuccess;
      }};
}

}  // namespace dceff::cli
