#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace dceff::cli {

/// `--format` (one of `formats`, its default shown in --help): the same flag on every writing
/// command.
void add_format_option(CLI::App& sub, std::string& format, std::vector<std::string> formats);

/// `-o,--output FILE`, written through emit().
void add_output_option(CLI::App& sub, std::string& output);

/// Sends output to standard output, or atomically to `path` when it is set and not `-`.
void emit(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace dceff::cli
