#include <array>
#include <csignal>

#include <fmt/format.h>

#include "dceff/analyze.hpp"
#include "dceff/error.hpp"

#include "commands/commands.hpp"

namespace {

enum ExitCode : int { kOk = 0, kCheckFailed = 1, kInvalidInput = 2, kInternalError = 3 };

auto run(int argc, char** argv) -> int {
  CLI::App app{"dceff: data-centre energy efficiency (PUE, ERE, ERF) from meter telemetry"};
  app.set_version_flag("--version", std::string{dceff::version()});
  app.require_subcommand(1);
  const std::array commands{
      dceff::cli::add_report_command(app), dceff::cli::add_validate_command(app),
      dceff::cli::add_merge_command(app),  dceff::cli::add_check_command(app),
      dceff::cli::add_diff_command(app),   dceff::cli::add_verify_command(app),
      dceff::cli::add_whatif_command(app), dceff::cli::add_profiles_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kOk : kInvalidInput;  // --help and --version print and return 0
  }
  for (const auto& command : commands) {
    if (command.sub->parsed()) {
      return command.run() == dceff::cli::Outcome::kSuccess ? kOk : kCheckFailed;
    }
  }
  return kInternalError;  // unreachable with require_subcommand(1)
}

}  // namespace

auto main(int argc, char** argv) -> int {
  // `dceff report ... | head -1`: a closed pipe ends dceff quietly by SIGPIPE (status 141 in the
  // shell, as for cat or grep), also when the parent (Python, CI runners) left SIGPIPE ignored,
  // which would otherwise turn into a "cannot write" error.
  std::signal(SIGPIPE, SIG_DFL);
  // A file-size limit (ulimit -f) must fail the write with EFBIG, so that the temporary file is
  // removed and the error named, instead of killing dceff with a partial temporary file left.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    return run(argc, argv);
  } catch (const dceff::Error& e) {
    fmt::print(stderr, "dceff: error: {}\n", e.what());
    return kInvalidInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "dceff: internal error: {}\n", e.what());
    return kInternalError;
  }
}
