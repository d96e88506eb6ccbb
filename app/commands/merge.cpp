#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/partial.hpp"
#include "dceff/report/writers.hpp"

#include "commands/commands.hpp"
#include "commands/output.hpp"

namespace dceff::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> parts;
  std::string period = "day";
  std::string format = "table";
  std::string output;
};

}  // namespace

auto add_merge_command(CLI::App& app) -> Command {
  auto options = std::make_shared<MergeOptions>();
  auto* sub = app.add_subcommand(
      "merge", "Combine the partial states of 'report --partial' runs into one report");
  sub->add_option("parts", options->parts, "Partial state files, in any order")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--period", options->period, "Granularity of the per-bucket series")
      ->check(CLI::IsMember({"hour", "day", "month", "year"}))
      ->capture_default_str();
  add_format_option(*sub, options->format, {"table", "json", "csv", "md"});
  add_output_option(*sub, options->output);
  return Command{sub, [options]() {
                   std::vector<PartialState> parts;
                   for (const auto& path : options->parts) {
                     std::ifstream in{path, std::ios::binary};
                     parts.push_back(read_partial(in, path));
                   }
                   Diagnostics diagnostics;
                   const auto result =
                       merge(std::move(parts), report::parse_period(options->period), diagnostics);
                   const auto format = report::parse_format(options->format);
                   emit(options->output,
                        [&](std::ostream& out) { report::write_report(result, format, out); });
                   return Outcome::kSuccess;
                 }};
}

}  // namespace dceff::cli
