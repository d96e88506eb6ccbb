#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace dceff::test {

/// The lines of a text file.
inline auto read_lines(const std::string& path) -> std::vector<std::string> {
  std::ifstream in{path};
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

/// A scratch directory, unique per process and instance (ctest runs test cases in parallel
/// processes), removed at the end of the test.
class Scratch {
 public:
  Scratch()
      : dir_{std::filesystem::temp_directory_path() /
             ("dceff-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))} {
    std::filesystem::create_directories(dir_);
  }
  Scratch(const Scratch&) = delete;
  auto operator=(const Scratch&) -> Scratch& = delete;
  ~Scratch() { std::filesystem::remove_all(dir_); }

  /// Writes lines (each ended by a newline) to a file in the directory; returns its path.
  auto write(const std::string& name, const std::vector<std::string>& lines) const -> std::string {
    const auto path = (dir_ / name).string();
    std::ofstream out{path, std::ios::binary};
    for (const auto& line : lines) {
      out << line << '\n';
    }
    return path;
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

}  // namespace dceff::test
