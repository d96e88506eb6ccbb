#include <iostream>
#include <memory>
#include <string>

#include "dceff/report/evidence.hpp"

#include "commands/commands.hpp"

namespace dceff::cli {
namespace {

struct VerifyOptions {
  std::string dir;
  std::string inputs_dir;
};

}  // namespace

auto add_verify_command(CLI::App& app) -> Command {
  auto options = std::make_shared<VerifyOptions>();
  auto* sub = app.add_subcommand(
      "verify",
      "Check an evidence bundle: input and site hashes, then re-compute and compare the report");
  sub->add_option("dir", options->dir, "Bundle written by 'dceff report --evidence DIR'")
      ->required();
  sub->add_option("--inputs-dir", options->inputs_dir,
                  "Look for the inputs here (at their paths as first given) instead of where "
                  "the manifest records them")
      ->check(CLI::ExistingDirectory);
  return Command{sub, [options]() {
                   report::VerifyOptions verify;
                   if (!options->inputs_dir.empty()) {
                     verify.inputs_dir = options->inputs_dir;
                   }
                   const auto result = report::verify_evidence(options->dir, verify);
                   report::write_verify(result, std::cout);
                   std::cout.flush();
                   return result.passed() ? Outcome::kSuccess : Outcome::kCheckFailed;
                 }};
}

}  // namespace dceff::cli
