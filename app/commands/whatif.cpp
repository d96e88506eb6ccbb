#include "dceff/whatif/whatif.hpp"

#include <memory>
#include <string>

#include "dceff/error.hpp"
#include "dceff/io/atomic_file.hpp"
#include "dceff/report/writers.hpp"
#include "dceff/whatif/writers.hpp"

#include "commands/commands.hpp"
#include "commands/output.hpp"

namespace dceff::cli {
namespace {

struct WhatIfOptions {
  std::string model;
  std::string scenarios;
  std::string weather;
  std::string sweep;
  bool sensitivity = false;
  std::string format = "table";
  std::string hourly;
  std::string output;
  unsigned threads = 0;
};

auto optional(const std::string& value) -> std::optional<std::string> {
  return value.empty() ? std::nullopt : std::optional<std::string>{value};
}

}  // namespace

auto add_whatif_command(CLI::App& app) -> Command {
  auto options = std::make_shared<WhatIfOptions>();
  auto* sub = app.add_subcommand(
      "whatif",
      "Simulate a facility model over a weather year and compare scenarios (design dPUE, ERE, "
      "ERF, WUE, cost, CO2)");
  sub->add_option("--model", options->model, "Facility model (JSON); the baseline");
  sub->add_option("--scenarios", options->scenarios,
                  "Scenario file (JSON): a baseline and named changes to it");
  sub->add_option("--weather", options->weather,
                  "Weather of the baseline: EPW or weather CSV (default: the built-in temperate "
                  "climate)");
  sub->add_option("--sweep", options->sweep,
                  "Run a parameter range on the baseline: PARAM=FROM:TO:STEP, e.g. "
                  "dlc.supply_c=30:50:5");
  sub->add_flag("--sensitivity", options->sensitivity,
                "Vary each uncertain parameter over its typical range; rank by dPUE and ERE");
  add_format_option(*sub, options->format, {"table", "json", "csv", "md"});
  sub->add_option("--hourly", options->hourly,
                  "Also write the hourly results of every scenario to this CSV (atomically)");
  add_output_option(*sub, options->output);
  sub->add_option("--threads", options->threads,
                  "Simulation threads (default: every core; results are identical)");
  return Command{sub, [options]() {
                   whatif::WhatIfRequest request;
                   request.model_path = optional(options->model);
                   request.scenarios_path = optional(options->scenarios);
                   request.weather_path = optional(options->weather);
                   request.sweep = optional(options->sweep);
                   request.sensitivity = options->sensitivity;
                   request.hourly = !options->hourly.empty();
                   request.threads = options->threads;
                   const auto format = report::parse_format(options->format);
                   const auto result = whatif::run_whatif(request);
                   if (!options->hourly.empty()) {
                     io::write_atomically(options->hourly, [&](std::ostream& out) {
                       whatif::write_hourly(result, out);
                     });
                   }
                   emit(options->output,
                        [&](std::ostream& out) { whatif::write_whatif(result, format, out); });
                   return Outcome::kSuccess;
                 }};
}

}  // namespace dceff::cli
