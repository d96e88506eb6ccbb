#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "dceff/analyze.hpp"

namespace dceff::cli {

/// The options that say what to analyse, as `dceff report` spells them, in their text form
/// until the command runs.
struct AnalysisOptions {
  AnalysisRequest request;
  std::string from;
  std::string to;
  std::string period = "day";
  std::string input_format = "auto";
};

/// Adds `--site`, `DATA...`, `--from`, `--to`, `--period`, `--input-format`, `--missing-marker`
/// and `--threads` to a subcommand, with report's help texts and validators (but one marker per
/// `--missing-marker`, so that DATA after it is not taken for another marker).
void add_analysis_options(CLI::App& sub, AnalysisOptions& options);

/// The request the parsed options describe. @throws Error for an unknown period or format.
[[nodiscard]] auto to_request(const AnalysisOptions& options) -> AnalysisRequest;

}  // namespace dceff::cli
