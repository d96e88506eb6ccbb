#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace dceff::cli {

enum class Outcome { kSuccess, kCheckFailed };

/// A subcommand and what runs it once parsed.
struct Command {
  CLI::App* sub = nullptr;
  std::function<Outcome()> run;
};

[[nodiscard]] auto add_report_command(CLI::App& app) -> Command;
[[nodiscard]] auto add_validate_command(CLI::App& app) -> Command;
[[nodiscard]] auto add_merge_command(CLI::App& app) -> Command;
/// `dceff check`: KPI and data-quality gates for CI pipelines.
[[nodiscard]] auto add_check_command(CLI::App& app) -> Command;
/// `dceff profiles [--explain NAME]`: the regulatory profiles of `dceff check --profile`.
[[nodiscard]] auto add_profiles_command(CLI::App& app) -> Command;
/// `dceff diff`: what changed between two JSON reports; gates on regressions.
[[nodiscard]] auto add_diff_command(CLI::App& app) -> Command;
/// `dceff verify`: checks an evidence bundle of `dceff report --evidence`.
[[nodiscard]] auto add_verify_command(CLI::App& app) -> Command;
/// `dceff whatif`: simulate a facility model over a weather year and compare scenarios.
[[nodiscard]] auto add_whatif_command(CLI::App& app) -> Command;

}  // namespace dceff::cli
