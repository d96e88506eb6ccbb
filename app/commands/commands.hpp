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

}  // namespace dceff::cli
