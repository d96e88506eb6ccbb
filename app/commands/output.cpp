#include "commands/output.hpp"

#include <iostream>
#include <utility>

#include "dceff/error.hpp"
#include "dceff/io/atomic_file.hpp"

namespace dceff::cli {

void add_format_option(CLI::App& sub, std::string& format, std::vector<std::string> formats) {
  sub.add_option("--format", format, "Output format")
      ->check(CLI::IsMember(std::move(formats)))
      ->capture_default_str();
}

void add_output_option(CLI::App& sub, std::string& output) {
  sub.add_option("-o,--output", output, "Write to this file (atomically)");
}

void emit(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (!path.empty() && path != "-") {
    io::write_atomically(path, write);
    return;
  }
  write(std::cout);
  std::cout.flush();
  if (!std::cout) {
    throw OutputError("<stdout>: cannot write");
  }
}

}  // namespace dceff::cli
